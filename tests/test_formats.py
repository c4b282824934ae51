"""Every report format, read back with the tool its users use."""

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from conftest import (
    DEMO,
    DEMO_FILES,
    REFERENCE,
    REPO,
    builtin,
    check,
    compliant,
    demo_codes,
    demo_report,
    rule_codes,
    settings,
    sheet_table,
    where,
)
from hypothesis import given
from hypothesis import settings as settings_h
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from junitparser import Error, Failure, JUnitXml, Skipped

from unioncheck import engine
from unioncheck.cli import main
from unioncheck.executors import Serial
from unioncheck.model import Location, Status
from unioncheck.output import Sinks
from unioncheck.reporters import REPORTERS, Options

QUORUM = (DEMO / "03-XFYBJY.yaml", "congresses", "C2025-1", "delegates_present")  # the session without a quorum
INVALID = "SLZWSY"  # the demo branch whose file is not valid: DAT001 and no other rule
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def demo(fmt, *extra, lang="en"):
    result = run("check", DEMO, "--as-of", "2025-12-31", "--lang", lang, "-f", fmt, *extra)
    assert result.exit_code == 1, result.output
    return result.output


def test_sarif_is_valid_sarif_2_1_0_with_rules_and_located_results():
    log = json.loads(demo("sarif"))
    Draft4Validator(SARIF_SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER).validate(log)
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["version"] == __import__("importlib.metadata").metadata.version("unioncheck")  # pyproject's
    assert [r["id"] for r in driver["rules"]] == rule_codes()
    help_text = driver["rules"][0]["help"]["text"]  # the basis, in the report's language: national first
    assert "## How to fix" in driver["rules"][0]["help"]["markdown"] and (
        "工会法" in help_text or "Trade Union Law" in help_text
    )
    results = log["runs"][0]["results"]
    quorum = next(r for r in results if r["ruleId"] == "CGR002")
    region = quorum["locations"][0]["physicalLocation"]["region"]
    quorum_at = where(*QUORUM)
    assert (region["startLine"], region["startColumn"]) == (quorum_at.line, quorum_at.column)
    assert (
        quorum["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/county-demo/03-XFYBJY.yaml"
    )
    assert quorum["level"] == "error" and "19 of 30 delegates present" in quorum["message"]["text"]
    assert driver["rules"][quorum["ruleIndex"]]["id"] == "CGR002"
    assert {r["level"] for r in results} == {"error", "warning"}
    assert not any(r["properties"]["status"] in ("pass", "pending", "n/a") for r in results)


def test_sarif_uris_of_chinese_file_names_are_encoded(tmp_path):
    named = tmp_path / "县人民医院.yaml"
    named.write_bytes(REFERENCE.read_bytes())
    log = json.loads(run("check", named, "--as-of", "2025-12-31", "-f", "sarif").output)
    Draft4Validator(SARIF_SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER).validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert all("%E5%8E%BF" in u for u in uris)  # 县


def test_junit_one_case_per_branch_and_rule_read_by_junitparser(tmp_path):
    report = tmp_path / "unioncheck.xml"
    demo("table", "-f", f"junit:{report}")
    xml = JUnitXml.fromfile(str(report))
    suites = {suite.name: suite for suite in xml}
    assert sorted(suites) == sorted(demo_codes())
    county = suites["XRMYY"]
    assert county.tests == len(rule_codes()) and county.failures == 0 and county.errors == 0
    quorum = next(case for case in suites["XFYBJY"] if case.name.startswith("CGR002"))
    assert isinstance(quorum.result[0], Failure) and "19 of 30" in quorum.result[0].message
    invalid = list(suites[INVALID])
    assert len(invalid) == 1 and isinstance(invalid[0].result[0], Error)
    not_applicable = next(case for case in county if case.name.startswith("HRD004"))
    assert isinstance(not_applicable.result[0], Skipped)
    warned = next(case for case in suites["XJKZX"] if case.name.startswith("ELE002"))
    assert warned.is_passed  # a warning does not fail the run by default ...


def test_junit_fails_warnings_with_fail_on_warn():
    output = run("check", DEMO / "04-XJKZX.yaml", "--as-of", "2025-12-31", "-f", "junit", "--fail-on", "warn").output
    xml = JUnitXml.fromstring(output.encode("utf-8"))  # bytes: lxml (with python-docx) refuses a declared str
    warned = next(case for suite in xml for case in suite if case.name.startswith("ELE002"))
    assert isinstance(warned.result[0], Failure)  # ... but does with --fail-on warn


ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]+)(?:,line=(\d+))?(?:,col=(\d+))?,title=([^:]+)::(.+)$")


def test_github_annotations_point_at_the_line():
    lines = demo("github").splitlines()
    parsed = [ANNOTATION.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed) if not m]
    quorum = next(m for m in parsed if m.group(5).startswith("CGR002"))
    assert quorum.group(1) == "error" and quorum.group(2) == "fixtures/county-demo/03-XFYBJY.yaml"
    quorum_at = where(*QUORUM)
    assert (quorum.group(3), quorum.group(4)) == (str(quorum_at.line), str(quorum_at.column))
    assert any(m.group(1) == "warning" and m.group(5).startswith("ELE002") for m in parsed)


