"""The CI gate: configuration precedence, waivers, baselines, --changed-since."""

import json
import shutil
import subprocess

import pytest
import yaml
from conftest import DEMO, DEMO_FILES, cli, where

ONLY_WARNS = "13-MTZWSY.yaml"  # ELE002 warns, nothing fails


@pytest.fixture
def county(tmp_path):
    shutil.copytree(DEMO, tmp_path / "data")
    return tmp_path


def check_json(*args, cwd):
    run = cli("check", *args, "--format", "json", "--lang", "en", cwd=cwd)
    return run, (json.loads(run.stdout) if run.stdout.strip() else None)


# ---- configuration -------------------------------------------------------------


def test_nearest_configuration_upward_supplies_defaults(county):
    (county / ".unioncheck.yaml").write_text("paths: [data]\nselect: [ELE]\nfail-on: warn\n", "utf-8")
    inner = county / "data"
    run, report = check_json("--as-of", "2025-12-31", cwd=inner / "evidence")  # two levels below it
    assert {r["rule"][:3] for b in report["branches"] if b["code"] != "SLZWSY" for r in b["results"]} == {"ELE"}
    assert len(report["branches"]) == len(DEMO_FILES) and run.returncode == 1


def test_command_line_overrides_configuration(county):
    (county / "unioncheck.yaml").write_text("select: [ELE]\nlang: zh\n", "utf-8")
    run, report = check_json(county / "data" / ONLY_WARNS, "--as-of", "2025-12-31", "--select", "CGR001", cwd=county)
    assert {r["rule"] for r in report["branches"][0]["results"]} == {"CGR001"}
    assert report["branches"][0]["results"][0]["message"].startswith("congress held")  # --lang en won over lang: zh


def test_as_of_pinned_in_pyproject_as_a_toml_date(county):
    (county / "pyproject.toml").write_text("[tool.unioncheck]\nas-of = 2024-12-31\n", "utf-8")
    _, report = check_json(county / "data" / ONLY_WARNS, cwd=county)
    assert report["as_of"] == "2024-12-31" and report["period"]["start"] == "2024-01-01"


def test_pyproject_tool_table_and_fail_on(county):
    (county / "pyproject.toml").write_text('[tool.unioncheck]\nfail-on = "warn"\n', "utf-8")
    assert cli("check", county / "data" / ONLY_WARNS, "--as-of", "2025-12-31", cwd=county).returncode == 1
    assert cli("check", county / "data" / ONLY_WARNS, "--as-of", "2025-12-31", "--isolated", cwd=county).returncode == 0


def test_explicit_config_file_and_relative_paths(county):
    conf = county / "ci" / "gate.yaml"
    conf.parent.mkdir()
    conf.write_text("paths: [../data]\nformat: ['json:../out/report.json']\nprofile: ../strict.yaml\n", "utf-8")
    (county / "out").mkdir()
    (county / "strict.yaml").write_text("profile: strict\nextends: county-health-bureau\n", "utf-8")
    run = cli("check", "--config", conf, "--as-of", "2025-12-31", cwd=county / "out")
    report = json.loads((county / "out" / "report.json").read_text("utf-8"))
    assert report["profile"] == "strict" and len(report["branches"]) == len(DEMO_FILES) and run.returncode == 1


@pytest.mark.parametrize(
    "body,expected",
    [
        ("fail_on: sometimes\n", "wrong value for 'fail_on'"),
        ("selekt: [ELE]\n", "unknown key 'selekt'; did you mean 'select'?"),
        ("rule-timeout: soon\n", "wrong value for 'rule-timeout'"),
        ("select: [ELE\n", "YAML syntax error"),
    ],
)
def test_configuration_errors_name_file_and_key(county, body, expected):
    (county / ".unioncheck.yaml").write_text("lang: en\n" + body, "utf-8")
    run = cli("check", county / "data", cwd=county)
    assert run.returncode == 2
    assert expected in run.stderr and ".unioncheck.yaml:" in run.stderr and "Traceback" not in run.stderr


def test_configuration_error_in_pyproject_names_file_and_key(county):
    (county / "pyproject.toml").write_text('[tool.unioncheck]\nformats = ["table"]\n', "utf-8")
    run = cli("check", county / "data", cwd=county)
    assert run.returncode == 2 and "pyproject.toml: [tool.unioncheck] formats" in run.stderr


# ---- waivers ---------------------------------------------------------------------

