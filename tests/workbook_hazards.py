"""The hazard catalogue's branch workbooks (tests/hazards.py): files given as workbooks that are not
one, past the bounds, or wrong inside, each a verdict on the data (exit 1) with no traceback, no hang,
no personal value anywhere and nothing the user gave modified."""

from __future__ import annotations

import os
from pathlib import Path

from hazards import IDS, NAMES, Hazard
from workbook_files import SAVED, far_cell, in_sheet, linked, lying_part, rezipped, sheet_part, xlsx


def _typed_wrongly(book) -> None:
    """Names and ID numbers of the hardship sheet one column off, and one made a number by Excel."""
    ws = book["困难职工档案"]
    ws["E2"], ws["F3"], ws["I4"] = NAMES[0], NAMES[1] + "2024", NAMES[2]  # a count, a date, a drop-down
    ws["C3"], ws["H2"], ws["E4"] = int(IDS[1]), IDS[0], IDS[2]  # a number, a date, a count


def _shapes(book) -> None:
    book["当选人员"].row_dimensions[3].hidden = True
    book["当选人员"].merge_cells("A5:A7")
    book["决议"].title = "决议 (2)"
    book["职代会"]["D2"] = "=60+8"  # a formula openpyxl writes without its value


def _with_link(run: Path) -> None:
    """A workbook whose formula links to a FIFO in the run: following the link would hang."""
    os.mkfifo(run / "linked.xlsx")
    (run / "data" / "b.xlsx").write_bytes(linked(xlsx(), f"file:///{run}/linked.xlsx"))


def workbook_hazards() -> list[Hazard]:
    book = xlsx()
    congress = sheet_part(book, "职代会")
    huge = in_sheet(book, "职代会", lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (40 << 20)))
    macro = rezipped(book, None, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1Sub Auto_Open()"})
    return [
        Hazard("workbook: an .xls named .xlsx", {"b.xlsx": (SAVED / "small.xls").read_bytes()}),
        Hazard("workbook: a password", {"b.xlsx": (SAVED / "encrypted.xlsx").read_bytes()}),
        Hazard("workbook: a CSV named .xlsx", {"b.xlsx": "项目,填写内容\n工会名称,冯某\n".encode("gb18030")}),
        Hazard("workbook: cut short", {"b.xlsx": book[: len(book) // 3]}),
        Hazard("workbook: zip bomb", {"b.xlsx": rezipped(book, None, {"xl/filler.xml": b" " * (110 << 20)})}),
        Hazard("workbook: a part lying about its size", {"b.xlsx": lying_part(huge, congress, 4000)}),
        Hazard("workbook: a cell at XFD1048576", {"b.xlsx": far_cell(book, "XFD1048576")}),
        Hazard("workbook: a date cell of -1e11", {"b.xlsx": xlsx(edit=lambda b: b["职代会"].cell(2, 2, -1.07e11))}),
        Hazard("workbook: names and ID numbers one column off", {"b.xlsx": xlsx(edit=_typed_wrongly)}),
        Hazard("workbook: hidden, merged, renamed, uncomputed", {"b.xlsx": xlsx(edit=_shapes)}),
        Hazard("workbook: a macro", {"b.xlsm": macro}),
        Hazard("workbook: a link to a FIFO", setup=_with_link),
    ]
