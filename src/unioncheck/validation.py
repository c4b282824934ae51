"""Validation against a JSON Schema, fast: a validating function fastjsonschema generates
(tens of times faster than jsonschema) answers whether a value is valid, and jsonschema is
imported only to describe what is wrong with one that is not.

Nothing is ever executed from a writable place. A contract's schema is large: its validating
function is generated at development time into a module of the plugin that owns the schema
(``generate_module``; a test fails when it is stale). The small schemas of parameters,
configuration and waivers are compiled in memory, once per process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from functools import lru_cache
from typing import Any, Callable, Iterator, Mapping


def _is_date(value: str) -> bool:
    """A real calendar date in ISO form, as jsonschema's format checker requires (2025-02-30 is not)."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


FORMATS = {"date": _is_date}

# The generated module raises these instead of importing fastjsonschema's (which costs its import at start-up).
_EXCEPTIONS = '''
class JsonSchemaValueException(ValueError):
    """The value does not match the schema."""

    def __init__(self, message, value=None, name=None, definition=None, rule=None):
        super().__init__(message)
        self.message, self.value, self.name, self.definition, self.rule = message, value, name, definition, rule


class JsonSchemaValuesException(JsonSchemaValueException):
    """Several values do not match the schema."""
'''

_IS_VALID = '''

def is_valid(data, custom_formats):
    """Whether ``data`` matches the schema (``custom_formats``: unioncheck.validation.FORMATS)."""
    try:
        {name}(data, custom_formats)
    except JsonSchemaValueException:
        return False
    return True
'''


def generate_module(schema: Mapping, origin: str, command: str) -> str:
    """The text of a module whose ``is_valid(data, formats)`` tells whether ``data`` matches ``schema``
    (fastjsonschema's code, with its exceptions defined in the module). ``origin`` names the schema
    file and ``command`` the command that regenerates the module, for its header."""
    import copy

    import fastjsonschema

    digest = schema_digest(schema)
    # fastjsonschema writes into the schema it is given: a copy, so the caller's stays as it was
    source = fastjsonschema.compile_to_code(copy.deepcopy(dict(schema)), formats=FORMATS, use_default=False)
    imports = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"
    if imports not in source:
        raise RuntimeError("fastjsonschema's generated code no longer imports what generate_module replaces")
    name = re.search(r"^def (\w+)\(data, custom_formats", source, re.MULTILINE).group(1)
    header = (
        f"# Generated from {origin} by `{command}` (fastjsonschema {fastjsonschema.VERSION}). Do not edit:\n"
        "# change the schema and run the command again.\n"
        f"# schema sha256: {digest}\n"
    )
    return header + _without_definitions(source.replace(imports, _EXCEPTIONS)) + _IS_VALID.replace("{name}", name)


def _without_definitions(source: str) -> str:
    """``source`` without the schema fragment every raise carries (``definition=``): a third of the
    size."""
    import ast

    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            node.keywords = [k for k in node.keywords if k.arg != "definition"]
    return ast.unparse(tree) + "\n"


def schema_digest(schema: Mapping) -> str:
    """A digest of ``schema`` as JSON with sorted keys: what a generated module records it was made from."""
    return hashlib.sha256(json.dumps(schema, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _compiled(schema: Mapping) -> Callable[[Any, Mapping], bool]:
    """An ``is_valid(value, formats)`` compiled in memory from ``schema``."""
    import copy

    import fastjsonschema

    check = fastjsonschema.compile(copy.deepcopy(dict(schema)), formats=FORMATS, use_default=False)
    invalid = fastjsonschema.JsonSchemaException

    def is_valid(value: Any, formats: Mapping) -> bool:
        try:
            check(value)
        except invalid:
            return False
        return True

    return is_valid


class Validator:
    """One schema's validators: the fast one (generated, or compiled here when none is given)
    at once, jsonschema's only when a value is invalid."""

    def __init__(self, schema: Mapping, fast: Callable[[Any, Mapping], bool] | None = None):
        self.schema = schema
        self._fast = fast or _compiled(schema)
        self._detailed = None

    def is_valid(self, value: Any) -> bool:
        return self._fast(value, FORMATS)

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


def validator(schema: Mapping) -> Validator:
    """The validator of ``schema``, compiled once per distinct schema and process."""
    return _for_text(json.dumps(schema, sort_keys=True))


def is_valid(schema: Mapping, value: Any) -> bool:
    return validator(schema).is_valid(value)


def errors(schema: Mapping, value: Any) -> Iterator:
    return validator(schema).errors(value)
