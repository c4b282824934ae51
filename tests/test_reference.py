"""The reference file stays valid and compliant, and the rulebook's worked example holds.

The reference branch file and its evidence live in ``fixtures/reference/``: the
project's own copy, so that a fresh clone with nothing beside it tests the same."""

import shutil

import yaml
from conftest import REFERENCE, builtin, check, cli

from unioncheck.model import Status


def _results(report, code):
    return [r for r in report.branches[0].results if r.rule == code]


def test_reference_is_compliant_on_the_command_line():
    run = cli("check", REFERENCE, "--as-of", "2025-12-31")
    assert run.returncode == 0, run.stdout + run.stderr


def test_reference_evidence_is_the_projects_own():
    """Every evidence file the reference names is a file inside fixtures/reference/, nothing borrowed."""
    data = yaml.safe_load(REFERENCE.read_text("utf-8"))
    named = [
        p
        for section in data.values()
        if isinstance(section, list)
        for record in section
        if isinstance(record, dict)
        for p in record.get("evidence") or ()
    ]
    assert named
    for relative in named:
        target = (REFERENCE.parent / relative).resolve()
        assert target.is_file() and REFERENCE.parent.resolve() in target.parents, relative


def test_reference_every_rule_passes_or_is_pending():
    report = check([REFERENCE])
    statuses = {r.status for r in report.branches[0].results}
    assert statuses <= {Status.PASS, Status.PENDING, Status.NA}
    rules, _ = builtin()
    assert {r.rule for r in report.branches[0].results} == {rule.code for rule in rules}  # every rule ran


FIRST_ROUND = REFERENCE.parent / "branch-example.yaml"  # the first round's reference, without the new sections
SECOND_ROUND = ("MEM", "PRO", "CON", "TRA")  # the families whose sections it lacks (RULEBOOK.md, "Second round")


def test_first_round_reference_stays_valid_and_every_first_round_rule_passes():
    """branch-example.yaml stays a valid fixture: the new sections are optional, and no verdict of the first
    round's families changes on it; what it lacks is the second round's sections only."""
    report = check([FIRST_ROUND])
    results = report.branches[0].results
    assert [r.status for r in results if r.rule == "DAT001"] == [Status.PASS]
    first = [r for r in results if r.rule[:3] not in SECOND_ROUND]
    assert first and {r.status for r in first} <= {Status.PASS, Status.PENDING, Status.NA}


def test_worked_example_due_dates():
    report = check([REFERENCE])
    assert [(r.status, str(r.due)) for r in _results(report, "ELE002")] == [(Status.PENDING, "2028-05-19")]
    pending = {r.message.en: str(r.due) for r in _results(report, "TRN001") if r.status == Status.PENDING}
    assert pending == {
        "union_finance 2025-Q4 due by 2026-01-30": "2026-01-30",
        "hardship_aid 2025 due by 2026-01-31": "2026-01-31",
    }


def _with_election_on(tmp_path, day):
    shutil.copytree(REFERENCE.parent, tmp_path / "b")
    target = tmp_path / "b" / REFERENCE.name
    target.write_text(target.read_text("utf-8").replace("date: 2023-05-19", f"date: {day}"), "utf-8")
    return target


def test_worked_example_election_2021_warns(tmp_path):
    report = check([_with_election_on(tmp_path, "2021-05-20")], select=("ELE",))
    assert [(r.status, str(r.due)) for r in _results(report, "ELE002")] == [(Status.WARN, "2026-05-20")]
    assert report.branches[0].status == Status.WARN


def test_worked_example_election_2020_fails(tmp_path):
    report = check([_with_election_on(tmp_path, "2020-05-20")], select=("ELE",))
    ele001 = _results(report, "ELE001")
    assert [r.status for r in ele001] == [Status.FAIL]
    assert "2025-05-20" in ele001[0].message.en


def test_worked_example_as_of_2024_sees_the_county_as_it_was():
    report = check([REFERENCE], as_of="2024-12-31")
    assert "(E2023)" in _results(report, "ELE001")[0].message.en
    assert [r.status for r in _results(report, "ELE001")] == [Status.PASS]
    pay = _results(report, "PAY001")
    assert [r.message.en.split(":")[0] for r in pay] == ["P2024"] and pay[0].status == Status.PASS
    held = _results(report, "CGR001")
    assert held[0].status == Status.PASS and "2024-03-22" in held[0].message.en
