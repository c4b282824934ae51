"""What a person filling in a branch workbook is told in each column, and what each column is.

Every column of a sheet (every row of the form) is a ``Slot``: its header as
shown (a required field marked ``＊``, which the reader ignores), whether it is
required (always, or when another field has a value: the item schema's
``if``/``then``), what other sheet's ids it names (a child's parent; a field
annotated ``refers_to``), and the note on its header cell: what goes there, the
values allowed, an example. ``cellchecks`` gives its cells' validation.

All of it is derived from the layout and the contract's schema, never written
per field: a new field gets its note and its validation.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping

from .layout import ROW_NUMBER, Column, Layout, Sheet, _resolved
from .model import YEARS

ROWS = 1000  # the data rows a table's validations and formats cover (more when the data has more)
REQUIRED_MARK = "＊"  # after a required header; layout.Sheet.column reads the header without it
EXAMPLE_DATE = "2025-03-14"
FIRST_DAY, LAST_DAY = dt.date(YEARS.start, 1, 1), dt.date(YEARS.stop - 1, 12, 31)


@dataclass(frozen=True)
class Target:
    """The cells of another sheet a column's values name: its ids (``letter`` is their column)."""

    sheet: str
    letter: str
    header: str

    def range(self, rows: int = ROWS) -> str:
        """The cells holding the ids, as a validation's list names them."""
        return f"{quoted(self.sheet)}!${self.letter}$2:${self.letter}${rows + 1}"


@dataclass(frozen=True)
class Slot:
    """One column of a table (or one row of the form) as the workbook shows it."""

    header: str  # the field's header, without the mark
    column: Column | None  # None: the row number or the parent's key
    role: str  # "field", "row number" or "parent"
    required: bool
    target: Target | None = None  # the ids its values name
    condition: str = ""  # when it is required though not always: 当“选举类别”为“换届选举”时必填
    unique: bool = False  # an id: no two rows alike

    @property
    def shown(self) -> str:
        return self.header + (REQUIRED_MARK if self.required and self.role == "field" else "")

    @property
    def is_text(self) -> bool:
        if self.column is None:
            return self.role == "parent" and self.target is not None and self.target.header != ROW_NUMBER
        return "string" in self.column.types and not self.column.is_date

    @property
    def is_date(self) -> bool:
        return self.column is not None and self.column.is_date


def quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def letter(index: int) -> str:
    """The column letters of a 0-based column index."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def slots(layout: Layout, sheet: Sheet) -> list[Slot]:
    """The slots of ``sheet``: for a table its columns in order, for the form its rows."""
    required_when = _conditions(layout, sheet)
    out: list[Slot] = []
    if not sheet.is_form and sheet.keyed_by_number:
        out.append(Slot(ROW_NUMBER, None, "row number", True, unique=True))
    if not sheet.is_form and sheet.parent is not None:
        out.append(Slot(sheet.parent_header or "", None, "parent", True, _key_of(sheet.parent)))
    for column in sheet.columns:
        refers = column.note.get("refers_to")
        target = refers_target(layout, str(refers)) if refers else None
        unique = not sheet.is_form and column.path == ("id",) and column.required
        condition = required_when.get(column.path, "")
        out.append(Slot(column.header, column, "field", column.required, target, condition, unique))
    return out


def refers_target(layout: Layout, refers_to: str) -> Target | None:
    """The ids a ``refers_to`` annotation (``congresses.*.resolutions.*.id``) names, or None."""
    parts = tuple(refers_to.split("."))
    for sheet in layout.tables:
        if sheet.list_path == parts[:-1]:
            for i, (header, path) in enumerate(_headed(sheet)):
                if path == parts[-1:]:
                    return Target(sheet.name, letter(i), header)
    return None


def _headed(sheet: Sheet) -> list[tuple[str, tuple | None]]:
    """(header, field path) of each column of a table in order; None for the row number and the
    parent's key."""
    lead = [(ROW_NUMBER, None)] if sheet.keyed_by_number else []
    if sheet.parent is not None:
        lead.append((sheet.parent_header or "", None))
    return lead + [(c.header, c.path) for c in sheet.columns]


