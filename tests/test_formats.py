"""Every report format, read back with the tool its users use."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from click.testing import CliRunner
from conftest import DEMO, REFERENCE, REPO, builtin, check, named_profile, settings
from jsonschema import Draft4Validator
from junitparser import Error, Failure, JUnitXml, Skipped

from unioncheck import engine
from unioncheck.cli import main
from unioncheck.loader import load
from unioncheck.output import Sinks
from unioncheck.reporters import REPORTERS, Options

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
    assert len(driver["rules"]) == len(builtin()[0]) and driver["rules"][0]["id"] == "CGR001"
    assert "## How to fix" in driver["rules"][0]["help"]["markdown"] and "工会法" in driver["rules"][0]["help"]["text"]
    results = log["runs"][0]["results"]
    quorum = next(r for r in results if r["ruleId"] == "CGR002")
    region = quorum["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (43, 24)
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
    assert len(suites) == 14
    county = suites["XRMYY"]
    assert county.tests == len(builtin()[0]) and county.failures == 0 and county.errors == 0
    quorum = next(case for case in suites["XFYBJY"] if case.name.startswith("CGR002"))
    assert isinstance(quorum.result[0], Failure) and "19 of 30" in quorum.result[0].message
    invalid = list(suites["SLZWSY"])
    assert len(invalid) == 1 and isinstance(invalid[0].result[0], Error)
    not_applicable = next(case for case in county if case.name.startswith("HRD004"))
    assert isinstance(not_applicable.result[0], Skipped)
    warned = next(case for case in suites["XJKZX"] if case.name.startswith("ELE002"))
    assert warned.is_passed  # a warning does not fail the run by default ...


def test_junit_fails_warnings_with_fail_on_warn():
    output = run("check", DEMO / "04-XJKZX.yaml", "--as-of", "2025-12-31", "-f", "junit", "--fail-on", "warn").output
    xml = JUnitXml.fromstring(output)
    warned = next(case for suite in xml for case in suite if case.name.startswith("ELE002"))
    assert isinstance(warned.result[0], Failure)  # ... but does with --fail-on warn


ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]+)(?:,line=(\d+))?(?:,col=(\d+))?,title=([^:]+)::(.+)$")


def test_github_annotations_point_at_the_line():
    lines = demo("github").splitlines()
    parsed = [ANNOTATION.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed) if not m]
    quorum = next(m for m in parsed if m.group(5).startswith("CGR002"))
    assert quorum.group(1) == "error" and quorum.group(2) == "fixtures/county-demo/03-XFYBJY.yaml"
    assert (quorum.group(3), quorum.group(4)) == ("43", "24")
    assert any(m.group(1) == "warning" and m.group(5).startswith("ELE002") for m in parsed)


def test_github_escapes_newlines_and_percent():
    from unioncheck.reporters.github import _data, _property

    assert _data("a%b\nc\rd") == "a%25b%0Ac%0Dd"
    assert _property("a,b:c") == "a%2Cb%3Ac"


def test_markdown_table_has_a_row_per_branch_and_the_findings():
    lines = demo("markdown").splitlines()
    assert lines[0] == "## unioncheck: 5 of 14 branches compliant"
    rows = [line for line in lines if line.startswith("| ")]
    header = rows[0].strip("| ").split(" | ")
    assert header == ["Branch", "CGR", "PAY", "ELE", "HRD", "TRN", "DAT", "EVD", "Overall"]
    matrix = [r for r in rows[1:] if r.count("|") == 10]
    assert len(matrix) == 14 and matrix[2].startswith("| XFYBJY | ❌")
    assert "### Findings" in lines
    assert any(
        "19 of 30 delegates present" in line and "`fixtures/county-demo/03-XFYBJY.yaml:43`" in line for line in lines
    )


def test_csv_one_row_per_branch_and_rule_with_a_bom_in_files(tmp_path):
    target = tmp_path / "audit.csv"
    demo("table", "-f", f"csv:{target}")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese right
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 13 * len(builtin()[0]) + 1  # every rule for 13 valid branches, DAT001 for the invalid one
    assert len({(r["branch"], r["rule"]) for r in rows}) == len(rows)
    quorum = next(r for r in rows if r["branch"] == "XFYBJY" and r["rule"] == "CGR002")
    assert quorum["status"] == "fail" and quorum["line"] == "43" and "quorum 20" in quorum["message"]
    trn = next(r for r in rows if r["branch"] == "XRMYY" and r["rule"] == "TRN001")
    assert trn["status"] == "pending" and trn["due"] == "2026-01-30" and trn["message"].count("\n") >= 2


def test_jsonl_one_object_per_branch():
    lines = demo("jsonl").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["code"] for o in objects][:3] == ["XRMYY", "XZYY", "XFYBJY"] and len(objects) == 14
    assert all({"code", "file", "status", "results"} <= set(o) for o in objects)


def test_jsonl_writes_each_branch_as_it_finishes():
    rules, _ = builtin()
    written = []
    sinks = Sinks([(REPORTERS["jsonl"](), None)], Options("en"), written.append)
    seen_when_judging = []
    probe = settings(dt.date(2025, 12, 31), 2025, named_profile("county-health-bureau"), select=("CGR001",))
    documents = [load(str(p)) for p in sorted(DEMO.glob("0[1-3]*.yaml"))]
    engine.run(rules, documents, probe, lambda b: (seen_when_judging.append(len(written)), sinks.branch(b)))
    assert seen_when_judging == [0, 1, 2]  # branch n is judged after n lines were already written
    assert len(written) == 3


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
    assert result.output.startswith("Compliance as of 2025-12-31")
    assert json.loads((tmp_path / "out.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert len(JUnitXml.fromfile(str(tmp_path / "out.xml"))) == 14
    assert len((tmp_path / "out.jsonl").read_text("utf-8").splitlines()) == 14
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

        assert load_workbook(target)["合规矩阵"]["A2"].value == "X\ufffdY\ufffd"
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


def test_spliced_branch_json_is_the_encoded_branch_byte_for_byte():
    from unioncheck.reporters.json import _dumps, branch_dict, branch_json, prepare_results

    for branch in check([DEMO]).branches:
        prepare_results(branch, "zh")
        branch.results[0].known = False  # marked after it was prepared, as a baseline does
        branch.results[len(branch.results) // 2].change = "new"  # and one in the middle, as --compare does
        for lang in ("zh", "en"):
            assert branch_json(branch, lang) == _dumps(branch_dict(branch, lang)).encode("utf-8")


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
