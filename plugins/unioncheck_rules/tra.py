"""TRA — 工会干部培训: newly elected committee members attend onboarding training, and the committee
takes part in the year's regular training.

Attendees are named as in the election results (public, not personal data). Names are compared
without their spaces: "王 某", "王　某" (a full-width space pads a two-character name) and "王某"
are one person.
"""

from __future__ import annotations

from unioncheck import Param, Result, Status
from unioncheck import Text as T

from .branch import Branch, Election, Training
from .dates import add_months
from .periods import established_in_period, established_later, not_yet_met
from .registry import rule
from .values import DAYS, MONTHS

BASIS = "中国工会章程 第34条；北京市实施《中华人民共和国工会法》办法 第15条；本局工会年度培训安排（每年四月）"


def plain(name: str) -> str:
    """A name as compared: every space (ASCII or full-width) left out."""
    return "".join(name.split())


def _names(names) -> list[str]:
    """``names`` compared as plain names, each once, in order."""
    return list(dict.fromkeys(p for p in map(plain, names) if p))


def _attended(trainings: list[Training]) -> set[str]:
    return {plain(a) for t in trainings for a in t.attendees}


def _listed(names: list[str]) -> str:
    return "、".join(names)


def latest_general(branch: Branch) -> Election | None:
    """The latest general election on or before the reference date (the view has left out later ones)."""
    general = branch.general_elections()
    return general[-1] if general else None


def committee(branch: Branch, election: Election) -> list[str]:
    """The committee in office: the members elected at ``election`` and at the by-elections after it."""
    later = [e for e in branch.elections if e.kind == "by_election" and e.date > election.date]
    return _names(election.elected + tuple(n for e in later for n in e.elected))


NO_ELECTION = T("没有换届选举记录，无从判断委员培训", "no general election on file: no committee to judge")


@rule(
    "TRA001",
    "onboarding-training",
    "新当选委员参加上岗培训",
    "Newly elected members attend onboarding training",
    BASIS,
    params=(
        Param(
            "months_after_election",
            MONTHS,
            T("换届选举后多少个月内须参加上岗培训", "months after the general election within which members attend"),
        ),
    ),
    what=T(
        "参考日前最近一次换届选举的每名当选委员，都在选举当日或之后、months_after_election 个月内（含期满当日）"
        "参加过上岗培训（kind: onboarding），列在该次培训的 attendees 中；期限未到的为待办。姓名比对时不计空格"
        "（含全角空格）。没有换届选举记录的不适用。",
        "Every member elected at the latest general election on or before as_of is among the attendees of an "
        "onboarding training dated on or after the election and within months_after_election of it (the day the "
        "months end included); before that day, pending. Names are compared without their spaces (full-width "
        "ones too). Not applicable without a general election on file.",
    ),
    why=T(
        "工会建立干部培训制度（中国工会章程第34条）；新当选的工会主席、副主席和委员应参加上岗培训"
        "（参照外省标准：北京市实施《工会法》办法第15条）。",
        "The union trains its officers (Constitution of the Chinese Trade Unions art. 34); newly elected chairs, "
        "vice chairs and members attend onboarding training (a benchmark from another province: the Beijing "
        "Trade Union Law Measures art. 15).",
    ),
    fix=T(
        "在 trainings 中登记上岗培训及参训委员（姓名与当选人员一致）；尚未参加的，安排其参加上岗培训。",
        "Record the onboarding training and its attendees under trainings (named as in the election results); "
        "send those who have not attended to an onboarding course.",
    ),
    example="""
elections:
  - id: E2023
    date: 2023-05-19
    kind: general
    elected:
      - {name: 王某, votes: 352}
      - {name: 李某, votes: 347}
trainings:
  - date: 2023-09-14          # within 12 months of 2023-05-19
    title: 县总工会新任基层工会干部上岗培训
    kind: onboarding
    attendees: [王某, 李某]
""",
)
def onboarding_training(branch: Branch, ctx):
    election = latest_general(branch)
    if election is None:
        return [Result(Status.NA, NO_ELECTION)]
    due = add_months(election.date, ctx.params["months_after_election"])
    courses = [t for t in branch.trainings if t.kind == "onboarding" and election.date <= t.date <= due]
    elected = _names(election.elected)
    attended = _attended(courses)
    missing = [n for n in elected if n not in attended]
    e, total = election.id, len(elected)
    if not missing:
        last = courses[-1].date if courses else None
        return [
            Result(
                Status.PASS,
                T(
                    f"{e} 当选的 {total} 人均已参加上岗培训（最近一次 {last}）",
                    f"all {total} members elected at {e} attended onboarding training (latest on {last})",
                ),
                path=courses[-1].path if courses else election.path,
                subject=e,
            )
        ]
    k, who, some = len(missing), _listed(missing), len(missing) < total
    part = f"中 {k} 人（{who}）" if some else "均"
    members = (
        f"{k} of the {total} members elected at {e} ({who})" if some else f"none of the {total} members elected at {e}"
    )
    if ctx.as_of <= due:
        verb = "have not yet attended onboarding training" if some else "has attended onboarding training yet"
        return [
            Result(
                Status.PENDING,
                T(f"{e} 当选的 {total} 人{part}尚未参加上岗培训，应于 {due} 前参加", f"{members} {verb}; due by {due}"),
                due,
                path=election.path + ("elected",),
                subject=e,
            )
        ]
    return [
        Result(
            Status.FAIL,
            T(
                f"{e} 当选的 {total} 人{part}未参加上岗培训（应于 {due} 前）",
                f"{members} {'did not attend' if some else 'attended'} onboarding training (due by {due})",
            ),
            due,
            path=election.path + ("elected",),
            subject=e,
        )
    ]


