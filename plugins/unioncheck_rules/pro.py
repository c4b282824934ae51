"""PRO — 职代会提案: congress proposals are decided by the proposals committee in time, and the handling
of the accepted ones is answered and reported to the next session.

A proposal (提案) is registered at a session (``congresses[].proposals``); the committee's decision is
accepted (立案), merged (并案, into another proposal) or declined (不立案). A decision, decision date or
answer dated after the reference date is not known yet (the branch view gives ``None``).
"""

from __future__ import annotations

from unioncheck import Param, Result, Status
from unioncheck import Text as T

from .branch import Branch, Congress, Proposal
from .dates import days
from .registry import rule
from .values import DAYS

BASIS = (
    "上海市职工代表大会条例 第12条(一)、第36条；河南省企业职工民主权利保障条例 第21条；"
    "学校教职工代表大会规定 第7条(五)；县卫生健康局工会：提案委员会确保每条提案都得到妥善处理"
)
DECISIONS = {"accepted": T("立案", "accepted"), "merged": T("并案", "merged"), "declined": T("不立案", "declined")}
NEEDS_REASON = {  # a decision that says nothing of where the proposal went is no decision the proposer can follow
    "declined": T("不立案，但未写明理由", "declined without a reason"),
    "merged": T("并案，但未写明并入哪件提案", "merged without saying into which proposal"),
}


def _sessions(branch: Branch, ctx) -> list[Congress]:
    return [c for c in branch.congresses if ctx.in_period(c.date)]


def _judge(p: Proposal, session: Congress, due, ctx) -> Result | None:
    """The finding on one proposal: None when it was decided in time, as it should be."""
    limit = ctx.params["decide_days"]
    problems = []  # (what is wrong, the field to blame)
    if p.decision in NEEDS_REASON and not (p.reason or "").strip():  # a blank reason says nothing either
        problems.append((NEEDS_REASON[p.decision], ("reason",)))
    if p.decision is not None and p.decided_on is not None:
        late = (p.decided_on - session.date).days
        if late > limit:
            problems.append(
                (
                    T(
                        f"于 {p.decided_on} 审查，会后 {late} 天，超过 {limit} 天",
                        f"decided on {p.decided_on}, {late} days after session {session.id}, more than {limit}",
                    ),
                    ("decided_on",),
                )
            )
    elif ctx.as_of <= due and not problems:
        lacks, field = _undated(p)
        return Result(
            Status.PENDING,
            T(
                f"{p.id} {lacks.zh}，须在 {due} 前审查（会后 {limit} 天内）",
                f"{p.id} {lacks.en}: to be decided by {due} (within {limit} days of {session.id})",
            ),
            due,
            path=p.path + field,
            subject=p.id,
        )
    elif ctx.as_of > due:
        lacks, field = _undated(p)
        waited = (ctx.as_of - session.date).days
        lacks += T(
            f"：会后已 {waited} 天，应于 {due} 前审查（{limit} 天内）",
            f": {waited} days after session {session.id}, due by {due} (within {limit} days)",
        )
        problems.append((lacks, field))
    if not problems:
        return None
    return Result(
        Status.FAIL,
        T(f"{p.id} " + "；".join(t.zh for t, _ in problems), f"{p.id} " + "; ".join(t.en for t, _ in problems)),
        due,
        path=p.path + problems[0][1],
        subject=p.id,
    )


def _undated(p: Proposal) -> tuple[T, tuple]:
    """What a proposal without a dated decision lacks, and the field to blame."""
    if p.decision is not None:  # a result without its date is not shown to be within the limit
        name = DECISIONS[p.decision]
        return T(f"审查结果（{name.zh}）未登记审查日期", f"{name.en}, but the decision is undated"), ("decided_on",)
    if p.decided_on is not None:
        return T(f"登记了审查日期 {p.decided_on}，但没有审查结果", f"dated {p.decided_on} but no decision"), (
            "decision",
        )
    return T("尚未审查", "not decided yet"), ()


