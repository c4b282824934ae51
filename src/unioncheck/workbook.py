"""A branch workbook (``.xlsx``) as a document, and a document as a workbook.

The workbook is one more form of a data file behind the loader's interface: it
is read into the same plain data as the YAML file of the same branch, and every
value's place is its sheet and cell (``Document.positions`` holds
``(sheet, cell)`` for a workbook, ``(line, column)`` for a text file), so rules
never know which form they judge. The sheets and columns are the contract's
``layout``; cells hold what a person types in Excel or WPS, read the way they
meant it where that is unambiguous (a date cell, ``2025年3月14日``, ``2025.3.14``,
a Chinese label from a drop-down, a number typed as text, 是/否).

``write`` makes the workbook of a document, which ``load`` reads back as equal
data (``unioncheck convert``); ``template`` dresses it for data entry.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .layout import FORM_HEADERS, ROW_NUMBER, Column, Layout, Sheet, fold
from .loader import Document, Problem, _read, _Refused, shown_path
from .model import Text
from .sheets import Grid, SheetsRefused, cell_name, read

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
_YES = {"是", "对", "有", "√", "true", "yes", "y"}
_NO = {"否", "不", "无", "×", "false", "no", "n"}

PRECISE_DIGITS = 15  # a spreadsheet keeps 15 significant digits of a number


def load(file: str, layout: Layout, max_bytes: int) -> Document:
    """Read one workbook; problems are recorded on the document, never raised."""
    doc = Document(shown_path(file), path=file)
    try:
        grids = read(_read(file, max_bytes))  # the loader's checks: a regular file, within the size limit
    except _Refused as refused:
        doc.problems.append(refused.problem)
        return doc
    except SheetsRefused as refused:
        doc.problems.append(Problem(refused.message, sheet=refused.sheet, cell=refused.cell))
        return doc
    _Reader(doc, layout).read(grids)
    return doc


class _Reader:
    """Turns the grids of one workbook into ``doc.data`` and ``doc.positions``."""

    def __init__(self, doc: Document, layout: Layout):
        self.doc, self.layout = doc, layout
        self.items: dict[str, dict[Any, tuple]] = {}  # sheet: {parent key value: data path of the item}

    def read(self, grids: list[Grid]) -> None:
        by_sheet = {}
        for grid in grids:
            sheet = self.layout.sheet(grid.name)
            if sheet is not None:
                by_sheet[sheet.name] = grid
        self.doc.data = {}
        form = by_sheet.get(self.layout.form.name)
        if form is None:
            self._problem(self.layout.form.name, None, _missing_form(self.layout.form.name))
        else:
            self._form(self.layout.form, form)
        for sheet in self.layout.tables:
            if sheet.name in by_sheet:
                self._table(sheet, by_sheet[sheet.name])

    def _problem(self, sheet: str, cell: str | None, message: Text) -> None:
        self.doc.problems.append(Problem(message, sheet=sheet, cell=cell))

    def _form(self, sheet: Sheet, grid: Grid) -> None:
        self.doc.positions[()] = (sheet.name, "A1")
        for r, row in enumerate(grid.rows, start=1):
            label = row[0] if row else None
            if label is None or (r == 1 and fold(label) == FORM_HEADERS[0]):
                continue
            column = sheet.column(label)
            if column is None:
                continue  # a heading or a note the secretary added: only known labels are read
            raw = row[1] if len(row) > 1 else None
            if raw is not None:
                self._put(self.doc.data, column, raw, column.path, (sheet.name, cell_name(r, 2)))

    def _table(self, sheet: Sheet, grid: Grid) -> None:
        if sheet.parent is None:  # a finding about the whole list (one missing) points at its sheet
            self.doc.positions[sheet.list_path[:-1]] = (sheet.name, None)
        if not grid.rows:
            return
        columns = self._headers(sheet, grid.rows[0])
        for r, row in enumerate(grid.rows[1:], start=2):
            if all(v is None for v in row):
                continue
            self._row(sheet, columns, row, r)

    def _headers(self, sheet: Sheet, header: list) -> list:
        """What each column of a table holds: a Column, ROW_NUMBER, the parent's key, or None."""
        columns: list = []
        for c, text in enumerate(header, start=1):
            if text is None:
                columns.append(None)
            elif fold(text) == ROW_NUMBER and sheet.keyed_by_number:
                columns.append(ROW_NUMBER)
            elif sheet.parent_header and fold(text) == fold(sheet.parent_header):
                columns.append("parent")
            else:
                found = sheet.column(text)
                if found is None:
                    self._problem(sheet.name, cell_name(1, c), _unknown_header(sheet, text))
                columns.append(found)
        return columns

    def _row(self, sheet: Sheet, columns: list, row: list, r: int) -> None:
        cells = {columns[c]: (value, cell_name(r, c + 1)) for c, value in enumerate(row) if c < len(columns)}
        owner = self._owner(sheet, cells.get("parent"), r)
        if owner is None:
            return
        items = _list_at(self.doc.data, owner)
        path = owner + (len(items),)
        where = (sheet.name, cell_name(r, 1))
        if sheet.plain_values:
            raw, cell = cells.get(sheet.columns[0], (None, None))
            value, problem = cell_value(sheet.columns[0], raw) if raw is not None else (None, None)
            if problem is not None:
                self._problem(sheet.name, cell, problem)
            elif raw is not None:
                items.append(value)
                self.doc.positions[path] = (sheet.name, cell)
            return
        item: dict = {}
        items.append(item)
        self.doc.positions[path] = where
        for column in sheet.columns:
            value, cell = cells.get(column, (None, None))
            if value is not None:
                self._put(item, column, value, column.path, (sheet.name, cell), path + column.path)
        if sheet.keyed_by_number:
            number = cells.get(ROW_NUMBER, (None, None))[0]
            self.items.setdefault(sheet.name, {})[_key(len(items) if number is None else number)] = path
        elif "id" in item:
            self.items.setdefault(sheet.name, {})[_key(item["id"])] = path

    def _owner(self, sheet: Sheet, parent: tuple | None, r: int) -> tuple | None:
        """The data path of the list a row of ``sheet`` belongs to (None: it names no parent there is)."""
        if sheet.parent is None:
            return tuple(p for p in sheet.list_path[:-1])
        value, cell = parent if parent else (None, cell_name(r, 1))
        found = self.items.get(sheet.parent.name, {}).get(_key(value)) if value is not None else None
        if found is None:
            self._problem(sheet.name, cell, _no_parent(sheet, value))
            return None
        return found + sheet.list_path[len(sheet.parent.list_path) : -1]

    def _put(self, into: Any, column: Column, raw: Any, at: tuple, where: tuple, path: tuple | None = None) -> None:
        """Store one cell's value at ``at`` inside ``into`` (creating the objects on the way)."""
        path = at if path is None else path
        value, problem = cell_value(column, raw)
        if problem is not None:
            self._problem(where[0], where[1], problem)
            return
        for i, part in enumerate(at[:-1]):
            into = into.setdefault(part, {})
            self.doc.positions.setdefault(path[: len(path) - len(at) + i + 1], where)
        into[at[-1]] = value
        self.doc.positions[path] = where


