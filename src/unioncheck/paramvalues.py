"""A rule parameter's value judged against the JSON Schema its rule declares, beyond the schema's
words where they fall short, and what is expected put in both languages.

Beyond JSON Schema: no number is NaN or infinite (``.nan`` passes any ``minimum``); a schema
marked ``x-fraction`` reads a string ``a/b`` as the number a/b, bounded by the schema's
``minimum``, ``maximum`` and ``x-above`` as a number is (``1/0`` and ``5/3`` are not quorums);
``x-above`` (or ``exclusiveMinimum``) is a bound the value must exceed (a quorum of 0 is none).
A number the schema calls an integer is handed to the rule as an ``int`` (JSON Schema
counts ``12.0`` as one).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

from . import validation
from .contract import format_path
from .model import Text


class BadValue(Exception):
    """A value its schema does not admit: ``message`` says what was found and what is expected."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message


def checked(schema: dict, value: Any) -> Any:
    """``value`` as the rule gets it, or BadValue."""
    where = _not_finite(value, ())
    if where is not None:
        raise BadValue(
            _wrong(where, value, Text("有限的数（不能是 NaN 或无穷大）", "a finite number (not NaN or infinite)"))
        )
    errors = sorted(validation.errors(dict(schema), value), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        raise BadValue(_wrong(tuple(error.absolute_path), error.instance, expected(error.schema)))
    _fractions(schema, value, ())
    return _ints(schema, value)


def _not_finite(value: Any, at: tuple) -> tuple | None:
    if isinstance(value, float) and not math.isfinite(value):
        return at
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _not_finite(item, at + (key,))
        if found is not None:
            return found
    return None


def _fractions(schema: Any, value: Any, at: tuple) -> None:
    """Bound each ``x-fraction`` string as its number would be, and each value below ``x-above``."""
    if not isinstance(schema, dict):
        return
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if schema.get("x-fraction") and isinstance(value, str):
        numerator, _, denominator = value.partition("/")
        number = Fraction(int(numerator), int(denominator)) if int(denominator) else math.nan
    if number is not None and not _within(schema, number):
        raise BadValue(_wrong(at, value, expected(schema)))
    for key, item in _children(schema, value):
        _fractions(item[0], item[1], at + (key,))


def _within(schema: dict, number) -> bool:
    low, above, high = schema.get("minimum"), _above(schema), schema.get("maximum")
    return (low is None or number >= low) and (above is None or number > above) and (high is None or number <= high)


def _above(schema: dict):
    return schema.get("exclusiveMinimum", schema.get("x-above"))


def _ints(schema: Any, value: Any) -> Any:
    if isinstance(schema, dict) and schema.get("type") == "integer" and isinstance(value, float):
        return int(value)
    if isinstance(value, list):
        return [_ints(sub, item) for (_, (sub, item)) in _children(schema, value)]
    if isinstance(value, dict):
        return {key: _ints(sub, item) for key, (sub, item) in _children(schema, value)}
    return value


def _children(schema: Any, value: Any):
    """(key, (subschema, item)) for each item of a list or mapping ``value``."""
    schema = schema if isinstance(schema, dict) else {}
    if isinstance(value, list):
        return [(i, (schema.get("items", True), item)) for i, item in enumerate(value)]
    if isinstance(value, dict):
        properties, others = schema.get("properties") or {}, schema.get("additionalProperties", True)
        return [(key, (properties.get(key, others), item)) for key, item in value.items()]
    return []


def _wrong(at: tuple, found: Any, wanted: Text) -> Text:
    place = f"（{format_path(at)}）" if at else ""
    place_en = f" (at {format_path(at)})" if at else ""
    text = shown(found)
    return Text(f"值 {text}{place} 不合理，应为：{wanted.zh}", f"{text}{place_en} makes no sense; expected {wanted.en}")


def shown(value: Any) -> str:
    """A profile value, short (profiles hold no personal data)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 100:
        if value.bit_length() < 12_000:  # within Python's limit on turning an int into text
            return f"<{len(str(abs(value)))} 位的整数 / an integer of {len(str(abs(value)))} digits>"
        digits = int(value.bit_length() * math.log10(2))
        return f"<约 {digits} 位的整数 / an integer of about {digits} digits>"
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def expected(schema: Any) -> Text:
    """What ``schema`` admits, in a few words of each language."""
    if not isinstance(schema, dict):
        return Text("任意值" if schema else "不允许任何值", "anything" if schema else "nothing")
    if "enum" in schema:
        choices = ", ".join(str(c) for c in schema["enum"])
        return Text(f"以下之一：{choices}", f"one of {choices}")
    kinds = schema.get("type")
    kinds = set(kinds if isinstance(kinds, list) else [kinds] if kinds else [])
    if schema.get("x-fraction"):
        return Text(
            f"分数（如 2/3）或小数，{_range(schema).zh}", f"a fraction such as 2/3, or a decimal, {_range(schema).en}"
        )
    if kinds & {"integer", "number"}:
        word = Text("整数", "a whole number") if kinds == {"integer"} else Text("数", "a number")
        bounds = _range(schema)
        return Text(f"{bounds.zh}的{word.zh}", f"{word.en} {bounds.en}") if bounds.en else word
    if "array" in kinds:
        items = expected(schema.get("items", True))
        at_least = schema.get("minItems", 0)
        more = Text(f"至少 {at_least} 项", f"at least {at_least}, ") if at_least else Text("", "")
        return Text(f"列表（{more.zh}每项为{items.zh}）", f"a list ({more.en}each {items.en})")
    if "object" in kinds:
        return Text(
            "键值映射", "a mapping" + (f" with {', '.join(schema['required'])}" if schema.get("required") else "")
        )
    if kinds == {"boolean"}:
        return Text("true 或 false", "true or false")
    if "string" in kinds:
        return Text(
            "非空文字" if schema.get("minLength") else "文字",
            "text" if not schema.get("minLength") else "text, not empty",
        )
    return Text("符合规则声明的值", "a value as the rule declares")


def _range(schema: dict) -> Text:
    low, above, high = schema.get("minimum"), _above(schema), schema.get("maximum")
    if above is not None and high is not None:
        return Text(f"大于 {above} 且不超过 {high}", f"above {above} and at most {high}")
    if low is not None and high is not None:
        return Text(f"{low} 到 {high} 之间", f"from {low} to {high}")
    if low is not None:
        return Text(f"不小于 {low}", f"at least {low}")
    if above is not None:
        return Text(f"大于 {above}", f"above {above}")
    if high is not None:
        return Text(f"不超过 {high}", f"at most {high}")
    return Text("", "")
