"""A ``--compare`` report or a ``--baseline`` of the wrong shape is a clear error naming the file
and what was expected, exit 2 — never a traceback, a hang, or a comparison with nonsense."""

import json
import os
import shutil
import sys

import pytest
from conftest import REFERENCE, cli

REPORT = {"as_of": "2025-12-31", "branches": []}


def _report_of(reference):
    run = cli("check", reference, "--as-of", "2025-12-31", "--no-cache", "-f", "json")
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    where = tmp_path_factory.mktemp("good")
    shutil.copytree(REFERENCE.parent, where / "branch")
    report = _report_of(where / "branch" / REFERENCE.name)
    branch = report["branches"][0]
    return where / "branch" / REFERENCE.name, report, branch


def _mistyped(report, branch):
    """Reports that are JSON but not of a report's shape: each field missing or mistyped in turn."""
    result = branch["results"][0]
    cases = {
        "a list": [report],
        "a string": "report",
        "a 5,000-digit integer at the top": None,  # written as text below
        "as_of missing": {k: v for k, v in report.items() if k != "as_of"},
        "branches missing": {k: v for k, v in report.items() if k != "branches"},
        "branches a mapping": {**report, "branches": {"a": branch}},
        "as_of a number": {**report, "as_of": 20251231},
        "a branch a list": {**report, "branches": [[branch]]},
        "status unknown": {**report, "branches": [{**branch, "status": "great"}]},
        "code a number": {**report, "branches": [{**branch, "code": 17}]},
        "results missing": {**report, "branches": [{k: v for k, v in branch.items() if k != "results"}]},
        "a result a string": {**report, "branches": [{**branch, "results": ["pass"]}]},
        "a result's status a list": {**report, "branches": [{**branch, "results": [{**result, "status": ["x"]}]}]},
        "a result's path a list": {**report, "branches": [{**branch, "results": [{**result, "path": ["a"]}]}]},
        "a result's message a mapping": {
            **report,
            "branches": [{**branch, "results": [{**result, "message": {"zh": "x"}}]}],
        },
        "a rule a number": {**report, "branches": [{**branch, "results": [{**result, "rule": 2}]}]},
    }
    return cases


def _files(tmp_path, good):
    """(what, file) for every hostile file."""
    _, report, branch = good
    files = []
    for what, data in _mistyped(report, branch).items():
        path = tmp_path / f"{len(files)}.json"
        path.write_text("9" * 5000 if data is None else json.dumps(data, ensure_ascii=False), "utf-8")
        files.append((what, path))
    raw = {
        "empty": b"",
        "only spaces": b"  \n\n",
        "binary": os.urandom(2000) + b"\xff\xfe",
        "UTF-16": json.dumps(REPORT).encode("utf-16"),
        "GBK": json.dumps({**REPORT, "profile": "县卫健局"}, ensure_ascii=False).encode("gbk"),
        "truncated": json.dumps(report).encode()[:200],
        "deeply nested": b"[" * 200_000 + b"]" * 200_000,
        "a long number inside": json.dumps({**report, "as_of": 0}).replace("0}", "9" * 5000 + "}").encode(),
        "not JSON": b"branches:\n  - yaml\n",
    }
    for what, data in raw.items():
        path = tmp_path / f"{len(files)}.json"
        path.write_bytes(data)
        files.append((what, path))
    files.append(("a directory", tmp_path / "dir.json"))
    (tmp_path / "dir.json").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.json")
        files.append(("a FIFO", tmp_path / "fifo.json"))
    return files


def _assert_refused(run, option, path, expected, what):
    assert run.returncode == 2, (what, run.returncode, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.stdout == ""  # nothing was checked against nonsense
    if what == "a directory" and "is a directory" in run.stderr:  # the option's own check (click) found it
        assert str(path) in run.stderr
        return False
    if what == "a FIFO":  # refused with every input to the tool that is not a regular file, never opened
        assert f"{option} {path} is not a regular file" in run.stderr, run.stderr
        return False
    assert f"{option} {path}" in run.stderr, run.stderr
    assert expected in run.stderr, run.stderr
    return True


def test_a_compare_report_of_the_wrong_shape_is_refused(tmp_path, good):
    reference = good[0]
    for what, path in _files(tmp_path, good):
        run = cli("check", reference, "--as-of", "2025-12-31", "--no-cache", "--compare", path, "-f", "json")
        if _assert_refused(run, "--compare", path, "not a unioncheck JSON report", what):
            assert "不是 unioncheck 的 JSON 报告" in run.stderr, what


def test_a_baseline_of_the_wrong_shape_is_refused(tmp_path, good):
    reference = good[0]
    files = _files(tmp_path, good)
    files.append(("a report, not a baseline", tmp_path / "report.json"))
    (tmp_path / "report.json").write_text(json.dumps(good[1]), "utf-8")
    files.append(("a finding's path a number", tmp_path / "b.json"))
    (tmp_path / "b.json").write_text(json.dumps({"findings": [{"branch": "X", "rule": "A", "path": 3}]}), "utf-8")
    for what, path in files:
        run = cli("check", reference, "--as-of", "2025-12-31", "--no-cache", "--baseline", path, "-f", "json")
        if _assert_refused(run, "--baseline", path, "not a unioncheck baseline", what):
            assert "不是 unioncheck 基线文件" in run.stderr, what


@pytest.mark.parametrize(
    "data,expected",
    [
        ({"as_of": "2025-12-31"}, "at the top: branches missing"),
        ([1], "at the top: expected a mapping"),
        ({"as_of": "2025-12-31", "branches": [{"code": "X", "file": "f", "status": "fail", "results": [7]}]},
         "at branches[0].results[0]: expected a mapping"),
        ({"as_of": "2025-12-31", "branches": [{"code": "X", "file": "f", "status": "meh", "results": []}]},
         "at branches[0].status: expected one of n/a, pass"),
    ],
)  # fmt: skip
def test_the_message_says_where_and_what_was_expected(tmp_path, good, data, expected):
    path = tmp_path / "previous.json"
    path.write_text(json.dumps(data), "utf-8")
    run = cli("check", good[0], "--as-of", "2025-12-31", "--no-cache", "--compare", path)
    assert run.returncode == 2 and expected in run.stderr, run.stderr
    assert "unioncheck check -f json:FILE" in run.stderr


def test_a_real_report_and_baseline_are_still_taken(tmp_path, good):
    reference, report, _ = good
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps(report, ensure_ascii=False), "utf-8-sig" if sys.platform == "win32" else "utf-8")
    baseline = tmp_path / "baseline.json"
    written = cli("check", reference, "--as-of", "2025-12-31", "--no-cache", "--write-baseline", baseline)
    assert written.returncode in (0, 1), written.stderr
    run = cli(
        "check", reference, "--as-of", "2025-12-31", "--no-cache", "--compare", previous, "--baseline", baseline,
        "-f", "json",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["compare"]["newly_failing"] == []


def test_missing_files_say_so(tmp_path, good):
    run = cli("check", good[0], "--no-cache", "--compare", tmp_path / "nope.json")
    assert run.returncode == 2 and "file not found" in run.stderr
