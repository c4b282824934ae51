"""Counts every format reports the same way, and the labels of results they share."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..gate import fails_gate
from ..model import Report, Result, Status
from .options import display_path

NOT_COMPLIANT = (Status.FAIL, Status.ERROR)


def summarize(report: Report, fail_on: str = "fail") -> dict:
    """The counts every format shows (from the report's tally: the branches are not walked again)."""
    tally = report.counts()
    results: Counter = Counter()
    by_family: Counter = Counter()
    known = new = 0
    for (status, family, is_known, _change), n in tally.results.items():
        results[status.value] += n
        if status in ADVISED:  # needing attention: the problems to act on, not the to-do list
            by_family[family] += n
        if is_known is not None:
            known += n if is_known else 0
            new += n if fails_gate(status, is_known, fail_on) else 0
    summary = {
        "branches": sum(tally.branches.values()),
        "compliant": sum(n for s, n in tally.branches.items() if s not in NOT_COMPLIANT),
        "compliant_with": {"warn": tally.compliant_warned, "pending": tally.compliant_pending},
        "by_status": _ordered(Counter({s.value: n for s, n in tally.branches.items()})),
        "findings": {
            "by_status": _ordered(results),
            "by_family": {f: by_family[f] for f in report.families if by_family[f]},
        },
    }
    if report.comparison is not None:
        summary["compare"] = {
            **report.comparison,
            "gone": len(report.comparison["gone"]),
            **report.comparison["counts"],
        }
    if any(is_known is not None for _, _, is_known, _ in tally.results):
        summary["findings"]["known"] = known
        summary["findings"]["new"] = new
    return summary


def _ordered(counts: Counter) -> dict:
    return {s.value: counts[s.value] for s in sorted(Status, key=lambda s: -s.rank) if counts[s.value]}


CHANGES = {
    "new": ("新增", "new"),
    "fixed": ("已修复", "fixed"),
    "open": ("仍存在", "still open"),
    "changed": ("状态改变", "status changed"),
}


def status_text(result: Result, lang: str) -> str:
    """The status as shown beside a finding: with (known) for baseline findings. What --compare
    says of it is its own column (``change_text``): a status cell keeps its status."""
    text = result.status.label(lang)
    if result.known:
        text += "（已知）" if lang == "zh" else " (known)"
    return text


def change_text(result: Result, lang: str) -> str:
    """What --compare says of a result: new, fixed, still open, or its status changed (from what)."""
    if result.change not in CHANGES:
        return ""
    text = CHANGES[result.change][0 if lang == "zh" else 1]
    if result.change in ("changed", "fixed") and result.was:
        try:
            was = Status(result.was).label(lang)
        except ValueError:
            was = result.was
        text += f"（原为{was}）" if lang == "zh" else f" (was {was})"
    return text


def compare_lines(report: Report, lang: str) -> list[str]:
    """The comparison's headline, as lines: the counts and branches, then any warning that the
    two reports are not like for like. Empty without --compare."""
    c = report.comparison
    if c is None:
        return []
    n, zh = c["counts"], lang == "zh"
    before = c["previous"]["as_of"]
    failing = ("、" if zh else ", ").join(c["newly_failing"]) or ("无" if zh else "none")
    fixed = ("、" if zh else ", ").join(c["newly_fixed"]) or ("无" if zh else "none")
    if zh:
        lines = [
            f"与 {before} 的报告相比：新增问题 {n['new']} 项，已修复 {n['fixed']} 项，仍存在 {n['open']} 项，"
            f"状态改变 {n['changed']} 项；新不合格的基层工会：{failing}；转为合格的：{fixed}"
        ]
        if n.get("earlier"):
            lines.append(f"之前报告中另有 {n['earlier']} 项问题的期限在本次审计期之前，本次不再检查，未计为已修复")
    else:
        lines = [
            f"Compared with the report of {before}: {n['new']} new problems, {n['fixed']} fixed, {n['open']} still "
            f"open, {n['changed']} changed status; newly failing branches: {failing}; newly compliant: {fixed}"
        ]
        if n.get("earlier"):
            lines.append(
                f"{n['earlier']} more problems of the earlier report fell due before this audit period: not judged "
                "now, and not counted as fixed"
            )
    return lines + [("注意：" if zh else "Note: ") + w["zh" if zh else "en"] for w in c.get("warnings", [])]


FIXED_HEADERS = {
    "zh": ("已修复：之前报告中的问题，本次不再出现", ("基层工会", "规则", "原状态", "原说明")),
    "en": ("Fixed: problems of the earlier report that no longer appear", ("Branch", "Rule", "Was", "Then")),
}


def fixed_rows(report: Report, lang: str) -> list[tuple[str, str, str, str]]:
    """The earlier report's problems that no longer appear at all (``compare`` counts them as
    fixed): branch, rule, the status and the message then. Empty without --compare."""
    c = report.comparison
    if c is None:
        return []
    return [
        (g["branch"], g["rule"], Status(g["status"]).label(lang), g["message"] or "")
        for g in c["gone"]
        if g["change"] == "fixed"
    ]


def waiver_text(result: Result, lang: str) -> str:
    w = result.waiver
    if not w:
        return ""
    return (
        f"豁免：{w.reason}（{w.approved_by} {w.document}，有效至 {w.expires}）"
        if lang == "zh"
        else f"waived: {w.reason} ({w.approved_by} {w.document}, until {w.expires})"
    )


def family_cell(branch, family: str):
    """(status, due) of a matrix cell: the family's worst status, and the earliest due date at that status."""
    status = branch.family_status(family)
    if status is None:
        return None, None
    dues = [r.due for r in branch.results if r.family == family and r.status == status and r.due]
    shows_due = status in (Status.PENDING, Status.WARN, Status.FAIL)
    return status, (min(dues) if dues and shows_due else None)


QUIET = (Status.PASS, Status.NA)


def shown(result: Result) -> bool:
    """Whether a findings list shows the result: not a pass or n/a, unless it was just fixed."""
    return result.status not in QUIET or result.change == "fixed"


def title(report: Report, lang: str) -> str:
    """The heading of a text report (the table, Markdown): the title, then the reference date,
    the audit period and the profile (no time: the same inputs print the same text)."""
    profile = f"配置 {report.profile.name}" if lang == "zh" else f"profile {report.profile.name}"
    return f"{heading(report, lang)}\n{subheading(report, lang)} · {profile}"


def waiver_lines(report: Report, lang: str) -> list[str]:
    """One line per waiver that needs attention: expired, unused, or expiring soon."""
    names = {
        "expired": ("已过期，不再适用", "expired: no longer applies"),
        "unused": ("未匹配任何结果", "matches nothing"),
        "expiring": ("即将到期", "expires soon"),
    }
    lines = []
    for w in report.waivers:
        state = w.state(report.as_of)
        if state in names:
            label = names[state][0 if lang == "zh" else 1]
            lines.append(f"{w.branch} {w.rule} ({w.document}, {w.expires}): {label} — {display_path(w.file)}:{w.line}")
    return lines


# What a report calls a problem, a to-do and compliant: one meaning in every format.
PROBLEMS = (Status.ERROR, Status.FAIL, Status.WARN, Status.WAIVED)  # the findings list (waived ones shown as such)
TODO = (Status.PENDING,)  # upcoming obligations: not yet due and not close, with their due dates
ADVISED = (Status.ERROR, Status.FAIL, Status.WARN)  # action due now or within the warning window


def is_problem(result: Result) -> bool:
    """A finding to fix or to know of: an error, a fail, a warning, or a waived fail or warning."""
    return result.status in PROBLEMS


def is_todo(result: Result) -> bool:
    """An obligation that is not due yet (pending): the to-do list, never the problems."""
    return result.status in TODO


def shows_advice(result: Result) -> bool:
    """Whether the report says what to do (整改建议): only where action is due now or within the
    warning window; a pending item far off gets its due date, not advice to act years early."""
    return result.status in ADVISED


def is_compliant(branch) -> bool:
    """合规: no fail and no error. Warnings and pending items do not make a branch non-compliant;
    they are shown as what they are."""
    return branch.status not in NOT_COMPLIANT


def in_findings(result: Result) -> bool:
    """Whether the findings list (问题清单) shows the result: a problem, or, with --compare, one just fixed."""
    return is_problem(result) or result.change == "fixed"


# ---- what a reader sees first: the title, the legend, the matrix's columns ------------------------


def audit_year(report: Report) -> str:
    """The audit's year as a title says it: ``2025``, or ``2024–2025`` for a period across years."""
    start, end = report.period_start.year, report.period_end.year
    return str(end) if start == end else f"{start}–{end}"


def union_name(report: Report, lang: str) -> str:
    union = getattr(report.profile, "union", None)
    return union(lang) if union is not None else ""


def heading(report: Report, lang: str) -> str:
    """The document's title: 「县卫生健康局工会 2025 年度基层工会合规检查」."""
    union = union_name(report, lang)
    if lang == "zh":
        return f"{union} {audit_year(report)} 年度基层工会合规检查".strip()
    return f"{union + ': ' if union else ''}branch union compliance audit {audit_year(report)}"


def subheading(report: Report, lang: str, made: bool = False) -> str:
    """The line under the title: reference date and audit period, and when the report was made
    (``made``: the workbook and the page only, never a machine format)."""
    from ..clock import made_text

    zh = lang == "zh"
    parts = [
        f"参考日 {report.as_of}" if zh else f"as of {report.as_of}",
        f"审计期 {report.period_start} 至 {report.period_end}"
        if zh
        else f"audit period {report.period_start} to {report.period_end}",
    ]
    if made and report.made_at is not None:
        when = made_text(report.made_at, lang)
        parts.append(f"生成于 {when}" if zh else f"made {when}")
    return " · ".join(parts)


STATUS_MEANINGS = {
    Status.PASS: ("符合要求", "meets the requirement"),
    Status.PENDING: ("尚未到期，须在截止日期前完成", "not due yet: to be done by the due date shown"),
    Status.WARN: (
        "即将到期（在提醒期内），或有瑕疵但不违反规定",
        "due soon (within the warning window), or a defect that does not break the rule",
    ),
    Status.FAIL: ("不符合规定，须整改", "breaks the rule: to be put right"),
    Status.ERROR: ("数据缺失或无法读取，无法判断", "the data cannot be judged (missing or unreadable)"),
    Status.NA: ("本单位不涉及此项", "does not apply to this branch"),
    Status.WAIVED: ("经县工会批准豁免", "exempted by the bureau union (waiver)"),
}
LEGEND_ORDER = (Status.PASS, Status.PENDING, Status.WARN, Status.FAIL, Status.ERROR, Status.NA, Status.WAIVED)
COMPLIANT_MEANING = (
    "合规：没有不合格、没有错误（警告和待办不影响合规，照常列出）",
    "Compliant: no fail and no error (warnings and pending items do not count against it and are listed as such)",
)
LEGEND_WORDS = {
    "zh": ("图例", "规则族", "状态", "合规"),
    "en": ("Legend", "Families", "Statuses", "Compliant"),
}


def family_legend(report: Report, lang: str) -> list[tuple[str, str, str]]:
    """(code, name, what it checks) of every family: the name from the plugin, what it checks
    from its rules' titles."""
    out = []
    for family in report.families:
        titles = [r.title(lang) for r in report.rules if r.family == family]
        out.append((family, report.family_name(family, lang), ("；" if lang == "zh" else "; ").join(titles)))
    return out


def status_legend(lang: str) -> list[tuple[Status, str]]:
    """(status, what it means), in the order a reader meets them."""
    return [(s, STATUS_MEANINGS[s][0 if lang == "zh" else 1]) for s in LEGEND_ORDER]


def compliant_meaning(lang: str) -> str:
    return COMPLIANT_MEANING[0 if lang == "zh" else 1]


def yes_no(value: bool, lang: str) -> str:
    return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")


def compliance_line(report: Report, lang: str, fail_on: str = "fail") -> str:
    """How many branches are compliant and, of those, how many have warnings or pending items:
    「14 个基层工会，合规 5 个（其中有警告 2 个、有待办 3 个）」."""
    s = summarize(report, fail_on)
    n, ok = s["branches"], s["compliant"]
    warned, pending = s["compliant_with"]["warn"], s["compliant_with"]["pending"]
    if lang == "zh":
        return f"{n} 个基层工会，合规 {ok} 个（其中有警告 {warned} 个、有待办 {pending} 个）"
    return f"{n} branches, {ok} compliant (of which {warned} with warnings, {pending} with pending items)"


@dataclass(frozen=True)
class Column:
    """A column of the compliance matrix: its header (and a small second line), its width in a
    workbook, and what it shows of a branch: (text, the status that colours it, or None)."""

    key: str
    header: str
    sub: str
    width: int
    cell: Callable
    value: Callable | None = None  # what a workbook writes where a number is wanted (得分, 排名); else the text


def matrix_columns(report: Report, lang: str) -> list[Column]:
    """The matrix's columns after the branch: one per family, 总体, 合规. Columns of later
    parts (得分, 排名) are appended to this list."""

    def family(code):
        def cell(branch):
            status, due = family_cell(branch, code)
            if status is None:
                return "—", None
            return status.label(lang) + (f" {due}" if due else ""), status

        return cell

    zh = lang == "zh"
    columns = [Column(f, report.family_name(f, lang), f, 16, family(f)) for f in report.families]
    columns.append(Column("overall", "总体" if zh else "Overall", "", 10, lambda b: (b.status.label(lang), b.status)))
    columns.append(
        Column("compliant", "合规" if zh else "Compliant", "", 8, lambda b: (yes_no(is_compliant(b), lang), None))
    )
    from .scores import matrix_columns as score_columns  # 得分, 排名: where the profile has a score sheet

    return columns + score_columns(report, lang)


def todo_items(report: Report) -> list[tuple]:
    """The to-do list: (branch, result) of every pending obligation, by due date, the same date
    of the same branch and family listed once."""
    seen, out = set(), []
    for branch in report.branches:
        for r in branch.results:
            if not is_todo(r):
                continue
            key = (branch.code or branch.file, r.due, r.family)
            if r.due is not None and key in seen:
                continue
            seen.add(key)
            out.append((branch, r))
    return sorted(out, key=lambda br: (br[1].due or report.as_of, br[0].code or "", br[1].rule))


def days_left(report: Report, result: Result):
    return (result.due - report.as_of).days if result.due else None
