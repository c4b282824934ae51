"""Phasing in (``from_year``): a profile starts a rule or a whole family from an audit year; auditing an
earlier year, each branch gets one n/a result for it, and nothing else of it."""

import json
import shutil

import pytest
from conftest import DEMO, REFERENCE, REPO, builtin, check, cli

from unioncheck import Rule, RuleDoc, Status, Text
from unioncheck.profile import ProfileError, load_profile

PHASE_IN = REPO / "rules" / "county-health-bureau-phase-in.yaml"
SECOND_ROUND = ("MEM", "PRO", "CON", "TRA")


def _profile(tmp_path, body, name="mine.yaml"):
    path = tmp_path / name
    path.write_text(body, "utf-8")
    return path


def _family(code):
    return [r.code for r in builtin()[0] if r.family == code]


def _by_rule(report, code):
    """Every branch's results of rule ``code``: {file: [results]}."""
    return {b.file: [r for r in b.results if r.rule == code] for b in report.branches}


def _valid_branches(report):
    return [b for b in report.branches if not any(r.rule == "DAT001" and r.status == Status.ERROR for r in b.results)]


def test_a_rule_from_a_later_year_gives_one_na_per_branch_and_nothing_else(tmp_path):
    mine = _profile(tmp_path, "extends: county-health-bureau\nrules:\n  TRN001: {from_year: 2026}\n")
    report = check([DEMO], profile=mine)  # auditing 2025
    valid = _valid_branches(report)
    assert valid
    for branch in valid:
        (only,) = [r for r in branch.results if r.rule == "TRN001"]
        assert only.status == Status.NA and only.family == "TRN"
        assert "自 2026 年度起检查" in only.message.zh and "checked from the 2026 audit year" in only.message.en
        assert "2025" in only.message.zh and "2025" in only.message.en  # the audit year, too
    assert "TRN001" in [r.code for r in report.rules]  # still part of the report: the matrix shows it n/a
    plain = check([DEMO])
    assert any(r.status == Status.FAIL for rs in _by_rule(plain, "TRN001").values() for r in rs)  # it did fail
    for code in (c for c in _family("TRN") if c != "TRN001"):  # the other rules of the family still run
        assert _by_rule(report, code) == _by_rule(plain, code)


@pytest.mark.parametrize("start", [2025, 2024])
def test_a_rule_from_the_audit_year_or_earlier_runs(tmp_path, start):
    mine = _profile(tmp_path, f"extends: county-health-bureau\nrules:\n  TRN001: {{from_year: {start}}}\n")
    phased, plain = check([DEMO], profile=mine), check([DEMO])
    assert [(r.status, r.message) for rs in _by_rule(phased, "TRN001").values() for r in rs] == [
        (r.status, r.message) for rs in _by_rule(plain, "TRN001").values() for r in rs
    ]


def test_a_whole_family_from_a_later_year_including_its_dataset_rules(tmp_path):
    mine = _profile(tmp_path, "extends: county-health-bureau\nfamilies:\n  HRD: {from_year: 2026}\n")
    report = check([DEMO], profile=mine)
    scopes = {r.code: r.scope for r in builtin()[0]}
    assert "dataset" in {scopes[c] for c in _family("HRD")}, "HRD006 compares files: a dataset rule"
    for branch in _valid_branches(report):
        found = [r for r in branch.results if r.family == "HRD"]
        assert sorted(r.rule for r in found) == sorted(_family("HRD"))
        assert {r.status for r in found} == {Status.NA}
        assert branch.family_status("HRD") == Status.NA


def test_a_rules_own_year_wins_over_its_familys(tmp_path):
    mine = _profile(
        tmp_path,
        "extends: county-health-bureau\nfamilies:\n  HRD: {from_year: 2026}\n  TRN: {from_year: 2024}\n"
        "rules:\n  HRD004: {from_year: 2025}\n  TRN002: {from_year: 2027}\n",
    )
    rules, registered = builtin()
    profile = load_profile(str(mine), rules, registered)
    assert profile.from_year["HRD004"] == 2025 and profile.from_year["HRD001"] == 2026
    assert profile.from_year["TRN002"] == 2027 and profile.from_year["TRN001"] == 2024
    report = check([DEMO], profile=mine)
    for branch in _valid_branches(report):
        status = {r.rule: r.status for r in branch.results}
        assert status["HRD001"] == Status.NA and status["TRN002"] == Status.NA
    plain = check([DEMO])
    assert _by_rule(report, "HRD004") == _by_rule(plain, "HRD004")
    assert _by_rule(report, "TRN001") == _by_rule(plain, "TRN001")


