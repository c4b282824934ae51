"""Files given as branch workbooks that cannot be read as one, and workbooks past the bounds: each is
one located DAT001 error of that file saying what it is and how to save it as .xlsx, told by its
content whatever its name; the run goes on; nothing runs, nothing is modified, nothing crashes.

And what a workbook holds beyond its values: formulas (their cached value, or an error at the cell
where there is none), macros and links to other files (never run or followed, and said so)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tracemalloc
import zipfile

import pytest
from conftest import REFERENCE, cli
from workbook_files import (
    SAVED,
    at,
    central_entry,
    far_cell,
    in_sheet,
    linked,
    lying_part,
    messages,
    read,
    reference_data,
    replace_cell,
    rezipped,
    sheet_part,
    xlsx,
)

from unioncheck import sheets, sheetxml
from unioncheck.loader import DEFAULT_MAX_BYTES
from unioncheck.sniff import refusal

REFERENCE_BOOK = xlsx()
SAVE_AS = ("另存为", "Excel 工作簿（*.xlsx）", "Save As", "Excel Workbook (*.xlsx)")


def only_problem(doc):
    """The one problem a refused file has: of the whole file, with nothing read."""
    assert len(doc.problems) == 1, messages(doc)
    assert doc.data is None and not doc.warnings
    return doc.problems[0].message


def says(message, *words):
    text = message.zh + " | " + message.en
    missing = [w for w in words if w not in text]
    assert not missing, (missing, text)


# ---- other formats, told by their content --------------------------------------------------


CSV = "项目,填写内容,说明\n数据格式版本,1,\n基层工会代码,TEST01,\n"
OTHER_FORMATS = {
    # (content, names it is tried under): the words its answer must have, in both languages
    "xls": ((SAVED / "small.xls").read_bytes(), ("b.xlsx", "b.xls"), ("97-2003", ".xls", *SAVE_AS)),
    "et": ((SAVED / "small.xls").read_bytes(), ("b.et",), ("WPS", ".et", *SAVE_AS)),
    "password": (
        (SAVED / "encrypted.xlsx").read_bytes(),
        ("b.xlsx", "b.xls"),
        ("密码", "取消密码", "password", "remove the password", *SAVE_AS),
    ),
    "ods": ((SAVED / "small.ods").read_bytes(), ("b.xlsx", "b.ods"), ("OpenDocument", ".ods", *SAVE_AS)),
    "csv": (CSV.encode("utf-8"), ("b.xlsx",), ("CSV", *SAVE_AS)),
    "csv in GBK": (CSV.encode("gb18030"), ("b.xlsx",), ("CSV", *SAVE_AS)),
    "tab-separated UTF-16": (CSV.replace(",", "\t").encode("utf-16"), ("b.xlsx",), ("CSV", *SAVE_AS)),
    "text": ("石桥镇卫生院工会 2025 年台账\n".encode(), ("b.xlsx",), ("文本文件", "text file", *SAVE_AS)),
    "html table": (
        b"<html><head><meta charset='utf-8'></head><body><table><tr><td>1</td></tr></table></body></html>",
        ("b.xls", "b.xlsx"),
        ("HTML", *SAVE_AS),
    ),
    "xml spreadsheet 2003": (
        b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
        ("b.xls",),
        ("2003 XML", *SAVE_AS),
    ),
    "xlsb": (rezipped(REFERENCE_BOOK, lambda name, data: None, {"xl/workbook.bin": b"\0"}), ("b.xlsx",), (".xlsb",)),
    "pdf": (b"%PDF-1.7\n...", ("b.xlsx",), ("PDF", "选错了文件", "the right file")),
    "photo": (b"\xff\xd8\xff\xe0" + os.urandom(500), ("b.xlsx",), ("JPEG", "the right file")),
    "word": (
        rezipped(REFERENCE_BOOK, lambda name, data: None, {"word/document.xml": b"<w/>"}),
        ("b.xlsx",),
        ("Word", "the right file"),
    ),
}


@pytest.mark.parametrize("kind", OTHER_FORMATS, ids=list(OTHER_FORMATS))
def test_another_format_is_named_for_what_it_is_whatever_the_file_is_called(kind, tmp_path):
    content, names, words = OTHER_FORMATS[kind]
    for name in names:
        says(only_problem(read(tmp_path, content, name)), *words)


def test_a_password_protected_workbook_is_not_taken_for_an_old_xls(tmp_path):
    """Both are OLE2 compound files; the one holds an EncryptedPackage stream, the other a Workbook."""
    password = only_problem(read(tmp_path, (SAVED / "encrypted.xlsx").read_bytes()))
    old = only_problem(read(tmp_path, (SAVED / "small.xls").read_bytes()))
    assert "97-2003" not in password.zh + password.en and "密码" not in old.zh and "password" not in old.en


def test_a_stream_name_inside_the_data_is_not_taken_for_a_directory_entry():
    """An .xls whose cells spell EncryptedPackage (as UTF-16, as an .xls stores text) is still an .xls."""
    raw = bytearray((SAVED / "small.xls").read_bytes())
    needle = "EncryptedPackage\0".encode("utf-16-le")
    raw[1500 + 3 : 1500 + 3 + len(needle)] = needle  # not at a directory entry's place
    assert "97-2003" in refusal(bytes(raw), "b.xlsx").zh


def test_a_real_workbook_is_read_whatever_it_is_called(tmp_path):
    for name in ("b.xls", "b.et", "b.ods", "b.xlsm", "B.XLSX"):
        doc = read(tmp_path, REFERENCE_BOOK, name)
        assert doc.ok and doc.data == reference_data(), messages(doc)


DAMAGED = {
    "empty": (b"", ("空", "empty")),
    "cut in half": (REFERENCE_BOOK[: len(REFERENCE_BOOK) // 2], ("损坏或不完整", "damaged or incomplete")),
    "last bytes missing": (REFERENCE_BOOK[:-30], ("损坏或不完整", "damaged or incomplete")),
    "only the zip signature": (b"PK\x03\x04", ("损坏或不完整", "damaged or incomplete")),
    "empty zip": (rezipped(REFERENCE_BOOK, lambda name, data: None), ("空的 zip", "empty zip")),
    "zip of other files": (
        rezipped(REFERENCE_BOOK, lambda name, data: None, {"冯某/scan.jpg": b"x", "notes.txt": b"x"}),
        ("zip", "解压", "unzip"),
    ),
    "random bytes": (os.urandom(5000), ("无法识别", "unknown content")),
}


@pytest.mark.parametrize("kind", DAMAGED, ids=list(DAMAGED))
def test_an_empty_cut_short_or_foreign_file_is_one_clear_problem(kind, tmp_path):
    content, words = DAMAGED[kind]
    message = only_problem(read(tmp_path, content))
    says(message, *words)
    assert "冯某" not in message.zh + message.en  # the names inside a zip are never quoted


def test_a_zip_whose_parts_are_damaged_is_refused_before_calamine_sees_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "_cells", lambda *a: pytest.fail("calamine was asked to read a damaged file"))
    part = sheet_part(REFERENCE_BOOK, "职代会")
    with zipfile.ZipFile(io.BytesIO(REFERENCE_BOOK)) as z:
        info = z.getinfo(part)
    for offset in (40, 60, 200):  # inside the compressed data of one sheet
        flipped = bytearray(REFERENCE_BOOK)
        flipped[info.header_offset + 30 + len(part) + offset] ^= 0xFF
        says(only_problem(read(tmp_path, bytes(flipped))), "损坏或不完整", "damaged or incomplete")
    directory = central_entry(REFERENCE_BOOK, part)
    for field, value in ((6, 84), (10, 99)):  # a zip version no reader here knows; a compression method
        changed = bytearray(REFERENCE_BOOK)
        changed[directory + field] = value
        says(only_problem(read(tmp_path, bytes(changed))), "损坏或不完整", "damaged or incomplete")


def test_a_workbook_calamine_cannot_read_is_answered_not_raised(tmp_path):
    broken = in_sheet(REFERENCE_BOOK, "职代会", lambda xml: xml.replace(b"<sheetData>", b"<sheetData><row r=", 1))
    says(only_problem(read(tmp_path, broken)), "Excel", "另存为", "Save As")


def test_the_run_goes_on_past_a_bad_workbook_and_nothing_is_modified(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a-old.xls").write_bytes((SAVED / "small.xls").read_bytes())
    (data / "b-locked.xlsx").write_bytes((SAVED / "encrypted.xlsx").read_bytes())
    (data / "c-good.xlsx").write_bytes(REFERENCE_BOOK)
    (data / "d-good.yaml").write_bytes(REFERENCE.read_bytes())
    (data / "~$c-good.xlsx").write_bytes(b"\0" * 165)  # Excel's lock file while c-good.xlsx is open
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in data.iterdir()}
    done = cli("check", data, "--as-of", "2025-12-31", "-f", "json:r.json", "--no-cache", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout, done.stderr
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    by_file = {os.path.basename(b["file"]): b for b in report["branches"]}
    assert sorted(by_file) == ["a-old.xls", "b-locked.xlsx", "c-good.xlsx", "d-good.yaml"]
    for bad in ("a-old.xls", "b-locked.xlsx"):
        (result,) = by_file[bad]["results"]
        assert result["rule"] == "DAT001" and result["status"] == "error"
    good = [len(by_file[f]["results"]) for f in ("c-good.xlsx", "d-good.yaml")]
    assert good[0] == good[1] > 1
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in data.iterdir()}


# ---- bounds: refused before anything is expanded ---------------------------------------------


def _with_part(name: str, data: bytes) -> bytes:
    return rezipped(REFERENCE_BOOK, None, {name: data})


def test_a_zip_bomb_is_refused_by_its_directory_naming_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetxml, "_part", lambda *a: pytest.fail("a part was decompressed"))
    limit = sheetxml.MAX_EXPANSION * DEFAULT_MAX_BYTES
    bomb = _with_part("xl/media/filler.xml", b" " * (limit + 1))
    assert len(bomb) < DEFAULT_MAX_BYTES  # within the file size limit: only its expansion is refused
    message = only_problem(read(tmp_path, bomb))
    says(message, str(limit), "--max-file-size")
    small = 4 * 1024 * 1024  # the limit follows the loader's: 20 times a smaller one is smaller
    says(only_problem(read(tmp_path, _with_part("xl/f.xml", b" " * (21 * small)), max_bytes=small)), str(20 * small))


def test_a_part_compressed_past_any_workbook_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sheetxml, "_part", lambda *a: pytest.fail("a part was decompressed"))
    part = b" " * (40 * 1024 * 1024)  # within the total, but a thousand to one
    says(only_problem(read(tmp_path, _with_part("xl/filler.xml", part))), str(sheetxml.MAX_RATIO))


def test_a_part_larger_than_it_declares_is_refused_without_expanding_it(tmp_path):
    """The zip's directory can lie: the size it declares is checked by decompressing one byte past it."""
    part = sheet_part(REFERENCE_BOOK, "职代会")
    inflated = in_sheet(
        REFERENCE_BOOK, "职代会", lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (60 << 20))
    )
    lying = lying_part(inflated, part, 4000)
    tracemalloc.start()
    message = only_problem(read(tmp_path, lying))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    says(message, "损坏或不完整", "damaged or incomplete")
    assert peak < 8 * 1024 * 1024, peak  # the 60 MB were never made


