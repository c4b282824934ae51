"""Broken and hostile input: every hazard is a located error for its file, the
other files are still checked, inputs are never changed, and nothing runs or
leaks that should not."""

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import DEMO, REFERENCE, REPO, cli, interrupted, slow_plugin

from unioncheck import output
from unioncheck.cli import main

HAZARDS = {
    "duplicate-key.yaml": ("schema_version: 1\nbranch:\n  code: A\n  code: B\n", 4, "duplicate key 'code'"),
    "tab-indent.yaml": ("schema_version: 1\nbranch:\n\tcode: A\n", 3, "Indent with spaces"),
    "unclosed-quote.yaml": (
        'schema_version: 1\nbranch:\n  name: "县人民医院\n  code: X\n',
        5,
        "Check that every quote is closed",
    ),
    "two-documents.yaml": ("schema_version: 1\n---\nschema_version: 1\n", 2, "one YAML document per file"),
    "empty.yaml": ("", None, "file is empty"),
    "only-comments.yaml": ("# 待填写\n# to do\n", None, "file is empty"),
    "top-level-list.yaml": ("- schema_version: 1\n", 1, "the top level must be a mapping"),
    "top-level-scalar.yaml": ("县人民医院\n", 1, "the top level must be a mapping"),
    "billion-laughs.yaml": (
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)),
        None,
        "do not use & and * aliases",
    ),
    "deep-flow.yaml": ("a: " + "[" * 60_000 + "]" * 60_000 + "\n", 1, "nested too deeply"),
    "deep-block.yaml": ("".join(" " * i + "k:\n" for i in range(2_100)) + "x: 1\n", 2_001, "nested too deeply"),
    "long-line.yaml": (
        "schema_version: 1\nbranch:\n  name: " + "长" * 1_000_000 + "\n",
        None,
        "branch: required field",
    ),
    "oversized.yaml": ("# " + "x" * (5 * 1024 * 1024) + "\n", None, "file too large"),
    "control-character.yaml": ("schema_version: 1\x00\n", None, "control characters are not allowed"),
    "gbk.yaml": ("schema_version: 1\nbranch:\n  name: 县人民医院\n".encode("gbk"), 3, "it looks like GBK/GB18030"),
    "utf16.yaml": ("schema_version: 1\n".encode("utf-16"), 1, "it looks like UTF-16"),
}


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))


def test_every_hazard_is_a_located_error_and_the_rest_still_run(tmp_path):
    for name, (content, _, _) in HAZARDS.items():
        (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    shutil.copytree(REFERENCE.parent / "evidence", tmp_path / "evidence")
    (tmp_path / "zz-good.yaml").write_bytes(REFERENCE.read_bytes())
    # bounded memory: the whole corpus in a process capped at 1.5 GB (a bound, not a benchmark)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "unioncheck",
            "check",
            str(tmp_path),
            "--as-of",
            "2025-12-31",
            "--format",
            "json",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limit_memory,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    report = {os.path.basename(b["file"]): b for b in json.loads(run.stdout)["branches"]}
    for name, (_, line, message) in HAZARDS.items():
        branch = report[name]
        assert branch["status"] == "error", name
        assert [r["rule"] for r in branch["results"]] == ["DAT001"] * len(branch["results"])
        first = branch["results"][0]
        assert message in first["message"], (name, first["message"])
        if line is not None:
            assert first["location"]["line"] == line, (name, first["location"])
    assert report["zz-good.yaml"]["status"] == "pending"


@pytest.mark.parametrize(
    "change,message",
    [
        (("staff_count: 426", "staff_count: 四百"), "branch.staff_count: expected integer"),
        (("staff_count: 426", "staff_count: -5"), "branch.staff_count: must be at least 0"),
        (("    date: 2025-03-14", "    date: 2025/3/14"), 'write the date "2025/3/14" in ISO form as 2025-03-14'),
        (("    date: 2025-03-14", "    date: 2025年3月14日"), "in ISO form as 2025-03-14"),
        (("unit_type: hospital", "unit_type: hopital"), "did you mean 'hospital'?"),
        (("  staff_count: 426", "  staf_count: 426"), "unknown field 'staf_count'; did you mean 'staff_count'?"),
        (("    delegates_present: 61", "    delegates_present: 70"), "70 present is more than the 68 delegates"),
        (
            ("        votes_for: 57", "        votes_for: 70"),
            "74 votes cast (70 for, 2 against, 2 abstaining) but only 61 present",
        ),
    ],
)
def test_type_and_value_errors_are_clear(reference_copy, change, message):
    text = reference_copy.read_text("utf-8")
    assert change[0] in text
    reference_copy.write_text(text.replace(change[0], change[1], 1), "utf-8")
    result = CliRunner().invoke(
        main, ["check", str(reference_copy), "--as-of", "2025-12-31", "--lang", "en", "--format", "json"]
    )
    assert result.exit_code == 1
    messages = [r["message"] for r in json.loads(result.output)["branches"][0]["results"]]
    assert any(message in m for m in messages), messages


def test_a_rule_past_its_time_limit_is_stopped_and_the_others_run(tmp_path):
    plugin = slow_plugin(tmp_path)
    run = cli(
        "check",
        REFERENCE,
        "--as-of",
        "2025-12-31",
        "--plugin",
        plugin,
        "--rule-timeout",
        "0.5",
        "--ignore",
        "SLW",
        "--format",
        "json",
        "--lang",
        "en",
    )
    assert run.returncode == 1
    results = {r["rule"]: r for r in json.loads(run.stdout)["branches"][0]["results"]}
    assert results["STK001"]["status"] == "error"
    assert "rule STK001 (plugin file:" in results["STK001"]["message"] and "0.5 s limit" in results["STK001"]["message"]
    assert results["CGR001"]["status"] == "pass" and results["HRD006"]["status"] == "pass"


def test_ctrl_c_stops_promptly_with_130_and_one_line(tmp_path):
    plugin = slow_plugin(tmp_path)
    for i in range(40):
        (tmp_path / f"b{i}.yaml").write_bytes(REFERENCE.read_bytes())
    status, err, group = interrupted("check", tmp_path, "--plugin", plugin, "--select", "SLW")  # inside the slow rule
    assert status == 130
    assert err.strip().splitlines()[-1] == "已中断 / interrupted" and "Traceback" not in err
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)  # nothing of the run is left


