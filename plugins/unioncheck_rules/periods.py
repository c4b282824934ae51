"""A yearly obligation within the audit period: held in it, or pending, warned or failed by the calendar.

CGR001 (a congress), TRA002 (a regular training) and the like: when nothing meets the obligation in
the audit period, it falls due on the period's last day; while the period is open it is pending until
``warn_days`` before that day, then a warning; once the period is closed, a failure.
"""

from __future__ import annotations

from unioncheck import Status

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
