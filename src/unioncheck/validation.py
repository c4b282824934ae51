"""Validation against a JSON Schema, fast: a compiled validator (fastjsonschema,
about 50 times faster than jsonschema) answers whether a value is valid, and
jsonschema is imported only to describe what is wrong with one that is not.
The two agree on every file the fuzzing test and the fixtures try.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import marshal
import os
import re
import sys
from functools import lru_cache
from typing import Any, Iterator

from .userdirs import cache_home


def _is_date(value: str) -> bool:
    """A real calendar date in ISO form, as jsonschema's format checker requires (2025-02-30 is not)."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


FORMATS = {"date": _is_date}


def _compiled(schema: dict):
    """fastjsonschema's validating function for ``schema``. Generating it costs ~5 ms per schema at
    every start, so the generated code is kept, compiled, in the user's cache directory under a name
    made of the schema, fastjsonschema's version and Python's; anything amiss there means generating again."""
    import fastjsonschema

    text = json.dumps(schema, sort_keys=True)
    digest = hashlib.sha256(f"{fastjsonschema.VERSION}\0{sys.version}\0{text}".encode()).hexdigest()[:40]
    kept = cache_home() / "validators" / f"{digest}.{sys.implementation.cache_tag}.marshal"
    try:
        name, code = marshal.loads(kept.read_bytes())
    except Exception:  # not there yet, damaged, or unreadable
        source = fastjsonschema.compile_to_code(schema, formats=FORMATS, use_default=False)
        name = re.search(r"^def (\w+)\(data, custom_formats", source, re.MULTILINE).group(1)
        code = compile(source, f"<validator {digest}>", "exec")
        _keep(kept, marshal.dumps((name, code)))
    namespace: dict = {}
    exec(code, namespace)
    return namespace[name]


def _keep(file, blob: bytes) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        temporary.write_bytes(blob)
        os.replace(temporary, file)
    except OSError:  # a read-only home: generate it again next time
        pass


class Validator:
    """One schema's validators: the compiled one at once, jsonschema's only when a value is invalid."""

    def __init__(self, schema: dict):
        import fastjsonschema

        self.schema = schema
        self._invalid = fastjsonschema.JsonSchemaException
        self._fast = functools.partial(_compiled(schema), custom_formats=FORMATS)
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
