"""The engine's vocabulary: plain dataclasses shared by loader, engine, rules and reporters.

- ``Status``: the outcome of one rule for one branch (pass, pending, warn, fail, n/a, error).
- ``Text``: a message in Chinese and English; reporters pick the language.
- ``Location``: where a finding is: a line and column in a text file, or a sheet and cell in a workbook.
- ``Rule``: what a plugin registers: code, family, titles, basis, parameters, check function.
- ``Result``: what a check returns; the engine adds the rule code and the file location.
- ``BranchReport`` / ``Report``: what reporters render.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from .privacy import pointer_part


def display_path(file: str) -> str:
    """A file as every report (and a finding's key) shows it: relative to the working directory
    where it lies below it (given absolute, as ``./x`` or through ``..``), otherwise as given; with
    forward slashes."""
    try:
        relative = os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return Path(file).as_posix()
    outside = relative == os.pardir or relative.startswith(os.pardir + os.sep)
    return Path(file if outside else relative).as_posix()


#: The years a date may have, in data and on the command line (``--as-of``,
#: ``--year``): one range, enforced where dates come in, so that no rule meets
#: a date it cannot add a term or a deadline to.
YEARS = range(1949, 2201)


class Status(str, enum.Enum):
    """Outcome of a rule, ordered by how bad it is (``rank``: higher is worse)."""

    NA = "n/a"
    PASS = "pass"
    WAIVED = "waived"  # a fail or warn the bureau exempted (see waivers); never hidden
    PENDING = "pending"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def worst(cls, statuses: Iterable[Status]) -> Status:
        """The worst of ``statuses`` in the order error, fail, warn, pending, pass, n/a."""
        return max(statuses, key=_RANK.__getitem__, default=cls.NA)

    def label(self, lang: str) -> str:
        return _LABELS[self][0 if lang == "zh" else 1]


_RANK = {s: i for i, s in enumerate(Status)}
_LABELS = {
    Status.NA: ("不适用", "n/a"),
    Status.PASS: ("通过", "pass"),
    Status.WAIVED: ("已豁免", "waived"),
    Status.PENDING: ("待办", "pending"),
    Status.WARN: ("警告", "warn"),
    Status.FAIL: ("不合格", "fail"),
    Status.ERROR: ("错误", "error"),
}


class Severity(str, enum.Enum):
    """What a broken requirement becomes: ``fail``, downgraded to ``warn``, or ``off`` (rule not run)."""

    FAIL = "fail"
    WARN = "warn"
    OFF = "off"


@dataclass(frozen=True)
class Text:
    """A message in both languages. Chinese first: the users are Chinese union staff."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def __add__(self, other: Text) -> Text:
        return Text(self.zh + other.zh, self.en + other.en)


@dataclass(frozen=True)
class Location:
    """Where a finding is: ``file`` and, in a text file, ``line`` and ``column`` (1-based);
    in a workbook, ``sheet`` and ``cell`` (``职代会``, ``D4``)."""

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file} {self.sheet}!{self.cell}" if self.cell else f"{self.file} {self.sheet}"
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


DataPath = tuple  # a path into a document: ("congresses", 1, "date")


@dataclass
class Result:
    """One verdict of one rule on one branch.

    A check returns these with ``status``, ``message`` and, where it can, the
    ``path`` of the value to blame, the ``due`` date of what falls due next and the
    ``subject`` the finding is about in the data's terms (a period ``union_finance/2025-Q2``,
    an event id; see ``keys``) where the path does not say it. The engine fills ``rule``,
    ``family``, ``location`` and ``key`` (``RULE:BRANCH:SUBJECT``, what makes it the same
    finding in another run); the gate marks ``waiver`` and ``known``, --compare ``change``
    and ``was``.
    """

    status: Status
    message: Text
    due: dt.date | None = None
    path: DataPath | None = None
    rule: str = ""
    family: str = ""
    location: Location | None = None
    waiver: Any = None  # the waiver that turned a fail or warn into waived
    known: bool | None = None  # with a baseline: True for a finding it already holds, False for a new one
    change: str | None = None  # with --compare: new, fixed, open or changed (see compare)
    subject: str | None = None  # what the finding is about, where the rule names it (see keys)
    key: str = ""  # RULE:BRANCH:SUBJECT, unique in the branch: set by the engine (see keys)
    was: str | None = None  # with --compare: the status the earlier report gave this key

    @property
    def pointer(self) -> str:
        """The data path as a JSON Pointer (/congresses/1/date), for tools; findings are matched on ``key``."""
        return pointer(tuple(self.path or ()))