def test_code_in_the_checked_directory_is_never_loaded(tmp_path):
    marker = tmp_path / "pwned"
    smuggled = f"open({str(marker)!r}, 'w').write('ran')\n"
    for name in ("unioncheck_plugin.py", "conftest.py", "plugin.py", "__init__.py", "sitecustomize.py"):
        (tmp_path / name).write_text(smuggled, "utf-8")
    (tmp_path / "branch.yaml").write_bytes(REFERENCE.read_bytes())
    run = cli("check", tmp_path, "--as-of", "2025-12-31", cwd=tmp_path)
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr
    assert not marker.exists()
    # a configuration inside the data that names a plugin there is refused, not obeyed
    (tmp_path / ".unioncheck.yaml").write_text("plugins: [unioncheck_plugin.py]\n", "utf-8")
    run = cli("check", tmp_path, "--as-of", "2025-12-31", cwd=tmp_path)
    assert run.returncode == 2 and "inside a directory being checked and is not loaded" in run.stderr
    assert not marker.exists()


def test_a_plugin_beside_branch_files_named_one_by_one_is_not_loaded(tmp_path):
    """pre-commit names the changed files, not their directory: a configuration naming a plugin
    among them is refused all the same, and a plugin kept outside the data still loads."""
    marker = tmp_path / "pwned"
    data = tmp_path / "data"
    data.mkdir()
    (data / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n", "utf-8")
    (data / "branch.yaml").write_bytes(REFERENCE.read_bytes())
    (tmp_path / "unioncheck.yaml").write_text("plugins: [data/evil.py]\n", "utf-8")
    run = cli("check", "data/branch.yaml", "--as-of", "2025-12-31", cwd=tmp_path)
    assert run.returncode == 2 and "is not loaded" in run.stderr and "Traceback" not in run.stderr
    assert not marker.exists()
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "rules.py").write_text("", "utf-8")
    (tmp_path / "unioncheck.yaml").write_text("plugins: [tools/rules.py]\n", "utf-8")
    run = cli("check", "data/branch.yaml", "--as-of", "2025-12-31", cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr


def _digests(root):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_no_command_changes_its_inputs(tmp_path):
    data = tmp_path / "county"
    shutil.copytree(DEMO, data)
    profile = tmp_path / "mine.yaml"
    profile.write_text("extends: county-health-bureau\nrules:\n  CGR001:\n    params:\n      warn_days: 60\n", "utf-8")
    before = {**_digests(data), **_digests(REPO / "rules"), profile: hashlib.sha256(profile.read_bytes()).hexdigest()}
    commands = [
        ["check", data, "--as-of", "2025-12-31"],
        ["check", data, "--format", "json", "--profile", profile],
        [
            "check",
            data / "01-XRMYY.yaml",
            "-f",
            f"json:{tmp_path / 'out.json'}",
            "-f",
            f"jsonl:{tmp_path / 'out.jsonl'}",
        ],
        ["rules", "--profile", profile],
        ["explain", "HRD004"],
        ["schema"],
    ]
    for args in commands:
        CliRunner().invoke(main, [str(a) for a in args])
    after = {**_digests(data), **_digests(REPO / "rules"), profile: hashlib.sha256(profile.read_bytes()).hexdigest()}
    assert after == before


def test_report_written_atomically_never_half_over_a_good_one(tmp_path, monkeypatch):
    target = tmp_path / "audit.json"
    target.write_text("the good report from yesterday", "utf-8")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(target, "a new report, half written when Ctrl-C came")
    assert target.read_text("utf-8") == "the good report from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["audit.json"]  # no temporary file left behind


def test_format_to_a_path_writes_the_report(tmp_path):
    target = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["check", str(REFERENCE), "--as-of", "2025-12-31", "--format", f"json:{target}"])
    assert result.exit_code == 0 and result.stdout == ""  # the report is in the file; stderr names it
    assert f"已写入 / written: {target}" in result.stderr
    assert json.loads(target.read_text("utf-8"))["branches"][0]["code"] == "XRMYY"


