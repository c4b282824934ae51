"""The shape of a branch workbook, apart from its values: which sheet is which, what is merged or
hidden, which columns have a header, which cells a message may quote.

``workbook._Reader`` asks these questions of each sheet before it reads the rows; each answer is
a problem (an error: the file is not judged) or a warning (read all the same, but the user should
know), reported through the ``problem`` and ``warn`` callbacks with its sheet and cell.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Callable

from . import workbook_messages as M
from .layout import ROW_NUMBER, Layout, Sheet, fold
from .model import Text
from .sheets import Grid, cell_name

Report = Callable[[str | None, str | None, Text], None]  # (sheet, cell, message)
# a sheet of explanations, never data: the template's guide (填写说明) and notes a secretary adds
_EXPLANATIONS = re.compile(r"(说明|须知|注意事项)$|^(readme|guide|notes?)$", re.IGNORECASE)


def sheets(layout: Layout, grids: list[Grid], problem: Report, warn: Report) -> dict[str, Grid]:
    """{layout sheet name: its grid}; the other sheets answered (renamed, twice, not of the template)."""
    by_sheet: dict[str, Grid] = {}
    for place, grid in enumerate(grids, start=1):
        sheet = layout.sheet(grid.name)
        if sheet is None:
            _other_sheet(layout, grid, place, {g.name for g in grids}, problem, warn)
        elif sheet.name in by_sheet:
            problem(grid.name, None, M.twice_sheet(sheet.name))
        else:
            by_sheet[sheet.name] = grid
            if grid.hidden and grid.rows:
                warn(grid.name, None, M.hidden_sheet(grid.name))
    return by_sheet


def _other_sheet(layout: Layout, grid: Grid, place: int, present: set[str], problem: Report, warn: Report) -> None:
    """A sheet not of the layout that holds something: renamed (an error: its rows are missing from the
    data), or a sheet of the secretary's own (a warning, naming it by its place: a sheet may be named
    after a person)."""
    if not grid.has_values or _EXPLANATIONS.search(fold(grid.name)):
        return
    near_name = near(grid.name, [s.name for s in layout.sheets])
    if near_name is None:
        warn(None, None, M.other_sheet(place))
    else:
        there = any(layout.sheet(name) is not None and fold(name) == fold(near_name) for name in present)
        problem(grid.name, None, M.renamed_sheet(grid.name, near_name, there))


def marks(sheet: Sheet, grid: Grid, problem: Report, warn: Report) -> set[int]:
    """Merged ranges over data (errors), hidden rows and columns holding data (warnings); the rows
    under a merged range answered, but its first."""
    first_data_row = 1 if sheet.is_form else 2
    covered: set[int] = set()
    for r1, c1, r2, c2 in grid.merged:
        if r2 >= first_data_row and (not sheet.is_form or c1 <= 2) and (r1, c1) != (r2, c2):
            problem(sheet.name, cell_name(r1, c1), M.merged(cell_name(r1, c1), cell_name(r2, c2)))
            covered.update(range(r1 + 1, r2 + 1))
    rows = [r for r in sorted(grid.hidden_rows) if r <= len(grid.rows) and _filled(grid.rows[r - 1])]
    for first, last in runs(rows):
        warn(grid.name, cell_name(first, 1), M.hidden_rows(first, last))
    below = grid.rows[first_data_row - 1 :]
    columns = [c for c in sorted(grid.hidden_columns) if any(len(row) >= c and row[c - 1] is not None for row in below)]
    for first, last in runs(columns):
        warn(grid.name, cell_name(1, first), M.hidden_columns(_letters(first), _letters(last)))
    return covered


def headless_data(sheet: Sheet, grid: Grid, problem: Report) -> None:
    """A value in a column without a header (it would not be read): the problem at its first cell."""
    header = grid.rows[0]
    blank = {c for c in range(len(header)) if header[c] is None}
    blank.update(range(len(header), max(len(row) for row in grid.rows)))
    for c in sorted(blank):
        r = next((r for r, row in enumerate(grid.rows[1:], start=2) if c < len(row) and row[c] is not None), None)
        if r is not None:
            problem(sheet.name, cell_name(r, c + 1), M.no_header_above(cell_name(r, c + 1)))


def header_names(sheet: Sheet) -> dict[str, Any]:
    """{a header as folded: the Column, ROW_NUMBER or "parent" it names} for a table sheet."""
    names: dict[str, Any] = {}
    if sheet.keyed_by_number:
        names[ROW_NUMBER] = ROW_NUMBER
    if sheet.parent_header:
        names[fold(sheet.parent_header)] = "parent"
    for column in sheet.columns:
        for name in (column.header, ".".join(map(str, column.path)), str(column.path[-1]) if column.path else ""):
            if name:
                names.setdefault(fold(name), column)
    return names


def personal_sheet(sheet: Sheet) -> bool:
    return any(c.note.get("personal") for c in sheet.columns)


def unquoted(layout: Layout) -> set[int]:
    """The columns (by id) whose cells no message quotes: every field of a personal field's name (as
    ``privacy.shown_value`` hides them), and every column of a sheet that has a personal column (a
    name typed one column off, into a date or a count, is still a name)."""
    names = {c.path[-1] for s in layout.sheets for c in s.columns if c.path and c.note.get("personal")}
    return {id(c) for s in layout.sheets for c in s.columns if (c.path and c.path[-1] in names) or personal_sheet(s)}


def near(text: Any, names: list[str]) -> str | None:
    """The one of ``names`` that ``text`` is most likely meant to be (spaces, a number added, a slip), if any."""
    typed = re.sub(r"[\s\d()（）_\-]+", "", fold(text)).lower()
    if not typed:
        return None
    plain = {re.sub(r"[\s()（）]+", "", fold(n)).lower(): n for n in names}
    inside = [p for p in plain if len(p) > 1 and len(typed) > 1 and (p in typed or typed in p)]
    if inside:
        return plain[min(inside, key=lambda p: abs(len(p) - len(typed)))]
    found = difflib.get_close_matches(typed, list(plain), n=1, cutoff=0.5)
    return plain[found[0]] if found else None


def runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted ``numbers``: [2, 3, 4, 7] -> [(2, 4), (7, 7)]."""
    found: list[tuple[int, int]] = []
    for n in numbers:
        if found and found[-1][1] == n - 1:
            found[-1] = (found[-1][0], n)
        else:
            found.append((n, n))
    return found


def _filled(row: list) -> bool:
    return any(v is not None for v in row)


def _letters(column: int) -> str:
    return cell_name(1, column)[:-1]
