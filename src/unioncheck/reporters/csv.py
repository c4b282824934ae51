"""``csv``: one row per branch and rule, for Excel and WPS (a file gets a BOM,
so that Excel reads the Chinese right). Where its first finding is: the line and
column of a YAML file, the sheet and cell of a workbook.

Data from branch files is never a formula: a cell that would begin one gets a
leading ``'`` (``options.not_a_formula``), and every cell is quoted, so that a
spreadsheet splitting rows at ``;`` (the list separator of many locales) finds
no cell beginning inside another."""

from __future__ import annotations

import csv
import io

from ..model import BranchReport, Report, Result, Status
from .base import Reporter
from .options import Options, display_path, not_a_formula
from .summary import change_text, status_text, waiver_text

COLUMNS = {
    "zh": [
        *("基层工会代码", "基层工会", "文件", "规则", "规则族", "规则名称", "状态", "说明", "截止日期"),
        *("行", "列", "工作表", "单元格"),
    ],
    "en": [
        *("branch", "name", "file", "rule", "family", "title", "status", "message", "due"),
        *("line", "column", "sheet", "cell"),
    ],
}  # a text file's findings have a line and column, a workbook's a sheet and cell
CHANGE_COLUMN = {"zh": "对比", "en": "change"}  # with --compare: what changed of the rule's findings


class CsvReporter(Reporter):
    bom_in_files = True

    def render(self, report: Report, options: Options) -> str:
        lang = options.lang
        titles = {r.code: r.title(lang) for r in report.rules}
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
        comparing = report.comparison is not None
        writer.writerow(COLUMNS[lang] + ([CHANGE_COLUMN[lang]] if comparing else []))
        for b in report.branches:
            by_rule: dict[str, list] = {}
            for r in b.results:
                by_rule.setdefault(r.rule, []).append(r)
            for code, results in by_rule.items():
                row = _row(b, code, results, titles.get(code, ""), lang)
                if comparing:
                    row.append(_changes(results, lang))
                writer.writerow([not_a_formula(cell) if isinstance(cell, str) else cell for cell in row])
        return out.getvalue()


def _row(b: BranchReport, code: str, results: list[Result], title: str, lang: str) -> list:
    """One branch's row for one rule: its worst status first, every message, the nearest due date."""
    worst = Status.worst(r.status for r in results)
    shown = sorted(results, key=lambda r: -r.status.rank)
    first = shown[0]
    dues = [r.due for r in results if r.status == worst and r.due]
    messages = "\n".join(" ".join(filter(None, [r.message(lang), waiver_text(r, lang)])) for r in shown)
    where = first.location
    return [
        b.code or "",
        b.name or "",
        display_path(b.file),
        code,
        first.family,
        title,
        status_text(first, lang),
        messages,
        min(dues).isoformat() if dues else "",
        where.line if where and where.line else "",
        where.column if where and where.column else "",
        where.sheet if where and where.sheet else "",
        where.cell if where and where.cell else "",
    ]


def _changes(results: list[Result], lang: str) -> str:
    """What --compare says of a rule's findings in one branch, one per line, in the order of the messages."""
    texts = [change_text(r, lang) for r in sorted(results, key=lambda r: -r.status.rank)]
    return "\n".join(text or "—" for text in texts) if any(texts) else ""
