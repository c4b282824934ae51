"""Hypothesis strategies for branch files, derived from the contract's schema (no field is named
here): every object with its required fields and any of its optional ones, values of each field's
type and range, dates as ISO dates of the years a date may have, enumerated values among the
schema's, ids unique in their list (as DAT002 wants them, and as a workbook's child sheets name
their parents), text a person types in a cell (no leading or trailing space, no control
character: a workbook keeps neither, and ``convert`` refuses them, naming the field)."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

from unioncheck.layout import _resolved, fold
from unioncheck.model import YEARS

# what secretaries type: Chinese, letters, digits, punctuation both full- and half-width, a formula sign
ALPHABET = (
    "工会职代会决议帮扶县人民医院王李张《》（）、，。：；“”" + string.ascii_letters + string.digits + "-_./:#'\"=@+ "
)
TEXT = st.text(alphabet=ALPHABET, min_size=1, max_size=16).map(str.strip).filter(bool)
DATES = st.dates(dt.date(YEARS.start, 1, 1), dt.date(YEARS.stop - 1, 12, 31)).map(dt.date.isoformat)
ITEMS = 3  # most items a generated list has: enough for every sheet to have several rows and parents


def documents(schema: dict) -> st.SearchStrategy:
    """Documents shaped by ``schema``: dicts of its fields' types (the schema's ``if``/``then`` and
    ``not`` are not followed: validity is the contract's to judge, and a test filters on it)."""
    return _value(schema, schema)


def _value(node: dict, root: dict) -> st.SearchStrategy:
    node, note = _resolved(node, root)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kinds = node.get("type")
    if isinstance(kinds, list):
        return st.one_of([_value({**node, "type": kind}, root) for kind in kinds])
    if kinds == "object":
        return _object(node, root)
    if kinds == "array":
        return _array(node, root)
    if kinds == "boolean":
        return st.booleans()
    if kinds in ("integer", "number"):
        whole = st.integers(node.get("minimum", 0), node.get("maximum", 10**6))
        if kinds == "integer":
            return whole
        decimal = st.floats(node.get("minimum", 0), node.get("maximum", 10**6), allow_nan=False, allow_infinity=False)
        return whole | decimal.map(lambda x: round(x, 2))
    if node.get("format") == "date":
        return DATES
    if note.get("values"):  # a text field with a vocabulary (a category): one of its codes
        return st.sampled_from(list(note["values"]))
    if node.get("pattern") == r"^\S+$":  # an id
        return TEXT.filter(lambda text: " " not in text)
    if "pattern" in node:  # a code of the contract's own form
        return st.from_regex(node["pattern"].replace("+$", "{1,10}$").replace("*$", "{0,10}$"), fullmatch=True)
    return TEXT


def _object(node: dict, root: dict) -> st.SearchStrategy:
    properties = node.get("properties") or {}
    required = set(node.get("required") or ())
    then = ((node.get("then") or {}).get("required")) or []  # a general election's fields: often present
    fixed = {k: _value(v, root) for k, v in properties.items() if k in required}
    optional = {k: _value(v, root) for k, v in properties.items() if k not in required}
    made = st.fixed_dictionaries(fixed, optional={k: v for k, v in optional.items() if k not in then})
    if then:  # the fields a condition requires (a general election's): given, so that most examples are valid
        extra = st.fixed_dictionaries({k: optional[k] for k in then if k in optional})
        made = st.tuples(made, extra).map(lambda pair: {**pair[0], **pair[1]})
    return made.filter(lambda found: any(v != [] for v in found.values()))  # an empty section: no form in a workbook


def _array(node: dict, root: dict) -> st.SearchStrategy:
    items, _ = _resolved(node.get("items") or {}, root)
    named = "id" in (items.get("properties") or {})
    lists = st.lists(
        _value(items, root),
        min_size=node.get("minItems", 0),
        max_size=ITEMS,
        unique_by=(lambda item: fold(item.get("id"))) if named else None,
    )
    return lists