def _list_at(data: dict, path: tuple) -> list:
    for part in path[:-1]:
        data = data.setdefault(part, {}) if isinstance(part, str) else data[part]
    return data.setdefault(path[-1], [])


def _key(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fold(value)


def cell_value(column: Column, raw: Any) -> tuple[Any, Text | None]:
    """The value a cell means for ``column``, or the problem with it: as a person would mean it."""
    types = column.types
    if isinstance(raw, (dt.date, dt.datetime)):
        if isinstance(raw, dt.datetime) and raw.time() != dt.time(0):
            return None, _not_a_date(column, raw)
        return (raw.isoformat()[:10], None) if "string" in types else (None, _wants(column, raw))
    if isinstance(raw, bool):
        return (raw, None) if "boolean" in types else (None, _wants(column, raw))
    if isinstance(raw, (int, float)):
        return _number(column, raw)
    text = str(raw).strip()
    if column.vocabulary is not None:
        found = column.canonical(text)
        return (text if found is None else found), None
    if column.is_date:
        return natural_date(text) or text, None
    if "boolean" in types:
        word = fold(text).lower()
        return (True, None) if word in _YES else (False, None) if word in _NO else (text, None)
    if "string" not in types and ("integer" in types or "number" in types):
        folded = fold(text).replace(",", "")
        if _INTEGER.match(folded):
            return int(folded), None
        if "number" in types and _NUMBER.match(folded):
            return float(folded), None
    return text, None


def _number(column: Column, raw: int | float) -> tuple[Any, Text | None]:
    types = column.types
    integral = isinstance(raw, int) or raw.is_integer()
    if "integer" in types or "number" in types:
        return (int(raw) if integral else raw), None  # a spreadsheet's numbers are all decimals
    if column.is_date and integral and _COMPACT_DATE.match(str(int(raw))):
        return natural_date(str(int(raw))) or str(int(raw)), None
    if "string" in types:
        if not integral or len(str(abs(int(raw)))) > PRECISE_DIGITS:
            return None, _lost_digits(column)
        return str(int(raw)), None
    return None, _wants(column, raw)


def natural_date(text: str) -> str | None:
    """The ISO form of a date written 2025年3月14日, 2025.3.14, 2025/3/14, 2025-3-14 or 20250314."""
    match = _DATE.match(fold(text)) or _COMPACT_DATE.match(fold(text))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


def _missing_form(name: str) -> Text:
    return Text(
        f"缺少工作表“{name}”：请用 unioncheck template 生成的模板填写，不要删除或改名工作表",
        f"the sheet '{name}' is missing: fill in the workbook unioncheck template writes, without deleting or "
        "renaming its sheets",
    )


def _unknown_header(sheet: Sheet, text: Any) -> Text:
    known = "、".join(sheet.headers())
    return Text(
        f"工作表“{sheet.name}”的列标题“{text}”不是本表的字段：请使用模板中的列标题（{known}），或删除这一列",
        f"the column header '{text}' of sheet '{sheet.name}' is not one of its fields: use the template's "
        f"headers ({', '.join(sheet.headers())}) or delete the column",
    )


def _no_parent(sheet: Sheet, value: Any) -> Text:
    header = sheet.parent_header or ""
    if value is None:
        return Text(
            f"这一行没有填写“{header}”：请填写它属于“{sheet.parent.name}”表中的哪一条",
            f"this row has no '{header}': give the entry of sheet '{sheet.parent.name}' it belongs to",
        )
    return Text(
        f"“{header}”为 {value}，但“{sheet.parent.name}”表中没有这一条：请核对编号",
        f"'{header}' is {value}, but sheet '{sheet.parent.name}' has no such entry: check the number",
    )


def _wants(column: Column, raw: Any) -> Text:
    return Text(
        f"“{column.header}”不能填 {raw}：{column.description or '请按列标题的批注填写'}",
        f"'{column.header}' cannot hold {raw}: {column.description or 'see the header note'}",
    )


def _not_a_date(column: Column, raw: Any) -> Text:
    return Text(
        f"“{column.header}”应为日期（如 2025-03-14），不带时刻，实际是 {raw}",
        f"'{column.header}' must be a date (such as 2025-03-14) without a time, got {raw}",
    )


def _lost_digits(column: Column) -> Text:
    return Text(
        f"“{column.header}”被存成了数字，超过 {PRECISE_DIGITS} 位的数字已被表格改写：请先把这一列设为“文本”格式，"
        "再重新输入（或在前面加英文单引号 '）",
        f"'{column.header}' was stored as a number, and a spreadsheet rewrites digits past the "
        f"{PRECISE_DIGITS}th: format the column as Text and type it again (or begin it with ')",
    )