def test_an_extending_profile_inherits_and_may_undo_a_phase_in(tmp_path):
    _profile(tmp_path, "extends: county-health-bureau\nfamilies:\n  TRN: {from_year: 2026}\n", "base.yaml")
    inherits = _profile(tmp_path, "extends: base.yaml\n", "inherits.yaml")
    undoes = _profile(tmp_path, "extends: base.yaml\nrules:\n  TRN001: {from_year: null}\n", "undoes.yaml")
    rules, registered = builtin()
    assert load_profile(str(inherits), rules, registered).from_year["TRN001"] == 2026
    undone = load_profile(str(undoes), rules, registered).from_year
    assert "TRN001" not in undone and undone["TRN002"] == 2026


def test_severity_off_still_removes_a_phased_rule(tmp_path):
    mine = _profile(tmp_path, "extends: county-health-bureau\nrules:\n  TRN001: {from_year: 2026, severity: off}\n")
    report = check([DEMO], profile=mine)
    assert not any(r.rule == "TRN001" for b in report.branches for r in b.results)


@pytest.mark.parametrize(
    "line,value",
    [
        ("  TRN001: {from_year: soon}\n", "'soon'"),
        ("  TRN001: {from_year: 2026.5}\n", "2026.5"),
        ("  TRN001: {from_year: true}\n", "True"),
        ("  TRN001: {from_year: 1800}\n", "1800"),
        ("  TRN001: {from_year: '2026'}\n", "'2026'"),
    ],
)
def test_a_bad_from_year_is_refused_at_its_line(tmp_path, line, value):
    mine = _profile(tmp_path, "extends: county-health-bureau\nrules:\n" + line)
    rules, registered = builtin()
    with pytest.raises(ProfileError) as caught:
        load_profile(str(mine), rules, registered)
    message = str(caught.value)
    assert "mine.yaml:3:" in message and "from_year" in message and value in message
    assert "应为审计年度" in message and "must be an audit year" in message


def test_a_bad_family_from_year_is_refused_on_the_command_line_with_exit_2(tmp_path):
    mine = _profile(tmp_path, "extends: county-health-bureau\nfamilies:\n  TRN:\n    from_year: next year\n")
    run = cli("check", REFERENCE, "--as-of", "2025-12-31", "--profile", mine, "--no-cache")
    assert run.returncode == 2
    assert "mine.yaml:4:" in run.stderr and "from_year" in run.stderr and "Traceback" not in run.stderr


def test_an_unknown_family_is_refused_as_before(tmp_path):
    mine = _profile(tmp_path, "extends: county-health-bureau\nfamilies:\n  XYZ: {from_year: 2026}\n")
    rules, registered = builtin()
    with pytest.raises(ProfileError, match="unknown rule family XYZ"):
        load_profile(str(mine), rules, registered)


def test_rules_explain_and_the_reference_show_the_year(tmp_path):
    mine = _profile(tmp_path, "extends: county-health-bureau\nfamilies:\n  TRN: {from_year: 2026}\n")
    rows = {r["code"]: r for r in json.loads(cli("rules", "--format", "json", "--profile", mine).stdout)}
    assert rows["TRN001"]["from_year"] == 2026 and rows["CGR001"]["from_year"] is None
    table = cli("rules", "--profile", mine).stdout
    assert "from 2026" in table
    explained = cli("explain", "TRN001", "--profile", mine, "--lang", "en").stdout
    assert "checked from the 2026 audit year" in explained
    assert json.loads(cli("explain", "TRN003", "--format", "json", "--profile", mine).stdout)["from_year"] == 2026
    reference = cli("rules", "--format", "markdown", "--profile", mine).stdout
    section = reference.split("### TRN001")[1].split("###")[0]
    assert "自 2026 年度起检查 / checked from the 2026 audit year" in section
    assert "checked from" not in reference.split("### CGR001")[1].split("###")[0]
    assert "checked from" not in cli("explain", "TRN001", "--lang", "en").stdout  # the default sets none


