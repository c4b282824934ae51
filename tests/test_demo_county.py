"""The demo county is a realistic mix: every family fails somewhere, some branches are compliant."""

import yaml
from conftest import DEMO, builtin, check, named_profile

from unioncheck.model import Status

BAD = (Status.FAIL, Status.ERROR)


def test_demo_has_at_least_twelve_branches_of_the_rulebook_unit_types():
    files = sorted(DEMO.glob("*.yaml"))
    assert len(files) >= 12
    types = {yaml.safe_load(f.read_text("utf-8"))["branch"]["unit_type"] for f in files}
    assert {
        "hospital",
        "tcm_hospital",
        "maternal_child",
        "township_health_center",
        "cdc",
        "health_supervision",
    } <= types


def test_every_family_fails_somewhere_and_some_branches_comply():
    """Every registered family breaks somewhere: fails, or warns where all its rules are warnings by default
    (a rule resting only on a benchmark, PRO and TRA)."""
    report = check([DEMO])
    rules, _ = builtin()
    severity = named_profile("county-health-bureau").severity
    for family in dict.fromkeys(r.family for r in rules):
        warn_only = all(severity[r.code].value == "warn" for r in rules if r.family == family)
        worst = BAD + ((Status.WARN,) if warn_only else ())
        assert any(b.family_status(family) in worst for b in report.branches), f"{family} never breaks in the demo"
    compliant = [b for b in report.branches if b.status not in BAD]
    assert 3 <= len(compliant) < len(report.branches)


def test_each_branch_header_names_the_rules_it_breaks():
    """The comment at the top of each demo file is its answer key: it names every rule that fails."""
    report = check([DEMO])
    for branch in report.branches:
        header = "".join(line for line in open(branch.file, encoding="utf-8") if line.startswith("#"))
        for rule in {r.rule for r in branch.results if r.status in BAD}:
            assert rule in header, f"{branch.file}: {rule} fails but the header does not say so"
