"""Sealing a branch workbook (``unioncheck seal 石桥.xlsx``): the cells of its ``sealable`` fields
(the contract marks them; the loader says which sheet and cell holds each value) sealed, in a
*copy* of the workbook, ``石桥.sealed.xlsx`` unless ``-o`` names another file.

Why a copy, when a YAML file is sealed in place: a YAML file is edited at its values' offsets,
every other byte kept; a workbook is a zip of XML parts that openpyxl reads and writes anew. It
keeps cell values, styles and number formats, merged cells, widths, frozen panes, drop-down
lists, comments, defined names, pictures, charts and sheet order, but not everything Excel or
WPS may keep in a file: drawn shapes and text boxes, form controls, slicers, sparklines, some
extensions of newer Excel versions and of WPS, formatting inside a cell, and the values formulas
last showed (Excel computes them again on opening). The secretary's own workbook, which she goes
on filling in and which holds the names she works with, is never rewritten; the copy is what
she submits. What the copy lost that her workbook has (shapes, macros…) is found by comparing
the two packages and said when it is written (``Sealing.lost``).

What the copy holds is checked before it is written:

- read back by the loader it gives the workbook's data with exactly the sealed values changed,
  so it checks as the workbook did, and as the sealed YAML of the same branch does; in the
  sheets the layout reads, a formula is replaced by the value it showed (what the loader read);
- no cell, comment, list or other part of it still holds a value sealed now (a copy of a name
  in a sheet of one's own, a note), unless the data itself holds that text in another field.

The values opened or sealed are held in memory only and never shown.
"""

from __future__ import annotations

import copy
import io
import os
import re
import tempfile
import warnings
import zipfile
from typing import Any, Iterator
from xml.sax.saxutils import escape

from . import sealed
from .contract import Contract, format_path, pattern
from .layout import Layout
from .loader import DEFAULT_MAX_BYTES, Document, contents, read_document
from .model import Text
from .sealing import Sealing, SealRefused, sealable_values, targets, to_seal

# what of a workbook openpyxl may not write again: (parts named so, what they hold counted, Chinese, English)
_FEATURES = (
    ("xl/media/", None, "图片", "pictures"),
    ("xl/charts/chart", None, "图表", "charts"),
    ("xl/drawings/drawing", re.compile(rb"<(?:\w+:)?sp[\s/>]"), "图形和文本框", "drawn shapes and text boxes"),
    ("xl/vbaProject.bin", None, "宏", "macros"),
    ("xl/pivotTables/", None, "数据透视表", "pivot tables"),
    ("xl/slicers/", None, "切片器", "slicers"),
    ("xl/ctrlProps/", None, "控件", "form controls"),
    ("xl/externalLinks/", None, "外部链接", "external links"),
)


def default_target(source: str) -> str:
    """Where the sealed copy of the workbook ``source`` goes unless ``-o`` says: ``X.sealed.xlsx``."""
    return sealed.copy_name(source)


def is_sealed_copy(source: str) -> bool:
    return os.path.splitext(source)[0].lower().endswith(sealed.COPY_INFIX)


def seal_workbook(
    doc: Document, contract: Contract, public, open_key=None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Sealing:
    """The sealed copy of the workbook ``doc`` (read by the contract's layout, valid): its bytes and counts."""
    patterns = targets(contract)
    result, cells, secrets = Sealing(b""), {}, []
    expected = copy.deepcopy(doc.data)
    for path, value in sealable_values(doc.data, patterns):
        plain = to_seal(value, path, public, open_key, doc.file, result)
        if plain is None:
            continue
        where = doc.positions.get(path)
        if where is None or not isinstance(where[0], str) or not where[1]:
            raise SealRefused(_unplaced(doc.file, path))
        cells[where] = _put(expected, path, sealed.seal(plain, public))
        secrets.append(plain)
        result.paths.append(path)
    raw = contents(doc.path or doc.file, max_bytes)
    if raw is None:
        raise SealRefused(_changed(doc.file))
    try:
        result.content, titles, book = _rewrite(raw, contract.layout, cells, doc.file.lower().endswith(".xlsm"))
    except SealRefused:
        raise
    except Exception as err:  # noqa: BLE001 — openpyxl parsing a file of Excel's, WPS's or anyone's
        raise SealRefused(_unwritable(doc.file, type(err).__name__)) from None
    _check_copy(result.content, expected, doc, contract)
    _refuse_leftovers(result.content, titles, book, _unexplained(secrets, doc.data, patterns), doc.file)
    result.lost = _lost(raw, result.content)
    return result


def _put(data: Any, path: tuple, value: str) -> str:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
    return value


def _rewrite(raw: bytes, layout: Layout, cells: dict, keep_vba: bool):
    """The workbook ``raw`` with ``cells`` ({(sheet, cell): text}) written, formulas in the layout's
    sheets replaced by the values they showed: (its bytes, its sheets' titles in order, the book)."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on what it drops: said by _lost, in both languages
        book = load_workbook(io.BytesIO(raw), keep_vba=keep_vba)
        read = {}  # the layout's sheet name -> the worksheet the loader reads (the last of that name)
        for ws in book.worksheets:
            sheet = layout.sheet(ws.title)
            if sheet is not None:
                read[sheet.name] = ws
        _formulas_to_values(raw, list(read.values()))
        for (sheet, cell), text in cells.items():
            if sheet not in read:
                raise SealRefused(f"{sheet}!{cell}: 找不到工作表 / no such sheet")
            read[sheet][cell].value = text
        out = io.BytesIO()
        book.save(out)
    return out.getvalue(), [ws.title for ws in book.worksheets], book


def _formulas_to_values(raw: bytes, sheets: list) -> None:
    """Each formula in ``sheets`` replaced by the value it last showed, which is what the loader read."""
    formulas = [(ws.title, c.coordinate) for ws in sheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    if not formulas:
        return
    from openpyxl import load_workbook

    shown = load_workbook(io.BytesIO(raw), data_only=True)
    by_title = {ws.title: ws for ws in sheets}
    for title, coordinate in formulas:
        by_title[title][coordinate].value = shown[title][coordinate].value


def _check_copy(content: bytes, expected: Any, doc: Document, contract: Contract) -> None:
    """Refuse a copy that does not read back as the workbook's data with the sealed values changed."""
    suffix = os.path.splitext(doc.file)[1] or ".xlsx"
    with tempfile.TemporaryDirectory(prefix="unioncheck-seal-") as folder:
        path = os.path.join(folder, "copy" + suffix)
        with open(path, "wb") as out:
            out.write(content)
        back = read_document(path, len(content) + 1, contract.layout)
    if back.ok:
        contract.normalize(back)  # read as a check reads it, as the workbook was
    problems = back.problems or (contract.validate(back) if back.data is not None else [])
    if problems:
        first = problems[0]
        raise SealRefused(_differs(doc.file, f"{first.sheet}!{first.cell}" if first.cell else format_path(first.path)))
    if back.data != expected:
        path = _first_difference(expected, back.data)
        cell = doc.locate(path)
        raise SealRefused(
            _differs(doc.file, f"{format_path(path)} ({cell.sheet}!{cell.cell})" if cell.cell else format_path(path))
        )


def _first_difference(a: Any, b: Any, path: tuple = ()) -> tuple:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), path + (key,))
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, path + (i,))
    return path


