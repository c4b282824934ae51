"""The command line as the three users meet it: exit codes, formats, options."""

import json

import pytest
from click.testing import CliRunner
from conftest import DEMO, DEMO_FILES, REFERENCE, REPO, compliant, demo_report, rule_codes, where
from jsonschema import Draft202012Validator

import unioncheck_rules
from unioncheck.cli import default_lang, main
from unioncheck.loader import load

FAMILIES = list(unioncheck_rules.FAMILIES)  # the order the builtin plugin declares
QUORUM = (DEMO / "03-XFYBJY.yaml", "congresses", "C2025-1", "delegates_present")  # the session without a quorum


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def demo_json(*extra):
    result = run("check", DEMO, "--as-of", "2025-12-31", "--format", "json", *extra)
    return result, json.loads(result.output)


def test_demo_table_has_matrix_findings_and_summary():
    result = run("check", DEMO, "--as-of", "2025-12-31", "--lang", "en")
    assert result.exit_code == 1
    out = result.output
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Branch"))
    report = demo_report()
    names = [report.family_name(f, "en") for f in FAMILIES]
    assert lines[at].split() == ["Branch", *" ".join(names).split(), "Overall", "Compliant", "Score", "Rank"]  # by name
    assert lines[at + 1].split() == FAMILIES  # the code below the name
    for code in ("XRMYY", "XFYBJY", "SLZWSY", "XJJZX"):
        assert code in out
    assert "pending 2028-05-19" in out  # a due date in the cell
    quorum = where(*QUORUM)
    assert "Findings" in out and f"03-XFYBJY.yaml:{quorum.line}:{quorum.column}" in out
    assert f"Summary: {len(DEMO_FILES)} branches, {compliant(demo_report())} compliant" in out


