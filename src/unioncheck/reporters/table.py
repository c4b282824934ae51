"""``--format table``: the compliance table (branches × families), the findings
behind every cell that is not a pass, and a summary."""

from __future__ import annotations

from tabulate import tabulate

from ..model import BranchReport, Report, Status
from .summary import summarize

_QUIET = (Status.PASS, Status.NA)
_HEAD = {
    "zh": ("基层工会", "总体", "规则", "状态", "说明", "位置", "截止"),
    "en": ("Branch", "Overall", "Rule", "Status", "Message", "Location", "Due"),
}


def _cell(branch: BranchReport, family: str, lang: str) -> str:
    status = branch.family_status(family)
    if status is None:
        return "—"
    text = status.label(lang)
    if status in (Status.PENDING, Status.WARN, Status.FAIL):
        dues = [r.due for r in branch.results if r.family == family and r.status == status and r.due]
        if dues:
            text += f" {min(dues)}"
    return text


class TableReporter:
    def render(self, report: Report, lang: str) -> str:
        head = _HEAD[lang]
        families = report.families
        title = (f"合规检查  参考日 {report.as_of}  审计期 {report.period_start} 至 {report.period_end}  配置 {report.profile}"
                 if lang == "zh" else
                 f"Compliance as of {report.as_of}, audit period {report.period_start} to {report.period_end}, profile {report.profile}")
        rows = [[b.code or b.file] + [_cell(b, f, lang) for f in families] + [b.status.label(lang)] for b in report.branches]
        out = [title, "", tabulate(rows, headers=[head[0], *families, head[1]], tablefmt="simple")]
        findings = [
            [b.code or b.file, r.rule, r.status.label(lang), r.message(lang), str(r.location) if r.location else b.file]
            for b in report.branches for r in b.results if r.status not in _QUIET
        ]
        if findings:
            out += ["", "发现的问题" if lang == "zh" else "Findings", "",
                    tabulate(findings, headers=[head[0], head[2], head[3], head[4], head[5]], tablefmt="simple",
                             maxcolwidths=[None, None, None, 70, None])]
        out += ["", self._summary(report, lang)]
        return "\n".join(out) + "\n"

    def _summary(self, report: Report, lang: str) -> str:
        s = summarize(report)
        labels = {st.value: st.label(lang) for st in Status}
        by_status = "，".join(f"{labels[k]} {v}" for k, v in s["findings"]["by_status"].items()) if lang == "zh" else \
            ", ".join(f"{v} {k}" for k, v in s["findings"]["by_status"].items())
        by_family = ", ".join(f"{k} {v}" for k, v in s["findings"]["by_family"].items()) or "—"
        if lang == "zh":
            return (f"汇总：{s['branches']} 个基层工会，合规 {s['compliant']} 个（无不合格、无错误）\n"
                    f"检查结果：{by_status}\n需关注（非通过）按规则族：{by_family}")
        return (f"Summary: {s['branches']} branches, {s['compliant']} compliant (no fail, no error)\n"
                f"Results: {by_status}\nNeeding attention by family: {by_family}")