def test_a_far_cell_that_would_make_calamine_allocate_17_billion_cells_is_refused(tmp_path):
    """Calamine makes a dense grid from A1 to the farthest cell; asked for A1:XFD1048576 it aborts the
    process (the allocation fails in Rust). Run in a child process, so that a regression ends that one."""
    book = tmp_path / "far.xlsx"
    book.write_bytes(far_cell(REFERENCE_BOOK, "XFD1048576"))
    done = cli("check", book, "--as-of", "2025-12-31", "--no-cache", "--lang", "en", env={"COLUMNS": "300"})
    assert done.returncode == 1 and "Traceback" not in done.stderr, (done.returncode, done.stderr[-500:])
    assert "too large" in done.stdout and "1048576 rows" in done.stdout and str(sheetxml.MAX_ROWS) in done.stdout


@pytest.mark.parametrize(
    "cell, limit",
    [
        (f"A{sheetxml.MAX_ROWS + 1}", sheetxml.MAX_ROWS),
        (f"CV{sheetxml.MAX_CELLS // 100 + 1}", sheetxml.MAX_CELLS),  # 100 columns
    ],
)
def test_a_sheet_past_the_rows_or_cells_a_sheet_may_have_is_refused_naming_them(cell, limit, tmp_path):
    message = only_problem(read(tmp_path, far_cell(REFERENCE_BOOK, cell)))
    says(message, "职代会", "Ctrl+End", str(limit))