def _key_of(sheet: Sheet) -> Target:
    """Where the items of ``sheet`` are named for its children: their id, or their row number."""
    ids = [(i, header) for i, (header, path) in enumerate(_headed(sheet)) if path == ("id",)]
    if sheet.keyed_by_number or not ids:
        return Target(sheet.name, "A", ROW_NUMBER)
    return Target(sheet.name, letter(ids[0][0]), ids[0][1])


def node_at(layout: Layout, pattern: tuple) -> tuple[dict, dict]:
    """The schema (and annotation) at a path pattern of the documents (``*``: a list's items)."""
    schema = layout.schema or {}
    node, note = _resolved(schema, schema)
    for part in pattern:
        inner = node.get("items") if part == "*" else (node.get("properties") or {}).get(part)
        node, note = _resolved(inner or {}, schema)
    return node, note


def purpose(layout: Layout, sheet: Sheet) -> str:
    """What ``sheet`` holds, in Chinese: its list's description, else its label or name."""
    if sheet.is_form:
        return ""
    node, note = node_at(layout, sheet.list_path[:-1])
    return chinese(str(node.get("description") or note.get("label") or sheet.name))


def chinese(text: str) -> str:
    """The Chinese of a bilingual text (``中文 / English``, ``English / 中文``); the whole text otherwise."""
    parts = [part.strip() for part in text.split(" / ")]
    return " / ".join(part for part in parts if not part.isascii()) or text.strip()


def _conditions(layout: Layout, sheet: Sheet) -> dict[tuple, str]:
    """{field path: when it is required}, from the item schema's ``if`` (one field has a value)
    and ``then`` (these fields are required)."""
    if sheet.is_form or not layout.schema:
        return {}
    items, _ = node_at(layout, sheet.list_path)
    when, then = items.get("if"), items.get("then")
    if not (isinstance(when, Mapping) and isinstance(then, Mapping)):
        return {}
    given = when.get("properties") or {}
    if len(given) != 1:
        return {}
    ((key, wanted),) = given.items()
    column = next((c for c in sheet.columns if c.path == (key,)), None)
    if column is None or not isinstance(wanted, Mapping) or "const" not in wanted:
        return {}
    value = column.labels.get(wanted["const"], str(wanted["const"]))
    return {(name,): f"当“{column.header}”为“{value}”时必填" for name in then.get("required") or ()}


def note(slot: Slot, sheet: Sheet, layout: Layout) -> list[str]:
    """What a header's note says, a sentence a line: required or not, what goes there, the values
    allowed, an example."""
    if slot.role == "row number":
        children = "、".join(f"“{t.name}”" for t in layout.tables if t.parent is sheet)
        return ["【必填】本表每一行的序号：1、2、3……依次往下编号。", f"{children}表的第一列用它指明属于本表的哪一行。"]
    if slot.role == "parent":
        return [
            f"【必填】这一行属于“{sheet.parent.name}”表中的哪一条：填那一条的{slot.header}"
            f"（点单元格右侧的箭头，从“{sheet.parent.name}”表已填写的编号中选择）。",
            f"请先在“{sheet.parent.name}”表中填好那一条。",
        ]
    column = slot.column
    description = "" if column.labels else chinese(column.description)
    if column.is_date and "YYYY" in description:
        description = ""  # the date format itself, which the next line says in words
    if not description and sheet.plain_values:
        description = purpose(layout, sheet)
    default = default_from(layout, sheet, column)
    need = _need(slot)
    if default and slot.required:
        need = f"【必填】填写了“{default[0]}”的可留空。"
    lines = [need + _sentence(description), _kind(slot)]
    if default:
        lines.append(f"留空则取{default[0]}的{default[1]}（可改填本表自己的数据）。")
    key = column.path[-1] if len(column.path) == 1 else None
    filled = [c.header for c in sheet.columns if key and (c.note.get("default_from") or {}).get("via") == key]
    if filled:
        named = f"“{slot.target.sheet}”表中那一条" if slot.target is not None else "那一条"
        lines.append(f"填写后，本行的{''.join(f'“{h}”' for h in filled)}留空的，取{named}的数据。")
    if column.note.get("personal"):
        lines.append("个人信息：只用于本单位和上级工会核对，unioncheck 的检查结果中不会显示。")
    example = _example(column)
    if example and "const" not in column.schema:
        lines.append(f"示例：{example}")
    return [line for line in lines if line]


