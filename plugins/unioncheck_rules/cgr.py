"""CGR — 职工(代表)大会: the annual workers' congress is held, with quorum, in the right form."""

from __future__ import annotations

from unioncheck import Param, Result, Status
from unioncheck import Text as T

from .branch import Branch, Congress
from .dates import ceil_share, fraction
from .periods import held_in_period
from .registry import rule
from .values import COUNT, DAYS, FRACTION, SHARE

BASIS = (
    "工会法 第6、20条；事业单位人事管理条例 第4条；上海市职工代表大会条例 第4、22、28、31条；"
    "浙江省企业民主管理条例 第7、15条；企业民主管理规定（2012）"
)

NOUN = T("职工(代表)大会", "congress")


def sessions_in_period(branch: Branch, ctx) -> list[Congress]:
    return [c for c in branch.congresses if ctx.in_period(c.date)]


def quorum_of(congress: Congress, quorum) -> int:
    return ceil_share(quorum, congress.delegates_total)


@rule(
    "CGR001",
    "congress-held",
    "年度职工(代表)大会已召开",
    "Annual congress held",
    BASIS,
    params=(
        Param(
            "warn_days",
            DAYS,
            T(
                "年度职代会尚未召开时，年末前多少天起为警告",
                "days before the year ends from which a congress not yet held is a warning",
            ),
        ),
    ),
    what=T(
        "审计年度内至少召开一次职工(代表)大会。年度未结束时，距年末 warn_days 天之前为待办，之后为警告；"
        "年度结束仍未召开为不合格。审计年度开始后才成立的工会不适用。",
        "At least one congress session is dated in the audit period. While the period is open it is pending until "
        "warn_days before its end, then a warning; once the period is closed, a failure. Not applicable to a branch "
        "established after the period began.",
    ),
    why=T(
        "职工代表大会是事业单位民主管理的基本形式（工会法第6、20条），每年至少召开一次。",
        "The congress is the basic form of democratic management (Trade Union Law art. 6, 20) and meets at least "
        "once a year.",
    ),
    fix=T(
        "在 congresses 中登记本年度召开的会议；尚未召开的，请在年底前召开。",
        "Record this year's session under congresses; if none has been held, hold one before the year ends.",
    ),
    example="""
congresses:
  - id: C2025-1
    date: 2025-03-14
    form: representative
    delegates_total: 68
    delegates_present: 61
""",
)
def congress_held(branch: Branch, ctx):
    return held_in_period(branch, ctx, sessions_in_period(branch, ctx), NOUN, ("congresses",))


@rule(
    "CGR002",
    "congress-quorum",
    "大会到会人数达到法定人数",
    "Congress quorum met",
    BASIS,
    params=(
        Param(
            "quorum",
            FRACTION,
            T("会议有效所需的出席比例（占全体代表）", "share of all delegates present for a valid session"),
        ),
    ),
    what=T(
        "审计年度内每次会议的实到人数 ≥ ⌈quorum × 应到人数⌉。未达法定人数的会议无效，其决议在其他规则中不算数。",
        "Every session in the audit period had present ≥ ⌈quorum × delegates_total⌉. A session without quorum is "
        "invalid: its resolutions count for nothing elsewhere.",
    ),
    why=T(
        "职代会须有全体代表三分之二以上出席方可召开（参照外省标准，如上海市职工代表大会条例）。",
        "A congress may sit only with at least two thirds of all delegates present (a benchmark from another "
        "province, e.g. the Shanghai congress regulations).",
    ),
    fix=T(
        "核对签到表；如确未达到法定人数，应重新召开会议并重新表决。",
        "Check the sign-in sheet; if the quorum was really missed, hold the session again and vote again.",
    ),
    example="""
congresses:
  - id: C2025-1
    delegates_total: 68
    delegates_present: 61   # quorum ⌈2/3 × 68⌉ = 46
""",
)
def congress_quorum(branch: Branch, ctx):
    held = sessions_in_period(branch, ctx)
    if not held:
        return [Result(Status.NA, T("审计年度内没有会议", "no session in the audit period"))]
    results = []
    for c in held:
        need = quorum_of(c, ctx.params["quorum"])
        if c.delegates_present > c.delegates_total:
            results.append(
                Result(
                    Status.ERROR,
                    T(
                        f"{c.id}：实到 {c.delegates_present} 人多于应到 {c.delegates_total} 人，数据有误",
                        f"{c.id}: {c.delegates_present} present is more than the {c.delegates_total} delegates; fix "
                        "the data",
                    ),
                    path=c.path + ("delegates_present",),
                )
            )
        elif c.delegates_present < need:
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"{c.id}：应到 {c.delegates_total} 人，实到 {c.delegates_present} 人，未达法定人数 {need}，"
                        "会议无效",
                        f"{c.id}: {c.delegates_present} of {c.delegates_total} delegates present, quorum {need}: the "
                        "session is invalid",
                    ),
                    path=c.path + ("delegates_present",),
                )
            )
        else:
            results.append(
                Result(
                    Status.PASS,
                    T(
                        f"{c.id}：应到 {c.delegates_total} 人，实到 {c.delegates_present} 人，法定人数 {need}",
                        f"{c.id}: {c.delegates_present} of {c.delegates_total} delegates present, quorum {need}",
                    ),
                    path=c.path + ("delegates_present",),
                )
            )
    return results


