"""``markdown``: the compliance table and the findings, for a merge-request
comment or a CI job summary."""

from __future__ import annotations

from ..model import Report, Status
from . import scores
from .base import Reporter
from .options import Options, display_path, short_location
from .summary import (
    change_text,
    compare_lines,
    family_cell,
    shown,
    status_text,
    summarize,
    title,
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
        s = summarize(report, options.fail_on)
        families = report.families
        sheet = scores.sheet_of(report)
        heading = (
            f"## unioncheck：{s['branches']} 个基层工会，合规 {s['compliant']} 个"
            if lang == "zh"
            else f"## unioncheck: {s['compliant']} of {s['branches']} branches compliant"
        )
        legend = " ".join(f"{MARKS[st]} {st.label(lang)}" for st in sorted(MARKS, key=lambda st: -st.rank))
        out = [
            heading,
            "",
            title(report, lang),
            "",
            *[line for text in compare_lines(report, lang) for line in (f"**{_escape(text)}**", "")],
            legend,
            "",
            "| "
            + " | ".join(
                [
                    ("基层工会" if lang == "zh" else "Branch"),
                    *families,
                    ("总体" if lang == "zh" else "Overall"),
                    *scores.matrix_head(sheet, lang),
                ]
            )
            + " |",
            "|" + "---|" * (len(families) + 2 + len(scores.matrix_head(sheet, lang))),
        ]
        for b in report.branches:
            cells = []
            for f in families:
                status, due = family_cell(b, f)
                cells.append("" if status is None else MARKS[status] + (f" {due}" if due else ""))
            cells += [MARKS[b.status], *scores.matrix_texts(sheet, b)]
            out.append("| " + " | ".join([_escape(b.code or display_path(b.file)), *cells]) + " |")
        findings = [(b, r) for b in report.branches for r in b.results if shown(r)]
        comparing = report.comparison is not None
        if findings:
            out += [
                "",
                "### 发现的问题" if lang == "zh" else "### Findings",
                "",
                "| "
                + " | ".join(
                    ("基层工会", "规则", "状态", *(("对比",) if comparing else ()), "说明", "位置")
                    if lang == "zh"
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
        attention = waiver_lines(report, lang)
        if attention:
            out += ["", "### 豁免" if lang == "zh" else "### Waivers", ""] + [
                f"- {_escape(line)}" for line in attention
            ]
        out += scores.markdown_lines(report, lang, _escape)
        return "\n".join(out) + "\n"
