"""A data contract: the JSON Schema a data file must match, and what the engine learns of its fields.

The engine knows no field by name. A plugin registers one ``Contract`` (hook
``unioncheck_contract``); the engine asks it to ``validate`` a document (located,
bilingual problems with fix hints) and to ``identify`` the subject of a file for
reports. Whatever else a part of the program needs to know of a field is
declared once, beside the field in the schema, under the annotation keyword
``x-unioncheck`` (JSON Schema validators ignore keywords they do not know)::

    "date": {"$ref": "#/$defs/date",
             "x-unioncheck": {"label": "召开日期", "date": "event", "dates_record": true}}

- ``label``: the field's name in Chinese;
- ``date``: the role of a date: ``event`` (something that happened), ``planned``
  (may lie ahead) or ``stamp`` (when the file itself was brought up to date);
- ``dates_record``: this date dates its record (a record dated after the
  reference date did not exist yet);
- ``values``: the words users type for each value of an enum, a true/false field or a
  text field with a known vocabulary (its Chinese label first, unique in the field): an
  exact word is read as its value (``normalize``, see ``vocabulary``), a near one answered
  with the value meant;
- ``messages``: wording for a failed keyword (``pattern``, ``const``), Chinese and
  English, with ``{value}`` and ``{expected}`` filled in;
- ``period``: the field holds a period label (2025, 2025-H1, 2025-Q3) or an id;
  the schema keeps a period's year within ``model.YEARS``, as a date's;
- ``personal``: the field holds personal data: values of fields of this name are
  never shown, and its values are masked wherever else the same file has them
  (``personal_values``; see ``privacy.Mask``);
- ``identity``: ``code`` or ``name``, what identifies the file's subject in reports;
- ``item_key``: on a list, the fields of an item that name it in finding keys
  (``["id"]``; ``["category", "covers"]`` for a record without an id; ``[]``: the
  item's own value), so that a key does not depend on the item's position (see ``keys``).
- ``sealable``: ``unioncheck seal`` encrypts this field's text (``sealed``); ``true``,
  or the code of the rule that must pass on the real value before it is sealed
  (after sealing, only the holder of the private key can check it again).
- ``refers_to``: the field names an item of another list, by the path pattern of the
  field that identifies those items (``"congresses.*.resolutions.*.id"``); the branch
  workbook offers that sheet's ids in a drop-down (``entry``).
- ``sheet``: on a list (and the root, for the form), the name of its sheet in the
  branch workbook (``layout``).
- ``default_from``: ``{"via": FIELD, "field": OTHER}`` on a field of a list item whose ``FIELD``
  (a sibling annotated ``refers_to``) names an item of another list: in the branch workbook, an empty
  cell of this field takes that item's ``OTHER`` (a members' assembly held with a congress takes the
  congress's date), written into the data as if typed, so rules, reports and ``convert`` see the value;
  the header note says so (``entry``). A YAML file gives its values itself (``convert`` refuses one that
  leaves such a value out, since the workbook cannot say "not given" there).

The schema's own ``description`` and ``examples`` of a field are what the branch
workbook's header notes say of it.

``normalize(doc)`` rewrites the words of a loaded document's vocabulary fields to their values
(before ``validate``). ``annotated(key)`` gives each annotated field's path pattern (``"*"`` for any
list item) and its value; ``pattern(path)`` turns a data path into one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator, Mapping

from . import vocabulary
from .loader import Problem
from .model import DataPath, Text
from .privacy import shown_value

ANNOTATION = vocabulary.ANNOTATION
ANY_ITEM = vocabulary.ANY_ITEM

_OTHER_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_ISO_YEAR = re.compile(r"^\s*([0-9]{4})-")


def format_path(path: DataPath) -> str:
    """A data path as users read it: congresses[1].date."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def iso_date_hint(value: Any) -> str | None:
    """The ISO form of a date written another way (2025/3/14, 2025年3月14日, 20250314)."""
    if not isinstance(value, (str, int)):
        return None
    match = _OTHER_DATE.match(str(value)) or _COMPACT_DATE.match(str(value))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


def _year_of(value: Any) -> int | None:
    """The year a date written in any of the forms ``iso_date_hint`` knows begins with."""
    if not isinstance(value, str):
        return None
    match = _OTHER_DATE.match(value) or _COMPACT_DATE.match(value) or _ISO_YEAR.match(value)
    return int(match.group(1)) if match else None


def pattern(path: DataPath) -> tuple:
    """A data path with every list index replaced by ``ANY_ITEM``: how annotations are keyed."""
    return tuple(ANY_ITEM if isinstance(part, int) else part for part in path)


