"""The engine's vocabulary: plain dataclasses shared by loader, engine, rules and reporters.

- ``Status``: the outcome of one rule for one branch (pass, pending, warn, fail, n/a, error).
- ``Text``: a message in Chinese and English; reporters pick the language.
- ``Rule``: what a plugin registers: code, family, titles, basis, parameters, check function.
- ``Result``: what a check returns; the engine adds the rule code and the file location.
- ``BranchReport`` / ``Report``: what reporters render.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
import pickle
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Sequence

from .privacy import pointer_part


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
    def worst(cls, statuses: Iterable["Status"]) -> "Status":
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

    def __add__(self, other: "Text") -> "Text":
        return Text(self.zh + other.zh, self.en + other.en)

    def __reduce__(self):  # compact in the cache and the spool: the two strings, not a field dict
        return Text, (self.zh, self.en)


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None
    column: int | None = None

    def __reduce__(self):
        return Location, (self.file, self.line, self.column)

    def __str__(self) -> str:
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
    ``path`` of the value to blame and the ``due`` date of what falls due next.
    The engine fills ``rule`` and ``location``.
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
    change: str | None = None  # with --compare: new, fixed or unchanged

    def __reduce__(self):
        # Compact and quick both ways (reports are pickled into the cache and the spool by the
        # hundred thousand): one flat tuple, the status by number, message and location inline.
        message, location = self.message, self.location
        if (
            type(message) is not Text
            or type(self.status) is not Status
            or (location is not None and type(location) is not Location)
        ):
            return Result, (
                self.status,
                message,
                self.due,
                self.path,
                self.rule,
                self.family,
                location,
                self.waiver,
                self.known,
                self.change,
            )  # what a plugin made up: as it is
        where = (None, None, None) if location is None else (location.file, location.line, location.column)
        return _result, (
            _STATUS_NUMBER[self.status],
            message.zh,
            message.en,
            self.due,
            self.path,
            self.rule,
            self.family,
            *where,
            self.waiver,
            self.known,
            self.change,
        )

    @property
    def pointer(self) -> str:
        """The data path as a JSON Pointer (/congresses/1/date): what baselines key findings on."""
        return _pointer(tuple(self.path or ()))


_STATUSES = tuple(Status)
_STATUS_NUMBER = {status: number for number, status in enumerate(_STATUSES)}


def _result(status, zh, en, due, path, rule, family, file, line, column, waiver, known, change) -> Result:
    """A Result from its compact pickle."""
    return Result(
        _STATUSES[status],
        Text(zh, en),
        due,
        path,
        rule,
        family,
        None if file is None else Location(file, line, column),
        waiver,
        known,
        change,
    )


@lru_cache(maxsize=8192)  # the same few hundred paths recur in every branch
def _pointer(path: tuple) -> str:
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
# summaries (a read-only sequence) -> results by summary index, as a mapping or as (index, results) pairs
DatasetCheck = Callable[[Sequence, "Context"], Mapping[int, Iterable[Result]] | Iterable[tuple[int, Iterable[Result]]]]


@dataclass
class RuleDoc:
    """What ``unioncheck explain`` prints, in the shape What / Why / How to fix / Example."""

    what: Text
    why: Text
    fix: Text
    example: str = ""


@dataclass
class Rule:
    """A registered rule.

    ``scope`` is ``branch`` (``check(document, context)`` yields results for one
    branch) or ``dataset``, for rules that need every branch at once: then
    ``extract(document, context)`` runs on each valid branch file and returns a
    small, picklable summary, and ``check(summaries, context)`` runs once and
    returns a mapping from summary index to results, or yields (index, results)
    pairs. ``summaries`` is a read-only sequence in file order; in a large run it
    is read back from a temporary file each time it is walked, so a check may
    walk it more than once but should keep only what it needs (``HRD006`` keeps
    a bitmap). Without ``extract`` the summary is the document itself (simple,
    but every document is then pickled whole).
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
    extract: Callable | None = None

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

    def for_rule(self, params: Mapping[str, Any]) -> "Context":
        return Context(
            self.as_of,
            self.period_start,
            self.period_end,
            params,
            self.calendar,
            self.files,
            self.profile_params,
            self.pseudonym_key,
        )


