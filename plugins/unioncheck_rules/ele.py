"""ELE — 换届选举: the committee in office is within its term, and its election was valid."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from unioncheck import Param, Result, Status
from unioncheck import Text as T

from .branch import Branch, Election
from .dates import add_months, add_years, ceil_share
from .registry import rule
from .values import DAYS, FRACTION, MONTHS, SHARE, TERM_YEARS

BASIS = "工会法 第16条；工会基层组织选举工作条例（2016）；中国工会章程"


def latest_general(branch: Branch) -> Election | None:
    generals = branch.general_elections()
    return generals[-1] if generals else None


def term_end(election: Election) -> dt.date:
    return add_years(election.date, election.term_years)


def approved_postponement(election: Election, as_of: dt.date):
    """The election's postponement, if the superior union had approved it by ``as_of``."""
    p = election.postponement
    if p and p.approved_by and p.approved_on and p.approved_on <= as_of:
        return p
    return None


def deadline(election: Election, as_of: dt.date) -> dt.date:
    postponed = approved_postponement(election, as_of)
    return postponed.until if postponed else term_end(election)


_NO_ELECTION = T("没有换届选举记录", "no general election on record")


@rule(
    "ELE001",
    "committee-in-term",
    "工会委员会在任期内",
    "Union committee within its term",
    BASIS,
    what=T(
        "参考日在任的委员会（参考日或之前最近一次换届选举产生）须在任期内：任期届满日 = 选举日 + term_years "
        "年（2月29日 → 2月28日）。届满后，除非该次选举经批准的延期覆盖参考日，否则不合格。没有换届选举记录为不合格。",
        "The committee in office on as_of — chosen by the latest general election on or before it — is within its "
        "term: term end = election date + term_years (29 Feb → 28 Feb). After term end it fails unless that "
        "election's approved postponement covers as_of. No general election on record: fail.",
    ),
    why=T(
        "基层工会委员会每届任期三年或五年，任期届满应按期换届（工会法第16条，工会基层组织选举工作条例）。",
        "A branch committee serves three or five years and must be re-elected on time (Trade Union Law art. 16; 2016 "
        "election regulations).",
    ),
    fix=T(
        "尽快组织换届选举；确需延期的，报上级工会批准并登记 postponement。",
        "Hold the election as soon as possible; if it must be put off, get the superior union's approval and record "
        "it under postponement.",
    ),
    example="""
elections:
  - id: E2023
    date: 2023-05-19
    kind: general
    term_years: 5        # term ends 2028-05-19
""",
)
def committee_in_term(branch: Branch, ctx):
    latest = latest_general(branch)
    if latest is None:
        return [Result(Status.FAIL, _NO_ELECTION, path=("elections",))]
    end = term_end(latest)
    if ctx.as_of <= end:
        return [
            Result(
                Status.PASS,
                T(
                    f"{latest.id}（{latest.date}）产生的委员会任期至 {end}",
                    f"committee elected {latest.date} ({latest.id}) serves until {end}",
                ),
                end,
                path=latest.path,
            )
        ]
    postponed = approved_postponement(latest, ctx.as_of)
    if postponed and postponed.until >= ctx.as_of:
        return [
            Result(
                Status.PASS,
                T(
                    f"任期已于 {end} 届满，经批准延期至 {postponed.until}",
                    f"term ended {end}; approved postponement until {postponed.until}",
                ),
                postponed.until,
                path=postponed.path,
            )
        ]
    late_since = postponed.until if postponed else end
    return [
        Result(
            Status.FAIL,
            T(
                f"{latest.id}（{latest.date}）产生的委员会任期已于 {late_since} 届满，尚未换届",
                f"the committee elected {latest.date} ({latest.id}) ran out on {late_since}; no election since",
            ),
            late_since,
            path=latest.path,
        )
    ]


