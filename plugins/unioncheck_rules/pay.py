"""PAY — 奖励性绩效工资分配方案: every plan in force was approved by a valid congress vote."""

from __future__ import annotations

from fractions import Fraction

from unioncheck import Param, Result, Status
from unioncheck import Text as T

from .branch import Branch, Congress, Plan
from .cgr import quorum_of
from .registry import rule

BASIS = "人社部发〔2009〕182号；公立医院薪酬制度改革（2021）；上海市职工代表大会条例 第11、31条"


def majority_base(session: Congress, majority_of: str) -> tuple[int, T]:
    """What a resolution needs more than half of under PAY002's ``majority_of``, and whom that counts."""
    if majority_of == "all_delegates":
        return session.delegates_total, T("全体代表", "all delegates")
    return session.delegates_present, T("实到代表", "delegates present")


def more_than_half(votes: int, base: int) -> bool:
    return votes > Fraction(base, 2)


def approval_problem(session: Congress, resolution, subject: str, quorum, by, by_words: T) -> T | None:
    """What keeps ``resolution`` of ``session`` from approving a thing (a plan, a contract): it is about another
    ``subject``, the session came after ``by`` (the day the thing took effect or was signed, named ``by_words``),
    or the session had no quorum; None when none of these. PAY001 and CON002 ask it."""
    need = quorum_of(session, quorum)
    if resolution.subject != subject:
        return T(
            f"决议 {resolution.id} 的主题是 {resolution.subject}，不是 {subject}",
            f"resolution {resolution.id} is about {resolution.subject}, not {subject}",
        )
    if session.date > by:
        return T(
            f"会议 {session.id}（{session.date}）晚于{by_words.zh} {by}",
            f"session {session.id} ({session.date}) came after {by_words.en} {by}",
        )
    if session.delegates_present < need:
        return T(
            f"会议 {session.id} 未达法定人数（实到 {session.delegates_present}，需 {need}），其决议无效",
            f"session {session.id} had no quorum ({session.delegates_present} present, {need} needed): its "
            "resolutions do not count",
        )
    return None


def plans_in_force(branch: Branch, ctx) -> list[Plan]:
    """Plans in force at any time in the audit period (up to the reference date)."""
    return [
        p for p in branch.plans if p.effective_from <= ctx.period_end and (p.ends is None or p.ends >= ctx.period_start)
    ]


@rule(
    "PAY001",
    "pay-plan-approved",
    "绩效工资分配方案经职代会通过",
    "Performance-pay plan approved by the congress",
    BASIS,
    what=T(
        "审计年度内任何时候有效的每个方案，approved_by 须指向一项主题为 performance_pay 的决议，"
        "该决议所在会议达到法定人数（CGR002），且会议日期不晚于方案的 effective_from。审计年度内没有有效方案为不合格。",
        "Every plan in force at any time in the audit period has approved_by naming a resolution with subject "
        "performance_pay, in a session with quorum (CGR002), dated on or before the plan's effective_from. No plan "
        "in force in the period is a failure.",
    ),
    why=T(
        "奖励性绩效工资分配方案须经职工代表大会讨论通过并在单位内公开（人社部发〔2009〕182号，"
        "2021年公立医院薪酬制度改革）。",
        "Distribution plans are discussed and passed by the congress and made public in the unit (MOHRSS 2009 No. "
        "182; 2021 public-hospital pay reform).",
    ),
    fix=T(
        "在方案生效前提交职代会表决，并在 approved_by 中填写该决议的 id。",
        "Put the plan to the congress before it takes effect, and give that resolution's id in approved_by.",
    ),
    example="""
performance_pay_plans:
  - id: P2025
    effective_from: 2025-04-01
    approved_by: C2025-1-R2   # a performance_pay resolution of session C2025-1 (2025-03-14)
""",
)
def plan_approved(branch: Branch, ctx):
    plans = plans_in_force(branch, ctx)
    if not plans:
        return [
            Result(
                Status.FAIL,
                T(
                    f"{ctx.period_start.year} 年没有有效的绩效工资分配方案",
                    f"no performance-pay plan in force in {ctx.period_start.year}",
                ),
                path=("performance_pay_plans",),
                subject=str(ctx.period_start.year),
            )
        ]
    quorum = ctx.param_of("CGR002", "quorum")
    results = []
    for plan in plans:
        at = plan.path + ("approved_by",)
        found = branch.resolutions.get(plan.approved_by) if plan.approved_by else None
        if plan.approved_by is None:
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"{plan.id}：没有填写批准该方案的职代会决议（approved_by）",
                        f"{plan.id}: no approving resolution (approved_by)",
                    ),
                    path=plan.path,
                )
            )
        elif found is None:
            results.append(
                Result(
                    Status.ERROR,
                    T(
                        f"{plan.id}：approved_by {plan.approved_by} 不是任何会议的决议 id",
                        f"{plan.id}: approved_by {plan.approved_by} names no resolution",
                    ),
                    path=at,
                )
            )
        else:
            session, resolution = found
            problem = approval_problem(
                session,
                resolution,
                "performance_pay",
                quorum,
                plan.effective_from,
                T("方案生效日", "the plan took effect on"),
            )
            if problem is None:
                results.append(
                    Result(
                        Status.PASS,
                        T(
                            f"{plan.id}：经 {session.id}（{session.date}）决议 {resolution.id} 通过",
                            f"{plan.id}: approved by {resolution.id} at {session.id} on {session.date}",
                        ),
                        path=at,
                    )
                )
                continue
            results.append(Result(Status.FAIL, T(f"{plan.id}：", f"{plan.id}: ") + problem, path=at))
    return results


