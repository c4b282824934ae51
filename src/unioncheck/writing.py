"""A document as a branch workbook: the cells of each sheet, and the ``.xlsx`` file holding them.

``rows_of`` says what each cell holds (a pure function of the layout and the
data: a date cell for a date, the Chinese label for an enumerated value, 是/否
for a yes/no field); ``build`` lays those cells out as a workbook a person can
read and fill (headers, widths, frozen header row); ``workbook.load`` reads it
back as equal data. Text is always written as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .layout import FORM_HEADERS, Column, Layout, walk_items

YES, NO = "是", "否"
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"


def rows_of(layout: Layout, data: Any) -> dict[str, list[list[Any]]]:
    """The cells ``write`` puts in each sheet for ``data``: {sheet name: rows below the header}."""
    out: dict[str, list[list[Any]]] = {layout.form.name: []}
    for column in layout.form.columns:
        value = _get(data, column.path)
        out[layout.form.name].append([column.header, None if value is None else shown(column, value)])
    numbers: dict[tuple, int] = {}
    for sheet in layout.tables:
        rows = out.setdefault(sheet.name, [])
        for path, item in walk_items(data, sheet.list_path):
            row: list[Any] = []
            if sheet.keyed_by_number:
                numbers[path] = len(rows) + 1
                row.append(numbers[path])
            if sheet.parent is not None:
                parent = path[: len(sheet.parent.list_path)]
                row.append(numbers[parent] if sheet.parent_key is None else _get(data, parent + (sheet.parent_key,)))
            for column in sheet.columns:
                value = item if column.path == () else _get(item, column.path)
                row.append(None if value is None else shown(column, value))
            rows.append(row)
    return out


def shown(column: Column, value: Any) -> Any:
    """What a cell holds for a stored value: a date cell, a label, 是/否, or the value itself."""
    if column.labels and value in column.labels:
        return column.labels[value]
    if isinstance(value, bool) and "boolean" in column.types:
        return YES if value else NO
    if column.is_date and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def build(layout: Layout, data: Any):
    """An openpyxl workbook of ``data`` laid out by ``layout`` (the template, when ``data`` is empty)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from .reporters.xlsx import put

    book = Workbook()
    book.remove(book.active)
    rows = rows_of(layout, data or {})
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="305496")
    for sheet in layout.sheets:
        ws = book.create_sheet(sheet.name)
        headers = list(FORM_HEADERS) if sheet.is_form else sheet.headers()
        for c, text in enumerate(headers, start=1):
            cell = put(ws, 1, c, text)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        columns = _cell_columns(sheet)
        for r, row in enumerate(rows[sheet.name], start=2):
            for c, value in enumerate(row, start=1):
                column = columns[r - 2] if sheet.is_form and c == 2 else (None if sheet.is_form else columns[c - 1])
                _cell(ws, r, c, value, column)
        if sheet.is_form:
            for r, column in enumerate(sheet.columns, start=2):
                put(ws, r, 3, column.description)
        ws.freeze_panes = "A2"
        _widths(ws, headers, sheet.is_form)
    return book


def _cell_columns(sheet) -> list[Column | None]:
    """For a table, the Column of each cell of a row (None for the row number and the parent's key);
    for the form, the Column of each row."""
    if sheet.is_form:
        return list(sheet.columns)
    lead = len(sheet.headers()) - len(sheet.columns)
    return [None] * lead + list(sheet.columns)


def _cell(ws, r: int, c: int, value: Any, column: Column | None) -> None:
    from .reporters.xlsx import put

    if value is None:
        cell = ws.cell(r, c)
    else:
        cell = put(ws, r, c, value)
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif column is not None and "string" in column.types and not isinstance(value, (int, float)):
        cell.number_format = TEXT_FORMAT


def _widths(ws, headers: list[str], form: bool) -> None:
    from openpyxl.utils import get_column_letter

    for c, text in enumerate(headers, start=1):
        width = 14 if not form else (24, 28, 60)[min(c, 3) - 1]
        ws.column_dimensions[get_column_letter(c)].width = max(width, 2 * len(str(text)) + 4)
