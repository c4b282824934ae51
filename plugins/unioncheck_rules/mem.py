"""MEM — 会员(代表)大会: the members' own assembly meets every year, hears the committee's three reports and
takes the form the membership's size calls for.

The assembly is not the workers' congress (CGR), though the two may sit together (两会合一, ``joint_with``):
a joint session counts for both, each by its own record (the congress's in ``congresses``, the assembly's in
``member_assemblies``), and each keeps its own data.
"""

from __future__ import annotations

from unioncheck import Param, Result, Status
from unioncheck import Text as T

from .branch import Branch, MemberAssembly
from .contract import CONTRACT
from .periods import held_in_period
from .registry import rule
from .values import COUNT, DAYS

BASIS = "中国工会章程 第26条；工会法 第10、45条"
NOUN = T("会员(代表)大会", "members' assembly")
FORMS = {"representative": T("会员代表大会", "representative assembly"), "general": T("会员大会", "general assembly")}
# the reports an assembly hears: their Chinese names are the contract's (the first word of each value)
_WORDS = CONTRACT.annotated("values")[("member_assemblies", "*", "reports", "*")]
_EN = {
    "committee_work": "the committee's work report",
    "union_finance": "the union funds report",
    "audit_committee": "the funds audit committee's report",
}
REPORTS = {code: T(words[0], _EN.get(code, code)) for code, words in _WORDS.items()}
REPORT_LIST = {"type": "array", "items": {"enum": list(REPORTS)}}


def assemblies_in_period(branch: Branch, ctx) -> list[MemberAssembly]:
    return [m for m in branch.member_assemblies if ctx.in_period(m.date)]


def _congress_dates(branch: Branch) -> dict[str, str]:
    """{id: date} of every congress session on file, held by the reference date or not (as written)."""
    return {str(c.get("id")): str(c.get("date")) for c in branch.document.data.get("congresses") or []}


def _joint_dates(branch: Branch, held: list[MemberAssembly]) -> list[Result]:
    """A joint assembly dated otherwise than the congress it sat with: a warning (a likely typo)."""
    dates, found = _congress_dates(branch), []
    for m in held:
        theirs = dates.get(m.joint_with) if m.joint_with else None
        if theirs is not None and theirs != m.date.isoformat():
            found.append(
                Result(
                    Status.WARN,
                    T(
                        f"{m.id} 与职代会 {m.joint_with} 合并召开，日期却不同：{m.date} 与 {theirs}，请核对",
                        f"{m.id} sat jointly with congress {m.joint_with} but is dated {m.date}, the congress "
                        f"{theirs}: check the dates",
                    ),
                    path=m.path + ("date",),
                    subject=f"{m.id}/joint_with",
                )
            )
    return found


