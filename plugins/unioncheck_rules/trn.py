"""TRN — 事务公开 / 会务公开: periodic and event postings are made on time and shown long enough.

The posting categories, what makes each fall due and how long it is shown
are the family parameter ``posting_categories``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from unioncheck import Param, Result, Status
from unioncheck import Text as T

from .branch import Branch, Posting
from .dates import days, period_of
from .registry import rule
from .values import DAYS, NAME

BASIS = (
    "卫生部关于全面推行医院院务公开的指导意见；重庆市厂务公开条例 第7、9条；山东省厂务公开条例 第12、14、21条；"
    "工会法 第45条"
)
PERIODIC = ("quarterly", "yearly_with_assistance")
EVENTS = ("congress", "plan", "election")
POSTING_CATEGORIES = Param(
    "posting_categories",
    {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "required": ["zh", "kind", "due_days", "min_days"],
            "properties": {
                "zh": NAME,
                "kind": {"enum": list(PERIODIC + EVENTS)},
                "due_days": {
                    "type": "integer",
                    "minimum": -366,
                    "maximum": 366,
                    "description": "days after the period ends or the event; negative: before",
                },
                "min_days": {"type": "integer", "minimum": 1, "maximum": 366},
            },
        },
    },
    T(
        "各公开类别：中文名 zh、类型 kind、截止天数 due_days（期间结束或事项之后，负数为之前）、最短公开天数 min_days",
        "each posting category: its Chinese name zh, kind, due_days (after the period ends or the event; negative: "
        "before) and the fewest days min_days it is shown",
    ),
)


@dataclass
class Due:
    """A posting that falls due: its category, what it covers, the date, and where to blame."""

    category: str
    covers: str
    date: dt.date
    path: tuple

    @property
    def subject(self) -> str:
        """What the finding is about, whatever its status: the category and what it covers."""
        return f"{self.category}/{self.covers}"


def _posting(branch: Branch, due: Due) -> Posting | None:
    """The earliest posting of ``due``'s category covering what it covers."""
    found = [p for p in branch.postings if p.category == due.category and p.covers == due.covers]
    return min(found, key=lambda p: p.start) if found else None


def _periodic_dues(branch: Branch, category: str, spec: dict, ctx) -> list[Due]:
    """The periodic postings that belong to the audit period, wherever their due dates fall: its
    quarters, or the year itself when assistance was paid in it; none for a period that ended
    before the branch was established."""
    offset = days(spec["due_days"])
    year = ctx.period_start.year
    if spec["kind"] == "quarterly":
        labels = [f"{year}-Q{q}" for q in range(1, 5)]
    else:
        paid = {a.date.year for a in (branch.hardship.assistance if branch.hardship else [])}
        labels = [str(year)] if year in paid else []
    established = branch.established_on or dt.date.min
    dues = []
    for label in labels:
        start, end = period_of(label)
        if ctx.period_start <= start and end <= ctx.period_end and end >= established:
            dues.append(Due(category, label, end + offset, ("postings",)))
    return dues


def _judge(branch: Branch, due: Due, name: T) -> Result | None:
    posting = _posting(branch, due)
    what = T(f"{name.zh} {due.covers}", f"{name.en} {due.covers}")
    if posting is None:
        return Result(
            Status.FAIL,
            what + T(f" 未公开（应于 {due.date} 前公开）", f" not posted (due by {due.date})"),
            due.date,
            path=due.path,
            subject=due.subject,
        )
    if posting.start > due.date:
        return Result(
            Status.FAIL,
            what
            + T(
                f" 于 {posting.start} 才公开，晚于期限 {due.date}",
                f" posted on {posting.start}, after the due date {due.date}",
            ),
            due.date,
            path=posting.path + ("from",),
            subject=due.subject,
        )
    return None


def _name(category: str, spec: dict) -> T:
    return T(spec["zh"], category)


