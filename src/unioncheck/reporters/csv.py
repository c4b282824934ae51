"""``csv``: one row per branch and rule, for Excel and WPS (a file gets a BOM,
so that Excel reads the Chinese right)."""

from __future__ import annotations

import csv
import io

from ..model import Report, Status
from .base import Reporter
from .options import Options, display_path
from .summary import status_text, waiver_text

COLUMNS = {
    "zh": ["基层工会代码", "基层工会", "文件", "规则", "规则族", "规则名称", "状态", "说明", "截止日期", "行", "列"],
    "en": ["branch", "name", "file", "rule", "family", "title", "status", "message", "due", "line", "column"],
}


class CsvReporter(Reporter):
    bom_in_files = True

    def render(self, report: Report, options: Options) -> str:
        lang = options.lang
        titles = {r.code: r.title(lang) for r in report.rules}
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS[lang])
        for b in report.branches:
            by_rule: dict[str, list] = {}
            for r in b.results:
                by_rule.setdefault(r.rule, []).append(r)
            for code, results in by_rule.items():
                worst = Status.worst(r.status for r in results)
                shown = sorted(results, key=lambda r: -r.status.rank)
                first = shown[0]
                dues = [r.due for r in results if r.status == worst and r.due]
                messages = "\n".join(" ".join(filter(None, [r.message(lang), waiver_text(r, lang)])) for r in shown)
                writer.writerow(
                    [
                        b.code or "",
                        b.name or "",
                        display_path(b.file),
                        code,
                        first.family,
                        titles.get(code, ""),
                        status_text(first, lang),
                        messages,
                        min(dues).isoformat() if dues else "",
                        first.location.line if first.location and first.location.line else "",
                        first.location.column if first.location and first.location.column else "",
                    ]
                )
        return out.getvalue()
