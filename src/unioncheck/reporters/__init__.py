"""Output formats, one module each, registered by name: the names are the
``--format`` choices. A reporter turns a finished ``Report`` into text; it never
reads files or judges compliance. A *streaming* reporter also writes each
branch as soon as it is finished (``branch``), then whatever closes the output (``end``).
"""

from __future__ import annotations

from .options import Options
from .csv import CsvReporter
from .github import GithubReporter
from .html import HtmlReporter
from .json import JsonReporter, JsonlReporter
from .junit import JunitReporter
from .markdown import MarkdownReporter
from .sarif import SarifReporter
from .table import TableReporter
from .xlsx import XlsxReporter

REPORTERS: dict[str, type] = {
    "table": TableReporter,
    "json": JsonReporter,
    "jsonl": JsonlReporter,
    "sarif": SarifReporter,
    "junit": JunitReporter,
    "github": GithubReporter,
    "markdown": MarkdownReporter,
    "csv": CsvReporter,
    "xlsx": XlsxReporter,
    "html": HtmlReporter,
}

__all__ = ["Options", "REPORTERS"]
