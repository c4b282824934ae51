"""Validation against a JSON Schema, fast: a compiled validator (fastjsonschema,
about 50 times faster than jsonschema) answers whether a value is valid, and
jsonschema is imported only to describe what is wrong with one that is not.
The two agree on every file the fuzzing test and the fixtures try.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any, Iterator


def _is_date(value: str) -> bool:
    """A real calendar date in ISO form, as jsonschema's format checker requires (2025-02-30 is not)."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@lru_cache(maxsize=64)
def _compiled(schema_text: str):
    import fastjsonschema

    return fastjsonschema.compile(json.loads(schema_text), formats={"date": _is_date}, use_default=False)


def is_valid(schema: dict, value: Any) -> bool:
    import fastjsonschema

    try:
        _compiled(json.dumps(schema, sort_keys=True))(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def errors(schema: dict, value: Any) -> Iterator:
    """jsonschema's errors for ``value``: empty when it is valid, which the fast path checks first."""
    if is_valid(schema, value):
        return iter(())
    from jsonschema import Draft202012Validator

    return _detailed(json.dumps(schema, sort_keys=True)).iter_errors(value)


@lru_cache(maxsize=64)
def _detailed(schema_text: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_text), format_checker=Draft202012Validator.FORMAT_CHECKER)