def test_github_escapes_newlines_and_percent():
    from unioncheck.reporters.github import _data, _property

    assert _data("a%b\nc\rd") == "a%25b%0Ac%0Dd"
    assert _property("a,b:c") == "a%2Cb%3Ac"


def test_markdown_table_has_a_row_per_branch_and_the_findings():
    lines = demo("markdown").splitlines()
    report = demo_report()
    assert lines[0] == f"## {report.profile.union('en')}: branch union compliance audit 2025"
    assert f"**{len(DEMO_FILES)} branches, {compliant(report)} compliant" in "\n".join(lines)
    rows = [line for line in lines if line.startswith("| ")]
    header = rows[0].strip("| ").split(" | ")
    families = [f"{report.family_name(f, 'en')} {f}" for f in report.families]
    assert header == ["Branch", *families, "Overall", "Compliant", "Score", "Rank"] and "Congress CGR" in header
    matrix = [r for r in rows[1:] if r.count("|") == len(header) + 1]
    assert [r.split(" | ")[0].strip("| ") for r in matrix] == demo_codes()  # a row per branch, in file order
    assert next(r for r in matrix if r.startswith("| XFYBJY |")).startswith("| XFYBJY | ❌")
    assert "### Findings" in lines
    quorum_at = f"`fixtures/county-demo/03-XFYBJY.yaml:{where(*QUORUM).line}`"
    assert any("19 of 30 delegates present" in line and quorum_at in line for line in lines)


def test_csv_one_row_per_branch_and_rule_with_a_bom_in_files(tmp_path):
    target = tmp_path / "audit.csv"
    demo("table", "-f", f"csv:{target}")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese right
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    every_rule = [(code, rule) for code in demo_codes() if code != INVALID for rule in rule_codes()]
    expected = every_rule + [(INVALID, "DAT001")]  # every rule for each valid branch, DAT001 for the invalid one
    assert sorted((r["branch"], r["rule"]) for r in rows) == sorted(expected)
    quorum = next(r for r in rows if r["branch"] == "XFYBJY" and r["rule"] == "CGR002")
    assert (
        quorum["status"] == "fail" and quorum["line"] == str(where(*QUORUM).line) and "quorum 20" in quorum["message"]
    )
    trn = next(r for r in rows if r["branch"] == "XRMYY" and r["rule"] == "TRN001")
    assert trn["status"] == "pending" and trn["due"] == "2026-01-30" and trn["message"].count("\n") >= 2


def test_jsonl_one_object_per_branch():
    lines = demo("jsonl").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["code"] for o in objects] == demo_codes()  # in file order
    assert all({"code", "file", "status", "results"} <= set(o) for o in objects)


def test_jsonl_writes_each_branch_as_it_finishes():
    rules, _ = builtin()
    written = []
    sinks = Sinks([(REPORTERS["jsonl"](), None)], Options("en"), written.append)
    files = [str(p) for p in sorted(DEMO.glob("0[1-3]*.yaml"))]
    for count, branch in enumerate(engine.run(rules, files, settings(select=("CGR001",)), Serial())):
        assert len(written) == count  # branch n is finished after n lines were already written
        sinks.branch(branch)
    assert len(written) == len(files)


