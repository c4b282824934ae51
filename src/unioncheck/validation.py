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


class Validator:
    """One schema's validators: the compiled one at once, jsonschema's only when a value is invalid."""

    def __init__(self, schema: dict):
        import fastjsonschema

        self.schema = schema
        self._invalid = fastjsonschema.JsonSchemaException
        self._fast = fastjsonschema.compile(schema, formats={"date": _is_date}, use_default=False)
        self._detailed = None

    def is_valid(self, value: Any) -> bool:
        try:
            self._fast(value)
        except self._invalid:
            return False
        return True

    def errors(self, value: Any) -> Iterator:
        """jsonschema's errors for ``value``: empty when it is valid, which the fast path checks first."""
        if self.is_valid(value):
            return iter(())
        if self._detailed is None:
            from jsonschema import Draft202012Validator

            self._detailed = Draft202012Validator(self.schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self._detailed.iter_errors(value)


@lru_cache(maxsize=64)
def _for_text(schema_text: str) -> Validator:
    return Validator(json.loads(schema_text))


def validator(schema: dict) -> Validator:
    """The validator of ``schema``, built once per distinct schema (keep it where a schema is used per file)."""
    return _for_text(json.dumps(schema, sort_keys=True))


def is_valid(schema: dict, value: Any) -> bool:
    return validator(schema).is_valid(value)


def errors(schema: dict, value: Any) -> Iterator:
    return validator(schema).errors(value)
