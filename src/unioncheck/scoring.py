"""The county's score sheet (考核评分): points per branch from its findings.

The sheet itself comes from the profile's ``scoring`` section (``Scoring``, read by
``profile``); without one there is no score. This module knows nothing of unions:
an item is a number of points, the rules it covers and what one finding of each
status takes off.

Interface the reporters and notices read:

- ``score_report(report) -> ScoreSheet | None``
- ``ScoreSheet``: ``title`` (Text), ``total`` (the full points), ``items`` (``Item``),
  ``branches`` (``BranchScore``, in file order), ``of(branch) -> BranchScore | None``,
  ``ranked()`` (the branches in rank order) and ``item_of(rule_code) -> Item | None``
- ``BranchScore``: ``branch``, ``score``, ``rank`` (equal scores share a rank: 1, 1, 3),
  ``deductions`` (``Deduction``, one per item that had findings), ``waived`` (results
  that cost nothing because they were waived), ``off(item_code)`` (the points an item
  took off) and ``lost`` (``total - score``)
- ``Deduction``: ``item``, ``points`` (what it took off, at most the item's cap),
  ``results`` (the findings behind it), ``costs`` (what each of them took off, in the
  same order; they add up to ``points``) and ``capped`` (whether the cap stopped it)

Rules: pass, n/a and pending cost nothing; a waived finding costs nothing and is
listed in ``waived``; a finding a baseline knows costs what any other does (a
baseline is a CI device, not an exemption). Points are counted in tenths, so that
a score has at most one decimal; ``number`` gives an ``int`` where it is whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .model import BranchReport, Report, Result, Status, Text

#: The statuses a finding can cost points with; the others cost nothing.
COSTING = (Status.FAIL.value, Status.ERROR.value, Status.WARN.value)


def tenths(value: float) -> int:
    return round(value * 10)


def number(tenth: int) -> int | float:
    """Tenths of a point as the number shown: ``95``, ``92.5``; never ``95.0``."""
    return tenth // 10 if tenth % 10 == 0 else tenth / 10


def points_text(value: float) -> str:
    """A score as text: at most one decimal, no trailing ``.0``."""
    return str(number(tenths(value)))


@dataclass(frozen=True)
class Item:
    """One line of the sheet: its name, its points, what it covers (rule codes or families) and
    how much one finding of each status takes off, at most ``points`` (or ``cap``, when smaller)."""

    code: str
    name: Text
    points: float
    covers: tuple[str, ...]
    deduct: dict = field(default_factory=dict, hash=False)  # status value -> points per finding
    cap: float | None = None
    rules: tuple[str, ...] = ()  # the rule codes ``covers`` comes to

    @property
    def most(self) -> float:
        """The most the item takes off: its points, or its cap where that is smaller."""
        return self.points if self.cap is None else min(self.cap, self.points)


@dataclass(frozen=True)
class Scoring:
    """The sheet as a profile defines it: no branch in it yet."""

    title: Text
    total: float
    items: tuple[Item, ...]
    file: str = ""  # the profile file it comes from

    @cached_property
    def owner(self) -> dict[str, Item]:
        """Rule code -> the item it falls under (a rule falls under one item at most)."""
        return {code: item for item in self.items for code in item.rules}

    def item_of(self, rule: str) -> Item | None:
        return self.owner.get(rule)


@dataclass
class Deduction:
    item: Item
    points: float
    results: list[Result]
    capped: bool = False
    costs: list[float] = field(default_factory=list)  # what each of ``results`` took off
    unjudged: bool = False  # the branch's file has errors and none of the item's rules could judge it


@dataclass
class BranchScore:
    branch: BranchReport
    score: float
    rank: int = 0
    deductions: list[Deduction] = field(default_factory=list)
    waived: list[Result] = field(default_factory=list)
    total: float = 0

    def off(self, item: str) -> float:
        """The points item ``item`` (its code) took off this branch: 0 where it took none."""
        return next((d.points for d in self.deductions if d.item.code == item), 0)

    @property
    def lost(self) -> float:
        return number(tenths(self.total) - tenths(self.score))


@dataclass
class ScoreSheet:
    title: Text
    total: float
    items: list[Item]
    branches: list[BranchScore]

    def __post_init__(self):
        self._by_id = {id(s.branch): s for s in self.branches}
        self._owner = {code: item for item in self.items for code in item.rules}

    def of(self, branch: BranchReport) -> BranchScore | None:
        return self._by_id.get(id(branch))

    def ranked(self) -> list[BranchScore]:
        """The branches best first; equal scores in file order."""
        return sorted(self.branches, key=lambda s: s.rank)

    def item_of(self, rule: str) -> Item | None:
        return self._owner.get(rule)


def score_branch(scoring: Scoring, branch: BranchReport, ran: set[str] | frozenset = frozenset()) -> BranchScore:
    """One branch's score (its rank is not known until every branch is scored: ``rank``).

    A branch whose file has errors (a result with status error) loses the whole of an item
    (its cap) where none of the item's rules that ran (``ran``: the run's rule codes) gave it
    any result: what could not be checked does not score as passed."""
    owner = scoring.owner
    found: dict[str, list[Result]] = {}
    seen: set[str] = set()  # items with any result
    waived = []
    for result in branch.results:
        item = owner.get(result.rule)
        if item is None:
            continue
        seen.add(item.code)
        if result.status is Status.WAIVED:
            waived.append(result)
        elif result.status.value in COSTING and item.deduct.get(result.status.value):
            found.setdefault(item.code, []).append(result)
    deductions = []
    lost = 0
    broken = any(r.status is Status.ERROR for r in branch.results)
    for item in scoring.items:
        results = found.get(item.code)
        if broken and item.code not in seen and ran.intersection(item.rules):
            lost += tenths(item.most)
            deductions.append(Deduction(item, number(tenths(item.most)), [], False, [], unjudged=True))
            continue
        if not results:
            continue
        left, costs, capped = tenths(item.most), [], False
        for result in results:
            cost = tenths(item.deduct[result.status.value])
            taken = min(cost, left)
            capped = capped or taken < cost
            left -= taken
            costs.append(taken)
        taken = sum(costs)
        lost += taken
        deductions.append(Deduction(item, number(taken), results, capped, [number(c) for c in costs]))
    score = number(tenths(scoring.total) - lost)
    return BranchScore(branch, score, 0, deductions, waived, number(tenths(scoring.total)))


def rank(scores: list[BranchScore]) -> None:
    """Set each score's rank: one more than the number of branches scoring higher (1, 1, 3)."""
    for s, place in zip(scores, ranks([s.score for s in scores])):
        s.rank = place


def ranks(points: list[float]) -> list[int]:
    """The rank of each of ``points``: one more than the number of them that are higher (1, 1, 3)."""
    ordered = sorted((tenths(p) for p in points), reverse=True)
    first: dict[int, int] = {}
    for i, tenth in enumerate(ordered, start=1):
        first.setdefault(tenth, i)
    return [first[tenths(p)] for p in points]


def score_report(report: Report) -> ScoreSheet | None:
    """The report's score sheet (its kept branches), or None where the profile defines none."""
    scoring = getattr(report.profile, "scoring", None)
    if scoring is None:
        return None
    ran = {rule.code for rule in report.rules}
    scores = [score_branch(scoring, b, ran) for b in report.branches]
    rank(scores)
    return ScoreSheet(scoring.title, number(tenths(scoring.total)), list(scoring.items), scores)