@dataclass(frozen=True, eq=False)
class Contract:
    """The schema data files follow, and how to check and read them.

    ``is_valid(data, formats)`` is a fast validity test generated from the schema
    (see ``validation.generate_module``); without one the schema is compiled in
    memory when first needed. Problems are described by jsonschema in either case.
    """

    schema: Mapping[str, Any]
    is_valid: Callable[[Any, Mapping], bool] | None = None
    name: str = ""

    def __reduce__(self):  # to a worker process: what it was made of, not what it has worked out since
        return Contract, (self.schema, self.is_valid, self.name)

    @cached_property
    def _validator(self):
        from .validation import Validator

        return Validator(self.schema, self.is_valid)

    @cached_property
    def _annotations(self) -> list[tuple[tuple, dict]]:
        return list(_annotations(self.schema, self.schema, (), ()))

    def annotated(self, key: str) -> dict[tuple, Any]:
        """{path pattern: value} of every field annotated with ``key``, in schema order."""
        return {where: note[key] for where, note in self._annotations if key in note}

    @cached_property
    def vocabularies(self) -> dict[tuple, vocabulary.Vocabulary]:
        """{path pattern: the field's vocabulary} of every field annotated with ``values``."""
        return vocabulary.vocabularies(self.schema)

    def normalize(self, doc) -> None:
        """Every word a document's vocabulary fields hold that names a value exactly (a Chinese label,
        a full-width or padded code) replaced by that value in ``doc.data``, positions kept."""
        if doc.data is not None:
            vocabulary.normalize(doc.data, self.vocabularies)

    def label(self, path: DataPath) -> str | None:
        """The Chinese label of the field at ``path``, where the schema gives one."""
        return self.annotated("label").get(pattern(path))

    @cached_property
    def layout(self):
        """Where each field is in a branch workbook (``layout.derive``)."""
        from .layout import derive

        return derive(self.schema)

    @cached_property
    def item_keys(self) -> dict[tuple, list]:
        """{path pattern of a list: the fields naming its items} (annotation ``item_key``)."""
        return {where: list(fields) for where, fields in self.annotated("item_key").items() if isinstance(fields, list)}

    @cached_property
    def personal_fields(self) -> frozenset[str]:
        """Names of the fields whose values are never shown (wherever they occur)."""
        return frozenset(where[-1] for where in self.annotated("personal"))

    def personal_values(self, data: Any) -> set[str]:
        """Every value a document holds in a personal field, as text (a value of the wrong type too:
        the text of each scalar inside it)."""
        found: set[str] = set()
        for where in self.annotated("personal"):
            for value in _values_at(data, where):
                found.update(_scalars(value))
        return found

    @cached_property
    def _identity(self) -> dict[str, tuple]:
        return {role: where for where, role in self.annotated("identity").items()}

    def identify(self, data: Any) -> tuple[str | None, str | None]:
        """The code and name of the file's subject (a branch), for reports; None where missing."""
        return _text_at(data, self._identity.get("code")), _text_at(data, self._identity.get("name"))

    def shown(self, path: DataPath, value: Any) -> str:
        """``value`` as short text for a message, hidden under a personal field."""
        return shown_value(path, value, self.personal_fields)

    def validate(self, doc) -> list[Problem]:
        """Schema problems of a loaded document (``unioncheck.Document``): located, in file order, one per field."""
        from .schema_problems import worded  # the wording, only once a file has a problem

        problems: dict[DataPath, Text] = {}
        for error in self._validator.errors(doc.data):
            for message, path in worded(self, error):
                problems.setdefault(path, message)
        located = []
        for path, message in problems.items():
            loc = doc.locate(path)
            located.append(Problem(message, loc.line, loc.column, path, loc.sheet, loc.cell))
        located.sort(key=lambda p: (p.line or 0, p.column or 0))
        return located


def _text_at(data: Any, path: tuple | None) -> str | None:
    if path is None:
        return None
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data if isinstance(data, str) else None


def _values_at(data: Any, where: tuple) -> Iterator[Any]:
    """The values at a path pattern (``ANY_ITEM``: each item of a list)."""
    if not where:
        yield data
    elif where[0] == ANY_ITEM:
        for item in data if isinstance(data, list) else ():
            yield from _values_at(item, where[1:])
    elif isinstance(data, dict) and where[0] in data:
        yield from _values_at(data[where[0]], where[1:])


def _scalars(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _scalars(key)
            yield from _scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def _annotations(schema: Any, root: Mapping, where: tuple, refs: tuple) -> Iterator[tuple[tuple, dict]]:
    """(path pattern, annotation) of every annotated field below ``schema``, following local $refs."""
    if not isinstance(schema, dict):
        return
    note = schema.get(ANNOTATION)
    if isinstance(note, dict):
        yield where, note
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and ref not in refs:
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        yield from _annotations(target, root, where, refs + (ref,))
    for key, sub in (schema.get("properties") or {}).items():
        yield from _annotations(sub, root, where + (key,), refs)
    if isinstance(schema.get("items"), dict):
        yield from _annotations(schema["items"], root, where + (ANY_ITEM,), refs)
