"""What every reporter is told besides the report."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import display_path

__all__ = ["Options", "cell_of", "display_location", "display_path", "short_location"]


@dataclass(frozen=True)
class Options:
    lang: str = "zh"
    fail_on: str = "fail"


def display_location(location) -> str:
    """A ``model.Location`` as ``file:line:column`` (or ``file sheet!cell``), its file as ``display_path`` shows it."""
    return str(replace(location, file=display_path(location.file)))


def cell_of(location) -> str | None:
    """Where in a workbook a location is: ``职代会!C3``, or just the sheet; None in a text file."""
    if location is None or location.sheet is None:
        return None
    return f"{location.sheet}!{location.cell}" if location.cell else location.sheet


def short_location(location) -> str:
    """A location as a findings table shows it: ``file:line`` in a text file, ``file 职代会!C3`` in a
    workbook, the file alone where neither is known."""
    file = display_path(location.file)
    cell = cell_of(location)
    if cell is not None:
        return f"{file} {cell}"
    return f"{file}:{location.line}" if location.line else file


# What a spreadsheet takes for the start of a formula (OWASP's list: = + - @, tab and carriage
# return, which Excel skips before one; newline too; and their full-width forms, which Excel
# with a Chinese or Japanese input method turns into them).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def not_a_formula(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text: a leading ``'`` where it would start a
    formula (the usual defence; the cell then shows the apostrophe before the text)."""
    return "'" + text if text.startswith(FORMULA_START) else text


# Characters XML 1.0 cannot carry (control characters other than tab and newlines,
# lone surrogates, U+FFFE/FFFF): a workbook, JUnit XML or HTML with one is broken.
@lru_cache(maxsize=1)
def _not_xml() -> re.Pattern:  # compiled on first use: a table on the terminal does not need it
    return re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML cannot carry replaced by U+FFFD."""
    return _not_xml().sub("\ufffd", text)
