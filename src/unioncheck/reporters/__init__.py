"""Output formats, one module each, registered by name: the names are the ``--format`` choices.

A reporter turns a finished ``Report`` into text; it never reads files or
judges compliance.
"""

from __future__ import annotations

from typing import Protocol

from ..model import Report
from .json import JsonReporter
from .table import TableReporter


class Reporter(Protocol):
    def render(self, report: Report, lang: str) -> str: ...


REPORTERS: dict[str, type] = {
    "table": TableReporter,
    "json": JsonReporter,
}
