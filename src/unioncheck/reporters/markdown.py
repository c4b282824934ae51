"""``markdown``: the title, the compliance table (by the families' names, with 总体
and 合规) and its legend, the problems and the obligations not yet due, for a
merge-request comment or a CI job summary."""

from __future__ import annotations

from ..model import Report, Status
from . import scores
from .base import Reporter
from .options import Options, display_path, short_location
from .summary import (
    LEGEND_WORDS,
    change_text,
    compare_lines,
    compliance_line,
    compliant_meaning,
    days_left,
    family_legend,
    heading,
    in_findings,
    matrix_columns,
    status_legend,
    status_text,
    title,
    todo_items,
    waiver_lines,
    waiver_text,
)

MARKS = {
    Status.PASS: "✅",
    Status.NA: "➖",
    Status.WAIVED: "🛡️",
    Status.PENDING: "⏳",
    Status.WARN: "⚠️",
    Status.FAIL: "❌",
    Status.ERROR: "⛔",
}


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


class MarkdownReporter(Reporter):
    def render(self, report: Report, options: Options) -> str:
        lang = options.lang
        zh = lang == "zh"
        columns = matrix_columns(report, lang)
        out = [
            f"## {_escape(heading(report, lang))}",
            "",
            _escape(title(report, lang).split("\n", 1)[1]),
            "",
            f"**{_escape(compliance_line(report, lang, options.fail_on))}**",
            "",
            *[line for text in compare_lines(report, lang) for line in (f"**{_escape(text)}**", "")],
            "| "
            + " | ".join(
                [("基层工会" if zh else "Branch")] + [c.header + (f" {c.sub}" if c.sub else "") for c in columns]
            )
            + " |",
            "|" + "---|" * (len(columns) + 1),
        ]
        for b in report.branches:
            cells = []
            for c in columns:
                text, status = c.cell(b)
                if status is None:
                    cells.append("" if text == "—" else text)
                else:
                    due = text.partition(" ")[2]
                    cells.append(MARKS[status] + (f" {due}" if due else ""))
            out.append("| " + " | ".join([_escape(b.code or display_path(b.file)), *cells]) + " |")
        out += _legend(report, lang)
        findings = [(b, r) for b in report.branches for r in b.results if in_findings(r)]
        comparing = report.comparison is not None
        if findings:
            out += [
                "",
                "### 发现的问题" if zh else "### Findings",
                "",
                "| "
                + " | ".join(
                    ("基层工会", "规则", "状态", *(("对比",) if comparing else ()), "说明", "位置")
                    if zh
                    else ("Branch", "Rule", "Status", *(("Change",) if comparing else ()), "Message", "Location")
                )
                + " |",
                "|---|---|---|" + ("---|" if comparing else "") + "---|---|",
            ]
            for b, r in findings:
                where = f"`{_escape(short_location(r.location))}`" if r.location else ""
                message = " ".join(filter(None, [r.message(lang), waiver_text(r, lang)]))
                out.append(
                    f"| {_escape(b.code or display_path(b.file))} | {r.rule} | {MARKS[r.status]} "
                    f"{status_text(r, lang)} "
                    + (f"| {change_text(r, lang)} " if comparing else "")
                    + f"| {_escape(message)} | {where} |"
                )
        todo = todo_items(report)
        if todo:
            out += [
                "",
                "### 待办事项（尚未到期）" if zh else "### To do (not due yet)",
                "",
                "| 截止日期 | 剩余天数 | 基层工会 | 规则 | 事项 |"
                if zh
                else "| Due | Days left | Branch | Rule | What |",
                "|---|---|---|---|---|",
            ]
            out += [
                f"| {r.due or ''} | {days_left(report, r) if r.due else ''} | "
                f"{_escape(b.code or display_path(b.file))} | {r.rule} | {_escape(r.message(lang))} |"
                for b, r in todo
            ]
        attention = waiver_lines(report, lang)
        if attention:
            out += ["", "### 豁免" if zh else "### Waivers", ""] + [f"- {_escape(line)}" for line in attention]
        out += scores.markdown_lines(report, lang, _escape)
        return "\n".join(out) + "\n"


def _legend(report: Report, lang: str) -> list[str]:
    """What each family checks, what each status means, what 合规 means."""
    legend, families, statuses, _ = LEGEND_WORDS[lang]
    sep = "：" if lang == "zh" else ": "
    out = ["", f"### {legend}", "", f"**{families}**", ""]
    out += [f"- **{_escape(name)}** ({code}){sep}{_escape(what)}" for code, name, what in family_legend(report, lang)]
    out += ["", f"**{statuses}**", ""]
    out += [f"- {MARKS[st]} {st.label(lang)}{sep}{_escape(meaning)}" for st, meaning in status_legend(lang)]
    return out + ["", f"**{_escape(compliant_meaning(lang))}**"]
