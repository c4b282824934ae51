"""A branch workbook (``.xlsx``) as a document.

The workbook is one more form of a data file behind the loader's interface: it
is read into the same plain data as the YAML file of the same branch, and every
value's place is its sheet and cell (``Document.positions`` holds
``(sheet, cell)`` for a workbook, ``(line, column)`` for a text file), so rules
never know which form they judge. The sheets and columns are the contract's
``layout``; each cell is read as a person means it (``cells.cell_value``).

What a person can do to a workbook that the layout does not foresee is answered
where it is, as a problem of the file (an error: the file is not judged) or, for
what is read all the same but easy to miss, a warning (``Document.warnings``):

- errors: a sheet renamed (``did you mean 职代会?``), the form sheet missing, a
  header row not in row 1 or missing, an unknown or repeated header, a value in a
  column without a header, a merged range over data, an example row left in (a row
  beginning 示例 or 例：, or repeating the headers), a row of a child sheet naming
  no parent there is, and every cell that cannot be read as its column means;
- warnings: hidden sheets, rows and columns that hold data (read and checked, but
  seen neither on screen nor on paper, where a secretary checks by eye what she
  sends), a sheet not of the template that holds something (not read), a macro that
  was not run and links to other workbooks that were not followed.

An empty cell of a field annotated ``default_from`` takes the value of the item its row names
(a members' assembly held with a congress: the congress's date and counts), written into the data as
if typed there, so that the YAML ``convert`` writes holds it; its place is the empty cell.

A missing table sheet is a list with no records. No message quotes a cell of a
personal column or of a sheet that has one, nor the headers of such a sheet (a row
of names where the headers should be), nor the name of a sheet not of the template
(one sheet per person): ``workbook_shape``.
"""

from __future__ import annotations

import re
from typing import Any

from . import workbook_messages as M
from . import workbook_shape as shape
from .cells import PRECISE_DIGITS, cell_value, natural_date  # noqa: F401  (re-exported)
from .layout import FORM_HEADERS, ROW_NUMBER, Column, Layout, Sheet, fold, walk_items
from .loader import Document, Problem, _read, _Refused, os_problem, shown_path
from .model import Text
from .sheets import Book, Grid, SheetsRefused, Unreadable, cell_name, read_book

_EXAMPLE = re.compile(r"^[\s(（【\[]*(示例|样例|范例|例如|例[:：]|e\.?g\.?(?![A-Za-z])|example\b)", re.IGNORECASE)
HEADER_SEARCH = 10  # rows looked at for a header row that is not in row 1


def load(file: str, layout: Layout, max_bytes: int) -> Document:
    """Read one workbook; problems are recorded on the document, never raised."""
    doc = Document(shown_path(file), path=file)
    try:
        raw = _read(file, max_bytes)  # the loader's checks: a regular file, within the size limit
        book = read_book(raw, max_bytes, lambda name: layout.sheet(name) is not None, file)
    except _Refused as refused:
        doc.problems.append(refused.problem)
        return doc
    except OSError as err:
        doc.problems.append(os_problem(err))
        return doc
    except SheetsRefused as refused:
        doc.problems.append(Problem(refused.message, sheet=refused.sheet, cell=refused.cell))
        return doc
    _Reader(doc, layout).read(book)
    return doc