def test_the_cells_of_all_sheets_together_are_bounded(tmp_path):
    rows = sheetxml.MAX_BOOK_CELLS // 26 // 3 + 1  # three sheets of A1:Z<rows>, each within a sheet's bound
    raw = REFERENCE_BOOK
    for title in ("职代会", "决议", "换届选举"):
        extra = f'<row r="{rows}"><c r="Z{rows}" t="n"><v>1</v></c></row></sheetData>'.encode()
        raw = in_sheet(raw, title, lambda xml, extra=extra: xml.replace(b"</sheetData>", extra))
    says(only_problem(read(tmp_path, raw)), str(sheetxml.MAX_BOOK_CELLS))


def test_cells_written_without_references_are_bounded_too(tmp_path):
    """A writer may leave out a cell's ``r`` (calamine then places it after the one before)."""
    cells = b"".join(b"<c><v>%d</v></c>" % i for i in range(sheetxml.MAX_CELLS + 1))
    wide = b"<row>" + cells + b"</row></sheetData>"
    raw = in_sheet(REFERENCE_BOOK, "职代会", lambda xml: xml.replace(b"</sheetData>", wide))
    says(only_problem(read(tmp_path, raw)), str(sheetxml.MAX_CELLS))


def test_a_number_calamine_cannot_make_a_date_of_is_refused_at_its_cell(tmp_path, capfd):
    """Calamine panics on a number below about -1.07e11 in a cell formatted as a date (Rust prints its own
    message on the terminal before the exception): such a number is refused before calamine reads it."""

    raw = xlsx(edit=lambda b: b["职代会"].cell(2, 2, -1.07e11))
    capfd.readouterr()
    doc = read(tmp_path, raw)
    (problem,) = doc.problems
    assert (problem.sheet, problem.cell) == ("职代会", "B2") and "负数" in problem.message.zh
    assert "panicked" not in capfd.readouterr().err
    assert read(tmp_path, xlsx(edit=lambda b: b["职代会"].cell(2, 4, -5))).ok  # small ones are read


