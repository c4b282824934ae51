"""A contract's data as sheets of a workbook: which sheet and column each field of the schema is.

The layout is derived from the schema and its ``x-unioncheck`` annotations, never
written by hand, so that every field has its place and a new field gets one:

- the fields outside any list (the branch's own, and those of objects such as
  ``hardship``) are rows of one *form* sheet (label, value, note), named by the
  root's ``sheet`` annotation;
- every list is a *table* sheet named by its ``sheet`` annotation, one row per item,
  one column per field (an object inside an item, such as a postponement, is
  flattened into the item's columns);
- a list inside a list item (the resolutions of a session, the members elected in
  an election, a file's reviews, evidence) is its own sheet, whose first column
  names the parent: by the parent's ``id`` where its items have one (annotation
  ``item_key: ["id"]``), otherwise by the parent's row number (a ``序号`` column);
- a list of plain values (evidence paths, review dates) has one value column.

Headers are the fields' Chinese labels (annotation ``label``); a header may also
be the field's key (``staff_count``) or its dotted path in the item
(``postponement.until``). ``workbook`` reads and writes cells by this layout.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Mapping

from .vocabulary import Vocabulary

ANNOTATION = "x-unioncheck"
ROW_NUMBER = "序号"
FORM_HEADERS = ("项目", "填写内容", "说明")


@dataclass(frozen=True, eq=False)
class Column:
    """One field in a sheet: where it is in the item (``path``) and what its cells hold."""

    header: str
    path: tuple  # inside the item (table) or the document (form); () for a list of plain values
    schema: Mapping[str, Any]
    note: Mapping[str, Any]
    required: bool = False

    @cached_property
    def types(self) -> tuple[str, ...]:
        kind = self.schema.get("type")
        if kind is None and "enum" in self.schema:
            kind = sorted({_json_type(v) for v in self.schema["enum"]})
        elif kind is None and "const" in self.schema:
            kind = _json_type(self.schema["const"])
        return tuple(kind) if isinstance(kind, list) else ((kind,) if kind else ())

    @property
    def is_date(self) -> bool:
        return self.schema.get("format") == "date"

    @cached_property
    def vocabulary(self) -> Vocabulary | None:
        """The words of an enumerated field (annotation ``values``), as ``contract.normalize`` reads them."""
        named = self.note.get("values")
        if not isinstance(named, dict):
            return None
        choices = {str(code): tuple(map(str, words)) for code, words in named.items() if isinstance(words, list)}
        enum = self.schema.get("enum")
        if isinstance(enum, list):
            choices = {str(v): choices.get(str(v), ()) for v in enum}
        boolean = "boolean" in self.types
        return Vocabulary((), choices, closed=isinstance(enum, list) or boolean, boolean=boolean)

    @cached_property
    def labels(self) -> dict[Any, str]:
        """{stored value: what a drop-down shows} for an enumerated field, in the schema's order."""
        words = self.vocabulary
        return {words.value(code): words.label(code) for code in words.choices} if words else {}

    def canonical(self, text: str) -> Any | None:
        """The value a word typed or picked in this column names exactly (a label, a code), or None."""
        return self.vocabulary.canonical(text) if self.vocabulary else None

    @property
    def description(self) -> str:
        return str(self.schema.get("description") or self.note.get("description") or "")


@dataclass
class Sheet:
    """A sheet of the workbook: the form, or the table of one list."""

    name: str
    list_path: tuple | None  # pattern of the list this sheet holds ("congresses", "*", "resolutions"); None: form
    columns: list[Column] = field(default_factory=list)
    parent: Sheet | None = None
    parent_key: str | None = None  # the field of the parent's items that names them; None: its row number
    keyed_by_number: bool = False  # children name this sheet's items by their row number (a 序号 column)

    @property
    def is_form(self) -> bool:
        return self.list_path is None

    @property
    def parent_header(self) -> str | None:
        if self.parent is None:
            return None
        if self.parent_key is None:
            return self.parent.name + ROW_NUMBER
        found = next((c for c in self.parent.columns if c.path == (self.parent_key,)), None)
        return found.header if found else self.parent_key

    @property
    def plain_values(self) -> bool:
        """A list of plain values (evidence paths, dates), not of records."""
        return len(self.columns) == 1 and self.columns[0].path == ()

    def headers(self) -> list[str]:
        """The header row of a table sheet, in order."""
        lead = [ROW_NUMBER] if self.keyed_by_number else []
        if self.parent_header:
            lead.append(self.parent_header)
        return lead + [c.header for c in self.columns]

    def column(self, header: Any) -> Column | None:
        """The column a header cell names: by label, key or dotted path (``*`` marks ignored)."""
        return self._by_header.get(fold(header).rstrip("*").strip())

    @cached_property
    def _by_header(self) -> dict[str, Column]:
        found: dict[str, Column] = {}
        for c in self.columns:
            for name in (c.header, ".".join(map(str, c.path)), str(c.path[-1]) if c.path else ""):
                if name:
                    found.setdefault(fold(name), c)
        return found


