"""A document as a branch workbook: the cells of each sheet, and the ``.xlsx`` file holding them.

``rows_of`` says what each cell holds (a pure function of the layout and the
data: a date cell for a date, the Chinese label for an enumerated value, 是/否
for a yes/no field); ``build`` lays those cells out as the workbook a secretary
fills in, in Excel, WPS or LibreOffice, empty (the template) or not: the guide
sheet first (``guide``), headers with their notes, drop-downs and validations
(``entry``), text columns formatted as text so that ID numbers stay as typed,
dates as dates, readable widths, a frozen header row, and pages that print
(landscape, fit to the width, the header row on every page, page numbers).
``workbook.load`` reads it back as equal data. Text is always written as text,
never as a formula.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .cellchecks import rule
from .entry import REQUIRED_MARK, ROWS, Slot, display_width, letter, note, quoted, slots, wrapped_lines
from .guide import GUIDE_SHEET
from .guide import write as write_guide
from .layout import FORM_HEADERS, Column, Layout, Sheet, walk_items

YES, NO = "是", "否"
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"


def rows_of(layout: Layout, data: Any) -> dict[str, list[list[Any]]]:
    """The cells ``write`` puts in each sheet for ``data``: {sheet name: rows below the header}."""
    out: dict[str, list[list[Any]]] = {layout.form.name: []}
    for column in layout.form.columns:
        value = value_at(data, column.path)
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
                key = None if sheet.parent_key is None else value_at(data, parent + (sheet.parent_key,))
                row.append(numbers[parent] if sheet.parent_key is None else key)
            for column in sheet.columns:
                value = item if column.path == () else value_at(item, column.path)
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


def value_at(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def starting(layout: Layout) -> dict:
    """The data every new workbook holds: the values the contract fixes (its version)."""
    data: dict = {}
    for column in layout.form.columns:
        if "const" in column.schema:
            into = data
            for part in column.path[:-1]:
                into = into.setdefault(part, {})
            into[column.path[-1]] = column.schema["const"]
    return data


HEADER_FILL, LINK_FILL = "D9E1F2", "FFF2CC"  # a field's header; a column naming another sheet's row
REQUIRED_COLOUR, HEADER_COLOUR = "C00000", "1F3864"
AUTHOR = "unioncheck"
FORM_NOTES = (
    f"要填写的项目。标有{REQUIRED_MARK}（红色）的必须填写。请不要修改这一列。",
    "在这一列填写。有下拉箭头的从列表中选择；日期、数字的要求见“说明”列。",
    "每一项填什么、怎样填。",
)


def build(layout: Layout, data: Any):
    """An openpyxl workbook of ``data`` laid out by ``layout`` (the template, when ``data`` is empty):
    the guide, the form, one sheet per list, each dressed for data entry and for printing."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    guide = book.create_sheet(GUIDE_SHEET)
    write_guide(guide, layout)
    lists = _Lists(guide)
    rows = rows_of(layout, data or {})
    covered = max(ROWS, max(map(len, rows.values())) + ROWS // 10)  # the rows a table's checks cover
    for sheet in layout.sheets:
        ws = book.create_sheet(sheet.name)
        if sheet.is_form:
            _form(ws, layout, sheet, rows[sheet.name], lists, covered)
        else:
            _table(ws, layout, sheet, rows[sheet.name], lists, covered)
        _for_printing(ws, landscape=not sheet.is_form)
    _for_printing(guide, landscape=False)
    return book


def _table(ws, layout: Layout, sheet: Sheet, rows: list[list[Any]], lists, covered: int) -> None:
    found = slots(layout, sheet)
    for c, slot in enumerate(found, start=1):
        _header(ws, c, slot.shown, "\n".join(note(slot, sheet, layout)), slot)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            _cell(ws, r, c, value, found[c - 1])
    for i, slot in enumerate(found):
        column = letter(i)
        if slot.is_date or slot.is_text:
            ws.column_dimensions[column].number_format = DATE_FORMAT if slot.is_date else TEXT_FORMAT
        check = rule(slot, f"{column}2", covered, lists)
        if check is not None:
            ws.add_data_validation(check.validation(f"{column}2:{column}{covered + 1}"))
        values = [row[i] for row in rows if i < len(row)]
        ws.column_dimensions[column].width = _width(slot, values)
    ws.freeze_panes = "A2"


def _form(ws, layout: Layout, sheet: Sheet, rows: list[list[Any]], lists, covered: int) -> None:
    from .reporters.xlsx import put

    found = slots(layout, sheet)
    for c, (text, said) in enumerate(zip(FORM_HEADERS, FORM_NOTES), start=1):
        _header(ws, c, text, said)
    grouped: dict = {}
    for r, (slot, row) in enumerate(zip(found, rows), start=2):
        label = _header(ws, 1, slot.shown, None, slot, row=r)
        label.alignment = _alignment(vertical="top")
        _cell(ws, r, 2, row[1] if len(row) > 1 else None, slot, form=True)
        said = "".join(note(slot, sheet, layout))
        put(ws, r, 3, said).alignment = _alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = LINE_HEIGHT * wrapped_lines(said, FORM_WIDTHS[2]) + 6
        check = rule(slot, f"B{r}", covered, lists)
        if check is not None:
            grouped.setdefault(check, []).append(f"B{r}")
    for check, cells in grouped.items():
        ws.add_data_validation(check.validation(*cells))
    for c, width in enumerate(FORM_WIDTHS, start=1):
        ws.column_dimensions[letter(c - 1)].width = width
    ws.freeze_panes = "A2"


FORM_WIDTHS = (24, 30, 72)
LINE_HEIGHT = 17  # points a wrapped line of Chinese takes (Excel's 等线 14, LibreOffice's Noto CJK 16.5)


def _alignment(**kwargs):
    from openpyxl.styles import Alignment

    return Alignment(**kwargs)


def _header(ws, c: int, text: str, said: str | None, slot: Slot | None = None, row: int = 1):
    """A header cell (or a label of the form): bold on a light fill, red when required, with its note."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    from .reporters.xlsx import put

    cell = put(ws, row, c, text)
    required = slot is not None and slot.required and slot.role == "field"
    cell.font = Font(bold=True, color=REQUIRED_COLOUR if required else HEADER_COLOUR)
    if row == 1:
        link = slot is not None and slot.role != "field"
        cell.fill = PatternFill("solid", fgColor=LINK_FILL if link else HEADER_FILL)
        cell.alignment = _alignment(vertical="center", wrap_text=True)
    if said:
        comment = Comment(said, AUTHOR)
        comment.width, comment.height = COMMENT_WIDTH, 18 * wrapped_lines(said, COMMENT_WIDTH // 6) + 16
        cell.comment = comment
    return cell


COMMENT_WIDTH = 300  # pixels


def _cell(ws, r: int, c: int, value: Any, slot: Slot, form: bool = False) -> None:
    """One data cell: a date shown as a date, text kept as text (and, on the form, where the cell
    is empty, the format a typed value takes)."""
    from .reporters.xlsx import put

    if value is None and not form:
        return  # an empty cell takes its column's format
    cell = ws.cell(r, c) if value is None else put(ws, r, c, value)
    if form:
        cell.alignment = _alignment(vertical="top", horizontal="left")
    if isinstance(value, dt.date) or (value is None and slot.is_date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) or (value is None and slot.is_text):
        cell.number_format = TEXT_FORMAT


class _Lists:
    """Drop-down lists too long to hold in a validation, in hidden columns of the guide sheet."""

    FIRST = 26  # column AA: well right of the guide's text

    def __init__(self, ws):
        self.ws, self.known = ws, {}

    def __call__(self, labels: list[str]) -> str:
        from .reporters.xlsx import put

        key = tuple(labels)
        if key not in self.known:
            index = self.FIRST + len(self.known)
            for r, label in enumerate(labels, start=1):
                put(self.ws, r, index + 1, label)
            name = letter(index)
            self.ws.column_dimensions[name].hidden = True
            self.known[key] = f"{quoted(self.ws.title)}!${name}$1:${name}${len(labels)}"
        return self.known[key]


def _for_printing(ws, landscape: bool) -> None:
    """A4, fit to the page's width, the header row on every page, the sheet's name above and the
    page number below, grid lines printed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ws.title != GUIDE_SHEET:
        ws.print_title_rows = "1:1"
        ws.print_options.gridLines = True
    ws.oddHeader.center.text = "&A"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _width(slot: Slot, values: list[Any]) -> float:
    """A column's width: its header in bold (and a drop-down's arrow) and its values in full, within
    bounds. A width counts the digits of the default font that fit; a Chinese character takes more
    than two of them, more in bold."""
    header = 1.2 * display_width(slot.shown) + 4
    longest = max(
        (12 if isinstance(v, dt.date) else 1.1 * display_width(v) + 2 for v in values if v is not None), default=0
    )
    floor = 13 if slot.is_date else 8
    return float(round(min(40, max(floor, header, longest)), 1))