class BranchReport:
    """One branch's verdict: its file, code and name, and the results of every rule.

    A report that comes pickled (from a worker, the cache or the spool) keeps its
    results packed until something reads ``results``: the engine adds the findings
    of the rules over every branch with ``add``, the counts come from ``counted``,
    and JSON splices the results ``prepared`` where the branch was judged. So a
    branch nothing marks (no waiver, baseline or --compare touches it) is passed
    on without its results ever being built again in this process.
    """

    __slots__ = ("file", "code", "name", "_results", "_packed", "_counts", "prepared", "prepared_ends", "prepared_lang")

    def __init__(
        self,
        file: str,
        code: str | None,
        name: str | None,
        results: list[Result] | None = None,
        prepared: bytes = b"",
        prepared_ends: tuple[int, ...] = (),
        prepared_lang: str = "",
    ):
        self.file, self.code, self.name = file, code, name
        self._results = [] if results is None else results  # while packed: only those added since
        self._packed: bytes | None = None  # the results as pickled, not read back yet
        self._counts: tuple = ()  # while packed: ((status, family, known, change), n) of the packed results
        # what a reporter prepared as soon as the branch was judged (in the worker; kept in the cache
        # with the report): the JSON of the results in ``prepared_lang``, UTF-8, joined by ", ",
        # and where each one ends (see reporters.json)
        self.prepared, self.prepared_ends, self.prepared_lang = prepared, prepared_ends, prepared_lang

    @property
    def results(self) -> list[Result]:
        if self._packed is not None:
            self._results = pickle.loads(self._packed) + self._results
            self._packed, self._counts = None, ()
        return self._results

    @results.setter
    def results(self, results: list[Result]) -> None:
        self._results, self._packed, self._counts = results, None, ()

    @property
    def packed(self) -> bool:
        """Whether the results are still as they were pickled (plus any ``add``-ed): nothing read them."""
        return self._packed is not None

    @property
    def added(self) -> list[Result]:
        """While ``packed``: the results added since (they come after the packed ones)."""
        return self._results if self._packed is not None else []

    def add(self, results: Iterable[Result]) -> None:
        """Append results without reading the packed ones."""
        self._results.extend(results)

    def counted(self) -> Counter:
        """How many results of each (status, family, known, change)."""
        counts = Counter(dict(self._counts))
        counts.update((r.status, r.family, r.known, r.change) for r in self._results)
        return counts

    @property
    def status(self) -> Status:
        if self._packed is not None:
            return Status.worst([key[0] for key, _ in self._counts] + [r.status for r in self._results])
        return Status.worst(r.status for r in self._results)

    def family_status(self, family: str) -> Status | None:
        statuses = [r.status for r in self.results if r.family == family]
        return Status.worst(statuses) if statuses else None

    def __reduce__(self):
        if self._packed is not None:
            packed, counts, added = self._packed, self._counts, self._results
        else:
            packed = pickle.dumps(self._results, protocol=pickle.HIGHEST_PROTOCOL)
            counts, added = tuple(self.counted().items()), []
        return _branch, (
            self.file,
            self.code,
            self.name,
            packed,
            counts,
            added,
            self.prepared,
            self.prepared_ends,
            self.prepared_lang,
        )

    def __eq__(self, other) -> bool:
        if not isinstance(other, BranchReport):
            return NotImplemented
        return (self.file, self.code, self.name, self.results) == (other.file, other.code, other.name, other.results)

    __hash__ = None

    def __repr__(self) -> str:
        return f"BranchReport(file={self.file!r}, code={self.code!r}, name={self.name!r}, results={self.results!r})"


def _branch(file, code, name, packed, counts, added, prepared, prepared_ends, prepared_lang) -> BranchReport:
    """A BranchReport from its pickle, its results left packed."""
    branch = BranchReport(file, code, name, added, prepared, prepared_ends, prepared_lang)
    branch._packed, branch._counts = packed, counts
    return branch


@dataclass
class Tally:
    """A finished report's counts, taken as each branch is finished: all that summaries and the
    exit code need, without walking the branches again."""

    branches: Counter = field(default_factory=Counter)  # branch status -> how many
    results: Counter = field(default_factory=Counter)  # (status, family, known, change) -> how many

    def add(self, branch: BranchReport) -> None:
        self.branches[branch.status] += 1
        self.results.update(branch.counted())


@dataclass
class Report:
    as_of: dt.date
    period_start: dt.date
    period_end: dt.date
    profile: Any  # unioncheck.profile.Profile: name, parameters and their sources
    rules: list[Rule]
    branches: list[BranchReport]
    waivers: list = field(default_factory=list)  # unioncheck.gate.Waiver, when waivers are in use
    comparison: dict | None = None  # with --compare: see unioncheck.compare
    tally: Tally | None = None  # filled by the engine; counted from the branches when missing

    def counts(self) -> Tally:
        if self.tally is None:
            self.tally = Tally()
            for branch in self.branches:
                self.tally.add(branch)
        return self.tally

    @property
    def families(self) -> list[str]:
        seen: dict[str, None] = {}
        for rule in self.rules:
            seen.setdefault(rule.family, None)
        return list(seen)
