"""Compiled validators kept in the user's cache directory: the same verdicts, and never trusted blindly."""

import copy

import fastjsonschema
import pytest
import yaml
from conftest import DEMO, REFERENCE

from unioncheck import schema, validation
from unioncheck.loader import load


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


@pytest.fixture
def empty_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    validation._for_text.cache_clear()
    yield tmp_path / "unioncheck" / "validators"
    validation._for_text.cache_clear()


def test_kept_validator_agrees_with_a_freshly_compiled_one(empty_cache_home, monkeypatch):
    branch = schema.branch_schema()
    fresh = fastjsonschema.compile(branch, formats=validation.FORMATS, use_default=False)

    def verdict(check, value):
        try:
            check(value)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    first = validation.Validator(branch)
    assert len(list(empty_cache_home.iterdir())) == 1  # generated, compiled and kept
    monkeypatch.setattr(fastjsonschema, "compile_to_code", lambda *a, **k: pytest.fail("generated again"))
    kept = validation.Validator(branch)  # read back: no generating
    verdicts = [(verdict(fresh, v), first.is_valid(v), kept.is_valid(v)) for v in _values()]
    assert all(a == b == c for a, b, c in verdicts)
    assert {a for a, _, _ in verdicts} == {True, False}  # both outcomes were tried


def test_a_damaged_kept_validator_is_generated_again(empty_cache_home):
    branch = schema.branch_schema()
    validation.Validator(branch)
    (kept,) = empty_cache_home.iterdir()
    kept.write_bytes(b"\x00garbage")
    again = validation.Validator(branch)
    assert [again.is_valid(v) for v in _values()][:1] == [True]
    assert kept.read_bytes() != b"\x00garbage"
