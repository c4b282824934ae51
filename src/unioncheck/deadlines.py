"""Deadlines: what falls due, across branches, from the due dates rules attach to results.

A deadline is *overdue* when its date has passed and its result still fails or
warns; it is *upcoming* when its date lies within the window after the
reference date. The same date of the same branch and family (an election due,
seen by ELE001 and ELE002) is listed once, under its most pressing result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import BranchReport, Report, Result, Status

PRESSING = (Status.WARN, Status.FAIL, Status.ERROR)


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    branch: BranchReport
    result: Result
    overdue: bool


def deadlines(report: Report, within_days: int | None = None) -> list[Deadline]:
    """Overdue deadlines first (oldest first), then upcoming ones by date."""
    horizon = report.as_of + dt.timedelta(days=within_days) if within_days is not None else dt.date.max
    best: dict[tuple, tuple[Result, BranchReport]] = {}
    for branch in report.branches:
        for result in branch.results:
            if result.due is None:
                continue
            overdue = result.due < report.as_of and result.status in PRESSING
            upcoming = report.as_of <= result.due <= horizon
            if not (overdue or upcoming):
                continue
            key = (branch.code or branch.file, result.due, result.family)
            if key not in best or result.status.rank > best[key][0].status.rank:
                best[key] = (result, branch)
    found = [Deadline(r.due, b, r, r.due < report.as_of) for r, b in best.values()]
    return sorted(found, key=lambda d: (not d.overdue, d.due, d.branch.code or "", d.result.rule))