@lru_cache(maxsize=8192)  # the same few hundred paths recur in every branch
def pointer(path: tuple) -> str:
    """A data path as a JSON Pointer, with a key that is not a field name hidden."""
    return "".join("/" + pointer_part(p) for p in path)


@dataclass(frozen=True)
class Param:
    """A rule parameter, declared beside the rule: its name, a JSON Schema for its value, what it
    means (both languages) and, for a rule outside the default profile, a default value and the
    regulation or decision it comes from (``source``), used where no profile gives a value.

    Builtin rules declare no defaults: every value comes from the profile, with its source.
    """

    class NoDefault(enum.Enum):  # a member pickles by name and stays the one sentinel
        NO_DEFAULT = "no default"

    name: str
    schema: Mapping[str, Any]
    meaning: Text
    default: Any = NoDefault.NO_DEFAULT
    source: str = ""

    @property
    def has_default(self) -> bool:
        return self.default is not Param.NoDefault.NO_DEFAULT


BranchCheck = Callable[[Any, "Context"], Iterable[Result]]
# summaries in file order -> the results of each branch, by its position among the summaries
DatasetCheck = Callable[[Sequence, "Context"], Mapping[int, Iterable[Result]]]


@dataclass
class RuleDoc:
    """What ``unioncheck explain`` prints, in the shape What / Why / How to fix / Example, and
    ``action``: what the finding asks of the people (整改要求: hold the session, post the notice),
    where ``fix`` says how to correct the file; documents sent to them (notices, the audit
    workbook and page) use it, ``fix`` where a rule gives none."""

    what: Text
    why: Text
    fix: Text
    example: str = ""
    action: Text | None = None

    def advice(self, lang: str) -> str:
        return (self.action or self.fix)(lang)


@dataclass
class Rule:
    """A registered rule.

    ``scope`` is ``branch``: ``check(document, context)`` yields the results for
    one branch; or ``dataset``, for a rule that needs every branch at once:
    ``summarise(document, context)`` runs on each valid branch file and returns
    a small, picklable summary (the documents are gone when the check runs, so
    a summary carries the locations its findings will need), and
    ``check(summaries, context)`` runs once on the summaries in file order (an
    iterable it may walk more than once: at a province's size it is read back
    from a temporary file each time) and returns a mapping from a summary's
    position to that branch's results.
    """

    code: str
    family: str
    name: str
    title: Text
    basis: str
    check: Callable
    doc: RuleDoc
    params: tuple[Param, ...] = ()
    scope: str = "branch"
    severity: Severity = Severity.FAIL
    plugin: str = ""
    needs_valid_data: bool = True
    summarise: Callable | None = None

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