def test_json_shape_is_stable():
    result, report = demo_json()
    assert result.exit_code == 1
    assert set(report) == {"as_of", "period", "profile", "branches", "summary"}
    assert report["as_of"] == "2025-12-31"
    assert report["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert report["profile"] == "county-health-bureau"
    assert report["summary"]["branches"] == len(DEMO_FILES) == len(report["branches"])
    assert sum(report["summary"]["by_status"].values()) == len(DEMO_FILES)
    for branch in report["branches"]:
        assert {"code", "name", "file", "status", "results"} <= set(branch)
        for r in branch["results"]:
            assert {"rule", "family", "status", "message", "due", "location"} <= set(r)
            assert r["status"] in {"pass", "pending", "warn", "fail", "n/a", "error"}
            assert r["location"] is None or set(r["location"]) == {"file", "line", "column"}


def test_every_rule_that_ran_appears_passes_included():
    _, report = demo_json()
    valid = next(b for b in report["branches"] if b["code"] == "XRMYY")
    assert {r["rule"] for r in valid["results"]} == set(rule_codes())
    assert all(r["status"] in ("pass", "pending", "n/a") for r in valid["results"])


def test_invalid_file_is_an_error_with_dat001_only():
    _, report = demo_json()
    invalid = next(b for b in report["branches"] if b["code"] == "SLZWSY")
    assert invalid["status"] == "error"
    assert {r["rule"] for r in invalid["results"]} == {"DAT001"}
    assert any("2025-03-20" in r["message"] for r in invalid["results"])


def test_unreadable_file_still_appears(tmp_path):
    missing = tmp_path / "gone.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text("branch: [unclosed\n", "utf-8")
    result = run("check", REFERENCE, missing, broken, "--as-of", "2025-12-31", "--format", "json", "--lang", "en")
    report = json.loads(result.output)
    assert result.exit_code == 1
    by_file = {b["file"]: b for b in report["branches"]}
    assert by_file[str(missing)]["status"] == "error" and by_file[str(missing)]["code"] is None
    assert "no such file" in by_file[str(missing)]["results"][0]["message"]
    located = by_file[str(broken)]["results"][0]["location"]
    assert located["line"] == 2 and located["file"] == str(broken)
    assert by_file[str(REFERENCE)]["status"] == "pending"


def test_branch_checks_its_own_file_exit_0():
    result = run("check", REFERENCE, "--as-of", "2025-12-31")
    assert result.exit_code == 0
    assert "通过" in result.output  # Chinese first


def test_fail_on_thresholds(tmp_path):
    only_warn = DEMO / "13-MTZWSY.yaml"  # ELE002 warns, nothing fails
    assert run("check", only_warn, "--as-of", "2025-12-31").exit_code == 0
    assert run("check", only_warn, "--as-of", "2025-12-31", "--fail-on", "warn").exit_code == 1
    assert run("check", DEMO, "--as-of", "2025-12-31", "--fail-on", "never").exit_code == 0


def test_select_and_ignore_by_code_and_prefix():
    _, report = demo_json("--select", "ELE", "--select", "CGR001", "--ignore", "ELE006")
    ran = {r["rule"] for b in report["branches"] for r in b["results"] if b["code"] != "SLZWSY"}
    assert ran == {"CGR001", "ELE001", "ELE002", "ELE003", "ELE004", "ELE005"}


def test_deselected_validity_rule_still_reports_invalid_files():
    _, report = demo_json("--select", "CGR")
    invalid = next(b for b in report["branches"] if b["code"] == "SLZWSY")
    assert invalid["status"] == "error" and {r["rule"] for r in invalid["results"]} == {"DAT001"}


def test_year_sets_the_audit_period():
    result = run("check", REFERENCE, "--as-of", "2025-12-31", "--year", "2024", "--format", "json")
    report = json.loads(result.output)
    assert report["period"] == {"start": "2024-01-01", "end": "2024-12-31"}


def test_language_choice():
    zh = run("check", REFERENCE, "--as-of", "2025-12-31", "--lang", "zh", "--select", "CGR002", "--format", "json")
    en = run("check", REFERENCE, "--as-of", "2025-12-31", "--lang", "en", "--select", "CGR002", "--format", "json")
    assert (
        json.loads(zh.output)["branches"][0]["results"][0]["message"] == "C2025-1：应到 68 人，实到 61 人，法定人数 46"
    )
    assert (
        json.loads(en.output)["branches"][0]["results"][0]["message"]
        == "C2025-1: 61 of 68 delegates present, quorum 46"
    )


@pytest.mark.parametrize(
    "env,lang",
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({}, "zh"),
    ],
)
def test_language_defaults_from_the_locale(monkeypatch, env, lang):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert default_lang() == lang


@pytest.mark.parametrize(
    "args,expected",
    [
        (["check", REFERENCE, "--profile", "no-such-profile"], "profile 'no-such-profile' not found"),
        (["check", REFERENCE, "--plugin", "/nonexistent/plugin.py"], "plugin file not found"),
        (["check", REFERENCE, "--as-of", "2025/12/31"], "--as-of"),
        (["check", REFERENCE, "--fail-on", "sometimes"], "--fail-on"),
        (["explain", "XYZ999"], "no rule XYZ999"),
    ],
)
def test_usage_and_configuration_errors_exit_2(args, expected):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_directory_without_branch_files_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "no *.yaml or *.yml file" in result.output


def test_rules_lists_every_rule_in_both_languages():
    table = run("rules")
    assert table.exit_code == 0 and "CGR001" in table.output and "年度职工(代表)大会已召开" in table.output
    rows = json.loads(run("rules", "--format", "json").output)
    assert [r["code"] for r in rows] == rule_codes()
    assert list(dict.fromkeys(r["family"] for r in rows)) == FAMILIES  # in the order reports show them
    for row in rows:
        assert row["title_zh"] and row["title_en"] and row["basis"] and row["severity"] in ("fail", "warn")


def test_explain_text_and_json():
    text = run("explain", "CGR002", "--lang", "en").output
    for part in (
        "CGR002 (congress-quorum)",
        "## What it does",
        "## Why is this bad?",
        "## How to fix",
        "## Example",
        "- quorum — share of all delegates present for a valid session",  # each parameter: name, meaning,
        'value: "2/3"',  # value
        "source: two thirds of all delegates present",  # and source
        "cites: Regulations of Shanghai Municipality on the Workers' Congress art. 30 — benchmark; Shanghai",
    ):
        assert part in text
    zh = run("explain", "cgr002", "--lang", "zh").output
    assert "## 检查什么" in zh and "## 如何改正" in zh
    doc = json.loads(run("explain", "HRD004", "--format", "json").output)
    assert doc["params"]["publicity_working_days"]["value"] == 5
    assert doc["params"]["publicity_working_days"]["meaning"]["zh"] == "建档前公示的最少工作日数"
    assert doc["what"]["zh"] and doc["why"]["en"] and doc["fix"]["en"] and doc["example"]


def test_every_rule_explains_itself():
    for row in json.loads(run("rules", "--format", "json").output):
        doc = json.loads(run("explain", row["code"], "--format", "json").output)
        for part in ("what", "why", "fix"):
            assert doc[part]["zh"] and doc[part]["en"], f"{row['code']} has no {part}"
        assert doc["example"], f"{row['code']} has no example"


def test_schema_is_a_valid_2020_12_schema_that_accepts_the_reference():
    schema = json.loads(run("schema").output)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    errors = list(Draft202012Validator(schema).iter_errors(load(str(REFERENCE)).data))
    assert errors == []


def test_help_and_version():
    import re  # tomllib is Python 3.11+
    from importlib.metadata import version

    declared = re.search(r'^version = "([^"]+)"', (REPO / "pyproject.toml").read_text("utf-8"), re.M).group(1)
    assert run("--help").exit_code == 0
    assert version("unioncheck") == declared, "the installed metadata is the project's version (reinstall)"
    assert run("--version").output.strip().endswith(declared)


def test_directory_skips_hidden_and_configuration_files(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "xrmyy.yaml").write_bytes(REFERENCE.read_bytes())
    for name in (".unioncheck.yaml", "unioncheck.yaml", ".gitlab-ci.yml", ".pre-commit-config.yaml"):
        (tmp_path / name).write_text("lang: en\n", "utf-8")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n", "utf-8")
    report = json.loads(run("check", tmp_path, "--as-of", "2025-12-31", "--format", "json", "--isolated").output)
    assert [b["file"].rsplit("/", 1)[-1] for b in report["branches"]] == ["xrmyy.yaml"]
    named = json.loads(run("check", tmp_path / "unioncheck.yaml", "--format", "json", "--isolated").output)
    assert named["branches"][0]["status"] == "error"  # named explicitly, it is read (and is no branch file)


def test_a_date_option_written_another_way_shows_the_iso_form():
    result = CliRunner().invoke(main, ["check", str(REFERENCE), "--as-of", "2025/12/31"])
    assert result.exit_code == 2
    assert (
        "不是 YYYY-MM-DD 形式的日期，应写成 2025-12-31 / is not a date in YYYY-MM-DD form; write 2025-12-31"
        in result.output
    )