@rule(
    "CGR003",
    "congress-form",
    "会议形式与单位规模相符",
    "Congress form fits the unit's size",
    BASIS,
    params=(
        Param(
            "representative_from_staff",
            COUNT,
            T(
                "在职职工达到此人数的单位应召开职工代表大会",
                "staff count from which a unit holds a representative congress",
            ),
        ),
        Param("min_delegates", COUNT, T("职工代表大会代表的最少人数", "fewest delegates of a representative congress")),
        Param(
            "min_delegate_share",
            SHARE,
            T("代表人数占全体职工的最低比例", "smallest share of all staff the delegates make up"),
        ),
    ),
    what=T(
        "在职职工 ≥ representative_from_staff 人的单位须召开职工代表大会；职工代表大会的代表人数 ≥ "
        "max(min_delegates, ⌈min_delegate_share × 职工人数⌉)。",
        "A unit with staff_count ≥ representative_from_staff holds a representative congress; a representative "
        "congress has delegates_total ≥ max(min_delegates, ⌈min_delegate_share × staff_count⌉).",
    ),
    why=T(
        "职工人数较多的单位实行职工代表大会制度，代表名额不少于全体职工的 5% 且不少于 30 "
        "人（上海市职工代表大会条例第4条，浙江省企业民主管理条例第15条）。",
        "Larger units hold a representative congress with at least 5% of staff and at least 30 delegates (Shanghai "
        "regulations art. 4; Zhejiang regulations art. 15).",
    ),
    fix=T(
        "按职工人数重新确定会议形式和代表名额，并在下次会议前完成代表选举。",
        "Set the form and the number of delegates from the staff count, and elect the delegates before the next "
        "session.",
    ),
    example="""
branch:
  staff_count: 426          # ≥ 100: a representative congress
congresses:
  - form: representative
    delegates_total: 68     # ≥ max(30, ⌈5% × 426⌉ = 22)
""",
)
def congress_form(branch: Branch, ctx):
    held = sessions_in_period(branch, ctx)
    if not held:
        return [Result(Status.NA, T("审计年度内没有会议", "no session in the audit period"))]
    p, staff = ctx.params, branch.staff_count
    minimum = max(p["min_delegates"], ceil_share(fraction(p["min_delegate_share"]), staff))
    results = []
    for c in held:
        if staff >= p["representative_from_staff"] and c.form != "representative":
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"{c.id}：在职职工 {staff} 人（≥ {p['representative_from_staff']}），"
                        "应召开职工代表大会而不是职工大会",
                        f"{c.id}: {staff} staff (≥ {p['representative_from_staff']}) must hold a representative "
                        "congress, not a general assembly",
                    ),
                    path=c.path + ("form",),
                )
            )
        elif c.form == "representative" and c.delegates_total < minimum:
            results.append(
                Result(
                    Status.FAIL,
                    T(
                        f"{c.id}：代表 {c.delegates_total} 人，少于要求的 {minimum} 人（职工 {staff} 人）",
                        f"{c.id}: {c.delegates_total} delegates, fewer than the {minimum} required for {staff} staff",
                    ),
                    path=c.path + ("delegates_total",),
                )
            )
        else:
            results.append(
                Result(
                    Status.PASS,
                    T(
                        f"{c.id}：{'职工代表大会' if c.form == 'representative' else '职工大会'}，代表 "
                        f"{c.delegates_total} 人，职工 {staff} 人",
                        f"{c.id}: {c.form} congress of {c.delegates_total} delegates for {staff} staff",
                    ),
                    path=c.path,
                )
            )
    return results


@rule(
    "CGR004",
    "congress-papers",
    "会议材料提前送达代表",
    "Papers sent to delegates in time",
    BASIS,
    params=(
        Param(
            "papers_days_before",
            DAYS,
            T("会议材料至少提前送达代表的天数", "days before the session by which the papers reach the delegates"),
        ),
    ),
    what=T(
        "登记了 papers_sent_on 的会议，材料须在会前至少 papers_days_before 天送达代表；迟送为警告。",
        "Where papers_sent_on is recorded, the papers reached delegates at least papers_days_before days before the "
        "session; late is a warning.",
    ),
    why=T(
        "代表须有时间审阅方案和报告（上海市职工代表大会条例第28条：会前7日送达）。",
        "Delegates need time to read plans and reports (Shanghai regulations art. 28: seven days before).",
    ),
    fix=T(
        "下次会议至少提前 7 天把材料发给代表，并记录发送日期。",
        "Send the papers at least seven days before the next session and record the date.",
    ),
    example="""
congresses:
  - date: 2025-03-14
    papers_sent_on: 2025-03-05   # 9 days before
""",
)
def congress_papers(branch: Branch, ctx):
    recorded = [c for c in sessions_in_period(branch, ctx) if c.papers_sent_on]
    if not recorded:
        return [
            Result(
                Status.NA,
                T("审计年度内的会议未登记材料送达日期", "no session in the audit period records papers_sent_on"),
            )
        ]
    need = ctx.params["papers_days_before"]
    results = []
    for c in recorded:
        lead = (c.date - c.papers_sent_on).days
        status = Status.PASS if lead >= need else Status.WARN
        results.append(
            Result(
                status,
                T(
                    f"{c.id}：材料于会前 {lead} 天送达（要求至少 {need} 天）",
                    f"{c.id}: papers sent {lead} days before the session (at least {need} required)",
                ),
                path=c.path + ("papers_sent_on",),
            )
        )
    return results
