"""PRO — 职代会提案, beyond its case files: where it rests (benchmarks and the county's practice only, hence
severity warn), the 30 days as the county's number, and its place in the demo county's answer key."""

import pytest
import yaml
from conftest import DEMO, builtin, check, named_profile

from unioncheck import Status
from unioncheck.citations import NATIONAL, basis_text, citations

CODES = ("PRO001", "PRO002")


def _rule(code):
    return next(r for r in builtin()[0] if r.code == code)


@pytest.mark.parametrize("code", CODES)
def test_proposal_rules_rest_on_benchmarks_and_local_practice_only_and_default_to_warn(code):
    profile, rule = named_profile("county-health-bureau"), _rule(code)
    kinds = {c.kind for c in citations(rule, profile)}
    assert kinds == {"benchmark", "local"} and not kinds & {*NATIONAL, "provincial"}
    assert basis_text(rule, profile, "zh").startswith("无全国性或本省规定设定此标准")
    assert "参照外省标准：上海市职工代表大会条例" in basis_text(rule, profile, "zh")
    assert profile.severity[code].value == "warn"


def test_the_rulebooks_articles_are_cited_and_read_as_the_rulebook_says():
    profile = named_profile("county-health-bureau")
    cited = {(c.ref, c.articles) for code in CODES for c in citations(_rule(code), profile) if c.kind == "benchmark"}
    assert cited == {
        ("shanghai-congress", "第12条(一)"),
        ("shanghai-congress", "第36条"),
        ("henan-democratic-rights", "第21条"),
        ("school-congress", "第7条(五)"),
    }
    assert profile.regulations["school-congress"].read is False  # (M)
    assert profile.regulations["henan-democratic-rights"].read is True
    english = basis_text(_rule("PRO002"), profile, "en")
    assert "art. 12(1)" in english and "art. 7(5)" in english and "(一)" not in english  # the item in English too


def test_thirty_days_to_decide_is_the_countys_own_number():
    profile = named_profile("county-health-bureau")
    assert profile.params["PRO001"] == {"decide_days": 30}
    assert [c.kind for c in profile.cites[("PRO001", "decide_days")]] == ["local"]


def test_a_county_that_makes_the_rule_binding_fails_what_the_default_only_warns(tmp_path):
    """The rule itself fails an undecided proposal; the default profile's severity makes it a warning."""
    strict = tmp_path / "strict.yaml"
    strict.write_text(
        yaml.safe_dump({"extends": "county-health-bureau", "rules": {"PRO001": {"severity": "fail"}}}), "utf-8"
    )
    demo = DEMO / "10-DXZWSY.yaml"
    by_default = [r for r in check([demo], select=("PRO001",)).branches[0].results]
    strictly = [r for r in check([demo], select=("PRO001",), profile=strict).branches[0].results]
    assert [r.status for r in by_default] == [Status.WARN] and [r.status for r in strictly] == [Status.FAIL]
    assert by_default[0].key == strictly[0].key == "PRO001:DXZWSY:C2025-1-T03"


def test_the_demo_county_warns_where_its_answer_key_says_and_nowhere_else():
    report = check([DEMO], select=("PRO",))
    for branch in report.branches:
        header = "".join(line for line in open(branch.file, encoding="utf-8") if line.startswith("#"))
        warned = {
            r.rule
            for r in branch.results
            if r.rule in CODES and r.status not in (Status.PASS, Status.PENDING, Status.NA)
        }
        assert warned == {code for code in CODES if code in header}, branch.file
    dongxi = next(b for b in report.branches if b.code == "DXZWSY")
    messages = {r.rule: r.message.zh for r in dongxi.results if r.status == Status.WARN}
    assert "C2025-1-T03" in messages["PRO001"]
    assert "C2024-1 立案的 2 件提案中 1 件（C2024-1-T02）在 C2025-1（2025-03-20）前未答复" in messages["PRO002"]
