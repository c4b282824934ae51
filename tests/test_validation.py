"""The branch contract's validator: generated from the schema into the plugin, current, and agreeing
with jsonschema; nothing is ever executed from the user's cache directory."""

import copy
import importlib

import yaml
from conftest import DEMO, REFERENCE, builtin, check, contract
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from unioncheck import validation
from unioncheck.loader import load
from unioncheck.profile import load_profile
from unioncheck_rules.contract import validator as generated


def _values():
    reference = load(str(REFERENCE)).data
    values = [reference]
    for file in sorted(DEMO.glob("*.yaml")):
        values.append(load(str(file)).data)
        values.append(yaml.load(file.read_text("utf-8"), Loader=yaml.BaseLoader))  # every scalar as text: invalid
    broken = copy.deepcopy(reference)
    broken["branch"]["unit_type"] = "卫生院"
    values.append(broken)
    undated = copy.deepcopy(reference)
    undated["congresses"][0]["date"] = "2025-02-30"
    values.append(undated)
    return values


def test_generated_module_is_current_with_the_schema():
    regenerate = importlib.import_module("unioncheck_rules.contract.__main__")
    committed = generated.__file__
    with open(committed, encoding="utf-8") as file:
        text = file.read()
    digest = validation.schema_digest(contract().schema)
    assert f"# schema sha256: {digest}\n" in text, (
        f"{committed} is stale against the schema: run `{regenerate.REGENERATE}`"
    )
    assert regenerate.source() == text, f"{committed} differs from what is generated: run `{regenerate.REGENERATE}`"


def test_generated_validator_agrees_with_jsonschema():
    reference = Draft202012Validator(contract().schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    verdicts = [(generated.is_valid(v, validation.FORMATS), not list(reference.iter_errors(v))) for v in _values()]
    assert all(ours == theirs for ours, theirs in verdicts)
    assert {ours for ours, _ in verdicts} == {True, False}  # both outcomes were tried


def test_the_contract_uses_the_generated_validator_and_the_schema_its_annotations():
    Draft202012Validator.check_schema(contract().schema)  # x-unioncheck is an annotation jsonschema accepts
    assert contract().is_valid is generated.is_valid


def test_nothing_is_kept_in_or_run_from_the_cache_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    validation._for_text.cache_clear()
    try:
        bad = tmp_path / "data" / "branch.yaml"
        bad.parent.mkdir()
        near = REFERENCE.read_text("utf-8").replace("unit_type: hospital", "unit_type: 县第二人民医院")  # no label
        bad.write_text(near, "utf-8")
        report = check([bad], select=("DAT001", "CGR001"))  # profile parameters and the contract both validated
        assert "hospital" in report.branches[0].results[0].message.en
    finally:
        validation._for_text.cache_clear()
    assert not any(tmp_path.glob("unioncheck/**/*")), list(tmp_path.glob("unioncheck/**/*"))


def _small_schemas():
    """The schemas answered by the plain walk: every builtin parameter's, the settings' and the waivers'."""
    from unioncheck.config import _KEYS
    from unioncheck.gate import _WAIVERS_SCHEMA

    schemas = [dict(p.schema) for r in builtin()[0] for p in r.params]
    schemas += [schema for _, schema in _KEYS.values()] + [_WAIVERS_SCHEMA]
    return schemas


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-400, 4000)
    | st.floats(-2, 4000, allow_nan=False)
    | st.sampled_from(["2/3", "1/2", "", " ", "2025-02-30", "2025-03-14", "all_delegates", "deep", "2/3x"])
    | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["zh", "kind", "due_days",
        "min_days", "union_finance", "rule", "branch", "reason", "expires", "waivers", "x"]), inner, max_size=5),
    max_leaves=12,
)  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(value=JSON_VALUES, data=st.data())
def test_the_plain_walk_agrees_with_jsonschema_on_the_small_schemas(value, data):
    schema = data.draw(st.sampled_from(_small_schemas()))
    assert validation._plain(schema), schema  # none of them needs compiling
    reference = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert validation._plain_check(schema, value) == reference.is_valid(value), (schema, value)


def test_the_plain_walk_agrees_with_jsonschema_on_the_profile_values():
    profile = load_profile("county-health-bureau", *builtin())
    for rule in builtin()[0]:
        for param in rule.params:
            value = profile.params[rule.code][param.name]
            assert validation._plain_check(dict(param.schema), value)
            assert not validation._plain_check(dict(param.schema), {"not": value})
