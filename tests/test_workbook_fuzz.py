"""Property-based fuzzing of branch workbooks (hypothesis): no input makes reading a workbook raise.

Random bytes (bare, or behind the first bytes of a zip, an OLE2 file, a web page, a byte-order
mark), the reference workbook cut short or with bytes flipped, its sheets' XML with text put
anywhere in it (a valid zip of broken XML, for calamine to meet), and every kind of Python value
written by openpyxl into every column of every sheet: each is a document with its problems as
values, each problem of the file or at a sheet, and every value read one its column can hold or
answered at its cell. ``cell_value`` takes anything.

Examples per CI run: WORKBOOK_FUZZ_EXAMPLES for the fast properties, a fifth of them for those that
write a workbook; UNIONCHECK_FUZZ_EXAMPLES scales them, UNIONCHECK_FUZZ_RANDOM=1 hunts with fresh ones.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbook_files import in_sheet, layout, read, sheet_part, xlsx

from unioncheck.cells import cell_value
from unioncheck.model import Text
from unioncheck.sheets import Unreadable
from unioncheck.sniff import OLE2

WORKBOOK_FUZZ_EXAMPLES = max(int(os.environ.get("UNIONCHECK_FUZZ_EXAMPLES", 1000)) // 4, 40)
WRITTEN_EXAMPLES = max(WORKBOOK_FUZZ_EXAMPLES // 5, 20)
DERANDOMIZE = not os.environ.get("UNIONCHECK_FUZZ_RANDOM")
FAST = settings(
    max_examples=WORKBOOK_FUZZ_EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WRITTEN = settings(FAST, max_examples=WRITTEN_EXAMPLES)

REFERENCE_BOOK = xlsx()
SHEETS = layout().sheets
TABLES = [s for s in SHEETS if not s.is_form]
PREFIXES = [b"", b"PK\x03\x04", b"PK\x05\x06", OLE2, b"\xef\xbb\xbf", b"\xff\xfe", b"<html><table>", b"%PDF"]


def well_formed(doc) -> None:
    """What every document read from any input is: problems as located values, data a mapping."""
    assert isinstance(doc.problems, list) and isinstance(doc.warnings, list)
    for problem in doc.problems + doc.warnings:
        assert isinstance(problem.message, Text) and problem.message.zh and problem.message.en
        assert problem.line is None and (problem.sheet is None or isinstance(problem.sheet, str))
    assert doc.data is None or isinstance(doc.data, dict)
    if doc.data is None:
        assert doc.problems  # nothing read, and said why


@FAST
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=3000))
def test_random_bytes_are_answered_never_raised(prefix, body, tmp_path_factory):
    doc = read(tmp_path_factory.mktemp("bytes"), prefix + body)
    well_formed(doc)
    assert not doc.ok


@FAST
@given(
    cut=st.integers(0, len(REFERENCE_BOOK) - 1),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), max_size=4),
)
def test_a_workbook_cut_short_or_with_bytes_flipped_is_answered(cut, flips, tmp_path_factory):
    damaged = bytearray(REFERENCE_BOOK[: max(cut, 1)] if not flips else REFERENCE_BOOK)
    for at, mask in flips:
        damaged[at % len(damaged)] ^= mask
    well_formed(read(tmp_path_factory.mktemp("cut"), bytes(damaged)))


@WRITTEN
@given(
    sheet=st.sampled_from(SHEETS),
    where=st.floats(0, 1),
    text=st.one_of(
        st.binary(max_size=40),
        st.sampled_from([b"<", b"</c>", b"<c r=\"XFD1048576\"><v>1</v></c>", b"<row r=\"0\">", b"&bogus;", b"<f>1+</f>",
                         b'<mergeCell ref="A1:ZZ9"/>', b'<row r="2" hidden="1">', b"\x00", b"]]>", b"<c t=\"e\">"]),
    ),
)  # fmt: skip
def test_a_sheet_with_anything_put_into_its_xml_is_answered(sheet, where, text, tmp_path_factory):
    part = sheet_part(REFERENCE_BOOK, sheet.name)
    with zipfile.ZipFile(io.BytesIO(REFERENCE_BOOK)) as z:
        size = len(z.read(part))
    at = int(where * size)
    broken = in_sheet(REFERENCE_BOOK, sheet.name, lambda xml: xml[:at] + text + xml[at:])
    well_formed(read(tmp_path_factory.mktemp("xml"), broken))


# every kind of value a cell can be given, as openpyxl writes it (text it would refuse, control
# characters, left out)
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
VALUES = st.one_of(
    TEXT,
    st.sampled_from(
        ["示例", "例：1", "是", "否", "2025年3月14日", "二〇二五年三月十四日", "=1+1", "#N/A", "冯某", "序号"]
    ),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)),
    st.times(),
    st.timedeltas(dt.timedelta(0), dt.timedelta(days=900)),
)


@WRITTEN
@given(cells=st.lists(st.tuples(st.sampled_from(SHEETS), st.integers(1, 6), st.integers(1, 18), VALUES), max_size=6))
def test_any_value_in_any_cell_is_read_or_answered_at_a_sheet(cells, tmp_path_factory, capfd):
    def typed(book):
        for sheet, row, column, value in cells:
            book[sheet.name].cell(row, column, value)

    try:
        raw = xlsx(edit=typed)
    except (ValueError, TypeError, OverflowError):  # a value openpyxl itself will not write
        return
    capfd.readouterr()
    doc = read(tmp_path_factory.mktemp("cells"), raw)
    well_formed(doc)
    assert "panicked" not in capfd.readouterr().err  # calamine is never handed what makes it panic
    for problem in doc.problems:  # a cell is answered at its sheet; only a refusal of the file is not
        assert problem.sheet is not None or (doc.data is None and len(doc.problems) == 1)
        assert "PanicException" not in problem.message.en


ANY = st.one_of(
    VALUES,
    st.none(),
    st.builds(Unreadable, st.just(Text("x", "x"))),
    st.builds(object),
    st.lists(st.integers(), max_size=2),
)


@FAST
@given(sheet=st.sampled_from(SHEETS), index=st.integers(0, 30), raw=ANY, personal=st.sampled_from([None, True, False]))
def test_cell_value_takes_anything(sheet, index, raw, personal):
    column = sheet.columns[index % len(sheet.columns)]
    value, problem = cell_value(column, raw, personal)
    assert problem is None or (isinstance(problem, Text) and problem.zh and problem.en)
    assert value is None or problem is None
    assert value is None or isinstance(value, (str, int, float, bool))