@rule(
    "ELE002",
    "election-due-soon",
    "换届期限临近",
    "Election deadline approaching",
    BASIS,
    params=(
        Param(
            "warn_days",
            DAYS,
            T("换届期限前多少天起为警告", "days before the election deadline from which it is a warning"),
        ),
    ),
    what=T(
        "换届期限（任期届满日，或经批准延期的截止日）在 warn_days 天内为警告并给出日期，更远为待办。",
        "The election deadline (term end, or the approved postponement's until) within warn_days is a warning with "
        "the date; further off it is pending with the date.",
    ),
    why=T(
        "换届需要提前数月筹备：报批、推荐候选人、公示（工会基层组织选举工作条例）。",
        "An election takes months to prepare: approval, nominations, publicity (2016 election regulations).",
    ),
    fix=T(
        "向上级工会报送换届请示，启动候选人推荐。",
        "Ask the superior union to approve the election and start nominations.",
    ),
    example="""
elections:
  - date: 2021-05-20
    kind: general
    term_years: 5        # due 2026-05-20: a warning from 180 days before
""",
)
def election_due_soon(branch: Branch, ctx):
    latest = latest_general(branch)
    if latest is None:
        return [Result(Status.NA, _NO_ELECTION)]
    due = deadline(latest, ctx.as_of)
    if ctx.as_of > due:
        return [
            Result(
                Status.NA,
                T(f"换届期限 {due} 已过，见 ELE001", f"the deadline {due} has passed: see ELE001"),
                due,
                path=latest.path,
            )
        ]
    left = (due - ctx.as_of).days
    status = Status.WARN if left <= ctx.params["warn_days"] else Status.PENDING
    return [
        Result(
            status,
            T(f"须在 {due} 前完成换届（还有 {left} 天）", f"election due by {due} ({left} days left)"),
            due,
            path=latest.path,
        )
    ]


@rule(
    "ELE003",
    "postponement-approved",
    "延期换届经批准且不超过期限",
    "Postponement approved and within the cap",
    BASIS,
    params=(
        Param(
            "max_postponement_months",
            MONTHS,
            T("延期换届最长的月数（自任期届满起）", "longest postponement, in months after the term ends"),
        ),
    ),
    what=T(
        "延期须有批准单位 approved_by、文号 document、批准日期 approved_on（不晚于任期届满日），且延期截止日 until "
        "距任期届满不超过 max_postponement_months 个月。",
        "A postponement has approved_by, document and approved_on on or before the term end, and until − term end ≤ "
        "max_postponement_months.",
    ),
    why=T(
        "提前或延期换届须报上级工会批准，延期一般不超过半年（工会基层组织选举工作条例）。",
        "An early or late election needs the superior union's approval; a delay is generally no longer than half a "
        "year (2016 election regulations).",
    ),
    fix=T(
        "补齐上级工会的批复信息；延期超过半年的，须尽快换届。",
        "Record the superior union's approval; if the delay is over half a year, hold the election now.",
    ),
    example="""
    postponement:
      approved_by: 县卫生健康局工会
      document: 县卫健工〔2026〕3号
      approved_on: 2026-04-20
      until: 2026-10-31
""",
)
def postponement_approved(branch: Branch, ctx):
    latest = latest_general(branch)
    p = latest.postponement if latest else None
    if p is None:
        return [Result(Status.NA, T("没有延期换届", "no postponement"))]
    end, cap = term_end(latest), ctx.params["max_postponement_months"]
    results = []
    for field, value, zh in (
        ("approved_by", p.approved_by, "批准单位"),
        ("document", p.document, "批准文号"),
        ("approved_on", p.approved_on, "批准日期"),
    ):
        if not value:
            results.append(
                Result(Status.FAIL, T(f"延期缺少{zh}（{field}）", f"the postponement has no {field}"), path=p.path)
            )
    if p.approved_on and p.approved_on > end:
        results.append(
            Result(
                Status.FAIL,
                T(
                    f"延期于 {p.approved_on} 批准，晚于任期届满日 {end}",
                    f"approved on {p.approved_on}, after the term ended on {end}",
                ),
                path=p.path + ("approved_on",),
            )
        )
    limit = add_months(end, cap)
    if p.until > limit:
        results.append(
            Result(
                Status.FAIL,
                T(
                    f"延期至 {p.until}，超过任期届满（{end}）后 {cap} 个月的上限 {limit}",
                    f"postponed until {p.until}, beyond {limit} ({cap} months after the term ended on {end})",
                ),
                path=p.path + ("until",),
            )
        )
    return results or [
        Result(
            Status.PASS,
            T(f"延期至 {p.until} 已经批准（{p.document}）", f"postponement until {p.until} approved ({p.document})"),
            path=p.path,
        )
    ]