@rule(
    "PRO001",
    "proposals-decided",
    "职代会提案按时审查",
    "Congress proposals decided in time",
    BASIS,
    params=(
        Param(
            "decide_days",
            DAYS,
            T("会后多少天内提案委员会须作出审查结果", "days after the session within which each proposal is decided"),
        ),
    ),
    what=T(
        "审计年度内召开的每次会议登记的每件提案，都有审查结果（立案、并案，或写明理由的不立案；并案也须写明并入哪件"
        "提案），审查日期不晚于会议日期加 decide_days 天（会前审查的也算）。尚未审查而未到期的为待办（显示截止日）；"
        "到期仍未审查、审查过晚、不立案或并案没有理由的为不合格。有审查结果而没有审查日期的，到期后同样不合格："
        "无法确认按时审查。参考日之后的审查结果视为尚未作出。",
        "Every proposal registered at a session dated in the audit period has a decision (accepted, merged, or "
        "declined with a reason; a merge also says into which proposal) dated on or before the session date plus "
        "decide_days (a review before the session counts). Undecided and not yet due: pending, with the due date. "
        "Still undecided when due, decided late, declined or merged without a reason: a failure. A decision "
        "without a date fails once due as well, not being shown in time. A decision dated after as_of is not "
        "known yet.",
    ),
    why=T(
        "提案委员会应确保每条提案都得到妥善处理；闭会期间工会受理提案并督促办理（参照上海市职工代表大会条例"
        "第36条）。不立案的理由、并案的去向须告知提案人。",
        "The proposals committee sees that every proposal is properly handled; between sessions the union receives "
        "proposals and presses for their handling (benchmark: Shanghai congress regulations art. 36). A proposer "
        "is told why a proposal was declined, or which one it was merged into.",
    ),
    fix=T(
        "由提案委员会审查提案，在 proposals 中登记 decision、decided_on；"
        "不立案或并案的在 reason 中写明理由或并入的提案。",
        "Have the proposals committee decide each proposal and record decision and decided_on under proposals; "
        "for a declined or merged one, write the reason, or the proposal it joined, in reason.",
    ),
    example="""
congresses:
  - id: C2025-1
    date: 2025-03-14
    proposals:
      - {id: C2025-1-T01, title: 关于改善夜班值班室条件的提案, decision: accepted, decided_on: 2025-04-08}  # 25 days
      - {id: C2025-1-T02, title: 关于增设职工食堂窗口的提案, decision: declined, decided_on: 2025-04-08,
         reason: 已纳入医院后勤改造计划，不单独立案}
      - {id: C2025-1-T03, title: 关于夜班补助的提案, decision: merged, decided_on: 2025-04-08,
         reason: 并入 C2025-1-T01}
""",
)
def proposals_decided(branch: Branch, ctx):
    sessions = _sessions(branch, ctx)
    if not sessions:
        return [Result(Status.NA, T("审计年度内没有职代会会议", "no congress session in the audit period"))]
    limit = ctx.params["decide_days"]
    results = []
    for session in (s for s in sessions if s.proposals):
        due = session.date + days(limit)
        problems = [r for r in (_judge(p, session, due, ctx) for p in session.proposals) if r]
        if problems:
            results.extend(problems)
            continue
        latest = max(p.decided_on for p in session.proposals)
        results.append(
            Result(
                Status.PASS,
                T(
                    f"{session.id} 的 {len(session.proposals)} 件提案均已在会后 {limit} 天内审查（最晚 {latest}）",
                    f"every proposal of {session.id} ({len(session.proposals)}) decided within {limit} days, "
                    f"the last on {latest}",
                ),
                path=session.path + ("proposals",),
                subject=session.id,
            )
        )
    return results or [
        Result(
            Status.NA,
            T(
                f"审计年度内的会议（{'、'.join(s.id for s in sessions)}）没有登记提案",
                f"no proposal registered at the sessions of the audit period ({', '.join(s.id for s in sessions)})",
            ),
        )
    ]


def _before(branch: Branch, session: Congress) -> Congress | None:
    """The session before ``session``: the latest dated strictly before it, in any year."""
    earlier = [c for c in branch.congresses if c.date < session.date]
    return max(earlier, key=lambda c: c.date) if earlier else None


