"""What a data repository copies from us: the pre-commit hooks and the CI examples work."""

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import DEMO, REFERENCE, REPO

from unioncheck.cli import main

EXAMPLES = REPO / "examples" / "ci"


def _unioncheck_commands(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _unioncheck_commands(value)
    elif isinstance(node, list):
        for value in node:
            yield from _unioncheck_commands(value)
    elif isinstance(node, str) and node.lstrip().startswith("unioncheck "):
        yield node


@pytest.mark.parametrize("example", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_examples_run_valid_unioncheck_commands(example):
    workflow = yaml.safe_load((EXAMPLES / example).read_text("utf-8"))
    commands = list(_unioncheck_commands(workflow))
    assert commands, "the example runs no unioncheck command"
    for command in commands:
        words = shlex.split(re.sub(r"\$\{\{[^}]*\}\}|\$\w+", "X", command))
        assert words[:2] == ["unioncheck", "check"]
        main.commands["check"].make_context("check", words[2:])  # raises on an unknown option or format
        assert "sarif:unioncheck.sarif" in command and "junit:unioncheck.xml" in command


def test_example_configuration_and_waivers_are_valid(tmp_path):
    from unioncheck.config import load_config
    from unioncheck.gate import load_waivers

    assert load_config(str(EXAMPLES / "unioncheck.yaml"), False, tmp_path).values["fail_on"] == "fail"
    assert [w.rule for w in load_waivers(str(EXAMPLES / "waivers.yaml"))] == ["ELE001"]


def test_pre_commit_hooks_file():
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert set(hooks) == {"unioncheck", "unioncheck-all"}
    one = hooks["unioncheck"]
    assert one["entry"] == "unioncheck check --new-since HEAD" and one["language"] == "python"
    assert re.search(one["files"], "data/xrmyy.yaml") and re.search(one["files"], "data/x.yml")
    for config_file in (
        ".unioncheck.yaml",
        ".pre-commit-config.yaml",
        "waivers.yaml",
        ".github/workflows/unioncheck.yml",
    ):
        assert re.search(one["exclude"], config_file), config_file
    assert hooks["unioncheck-all"]["pass_filenames"] is False


def _snapshot(target):
    """This project's working tree (tracked and untracked, not ignored) as a one-commit git repository."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "snapshot"],
    ):
        subprocess.run(["git", *command], cwd=target, check=True, capture_output=True)
    return target


@pytest.mark.slow
def test_pre_commit_try_repo_runs_the_hook(tmp_path):
    if not (REPO / ".git").exists():
        pytest.skip("pre-commit try-repo needs this project as a git checkout")
    project = _snapshot(tmp_path / "unioncheck")
    data = tmp_path / "data-repo"
    (data / "data").mkdir(parents=True)
    shutil.copy(REFERENCE, data / "data" / "xrmyy.yaml")
    shutil.copytree(REFERENCE.parent / "evidence", data / "data" / "evidence")
    shutil.copy(DEMO / "03-XFYBJY.yaml", data / "data" / "xfybjy.yaml")
    shutil.copytree(DEMO / "evidence", data / "data" / "evidence", dirs_exist_ok=True)
    (data / ".unioncheck.yaml").write_text("as-of: 2025-12-31\nlang: en\n", "utf-8")  # the 2025 audit
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "LANG": "C.UTF-8"}
    subprocess.run(["git", "init", "-q"], cwd=data, check=True)
    subprocess.run(["git", "add", "-A"], cwd=data, check=True)
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(project), "unioncheck", "--all-files", "--verbose"],
        cwd=data,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert run.returncode == 1, run.stdout + run.stderr  # the demo branch fails its quorum
    assert "XFYBJY" in run.stdout and "CGR002" in run.stdout
    (data / "data" / "xfybjy.yaml").unlink()
    subprocess.run(["git", "add", "-A"], cwd=data, check=True)
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(project), "unioncheck", "--all-files"],
        cwd=data,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