@rule(
    "MEM001",
    "assembly-held",
    "年度会员(代表)大会已召开",
    "Annual members' assembly held",
    BASIS,
    params=(
        Param(
            "warn_days",
            DAYS,
            T(
                "年度会员(代表)大会尚未召开时，年末前多少天起为警告",
                "days before the year ends from which an assembly not yet held is a warning",
            ),
        ),
    ),
    what=T(
        "审计年度内至少召开一次会员(代表)大会（与职代会合并召开的也算，以会员大会自己的记录为准）。年度未结束时，"
        "距年末 warn_days 天之前为待办，之后为警告；年度结束仍未召开为不合格。审计年度开始后才成立的工会不适用。"
        "与职代会合并召开、日期却与该次职代会不同的，为警告。",
        "At least one members' assembly is dated in the audit period (one held jointly with a congress counts, by "
        "the assembly's own record). While the period is open it is pending until warn_days before its end, then a "
        "warning; once the period is closed, a failure. Not applicable to a branch established after the period "
        "began. A joint assembly dated otherwise than its congress is a warning.",
    ),
    why=T(
        "会员大会或会员代表大会是基层工会的权力机关，每年至少召开一次（中国工会章程第26条）；工会委员会向它报告工作"
        "（工会法第10条）。它与职工代表大会不同：职代会是职工参与单位民主管理的形式，会员大会决定工会自己的事。",
        "The members' general or representative assembly is the branch union's highest body and meets at least "
        "once a year (Constitution of the Chinese Trade Unions art. 26); the committee reports to it (Trade Union "
        "Law art. 10). It is not the workers' congress: the congress is how staff take part in running the unit, "
        "the assembly decides the union's own affairs.",
    ),
    fix=T(
        "在 member_assemblies 中登记本年度召开的会员(代表)大会（与职代会合并召开的，joint_with 填该次职代会的编号，"
        "日期与职代会相同）；尚未召开的，请在年底前召开。",
        "Record this year's assembly under member_assemblies (one held with a congress names it in joint_with and "
        "has the congress's date); if none has been held, hold one before the year ends.",
    ),
    example="""
member_assemblies:
  - id: M2025-1
    date: 2025-03-14
    form: representative
    joint_with: C2025-1       # held together with the congress of the same day (两会合一)
""",
)
def assembly_held(branch: Branch, ctx):
    held = assemblies_in_period(branch, ctx)
    return held_in_period(branch, ctx, held, NOUN, ("member_assemblies",)) + _joint_dates(branch, held)


@rule(
    "MEM002",
    "assembly-reports",
    "会员(代表)大会审议三项报告",
    "The assembly heard the required reports",
    BASIS,
    params=(
        Param(
            "required_reports",
            REPORT_LIST,
            T(
                "审计年度内的会员(代表)大会须审议的报告（committee_work 工会工作报告、union_finance 经费收支情况报告、"
                "audit_committee 经审会工作报告）",
                "the reports the year's assemblies hear (committee_work, union_finance, audit_committee)",
            ),
        ),
    ),
    what=T(
        "审计年度内召开的会员(代表)大会合起来审议了 required_reports 中的每一项报告（一次大会审议了其中几项、"
        "另一次审议其余的，也算）。缺少的每项报告为不合格；年内再次召开大会审议即可补正。年度内没有大会的不适用"
        "（见 MEM001）。",
        "The assemblies dated in the audit period heard, between them, every report in required_reports (one "
        "session may hear some and another the rest). Each report missing is a failure; another session within "
        "the year that hears it puts it right. Not applicable when no assembly is dated in the period (see MEM001).",
    ),
    why=T(
        "会员大会审议批准工会委员会的工作报告、经费收支情况报告和经费审查委员会的工作报告（中国工会章程第26条）；"
        "工会委员会向会员大会报告工作（工会法第10条），经费收支情况定期向会员大会报告（工会法第45条）。",
        "The assembly approves the committee's work report, the union funds report and the funds audit committee's "
        "report (Constitution art. 26); the committee reports to the assembly (Trade Union Law art. 10) and so do "
        "the union's accounts, regularly (art. 45).",
    ),
    fix=T(
        "在该次大会的 reports 中登记实际审议的报告；确未审议的，在年内再次召开会员(代表)大会审议。",
        "List under the assembly's reports what it heard; a report that was not heard goes to another session "
        "within the year.",
    ),
    example="""
member_assemblies:
  - id: M2025-1
    date: 2025-03-14
    reports: [committee_work, union_finance, audit_committee]   # 工会工作报告、经费收支情况报告、经审会工作报告
""",
)
def assembly_reports(branch: Branch, ctx):
    held = assemblies_in_period(branch, ctx)
    year = ctx.period_start.year
    if not held:
        return [Result(Status.NA, T(f"{year} 年没有会员(代表)大会", f"no members' assembly in {year}"))]
    required = ctx.params["required_reports"]
    heard = {r for m in held for r in m.reports}
    missing = [r for r in required if r not in heard]
    sessions = "、".join(m.id for m in held)
    if not missing:
        return [
            Result(
                Status.PASS,
                T(
                    f"{year} 年的会员(代表)大会（{sessions}）审议了全部 {len(required)} 项报告",
                    f"the {year} assemblies ({', '.join(m.id for m in held)}) heard all {len(required)} reports",
                ),
                path=held[-1].path + ("reports",),
                subject=str(year),
            )
        ]
    done = len(required) - len(missing)
    return [
        Result(
            Status.FAIL,
            T(
                f"{year} 年的会员(代表)大会（{sessions}）未审议{REPORTS[r].zh}（应审议 {len(required)} 项，"
                f"审议了 {done} 项）",
                f"no {year} assembly ({', '.join(m.id for m in held)}) heard {REPORTS[r].en} ({done} of the "
                f"{len(required)} reports heard)",
            ),
            ctx.period_end,
            path=held[-1].path + ("reports",),
            subject=f"{year}/{r}",
        )
        for r in missing
    ]