def _handled(session: Congress, earlier: Congress, accepted: list[Proposal]) -> list[Result]:
    """The accepted proposals of ``earlier`` answered by ``session``'s date, and the session's report on them."""
    label = T(f"{session.id}（{session.date}）", f"{session.id} ({session.date})")
    unanswered = [p for p in accepted if p.answered_on is None or p.answered_on > session.date]
    report = next((r for r in session.resolutions if r.subject == "proposals_handling"), None)
    results = []
    if unanswered:
        ids = [p.id for p in unanswered]
        which = "the proposal" if len(accepted) == 1 else f"{len(ids)} of the {len(accepted)} proposals"
        results.append(
            Result(
                Status.FAIL,
                T(
                    f"{earlier.id} 立案的 {len(accepted)} 件提案中 {len(ids)} 件（{'、'.join(ids)}）"
                    f"在 {label.zh}前未答复",
                    f"{which} accepted at {earlier.id} ({', '.join(ids)}) not answered by {label.en}",
                ),
                session.date,
                path=unanswered[0].path + ("answered_on",),  # or the proposal, where it has none
                subject=f"{session.id}/answers",
            )
        )
    if report is None:
        results.append(
            Result(
                Status.FAIL,
                T(
                    f"{label.zh}没有审议提案办理情况的决议（{earlier.id} 立案 {len(accepted)} 件）",
                    f"{label.en} has no resolution on the handling of proposals ({len(accepted)} accepted at "
                    f"{earlier.id})",
                ),
                session.date,
                path=session.path + ("resolutions",),
                subject=f"{session.id}/report",
            )
        )
    return results or [
        Result(
            Status.PASS,
            T(
                f"{earlier.id} 立案的 {len(accepted)} 件提案均在 {label.zh}前答复，"
                f"{session.id} 审议了提案办理情况（{report.id}）",
                f"every proposal accepted at {earlier.id} ({len(accepted)}) answered by {label.en}, which heard "
                f"the report on their handling ({report.id})",
            ),
            path=report.path,
            subject=session.id,
        )
    ]


@rule(
    "PRO002",
    "proposals-reported",
    "提案办理情况向下次大会报告",
    "Handling of proposals reported to the next session",
    BASIS,
    what=T(
        "审计年度内召开的每次会议：上一次会议（在它之前召开的最近一次，不论年度）立案的提案，都已在本次会议当天或之前"
        "答复提案人（answered_on），且本次会议有审议提案办理情况的决议（subject 为 proposals_handling）。"
        "之前没有会议、或上一次会议没有立案提案的，不适用。",
        "For each session dated in the audit period: the proposals accepted at the session before it (the latest "
        "dated before it, in any year) were answered (answered_on) on or before its date, and it has a resolution "
        "with subject proposals_handling. Not applicable when no session precedes it or the earlier one accepted "
        "no proposal.",
    ),
    why=T(
        "职代会听取、审议提案办理情况的报告（参照上海市职工代表大会条例第12条(一)、学校教职工代表大会规定第7条(五)），"
        "提案办理情况向下次大会报告（参照河南省企业职工民主权利保障条例第21条）。",
        "The congress hears and reviews the report on how proposals were handled (benchmarks: Shanghai congress "
        "regulations art. 12(1), school staff congress provisions art. 7(5)), reported to the next session "
        "(Henan workers' democratic rights regulations art. 21).",
    ),
    fix=T(
        "在下次会议前把办理结果答复提案人并登记 answered_on；会上审议提案办理情况报告，"
        "登记 subject 为 proposals_handling 的决议。",
        "Answer each proposer before the next session and record answered_on; have the session review the report "
        "on the handling of proposals and record it as a resolution with subject proposals_handling.",
    ),
    example="""
congresses:
  - id: C2024-1
    date: 2024-03-22
    proposals:
      - {id: C2024-1-T01, title: 关于改善夜班值班室条件的提案, decision: accepted, decided_on: 2024-04-08,
         answered_on: 2024-09-20}
  - id: C2025-1
    date: 2025-03-14
    resolutions:
      - {id: C2025-1-R3, subject: proposals_handling, title: 审议上一次大会提案办理情况报告,
         votes_for: 58, votes_against: 0, abstentions: 3}
""",
)
def proposals_reported(branch: Branch, ctx):
    sessions = _sessions(branch, ctx)
    if not sessions:
        return [Result(Status.NA, T("审计年度内没有职代会会议", "no congress session in the audit period"))]
    results = []
    for session in sessions:
        earlier = _before(branch, session)
        accepted = [p for p in earlier.proposals if p.decision == "accepted"] if earlier else []
        if earlier is None:
            message = T(f"{session.id} 之前没有会议记录", f"no session on record before {session.id}")
        elif not accepted:
            message = T(
                f"上一次会议 {earlier.id} 没有立案的提案",
                f"the session before {session.id}, {earlier.id}, accepted no proposal",
            )
        else:
            results.extend(_handled(session, earlier, accepted))
            continue
        results.append(Result(Status.NA, message, path=session.path, subject=session.id))
    return results
