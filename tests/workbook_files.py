"""Branch workbooks for tests: the reference branch's workbook as ``writing.build`` makes it, edited
through openpyxl, or damaged in its zip and XML as other programs and hostile hands leave them."""

from __future__ import annotations

import io
import re
import struct
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


def central_entry(raw: bytes, name: str) -> int:
    """Where the central directory's entry of the part ``name`` begins in ``raw``."""
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + length] == name.encode():
            return at
        at = raw.find(b"PK\x01\x02", at + 4)
    raise KeyError(name)


def lying_part(raw: bytes, name: str, size: int) -> bytes:
    """``raw`` with the part ``name`` declaring ``size`` bytes, in its local header and the central directory."""
    data = bytearray(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        struct.pack_into("<I", data, z.getinfo(name).header_offset + 22, size)
    struct.pack_into("<I", data, central_entry(raw, name) + 24, size)
    return bytes(data)


def far_cell(raw: bytes, cell: str) -> bytes:
    """``raw`` with a value 1 at ``cell`` of the sheet 职代会 (beyond its rows)."""
    row = re.match(r"[A-Z]+(\d+)", cell).group(1)
    extra = f'<row r="{row}"><c r="{cell}" t="n"><v>1</v></c></row></sheetData>'.encode()
    return in_sheet(raw, "职代会", lambda xml: xml.replace(b"</sheetData>", extra))


def replace_cell(xml: bytes, cell: str, new: bytes) -> bytes:
    found = re.search(rb'<c r="%s"[^>]*>.*?</c>' % cell.encode(), xml)
    assert found, cell
    return xml[: found.start()] + new + xml[found.end() :]


def linked(raw: bytes, target: str) -> bytes:
    """``raw`` with 职代会!D2 computed from another workbook at ``target`` (cached value 68)."""
    link = (
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
        '<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>999</v></cell></row></sheetData>'
        "</sheetDataSet></externalBook></externalLink>"
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'externalLinkPath" Target="{target}" TargetMode="External"/></Relationships>'
    )

    def change(name, data):
        if name == "xl/workbook.xml":
            return data.replace(
                b"</sheets>", b'</sheets><externalReferences><externalReference r:id="rId99"/></externalReferences>'
            )
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(
                b"</Relationships>",
                b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                b'externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>',
            )
        if name == "[Content_Types].xml":
            return data.replace(
                b"</Types>",
                b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
            )
        if name == sheet_part(raw, "职代会"):
            return replace_cell(data, "D2", b'<c r="D2"><f>[1]Sheet1!A1</f><v>68</v></c>')
        return data

    return rezipped(
        raw,
        change,
        {"xl/externalLinks/externalLink1.xml": link, "xl/externalLinks/_rels/externalLink1.xml.rels": rels},
    )
