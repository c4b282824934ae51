"""A meeting held once a year (the congress, CGR001; the members' assembly, MEM001): pass when one is dated
in the audit period; while the period is open, pending until ``warn_days`` before its end, then warn; once it
has closed, fail. Not applicable to a branch established after the period began."""

from __future__ import annotations

from unioncheck import Result, Status
from unioncheck import Text as T

from .dates import days


def held_in_period(branch, ctx, held: list, noun: T, where: tuple) -> list[Result]:
    """The finding on a yearly meeting: ``held`` the sessions dated in the audit period (by date), ``noun`` the
    meeting's name (职工(代表)大会 / congress), ``where`` the list a missing session is blamed on."""
    year = str(ctx.period_start.year)
    if held:
        first = held[0]
        return [
            Result(
                Status.PASS,
                T(
                    f"{year} 年已于 {first.date} 召开{noun.zh}（{first.id}）",
                    f"{noun.en} held on {first.date} ({first.id}) for {year}",
                ),
                path=first.path,
                subject=year,
            )
        ]
    if branch.established_on and branch.established_on > ctx.period_start:
        return [
            Result(
                Status.NA,
                T(
                    f"工会成立于 {branch.established_on}，晚于审计期开始",
                    f"established on {branch.established_on}, after the audit period began",
                ),
                subject=year,
            )
        ]
    due = ctx.period_end
    if ctx.period_closed:
        status, message = Status.FAIL, T(f"{due.year} 年未召开{noun.zh}", f"no {noun.en} session in {due.year}")
    elif ctx.as_of >= due - days(ctx.params["warn_days"]):
        status = Status.WARN
        zh = f"{due.year} 年尚未召开{noun.zh}，须在 {due} 前召开"
        message = T(zh, f"no {noun.en} session yet in {due.year}; due by {due}")
    else:
        status = Status.PENDING
        message = T(f"{due.year} 年的{noun.zh}须在 {due} 前召开", f"this year's {noun.en} is due by {due}")
    return [Result(status, message, due, path=where, subject=year)]
