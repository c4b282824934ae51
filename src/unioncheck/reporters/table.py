"""``table``: the title, the compliance table (branches × families, by the families'
names, with 总体 and 合规), the problems, the obligations not yet due (待办事项),
waivers that need attention, and a summary."""

from __future__ import annotations

from tabulate import tabulate

from ..model import Report, Status
from . import scores
from .base import Reporter
from .options import Options, display_location, display_path
from .summary import (
    FIXED_HEADERS,
    change_text,
    compare_lines,
    compliance_line,
    compliant_meaning,
    days_left,
    fixed_rows,
    in_findings,
    matrix_columns,
    status_text,
    summarize,
    title,
    todo_items,
    waiver_lines,
    waiver_text,
)

_HEAD = {
    "zh": ("基层工会", "总体", "规则", "状态", "说明", "位置", "对比"),
    "en": ("Branch", "Overall", "Rule", "Status", "Message", "Location", "Change"),
}


class TableReporter(Reporter):
    def render(self, report: Report, options: Options) -> str:
        lang = options.lang
        head = _HEAD[lang]
        columns = matrix_columns(report, lang)
        rows = [[b.code or display_path(b.file)] + [c.cell(b)[0] for c in columns] for b in report.branches]
        headers = [head[0]] + [c.header + (f"\n{c.sub}" if c.sub else "") for c in columns]
        out = [title(report, lang), "", tabulate(rows, headers=headers, tablefmt="simple")]
        comparing = report.comparison is not None
        findings = [
            [
                b.code or display_path(b.file),
                r.rule,
                status_text(r, lang),
                *([change_text(r, lang)] if comparing else []),
                " ".join(filter(None, [r.message(lang), waiver_text(r, lang)])),
                display_location(r.location) if r.location else display_path(b.file),
            ]
            for b in report.branches
            for r in b.results
            if in_findings(r)
        ]
        if findings:
            headers = [head[0], head[2], head[3], *([head[6]] if comparing else []), head[4], head[5]]
            widths = [None, None, None, *([None] if comparing else []), 70, None]
            out += [
                "",
                "发现的问题" if lang == "zh" else "Findings",
                "",
                tabulate(findings, headers=headers, tablefmt="simple", maxcolwidths=widths),
            ]
        todo = [
            [
                r.due or "",
                days_left(report, r) if r.due else "",
                b.code or display_path(b.file),
                r.rule,
                r.message(lang),
                display_location(r.location) if r.location else display_path(b.file),
            ]
            for b, r in todo_items(report)
        ]
        if todo:
            headers = ["截止日期", "剩余天数", head[0], head[2], "事项"] if lang == "zh" else ["Due", "Days left"]
            headers += [head[5]] if lang == "zh" else [head[0], head[2], "What", head[5]]
            out += [
                "",
                "待办事项（尚未到期）" if lang == "zh" else "To do (not due yet)",
                "",
                tabulate(todo, headers=headers, tablefmt="simple", maxcolwidths=[None, None, None, None, 70, None]),
            ]
        attention = waiver_lines(report, lang)
        if attention:
            out += ["", "豁免" if lang == "zh" else "Waivers", *attention]
        out += scores.text_lines(report, lang)
        out += ["", self._summary(report, options)]
        return "\n".join(out) + "\n"

    def _summary(self, report: Report, options: Options) -> str:
        lang = options.lang
        s = summarize(report, options.fail_on)
        labels = {st.value: st.label(lang) for st in Status}
        counts = s["findings"]["by_status"].items()
        by_status = (
            "，".join(f"{labels[k]} {v}" for k, v in counts)
            if lang == "zh"
            else ", ".join(f"{v} {k}" for k, v in counts)
        )
        by_family = (
            ", ".join(f"{report.family_name(k, lang)} {v}" for k, v in s["findings"]["by_family"].items()) or "—"
        )
        known = s["findings"].get("known")
        if lang == "zh":
            text = (
                f"汇总：{compliance_line(report, lang, options.fail_on)}\n{compliant_meaning(lang)}\n"
                f"检查结果：{by_status}\n需关注的问题（错误、不合格、警告）按规则族：{by_family}"
            )
            if known is not None:
                text += f"\n基线：已知 {known} 项，新增 {s['findings']['new']} 项"
            return "\n".join([text, *compare_lines(report, lang), *_fixed(report, lang)])
        text = (
            f"Summary: {compliance_line(report, lang, options.fail_on)}\n{compliant_meaning(lang)}\n"
            f"Results: {by_status}\nProblems needing attention (error, fail, warn) by family: {by_family}"
        )
        if known is not None:
            text += f"\nBaseline: {known} known, {s['findings']['new']} new"
        return "\n".join([text, *compare_lines(report, lang), *_fixed(report, lang)])


def _fixed(report, lang: str) -> list[str]:
    """The earlier report's problems that are gone, as a table below the comparison's headline."""
    rows = fixed_rows(report, lang)
    if not rows:
        return []
    title, headers = FIXED_HEADERS[lang]
    return ["", title, tabulate(rows, headers=headers)]
