"""A yearly obligation within the audit period: held in it, or pending, warned or failed by the calendar.

CGR001 (a congress), MEM001 (a members' assembly), TRA002 (a regular training) and the like: when
nothing meets the obligation in the audit period, it falls due on the period's last day; while the
period is open it is pending until ``warn_days`` before that day, then a warning; once the period is
closed, a failure.
"""

from __future__ import annotations

from unioncheck import Result, Status
from unioncheck import Text as T

from .branch import Branch
from .dates import days


def not_yet_met(ctx, warn_days: int) -> Status:
    """The status of an obligation due on ``ctx.period_end`` and not met by ``ctx.as_of``."""
    if ctx.period_closed:
        return Status.FAIL
    if ctx.as_of >= ctx.period_end - days(warn_days):
        return Status.WARN
    return Status.PENDING


def established_in_period(branch: Branch, ctx) -> bool:
    """The branch was established after the audit period began: a yearly obligation does not apply."""
    return branch.established_on is not None and branch.established_on > ctx.period_start


def established_later(branch: Branch, year: str) -> Result:
    """Not applicable: the branch was established after the audit period began (``established_in_period``)."""
    return Result(
        Status.NA,
        T(
            f"工会成立于 {branch.established_on}，晚于审计期开始",
            f"established on {branch.established_on}, after the audit period began",
        ),
        subject=year,
    )


def held_in_period(branch: Branch, ctx, held: list, noun: T, where: tuple) -> list[Result]:
    """The finding on a meeting held once a year (CGR001, MEM001): ``held`` the sessions dated in the audit
    period (by date), ``noun`` the meeting's name (职工(代表)大会 / congress), ``where`` the list a missing
    session is blamed on. Not applicable to a branch established after the period began."""
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
    if established_in_period(branch, ctx):
        return [established_later(branch, year)]
    due = ctx.period_end
    status = not_yet_met(ctx, ctx.params["warn_days"])
    message = {
        Status.FAIL: T(f"{due.year} 年未召开{noun.zh}", f"no {noun.en} session in {due.year}"),
        Status.WARN: T(
            f"{due.year} 年尚未召开{noun.zh}，须在 {due} 前召开",
            f"no {noun.en} session yet in {due.year}; due by {due}",
        ),
        Status.PENDING: T(f"{due.year} 年的{noun.zh}须在 {due} 前召开", f"this year's {noun.en} is due by {due}"),
    }[status]
    return [Result(status, message, due, path=where, subject=year)]