def test_time_limits_stop_stuck_rules_of_both_kinds_and_leave_the_alarm_as_it_was():
    """A branch rule and a dataset check past their limit are stopped where they run (SIGALRM);
    afterwards whatever handler was there is back, and no timer is left."""
    import signal
    import time

    from conftest import builtin, settings

    from unioncheck import engine
    from unioncheck.executors import Serial
    from unioncheck.model import Rule, RuleDoc, Status, Text

    def stuck(*_):
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # a rule's own handler cannot swallow the time-out
                pass

    doc = RuleDoc(Text("卡住", "stuck"), Text("", ""), Text("", ""))
    branch_rule = Rule("STK001", "STK", "stuck", Text("卡住", "stuck"), "-", stuck, doc, plugin="test")
    dataset_rule = Rule(
        "STK002",
        "STK",
        "stuck-all",
        Text("卡住", "stuck"),
        "-",
        stuck,
        doc,
        plugin="test",
        scope="dataset",
        summarise=lambda document, ctx: 1,
    )
    rules = builtin()[0] + [branch_rule, dataset_rule]
    mine = lambda signum, frame: None  # noqa: E731 - a handler of the embedding program
    before = signal.signal(signal.SIGALRM, mine)
    try:
        report = engine.check(rules, [str(REFERENCE), str(REFERENCE)], settings(rule_seconds=0.2), Serial())
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, before)
    for branch in report.branches:
        results = {r.rule: r for r in branch.results}
        assert results["STK001"].status == results["STK002"].status == Status.ERROR
        assert "0.2 s limit" in results["STK001"].message.en and "0.2 s limit" in results["STK002"].message.en
        assert results["CGR001"].status == Status.PASS
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# ---- numbers YAML 1.1 reads otherwise, numbers too long: one file's error, the county still judged ----


def test_number_forms_and_a_huge_integer_are_that_files_dat001_and_the_county_is_judged(tmp_path):
    shutil.copytree(DEMO, tmp_path / "county")
    demo = (DEMO / "01-XRMYY.yaml").read_text("utf-8")
    bad = {
        "zz-huge.yaml": ("staff_count: 426", "staff_count: " + "7" * 5000, "a number of 5000 digits"),
        "zz-octal.yaml": ("delegates_present: 61", "delegates_present: 046", "reads it as octal 38; write 46"),
        "zz-base60.yaml": ("staff_count: 426", "staff_count: 1:30", "YAML reads 1:30 as a base-60 number, 90"),
    }
    for name, (before, after, _) in bad.items():
        assert before in demo
        text = demo.replace(before, after, 1).replace("code: XRMYY", f"code: {name[3:-5].upper()}")
        (tmp_path / "county" / name).write_text(text, "utf-8")
    run = cli("check", tmp_path / "county", "--as-of", "2025-12-31", "--format", "json", "--lang", "en")
    assert "Traceback" not in run.stderr and run.returncode not in (0, 3), run.stderr
    report = {os.path.basename(b["file"]): b for b in json.loads(run.stdout)["branches"]}
    for name, (_, after, message) in bad.items():
        (result,) = report[name]["results"]
        assert result["rule"] == "DAT001" and message in result["message"], result
        lines = (tmp_path / "county" / name).read_text("utf-8").splitlines()
        assert result["location"]["line"] == next(i for i, line in enumerate(lines, 1) if after in line)
    judged = [b for name, b in report.items() if name not in bad]
    assert len(judged) == len(list(DEMO.glob("*.yaml")))
    assert all(len(b["results"]) > 1 for b in judged)  # every rule ran on the others