class _Reader:
    """Turns the grids of one workbook into ``doc.data`` and ``doc.positions``."""

    def __init__(self, doc: Document, layout: Layout):
        self.doc, self.layout = doc, layout
        self.items: dict[str, dict[Any, tuple]] = {}  # sheet: {parent key value: data path of the item}
        self.read_sheets: set[str] = set()  # the table sheets whose rows were read
        self.orphans: set[str] = set()  # child sheets answered for a parent sheet not read
        self.merged_rows: set[tuple[str, int]] = set()  # (sheet, row) under a merged range answered
        self.headers: dict[str, dict[str, Any]] = {}  # sheet: {header as folded: what it names}
        self.personal = shape.unquoted(layout)
        self.empty_at: dict[str, dict[Column, int]] = {}  # sheet: {column: its column number}

    def read(self, book: Book) -> None:
        for note in book.notes:
            self._warn(None, None, note)
        by_sheet = shape.sheets(self.layout, book.grids, self._problem, self._warn)
        self.doc.data = {}
        form = by_sheet.get(self.layout.form.name)
        if form is None:
            self._problem(self.layout.form.name, None, M.missing_form(self.layout.form.name))
        else:
            self._form(self.layout.form, form)
        for sheet in self.layout.tables:
            if sheet.name in by_sheet:
                self._table(sheet, by_sheet[sheet.name])
        for sheet in self.layout.tables:
            for column in sheet.columns:
                if isinstance(column.note.get("default_from"), dict):
                    self._default(sheet, column, column.note["default_from"])

    def _default(self, sheet: Sheet, column: Column, spec: dict) -> None:
        """Fill the empty cells of ``column`` from the item its row names (annotation ``default_from``: the
        field ``via`` of the row refers to an item, whose ``field`` is the default), as if typed there."""
        via = next((c for c in sheet.columns if c.path == (spec.get("via"),)), None)
        refers = str(via.note.get("refers_to") or "") if via is not None else ""
        if not refers or len(column.path) != 1:
            return
        *where, key = refers.split(".")
        named = {
            _key(item[key]): (path, item)
            for path, item in walk_items(self.doc.data, tuple(where))
            if isinstance(item, dict) and key in item
        }
        for path, item in walk_items(self.doc.data, sheet.list_path):
            if not isinstance(item, dict) or column.path[0] in item or via.path[0] not in item:
                continue
            source = named.get(_key(item[via.path[0]]))
            if source is not None and spec.get("field") in source[1]:
                item[column.path[0]] = source[1][spec["field"]]
                here = self.doc.positions.get(source[0] + (spec["field"],))
                if here is not None:  # a finding on the value names the empty cell, else the cell it came from
                    self.doc.positions.setdefault(path + column.path, here)

    def _problem(self, sheet: str | None, cell: str | None, message: Text) -> None:
        self.doc.problems.append(Problem(message, sheet=sheet, cell=cell))

    def _warn(self, sheet: str | None, cell: str | None, message: Text) -> None:
        self.doc.warnings.append(Problem(message, sheet=sheet, cell=cell))

    # the form: one row per field (label, value, note)

    def _form(self, sheet: Sheet, grid: Grid) -> None:
        self.doc.positions[()] = (sheet.name, "A1")
        shape.marks(sheet, grid, self._problem, self._warn)
        seen: dict[int, str] = {}
        for r, row in enumerate(grid.rows, start=1):
            label = row[0] if row else None
            raw = row[1] if len(row) > 1 else None
            if isinstance(label, Unreadable):
                self._problem(sheet.name, cell_name(r, 1), label.message)
                continue
            if label is None or (r == 1 and fold(label) == FORM_HEADERS[0]):
                if label is None and raw is not None:
                    self._problem(sheet.name, cell_name(r, 2), M.value_without_label(cell_name(r, 2)))
                continue
            column = sheet.column(label)
            if column is None:
                if raw is not None:  # a heading or a note the secretary added has no value beside it
                    near = shape.near(label, [c.header for c in sheet.columns])
                    self._problem(sheet.name, cell_name(r, 1), M.unknown_label(label, near))
                continue
            if id(column) in seen:
                self._problem(sheet.name, cell_name(r, 1), M.twice_label(column.header, seen[id(column)]))
                continue
            seen[id(column)] = cell_name(r, 1)
            if raw is None:
                self.doc.positions.setdefault(column.path, (sheet.name, cell_name(r, 2)))
                continue
            if isinstance(raw, str) and _EXAMPLE.match(raw):
                self._problem(sheet.name, cell_name(r, 2), M.example_value())
                continue
            self._put(self.doc.data, column, raw, column.path, (sheet.name, cell_name(r, 2)))

    # a table: a header row, one row per item

    def _table(self, sheet: Sheet, grid: Grid) -> None:
        if sheet.parent is None:  # a finding about the whole list (one missing) points at its sheet
            self.doc.positions[sheet.list_path[:-1]] = (sheet.name, None)
        if not grid.rows or not self._header_row(sheet, grid):
            return
        self.read_sheets.add(sheet.name)
        columns = self._headers(sheet, grid.rows[0])
        self.merged_rows.update((sheet.name, r) for r in shape.marks(sheet, grid, self._problem, self._warn))
        shape.headless_data(sheet, grid, self._problem)
        for r, row in enumerate(grid.rows[1:], start=2):
            if all(v is None for v in row) or self._example_row(sheet, columns, row, r):
                continue
            self._row(sheet, columns, row, r)

    def _known(self, sheet: Sheet, text: Any) -> Any:
        """What a header cell names: a Column, ROW_NUMBER, "parent", or None."""
        if text is None or isinstance(text, Unreadable):
            return None
        names = self.headers.get(sheet.name)
        if names is None:
            names = self.headers[sheet.name] = shape.header_names(sheet)
        return names.get(fold(text).rstrip("*").strip())

    def _header_row(self, sheet: Sheet, grid: Grid) -> bool:
        """Whether row 1 holds headers; where it does not, the problem (the headers further down, or none)."""
        if any(self._known(sheet, text) is not None for text in grid.rows[0]):
            return True
        for r, row in enumerate(grid.rows[1:HEADER_SEARCH], start=2):
            if any(self._known(sheet, text) is not None for text in row):
                self._problem(sheet.name, "A1", M.header_not_first(r))
                return False
        self._problem(sheet.name, "A1", M.no_header(sheet))
        return False

    def _headers(self, sheet: Sheet, header: list) -> list:
        """What each column of a table holds: a Column, ROW_NUMBER, the parent's key, or None."""
        columns: list = []
        seen: dict[Any, str] = {}
        quoted = not shape.personal_sheet(sheet)
        for c, text in enumerate(header, start=1):
            found = self._known(sheet, text)
            here = cell_name(1, c)
            if isinstance(text, Unreadable):
                self._problem(sheet.name, here, text.message)
            elif text is not None and found is None:
                near = shape.near(text, sheet.headers())
                self._problem(sheet.name, here, M.unknown_header(sheet, text if quoted else None, here, near))
            elif found is not None and _mark(found) in seen:
                self._problem(sheet.name, here, M.twice_header(fold(text), seen[_mark(found)], here))
                found = None
            elif found is not None:
                seen[_mark(found)] = here
                if isinstance(found, Column):
                    self.empty_at.setdefault(sheet.name, {})[found] = c
            columns.append(found)
        return columns

    def _example_row(self, sheet: Sheet, columns: list, row: list, r: int) -> bool:
        """Whether ``row`` is an example (its first value begins 示例, 例：...) or repeats the headers."""
        c, first = next((c, v) for c, v in enumerate(row) if v is not None)
        if not isinstance(first, str):
            return False
        if _EXAMPLE.match(first):
            self._problem(sheet.name, cell_name(r, c + 1), M.example_row(r))
            return True
        if c >= len(columns) or columns[c] is None or _mark(self._known(sheet, first)) != _mark(columns[c]):
            return False
        filled = [(c, v) for c, v in enumerate(row) if v is not None]
        repeats = all(c < len(columns) and _mark(self._known(sheet, v)) == _mark(columns[c]) for c, v in filled)
        if repeats and len(filled) >= min(2, sum(x is not None for x in columns)):
            self._problem(sheet.name, cell_name(r, 1), M.header_repeated(r))
            return True
        return False

    def _row(self, sheet: Sheet, columns: list, row: list, r: int) -> None:
        cells = {columns[c]: (value, c + 1) for c, value in enumerate(row) if value is not None and c < len(columns)}
        cells.pop(None, None)
        owner = self._owner(sheet, cells.get("parent"), r)
        if owner is None:
            return
        items = _list_at(self.doc.data, owner)
        path = owner + (len(items),)
        if sheet.plain_values:
            self._plain_value(sheet, cells, items, path, r)
            return
        item: dict = {}
        items.append(item)
        self.doc.positions[path] = (sheet.name, cell_name(r, 1))
        for column in sheet.columns:
            raw, c = cells.get(column, (None, None))
            if raw is not None:
                self._put(item, column, raw, column.path, (sheet.name, cell_name(r, c)), path + column.path)
            elif column in self.empty_at.get(sheet.name, {}):  # a finding on a missing value names its empty cell
                self.doc.positions[path + column.path] = (sheet.name, cell_name(r, self.empty_at[sheet.name][column]))
        if sheet.keyed_by_number:
            number = self._plain_key(sheet, cells.get(ROW_NUMBER), r)
            self.items.setdefault(sheet.name, {})[_key(len(items) if number is None else number)] = path
        elif "id" in item:
            self.items.setdefault(sheet.name, {})[_key(item["id"])] = path

    def _plain_value(self, sheet: Sheet, cells: dict, items: list, path: tuple, r: int) -> None:
        """One row of a list of plain values (evidence paths, review dates): its one value."""
        column = sheet.columns[0]
        raw, c = cells.get(column, (None, None))
        if raw is None:
            return
        value, problem = cell_value(column, raw, id(column) in self.personal)
        if problem is not None:
            self._problem(sheet.name, cell_name(r, c), problem)
        elif value is not None:
            items.append(value)
            self.doc.positions[path] = (sheet.name, cell_name(r, c))

    def _plain_key(self, sheet: Sheet, found: tuple | None, r: int) -> Any:
        """The value of a key cell (a row number, a parent's id), None where it is empty or unreadable."""
        if found is None:
            return None
        value, c = found
        if isinstance(value, Unreadable):
            self._problem(sheet.name, cell_name(r, c), value.message)
            return None
        return value

    def _owner(self, sheet: Sheet, parent: tuple | None, r: int) -> tuple | None:
        """The data path of the list a row of ``sheet`` belongs to (None: it names no parent there is)."""
        if sheet.parent is None:
            return tuple(p for p in sheet.list_path[:-1])
        if sheet.parent.name not in self.read_sheets:  # answered once for the sheet, not row by row
            if sheet.name not in self.orphans:
                self.orphans.add(sheet.name)
                self._problem(sheet.name, None, M.parent_not_read(sheet))
            return None
        if parent is not None and isinstance(parent[0], Unreadable):
            self._plain_key(sheet, parent, r)
            return None
        value, c = parent if parent else (None, 1)
        if value is None and (sheet.name, r) in self.merged_rows:
            return None  # the merged range is the problem, answered at its first cell
        found = self.items.get(sheet.parent.name, {}).get(_key(value)) if value is not None else None
        if found is None:
            self._problem(sheet.name, cell_name(r, c), M.no_parent(sheet, value))
            return None
        return found + sheet.list_path[len(sheet.parent.list_path) : -1]

    def _put(self, into: Any, column: Column, raw: Any, at: tuple, where: tuple, path: tuple | None = None) -> None:
        """Store one cell's value at ``at`` inside ``into`` (creating the objects on the way)."""
        path = at if path is None else path
        value, problem = cell_value(column, raw, id(column) in self.personal)
        if problem is not None:
            self._problem(where[0], where[1], problem)
            return
        if value is None:
            return
        for i, part in enumerate(at[:-1]):
            into = into.setdefault(part, {})
            self.doc.positions.setdefault(path[: len(path) - len(at) + i + 1], where)
        into[at[-1]] = value
        self.doc.positions[path] = where


def _mark(found: Any) -> Any:
    """What a header names, comparable: a Column by its identity, a marker as itself."""
    return id(found) if isinstance(found, Column) else found


def _list_at(data: dict, path: tuple) -> list:
    for part in path[:-1]:
        data = data.setdefault(part, {}) if isinstance(part, str) else data[part]
    return data.setdefault(path[-1], [])


def _key(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fold(value)