def _texts(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _unexplained(secrets: list[str], data: Any, patterns) -> list[str]:
    """The values sealed now that no other field of the data holds (those may stay elsewhere: the
    YAML of the branch would hold them too)."""
    others = [text for path, text in _texts(data) if pattern(path) not in patterns]
    return [s for s in secrets if s.strip() and not any(s in other for other in others)]


def _refuse_leftovers(content: bytes, titles: list[str], book, secrets: list[str], file: str) -> None:
    """Refuse a copy that still holds one of ``secrets``: in a cell or comment (named), or any part."""
    if not secrets:
        return
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                texts = [c.value if isinstance(c.value, str) else "", c.comment.text if c.comment else ""]
                if any(s in t for s in secrets for t in texts):
                    raise SealRefused(_left_over(file, f"{ws.title}!{c.coordinate}"))
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for info in package.infolist():
            part = package.read(info)
            if any(s.encode("utf-8") in part or escape(s).encode("utf-8") in part for s in secrets):
                raise SealRefused(_left_over(file, _part_name(info.filename, titles)))


def _part_name(part: str, titles: list[str]) -> str:
    """A part of the package as a person knows it: a worksheet by its title (openpyxl numbers them in order)."""
    stem = part.rsplit("/", 1)[-1].removesuffix(".xml")
    if part.startswith("xl/worksheets/sheet") and stem[5:].isdigit() and 0 < int(stem[5:]) <= len(titles):
        return titles[int(stem[5:]) - 1]
    return part


def _lost(before: bytes, after: bytes) -> list[Text]:
    """What the workbook holds that the copy holds less of (pictures, shapes, macros…)."""
    with zipfile.ZipFile(io.BytesIO(before)) as old, zipfile.ZipFile(io.BytesIO(after)) as new:
        return [
            Text(zh, en)
            for prefix, marker, zh, en in _FEATURES
            if _count(new, prefix, marker) < _count(old, prefix, marker)
        ]


def _count(package: zipfile.ZipFile, prefix: str, marker: re.Pattern | None) -> int:
    names = [n for n in package.namelist() if n.startswith(prefix)]
    return len(names) if marker is None else sum(len(marker.findall(package.read(n))) for n in names)


def _unplaced(file: str, path: tuple) -> str:
    where = format_path(path)
    return (
        f"{file}: {where}：找不到这个值所在的单元格，未加密 / {file}: {where}: the cell holding this value "
        "cannot be found; nothing was sealed"
    )


def _changed(file: str) -> str:
    return (
        f"{file}：加密时无法再次读取该工作簿（是否刚被修改或移走？），未写入 / {file}: the workbook could not be "
        "read again while sealing (was it just changed or moved?); nothing was written"
    )


def _unwritable(file: str, kind: str) -> str:
    return (
        f"{file}：无法改写这个工作簿（{kind}），未写入；请在 Excel 或 WPS 中打开，另存为 Excel 工作簿（*.xlsx）"
        f"后再加密 / {file}: this workbook cannot be rewritten ({kind}), so nothing was written: open it in "
        "Excel or WPS, save it as an Excel Workbook (*.xlsx) and seal again"
    )


def _differs(file: str, where: str) -> str:
    return (
        f"{file}：加密后的副本读出的 {where} 与原工作簿不同，未写入；请按 unioncheck template 生成的模板整理"
        f"（各表从 A1 单元格开始）后再加密 / {file}: the sealed copy reads {where} differently from the workbook, "
        "so it was not written: lay the sheets out as the workbook unioncheck template writes (each starting at "
        "cell A1) and seal again"
    )


def _left_over(file: str, where: str) -> str:
    return (
        f"{file}：{where} 仍有要加密的姓名或身份证号（在 unioncheck 不读取的单元格、批注或列表里），加密后它仍是明文："
        f"请删除后再加密，未写入 / {file}: {where} still holds a name or ID number being sealed (in a cell, comment or "
        "list unioncheck does not read), which would stay plain in the copy: remove it and seal again; nothing "
        "was written"
    )
