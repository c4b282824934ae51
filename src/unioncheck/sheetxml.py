"""An ``.xlsx`` file's parts, looked at before calamine opens it: the bounds, and what values do not show.

Calamine is fast because it trusts the file; a hostile or clumsy one must not reach it:

- **bounds**: the parts' sizes once decompressed (at most ``MAX_EXPANSION`` times the
  loader's size limit in all, and no part compressed more than ``MAX_RATIO`` to one), the
  number of parts and of sheets, and each sheet's used area (rows, and rows × columns from
  A1: calamine makes a dense grid of a sheet, so two cells, at A1 and XFD1048576, would ask
  it for 17 billion and end the process) are checked from the zip's directory and the
  sheet's XML, and every XML part is decompressed here first, so that a part whose declared
  size lies is found before calamine expands it;
- **marks**: what the values calamine gives do not say, found in the sheet's XML only where
  a quick byte search says it is there (most workbooks have none of it): a formula without
  a cached value and an error value (``#N/A``) (calamine gives both as an empty cell),
  hidden rows and columns, merged ranges; and of the workbook, hidden sheets, a macro
  project and links to other workbooks (never run, never followed: calamine does neither).
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from .model import Text
from .sniff import damaged, zip_refusal

MAX_EXPANSION = 20  # all parts together, decompressed, at most 20 times the loader's size limit
MAX_RATIO = 250  # a part of more than RATIO_FROM bytes compressed more than 250 to one is a zip bomb
RATIO_FROM = 1 << 20
MAX_PARTS = 10_000
MAX_SHEETS = 255
MAX_ROWS = 100_000  # rows of one sheet read
MAX_CELLS = 1_000_000  # rows × columns of one sheet read, counted from A1
MAX_BOOK_CELLS = 2_000_000  # the same, of all the sheets read
MIN_NUMBER = -1e11  # a cell's number at least this (as days, a date calamine can turn it into)

_P = rb"(?:[\w.-]+:)?"  # an element's namespace prefix, if any (<x:c>)
_CELL_REF = re.compile(rb"<" + _P + rb"c\s(?:[^>]*?\s)?r\s*=\s*[\"']([A-Za-z]+)([0-9]+)[\"'][^>]*(?<!/)>")
_CELL_CLOSE = re.compile(rb"</" + _P + rb"c>")
_ROW_REF = re.compile(rb"<" + _P + rb"row\s(?:[^>]*?\s)?r\s*=\s*[\"']([0-9]+)[\"']")
_ROW_OPEN = re.compile(rb"<" + _P + rb"row[\s>]")
_CELL = re.compile(rb"<" + _P + rb"c(\s[^>]*?)?(?<!/)>(.*?)</" + _P + rb"c>", re.S)
_FORMULA = re.compile(rb"<" + _P + rb"f[\s>/]")
_VALUE = re.compile(rb"<" + _P + rb"v(?:\s[^>]*)?>([^<]*)<")
_ERROR_TYPE = re.compile(rb"\st\s*=\s*[\"']e[\"']")
_STRING_TYPE = re.compile(rb"\st\s*=\s*[\"'](?:str|inlineStr)[\"']")
_REF = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]+)([0-9]+)[\"']")
_HIDDEN = re.compile(rb"\shidden\s*=\s*[\"'](?:1|true)[\"']")
_ROW_TAG = re.compile(rb"<" + _P + rb"row\s[^>]*>")
_COL_TAG = re.compile(rb"<" + _P + rb"col\s[^>]*>")
_MIN_MAX = re.compile(rb"\smin\s*=\s*[\"']([0-9]+)[\"']|\smax\s*=\s*[\"']([0-9]+)[\"']")
_MERGE = re.compile(rb"<" + _P + rb"mergeCell\s[^>]*?ref\s*=\s*[\"']([A-Za-z]+)([0-9]+):([A-Za-z]+)([0-9]+)[\"']")
_DOCTYPE = b"<!DOCTYPE"
# where every cell begins <c r="A1" (as Excel, WPS and openpyxl write them), the used area is
# read from two quick passes: the rows and the column letters of the references
_PLAIN_REF = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"')
# parts calamine never opens for values (it reads the workbook, its relationships, styles, shared
# strings and worksheets): not decompressed here
_UNREAD_PARTS = (
    "[Content_Types].xml",
    "docProps/",
    "customXml/",
    "xl/theme/",
    "xl/comments",
    "xl/threadedComments/",
    "xl/persons/",
    "xl/drawings/",
    "xl/printerSettings/",
    "xl/media/",
    "xl/embeddings/",
    "xl/externalLinks/",
)


class PartsRefused(Exception):
    def __init__(self, message: Text, sheet: str | None = None, cell: str | None = None):
        super().__init__(message.en)
        self.message, self.sheet, self.cell = message, sheet, cell


@dataclass
class SheetPart:
    """One worksheet as the workbook names it, and what its XML says beyond its values."""

    name: str
    xml: bytes = b""
    hidden: bool = False
    unreadable: dict[tuple[int, int], Text] = field(default_factory=dict)  # (row, column), 1-based: why
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first column, last row, last column)

    @property
    def has_values(self) -> bool:
        return _CELL_REF.search(self.xml) is not None or bool(self.unreadable)

    def extent(self) -> tuple[int, int]:
        """(rows, columns) of the area from A1 to the farthest cell (conservatively: an empty cell
        written with a style counts where each cell begins ``<c r="``, the common case)."""
        xml = self.xml
        refs = _PLAIN_REF.findall(xml)
        if len(refs) != xml.count(b"<c ") or b"<c>" in xml or b":c" in xml:
            return self._any_extent()
        if not refs:
            return 0, 0
        letters, rows = zip(*refs)
        widest = max(map(bytes.rjust, letters, [8] * len(letters)))
        return max(map(int, rows)), column_number(widest.strip().decode("ascii"))

    def _any_extent(self) -> tuple[int, int]:
        """The used area where cells are written otherwise (a prefix, ``r`` not first, or no ``r``)."""
        refs = _CELL_REF.findall(self.xml)
        rows = max((int(r) for _, r in refs), default=0)
        letters = max((c.upper().rjust(8) for c, _ in refs), default=b"")
        columns = column_number(letters.strip().decode("ascii"))
        if len(_CELL_CLOSE.findall(self.xml)) > len(refs):  # cells without a reference: placed one after another
            numbered = [int(r) for r in _ROW_REF.findall(self.xml)]
            rows = max(rows, max(numbered, default=0), len(_ROW_OPEN.findall(self.xml)))
            columns = max(columns, max((len(_CELL_CLOSE.findall(row)) for row in self.xml.split(b"row>")), default=0))
        return rows, columns


@dataclass
class Parts:
    sheets: list[SheetPart]
    macros: bool = False
    external_links: bool = False


def open_parts(raw: bytes, max_bytes: int) -> Parts:
    """The parts of the ``.xlsx`` in ``raw``, bounded and read; ``PartsRefused`` when it cannot be."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except Exception:  # whatever zipfile meets in a damaged directory (a version it has no reader for...)
        raise PartsRefused(
            damaged("zip 结构不完整，文件可能被截断", "its zip structure is incomplete: cut short")
        ) from None
    _bound(infos, max_bytes)
    by_name = {info.filename: info for info in infos}
    refused = zip_refusal(set(by_name), lambda name: _part(raw, by_name[name]))
    if refused is not None:
        raise PartsRefused(refused)
    xml = {
        info.filename: _part(raw, info)
        for info in infos
        if info.filename.endswith((".xml", ".rels")) and not info.filename.startswith(_UNREAD_PARTS)
    }
    return Parts(
        _sheets(xml),
        macros=any(n.lower().endswith("vbaproject.bin") for n in by_name),
        external_links=any(n.startswith("xl/externalLinks/") for n in by_name),
    )


def _bound(infos: list[zipfile.ZipInfo], max_bytes: int) -> None:
    """Refuse a zip whose directory says it expands past the bounds, before anything is decompressed."""
    if len(infos) > MAX_PARTS:
        raise PartsRefused(_too_many("部件", "parts", len(infos), MAX_PARTS))
    limit = MAX_EXPANSION * max_bytes
    total = sum(info.file_size for info in infos)
    if total > limit:
        raise PartsRefused(_bomb(f"解压后共 {total} 字节", f"{total} bytes once decompressed", f"{limit} 字节", limit))
    for info in infos:
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise PartsRefused(
                _bomb(
                    f"有一个部件压缩了 {ratio} 倍", f"a part is compressed {ratio} to one", f"{MAX_RATIO} 倍", MAX_RATIO
                )
            )


def _part(raw: bytes, info: zipfile.ZipInfo) -> bytes:
    """The part decompressed from ``raw`` at its local header, refused unless it is exactly its
    declared size with its declared checksum (decompressing stops one byte past the size, so a
    part that lies is found without expanding it), or when it holds a document type declaration
    (entities: no workbook part has one)."""
    start = info.header_offset
    if info.flag_bits & 1:
        raise PartsRefused(damaged("其中的部件设置了 zip 密码", "a part of it has a zip password"))
    if start < 0 or len(raw) < start + 30 or raw[start : start + 4] != b"PK\x03\x04":
        raise PartsRefused(_altered())
    name_length, extra_length = struct.unpack("<HH", raw[start + 26 : start + 30])
    begin = start + 30 + name_length + extra_length
    packed = raw[begin : begin + info.compress_size]
    try:
        if info.compress_type == zipfile.ZIP_STORED:
            data = packed[: info.file_size + 1]
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            data = zlib.decompressobj(-15).decompress(packed, info.file_size + 1)
        else:
            raise PartsRefused(damaged("使用了不支持的压缩方式", "it uses a compression method not supported"))
    except zlib.error:
        raise PartsRefused(_altered()) from None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        raise PartsRefused(_altered())
    if _DOCTYPE in data:
        raise PartsRefused(
            damaged("部件中有文档类型声明，Excel 和 WPS 不会这样保存", "a part has a document type declaration")
        )
    return data


def _altered() -> Text:
    return damaged("zip 数据有误，文件可能被截断或改动", "its zip data is wrong: cut short or altered")


def _sheets(xml: dict[str, bytes]) -> list[SheetPart]:
    """The workbook's worksheets in its order, each with its XML (chart sheets have no cells)."""
    workbook = _parsed(xml.get("xl/workbook.xml"))
    rels = _parsed(xml.get("xl/_rels/workbook.xml.rels"))
    targets = {
        r.get("Id"): _target(r.get("Target") or "")
        for r in rels.iter()
        if _local(r.tag) == "Relationship" and str(r.get("Type") or "").endswith("/worksheet")
    }
    sheets = []
    for node in workbook.iter():
        if _local(node.tag) != "sheet":
            continue
        rid = next((v for k, v in node.attrib.items() if _local(k) == "id"), None)
        if rid not in targets:
            continue
        hidden = str(node.get("state") or "visible").lower() != "visible"
        sheets.append(SheetPart(str(node.get("name") or ""), xml.get(targets[rid], b""), hidden))
    if len(sheets) > MAX_SHEETS:
        raise PartsRefused(_too_many("工作表", "sheets", len(sheets), MAX_SHEETS))
    return sheets


def _parsed(data: bytes | None) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(data or b"")
    except ElementTree.ParseError:
        raise PartsRefused(damaged("工作簿的目录无法读取", "its list of sheets cannot be read")) from None


def _target(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_bounds(sheet: SheetPart, cells_so_far: int) -> int:
    """The used area of ``sheet`` (rows × columns from A1), refused past the bounds."""
    rows, columns = sheet.extent()
    if rows > MAX_ROWS or rows * columns > MAX_CELLS or cells_so_far + rows * columns > MAX_BOOK_CELLS:
        raise PartsRefused(_too_big(sheet.name, rows, columns))
    if b"v>-" in sheet.xml:  # <v>-, <x:v>-
        _refuse_far_negatives(sheet)
    return rows * columns


def _refuse_far_negatives(sheet: SheetPart) -> None:
    """A number of MIN_NUMBER or less: in a cell formatted as a date or a time, calamine panics turning it
    into one (Rust's own message on the terminal, then an exception); no field of a branch holds one."""
    for attrs, body in _CELL.findall(sheet.xml):
        value, ref = _VALUE.search(body), _REF.search(attrs or b"")
        if value is None or ref is None or not value.group(1).strip().startswith(b"-"):
            continue
        try:
            far = float(value.group(1)) <= MIN_NUMBER
        except ValueError:
            continue
        if far:
            cell = ref.group(1).decode("ascii").upper() + ref.group(2).decode("ascii")
            raise PartsRefused(_far_negative(cell), sheet.name, cell)


def mark(sheet: SheetPart) -> None:
    """Find what the values of ``sheet`` do not show, where a byte search says it is there."""
    data = sheet.xml
    if _FORMULA.search(data) or b'="e"' in data or b"='e'" in data:  # <f>, never <formula1> of a drop-down
        sheet.unreadable = _unreadable_cells(data)
    if b"hidden" in data:
        sheet.hidden_rows = frozenset(_hidden_rows(data))
        sheet.hidden_columns = frozenset(_hidden_columns(data))
    if b"mergeCell" in data:
        sheet.merged = tuple(
            (int(r1), column_number(c1.decode()), int(r2), column_number(c2.decode()))
            for c1, r1, c2, r2 in _MERGE.findall(data)
        )


def _unreadable_cells(data: bytes) -> dict[tuple[int, int], Text]:
    """The cells whose value is unknown: a formula the program that saved the file did not compute
    (no cached value), or an error value (``#DIV/0!``, ``#REF!``)."""
    found = {}
    for attrs, body in _CELL.findall(data):
        ref = _REF.search(attrs or b"")
        if ref is None:
            continue
        value = _VALUE.search(body)
        where = (int(ref.group(2)), column_number(ref.group(1).decode()))
        if _ERROR_TYPE.search(attrs or b""):
            shown = value.group(1).decode("utf-8", "replace").strip()[:12] if value else ""
            found[where] = _error_value(shown)
        elif _FORMULA.search(body) and not (value and value.group(1)) and not _STRING_TYPE.search(attrs or b""):
            found[where] = NOT_COMPUTED
    return found


def _hidden_rows(data: bytes) -> list[int]:
    rows = []
    for tag in _ROW_TAG.findall(data):
        number = _ROW_REF.match(tag)
        if number and _HIDDEN.search(tag):
            rows.append(int(number.group(1)))
    return rows


def _hidden_columns(data: bytes) -> list[int]:
    columns: list[int] = []
    for tag in _COL_TAG.findall(data):
        if _HIDDEN.search(tag):
            bounds = [int(a or b) for a, b in _MIN_MAX.findall(tag)]
            if len(bounds) == 2:
                first, last = min(bounds), min(max(bounds), 16_384)
                columns.extend(range(first, last + 1))
    return columns


def column_number(letters: str) -> int:
    """The 1-based number of a column named by its letters (A: 1, Z: 26, AA: 27)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


NOT_COMPUTED = Text(
    "公式没有计算结果：请在 Excel/WPS 中打开并保存一次，或把公式换成数值",
    "the formula has no computed value: open the workbook in Excel or WPS and save it once, or replace the "
    "formula by its value",
)


def _error_value(shown: str) -> Text:
    return Text(
        f"单元格的值是错误值 {shown or '#VALUE!'}（公式出错）：请修正公式，或直接填写数值",
        f"the cell holds the error value {shown or '#VALUE!'} (a formula that failed): correct the formula or "
        "type the value",
    )


def _far_negative(cell: str) -> Text:
    return Text(
        f"单元格 {cell} 的数值是一个绝对值极大的负数，不是任何字段能填的值（日期和时刻也存成数值，这样的数无法换算），"
        "这个工作簿没有读取：请改正这个单元格",
        f"the cell {cell} holds a negative number of a size no field takes (dates and times are numbers too, and "
        "this one cannot be turned into one), so the workbook was not read: correct that cell",
    )


def _too_many(zh: str, en: str, count: int, limit: int) -> Text:
    return Text(
        f"工作簿的{zh}过多（{count} 个，上限 {limit} 个）：这不像基层工会的工作簿，请检查是否选错了文件",
        f"the workbook has too many {en} ({count}, limit {limit}): it does not look like a branch workbook; "
        "check that this is the right file",
    )


def _bomb(zh: str, en: str, limit_zh: str, limit: int, raised: bool = True) -> Text:
    more_zh, more_en = (
        ("；确需检查时用 --max-file-size 调高上限", "; --max-file-size raises the limit") if raised else ("", "")
    )
    return Text(
        f"工作簿解压后过大（{zh}，上限 {limit_zh}），未读取：请检查是否选错了文件{more_zh}",
        f"the workbook expands too much ({en}, limit {limit}) and was not read: check that this is the right "
        f"file{more_en}",
    )


def _too_big(name: str, rows: int, columns: int) -> Text:
    return Text(
        f"工作表“{name}”的数据区域过大（{rows} 行 × {columns} 列；上限：{MAX_ROWS} 行，每表 {MAX_CELLS} 个单元格，"
        f"全部工作表 {MAX_BOOK_CELLS} 个单元格），未读取：可能是远处的某个单元格有内容，"
        "请按 Ctrl+End 找到并删除多余的行和列",
        f"the sheet '{name}' is too large ({rows} rows × {columns} columns; limits: {MAX_ROWS} rows, "
        f"{MAX_CELLS} cells a sheet, {MAX_BOOK_CELLS} cells in all) and was not read: a far cell may hold "
        "something; press Ctrl+End to find it and delete the rows and columns not needed",
    )