def default_from(layout: Layout, sheet: Sheet, column: Column) -> tuple[str, str] | None:
    """(the header of the field naming another item, the header of that item's field) an empty cell of
    ``column`` takes its value from (annotation ``default_from``), or None."""
    spec = column.note.get("default_from")
    if not isinstance(spec, Mapping):
        return None
    via = next((c for c in sheet.columns if c.path == (spec.get("via"),)), None)
    refers = str(via.note.get("refers_to") or "") if via is not None else ""
    target = next((t for t in layout.tables if t.list_path == tuple(refers.split("."))[:-1]), None)
    field = next((c for c in target.columns if c.path == (spec.get("field"),)), None) if target else None
    return (via.header, field.header) if field is not None else None


def _sentence(text: str) -> str:
    return text + ("" if not text or text.endswith(("。", "）", ")")) else "。")


def _need(slot: Slot) -> str:
    if slot.required or (slot.column is not None and "const" in slot.column.schema):
        return "【必填】"
    return f"【{slot.condition}】" if slot.condition else "【选填】"


def _kind(slot: Slot) -> str:
    column = slot.column
    schema = column.schema
    if "const" in schema:
        return f"固定填 {schema['const']}，请勿修改。"
    if column.labels:
        return f"可选：{'、'.join(column.labels.values())}（点单元格右侧的箭头选择）。"
    if "boolean" in column.types:
        return "填“是”或“否”（点单元格右侧的箭头选择）。"
    if column.is_date:
        return f"日期，如 {EXAMPLE_DATE}，在 {FIRST_DAY} 至 {LAST_DAY} 之间。"
    if slot.target is not None:
        return (
            f"填“{slot.target.sheet}”表中已有的{slot.target.header}"
            f"（点单元格右侧的箭头，从“{slot.target.sheet}”表已填写的编号中选择）。"
        )
    bounds = _bounds_text(column)
    if column.types == ("integer",):
        return f"整数{bounds}，只填阿拉伯数字，不要带单位。"
    if column.types == ("number",):
        return f"数字{bounds}，只填阿拉伯数字，不要带单位。"
    return ""


def _bounds_text(column: Column) -> str:
    low, high = column.schema.get("minimum"), column.schema.get("maximum")
    if low is not None and high is not None:
        return f"（{low} 至 {high}）"
    if low is not None:
        return f"（不小于 {low}）"
    return f"（不大于 {high}）" if high is not None else ""


def _example(column: Column) -> str:
    examples = column.schema.get("examples") or []
    if examples:
        value = examples[0]
        return column.labels.get(value, str(value)) if column.labels else str(value)
    if column.labels:
        return next(iter(column.labels.values()))
    return "是" if "boolean" in column.types else ""  # a date's example is in what it says of dates


def display_width(text: Any) -> int:
    """How many columns ``text`` takes: a Chinese character two, a Latin one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def wrapped_lines(text: str, width: int) -> int:
    """The lines ``text`` wraps to in a cell ``width`` digits wide."""
    usable = max(1, width - 2)
    return sum(max(1, -(-display_width(part) // usable)) for part in text.split("\n"))