def test_several_formats_from_one_run(tmp_path):
    result = run(
        "check",
        DEMO,
        "--as-of",
        "2025-12-31",
        "--lang",
        "en",
        "-f",
        "table",
        "-f",
        f"sarif:{tmp_path / 'out.sarif'}",
        "-f",
        f"junit:{tmp_path / 'out.xml'}",
        "-f",
        f"jsonl:{tmp_path / 'out.jsonl'}",
    )
    assert result.exit_code == 1
    assert result.output.startswith("County Health Bureau Union: branch union compliance audit 2025\nas of 2025-12-31")
    assert json.loads((tmp_path / "out.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert len(JUnitXml.fromfile(str(tmp_path / "out.xml"))) == len(DEMO_FILES)
    assert len((tmp_path / "out.jsonl").read_text("utf-8").splitlines()) == len(DEMO_FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.sarif", "out.xml"]  # no temporary files


def test_unknown_format_is_a_usage_error():
    result = CliRunner().invoke(main, ["check", str(REFERENCE), "-f", "pdf"])
    assert result.exit_code == 2 and "unknown format 'pdf'" in result.output


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_renders_the_reference_in_both_languages(fmt, tmp_path):
    for lang in ("zh", "en"):
        if getattr(REPORTERS[fmt], "needs_path", False):
            target = tmp_path / f"{lang}.{fmt}"
            result = run("check", REFERENCE, "--as-of", "2025-12-31", "--lang", lang, "-f", f"{fmt}:{target}")
            assert result.exit_code == 0 and target.stat().st_size > 0
        else:
            result = run("check", REFERENCE, "--as-of", "2025-12-31", "--lang", lang, "-f", fmt)
            assert result.exit_code == 0 and (result.output.strip() or fmt == "github")


def test_a_workbook_needs_a_path():
    result = CliRunner().invoke(main, ["check", str(REFERENCE), "-f", "xlsx"])
    assert result.exit_code == 2 and "xlsx is a file: give its path, as in -f xlsx:report.xlsx" in result.output


@pytest.mark.parametrize("fmt", ["xlsx", "junit", "html"])
def test_control_characters_from_the_data_do_not_break_xml_formats(tmp_path, fmt):
    """A YAML escape such as "\\b" puts a control character into a branch code; XML cannot carry it."""
    broken = tmp_path / "branch.yaml"
    broken.write_text(REFERENCE.read_text("utf-8").replace("code: XRMYY", 'code: "X\\bY\\u000b"'), "utf-8")
    target = tmp_path / f"out.{fmt}"
    result = run("check", broken, "--as-of", "2025-12-31", "-f", f"{fmt}:{target}")
    assert result.exit_code == 1  # DAT001: the code does not match its pattern
    if fmt == "xlsx":
        from openpyxl import load_workbook

        top, _, rows = sheet_table(load_workbook(target)["合规矩阵"], "基层工会")
        assert rows[0][0] == "X\ufffdY\ufffd"
    elif fmt == "junit":
        assert JUnitXml.fromfile(str(target))  # parses: well-formed XML
    else:
        assert "X\ufffdY\ufffd" in target.read_text("utf-8")


def test_an_abandoned_stream_leaves_the_old_report_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("earlier report\n", "utf-8")
    report = check([DEMO])
    sinks = Sinks([(REPORTERS["jsonl"](), str(target))], Options("en"), print)
    sinks.branch(next(iter(report.branches)))
    sinks.abandon()  # an error or Ctrl-C before the run finished
    assert target.read_text("utf-8") == "earlier report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_branch_json_is_the_plain_encoding_of_the_branch_text_for_text():
    """The JSON reporter writes common results into a template: it must be json.dumps of the dict."""
    from unioncheck.reporters.json import _dumps, branch_dict, branch_json

    for branch in check([DEMO]).branches:
        branch.results[0].known = False  # marked, as a baseline does
        branch.results[len(branch.results) // 2].change = "new"  # and one in the middle, as --compare does
        for lang in ("zh", "en"):
            assert branch_json(branch, lang) == _dumps(branch_dict(branch, lang))


@settings_h(max_examples=300, deadline=None)
@given(
    zh=st.text(),
    en=st.text(),
    rule=st.text(max_size=8),
    due=st.none() | st.dates(),
    path=st.none() | st.tuples(st.text(max_size=5), st.integers(0, 9), st.text(max_size=5)),
    location=st.none()
    | st.builds(Location, st.text(max_size=20), st.none() | st.integers(0, 10**6), st.none() | st.integers(0, 999))
    | st.builds(Location, st.text(max_size=20), sheet=st.text(max_size=5), cell=st.text(max_size=4)),
    status=st.sampled_from(list(Status)),
)
def test_any_result_is_encoded_as_json_dumps_encodes_it(zh, en, rule, due, path, location, status):
    from unioncheck.model import BranchReport, Result, Text
    from unioncheck.reporters.json import _dumps, branch_dict, branch_json

    result = Result(status, Text(zh, en), due, path, rule, rule[:3], location)
    branch = BranchReport("a.yaml", "A", "甲", [result, Result(Status.PASS, Text("好", "ok"))])
    for lang in ("zh", "en"):
        assert branch_json(branch, lang) == _dumps(branch_dict(branch, lang))


def test_json_is_written_head_first_and_what_the_end_knows_after_the_branches(tmp_path):
    """Date, period and profile are written before any branch is judged; waivers, the comparison
    and the summary after the last one, in the order README gives; to a file as to stdout."""
    earlier = tmp_path / "earlier.json"
    assert run("check", DEMO, "--as-of", "2024-12-31", "-f", f"json:{earlier}", "--no-cache").exit_code == 1
    common = (
        "check",
        DEMO,
        "--as-of",
        "2025-12-31",
        "--no-cache",
        "--waivers",
        REPO / "examples" / "ci" / "waivers.yaml",
        "--compare",
        earlier,
    )
    to_file = run(*common, "-f", f"json:{tmp_path / 'now.json'}")
    printed = run(*common, "-f", "json")
    assert to_file.exit_code == printed.exit_code == 1
    text = (tmp_path / "now.json").read_text("utf-8")
    assert text == printed.output
    keys = [k for k, _ in json.loads(text, object_pairs_hook=lambda pairs: pairs)]
    assert keys == ["as_of", "period", "profile", "branches", "waivers", "compare", "summary"]
    assert text.startswith('{"as_of": "2025-12-31",\n"period": ')
    assert [k for k, _ in json.loads(demo("json"), object_pairs_hook=lambda pairs: pairs)] == [
        "as_of",
        "period",
        "profile",
        "branches",
        "summary",
    ]
