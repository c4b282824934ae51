"""A CI gate with no side door: --changed-since judges everything when anything but a branch
file changed a verdict's inputs; waivers of branches not judged are not "unused"; --new-since
fails only on what a change adds (never on the calendar); the CI examples run as written."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import DEMO, REPO, cli

EXAMPLES = REPO / "examples" / "ci"
UNRELATED = ("11-BSXWSY.yaml", "data_as_of: 2025-12-18", "data_as_of: 2025-12-18  # 核对 / checked")
QUORUM = ("01-XRMYY.yaml", "delegates_present: 61", "delegates_present: 20")  # the 2025 congress fails quorum
PLUGIN = "from unioncheck.hookspecs import hookimpl\n\n\n@hookimpl\ndef unioncheck_families(register):\n    pass\n"


def git(repo, *args):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True, capture_output=True
    )


def edit(repo, change):
    name, old, new = change
    path = repo / "data" / name
    text = path.read_text("utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def repo(tmp_path):
    """The demo county with the example waivers, a profile, a plugin and a configuration, committed on main."""
    shutil.copytree(DEMO, tmp_path / "data")
    shutil.copy(EXAMPLES / "waivers.yaml", tmp_path / "waivers.yaml")
    (tmp_path / "strict.yaml").write_text("profile: strict\nextends: county-health-bureau\n", "utf-8")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "extra.py").write_text(PLUGIN, "utf-8")
    (tmp_path / ".unioncheck.yaml").write_text("lang: en\n", "utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "county")
    cli("check", "data", "--as-of", "2025-12-31", "--write-baseline", "baseline.json", cwd=tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "baseline")
    git(tmp_path, "checkout", "-qb", "change")
    return tmp_path


GATE = ("--as-of", "2025-12-31", "--no-cache", "--waivers", "waivers.yaml", "--profile", "strict.yaml")
GATE += ("--baseline", "baseline.json", "--plugin", "tools/extra.py")


def run_json(repo, *args):
    run = cli("check", "data", *GATE, *args, "-f", "json", cwd=repo)
    assert run.returncode in (0, 1), run.stderr
    return run, json.loads(run.stdout)


# ---- --changed-since: no side door ------------------------------------------------


def _empty_baseline(repo):
    data = json.loads((repo / "baseline.json").read_text("utf-8"))
    (repo / "baseline.json").write_text(json.dumps({**data, "findings": []}), "utf-8")


SIDE_DOORS = {
    "waivers.yaml": lambda repo: (repo / "waivers.yaml").write_text("waivers: []\n", "utf-8"),
    "baseline.json": _empty_baseline,
    "strict.yaml": lambda repo: (repo / "strict.yaml").write_text(
        "profile: strict\nextends: county-health-bureau\nrules:\n  ELE002:\n    severity: fail\n", "utf-8"
    ),
    ".unioncheck.yaml": lambda repo: (repo / ".unioncheck.yaml").write_text("lang: en\nfail-on: warn\n", "utf-8"),
    "tools/extra.py": lambda repo: (repo / "tools" / "extra.py").write_text(PLUGIN + "# changed\n", "utf-8"),
    "data/02-XZYY.yaml": lambda repo: (repo / "data" / "02-XZYY.yaml").unlink(),  # deleted
    "data/07-QSXWSY.yaml": lambda repo: git(repo, "mv", "data/07-QSXWSY.yaml", "data/07-renamed.yaml"),
    "data/evidence": lambda repo: shutil.rmtree(repo / "data" / "evidence"),
}


@pytest.mark.parametrize("changed", list(SIDE_DOORS))
def test_a_change_to_what_decides_a_verdict_judges_every_branch(repo, changed):
    SIDE_DOORS[changed](repo)
    full, everything = run_json(repo)
    run, report = run_json(repo, "--changed-since", "main")
    assert [b["file"] for b in report["branches"]] == [b["file"] for b in everything["branches"]]
    assert run.returncode == full.returncode
    line = [x for x in run.stderr.splitlines() if "every branch file is judged" in x]
    assert len(line) == 1 and changed in line[0] and "检查全部文件" in line[0], run.stderr


def test_a_branch_file_alone_still_judges_only_it(repo):
    edit(repo, UNRELATED)
    run, report = run_json(repo, "--changed-since", "main")
    assert [b["code"] for b in report["branches"]] == ["BSXWSY"] and "every branch" not in run.stderr


def test_emptied_waivers_fail_the_changed_since_run_as_the_full_run(repo):
    (repo / "waivers.yaml").write_text("waivers: []\n", "utf-8")
    run = cli("check", "data", "--as-of", "2025-12-31", "--no-cache", "--waivers", "waivers.yaml", cwd=repo)
    partial = cli(
        "check",
        "data",
        "--as-of",
        "2025-12-31",
        "--no-cache",
        "--waivers",
        "waivers.yaml",
        "--changed-since",
        "main",
        cwd=repo,
    )
    assert run.returncode == partial.returncode == 1, partial.stderr


# ---- unused waivers ------------------------------------------------------------


def test_waivers_of_branches_not_judged_are_not_unused(repo):
    edit(repo, UNRELATED)  # BSXWSY: the example waiver is XWSJD's
    args = ("check", "data", "--as-of", "2025-12-31", "--no-cache", "--waivers", "waivers.yaml")
    partial = cli(*args, "--changed-since", "main", "-f", "github", "-f", "json:r.json", cwd=repo)
    assert "waiver" not in partial.stdout, partial.stdout
    assert [w["state"] for w in json.loads((repo / "r.json").read_text("utf-8"))["waivers"]] == ["not-judged"]
    (repo / "waivers.yaml").write_text(
        (EXAMPLES / "waivers.yaml").read_text("utf-8").replace("branch: XWSJD", "branch: BSXWSY"), "utf-8"
    )
    judged = cli(*args, "--changed-since", "main", "-f", "github", cwd=repo)  # BSXWSY judged, nothing to waive
    assert "waiver unused" in judged.stdout and "every branch" in judged.stderr  # the waivers changed too
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "waiver moved")
    edit(repo, ("11-BSXWSY.yaml", "# 核对 / checked", "# again"))
    judged = cli(*args, "--changed-since", "HEAD", "-f", "github", cwd=repo)
    assert "every branch" not in judged.stderr and "waiver unused" in judged.stdout


def test_waivers_of_branches_not_named_one_by_one_are_not_unused(repo):
    """The pre-commit hook names the staged files: a waiver of another branch was not tried."""
    named = sorted(str(p.relative_to(repo)) for p in (repo / "data").glob("*BSXWSY*.yaml"))
    run = cli("check", *named, "--as-of", "2025-12-31", "--no-cache", "--waivers", "waivers.yaml",
              "-f", "github", "-f", "json:r.json", cwd=repo)  # fmt: skip
    assert named and "waiver" not in run.stdout, run.stdout
    assert [w["state"] for w in json.loads((repo / "r.json").read_text("utf-8"))["waivers"]] == ["not-judged"]


def test_a_waiver_naming_no_branch_is_unused_in_a_full_run(repo):
    (repo / "waivers.yaml").write_text(
        (EXAMPLES / "waivers.yaml").read_text("utf-8").replace("branch: XWSJD", "branch: NOSUCH"), "utf-8"
    )
    run = cli("check", "data", "--as-of", "2025-12-31", "--waivers", "waivers.yaml", "-f", "github", cwd=repo)
    assert "waiver unused" in run.stdout


# ---- --new-since: what a change adds ------------------------------------------------


def new_since(repo, ref, *args):
    return cli("check", "data", "--no-cache", "--waivers", "waivers.yaml", "--new-since", ref, *args, cwd=repo)


def test_the_calendar_never_fails_a_change(repo):
    edit(repo, UNRELATED)
    today = cli("check", "data", "--no-cache", "--waivers", "waivers.yaml", cwd=repo)
    assert today.returncode == 1  # as of today, deadlines of the demo county have passed
    for as_of in ((), ("--as-of", "2026-12-31"), ("--as-of", "2025-12-31")):
        run = new_since(repo, "main", *as_of, "-f", "json")
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr
        results = [r for b in json.loads(run.stdout)["branches"] for r in b["results"]]
        assert any(r.get("baseline") == "known" for r in results)
        assert not any(r.get("baseline") == "new" for r in results)


@pytest.mark.parametrize(
    "change,rule",
    [
        (lambda repo: edit(repo, QUORUM), "CGR002"),
        (lambda repo: (repo / "waivers.yaml").write_text("waivers: []\n", "utf-8"), "ELE001"),
    ],
)
def test_what_a_change_adds_fails(repo, change, rule):
    change(repo)
    run = new_since(repo, "main", "--as-of", "2025-12-31", "-f", "json")
    assert run.returncode == 1
    new = [r["rule"] for b in json.loads(run.stdout)["branches"] for r in b["results"] if r.get("baseline") == "new"]
    assert rule in new


def test_new_since_with_no_data_at_the_base_and_the_first_commit(tmp_path):
    shutil.copytree(DEMO, tmp_path / "data")
    git(tmp_path, "init", "-q", "-b", "main")
    run = cli("check", "data", "--no-cache", "--as-of", "2025-12-31", "--new-since", "HEAD", cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr  # before the first commit: everything is new
    (tmp_path / "README").write_text("x", "utf-8")
    git(tmp_path, "add", "README")
    git(tmp_path, "commit", "-qm", "empty")
    run = cli("check", "data", "--no-cache", "--as-of", "2025-12-31", "--new-since", "HEAD", cwd=tmp_path)
    assert run.returncode == 1  # data not there at HEAD: every finding is new
    bad = cli("check", "data", "--new-since", "no-such-ref", cwd=tmp_path)
    assert bad.returncode == 2 and "git knows no revision 'no-such-ref'" in bad.stderr


def test_new_since_a_base_that_cannot_be_judged_is_a_usage_error(repo):
    (repo / ".unioncheck.yaml").write_text("lang: [\n", "utf-8")
    git(repo, "commit", "-qam", "broken configuration")
    git(repo, "checkout", "-qb", "fix")
    (repo / ".unioncheck.yaml").write_text("lang: en\n", "utf-8")
    run = new_since(repo, "change")
    assert run.returncode == 2 and "could not be judged" in run.stderr and "Traceback" not in run.stderr


# ---- the examples run as written -------------------------------------------------


def _commands(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _commands(value)
    elif isinstance(node, list):
        for value in node:
            yield from _commands(value)
    elif isinstance(node, str) and node.lstrip().startswith("unioncheck "):
        yield node


def _ci_repo(tmp_path):
    """An upstream repository (the county on main) and a clone on a change branch, as CI checks it out."""
    upstream = tmp_path / "upstream"
    shutil.copytree(DEMO, upstream / "data")
    waivers = (EXAMPLES / "waivers.yaml").read_text("utf-8")
    (upstream / "waivers.yaml").write_text(re.sub(r"expires: \S+", "expires: 2199-12-31", waivers), "utf-8")
    shutil.copy(EXAMPLES / "unioncheck.yaml", upstream / ".unioncheck.yaml")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-qm", "county")
    git(tmp_path, "clone", "-q", str(upstream), "work")
    work = tmp_path / "work"
    git(work, "checkout", "-qb", "change")
    return work


def _run_example(example, work):
    env = {
        **os.environ,
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
        "LANG": "C.UTF-8",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
    }
    runs = []
    for command in _commands(yaml.safe_load((EXAMPLES / example).read_text("utf-8"))):
        command = command.replace("${{ github.base_ref }}", "main")  # what Actions puts there
        assert "${{" not in command
        runs.append(subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True))
    assert runs, f"{example} runs no unioncheck command"
    return runs


@pytest.mark.parametrize("example", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_examples_gate_on_what_the_change_adds(tmp_path, example):
    work = _ci_repo(tmp_path)
    edit(work, UNRELATED)
    full = cli("check", "data", "--no-cache", cwd=work)
    assert full.returncode == 1  # today, the county has failures the change did not make
    for run in _run_example(example, work):
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr
    for name in ("unioncheck.sarif", "unioncheck.xml", "unioncheck.md"):
        assert (work / name).is_file() and str(work) not in (work / name).read_text("utf-8")
    edit(work, QUORUM)
    for run in _run_example(example, work):
        assert run.returncode == 1 and "PAY001" in (work / "unioncheck.md").read_text("utf-8")
    (work / "waivers.yaml").write_text("waivers: []\n", "utf-8")  # the side door: waivers only
    git(work, "checkout", "-q", "data")
    for run in _run_example(example, work):
        assert run.returncode == 1, run.stdout[-3000:]


def test_examples_name_no_tag_or_version_that_does_not_exist():
    version = re.search(r'^version = "([^"]+)"', (REPO / "pyproject.toml").read_text("utf-8"), re.M).group(1)
    tags = subprocess.run(["git", "tag"], cwd=REPO, capture_output=True, text=True).stdout.split()
    texts = [p.read_text("utf-8") for p in [*EXAMPLES.iterdir(), REPO / ".pre-commit-hooks.yaml", REPO / "README.md"]]
    for text in texts:
        for pinned in re.findall(r"unioncheck\s*==\s*([\w.*]+)", text):
            assert re.fullmatch(pinned.replace(".", r"\.").replace("*", r".*"), version), pinned
        for rev in re.findall(r"rev:\s*(v[\w.]+)", text):
            assert rev in tags, rev


def _hook_run(hook, repo, files):
    """Run a hook of .pre-commit-hooks.yaml as pre-commit calls it: its entry, then the file names."""
    entry = hook["entry"].split() + hook.get("args", [])
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    names = [f for f in files if re.search(hook["files"], f) and not re.search(hook["exclude"], f)]
    args = names if hook.get("pass_filenames", True) else []
    return subprocess.run([*entry, *args], cwd=repo, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("hook_id", ["unioncheck", "unioncheck-all"])
def test_pre_commit_hooks_never_fail_a_commit_for_the_calendar(repo, hook_id):
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    hook = {"files": "", "exclude": "^$", **hooks[hook_id]}
    (repo / ".unioncheck.yaml").write_text("lang: en\npaths: [data]\nwaivers: waivers.yaml\n", "utf-8")
    git(repo, "commit", "-qam", "paths configured")
    edit(repo, UNRELATED)
    git(repo, "add", "-A")
    staged = ["data/" + UNRELATED[0]]
    assert cli("check", *staged, cwd=repo).returncode == 1  # as of today it fails: the calendar
    run = _hook_run(hook, repo, staged)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr
    edit(repo, ("11-BSXWSY.yaml", "data_as_of: 2025-12-18", "data_as_of: 2025-13-18"))  # a new error
    git(repo, "add", "-A")
    run = _hook_run(hook, repo, staged)
    assert run.returncode == 1 and "DAT001" in run.stdout
