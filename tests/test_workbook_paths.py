"""A branch workbook goes every way a YAML branch file goes: --changed-since and --new-since (git's
diff of a binary file, renames), the pre-commit hook, the results cache (reused warm, judged again
when a cell changes), a pool of workers (forked or spawned), waivers, baselines and --compare (the
same keys as the YAML of the branch), and ``due``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import DEMO, REPO, builtin, cli, settings

from unioncheck import engine, executors, loader, writing
from unioncheck.layout import fold
from unioncheck_rules.contract import CONTRACT

EXAMPLES = REPO / "examples" / "ci"
AS_OF = ("--as-of", "2025-12-31")
LAYOUT = CONTRACT.layout


def git(repo, *args):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True, capture_output=True
    )


def as_workbooks(folder: Path, which=lambda name: True) -> list[Path]:
    """Each branch file of ``folder`` that ``which`` picks, turned into a workbook of the same name
    (``x.yaml`` -> ``x.xlsx``), the YAML removed: the same branches, filled in Excel."""
    made = []
    for source in sorted(folder.glob("*.yaml")):
        if which(source.name):
            target = source.with_suffix(".xlsx")
            writing.build(LAYOUT, loader.load(str(source)).data).save(target)
            source.unlink()
            made.append(target)
    return made


@pytest.fixture(scope="module")
def book_county(tmp_path_factory) -> Path:
    """The demo county with every branch as a workbook (evidence as it was)."""
    where = tmp_path_factory.mktemp("books") / "data"
    shutil.copytree(DEMO, where)
    assert len(as_workbooks(where)) == len(list(DEMO.glob("*.yaml")))
    return where


def table_of(*list_path):
    return next(s for s in LAYOUT.tables if s.list_path == (*list_path, "*"))


def set_cell(book: Path, list_path: tuple, item_id: str, field: str, value) -> None:
    """Type ``value`` into the cell of ``field`` of the item ``item_id`` of a list's sheet, as a secretary would."""
    sheet = table_of(*list_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet.name]
    headers = [fold(c.value).rstrip("*") if c.value is not None else None for c in ws[1]]
    column = headers.index(fold(next(c.header for c in sheet.columns if c.path == (field,)))) + 1
    id_column = headers.index(fold(next(c.header for c in sheet.columns if c.path == ("id",)))) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, id_column).value == item_id)
    ws.cell(row, column).value = value
    wb.save(book)


def add_note(book: Path, text: str) -> None:
    """A note beside the form (a cell the layout does not read): the file changes, its data does not."""
    wb = openpyxl.load_workbook(book)
    wb[LAYOUT.form.name]["E2"] = text
    wb.save(book)


QUORUM = ("01-XRMYY.xlsx", ("congresses",), "C2025-1", "delegates_present", 20)  # the 2025 congress fails quorum
UNRELATED = "11-BSXWSY.xlsx"


def quorum(data: Path) -> None:
    name, *rest = QUORUM
    set_cell(data / name, *rest)