@rule(
    "TRN001",
    "periodic-postings",
    "定期公开按时",
    "Periodic postings on time",
    BASIS,
    params=(
        POSTING_CATEGORIES,
        Param(
            "warn_days",
            DAYS,
            T("公开到期前多少天起为警告", "days before a posting falls due from which it is a warning"),
        ),
    ),
    what=T(
        "属于审计年度的每项定期公开（该年四个季度的工会经费收支；该年有帮扶发放时，该年的帮扶救助情况），"
        "无论截止日落在何时，都逐项判定：已按时公开（covers 为该期间，且不晚于截止日开始）为通过；"
        "尚未到期为待办，截止日前 warn_days 天内为警告；已到期而未公开或公开晚于截止日为不合格。"
        "审计年度结束后仍照此判定：审计 2025 年度时，2025 年四季度和 2025 年的帮扶救助在次年 1 月到期，"
        "不再检查 2024 年四季度和 2024 年的帮扶救助。",
        "Every periodic posting that belongs to the audit period (its four quarters' union accounts; its "
        "hardship aid, when aid was paid in it) is judged wherever its due date falls: posted on time (covers = "
        "the period, started by the due date) passes; not yet due is pending, a warning within warn_days of the "
        "due date; due and missing or late fails. This holds after the period has closed: auditing 2025, 2025-Q4 "
        "and the 2025 aid fall due in January 2026, and 2024-Q4 and the 2024 aid are no longer asked for.",
    ),
    why=T(
        "工会经费收支应定期向会员公布（工会法第45条）；帮扶救助情况按年度公开（厂务公开条例）。"
        "一个期间的公开义务属于该期间：年度检查看的是该年度的账目和帮扶是否都已公开。",
        "Union accounts are reported to members regularly (Trade Union Law art. 45); aid is published yearly "
        "(厂务公开 regulations). A period's obligations belong to that period: the yearly audit asks whether that "
        "year's accounts and aid were all posted.",
    ),
    fix=T(
        "在公开栏张贴该期间的公开内容，并在 postings 中登记类别、期间和起止日期。",
        "Post it on the notice board and record category, period and dates under postings.",
    ),
    example="""
postings:
  - {category: union_finance, covers: 2025-Q3, from: 2025-10-13, to: 2025-10-28, where: 院务公开栏}   # due 2025-10-30
  - {category: union_finance, covers: 2025-Q4, from: 2026-01-12, to: 2026-01-27, where: 院务公开栏}   # due 2026-01-30
""",
)
def periodic_postings(branch: Branch, ctx):
    results = []
    for category, spec in ctx.params["posting_categories"].items():
        if spec["kind"] not in PERIODIC:
            continue
        name = _name(category, spec)
        on_time, problems = [], []
        for due in _periodic_dues(branch, category, spec, ctx):
            posting = _posting(branch, due)
            if posting is not None and posting.start <= due.date:
                on_time.append((due, posting))
            elif due.date > ctx.as_of:
                left = (due.date - ctx.as_of).days
                problems.append(
                    Result(
                        Status.WARN if left <= ctx.params["warn_days"] else Status.PENDING,
                        T(
                            f"{name.zh} {due.covers} 须在 {due.date} 前公开",
                            f"{category} {due.covers} due by {due.date}",
                        ),
                        due.date,
                        path=due.path,
                        subject=due.subject,
                    )
                )
            else:
                problems.append(_judge(branch, due, name))
        if on_time:
            covered = "、".join(d.covers for d, _ in on_time)
            results.append(
                Result(
                    Status.PASS,
                    T(
                        f"{name.zh}：{covered} 共 {len(on_time)} 项均按时公开",
                        f"{category}: all {len(on_time)} postings on time ({', '.join(d.covers for d, _ in on_time)})",
                    ),
                    path=("postings",),
                    subject=category,
                )
            )
        results.extend(problems)
    return sorted(results, key=lambda r: r.due or dt.date.max) or [
        Result(Status.NA, T("审计年度没有应公开的定期事项", "no periodic posting belongs to the audit period"))
    ]


def _event_dues(branch: Branch, category: str, spec: dict, ctx) -> list[Due]:
    offset = days(spec["due_days"])
    if spec["kind"] == "congress":
        events = [(c.id, c.date, c.path) for c in branch.congresses]
    elif spec["kind"] == "plan":
        events = [(p.id, p.effective_from, p.path) for p in branch.plans]
    else:
        events = [(e.id, e.date, e.path) for e in branch.general_elections()]
    return [Due(category, event_id, day + offset, path) for event_id, day, path in events if ctx.in_period(day)]


