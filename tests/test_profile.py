"""Profiles: the default one gives every builtin value with its source; others extend it; rules outside it
take their declared severity and defaults; mistakes are named."""

import datetime as dt
import math

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
    assert {k: explained["days"][k] for k in ("value", "meaning", "source")} == {
        "value": 7,
        "meaning": {"zh": "天数", "en": "days"},
        "source": "本地规定第 3 条",
    }
    assert explained["days"]["cites"] == []  # a plugin's default cites no regulation of the table


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
        (
            "extends: county-health-bureau\nfamilies:\n  MEM: {from_yaer: 2026}\n",
            "unknown key 'from_yaer' under family MEM; did you mean 'from_year'?",
        ),
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


# ---- values that pass a type check but mean nothing -----------------------------


def _numeric_schemas(schema, at=()):
    """Every (place, subschema) of ``schema`` that admits a number."""
    if not isinstance(schema, dict):
        return
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if {"integer", "number"} & set(kinds):
        yield at, schema
    yield from _numeric_schemas(schema.get("items"), at + ("[]",))
    for key, sub in (schema.get("properties") or {}).items():
        yield from _numeric_schemas(sub, at + (key,))
    yield from _numeric_schemas(schema.get("additionalProperties"), at + ("*",))


def _builtin_params():
    return [(rule, param) for rule in builtin()[0] for param in rule.params]


def test_every_builtin_number_has_a_sensible_range():
    """A new parameter without bounds fails here: a count, a number of days or a share is bounded
    below and above (NaN and infinity are refused for every parameter besides)."""
    found = 0
    for rule, param in _builtin_params():
        for at, schema in _numeric_schemas(dict(param.schema)):
            found += 1
            label = f"{rule.code}.{param.name}{''.join('.' + str(p) for p in at)}"
            assert "minimum" in schema or "x-above" in schema, label
            assert "maximum" in schema, label
            assert schema["maximum"] <= 1_000_000, label
            if schema.get("x-fraction") or "quorum" in param.name or "share" in param.name:
                assert schema["maximum"] == 1 and schema.get("minimum", 0) >= 0
    assert found >= 15


def _bad_values(schema):
    """Values of ``schema``'s shape that it must refuse: outside its range, not finite, nonsense fractions."""
    if not isinstance(schema, dict):
        return []
    bad = []
    kinds = schema.get("type")
    kinds = set(kinds if isinstance(kinds, list) else [kinds])
    if kinds & {"integer", "number"}:
        bad += [float("nan"), float("inf"), float("-inf"), schema["maximum"] + 1, 10**60]
        bad.append(schema["x-above"] if "x-above" in schema else schema["minimum"] - 1)
    if "boolean" in kinds:
        bad += ["yes", 1, None]
    if schema.get("x-fraction"):
        bad += ["1/0", "5/3", "0/3", "0/0", "4/3"]
    if "enum" in schema:
        bad.append("none-of-these")
    if schema.get("minLength"):
        bad.append("")
    if "array" in kinds:
        bad += [[item] for item in _bad_values(schema.get("items"))]
        if schema.get("minItems"):
            bad.append([])
    return bad


def _bad_settings():
    """(rule, parameter, value) for every builtin parameter and every bad value of its shape."""
    default = yaml.safe_load(DEFAULT.read_text("utf-8"))
    for rule, param in _builtin_params():
        schema = dict(param.schema)
        for value in _bad_values(schema):
            yield rule, param, value
        for name, props in ((schema.get("additionalProperties") or {}).get("properties") or {}).items():
            given = default["families"][rule.family]["params"][param.name]["value"]  # posting_categories
            for value in _bad_values(props):
                first = next(iter(given))
                yield rule, param, {**given, first: {**given[first], name: value}}


def _read_as_yaml_refuses(value) -> bool:
    """Numbers no YAML file unioncheck reads may hold (loader and ``numbers``): not finite, or over 20 digits."""
    if isinstance(value, (list, tuple)):
        return any(_read_as_yaml_refuses(v) for v in value)
    if isinstance(value, dict):
        return any(_read_as_yaml_refuses(v) for v in value.values())
    return isinstance(value, float) and not math.isfinite(value) or isinstance(value, int) and len(str(value)) > 20


def test_every_builtin_parameter_refuses_values_that_mean_nothing(tmp_path):
    rules, registered = builtin()
    tried = set()
    for rule, param, value in _bad_settings():
        tried.add((rule.code, param.name))
        body = {"extends": "county-health-bureau", "rules": {rule.code: {"params": {param.name: value}}}}
        mine = _profile(tmp_path, yaml.safe_dump(body, allow_unicode=True))
        with pytest.raises(ProfileError) as caught:
            load_profile(str(mine), rules, registered)
        message = str(caught.value)
        assert "mine.yaml:" in message, (value, message)
        if _read_as_yaml_refuses(value):  # the YAML reader refuses it first, at the value, as in a branch file
            assert f"rules.{rule.code}.params.{param.name}" in message, (value, message)
        else:
            assert f"{rule.code}.{param.name}" in message, (value, message)
            assert "不合理" in message and "expected" in message, message
    assert tried == {(rule.code, param.name) for rule, param in _builtin_params()}


