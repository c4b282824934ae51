"""Data from branch files is never a spreadsheet formula: not in the workbook (every text cell is
text, data type ``s``, shown as typed), not in CSV (a cell that would begin a formula gets a
leading apostrophe, and every cell is quoted)."""

import csv
import io
import shutil

import pytest
from click.testing import CliRunner
from conftest import REFERENCE
from openpyxl import load_workbook

from unioncheck.cli import main
from unioncheck.reporters.options import FORMULA_START

# what a spreadsheet would run or evaluate, one for each character that starts a formula
FORMULAS = [
    '=HYPERLINK("http://example.invalid/x","点击")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    "＠SUM(A1)",
]
NO_SPACE = [f for f in FORMULAS if not any(c.isspace() for c in f)]  # what an id may be
FILE_NAMES = ["=1+1.yaml", "@SUM(A1).yaml", "-2+3.yaml", "+A1.yaml"]


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + '"'


def _branch(name: str, record_id: str, code: str) -> str:
    text = REFERENCE.read_text("utf-8")
    text = text.replace("name: 县人民医院工会委员会", f"name: {_quoted(name)}", 1)
    text = text.replace("code: XRMYY", f"code: {code}", 1)
    for old in ("E2023", "KN-2024-011", "C2025-1-R2"):  # an election's, a hardship file's, a resolution's id
        text = text.replace(old, _quoted(record_id))
    return text


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """One branch per formula (as its name and its ids), and branch files named like formulas, named
    on the command line from the working directory (so that their paths begin with the formula)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REFERENCE.parent / "evidence", tmp_path / "evidence")
    names = []
    for i, formula in enumerate(FORMULAS):
        record_id = NO_SPACE[i % len(NO_SPACE)]
        code = "-A1" if i == 0 else f"F{i}"  # a code may begin with '-'
        names.append(f"b{i}.yaml")
        (tmp_path / names[-1]).write_text(_branch(formula, record_id, code), "utf-8")
    for i, name in enumerate(FILE_NAMES):
        names.append(name)
        (tmp_path / name).write_text(_branch(f"branch {i}", f"X{i}", f"N{i}"), "utf-8")
    return names


def _run(files, fmt, lang):
    result = CliRunner().invoke(
        main, ["check", "--as-of", "2025-12-31", "--no-cache", "-f", fmt, "--lang", lang, "--", *files]
    )
    assert result.exit_code in (0, 1), result.output
    return result


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_has_no_formula_and_shows_the_text_as_typed(corpus, lang):
    _run(corpus, "xlsx:r.xlsx", lang)
    book = load_workbook("r.xlsx")
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(FORMULA_START):
                        assert cell.quotePrefix  # and stays text when edited
    for formula in FORMULAS:  # the branch names, as typed (XML reads a carriage return as a newline)
        assert formula.replace("\r", "\n") in texts
    for name in FILE_NAMES + ["-A1"]:  # the file names, the code
        assert name in texts
    assert any(t.startswith("=1+1") and len(t) > 8 for t in texts)  # a message that begins with an id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_csv_cell_begins_a_formula(corpus, lang):
    _run(corpus, "csv:r.csv", lang)
    raw = open("r.csv", encoding="utf-8-sig", newline="").read()
    rows = list(csv.reader(io.StringIO(raw)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    for formula in FORMULAS + FILE_NAMES + ["-A1"]:  # each shown as typed, behind the apostrophe
        assert "'" + formula in cells
    assert any(cell.startswith("'=1+1") and len(cell) > 8 for cell in cells)  # a message that begins with an id
    lines = raw.split("\r\n")
    assert all(line.startswith('"') for line in lines[1:] if line)  # every cell quoted: ';' splits none


def test_text_that_only_contains_formula_characters_is_left_alone(corpus):
    _run(corpus, "csv:r.csv", "en")
    cells = [cell for row in csv.reader(open("r.csv", encoding="utf-8-sig", newline="")) for cell in row]
    assert "N0" in cells and "branch 0" in cells  # nothing added where no formula could begin
    assert any("=1+1" in cell and not cell.startswith("'") for cell in cells)  # nor inside a cell