@rule(
    "ELE004",
    "election-valid",
    "换届选举有效",
    "Latest general election valid",
    BASIS,
    params=(
        Param(
            "quorum",
            FRACTION,
            T("选举有效所需的到会比例（占有选举权的人数）", "share of those entitled to vote present"),
        ),
        Param(
            "min_contest_ratio",
            SHARE,
            T("差额比例下限：候选人数多于应选名额的比例", "smallest share by which candidates outnumber seats"),
        ),
    ),
    what=T(
        "最近一次换届选举：到会 ≥ ⌈quorum × 应到⌉；每名当选人得票 > 应到人数的一半；候选人数 − 应选名额 ≥ "
        "⌈min_contest_ratio × 应选名额⌉（差额选举）。",
        "The latest general election: present ≥ ⌈quorum × eligible⌉; every elected member got votes > ½ × eligible; "
        "candidates − seats ≥ ⌈min_contest_ratio × seats⌉ (a contested election).",
    ),
    why=T(
        "选举须有三分之二以上有选举权的人到会，当选须获应到会人数过半数赞成，实行差额选举，差额率不低于 "
        "5%（工会基层组织选举工作条例）。",
        "Two thirds of those entitled must attend, a candidate needs more than half of those entitled, and at least "
        "5% more candidates than seats (2016 election regulations).",
    ),
    fix=T(
        "核对选举记录；不符合规定的选举应报上级工会处理，必要时重新选举。",
        "Check the election record; an invalid election goes to the superior union and may have to be held again.",
    ),
    example="""
    eligible: 405
    present: 371          # ≥ ⌈2/3 × 405⌉ = 270
    seats: 7
    candidates: 8         # ≥ 7 + ⌈5% × 7⌉ = 8
""",
)
def election_valid(branch: Branch, ctx):
    e = latest_general(branch)
    if e is None:
        return [Result(Status.NA, _NO_ELECTION)]
    if e.present > e.eligible:
        return [
            Result(
                Status.ERROR,
                T(
                    f"{e.id}：到会 {e.present} 人多于应到 {e.eligible} 人，数据有误",
                    f"{e.id}: {e.present} present is more than the {e.eligible} entitled; fix the data",
                ),
                path=e.path + ("present",),
            )
        ]
    results = []
    need = ceil_share(ctx.params["quorum"], e.eligible)
    if e.present < need:
        results.append(
            Result(
                Status.FAIL,
                T(
                    f"{e.id}：应到 {e.eligible} 人，到会 {e.present} 人，未达 {need} 人",
                    f"{e.id}: {e.present} of {e.eligible} present, quorum {need}",
                ),
                path=e.path + ("present",),
            )
        )
    for i, votes in enumerate(e.votes):
        if votes > e.present:
            results.append(
                Result(
                    Status.ERROR,
                    T(
                        f"{e.id}：第 {i + 1} 名当选人得票 {votes} 多于到会人数 {e.present}，数据有误",
                        f"{e.id}: elected member {i + 1} has {votes} votes, more than the {e.present} present; fix "
                        "the data",
                    ),
                    path=e.path + ("elected", i, "votes"),
                )
            )
        elif votes <= Fraction(e.eligible, 2):
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"{e.id}：第 {i + 1} 名当选人得票 {votes}，未超过应到人数 {e.eligible} 的一半",
                        f"{e.id}: elected member {i + 1} got {votes} votes, not more than half of the {e.eligible} "
                        "entitled",
                    ),
                    path=e.path + ("elected", i, "votes"),
                )
            )
    margin = ceil_share(ctx.params["min_contest_ratio"], e.seats)
    if e.candidates - e.seats < margin:
        results.append(
            Result(
                Status.FAIL,
                T(
                    f"{e.id}：候选人 {e.candidates} 名、应选 {e.seats} 名，差额不足 {margin} 名",
                    f"{e.id}: {e.candidates} candidates for {e.seats} seats, fewer than {margin} more than the seats",
                ),
                path=e.path + ("candidates",),
            )
        )
    if len(e.votes) > e.seats:
        results.append(
            Result(
                Status.FAIL,
                T(
                    f"{e.id}：当选 {len(e.votes)} 人，多于应选名额 {e.seats}",
                    f"{e.id}: {len(e.votes)} elected for {e.seats} seats",
                ),
                path=e.path + ("elected",),
            )
        )
    return results or [
        Result(
            Status.PASS,
            T(
                f"{e.id}：应到 {e.eligible}，到会 {e.present}（需 {need}），候选 {e.candidates} 名选 {e.seats} 名，"
                "当选人均过半数",
                f"{e.id}: {e.present} of {e.eligible} present (quorum {need}), {e.candidates} candidates for "
                f"{e.seats} seats, every member elected by a majority",
            ),
            path=e.path,
        )
    ]


