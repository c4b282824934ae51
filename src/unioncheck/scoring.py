"""The county's score sheet (考核评分): points per branch from its findings.

Interface the reporters and notices read (the sheet itself comes from the
profile's ``scoring`` section; without one there is no score):

- ``score_report(report) -> ScoreSheet | None``
- ``ScoreSheet``: ``title`` (Text), ``total`` (the full points), ``items``, and
  ``of(branch) -> BranchScore``
- ``BranchScore``: ``score``, ``rank`` (equal scores share a rank), ``deductions``
  (``Deduction``: item, points taken, the results behind them, whether the cap
  stopped it) and ``waived`` (results that cost nothing because they were waived)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import BranchReport, Report, Result, Text


@dataclass(frozen=True)
class Item:
    """One line of the sheet: its name, its points, what it covers (rule codes or families) and
    how much one finding of each status takes off, at most ``points``."""

    code: str
    name: Text
    points: float
    covers: tuple[str, ...]
    deduct: dict = field(default_factory=dict)  # status value -> points per finding


@dataclass
class Deduction:
    item: Item
    points: float
    results: list[Result]
    capped: bool = False


@dataclass
class BranchScore:
    branch: BranchReport
    score: float
    rank: int = 0
    deductions: list[Deduction] = field(default_factory=list)
    waived: list[Result] = field(default_factory=list)


@dataclass
class ScoreSheet:
    title: Text
    total: float
    items: list[Item]
    branches: list[BranchScore]

    def of(self, branch: BranchReport) -> BranchScore | None:
        for scored in self.branches:
            if scored.branch is branch:
                return scored
        return None


def score_report(report: Report) -> ScoreSheet | None:
    """The report's score sheet, or None where the profile defines none."""
    if getattr(report.profile, "scoring", None) is None:
        return None
    raise NotImplementedError("the profile's scoring section is read by the scoring slice")