def test_too_many_sheets_or_parts_are_refused_naming_the_limit(tmp_path):
    many = "".join(f'<sheet name="S{i}" sheetId="{100 + i}" r:id="rId1"/>' for i in range(sheetxml.MAX_SHEETS))
    raw = rezipped(
        REFERENCE_BOOK,
        lambda n, d: d.replace(b"</sheets>", many.encode() + b"</sheets>") if n == "xl/workbook.xml" else d,
    )
    says(only_problem(read(tmp_path, raw)), str(sheetxml.MAX_SHEETS))
    parts = {f"xl/media/p{i}.bin": b"" for i in range(sheetxml.MAX_PARTS)}
    says(only_problem(read(tmp_path, rezipped(REFERENCE_BOOK, None, parts))), str(sheetxml.MAX_PARTS))


def test_a_document_type_declaration_is_refused(tmp_path):
    """No workbook part has one; with it come entities (a billion laughs)."""
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    raw = rezipped(REFERENCE_BOOK, lambda n, d: laughs + d[d.index(b"<workbook") :] if n == "xl/workbook.xml" else d)
    says(only_problem(read(tmp_path, raw)), "文档类型声明", "document type declaration")


# ---- formulas: their cached value, or the cell that has none ---------------------------------


def _delegates(doc) -> int:
    return doc.data["congresses"][0]["delegates_total"]


def test_a_formula_gives_its_cached_value(tmp_path):
    expected = _delegates(read(tmp_path, REFERENCE_BOOK))
    for formula in (b"<f>60+8</f>", b'<f t="shared" ref="D2:D3" si="0">60+8</f>', b"<f>SUM(E2:E3)-52</f>"):
        cell = b'<c r="D2">' + formula + b"<v>%d</v></c>" % expected
        doc = read(tmp_path, in_sheet(REFERENCE_BOOK, "职代会", lambda x, c=cell: replace_cell(x, "D2", c)))
        assert doc.ok and _delegates(doc) == expected, messages(doc)