@pytest.mark.parametrize(
    "value,shown,expected",
    [
        ('"1/0"', '"1/0"', "above 0 and at most 1"),
        (".nan", ".nan", "no number a data file can hold"),
        (".inf", ".inf", "no number a data file can hold"),
        ("5", "5", "above 0 and at most 1"),
        ('"5/3"', '"5/3"', "above 0 and at most 1"),
        ("0", "0", "above 0 and at most 1"),
        ("9" * 80, "a number of 80 digits", "more than the 20"),
    ],
)
def test_a_quorum_that_means_nothing_is_a_profile_error_exit_2(tmp_path, value, shown, expected):
    from conftest import cli

    mine = _profile(tmp_path, f"extends: county-health-bureau\nrules:\n  CGR002:\n    params:\n      quorum: {value}\n")
    run = cli("check", REFERENCE, "--as-of", "2025-12-31", "--profile", mine, "--no-cache")
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert f"{mine}:5" in run.stderr and "CGR002" in run.stderr and "quorum" in run.stderr, run.stderr
    assert shown in run.stderr and expected in run.stderr, run.stderr


@pytest.mark.parametrize("value", ['"1/1"', "1", '"2/3"', "0.5", '"1/3"', "0.0001"])
def test_quorums_that_mean_something_are_taken(tmp_path, value):
    rules, registered = builtin()
    mine = _profile(tmp_path, f"extends: county-health-bureau\nrules:\n  CGR002:\n    params:\n      quorum: {value}\n")
    load_profile(str(mine), rules, registered)


def test_a_whole_number_written_as_a_decimal_reaches_the_rule_as_an_integer(tmp_path):
    mine = _profile(
        tmp_path,
        "extends: county-health-bureau\nfamilies:\n  HRD:\n    params:\n      review_months: 12.0\n"
        "rules:\n  ELE005:\n    params:\n      allowed_terms: [3.0, 5]\n",
    )
    rules, registered = builtin()
    profile = load_profile(str(mine), rules, registered)
    assert type(profile.params["HRD001"]["review_months"]) is int
    assert [type(t) for t in profile.params["ELE005"]["allowed_terms"]] == [int, int]
    same = check([str(REFERENCE)]).branches[0]
    assert [r.status for r in check([str(REFERENCE)], profile=mine).branches[0].results] == [
        r.status for r in same.results
    ]


def _chain(tmp_path, depth):
    for i in range(depth):
        base = "county-health-bureau" if i == 0 else f"p{i - 1}.yaml"
        (tmp_path / f"p{i}.yaml").write_text(f"extends: {base}\n", "utf-8")
    return tmp_path / f"p{depth - 1}.yaml"


@pytest.mark.parametrize("depth", [25, 3000])
def test_a_very_long_extends_chain_is_a_profile_error(tmp_path, depth):
    rules, registered = builtin()
    with pytest.raises(ProfileError) as caught:
        load_profile(str(_chain(tmp_path, depth)), rules, registered)
    assert "more than 20 profiles deep" in str(caught.value) and f"p{depth - 1}.yaml" in str(caught.value)
    assert "extends 链超过 20 层" in str(caught.value)


def test_an_extends_chain_within_the_bound_is_read(tmp_path):
    rules, registered = builtin()
    profile = load_profile(str(_chain(tmp_path, 19)), rules, registered)  # 19 files and the default profile
    assert len(profile.chain) == 20


def test_an_extends_cycle_of_two_is_named(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", "utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", "utf-8")
    rules, registered = builtin()
    with pytest.raises(ProfileError, match="goes round in a circle"):
        load_profile(str(tmp_path / "a.yaml"), rules, registered)


def test_the_union_named_by_a_county_heads_its_documents_and_a_name_that_is_not_text_is_refused(tmp_path):
    rules, registered = builtin()
    default = load_profile("county-health-bureau", rules, registered)
    assert default.union.zh == yaml.safe_load(DEFAULT.read_text("utf-8"))["union"]["zh"]
    mine = _profile(tmp_path, "profile: mine\nextends: county-health-bureau\nunion: 石桥县卫生健康局工会\n")
    loaded = load_profile(str(mine), rules, registered)
    assert loaded.union.zh == loaded.union.en == "石桥县卫生健康局工会" and loaded.title == default.title
    bad = _profile(tmp_path, "profile: mine\nextends: county-health-bureau\n\nunion: 12345\n")
    with pytest.raises(ProfileError) as err:
        load_profile(str(bad), rules, registered)
    assert f"{bad}:4" in str(err.value) and "union" in str(err.value) and "zh:" in str(err.value)
