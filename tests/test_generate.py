"""The benchmark's generated county (bench/generate.py): compliant where no violation is asked for, with
every rule given something to judge, and each violation kind making the rule it names fail or warn."""

import sys

import pytest
from conftest import REPO, check, rule_codes

from unioncheck.model import Status

sys.path.insert(0, str(REPO / "bench"))
from generate import NOT_APPLICABLE, VIOLATIONS, generate  # noqa: E402

BAD = (Status.FAIL, Status.WARN, Status.ERROR)


def findings(report, statuses):
    return {(b.code, r.rule, r.status) for b in report.branches for r in b.results if r.status in statuses}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean")
    generate(out, 12, 0.0, 5)
    return check([out])


def test_a_county_without_violations_is_fully_compliant(clean):
    assert len(clean.branches) == 12
    assert findings(clean, BAD) == set()
    assert all(b.status in (Status.PASS, Status.PENDING) for b in clean.branches)


def test_every_rule_but_the_not_applicable_ones_has_something_to_judge(clean):
    judged = {r.rule for b in clean.branches for r in b.results if r.status != Status.NA}
    assert judged == set(rule_codes()) - NOT_APPLICABLE


def test_the_violation_kinds_and_the_rules_left_alone_name_registered_rules():
    assert set(VIOLATIONS.values()) | NOT_APPLICABLE <= set(rule_codes())


@pytest.mark.parametrize("kind", list(VIOLATIONS))
def test_each_violation_kind_makes_its_rule_fail_or_warn(kind, tmp_path):
    generate(tmp_path, 2, 1.0, 3, [kind])
    report = check([tmp_path])
    rule = VIOLATIONS[kind]
    flagged = {(code, status) for code, r, status in findings(report, BAD) if r == rule}
    assert {code for code, _ in flagged} == {b.code for b in report.branches}, f"{kind}: {rule} not flagged"
    assert all(status in (Status.FAIL, Status.WARN) for _, status in flagged)


def test_the_same_seed_writes_the_same_files(tmp_path):
    first = [p.read_bytes() for p in generate(tmp_path / "a", 30, 0.5, 9)]
    again = [p.read_bytes() for p in generate(tmp_path / "b", 30, 0.5, 9)]
    assert first == again
    assert first != [p.read_bytes() for p in generate(tmp_path / "c", 30, 0.5, 10)]


def test_an_unknown_kind_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no_such_kind"):
        generate(tmp_path, 1, 1.0, 1, ["no_such_kind"])
