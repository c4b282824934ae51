"""Output formats, one module each, registered by name: the names are the
``--format`` choices. A reporter turns a finished ``Report`` into text; it never
reads files or judges compliance. A *streaming* reporter also writes each
branch as soon as it is finished (``branch``), then whatever closes the output (``end``).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from .options import Options


class _Registry(Mapping):
    """Format name -> reporter class, each module imported only when its format is asked for:
    a one-file check in the default table format does not pay for the workbook or the SARIF code."""

    def __init__(self, where: dict[str, str]):
        self._where = where

    def __getitem__(self, name: str) -> type:
        module, _, cls = self._where[name].partition(":")
        return getattr(importlib.import_module(module, __name__), cls)

    def __iter__(self):
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


REPORTERS: Mapping[str, type] = _Registry(
    {
        "table": ".table:TableReporter",
        "json": ".json:JsonReporter",
        "jsonl": ".json:JsonlReporter",
        "sarif": ".sarif:SarifReporter",
        "junit": ".junit:JunitReporter",
        "github": ".github:GithubReporter",
        "markdown": ".markdown:MarkdownReporter",
        "csv": ".csv:CsvReporter",
        "xlsx": ".xlsx:XlsxReporter",
        "html": ".html:HtmlReporter",
    }
)

__all__ = ["Options", "REPORTERS"]
