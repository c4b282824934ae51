"""Branch workbooks for tests: the reference branch's workbook as ``writing.build`` makes it, edited
through openpyxl, or damaged in its zip and XML as other programs and hostile hands leave them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Callable

from conftest import REFERENCE, REPO, contract

from unioncheck.loader import DEFAULT_MAX_BYTES, load
from unioncheck.workbook import load as load_workbook
from unioncheck.writing import build

SAVED = REPO / "tests" / "data" / "workbooks"  # files other programs saved (see tests/data/README.md)
NAMES = ("冯某", "褚某", "卫某")  # the reference file's hardship names
IDS = ("522601198001011238", "522601197512032044", "522631199005173317")


def layout():
    return contract().layout


def reference_data() -> dict:
    return load(str(REFERENCE)).data


def book(data: dict | None = None, edit: Callable | None = None):
    """The openpyxl workbook of ``data`` (the reference branch's by default), after ``edit(book)``."""
    made = build(layout(), reference_data() if data is None else data)
    if edit is not None:
        edit(made)
    return made


def xlsx(data: dict | None = None, edit: Callable | None = None) -> bytes:
    """The bytes of ``book(data, edit)`` saved as ``.xlsx``."""
    out = io.BytesIO()
    book(data, edit).save(out)
    return out.getvalue()


def rezipped(raw: bytes, change: Callable[[str, bytes], bytes | None] | None = None, add: dict | None = None) -> bytes:
    """``raw``'s zip with each part replaced by ``change(name, data)`` (None drops it) and ``add``'s parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            data = change(info.filename, data) if change else data
            if data is not None:
                target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def sheet_part(raw: bytes, title: str) -> str:
    """The zip part holding the sheet named ``title``."""
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        names = re.findall(rb'<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"', z.read("xl/workbook.xml"))
        rels = dict(
            (rid, target)
            for target, rid in re.findall(
                rb'Target="/?(?:xl/)?([^"]+)" Id="(rId\d+)"', z.read("xl/_rels/workbook.xml.rels")
            )
        )
    rid = next(rid for name, rid in names if name.decode() == title)
    return "xl/" + rels[rid].decode()


def in_sheet(raw: bytes, title: str, edit: Callable[[bytes], bytes]) -> bytes:
    """``raw`` with the XML of sheet ``title`` replaced by ``edit(xml)``."""
    part = sheet_part(raw, title)
    return rezipped(raw, lambda name, data: edit(data) if name == part else data)


def read(tmp_path: Path, raw: bytes, name: str = "b.xlsx", max_bytes: int = DEFAULT_MAX_BYTES):
    """The document ``workbook.load`` makes of ``raw`` saved as ``name``."""
    target = tmp_path / name
    target.write_bytes(raw)
    return load_workbook(str(target), layout(), max_bytes)


def messages(doc, which: str = "problems") -> list[str]:
    return [f"{p.sheet}!{p.cell}: {p.message.zh} | {p.message.en}" for p in getattr(doc, which)]


def at(doc, sheet: str | None, cell: str | None, which: str = "problems") -> list:
    """The problems (or warnings) located at ``sheet`` and ``cell``."""
    return [p for p in getattr(doc, which) if p.sheet == sheet and p.cell == cell]