@rule(
    "TRA002",
    "regular-training",
    "在任委员参加年度培训",
    "Committee members attend the year's training",
    BASIS,
    params=(
        Param(
            "warn_days",
            DAYS,
            T(
                "本年度尚无委员参加年度培训时，年末前多少天起为警告",
                "days before the year ends from which no member trained yet is a warning",
            ),
        ),
    ),
    what=T(
        "参考日在任的工会委员会（最近一次换届选举当选的委员，加上其后增补的委员）至少有一人参加了审计年度内的"
        "年度培训（kind: regular）。年度未结束时，距年末 warn_days 天之前为待办，之后为警告；年度结束仍无人参加为"
        "不合格。没有换届选举记录、或审计年度开始后才成立的工会不适用。",
        "At least one member of the committee in office on as_of (the members elected at the latest general "
        "election, and those by-elected after it) attended a regular training dated in the audit period. While "
        "the period is open it is pending until warn_days before its end, then a warning; once closed, a failure. "
        "Not applicable without a general election on file, or to a branch established after the period began.",
    ),
    why=T(
        "工会建立干部培训制度（中国工会章程第34条）；按本局工会安排，每年四月举办工会干部培训班，基层工会每年派委员参加。",
        "The union trains its officers (Constitution of the Chinese Trade Unions art. 34); as the county union "
        "arranges, a training course for union officers is held every April, and each branch sends committee "
        "members every year.",
    ),
    fix=T(
        "在 trainings 中登记本年度的年度培训（kind: regular）及参训委员；尚未参加的，年底前安排委员参加。",
        "Record this year's regular training (kind: regular) and the members who attended under trainings; if "
        "none has, send a member before the year ends.",
    ),
    example="""
trainings:
  - date: 2025-04-17
    title: 卫生健康系统工会干部培训班
    kind: regular
    attendees: [王某, 李某]   # members of the committee elected at E2023
""",
)
def regular_training(branch: Branch, ctx):
    election = latest_general(branch)
    year = str(ctx.period_start.year)
    if election is None:
        return [Result(Status.NA, NO_ELECTION, subject=year)]
    members = committee(branch, election)
    for course in (t for t in branch.trainings if t.kind == "regular" and ctx.in_period(t.date)):
        present = [n for n in _names(course.attendees) if n in members]
        if present:
            return [
                Result(
                    Status.PASS,
                    T(
                        f"{year} 年在任委员 {len(present)} 人（{_listed(present)}）参加了年度培训"
                        f"（{course.date} {course.title}）",
                        f"{len(present)} committee members ({_listed(present)}) attended the regular training of "
                        f"{course.date} ({course.title}) in {year}",
                    ),
                    path=course.path + ("attendees",),
                    subject=year,
                )
            ]
    if established_in_period(branch, ctx):
        return [established_later(branch, year)]
    due = ctx.period_end
    status = not_yet_met(ctx, ctx.params["warn_days"])
    n, since = len(members), election.id
    who = T(f"在任委员 {n} 人（{since} 起）", f"the {n} committee members (since {since})")
    message = {
        Status.FAIL: T(f"{year} 年{who.zh}无人参加年度培训", f"none of {who.en} attended a regular training in {year}"),
        Status.WARN: T(
            f"{year} 年{who.zh}尚无人参加年度培训，须在 {due} 前参加",
            f"none of {who.en} has attended a regular training yet in {year}; due by {due}",
        ),
        Status.PENDING: T(
            f"{year} 年须有在任委员在 {due} 前参加年度培训",
            f"a committee member is to attend this year's regular training by {due}",
        ),
    }[status]
    return [Result(status, message, due, path=("trainings",), subject=year)]
