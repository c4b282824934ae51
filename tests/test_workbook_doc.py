"""The branch workbook's reference (docs/workbook.md): generated from the contract's schema, every
sheet with every column (header, field, type, required, values with their labels), how children
name parents, how cells are read, what lossless means and git's textconv; the committed page is
the one the schema generates today."""

import re

from conftest import REPO, contract

from unioncheck import cells
from unioncheck.workbookdoc import COMMAND, markdown

PAGE = REPO / "docs" / "workbook.md"
TEXTCONV = 'git config diff.unioncheck.textconv "unioncheck convert --stdout"'


def page() -> str:
    return markdown(contract().layout, contract().schema)


def sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## ", text, flags=re.M)[1:]
    return {part.split("\n", 1)[0]: part for part in parts}


def test_committed_workbook_reference_is_current():
    committed = PAGE.read_text("utf-8") if PAGE.exists() else ""
    assert committed == page(), f"docs/workbook.md is stale: run {COMMAND}"


def test_every_sheet_has_every_column_in_order_with_its_field_type_and_values():
    by_sheet = sections(page())
    for sheet in contract().layout.sheets:
        text = by_sheet[sheet.name]
        rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| 列标题")]
        headers = [row.split(" | ")[0][2:] for row in rows]
        assert headers == ([c.header for c in sheet.columns] if sheet.is_form else sheet.headers()), sheet.name
        for column, row in zip(sheet.columns, rows[len(rows) - len(sheet.columns) :]):
            cells = row[2:-2].split(" | ")
            assert cells[1].strip("`").endswith(".".join(map(str, column.path)) or "[]"), (sheet.name, cells)
            required = cells[3] == "是 / yes" or cells[3].startswith("填写")  # or only with its object
            assert required == column.required, (sheet.name, cells)
            words = column.vocabulary
            for code in words.choices if words else ():
                assert f"{words.label(code)}（`{code}`）" in cells[4], (sheet.name, code)
            kind = cells[2]
            chosen = "enum" in column.schema or (words is not None and not words.closed)
            assert ("日期" in kind) == column.is_date and ("选项" in kind) == chosen, cells


def test_children_name_their_parents_and_cells_are_read_as_the_reader_reads_them():
    text = page()
    parents = sections(text)["子表如何指明所属的行 / How a child sheet names its parent"]
    for sheet in contract().layout.tables:
        if sheet.parent is not None:
            assert f"| {sheet.name} | {sheet.parent.name} | {sheet.parent_header} |" in parents
    reading = sections(text)["单元格怎样读 / How cells are read"]
    assert all(word in reading for word in cells.YES_WORDS | cells.NO_WORDS)
    assert f"{cells.PRECISE_DIGITS} 位有效数字" in reading
    for written in ("2025/3/14", "2025.3.14", "2025年3月14日", "20250314"):  # each one the reader takes
        assert written in reading and cells.natural_date(written) == "2025-03-14"


def test_it_says_what_lossless_means_and_how_git_shows_a_workbook_s_changes():
    text = page()
    assert "空列表与没有这个列表相同" in text and "an empty list is no list" in text
    assert "*.xlsx diff=unioncheck" in text and TEXTCONV in text
    readme = (REPO / "README.md").read_text("utf-8")
    assert "*.xlsx diff=unioncheck" in readme and TEXTCONV in readme and "docs/workbook.md" in readme
