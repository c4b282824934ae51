"""The branch workbook in a real office suite: LibreOffice opens the template and a filled
workbook, saves them again as .xlsx, and what it saves still has every drop-down, date and number
check, reference and header note, and the filled one still checks clean.

LibreOffice runs headless with a profile of its own in a temporary folder. .ci/run installs
Debian's libreoffice-calc; where there is none, these tests are skipped and say why."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import REFERENCE, cli, contract
from openpyxl import load_workbook

from unioncheck import workbook
from unioncheck.entry import slots
from unioncheck.loader import load as load_yaml
from unioncheck.writing import build, starting

LAYOUT = contract().layout
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="no LibreOffice here: .ci/run installs Debian's libreoffice-calc; where it cannot be installed "
    "the office-suite tests cannot run",
)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """{name: (the workbook unioncheck wrote, the one LibreOffice saved of it)}: the template and
    the reference's data, with its evidence beside the saved one."""
    work = tmp_path_factory.mktemp("office")
    ours, theirs = work / "ours", work / "theirs"
    ours.mkdir()
    build(LAYOUT, starting(LAYOUT)).save(ours / "template.xlsx")
    build(LAYOUT, load_yaml(str(REFERENCE)).data).save(ours / "filled.xlsx")
    shutil.copytree(REFERENCE.parent, theirs)
    run = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(theirs),
            str(ours / "template.xlsx"),
            str(ours / "filled.xlsx"),
        ],
        capture_output=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return {name: (ours / f"{name}.xlsx", theirs / f"{name}.xlsx") for name in ("template", "filled")}


def _validations(path) -> dict[tuple[str, str], tuple]:
    """{(sheet, first data cell): what its validation allows and says} of a workbook."""
    found = {}
    book = load_workbook(path)
    for sheet in LAYOUT.sheets:
        ws = book[sheet.name]
        for i, _slot in enumerate(slots(LAYOUT, sheet)):
            cell = f"B{i + 2}" if sheet.is_form else f"{_letter(i)}2"
            for dv in ws.data_validations.dataValidation:
                if cell in dv.sqref:
                    found[(sheet.name, cell)] = _meaning(dv)
    return found


def _meaning(dv) -> tuple:
    """Where a validation is, what it allows and says, as both suites write it (LibreOffice adds an operator and
    a second formula where they mean nothing)."""
    ranged = dv.type not in ("list", "custom")
    operator = (dv.operator or "between") if ranged else None
    second = _formula(dv.formula2) if operator in ("between", "notBetween") else None
    cells = frozenset(cell for r in dv.sqref.ranges for cell in r.cells)
    return cells, dv.type, operator, _formula(dv.formula1), second, dv.errorStyle or "stop", dv.error


def _formula(text):
    """A validation's formula as both suites write it: a sheet name quoted or not."""
    return None if text is None else re.sub(r"'([^'!]+)'!", r"\1!", text)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _notes(path) -> dict[tuple[str, str], str]:
    book = load_workbook(path)
    return {
        (ws.title, cell.coordinate): cell.comment.text.strip()
        for ws in book.worksheets
        for cell in ws[1]
        if cell.comment is not None
    }


@pytest.mark.parametrize("name", ["template", "filled"])
def test_libreoffice_keeps_every_validation(saved, name):
    ours, theirs = saved[name]
    expected, kept = _validations(ours), _validations(theirs)
    assert expected and kept == expected
    kinds = {v[1] for v in kept.values()}
    assert {"list", "date", "whole"} <= kinds


@pytest.mark.parametrize("name", ["template", "filled"])
def test_libreoffice_keeps_every_header_note(saved, name):
    ours, theirs = saved[name]
    expected = _notes(ours)
    assert len(expected) == sum(len(slots(LAYOUT, s)) for s in LAYOUT.tables) + 3  # the form's 3 headers
    assert _notes(theirs) == expected


def test_libreoffice_keeps_the_text_format_of_id_numbers(saved):
    _ours, theirs = saved["template"]
    book = load_workbook(theirs)
    for sheet in LAYOUT.tables:
        for i, slot in enumerate(slots(LAYOUT, sheet)):
            if slot.column is not None and slot.column.note.get("personal"):
                assert book[sheet.name].column_dimensions[_letter(i)].number_format == "@"


def test_a_workbook_libreoffice_saved_reads_back_equal_and_checks_clean(saved):
    _ours, theirs = saved["filled"]
    back = workbook.load(str(theirs), LAYOUT, 10**7)
    assert back.problems == [] and back.data == load_yaml(str(REFERENCE)).data
    run = cli("check", theirs, "--as-of", "2025-12-31")
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_template_libreoffice_saved_is_still_empty(saved):
    _ours, theirs = saved["template"]
    doc = workbook.load(str(theirs), LAYOUT, 10**7)
    assert doc.problems == [] and doc.data == starting(LAYOUT)