@pytest.fixture
def repo(tmp_path, book_county):
    """The county of workbooks and the example waivers, committed on main; a change branch checked out."""
    shutil.copytree(book_county, tmp_path / "data")
    shutil.copy(EXAMPLES / "waivers.yaml", tmp_path / "waivers.yaml")
    (tmp_path / ".unioncheck.yaml").write_text("lang: en\n", "utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "county")
    git(tmp_path, "checkout", "-qb", "change")
    return tmp_path


def run_json(repo, *args):
    run = cli("check", "data", *AS_OF, "--no-cache", "-f", "json", *args, cwd=repo)
    assert run.returncode in (0, 1), run.stderr
    return run, json.loads(run.stdout)


# ---- --changed-since -------------------------------------------------------------


def test_changed_since_reports_only_the_workbook_that_changed(repo):
    add_note(repo / "data" / UNRELATED, "核对 / checked")
    run, report = run_json(repo, "--changed-since", "main")
    assert [b["file"] for b in report["branches"]] == [f"data/{UNRELATED}"] and "every branch" not in run.stderr
    quorum(repo / "data")
    run, report = run_json(repo, "--changed-since", "main")
    assert [b["code"] for b in report["branches"]] == ["XRMYY", "BSXWSY"] and run.returncode == 1


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_a_workbook_renamed_or_deleted_judges_every_branch_as_a_yaml_file_does(repo, how):
    name = "07-QSXWSY.xlsx"
    if how == "renamed":
        git(repo, "mv", f"data/{name}", "data/07-renamed.xlsx")
    else:
        (repo / "data" / name).unlink()
    _, everything = run_json(repo)
    run, report = run_json(repo, "--changed-since", "main")
    assert [b["file"] for b in report["branches"]] == [b["file"] for b in everything["branches"]]
    line = [x for x in run.stderr.splitlines() if "every branch file is judged" in x]
    assert len(line) == 1 and name in line[0], run.stderr


@pytest.mark.parametrize("lock", ["~$01-XRMYY.xlsx", ".~lock.01-XRMYY.xlsx#"])
def test_a_workbook_open_in_excel_beside_the_data_is_no_side_door(repo, lock):
    """Excel's lock file is untracked in the data folder while a workbook is open: it decides no verdict."""
    (repo / "data" / lock).write_bytes(b"\0" * 165)
    add_note(repo / "data" / UNRELATED, "核对 / checked")
    run, report = run_json(repo, "--changed-since", "main")
    assert [b["code"] for b in report["branches"]] == ["BSXWSY"] and "every branch" not in run.stderr


# ---- --new-since and the pre-commit hook ----------------------------------------------


def new_since(repo, *args):
    return cli("check", "data", "--no-cache", "--waivers", "waivers.yaml", "--new-since", "main", *args, cwd=repo)


def test_new_since_fails_only_on_what_a_workbook_change_adds(repo):
    add_note(repo / "data" / UNRELATED, "核对 / checked")
    git(repo, "mv", "data/07-QSXWSY.xlsx", "data/07-renamed.xlsx")  # a renamed branch keeps its findings
    today = cli("check", "data", "--no-cache", "--waivers", "waivers.yaml", cwd=repo)
    assert today.returncode == 1  # the calendar has passed the county's deadlines
    assert new_since(repo).returncode == 0, new_since(repo).stderr
    quorum(repo / "data")
    run = new_since(repo, *AS_OF, "-f", "json")
    assert run.returncode == 1
    new = [(b["code"], r["rule"]) for b in json.loads(run.stdout)["branches"] for r in b["results"]]
    new = [found for found, r in zip(new, _results(run)) if r.get("baseline") == "new"]
    assert ("XRMYY", "CGR002") in new and {code for code, _ in new} == {"XRMYY"}


def _results(run):
    return [r for b in json.loads(run.stdout)["branches"] for r in b["results"]]


def test_the_pre_commit_hook_takes_staged_workbooks_and_never_an_excel_lock_file(repo):
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    hook = hooks["unioncheck"]

    def picked(name):
        return bool(re.search(hook["files"], name)) and not re.search(hook["exclude"], name)

    assert picked("data/01-XRMYY.xlsx") and picked("data/石桥.XLSX") and picked("data/x.yaml")
    assert not picked("data/~$01-XRMYY.xlsx") and not picked("data/.~lock.x.xlsx#")
    assert not picked(".unioncheck.yaml") and not picked("waivers.yaml")
    add_note(repo / "data" / UNRELATED, "核对 / checked")
    git(repo, "add", "-A")
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    staged = [f"data/{UNRELATED}", f"data/~${UNRELATED}"]
    names = [f for f in staged if picked(f)]
    run = subprocess.run([*hook["entry"].split(), *names], cwd=repo, env=env, capture_output=True, text=True)
    assert names == [f"data/{UNRELATED}"] and run.returncode == 0, run.stdout[-2000:] + run.stderr


# ---- the results cache, and workers ------------------------------------------------------


def judged_fresh(monkeypatch, data: Path, root: Path) -> int:
    """How many of ``data``'s files one cached run (in this process) judged afresh."""
    from unioncheck.cache import Cached, ResultsCache, namespace

    rules = builtin()[0]
    given = settings(pseudonym_key=b"k" * 32)
    judged = []
    real = executors.judge
    monkeypatch.setattr(executors, "judge", lambda plan, file, *rest: judged.append(file) or real(plan, file, *rest))
    cache = ResultsCache(root, namespace(rules, given))
    try:
        list(engine.run(rules, sorted(loader.discover([str(data)])), given, Cached(executors.Serial(), cache)))
    finally:
        cache.close()
        monkeypatch.undo()
    return len(judged)


def test_a_workbook_verdict_is_reused_warm_and_judged_again_when_a_cell_changes(tmp_path, book_county, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(book_county, data)
    count = len(list(loader.discover([str(data)])))
    assert count and judged_fresh(monkeypatch, data, tmp_path / "cache") == count
    assert judged_fresh(monkeypatch, data, tmp_path / "cache") == 0
    quorum(data)
    assert judged_fresh(monkeypatch, data, tmp_path / "cache") == 1
    target = tmp_path / "out.json"

    def report(*extra):
        run = cli("check", data, *AS_OF, "-f", f"json:{target}", *extra, cwd=tmp_path)
        assert run.returncode == 1, run.stderr
        return target.read_bytes()

    cold, warm = report(), report()
    assert cold == warm == report("--no-cache") and b'"CGR002", "family": "CGR", "status": "fail"' in cold


def _county(tmp_path, book_county) -> Path:
    """Half the county as workbooks, half as YAML: one folder, as a county in transition has it."""
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    as_workbooks(data, lambda name: int(name[:2]) % 2 == 0)
    return data


def _verdicts(report) -> list:
    return [(b.file, b.code, [(r.rule, r.status, r.key, r.message.en, str(r.location)) for r in b.results])
            for b in report.branches]  # fmt: skip


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_workers_judge_workbooks_as_this_process_does(tmp_path, book_county, start_method):
    data = _county(tmp_path, book_county)
    files = list(loader.discover([str(data)]))
    assert [f for f in files if f.endswith(".xlsx")] and [f for f in files if f.endswith(".yaml")]
    rules, given = builtin()[0], settings()
    serial = engine.check(rules, files, given, executors.Serial())
    pooled = engine.check(rules, files, settings(), executors.Pool(2, start_method=start_method))
    assert _verdicts(pooled) == _verdicts(serial)
    one = cli("check", data, *AS_OF, "--no-cache", "-f", "json", cwd=tmp_path)
    two = cli("check", data, *AS_OF, "--no-cache", "-f", "json", "--jobs", "2", cwd=tmp_path)
    assert one.returncode == two.returncode == 1 and one.stdout == two.stdout


# ---- waivers, keys, baselines, --compare, due ------------------------------------------------


def _branches(report) -> dict:
    """{branch code: [(rule, status, key, message)]} of a JSON report: what must not depend on the form."""
    return {
        b["code"]: sorted((r["rule"], r["status"], r["key"], r["message"]) for r in b["results"])
        for b in report["branches"]
    }


def test_the_yaml_and_the_workbook_of_a_branch_give_the_same_keys_and_verdicts(tmp_path, book_county):
    yaml_run = cli("check", DEMO, *AS_OF, "--no-cache", "-f", "json", "--lang", "en", cwd=tmp_path)
    book_run = cli("check", book_county, *AS_OF, "--no-cache", "-f", "json", "--lang", "en", cwd=tmp_path)
    as_yaml, as_books = _branches(json.loads(yaml_run.stdout)), _branches(json.loads(book_run.stdout))
    assert as_yaml.keys() == as_books.keys()
    valid = [code for code, found in as_yaml.items() if ("DAT001", "pass") in {(r, s) for r, s, _, _ in found}]
    assert len(valid) > len(as_yaml) // 2  # most demo branches are valid files
    for code in valid:
        assert as_books[code] == as_yaml[code], code


def invalid_demo_files() -> list[Path]:
    """The demo files with data problems a workbook cannot hold (a misspelt key): compared as YAML."""
    found = []
    for path in sorted(DEMO.glob("*.yaml")):
        doc = loader.load(str(path))
        if doc.problems or CONTRACT.validate(doc):
            found.append(path)
    assert len(found) < len(list(DEMO.glob("*.yaml"))) // 2
    return found


def test_a_baseline_and_an_earlier_report_of_the_yaml_county_hold_for_its_workbooks(tmp_path, book_county):
    books = tmp_path / "books"
    shutil.copytree(book_county, books)
    for path in invalid_demo_files():
        books.joinpath(path.name).with_suffix(".xlsx").unlink()
        shutil.copy(path, books)
    base = cli("check", DEMO, *AS_OF, "--no-cache", "--write-baseline", "base.json", "-f", "json:before.json",
               cwd=tmp_path)  # fmt: skip
    assert base.returncode == 0, base.stderr
    gated = cli("check", "books", *AS_OF, "--no-cache", "--baseline", "base.json", "--fail-on", "warn", cwd=tmp_path)
    assert gated.returncode == 0, gated.stdout[-2000:]
    compared = cli("check", "books", *AS_OF, "--no-cache", "--compare", "before.json", "-f", "json", cwd=tmp_path)
    counts = json.loads(compared.stdout)["compare"]["counts"]
    assert counts["new"] == counts["fixed"] == counts["changed"] == 0 and counts["open"] > 0, counts


def test_a_waiver_covers_its_branch_in_a_workbook_and_is_not_judged_when_another_is_named(tmp_path, book_county):
    shutil.copytree(book_county, tmp_path / "data")
    shutil.copy(EXAMPLES / "waivers.yaml", tmp_path / "waivers.yaml")
    waiver = yaml.safe_load((tmp_path / "waivers.yaml").read_text("utf-8"))["waivers"][0]
    args = ("check", *AS_OF, "--no-cache", "--waivers", "waivers.yaml", "-f", "json")
    whole = json.loads(cli(*args[:1], "data", *args[1:], cwd=tmp_path).stdout)
    waived = [(b["code"], r["rule"]) for b in whole["branches"] for r in b["results"] if r["status"] == "waived"]
    assert waived == [(waiver["branch"], waiver["rule"])] and whole["waivers"][0]["state"] != "unused"
    yaml_run = json.loads(cli(*args[:1], DEMO, *args[1:], cwd=tmp_path).stdout)
    assert [w["state"] for w in whole["waivers"]] == [w["state"] for w in yaml_run["waivers"]]
    other = next(p.name for p in (tmp_path / "data").glob("*.xlsx") if waiver["branch"] not in p.name)
    named = json.loads(cli(*args[:1], f"data/{other}", *args[1:], cwd=tmp_path).stdout)
    assert [w["state"] for w in named["waivers"]] == ["not-judged"]
    listed = cli("waivers", "data", "--waivers", "waivers.yaml", *AS_OF, "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["used"] == 1


def test_due_lists_the_same_deadlines_for_workbooks(tmp_path, book_county):
    def rows(where):
        run = cli("due", where, *AS_OF, "--within", "800", "-f", "json", "--lang", "en", cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        found = json.loads(run.stdout)
        assert all(row.pop("file").endswith((".yaml", ".xlsx")) for row in found)
        return found

    invalid = {loader.load(str(p)).data["branch"]["code"] for p in invalid_demo_files()}
    as_yaml = [r for r in rows(DEMO) if r["branch"] not in invalid]
    assert as_yaml and as_yaml == [r for r in rows(book_county) if r["branch"] not in invalid]


@pytest.mark.parametrize("option", ["--waivers", "--baseline", "--compare", "--profile", "--config"])
def test_a_workbook_given_where_yaml_or_json_is_read_is_named_as_a_workbook(tmp_path, book_county, option):
    book = tmp_path / "given.xlsx"
    shutil.copy(next(book_county.glob("*.xlsx")), book)
    run = cli("check", DEMO, *AS_OF, "--no-cache", option, book, cwd=tmp_path)
    assert run.returncode == 2 and "given.xlsx" in run.stderr and "Traceback" not in run.stderr
    assert "workbook" in run.stderr and "工作簿" in run.stderr and "iconv" not in run.stderr
