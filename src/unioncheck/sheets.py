"""An ``.xlsx`` file as grids of cell values: the only module that opens a workbook to read it.

A workbook is read for its values only: formulas give their cached value, and no
macro, external link or embedded object is ever run or followed. What cannot be
read as a workbook (an old ``.xls``, a CSV renamed ``.xlsx``, a damaged or
encrypted file) is refused with what it is and how to save it, as a
``SheetsRefused`` carrying a bilingual message.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .model import Text

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SPREADSHEETS = (".xls", ".et", ".ods", ".csv")  # found beside workbooks, answered with how to save them


class SheetsRefused(Exception):
    """The file cannot be read as a workbook; ``message`` says why and what to do."""

    def __init__(self, message: Text, sheet: str | None = None, cell: str | None = None):
        super().__init__(message.en)
        self.message, self.sheet, self.cell = message, sheet, cell


@dataclass
class Grid:
    """One sheet's cells: ``rows[r][c]`` is the value at row r+1, column c+1 (None when empty)."""

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    hidden: bool = False


def cell_name(row: int, column: int) -> str:
    """The A1-style name of a cell (1-based row and column)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def read(raw: bytes) -> list[Grid]:
    """The sheets of the workbook whose file holds ``raw``, in workbook order.

    Read by calamine (Rust): about 2 ms for a branch workbook where openpyxl takes 30
    (docs/performance.md); openpyxl writes them."""
    from python_calamine import CalamineError, CalamineWorkbook  # imported by the commands that read workbooks only

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        visible = {m.name: str(m.visible).endswith("Visible") for m in book.sheets_metadata}
        return [
            _grid(name, book.get_sheet_by_name(name).to_python(), not visible.get(name, True))
            for name in book.sheet_names
        ]
    except (CalamineError, zipfile.BadZipFile, OSError, ValueError) as err:
        raise SheetsRefused(_not_a_workbook(type(err).__name__)) from None


def _grid(name: str, rows: list[list[Any]], hidden: bool) -> Grid:
    rows = [[_plain(value) for value in row] for row in rows]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return Grid(name, rows, hidden)


def _plain(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _not_a_workbook(kind: str) -> Text:
    return Text(
        f"无法作为 Excel 工作簿（.xlsx）读取（{kind}）：请在 Excel 或 WPS 中打开，"
        "选择“文件 → 另存为 → Excel 工作簿（*.xlsx）”后再检查",
        f"cannot be read as an Excel workbook (.xlsx) ({kind}): open it in Excel or WPS and choose "
        "File → Save As → Excel Workbook (*.xlsx), then check again",
    )