# ---- a FIFO, a socket or a device named x.yaml: refused before opening, the run never hangs ----


def _fifo_run(tmp_path, *extra, timeout=60):
    (tmp_path / "data").mkdir()
    os.mkfifo(tmp_path / "data" / "pipe.yaml")
    os.mkfifo(tmp_path / "named.yaml")
    (tmp_path / "data" / "device.yaml").symlink_to(os.devnull)
    shutil.copy(REFERENCE, tmp_path / "data" / "good.yaml")
    args = ["check", "data", "named.yaml", "--as-of", "2025-12-31", "-f", "json", "--lang", "en", *extra]
    run = subprocess.run(
        [sys.executable, "-m", "unioncheck", *args], cwd=tmp_path, capture_output=True, text=True, timeout=timeout
    )
    assert "Traceback" not in run.stderr and run.returncode not in (0, 3), run.stderr
    report = {os.path.basename(b["file"]): b for b in json.loads(run.stdout)["branches"]}
    for name, kind in [("pipe.yaml", "FIFO"), ("named.yaml", "FIFO"), ("device.yaml", "character device")]:
        (result,) = report[name]["results"]
        assert result["rule"] == "DAT001" and "not a regular file" in result["message"] and kind in result["message"]
    assert report["good.yaml"]["status"] != "error"


def test_fifos_and_devices_named_as_data_are_refused_and_the_run_ends(tmp_path):
    _fifo_run(tmp_path, "--no-cache")


def test_fifos_and_devices_named_as_data_are_refused_with_the_cache_too(tmp_path):
    _fifo_run(tmp_path, timeout=15)


# ---- file names that are not UTF-8: read, judged and shown readably in every format ----------------

GBK_NAME = "石桥.yaml".encode("gbk")  # what a Windows zip file unpacks to
FORMATS = ["json", "jsonl", "sarif", "junit", "xlsx", "html", "csv", "markdown", "github"]


def _gbk_county(tmp_path):
    data = os.path.join(os.fsencode(tmp_path), b"data")
    os.mkdir(data)
    for name, code in ((GBK_NAME, b"SQ"), (b"\x80\xff.yaml", b"ODD")):
        with open(os.path.join(data, name), "wb") as out:
            out.write(REFERENCE.read_bytes().replace(b"code: XRMYY", b"code: " + code))
    return tmp_path / "data"


def _shown_in(fmt: str, path) -> str:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
    return path.read_text("utf-8")  # strictly UTF-8: no escaped bytes written


@pytest.mark.parametrize("cache", ["--no-cache", "--cache"])
def test_a_gbk_file_name_is_judged_and_shown_readably_in_every_format(tmp_path, cache):
    from urllib.parse import quote

    data = _gbk_county(tmp_path)
    formats = [f"--format={fmt}:{tmp_path / ('report.' + fmt)}" for fmt in FORMATS]
    run = cli("check", data, "--as-of", "2025-12-31", "--lang", "en", "-f", "table", *formats, cache)
    assert "Traceback" not in run.stderr and run.returncode != 3, run.stderr
    assert "石桥.yaml" in run.stdout and "\ufffd\ufffd.yaml" in run.stdout
    for fmt in FORMATS:
        shown = _shown_in(fmt, tmp_path / f"report.{fmt}")
        assert "石桥.yaml" in shown or quote("石桥.yaml") in shown, fmt
        assert "\ufffd\ufffd.yaml" in shown or quote("\ufffd\ufffd.yaml") in shown, fmt
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert {b["code"] for b in report["branches"]} == {"SQ", "ODD"}  # both read and judged
    assert all(len(b["results"]) > 1 for b in report["branches"])


def test_changed_since_finds_a_changed_file_with_a_gbk_name(tmp_path):
    data = _gbk_county(tmp_path)
    shutil.copy(REFERENCE, data / "unchanged.yaml")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "county"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tmp_path, check=True)
    gbk = os.path.join(os.fsencode(data), GBK_NAME)
    with open(gbk, "ab") as out:
        out.write(b"# changed\n")
    run = cli(
        "check", "data", "--as-of", "2025-12-31", "--changed-since", "HEAD", "-f", "json", "--no-cache", cwd=tmp_path
    )
    assert "Traceback" not in run.stderr and run.returncode != 3, run.stderr
    (branch,) = json.loads(run.stdout)["branches"]
    assert branch["code"] == "SQ" and branch["file"] == "data/石桥.yaml" and len(branch["results"]) > 1