@rule(
    "ELE005",
    "term-allowed",
    "任期年限合规",
    "Term length allowed",
    BASIS,
    params=(
        Param(
            "allowed_terms",
            {"type": "array", "items": TERM_YEARS, "minItems": 1},
            T("允许的任期年数", "terms allowed, in years"),
        ),
    ),
    what=T(
        "最近一次换届选举的 term_years 须在 allowed_terms 之内。",
        "The latest general election's term_years is one of allowed_terms.",
    ),
    why=T(
        "基层工会委员会每届任期三年或者五年（工会法第16条）。",
        "A branch committee serves three or five years (Trade Union Law art. 16).",
    ),
    fix=T("按选举大会的决定填写 3 或 5。", "Give the term the electing assembly decided: 3 or 5."),
    example="""
    term_years: 5
""",
)
def term_allowed(branch: Branch, ctx):
    e = latest_general(branch)
    if e is None:
        return [Result(Status.NA, _NO_ELECTION)]
    allowed = ctx.params["allowed_terms"]
    shown = "、".join(map(str, allowed))
    if e.term_years in allowed:
        return [
            Result(
                Status.PASS,
                T(f"{e.id}：任期 {e.term_years} 年", f"{e.id}: a {e.term_years}-year term"),
                path=e.path + ("term_years",),
            )
        ]
    return [
        Result(
            Status.FAIL,
            T(
                f"{e.id}：任期 {e.term_years} 年，只能是 {shown} 年",
                f"{e.id}: a {e.term_years}-year term; allowed: {', '.join(map(str, allowed))}",
            ),
            path=e.path + ("term_years",),
        )
    ]


@rule(
    "ELE006",
    "election-reported",
    "选举结果报批及三同时",
    "Election approved; committees formed with it",
    BASIS,
    what=T(
        "最近一次换届选举已报上级工会并获批准，且同时选举产生经费审查委员会、女职工委员会（三同时）。",
        "The latest general election was reported to and approved by the superior union, and formed the "
        "经费审查委员会 and 女职工委员会 at the same time (三同时).",
    ),
    why=T(
        "选举结果须报上级工会批准；经费审查委员会和女职工委员会与工会委员会同时产生（中国工会章程）。",
        "Results are approved by the superior union; the audit committee and the women's committee are formed with "
        "the union committee (Constitution of the Chinese Trade Unions).",
    ),
    fix=T(
        "补报上级工会并登记报送、批复日期；补选经费审查委员会或女职工委员会。",
        "Report to the superior union and record the dates; elect the missing committee.",
    ),
    example="""
    reported_to_superior_on: 2023-05-26
    approved_by_superior_on: 2023-06-08
    audit_committee_elected: true
    women_committee_formed: true
""",
)
def election_reported(branch: Branch, ctx):
    e = latest_general(branch)
    if e is None:
        return [Result(Status.NA, _NO_ELECTION)]

    def by_as_of(day):  # an approval dated after the reference date had not happened yet
        return day if day and day <= ctx.as_of else None

    checks = (
        (
            "reported_to_superior_on",
            by_as_of(e.reported_to_superior_on),
            T("未登记报上级工会的日期", "not reported to the superior union"),
        ),
        (
            "approved_by_superior_on",
            by_as_of(e.approved_by_superior_on),
            T("未登记上级工会批准日期", "no approval by the superior union"),
        ),
        (
            "audit_committee_elected",
            e.audit_committee_elected,
            T("未同时选举经费审查委员会", "经费审查委员会 (audit committee) not elected with it"),
        ),
        (
            "women_committee_formed",
            e.women_committee_formed,
            T("未同时产生女职工委员会", "女职工委员会 (women's committee) not formed with it"),
        ),
    )
    results = [
        Result(Status.FAIL, T(f"{e.id}：", f"{e.id}: ") + message, path=e.path + (field,))
        for field, value, message in checks
        if not value
    ]
    return results or [
        Result(
            Status.PASS,
            T(
                f"{e.id}：{e.approved_by_superior_on} 经上级工会批准，三个委员会同时产生",
                f"{e.id}: approved by the superior union on {e.approved_by_superior_on}, committees formed together",
            ),
            path=e.path,
        )
    ]