WAIVER = {
    "branch": "XWSJD",
    "rule": "ELE001",
    "reason": "机构改革，换届暂缓",
    "approved_by": "县卫生健康局工会",
    "document": "县卫健工〔2025〕30号",
    "expires": "2026-06-30",
}


def _waivers(county, *items):
    path = county / "waivers.yaml"
    path.write_text(yaml.safe_dump({"waivers": list(items)}, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_waived_result_is_reported_as_waived_never_hidden(county):
    path = _waivers(county, WAIVER, {**WAIVER, "rule": "ELE006"})
    run, report = check_json(county / "data" / "05-XWSJD.yaml", "--as-of", "2025-12-31", "--waivers", path, cwd=county)
    assert run.returncode == 0  # the only failures are waived
    ele001 = next(r for r in report["branches"][0]["results"] if r["rule"] == "ELE001")
    assert ele001["status"] == "waived"
    assert ele001["waiver"] == {
        "reason": "机构改革，换届暂缓",
        "approved_by": "县卫生健康局工会",
        "document": "县卫健工〔2025〕30号",
        "expires": "2026-06-30",
    }
    table = cli(
        "check",
        county / "data" / "05-XWSJD.yaml",
        "--as-of",
        "2025-12-31",
        "--waivers",
        path,
        "--lang",
        "en",
        cwd=county,
    )
    unwrapped = "".join(table.stdout.split())  # the findings table wraps long messages
    assert "waived:机构改革，换届暂缓(县卫生健康局工会县卫健工〔2025〕30号,until2026-06-30)" in unwrapped
    assert "XWSJD     ELE001  waived" in table.stdout


def test_expired_waiver_no_longer_applies_and_is_reported(county):
    path = _waivers(county, {**WAIVER, "expires": "2025-12-01"})
    run, report = check_json(county / "data" / "05-XWSJD.yaml", "--as-of", "2025-12-31", "--waivers", path, cwd=county)
    assert run.returncode == 1
    assert next(r for r in report["branches"][0]["results"] if r["rule"] == "ELE001")["status"] == "fail"
    assert [w["state"] for w in report["waivers"]] == ["expired"]
    table = cli(
        "check",
        county / "data" / "05-XWSJD.yaml",
        "--as-of",
        "2025-12-31",
        "--waivers",
        path,
        "--lang",
        "en",
        cwd=county,
    )
    assert "XWSJD ELE001 (县卫健工〔2025〕30号, 2025-12-01): expired: no longer applies" in table.stdout
    github = cli(
        "check",
        county / "data" / "05-XWSJD.yaml",
        "--as-of",
        "2025-12-31",
        "--waivers",
        path,
        "-f",
        "github",
        cwd=county,
    )
    assert "title=waiver expired::XWSJD ELE001" in github.stdout


def test_waiver_that_matches_nothing_is_reported(county):
    path = _waivers(county, WAIVER, {**WAIVER, "branch": "XRMYY"})
    _, report = check_json(county / "data", "--as-of", "2025-12-31", "--waivers", path, cwd=county)
    assert [w["state"] for w in report["waivers"]] == ["active", "unused"]


@pytest.mark.parametrize("missing", ["reason", "approved_by", "document", "expires"])
def test_waiver_without_a_required_field_is_a_configuration_error(county, missing):
    path = _waivers(county, {k: v for k, v in WAIVER.items() if k != missing})
    run = cli("check", county / "data", "--waivers", path, cwd=county)
    assert run.returncode == 2
    assert f"is missing '{missing}'" in run.stderr and "waivers.yaml:2" in run.stderr


def test_waivers_command_lists_every_state(county):
    path = _waivers(
        county,
        WAIVER,
        {**WAIVER, "rule": "ELE006", "expires": "2026-01-20"},
        {**WAIVER, "branch": "XFYBJY", "rule": "CGR002", "expires": "2025-06-30"},
        {**WAIVER, "branch": "XRMYY"},
    )
    run = cli("waivers", county / "data", "--waivers", path, "--as-of", "2025-12-31", "--format", "json", cwd=county)
    assert run.returncode == 0, run.stderr
    assert [w["state"] for w in json.loads(run.stdout)] == ["active", "expiring", "expired", "unused"]
    table = cli("waivers", county / "data", "--waivers", path, "--as-of", "2025-12-31", cwd=county)
    assert "expiring" in table.stdout and "unused" in table.stdout


# ---- baselines -------------------------------------------------------------------


def test_baseline_makes_only_new_findings_fail(county):
    data, baseline = county / "data", county / "baseline.json"
    written = cli("check", data, "--as-of", "2025-12-31", "--write-baseline", baseline, cwd=county)
    assert written.returncode == 0 and baseline.exists()
    run, report = check_json(data, "--as-of", "2025-12-31", "--baseline", baseline, cwd=county)
    assert run.returncode == 0  # everything failing is known
    quorum = next(
        r for b in report["branches"] for r in b["results"] if r["rule"] == "CGR002" and r["status"] == "fail"
    )
    assert quorum["baseline"] == "known" and report["summary"]["findings"]["new"] == 0
    # a new failure in a branch that was clean
    target = data / "01-XRMYY.yaml"
    target.write_text(target.read_text("utf-8").replace("delegates_present: 61", "delegates_present: 40", 1), "utf-8")
    run, report = check_json(data, "--as-of", "2025-12-31", "--baseline", baseline, cwd=county)
    assert run.returncode == 1
    new = [(b["code"], r["rule"]) for b in report["branches"] for r in b["results"] if r.get("baseline") == "new"]
    assert new == [("XRMYY", "CGR002"), ("XRMYY", "PAY001"), ("XRMYY", "PAY002")]  # 61 votes cast, 40 present


def test_baseline_survives_unrelated_edits_that_move_lines(county):
    data, baseline = county / "data", county / "baseline.json"
    cli("check", data, "--as-of", "2025-12-31", "--write-baseline", baseline, cwd=county)
    target = data / "03-XFYBJY.yaml"
    target.write_text("# 2026-01-05 补充说明\n# another note\n" + target.read_text("utf-8"), "utf-8")
    run, report = check_json(data, "--as-of", "2025-12-31", "--baseline", baseline, cwd=county)
    assert run.returncode == 0
    quorum = next(
        r for b in report["branches"] for r in b["results"] if r["rule"] == "CGR002" and r["status"] == "fail"
    )
    before = where(DEMO / "03-XFYBJY.yaml", "congresses", "C2025-1", "delegates_present").line
    assert quorum["baseline"] == "known" and quorum["location"]["line"] == before + 2  # two lines were added above


def test_missing_baseline_is_a_configuration_error(county):
    run = cli("check", county / "data", "--baseline", county / "nope.json", cwd=county)
    assert run.returncode == 2 and "baseline file not found" in run.stderr


# ---- --changed-since ---------------------------------------------------------------


def _git(repo, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True, capture_output=True
    )


def test_changed_since_checks_only_changed_branches_but_sees_all(county):
    _git(county, "init", "-q")
    _git(county, "add", "-A")
    _git(county, "commit", "-qm", "county")
    changed = county / "data" / "11-BSXWSY.yaml"
    changed.write_text(changed.read_text("utf-8").replace("data_as_of: 2025-12-18", "data_as_of: 2025-12-19"), "utf-8")
    run, report = check_json("data", "--as-of", "2025-12-31", "--changed-since", "HEAD", cwd=county)
    assert [b["code"] for b in report["branches"]] == ["BSXWSY"]
    hrd006 = [r for r in report["branches"][0]["results"] if r["rule"] == "HRD006"]
    assert hrd006[0]["status"] == "fail" and "CGZWSY/KN-CGZ-01" in hrd006[0]["message"]  # an unchanged branch was read
    run, report = check_json(
        "data", "--as-of", "2025-12-31", "--changed-since", "HEAD~0", "--select", "CGR", cwd=county
    )
    (county / "data" / "15-NEW.yaml").write_bytes(
        (DEMO / "01-XRMYY.yaml").read_bytes().replace(b"code: XRMYY", b"code: NEWBR")
    )
    run, report = check_json("data", "--as-of", "2025-12-31", "--changed-since", "HEAD", cwd=county)
    assert sorted(b["code"] for b in report["branches"]) == ["BSXWSY", "NEWBR"]  # untracked files count


def test_changed_since_nothing_changed_and_bad_ref(county):
    _git(county, "init", "-q")
    _git(county, "add", "-A")
    _git(county, "commit", "-qm", "county")
    run, report = check_json("data", "--as-of", "2025-12-31", "--changed-since", "HEAD", cwd=county)
    assert run.returncode == 0 and report["branches"] == [] and "no branch file changed since HEAD" in run.stderr
    bad = cli("check", "data", "--changed-since", "no-such-ref", cwd=county)
    assert bad.returncode == 2 and "git knows no revision 'no-such-ref'" in bad.stderr
