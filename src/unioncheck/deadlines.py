"""Deadlines: the open obligations across branches, from the due dates rules attach to results.

Only an *open* obligation is a deadline: a result that is pending, a warning, a
fail or an error and carries a due date. A pass that names its next date (the
next yearly review) is done for now; n/a and waived results are nobody's task.

Each deadline falls in one group: *overdue* (its date has passed), *within*
the window (from the reference date to ``within_days`` after it) or *later*.
The same date of the same branch and family (an election due, seen by ELE001
and ELE002) is listed once, under its most pressing result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import BranchReport, Report, Result, Status

OPEN = (Status.PENDING, Status.WARN, Status.FAIL, Status.ERROR)
GROUPS = ("overdue", "within", "later")


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    branch: BranchReport
    result: Result
    overdue: bool
    group: str = "within"  # overdue, within (the window) or later

    def days_left(self, as_of: dt.date) -> int:
        return (self.due - as_of).days


def deadlines(report: Report, within_days: int | None = None, later: bool = False) -> list[Deadline]:
    """The open obligations, overdue first (oldest first), then those within the window by date,
    then (``later``) the rest by date. Without ``within_days`` every future one is within."""
    horizon = report.as_of + dt.timedelta(days=within_days) if within_days is not None else dt.date.max
    best: dict[tuple, tuple[Result, BranchReport]] = {}
    for branch in report.branches:
        for result in branch.results:
            if result.due is None or result.status not in OPEN:
                continue
            if result.due > horizon and not later:
                continue
            key = (branch.code or branch.file, result.due, result.family)
            if key not in best or result.status.rank > best[key][0].status.rank:
                best[key] = (result, branch)
    found = []
    for result, branch in best.values():
        group = "overdue" if result.due < report.as_of else "within" if result.due <= horizon else "later"
        found.append(Deadline(result.due, branch, result, group == "overdue", group))
    return sorted(found, key=lambda d: (GROUPS.index(d.group), d.due, d.branch.code or "", d.result.rule))


def branch_label(branch: BranchReport, lang: str) -> str:
    """A branch as a person names it: its name with its code (黄土镇卫生院（HTZWSY）), or what there is."""
    if branch.name and branch.code:
        return f"{branch.name}（{branch.code}）" if lang == "zh" else f"{branch.name} ({branch.code})"
    return branch.name or branch.code or branch.file
