"""Validation against a JSON Schema: a validating function fastjsonschema generates answers
whether a value is valid, and jsonschema is imported only to describe what is wrong with one
that is not (figures in docs/performance.md).

Nothing is ever executed from a writable place. A contract's schema is large: its validating
function is generated at development time into a module of the plugin that owns the schema
(``generate_module``; a test fails when it is stale). The small schemas of parameters,
configuration and waivers are answered by a plain walk of the schema (``_plain_check``, for the
few keywords they use), or else compiled in memory, once per process.
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

    def __init__(self, message="invalid", value=None, name=None, definition=None, rule=None):
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
    return header + _answer_only(source.replace(imports, _EXCEPTIONS)) + _IS_VALID.replace("{name}", name)


def _answer_only(source: str) -> str:
    """``source`` reduced to answering valid or not (jsonschema words the errors): every raise without
    its message and schema fragment, no data path built for one."""
    import ast

    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            node.exc = node.exc.func
        elif (
            isinstance(node, ast.Call) and getattr(node.func, "id", "").startswith("validate_") and len(node.args) == 3
        ):
            node.args[2] = ast.Constant(None)
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


# what ``_plain_check`` answers for itself; any other keyword (besides annotations) is compiled instead
_PLAIN = {
    "type", "enum", "const", "minimum", "maximum", "pattern", "minLength", "minItems",
    "items", "properties", "required", "additionalProperties", "format",
}  # fmt: skip
_ANNOTATIONS = {"description", "title", "$comment", "examples", "default"}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def _plain(schema: Any) -> bool:
    """Whether ``_plain_check`` can answer for ``schema`` (the small schemas of parameters and settings)."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict):
        return False
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key not in _PLAIN or (key == "format" and value not in FORMATS):
            return False
        if key == "type" and not all(t in _TYPES for t in (value if isinstance(value, list) else [value])):
            return False
    subschemas = [schema.get("items", True), schema.get("additionalProperties", True)]
    subschemas += list((schema.get("properties") or {}).values())
    return all(_plain(sub) for sub in subschemas)


def _same(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema sees it: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) in (int, float) and type(b) in (int, float) and a == b or (type(a) is type(b) and a == b)


def _plain_check(schema: Any, value: Any) -> bool:
    """Whether ``value`` matches ``schema``, one of the schemas ``_plain`` accepts."""
    if isinstance(schema, bool):
        return schema
    kinds = schema.get("type")
    if kinds is not None and not any(_TYPES[t](value) for t in (kinds if isinstance(kinds, list) else [kinds])):
        return False
    if "enum" in schema and not any(_same(value, choice) for choice in schema["enum"]):
        return False
    if "const" in schema and not _same(value, schema["const"]):
        return False
    if _TYPES["number"](value):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            return False
    elif isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or not re.search(schema.get("pattern", ""), value):
            return False
        if "format" in schema and not FORMATS[schema["format"]](value):
            return False
    elif isinstance(value, list):
        return len(value) >= schema.get("minItems", 0) and all(
            _plain_check(schema.get("items", True), v) for v in value
        )
    elif isinstance(value, dict):
        return _object_matches(schema, value)
    return True


def _object_matches(schema: dict, value: dict) -> bool:
    properties = schema.get("properties") or {}
    if any(name not in value for name in schema.get("required", ())):
        return False
    others = schema.get("additionalProperties", True)
    return all(_plain_check(properties.get(key, others), item) for key, item in value.items())


class Validator:
    """One schema's validators: the fast one (generated, or compiled here when none is given)
    at once, jsonschema's only when a value is invalid."""

    def __init__(self, schema: Mapping, fast: Callable[[Any, Mapping], bool] | None = None):
        self.schema = schema
        if fast is None and _plain(schema):
            fast = lambda value, formats: _plain_check(schema, value)  # noqa: E731 - no code to generate
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