@rule(
    "MEM003",
    "assembly-form",
    "会员(代表)大会形式与会员人数相符",
    "Assembly form fits the membership",
    BASIS,
    params=(
        Param(
            "general_below_members",
            COUNT,
            T("会员少于此人数的工会应召开会员大会", "members below which a branch holds a general assembly"),
        ),
    ),
    what=T(
        "会员人数少于 general_below_members 的基层工会召开会员大会（全体会员参加），不召开会员代表大会；会员达到"
        "该人数的，两种形式均可。会员代表大会而未填写会员人数的为警告（无法判断）。审计年度内没有大会的不适用。",
        "A branch with member_count below general_below_members holds a general assembly (all members), not a "
        "representative one; from that number either form may be held. A representative assembly of a branch "
        "whose member_count is not given is a warning (it cannot be judged). Not applicable when no assembly is "
        "dated in the period.",
    ),
    why=T(
        "会员人数少的基层工会应当召开会员大会，界限为一百人（中国工会章程第26条）：会员少时人人都能到会，"
        "不必由代表代行。",
        "A branch union with few members holds a general assembly, the line being a hundred members (Constitution "
        "art. 26): where every member can attend, no delegates stand in for them.",
    ),
    fix=T(
        "会员不足规定人数的，今后召开会员大会，全体会员参加；会员人数登记有误的，在 branch 的 member_count 中改正。",
        "Below that number, hold general assemblies of all members from now on; if the membership is recorded "
        "wrongly, correct member_count under branch.",
    ),
    example="""
branch:
  member_count: 70            # fewer than 100 members: a general assembly
member_assemblies:
  - id: M2025-1
    form: general             # 会员大会
    members_total: 70
""",
)
def assembly_form(branch: Branch, ctx):
    held = assemblies_in_period(branch, ctx)
    if not held:
        year = ctx.period_start.year
        return [Result(Status.NA, T(f"{year} 年没有会员(代表)大会", f"no members' assembly in {year}"))]
    below, members = ctx.params["general_below_members"], branch.member_count
    results = []
    for m in held:
        form = FORMS[m.form]
        if m.form == "general" or (members is not None and members >= below):
            counted = T(f"，会员 {members} 人", f" for {members} members") if members is not None else T("", "")
            status, message, where = Status.PASS, T(f"{m.id}：{form.zh}", f"{m.id}: a {form.en}") + counted, m.path
        elif members is None:
            status, where = Status.WARN, m.path + ("form",)
            message = T(
                f"{m.id}：召开的是会员代表大会，但未填写会员人数，无法判断会员是否达到 {below} 人",
                f"{m.id}: a representative assembly, but member_count is not given: whether the branch has "
                f"{below} members or more cannot be told",
            )
        else:
            status, where = Status.FAIL, m.path + ("form",)
            message = T(
                f"{m.id}：会员 {members} 人，少于 {below} 人，应召开会员大会而不是会员代表大会",
                f"{m.id}: {members} members, fewer than {below}: a general assembly is due, not a representative one",
            )
        results.append(Result(status, message, path=where, subject=m.id))
    return results
