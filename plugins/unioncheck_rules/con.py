"""CON — 集体合同: a general contract where the county requires one; every contract in force in the
audit period passed by a valid congress vote, submitted and in force on time, of a lawful term and
renewed before it runs out, with women workers' rights provided for.

Counting: a contract's period of validity (``effective_from`` … ``effective_to``) includes both
ends. A term of N years ends on the day N years after the day before it begins (N × 12 months
later with ``add_months``: the month's last day where that day does not exist), as the Civil Code
counts periods (民法典 第201、203条: the first day is not counted; no such day, the month's last):
2024-04-20 … 2027-04-19 is 3 years, and so are 2024-02-29 … 2027-02-28 and 2024-03-01 … 2027-02-28.
"""

from __future__ import annotations

import datetime as dt

from unioncheck import Param, Result, Status
from unioncheck import Text as T

from .branch import Branch, CollectiveContract
from .contract import CONTRACT
from .dates import add_months, day_before, days
from .pay import approval_problem, majority_base, more_than_half
from .registry import rule
from .values import DAYS, TERM_YEARS

BASIS = "劳动合同法 第51、52、54条；工会法 第21条；妇女权益保障法 第44条；集体合同规定 第36、38、42、47条"
UNIT_WORDS = CONTRACT.annotated("values")[("branch", "unit_type")]
UNIT_TYPES = list(UNIT_WORDS)
KIND_WORDS = CONTRACT.annotated("values")[("collective_contracts", "*", "kind")]


def kind_name(kind: str) -> T:
    """综合集体合同 / general contract: the contract kind as the schema's first Chinese word names it."""
    return T(KIND_WORDS[kind][0], f"{kind} contract")


