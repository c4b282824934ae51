"""Profiles: the default one is complete and sourced; others extend it; mistakes are named."""

import pytest
import yaml
from conftest import REFERENCE, REPO, builtin, check

from unioncheck.model import Status
from unioncheck.profile import ProfileError, load_profile

DEFAULT = REPO / "rules" / "county-health-bureau.yaml"


def _profile(tmp_path, body):
    path = tmp_path / "mine.yaml"
    path.write_text(body, "utf-8")
    return path


def test_default_profile_gives_every_parameter_explicitly_with_its_source():
    rules, registered = builtin()
    raw = yaml.safe_load(DEFAULT.read_text("utf-8"))
    profile = load_profile("county-health-bureau", rules, registered)
    for rule in rules:
        assert rule.code in raw["rules"], f"{rule.code} is not in the default profile"
        for param in rule.params:
            assert profile.sources.get((rule.code, param.name)), f"{rule.code}.{param.name} has no source"


def test_default_parameters_are_the_rulebooks():
    rules, registered = builtin()
    p = load_profile("county-health-bureau", rules, registered).params
    assert p["CGR001"] == {"warn_days": 90}
    assert p["CGR002"] == {"quorum": "2/3"}
    assert p["CGR003"] == {"representative_from_staff": 100, "min_delegates": 30, "min_delegate_share": 0.05}
    assert p["CGR004"] == {"papers_days_before": 7}
    assert p["PAY002"] == {"majority_of": "all_delegates"}
    assert p["ELE002"] == {"warn_days": 180}
    assert p["ELE003"] == {"max_postponement_months": 6}
    assert p["ELE004"] == {"quorum": "2/3", "min_contest_ratio": 0.05}
    assert p["ELE005"] == {"allowed_terms": [3, 5]}
    assert p["HRD001"] == {"review_months": 12}
    assert p["HRD002"] == {"review_months": 12, "warn_days": 30}
    assert p["HRD004"] == {"publicity_working_days": 5}
    assert p["TRN001"]["warn_days"] == 14
    cats = p["TRN001"]["posting_categories"]
    assert {k: (v["due_days"], v["min_days"]) for k, v in cats.items()} == {
        "union_finance": (30, 15),
        "hardship_aid": (31, 15),
        "congress_resolutions": (7, 15),
        "performance_pay": (-1, 15),
        "election_results": (7, 7),
    }
    assert p["DAT003"] == {"max_age_days": 90}
    assert p["EVD002"] == {"required_for": ["congresses"]}


def test_extending_profile_overrides_a_parameter_and_changes_the_verdict(tmp_path):
    mine = _profile(
        tmp_path,
        "profile: strict-county\nextends: county-health-bureau\n"
        "rules:\n  ELE002:\n    params:\n      warn_days: 1000\n",
    )
    report = check([REFERENCE], select=("ELE002",), profile=mine)
    assert report.profile.name == "strict-county"
    assert report.branches[0].results[0].status == Status.WARN


def test_family_parameter_applies_to_every_rule_declaring_it(tmp_path):
    mine = _profile(
        tmp_path,
        "extends: county-health-bureau\nfamilies:\n  HRD:\n    params:\n      review_months: {value: 6, source: 省总通知}\n",
    )
    rules, registered = builtin()
    profile = load_profile(str(mine), rules, registered)
    assert profile.params["HRD001"]["review_months"] == 6 == profile.params["HRD002"]["review_months"]
    assert profile.sources[("HRD001", "review_months")] == "省总通知"


def test_severity_warn_downgrades_and_off_removes(tmp_path):
    broken = tmp_path / "b"
    import shutil

    shutil.copytree(REFERENCE.parent, broken)
    target = broken / REFERENCE.name
    target.write_text(target.read_text("utf-8").replace("date: 2023-05-19", "date: 2020-05-20"), "utf-8")
    mine = _profile(
        tmp_path, "extends: county-health-bureau\nrules:\n  ELE001: {severity: warn}\n  ELE006: {severity: off}\n"
    )
    report = check([broken], select=("ELE",), profile=mine)
    by_rule = {r.rule: r.status for r in report.branches[0].results}
    assert by_rule["ELE001"] == Status.WARN
    assert "ELE006" not in by_rule


@pytest.mark.parametrize(
    "body,expected",
    [
        (
            "extends: county-health-bureau\nrules:\n  CGR0001: {severity: warn}\n",
            "unknown rule code CGR0001; did you mean 'CGR001'?",
        ),
        (
            "extends: county-health-bureau\nrules:\n  CGR001:\n    params:\n      warn_day: 30\n",
            "rule CGR001 has no parameter 'warn_day'; did you mean 'warn_days'?",
        ),
        (
            "extends: county-health-bureau\nrules:\n  CGR001:\n    params:\n      warn_days: soon\n",
            "wrong value for CGR001.warn_days",
        ),
        (
            "extends: county-health-bureau\nrules:\n  CGR002:\n    params:\n      quorum: two thirds\n",
            "wrong value for CGR002.quorum",
        ),
        ("extends: county-health-bureau\nrules:\n  CGR001: {severity: fatal}\n", "severity must be fail, warn or off"),
        ("extends: county-health-bureau\nfamilies:\n  XYZ: {}\n", "unknown rule family XYZ"),
        ("extends: county-health-bureau\nrulez: {}\n", "unknown top-level key 'rulez'; did you mean 'rules'?"),
        ("extends: no-such-base\n", "profile 'no-such-base' not found"),
        ("extends: mine.yaml\n", "'extends' goes round in a circle"),
        ("rules: {}\n", "the profile gives no value for CGR001 parameter 'warn_days'"),
    ],
)
def test_profile_mistakes_are_named_with_file_and_line(tmp_path, body, expected):
    mine = _profile(tmp_path, body)
    rules, registered = builtin()
    with pytest.raises(ProfileError) as caught:
        load_profile(str(mine), rules, registered)
    assert expected in str(caught.value)
    assert "mine.yaml" in str(caught.value)


def test_wrong_type_names_the_line(tmp_path):
    mine = _profile(tmp_path, "extends: county-health-bureau\nrules:\n  CGR001:\n    params:\n      warn_days: soon\n")
    rules, registered = builtin()
    with pytest.raises(ProfileError, match=r"mine\.yaml:5:18"):
        load_profile(str(mine), rules, registered)