@dataclass
class Context:
    """What a check may see besides the document: the reference date, the audit
    period, its parameters, the working-day calendar and file lookups.
    Rules get no clock and no other I/O."""

    as_of: dt.date
    period_start: dt.date
    period_end: dt.date
    params: Mapping[str, Any]
    calendar: Any
    files: Any
    profile_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    pseudonym_key: bytes = b""
    open_key: Any = field(default=None, repr=False)  # a sealed.OpenKey when the run was given one (--open-key)

    def unseal(self, value: str) -> str:
        """The text of a sealed string (``sealed``), opened in memory with the run's open key;
        ``sealed.SealedError`` when it cannot be (no key, another key, damaged). Never keep or show it."""
        from .sealed import open_value

        return open_value(value, self.open_key)

    def pseudonym(self, personal: str) -> bytes:
        """A keyed hash of personal data (an ID number; 16 bytes of HMAC-SHA256), for comparing across
        branches without keeping it: summaries may be cached on disk, the key is not kept with them.
        Two different numbers share a pseudonym with odds of about n²/2¹²⁹ for n numbers."""
        return hmac.digest(self.pseudonym_key, personal.encode("utf-8"), "sha256")[:16]

    def param_of(self, code: str, name: str) -> Any:
        """Another rule's parameter, where a rule rests on it (PAY001 on CGR002's quorum)."""
        return self.profile_params[code][name]

    @property
    def period_closed(self) -> bool:
        return self.as_of > self.period_end

    def in_period(self, day: dt.date) -> bool:
        return self.period_start <= day <= self.period_end

    def for_rule(self, params: Mapping[str, Any]) -> Context:
        return Context(
            self.as_of,
            self.period_start,
            self.period_end,
            params,
            self.calendar,
            self.files,
            self.profile_params,
            self.pseudonym_key,
            self.open_key,
        )


@dataclass
class BranchReport:
    """One branch's verdict: its file, code and name, and the results of every rule."""

    file: str
    code: str | None
    name: str | None
    results: list[Result] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return Status.worst(r.status for r in self.results)

    def family_status(self, family: str) -> Status | None:
        statuses = [r.status for r in self.results if r.family == family]
        return Status.worst(statuses) if statuses else None


@dataclass
class Tally:
    """A report's counts, taken as each branch is finished: what summaries and the exit code
    need, also when the branches themselves were streamed and not kept."""

    branches: Counter = field(default_factory=Counter)  # branch status -> how many
    results: Counter = field(default_factory=Counter)  # (status, family, known, change) -> how many
    compliant_warned: int = 0  # compliant branches (no fail, no error) with a warning
    compliant_pending: int = 0  # compliant branches with a pending item

    def add(self, branch: BranchReport) -> None:
        self.branches[branch.status] += 1
        self.results.update((r.status, r.family, r.known, r.change) for r in branch.results)
        if branch.status not in (Status.FAIL, Status.ERROR):  # 合规 (reporters.summary.is_compliant)
            statuses = {r.status for r in branch.results}
            self.compliant_warned += Status.WARN in statuses
            self.compliant_pending += Status.PENDING in statuses


@dataclass
class Report:
    """A run's report: its date, period, profile and rules, and its branches in file order.

    ``branches`` stays empty when every format streamed them (see ``output``); the
    tally counts them either way."""

    as_of: dt.date
    period_start: dt.date
    period_end: dt.date
    profile: Any  # unioncheck.profile.Profile: name, parameters and their sources
    rules: list[Rule]
    branches: list[BranchReport] = field(default_factory=list)
    waivers: list = field(default_factory=list)  # unioncheck.gate.Waiver, when waivers are in use
    comparison: dict | None = None  # with --compare: see unioncheck.compare
    tally: Tally | None = None  # counted as branches are added; from ``branches`` when missing
    family_names: dict = field(default_factory=dict)  # family code -> Text, as the plugins name them
    made_at: dt.datetime | None = None  # when the report was made (see clock); documents show it, JSON never

    def add(self, branch: BranchReport, keep: bool = True) -> None:
        """A finished branch: counted, and kept unless the formats streamed it."""
        if self.tally is None:
            self.tally = Tally()
        self.tally.add(branch)
        if keep:
            self.branches.append(branch)

    def counts(self) -> Tally:
        if self.tally is None:
            self.tally = Tally()
            for branch in self.branches:
                self.tally.add(branch)
        return self.tally

    @property
    def families(self) -> list[str]:
        return list(dict.fromkeys(rule.family for rule in self.rules))

    def family_name(self, family: str, lang: str) -> str:
        """A family's name as a reader knows it (职代会), its code where no plugin names it."""
        name = self.family_names.get(family)
        return name(lang) if name is not None else family
