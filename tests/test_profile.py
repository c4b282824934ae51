"""Profiles: the default one gives every builtin value with its source; others extend it; rules outside it
take their declared severity and defaults; mistakes are named."""

import datetime as dt

import pytest
import yaml
from conftest import REFERENCE, REPO, builtin, check, contract

from unioncheck import Param, Result, Rule, RuleDoc, Severity, Status, Text, engine, hookimpl
from unioncheck.executors import Serial
from unioncheck.explain import parameters
from unioncheck.plugins import collect_profiles, collect_rules, plugin_manager
from unioncheck.profile import ProfileError, load_profile

DEFAULT = REPO / "rules" / "county-health-bureau.yaml"


def _profile(tmp_path, body):
    path = tmp_path / "mine.yaml"
    path.write_text(body, "utf-8")
    return path


def test_default_profile_gives_every_builtin_parameter_explicitly_with_its_source():
    rules, registered = builtin()
    raw = yaml.safe_load(DEFAULT.read_text("utf-8"))
    profile = load_profile("county-health-bureau", rules, registered)
    for rule in rules:
        for param in rule.params:
            assert not param.has_default, f"{rule.code}.{param.name}: builtin values come from the profile"
            given = param.name in ((raw["rules"].get(rule.code) or {}).get("params") or {}) or param.name in (
                (raw["families"].get(rule.family) or {}).get("params") or {}
            )
            assert given, f"{rule.code}.{param.name} is not in the default profile"
            assert profile.sources.get((rule.code, param.name)), f"{rule.code}.{param.name} has no source"


def test_every_builtin_parameter_says_what_it_means_in_both_languages():
    for rule in builtin()[0]:
        for param in rule.params:
            assert param.meaning.zh and param.meaning.en, f"{rule.code}.{param.name}"


def _with_plugin(plugin, name="throwaway"):
    """The rules and profiles of the builtin plugins and ``plugin``, registered for this call only."""
    pm = plugin_manager()
    pm.register(plugin, name=name)
    try:
        return collect_rules(pm), collect_profiles(pm)
    finally:
        pm.unregister(plugin)


def _throwaway(*params, severity=Severity.WARN):
    class Plugin:
        @staticmethod
        @hookimpl
        def unioncheck_rules(register):
            register(
                Rule(
                    code="TMP001",
                    family="TMP",
                    name="throwaway",
                    title=Text("临时", "throwaway"),
                    basis="-",
                    check=lambda document, ctx: [Result(Status.FAIL, Text(repr(ctx.params), repr(ctx.params)))],
                    doc=RuleDoc(Text("", ""), Text("", ""), Text("", "")),
                    params=params,
                    severity=severity,
                )
            )

    return Plugin()


def test_a_rule_without_parameters_needs_no_profile_entry_and_keeps_its_severity():
    rules, registered = _with_plugin(_throwaway())
    profile = load_profile("county-health-bureau", rules, registered)
    assert profile.severity["TMP001"] == Severity.WARN and profile.params["TMP001"] == {}
    settings = engine.Settings(dt.date(2025, 12, 31), 2025, profile, select=("TMP001",), contract=contract())
    report = engine.check(rules, [str(REFERENCE)], settings, Serial())
    assert [r.status for r in report.branches[0].results] == [Status.WARN]  # a fail, downgraded as declared


def test_a_parameter_the_profile_omits_takes_the_declared_default_and_its_source():
    days = Param("days", {"type": "integer"}, Text("天数", "days"), default=7, source="本地规定第 3 条")
    rules, registered = _with_plugin(_throwaway(days))
    profile = load_profile("county-health-bureau", rules, registered)
    assert profile.params["TMP001"] == {"days": 7}
    assert profile.sources[("TMP001", "days")] == "本地规定第 3 条"
    explained = parameters(next(r for r in rules if r.code == "TMP001"), profile)
    assert explained["days"] == {"value": 7, "meaning": {"zh": "天数", "en": "days"}, "source": "本地规定第 3 条"}


def test_a_profile_value_wins_over_the_declared_default(tmp_path):
    days = Param("days", {"type": "integer"}, Text("天数", "days"), default=7, source="本地规定第 3 条")
    rules, registered = _with_plugin(_throwaway(days))
    mine = _profile(tmp_path, "extends: county-health-bureau\nrules:\n  TMP001:\n    params:\n      days: 9\n")
    profile = load_profile(str(mine), rules, registered)
    assert profile.params["TMP001"] == {"days": 9} and ("TMP001", "days") not in profile.sources


def test_a_parameter_with_neither_a_value_nor_a_default_names_rule_parameter_and_profile():
    rules, registered = _with_plugin(_throwaway(Param("days", {"type": "integer"}, Text("天数", "days"))))
    with pytest.raises(ProfileError) as caught:
        load_profile("county-health-bureau", rules, registered)
    message = str(caught.value)
    assert "TMP001" in message and "'days'" in message and str(DEFAULT) in message


def test_a_declared_default_of_the_wrong_type_is_a_profile_error_naming_the_plugin():
    days = Param("days", {"type": "integer"}, Text("天数", "days"), default="soon")
    rules, registered = _with_plugin(_throwaway(days), name="sloppy")
    with pytest.raises(ProfileError, match="the default sloppy declares for TMP001"):
        load_profile("county-health-bureau", rules, registered)


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
        "extends: county-health-bureau\nfamilies:\n  HRD:\n"
        "    params:\n      review_months: {value: 6, source: 省总通知}\n",
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