def _results(data, cwd, *extra):
    """The findings of a check of ``data`` as its JSON report gives them, per branch."""
    target = cwd / "out.json"
    run = cli("check", data, "--as-of", "2025-12-31", "-f", f"json:{target}", *extra, cwd=cwd)
    assert run.returncode in (0, 1), run.stderr
    return [b["results"] for b in json.loads(target.read_text("utf-8"))["branches"]]


def test_the_cache_and_workers_keep_the_phase_in(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    mine = _profile(tmp_path, "extends: county-health-bureau\nfamilies:\n  TRN: {from_year: 2026}\n")
    plain = _results(data, tmp_path)
    cold = _results(data, tmp_path, "--profile", mine)
    warm = _results(data, tmp_path, "--profile", mine, "-j", "2")
    uncached = _results(data, tmp_path, "--profile", mine, "--no-cache", "-j", "2")
    assert cold == warm == uncached != plain
    assert {r["status"] for b in warm for r in b if r["family"] == "TRN"} == {"n/a"}
    mine.write_text("extends: county-health-bureau\nfamilies:\n  TRN: {from_year: 2025}\n", "utf-8")
    assert _results(data, tmp_path, "--profile", mine) == plain  # the year changed: judged again


def test_a_phased_rule_fails_no_gate_and_a_baseline_still_holds(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    base = tmp_path / "baseline.json"
    keep = cli("check", data, "--as-of", "2025-12-31", "--write-baseline", base, "--no-cache", cwd=tmp_path)
    assert keep.returncode == 0 and base.exists(), keep.stderr
    failing = {r.family for b in check([DEMO]).branches for r in b.results if r.status == Status.FAIL}
    lines = "".join(f"  {family}: {{from_year: 2026}}\n" for family in sorted(failing))
    mine = _profile(tmp_path, "extends: county-health-bureau\nfamilies:\n" + lines)
    report = check([DEMO], profile=mine)
    assert not [r for b in report.branches for r in b.results if r.status == Status.FAIL]
    run = cli("check", data, "--as-of", "2025-12-31", "--profile", mine, "--no-cache", cwd=tmp_path)
    assert run.returncode == 1, "the invalid demo file is still an error: an invalid file is never phased in"
    assert "DAT001" in run.stdout
    gated = cli(
        "check", data, "--as-of", "2025-12-31", "--profile", mine, "--baseline", base, "--no-cache", cwd=tmp_path
    )
    assert gated.returncode == 0, gated.stdout + gated.stderr


def test_the_bundled_phase_in_profile_starts_the_second_round_in_2026():
    rules, registered = builtin()
    known = {r.family for r in rules}
    missing = [f for f in SECOND_ROUND if f not in known]
    if missing:
        pytest.skip(f"families {', '.join(missing)} are not registered yet: the phase-in profile names them")
    profile = load_profile("county-health-bureau-phase-in", rules, registered)
    assert profile.chain[-1] == str(PHASE_IN)
    for rule in rules:
        assert profile.from_year.get(rule.code) == (2026 if rule.family in SECOND_ROUND else None), rule.code
    report = check([REFERENCE], profile="county-health-bureau-phase-in")
    (branch,) = report.branches
    for family in SECOND_ROUND:
        assert branch.family_status(family) == Status.NA


def test_the_bundled_phase_in_profile_loads_once_the_families_exist():
    """Stand-in rules of the second round's families (the real ones come with their own branches): the
    profile names families the registry must know, and starts every rule of them in 2026."""
    rules, registered = builtin()
    stand_ins = [
        Rule(
            f"{family}901",
            family,
            "stand-in",
            Text("替身", "stand-in"),
            "-",
            lambda d, c: [],
            RuleDoc(*[Text("", "")] * 3),
        )
        for family in SECOND_ROUND
        if family not in {r.family for r in rules}
    ]
    profile = load_profile("county-health-bureau-phase-in", rules + stand_ins, registered)
    for rule in rules + stand_ins:
        assert profile.from_year.get(rule.code) == (2026 if rule.family in SECOND_ROUND else None), rule.code
    assert profile.deferred(f"{SECOND_ROUND[0]}901", 2025) or not stand_ins
    assert not any(profile.deferred(r.code, 2026) for r in rules + stand_ins)