@dataclass
class Layout:
    form: Sheet
    tables: list[Sheet]

    @property
    def sheets(self) -> list[Sheet]:
        return [self.form, *self.tables]

    def sheet(self, name: str) -> Sheet | None:
        wanted = fold(name)
        return next((s for s in self.sheets if fold(s.name) == wanted), None)


def fold(text: Any) -> str:
    """Text as compared: full-width forms to half-width (NFKC), spaces trimmed."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def derive(schema: Mapping[str, Any]) -> Layout:
    """The layout of ``schema``'s documents (see the module's docstring)."""
    root, note = _resolved(schema, schema)
    form = Sheet(str(note.get("sheet") or "基本信息"), None)
    tables: list[Sheet] = []
    _fill(form, root, schema, (), (), form, tables)
    return Layout(form, tables)


def _fill(sheet: Sheet, node: Mapping, root: Mapping, at: tuple, pattern: tuple, form: Sheet, tables: list) -> None:
    """Put the fields of object ``node`` (at ``at`` inside ``sheet``'s items; ``pattern`` in the
    document) into ``sheet``, and each list below it into a sheet of its own."""
    required = set(node.get("required") or ())
    for key, sub in (node.get("properties") or {}).items():
        resolved, note = _resolved(sub, root)
        kind = resolved.get("type")
        if kind == "array":
            _table(sheet, key, resolved, note, root, pattern + (key,), form, tables)
        elif kind == "object" and "properties" in resolved:
            _fill(sheet, resolved, root, at + (key,), pattern + (key,), form, tables)
        else:
            header = str(note.get("label") or key)
            sheet.columns.append(Column(header, at + (key,), resolved, note, key in required))


def _table(owner: Sheet, key: str, node: Mapping, note: Mapping, root, pattern: tuple, form: Sheet, tables) -> None:
    items, item_note = _resolved(node.get("items") or {}, root)
    sheet = Sheet(str(note.get("sheet") or note.get("label") or key), pattern + ("*",))
    if not owner.is_form:
        sheet.parent = owner
        key_fields = _item_key(owner, root)
        sheet.parent_key = key_fields
        owner.keyed_by_number = owner.keyed_by_number or key_fields is None
    tables.append(sheet)
    if items.get("type") == "object":
        _fill(sheet, items, root, (), pattern + ("*",), form, tables)
    else:
        header = str(note.get("label") or item_note.get("label") or key)
        sheet.columns.append(Column(header, (), items, {**item_note}, True))


def _item_key(sheet: Sheet, root) -> str | None:
    """The field naming the items of ``sheet`` for its children: its required ``id``-like key, if any."""
    for c in sheet.columns:
        if c.required and c.path == ("id",):
            return "id"
    return None


def _resolved(node: Mapping, root: Mapping, seen: tuple = ()) -> tuple[dict, dict]:
    """``node`` with its local ``$ref`` followed: (the schema, the annotation; the referring site's wins)."""
    note = dict(node.get(ANNOTATION) or {}) if isinstance(node, Mapping) else {}
    ref = node.get("$ref") if isinstance(node, Mapping) else None
    if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, Mapping) else {}
        resolved, inner = _resolved(target, root, seen + (ref,))
        merged = {**resolved, **{k: v for k, v in node.items() if k not in ("$ref", ANNOTATION)}}
        return merged, {**inner, **note}
    return dict(node) if isinstance(node, Mapping) else {}, note


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "null"


def walk_items(data: Any, pattern: tuple, at: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, item) of every item of the lists at ``pattern`` (``*`` for any index), in order."""
    if not pattern:
        yield at, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for i, item in enumerate(data if isinstance(data, list) else ()):
            yield from walk_items(item, rest, at + (i,))
    elif isinstance(data, dict) and head in data:
        yield from walk_items(data[head], rest, at + (head,))
