"""An ``.xlsx`` file as grids of cell values: the only module that opens a workbook to read it.

A workbook is read for its values only: formulas give their cached value, and no
macro, external link or embedded object is ever run or followed (calamine does
none of that; ``Book.notes`` says when a file has a macro or links, so that the
user learns they were ignored). What cannot be read as a workbook (an old
``.xls``, a CSV renamed ``.xlsx``, a damaged or encrypted file: ``sniff``) or is
past the bounds (a zip bomb, a sheet whose used area would fill the memory:
``sheetxml``) is refused before calamine opens it, as a ``SheetsRefused``
carrying a bilingual message.

A cell whose value is unknown (a formula never computed, an error value) is an
``Unreadable`` in its grid, which says why; hidden rows and columns and merged
ranges come with the grid, for the reader to answer.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, Callable

from . import sheetxml
from .loader import DEFAULT_MAX_BYTES
from .model import Text
from .sniff import refusal

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SPREADSHEETS = (".xls", ".et", ".ods", ".csv")  # found beside workbooks, answered with how to save them


class SheetsRefused(Exception):
    """The file cannot be read as a workbook; ``message`` says why and what to do."""

    def __init__(self, message: Text, sheet: str | None = None, cell: str | None = None):
        super().__init__(message.en)
        self.message, self.sheet, self.cell = message, sheet, cell


@dataclass(frozen=True)
class Unreadable:
    """A cell whose value cannot be known from the file, and why (a formula never computed...)."""

    message: Text


@dataclass
class Grid:
    """One sheet's cells: ``rows[r][c]`` is the value at row r+1, column c+1 (None when empty).

    A sheet not asked for (``read`` False) has no rows; ``has_values`` says whether it holds any."""

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    hidden: bool = False
    read: bool = True
    has_values: bool = True
    hidden_rows: frozenset[int] = frozenset()  # 1-based
    hidden_columns: frozenset[int] = frozenset()
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first column, last row, last column)


@dataclass
class Book:
    grids: list[Grid]
    notes: list[Text] = field(default_factory=list)  # about the whole file: a macro, links not followed


def cell_name(row: int, column: int) -> str:
    """The A1-style name of a cell (1-based row and column)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def read(raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Grid]:
    """The sheets of the workbook whose file holds ``raw``, in workbook order."""
    return read_book(raw, max_bytes).grids


def read_book(
    raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES, wanted: Callable[[str], bool] | None = None, name: str = ""
) -> Book:
    """The workbook in ``raw``: every sheet, those ``wanted`` (all, by default) with their cells.

    Read by calamine (Rust): about 2 ms for a branch workbook where openpyxl takes 30
    (docs/performance.md); openpyxl writes them. ``name`` (the file's) only words a refusal."""
    refused = refusal(raw, name, zipped=False)  # a zip's parts are looked at once, by sheetxml
    if refused is not None:
        raise SheetsRefused(refused)
    try:
        parts = sheetxml.open_parts(raw, max_bytes)
        chosen = [p for p in parts.sheets if wanted is None or wanted(p.name)]
        cells = 0
        for part in chosen:
            cells += sheetxml.check_bounds(part, cells)
    except sheetxml.PartsRefused as err:
        raise SheetsRefused(err.message, err.sheet, err.cell) from None
    grids = _grids(raw, parts.sheets, {id(p) for p in chosen})
    return Book(grids, _notes(parts))


def _grids(raw: bytes, parts: list[sheetxml.SheetPart], chosen: set[int]) -> list[Grid]:
    cells = _cells(raw, [p for p in parts if id(p) in chosen])
    return [
        _grid(part, cells[part.name])
        if id(part) in chosen
        else Grid(part.name, [], part.hidden, read=False, has_values=part.has_values)
        for part in parts
    ]


def _cells(raw: bytes, parts: list[sheetxml.SheetPart]) -> dict[str, list[list[Any]]]:
    """{sheet name: its values from A1}, as calamine reads them."""
    from python_calamine import CalamineWorkbook  # imported by the commands that read workbooks only

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        return {p.name: book.get_sheet_by_name(p.name).to_python(skip_empty_area=False) for p in parts}
    except Exception as err:  # calamine's own errors (CalamineError, XmlError, ZipError...) and any other
        raise SheetsRefused(_not_a_workbook(type(err).__name__)) from None
    except BaseException as err:  # a panic in the Rust code arrives as pyo3's PanicException
        if type(err).__name__ == "PanicException":
            raise SheetsRefused(_not_a_workbook("PanicException")) from None
        raise


def _grid(part: sheetxml.SheetPart, rows: list[list[Any]]) -> Grid:
    sheetxml.mark(part)
    plain = [[_plain(value) for value in row] for row in rows]
    for (r, c), why in part.unreadable.items():
        while len(plain) < r:
            plain.append([])
        row = plain[r - 1]
        row.extend([None] * (c - len(row)))
        row[c - 1] = Unreadable(why)
    while plain and all(v is None for v in plain[-1]):
        plain.pop()
    return Grid(
        part.name,
        plain,
        part.hidden,
        hidden_rows=part.hidden_rows,
        hidden_columns=part.hidden_columns,
        merged=part.merged,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _notes(parts: sheetxml.Parts) -> list[Text]:
    notes = []
    if parts.macros:
        notes.append(
            Text(
                "工作簿中有宏（VBA），宏没有运行：检查的是文件中保存的数值；如果某些数值要靠宏算出，"
                "请先在 Excel 中运行宏并保存，或另存为不带宏的 Excel 工作簿（*.xlsx）",
                "the workbook has macros (VBA), which were not run: the values saved in the file were checked; if "
                "some values come from a macro, run it in Excel and save first, or save as an Excel Workbook "
                "(*.xlsx) without macros",
            )
        )
    if parts.external_links:
        notes.append(
            Text(
                "工作簿中有链接到其他文件的公式（外部链接），链接没有打开或更新：检查的是保存时的数值；"
                "请在 Excel/WPS 中更新链接后保存，或把这些公式换成数值（复制 → 选择性粘贴 → 数值）",
                "the workbook has formulas linking to other files (external links), which were neither opened nor "
                "updated: the values saved with it were checked; update the links in Excel or WPS and save, or "
                "replace those formulas by their values (Copy → Paste Special → Values)",
            )
        )
    return notes


def _not_a_workbook(kind: str) -> Text:
    return Text(
        f"无法作为 Excel 工作簿（.xlsx）读取（{kind}）：请在 Excel 或 WPS 中打开，"
        "选择“文件 → 另存为 → Excel 工作簿（*.xlsx）”后再检查",
        f"cannot be read as an Excel workbook (.xlsx) ({kind}): open it in Excel or WPS and choose "
        "File → Save As → Excel Workbook (*.xlsx), then check again",
    )