@rule(
    "TRN002",
    "event-postings",
    "会务公开按时",
    "Event postings on time",
    BASIS,
    params=(POSTING_CATEGORIES,),
    what=T(
        "审计年度内的每个事项（职代会会议、生效的绩效工资方案、换届选举）都有对应的公开（covers 为事项 id），"
        "且不晚于截止日开始。",
        "Every event in the audit period (congress session, plan taking effect, general election) has its posting "
        "(covers = the event id) started by its due date.",
    ),
    why=T(
        "职代会决议会后公开；工资福利方案公示不少于 15 天；选举结果公布（厂务公开条例，医院院务公开指导意见）。",
        "Congress decisions are published after the session; pay plans are posted at least 15 days; election results "
        "are announced (厂务公开 regulations).",
    ),
    fix=T(
        "补充公开，并在 postings 中登记，covers 填事项 id。",
        "Post it and record it under postings with covers set to the event id.",
    ),
    example="""
postings:
  - {category: congress_resolutions, covers: C2025-1, from: 2025-03-17, to: 2025-04-01}   # session on 2025-03-14
""",
)
def event_postings(branch: Branch, ctx):
    results = []
    for category, spec in ctx.params["posting_categories"].items():
        if spec["kind"] not in EVENTS:
            continue
        name = _name(category, spec)
        for due in _event_dues(branch, category, spec, ctx):
            posting = _posting(branch, due)
            if posting is None and due.date > ctx.as_of:
                results.append(
                    Result(
                        Status.PENDING,
                        T(
                            f"{name.zh} {due.covers} 须在 {due.date} 前公开",
                            f"{category} {due.covers} due by {due.date}",
                        ),
                        due.date,
                        path=due.path,
                        subject=due.subject,
                    )
                )
                continue
            problem = _judge(branch, due, name)
            results.append(
                problem
                or Result(
                    Status.PASS,
                    T(
                        f"{name.zh} {due.covers} 已于 {posting.start} 公开",
                        f"{category} {due.covers} posted on {posting.start}",
                    ),
                    path=posting.path,
                    subject=due.subject,
                )
            )
    return results or [Result(Status.NA, T("审计年度内没有需公开的事项", "no event in the audit period"))]


@rule(
    "TRN003",
    "posting-duration",
    "公开时间足够",
    "Postings shown long enough",
    BASIS,
    params=(POSTING_CATEGORIES,),
    what=T(
        "审计年度内开始的每项公开，公开天数不少于该类别的最短天数（按日历天数，首尾都算）。",
        "Every posting in the audit period was shown for at least its category's minimum, in calendar days, both "
        "ends included.",
    ),
    why=T(
        "公开须有足够时间让职工知晓和监督（山东省厂务公开条例：不少于 15 天）。",
        "Staff need time to see and question a posting (Shandong 厂务公开 regulations: at least 15 days).",
    ),
    fix=T("延长公开期限，或补充公开至规定天数。", "Keep it posted, or post it again, for the full period."),
    example="""
  - {category: union_finance, covers: 2025-Q1, from: 2025-04-10, to: 2025-04-25}   # 16 days ≥ 15
""",
)
def posting_duration(branch: Branch, ctx):
    categories = ctx.params["posting_categories"]
    results = []
    for p in (p for p in branch.postings if ctx.in_period(p.start)):
        subject = f"{p.category}/{p.covers}"  # the posting, whatever is found of it
        spec = categories.get(p.category)
        if spec is None:
            results.append(
                Result(
                    Status.WARN,
                    T(
                        f"公开类别 {p.category} 不在配置中（可选：{'、'.join(categories)}）",
                        f"posting category {p.category} is not one of {', '.join(categories)}",
                    ),
                    path=p.path + ("category",),
                    subject=subject,
                )
            )
            continue
        need, label = spec["min_days"], f"{p.category} {p.covers}"
        if p.end is not None and p.end < p.start:
            results.append(
                Result(
                    Status.ERROR,
                    T(
                        f"{label} 的截止日 {p.end} 早于开始日 {p.start}，数据有误",
                        f"{label} ends on {p.end}, before it starts on {p.start}; fix the data",
                    ),
                    path=p.path + ("to",),
                    subject=subject,
                )
            )
            continue
        if p.end is None or p.end > ctx.as_of:
            so_far = (ctx.as_of - p.start).days + 1
            if so_far < need:
                until = p.start + days(need - 1)
                results.append(
                    Result(
                        Status.PENDING,
                        T(f"{label} 公开中，须至少公开至 {until}", f"{label} still posted; must stay up until {until}"),
                        until,
                        path=p.path,
                        subject=subject,
                    )
                )
                continue
            shown = so_far
        else:
            shown = (p.end - p.start).days + 1
        status = Status.PASS if shown >= need else Status.FAIL
        results.append(
            Result(
                status,
                T(f"{label} 公开 {shown} 天（至少 {need} 天）", f"{label} shown {shown} days (at least {need})"),
                path=p.path + ("to",),
                subject=subject,
            )
        )
    return results or [Result(Status.NA, T("审计年度内没有公开记录", "no posting in the audit period"))]