@rule(
    "PAY002",
    "pay-plan-majority",
    "方案以全体代表过半数通过",
    "Plan passed by a majority of all delegates",
    BASIS,
    params=(
        Param(
            "majority_of",
            {"enum": ["all_delegates", "present"]},
            T(
                "决议过半数的基数：全体代表（all_delegates）或实到代表（present）",
                "what a resolution needs a majority of: all delegates (all_delegates) or those present (present)",
            ),
        ),
    ),
    what=T(
        "批准方案的决议赞成票 > 全体代表（不是实到代表）的一半。赞成、反对、弃权之和多于实到人数为数据错误。",
        "The approving resolution had votes_for > ½ × delegates_total (all delegates, not those present). votes_for "
        "+ votes_against + abstentions > delegates_present is a data error.",
    ),
    why=T(
        "职代会表决事项须经全体代表过半数通过（上海市职工代表大会条例第31条）。",
        "A congress decision passes with more than half of all delegates (Shanghai regulations art. 31).",
    ),
    fix=T(
        "核对计票结果；未获全体代表过半数赞成的方案须重新表决。",
        "Check the count; a plan without a majority of all delegates must be voted on again.",
    ),
    example="""
congresses:
  - delegates_total: 68
    resolutions:
      - id: C2025-1-R2
        votes_for: 57        # > 34
""",
)
def plan_majority(branch: Branch, ctx):
    results = []
    for plan in plans_in_force(branch, ctx):
        found = branch.resolutions.get(plan.approved_by or "")
        if found is None:
            continue
        session, r = found
        path = r.path + ("votes_for",)
        cast = r.votes_for + r.votes_against + r.abstentions
        if cast > session.delegates_present:
            results.append(
                Result(
                    Status.ERROR,
                    T(
                        f"{r.id}：赞成 {r.votes_for}、反对 {r.votes_against}、弃权 {r.abstentions} 合计 {cast}，"
                        f"多于实到 {session.delegates_present} 人，数据有误",
                        f"{r.id}: {cast} votes cast ({r.votes_for} for, {r.votes_against} against, {r.abstentions} "
                        f"abstaining) but only {session.delegates_present} present; fix the data",
                    ),
                    path=path,
                )
            )
            continue
        base, whom = majority_base(session, ctx.params["majority_of"])
        passed = more_than_half(r.votes_for, base)
        results.append(
            Result(
                Status.PASS if passed else Status.FAIL,
                T(
                    f"{plan.id}：赞成 {r.votes_for} 票，{whom.zh} {base} 人，{'超过' if passed else '未超过'}半数",
                    f"{plan.id}: {r.votes_for} votes for out of {base} {whom.en}, {'more' if passed else 'not more'} "
                    "than half",
                ),
                path=path,
            )
        )
    if not results:
        return [Result(Status.NA, T("没有可核对表决结果的方案", "no approved plan whose vote can be checked"))]
    return results