def _years(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` years beginning on ``start``: ``years`` after the day before it."""
    return add_months(day_before(start), 12 * years)


def contracts_in_period(branch: Branch, ctx) -> list[CollectiveContract]:
    """Contracts in force at any time in the audit period (those signed after the reference date are not known)."""
    return [
        c
        for c in branch.collective_contracts
        if c.effective_from <= ctx.period_end and c.effective_to >= ctx.period_start
    ]


def unit_type(branch: Branch) -> str:
    return branch.document.data["branch"]["unit_type"]


def successor(branch: Branch, contract: CollectiveContract) -> CollectiveContract | None:
    """A later contract of the same kind in force from the day after ``contract`` runs out."""
    next_day = contract.effective_to + days(1)
    return next(
        (
            c
            for c in branch.collective_contracts
            if c is not contract
            and c.kind == contract.kind
            and c.effective_from > contract.effective_from
            and c.in_force_on(next_day)
        ),
        None,
    )


def _none_in_period(ctx) -> list[Result]:
    return [
        Result(
            Status.NA,
            T(
                f"{ctx.period_start.year} 年没有有效的集体合同",
                f"no collective contract in force in {ctx.period_start.year}",
            ),
        )
    ]


@rule(
    "CON001",
    "contract-in-force",
    "订有有效的综合集体合同",
    "General collective contract in force",
    BASIS,
    params=(
        Param(
            "required_for",
            {"type": "array", "items": {"enum": UNIT_TYPES}},
            T("须订立综合集体合同的单位类型（branch.unit_type）", "unit types that must have a general contract"),
        ),
    ),
    what=T(
        "单位类型列在 required_for 中的，检查日（as_of）须有一份有效的综合集体合同（general，生效日至期满日，"
        "含首尾两日）。其他单位不适用；默认 required_for 为空。",
        "Where the unit type is listed in required_for, a general contract is in force on the reference date "
        "(effective_from … effective_to, both included). Not applicable to other units; required_for is empty "
        "by default.",
    ),
    why=T(
        "工会代表职工与单位平等协商、签订集体合同（工会法第21条，劳动合同法第51条）；集体合同规定适用于企业和"
        "实行企业化管理的事业单位（第2条），公立医院是否须订立由县工会决定。",
        "The union negotiates and signs the collective contract on the staff's behalf (Trade Union Law art. 21, "
        "Labour Contract Law art. 51); the Collective Contract Provisions cover enterprises and public institutions "
        "under enterprise management (art. 2): whether a public hospital must have one is for the county to decide.",
    ),
    fix=T(
        "与单位协商订立（或续订）综合集体合同，经职代会通过后在 collective_contracts 中登记。",
        "Negotiate (or renew) a general contract, have the congress pass it, and record it under collective_contracts.",
    ),
    example="""
branch:
  unit_type: hospital            # listed in the profile's required_for
collective_contracts:
  - id: HT2024
    kind: general
    effective_from: 2024-04-20
    effective_to: 2027-04-19     # in force on 2025-12-31
""",
)
def contract_in_force(branch: Branch, ctx):
    kind = unit_type(branch)
    if kind not in ctx.params["required_for"]:
        return [
            Result(
                Status.NA,
                T(
                    f"单位类型「{UNIT_WORDS[kind][0]}」（{kind}）不在须订立集体合同的范围内（required_for）",
                    f"unit type {kind} is not required to have a collective contract (required_for)",
                ),
            )
        ]
    general = [c for c in branch.collective_contracts if c.kind == "general"]
    current = [c for c in general if c.in_force_on(ctx.as_of)]
    if current:
        c = current[0]
        return [
            Result(
                Status.PASS,
                T(
                    f"{c.id}（{c.effective_from} 至 {c.effective_to}）在 {ctx.as_of} 有效",
                    f"{c.id} ({c.effective_from} to {c.effective_to}) in force on {ctx.as_of}",
                ),
                path=c.path,
            )
        ]
    ended = [c for c in general if c.effective_to < ctx.as_of]
    coming = [c for c in general if c.effective_from > ctx.as_of]
    said = T(f"{ctx.as_of} 没有有效的综合集体合同", f"no general contract in force on {ctx.as_of}")
    if coming:
        c = min(coming, key=lambda c: c.effective_from)
        said += T(f"（{c.id} 自 {c.effective_from} 起生效）", f" ({c.id} in force from {c.effective_from})")
    elif ended:
        c = max(ended, key=lambda c: c.effective_to)
        said += T(f"（{c.id} 已于 {c.effective_to} 期满）", f" ({c.id} expired on {c.effective_to})")
    return [Result(Status.FAIL, said, path=("collective_contracts",))]


@rule(
    "CON002",
    "contract-passed",
    "集体合同草案经职代会通过",
    "Contract passed by the congress",
    BASIS,
    what=T(
        "审计年度内任何时候有效的每份集体合同，approved_by 须指向一项主题为 collective_contract 的决议；"
        "该决议所在会议不晚于合同签订日（signed_on），达到法定人数（CGR002 的 quorum），"
        "赞成票超过半数（PAY002 的 majority_of：全体代表）。",
        "Every contract in force at any time in the audit period has approved_by naming a resolution with subject "
        "collective_contract, of a session on or before the day the contract was signed, with quorum (CGR002's "
        "quorum), passed by more than half (PAY002's majority_of: of all delegates).",
    ),
    why=T(
        "集体合同草案应当提交职工代表大会或者全体职工讨论通过（劳动合同法第51条）；职代会须有三分之二以上代表"
        "出席，经全体代表半数以上同意方获通过（集体合同规定第36条）。",
        "The draft goes to the congress or all staff for passage (Labour Contract Law art. 51); the congress sits "
        "with two thirds of its delegates present and passes the draft with more than half of all delegates "
        "(Collective Contract Provisions art. 36).",
    ),
    fix=T(
        "签订前把合同草案提交职代会表决，并在 approved_by 中填写该决议的 id；未有效通过的须重新表决。",
        "Put the draft to the congress before signing and give that resolution's id in approved_by; a draft not "
        "validly passed goes to a new vote.",
    ),
    example="""
congresses:
  - id: C2024-1
    date: 2024-03-22
    delegates_total: 68
    delegates_present: 60        # quorum ⌈2/3 × 68⌉ = 46
    resolutions:
      - {id: C2024-1-R3, subject: collective_contract, votes_for: 54, votes_against: 4, abstentions: 2}  # > 34
collective_contracts:
  - id: HT2024
    approved_by: C2024-1-R3
    signed_on: 2024-03-29
""",
)
def contract_passed(branch: Branch, ctx):
    contracts = contracts_in_period(branch, ctx)
    if not contracts:
        return _none_in_period(ctx)
    quorum = ctx.param_of("CGR002", "quorum")
    majority_of = ctx.param_of("PAY002", "majority_of")
    results = []
    for c in contracts:
        at = c.path + ("approved_by",)
        found = branch.resolutions.get(c.approved_by) if c.approved_by else None
        if c.approved_by is None:
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"{c.id}：没有填写审议通过合同草案的职代会决议（approved_by）",
                        f"{c.id}: no congress resolution passing the draft (approved_by)",
                    ),
                    path=c.path,
                    subject=c.id,
                )
            )
            continue
        if found is None:
            results.append(
                Result(
                    Status.ERROR,
                    T(
                        f"{c.id}：approved_by {c.approved_by} 不是任何会议的决议 id",
                        f"{c.id}: approved_by {c.approved_by} names no resolution",
                    ),
                    path=at,
                    subject=c.id,
                )
            )
            continue
        session, r = found
        base, whom = majority_base(session, majority_of)
        cast = r.votes_for + r.votes_against + r.abstentions
        status = Status.FAIL
        said = approval_problem(
            session, r, "collective_contract", quorum, c.signed_on, T("合同签订日", "the contract was signed on")
        )
        if said is None and cast > session.delegates_present:
            status = Status.ERROR
            said = T(
                f"决议 {r.id} 赞成 {r.votes_for}、反对 {r.votes_against}、弃权 {r.abstentions} 合计 {cast}，"
                f"多于实到 {session.delegates_present} 人，数据有误",
                f"resolution {r.id}: {cast} votes cast but only {session.delegates_present} present; fix the data",
            )
        elif said is None and not more_than_half(r.votes_for, base):
            said = T(
                f"决议 {r.id} 赞成 {r.votes_for} 票，{whom.zh} {base} 人，未超过半数",
                f"resolution {r.id} had {r.votes_for} votes for out of {base} {whom.en}, not more than half",
            )
        elif said is None:
            results.append(
                Result(
                    Status.PASS,
                    T(
                        f"{c.id}：经 {session.id}（{session.date}）决议 {r.id} 通过（实到 {session.delegates_present}"
                        f"/{session.delegates_total}，赞成 {r.votes_for} 票）",
                        f"{c.id}: passed by {r.id} at {session.id} on {session.date} ({session.delegates_present} "
                        f"of {session.delegates_total} present, {r.votes_for} for)",
                    ),
                    path=at,
                    subject=c.id,
                )
            )
            continue
        results.append(Result(status, T(f"{c.id}：", f"{c.id}: ") + said, path=at, subject=c.id))
    return results


@rule(
    "CON003",
    "contract-submitted",
    "集体合同按时报送审查",
    "Contract submitted for review on time",
    BASIS,
    params=(
        Param(
            "submit_days",
            DAYS,
            T("签订后报送劳动行政部门的期限（天）", "days after signing by which the contract is submitted"),
        ),
        Param(
            "no_objection_days",
            DAYS,
            T(
                "报送后劳动行政部门提出异议的期限（天），期满方可生效",
                "days after submission the labour administration has to object; the contract takes effect after",
            ),
        ),
    ),
    what=T(
        "审计年度内任何时候有效的每份集体合同：报送日（submitted_on）不晚于签订日 + submit_days；"
        "生效日（effective_from）不早于报送日 + no_objection_days。尚未报送、期限未到为待办（截止日为签订日 + "
        "submit_days），期限已过为不合格。",
        "Every contract in force at any time in the audit period: submitted_on on or before signed_on + "
        "submit_days; effective_from on or after submitted_on + no_objection_days. Not yet submitted and not yet "
        "due: pending (due signed_on + submit_days); past that date: a failure.",
    ),
    why=T(
        "集体合同订立后应当报送劳动行政部门，劳动行政部门自收到文本之日起十五日内未提出异议的，集体合同即行生效"
        "（劳动合同法第54条）；签订后 10 日内报送（集体合同规定第42条）。",
        "A contract is submitted to the labour administration and takes effect if it raises no objection within "
        "15 days of receiving it (Labour Contract Law art. 54); it is submitted within 10 days of signing "
        "(Collective Contract Provisions art. 42).",
    ),
    fix=T(
        "签订后 10 日内把合同文本报送劳动行政部门，登记 submitted_on；生效日不早于报送后 15 日。",
        "Submit the contract within 10 days of signing and record submitted_on; set effective_from no earlier "
        "than 15 days after submission.",
    ),
    example="""
collective_contracts:
  - id: HT2024
    signed_on: 2024-03-29
    submitted_on: 2024-04-03     # 5 days after signing (at most 10)
    effective_from: 2024-04-20   # 17 days after submission (at least 15)
""",
)
def contract_submitted(branch: Branch, ctx):
    contracts = contracts_in_period(branch, ctx)
    if not contracts:
        return _none_in_period(ctx)
    limit, wait = ctx.params["submit_days"], ctx.params["no_objection_days"]
    results = []
    for c in contracts:
        due = c.signed_on + days(limit)
        at = c.path + ("submitted_on",)
        submitted = c.submitted_on
        if submitted is None:
            if ctx.as_of > due:
                said = T(
                    f"{c.id} 签订于 {c.signed_on}，尚未报送（应于 {due} 前报送）",
                    f"{c.id} signed on {c.signed_on} and not yet submitted (due by {due})",
                )
                results.append(Result(Status.FAIL, said, due, path=c.path, subject=f"{c.id}/submission"))
            else:
                said = T(
                    f"{c.id} 签订于 {c.signed_on}，须在 {due} 前报送",
                    f"{c.id} signed on {c.signed_on}: submit it by {due}",
                )
                results.append(Result(Status.PENDING, said, due, path=c.path, subject=f"{c.id}/submission"))
            earliest = c.signed_on + days(wait)
            if c.effective_from < earliest:
                results.append(
                    Result(
                        Status.FAIL,
                        T(
                            f"{c.id} 自 {c.effective_from} 起生效，即使签订当日报送，异议期也要到 {earliest} 才届满",
                            f"{c.id} in force from {c.effective_from}: even submitted on the day it was signed, the "
                            f"{wait}-day objection period would run to {earliest}",
                        ),
                        path=c.path + ("effective_from",),
                        subject=f"{c.id}/effect",
                    )
                )
            continue
        taken = (submitted - c.signed_on).days
        if taken < 0:
            results.append(
                Result(
                    Status.ERROR,
                    T(
                        f"{c.id} 报送日 {submitted} 早于签订日 {c.signed_on}，数据有误",
                        f"{c.id} submitted on {submitted}, before it was signed on {c.signed_on}; fix the data",
                    ),
                    path=at,
                    subject=f"{c.id}/submission",
                )
            )
            continue
        late = taken > limit
        results.append(
            Result(
                Status.FAIL if late else Status.PASS,
                T(
                    f"{c.id} 报送于签订后 {taken} 天，{'超过' if late else '未超过'} {limit} 天",
                    f"{c.id} submitted {taken} days after signing, {'more than' if late else 'within'} {limit}",
                ),
                due,
                path=at,
                subject=f"{c.id}/submission",
            )
        )
        waited = (c.effective_from - submitted).days
        early = waited < wait
        results.append(
            Result(
                Status.FAIL if early else Status.PASS,
                T(
                    f"{c.id} 自 {c.effective_from} 起生效，在报送后 {waited} 天，"
                    + (f"早于 {wait} 天异议期届满（{submitted + days(wait)}）" if early else f"不少于 {wait} 天"),
                    f"{c.id} in force from {c.effective_from}, {waited} days after submission, "
                    + (
                        f"before the {wait}-day objection period ran out ({submitted + days(wait)})"
                        if early
                        else f"at least {wait}"
                    ),
                ),
                path=c.path + ("effective_from",),
                subject=f"{c.id}/effect",
            )
        )
    return results


@rule(
    "CON004",
    "contract-term",
    "集体合同期限合规并按时续订",
    "Contract term lawful and renewed on time",
    BASIS,
    params=(
        Param("min_term_years", TERM_YEARS, T("合同期限的最短年数", "shortest term, in years")),
        Param("max_term_years", TERM_YEARS, T("合同期限的最长年数", "longest term, in years")),
        Param(
            "renewal_warn_days",
            DAYS,
            T(
                "期满前多少天起，尚无续订的合同为警告",
                "days before expiry from which a contract with no successor is a warning",
            ),
        ),
    ),
    what=T(
        "审计年度内任何时候有效的每份集体合同：期限（effective_from 至 effective_to，含首尾两日）不少于 "
        "min_term_years 年、不超过 max_term_years 年。N 年的期限，开始当日不计入：生效日前一日 N×12 个月后的"
        "同一天为期满之日（该月没有这一天的取月末），如 2024-04-20 起 3 年至 2027-04-19，2024-02-29 起 3 年至 "
        "2027-02-28。续订：期满前 renewal_warn_days 天内没有接续的合同（同类、期满次日有效的后一份合同）为警告；"
        "已期满仍没有接续的，CON001 要求订立的单位为不合格，其他单位为警告；此前为待办，日期为续订期开始之日"
        "（期满前 renewal_warn_days 天）。",
        "Every contract in force at any time in the audit period: its term (effective_from … effective_to, both "
        "included) lasts at least min_term_years and at most max_term_years. A term of N years ends on the same "
        "day N × 12 months after the day before effective_from (the month's last day where that day does not "
        "exist): 2024-04-20 … 2027-04-19 is 3 years, and so is 2024-02-29 … 2027-02-28. Renewal: within "
        "renewal_warn_days before effective_to with no successor (a later contract of the same kind in force "
        "from the next day), a warning; expired with no successor, a failure where CON001 requires a contract "
        "and a warning elsewhere; before that, pending, dated the day the renewal window opens.",
    ),
    why=T(
        "集体合同期限为 1 至 3 年；期满或双方约定的终止条件出现即行终止，期满前 3 个月内任何一方均可提出重新签订"
        "或续订的要求（集体合同规定第38条）。",
        "A contract runs for 1 to 3 years; either side may ask to renew it within 3 months before it expires "
        "(Collective Contract Provisions art. 38).",
    ),
    fix=T(
        "按 1 至 3 年确定合同期限；期满前 3 个月内启动协商，续订的合同经职代会通过后登记在 collective_contracts 中。",
        "Set a term of 1 to 3 years; start negotiating within 3 months before expiry and record the renewed "
        "contract, passed by the congress, under collective_contracts.",
    ),
    example="""
collective_contracts:
  - id: HT2024
    kind: general
    effective_from: 2024-04-20
    effective_to: 2027-04-19     # 3 years; renewal window from 2027-01-19
  - id: HT2027
    kind: general
    effective_from: 2027-04-20   # the successor: in force from the next day
    effective_to: 2030-04-19
""",
)
def contract_term(branch: Branch, ctx):
    contracts = contracts_in_period(branch, ctx)
    if not contracts:
        return _none_in_period(ctx)
    least, most = ctx.params["min_term_years"], ctx.params["max_term_years"]
    window = ctx.params["renewal_warn_days"]
    required = unit_type(branch) in ctx.param_of("CON001", "required_for")
    results = []
    for c in contracts:
        results.append(_term(c, least, most))
        results.append(_renewal(branch, c, window, required, ctx.as_of))
    return results


def _term(c: CollectiveContract, least: int, most: int) -> Result:
    start, end = c.effective_from, c.effective_to
    subject, at = f"{c.id}/term", c.path + ("effective_to",)
    shortest = term_end(start, least)  # the earliest day a term of at least `least` years may end on
    longest = term_end(start, most)
    span = T(f"{c.id} 期限 {start} 至 {end}", f"{c.id} runs {start} to {end}")
    if end < start:
        return Result(
            Status.ERROR,
            span + T("，期满日早于生效日，数据有误", ": it ends before it begins; fix the data"),
            path=at,
            subject=subject,
        )
    if end < shortest:
        said = T(
            f"，不足 {least} 年（至少应至 {shortest}）",
            f", less than {_years(least)} (it should run at least to {shortest})",
        )
        return Result(Status.FAIL, span + said, path=at, subject=subject)
    if end > longest:
        said = T(f"，超过 {most} 年（最迟应至 {longest}）", f", more than {_years(most)} (it should end by {longest})")
        return Result(Status.FAIL, span + said, path=at, subject=subject)
    return Result(
        Status.PASS,
        span + T(f"，在 {least} 至 {most} 年之间", f", between {_years(least)} and {_years(most)}"),
        path=at,
        subject=subject,
    )


def _renewal(branch: Branch, c: CollectiveContract, window: int, required: bool, as_of: dt.date) -> Result:
    subject, at, end = f"{c.id}/renewal", c.path + ("effective_to",), c.effective_to
    after = successor(branch, c)
    if after is not None:
        return Result(
            Status.PASS,
            T(
                f"{c.id} 期满（{end}）后由 {after.id} 接续（自 {after.effective_from} 起）",
                f"{c.id} (to {end}) is followed by {after.id} (from {after.effective_from})",
            ),
            path=at,
            subject=subject,
        )
    kind = kind_name(c.kind)
    if as_of > end:
        return Result(
            Status.FAIL if required else Status.WARN,
            T(
                f"{c.id} 已于 {end} 期满，没有接续的{kind.zh}",
                f"{c.id} expired on {end} with no {kind.en} following it",
            ),
            end,
            path=at,
            subject=subject,
        )
    opens = end - days(window)
    if as_of >= opens:
        left = (end - as_of).days
        return Result(
            Status.WARN,
            T(
                f"{c.id} 将于 {end} 期满（还有 {left} 天），尚无续订的{kind.zh}",
                f"{c.id} expires on {end} ({left} days left) and no renewed {kind.en} is on file",
            ),
            end,
            path=at,
            subject=subject,
        )
    return Result(  # on the to-do list from the day renewal talks are due to start, not only at expiry
        Status.PENDING,
        T(
            f"{c.id} 于 {end} 期满，{opens} 起进入续订期，届时启动续订协商",
            f"{c.id} expires on {end}; its renewal window opens on {opens}: start renewal talks then",
        ),
        opens,
        path=at,
        subject=subject,
    )


@rule(
    "CON005",
    "contract-women",
    "集体合同保障女职工权益",
    "Contract provides for women workers' rights",
    BASIS,
    what=T(
        "审计年度内任何时候有效的每份综合集体合同，含女职工权益保护专章（women_chapter: true），或者在它有效的"
        "每一天（审计年度内、检查日之前）都有一份女职工权益保护专项集体合同（women）同时有效。"
        "尚未生效的合同为待办。",
        "Every general contract in force at any time in the audit period has women_chapter: true, or on every day "
        "it is in force (in the audit period, up to the reference date) a women special contract (kind women) is "
        "in force too. A contract not yet in force is pending.",
    ),
    why=T(
        "集体合同中应当包含男女平等和女职工权益保护相关内容，也可以就相关内容制定专章、附件或者单独订立女职工权益"
        "保护专项集体合同（妇女权益保障法第44条第2款；劳动合同法第52条）。",
        "A collective contract covers equality and women workers' rights, in a chapter, an annex or a separate "
        "women's special contract (Women's Rights Law art. 44 para. 2; Labour Contract Law art. 52).",
    ),
    fix=T(
        "在综合集体合同中设女职工权益保护专章（women_chapter: true），或订立女职工权益保护专项集体合同并登记。",
        "Give the general contract a chapter on women workers' rights (women_chapter: true), or sign a women "
        "special contract and record it.",
    ),
    example="""
collective_contracts:
  - id: HT2024
    kind: general
    effective_from: 2024-04-20
    effective_to: 2027-04-19
    women_chapter: true          # or a contract of kind women in force on the same days
""",
)
def contract_women(branch: Branch, ctx):
    general = [c for c in contracts_in_period(branch, ctx) if c.kind == "general"]
    if not general:
        return [
            Result(
                Status.NA,
                T(
                    f"{ctx.period_start.year} 年没有有效的综合集体合同",
                    f"no general contract in force in {ctx.period_start.year}",
                ),
            )
        ]
    women = [c for c in branch.collective_contracts if c.kind == "women"]
    results = []
    for c in general:
        if c.women_chapter:
            results.append(
                Result(
                    Status.PASS,
                    T(f"{c.id} 含女职工权益保护专章", f"{c.id} has a chapter on women workers' rights"),
                    path=c.path + ("women_chapter",),
                    subject=c.id,
                )
            )
            continue
        first, last = max(c.effective_from, ctx.period_start), min(c.effective_to, ctx.period_end, ctx.as_of)
        if first > last:
            results.append(
                Result(
                    Status.PENDING,
                    T(
                        f"{c.id} 自 {c.effective_from} 起生效，届时须有女职工专章或女职工专项集体合同",
                        f"{c.id} takes effect on {c.effective_from}: by then it needs a women's chapter or a women "
                        "special contract",
                    ),
                    c.effective_from,
                    path=c.path,
                    subject=c.id,
                )
            )
            continue
        gaps = _uncovered(first, last, women)
        if not gaps:
            cover = [w.id for w in women if w.effective_from <= last and w.effective_to >= first]
            results.append(
                Result(
                    Status.PASS,
                    T(
                        f"{c.id} 无女职工专章，{first} 至 {last} 有女职工专项集体合同 {'、'.join(cover)}",
                        f"{c.id} has no women's chapter; women special contract {', '.join(cover)} in force from "
                        f"{first} to {last}",
                    ),
                    path=c.path,
                    subject=c.id,
                )
            )
            continue
        total = sum((b - a).days + 1 for a, b in gaps)
        a, b = gaps[0]
        results.append(
            Result(
                Status.FAIL,
                T(
                    f"{c.id} 无女职工专章，{first} 至 {last} 中有 {total} 天没有有效的女职工专项集体合同（自 {a} 至 {b}"
                    + ("等" if len(gaps) > 1 else "")
                    + "）",
                    f"{c.id} has no women's chapter, and on {total} day{'s' if total != 1 else ''} from {first} to "
                    f"{last} no women special "
                    f"contract was in force ({a} to {b}" + (" and more" if len(gaps) > 1 else "") + ")",
                ),
                path=c.path,
                subject=c.id,
            )
        )
    return results


def _uncovered(first: dt.date, last: dt.date, covers: list[CollectiveContract]) -> list[tuple[dt.date, dt.date]]:
    """The runs of days from ``first`` to ``last`` (both included) on which none of ``covers`` is in force."""
    gaps, day = [], first
    for c in sorted(covers, key=lambda c: c.effective_from):
        if c.effective_to < day:
            continue
        if c.effective_from > last:
            break
        if c.effective_from > day:
            gaps.append((day, c.effective_from - days(1)))
        day = max(day, c.effective_to + days(1))
        if day > last:
            return gaps
    if day <= last:
        gaps.append((day, last))
    return gaps