def test_a_formula_no_program_computed_is_an_error_at_its_cell(tmp_path):
    """openpyxl (like any program that writes without computing) leaves a formula without a value."""

    def typed(book):
        book["职代会"]["D2"] = "=60+8"
        book["基本信息"]["C3"] = "=1+1"  # in the notes column, which is not read: no answer needed

    doc = read(tmp_path, xlsx(edit=typed))
    (problem,) = at(doc, "职代会", "D2")
    assert problem.message.zh == "公式没有计算结果：请在 Excel/WPS 中打开并保存一次，或把公式换成数值"
    assert len(doc.problems) == 1, messages(doc)


def test_a_formula_whose_value_is_empty_text_is_an_empty_cell(tmp_path):
    cell = b'<c r="F2" t="str"><f>IF(1,"","")</f><v></v></c>'
    doc = read(tmp_path, in_sheet(REFERENCE_BOOK, "职代会", lambda x: replace_cell(x, "F2", cell)))
    assert not at(doc, "职代会", "F2") and "papers_sent_on" not in doc.data["congresses"][0]


def test_an_error_value_is_an_error_at_its_cell_naming_it(tmp_path):
    for error in (b"#DIV/0!", b"#REF!", b"#N/A"):
        cell = b'<c r="D2" t="e"><f>E2/0</f><v>%s</v></c>' % error
        doc = read(tmp_path, in_sheet(REFERENCE_BOOK, "职代会", lambda x, c=cell: replace_cell(x, "D2", c)))
        (problem,) = at(doc, "职代会", "D2")
        assert error.decode() in problem.message.zh and error.decode() in problem.message.en


def test_a_workbook_without_formulas_hidden_rows_or_merges_is_never_searched_for_them(tmp_path, monkeypatch):
    """The common case costs a few byte searches of each sheet: the cell-by-cell scans never run."""
    for scan in ("_unreadable_cells", "_hidden_rows", "_hidden_columns"):
        monkeypatch.setattr(sheetxml, scan, lambda *a, scan=scan: pytest.fail(scan))
    monkeypatch.setattr(sheetxml, "_MERGE", None)
    assert read(tmp_path, REFERENCE_BOOK).ok


# ---- macros and links to other files: never run, never followed, and said so -----------------


def test_a_link_to_another_workbook_is_never_followed_its_saved_value_is_checked(tmp_path):
    """The linked file is a FIFO: whatever opened it to read would wait for ever. The workbook is read
    in a child process with a time limit, and its value is the one saved in it, not the other file's."""
    os.mkfifo(tmp_path / "linked.xlsx")
    book = tmp_path / "b.xlsx"
    book.write_bytes(linked(REFERENCE_BOOK, f"file:///{tmp_path}/linked.xlsx"))
    script = (
        "import sys, json; sys.path.insert(0, sys.argv[2])\n"
        "from workbook_files import layout\n"
        "from unioncheck.workbook import load\n"
        "doc = load(sys.argv[1], layout(), 5 << 20)\n"
        "print(json.dumps([doc.data['congresses'][0]['delegates_total'], [p.message.en for p in doc.problems],"
        " [p.message.zh for p in doc.warnings]]))\n"
    )
    tests = os.path.dirname(__file__)
    done = subprocess.run(
        [sys.executable, "-c", script, str(book), tests], capture_output=True, text=True, timeout=60, cwd=tests
    )
    value, problems, warnings = json.loads(done.stdout)
    assert value == 68 and not problems
    (warning,) = warnings
    assert "外部链接" in warning and "没有打开或更新" in warning


def test_a_macro_is_never_run_the_values_are_checked_and_the_user_is_told(tmp_path):
    macro = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b'Attribute VB_Name = "Module1"\nSub Auto_Open()\nKill "*.*"\nEnd Sub\n'
    )
    raw = rezipped(
        REFERENCE_BOOK,
        lambda n, d: (
            d.replace(
                b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
            )
            if n == "[Content_Types].xml"
            else d
        ),
        {"xl/vbaProject.bin": macro},
    )
    marker = tmp_path / "still-here.txt"
    marker.write_text("x")
    doc = read(tmp_path, raw, "b.xlsm")
    assert doc.ok and doc.data == reference_data() and marker.exists()
    (warning,) = doc.warnings
    says(warning.message, "宏", "没有运行", "macros", "not run")
