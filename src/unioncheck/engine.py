"""run(rules, documents, settings) -> Report.

The engine validates each document against the schema, runs every selected
branch rule on each valid document and every dataset rule once on all of
them, and stamps each result with its rule, family and file location. A rule
that raises or returns something that is not a ``Result`` becomes an
``error`` result for that rule and branch; the other rules still run.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import signal
import threading
import time
from array import array
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Callable, Iterable

from .calendar import Calendar
from .contract import Contract
from .files import Files
from .loader import DEFAULT_MAX_BYTES, Document, load
from .model import BranchReport, Context, Report, Result, Rule, Severity, Status, Tally, Text
from .profile import Profile
from .spool import Spool

NO_PROBLEM = Text("未发现问题", "no problem found")


DEFAULT_RULE_SECONDS = 10.0


@dataclass
class Settings:
    as_of: dt.date
    year: int
    profile: Profile
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_seconds: float | None = DEFAULT_RULE_SECONDS  # per rule and branch; None: no limit
    pseudonym_key: bytes = field(default_factory=lambda: os.urandom(32))  # kept by the cache when it is on
    # a reporter's work on a branch that can be done as soon as it is judged: in the worker, and kept in the cache
    prepare: Callable[[BranchReport], None] | None = None
    contract: Contract | None = None  # what files are validated against and how branches are named


class RuleTimeout(BaseException):
    """Raised into a rule that runs past its time limit. A BaseException, so
    that a rule's own ``except Exception`` cannot swallow it."""


_RUNNING = [None, 0.0]  # while a rule runs under ``alarms``: when it started (monotonic) and its limit
_ALARMED = [False]  # whether ``alarms`` is on (so ``_call`` need only note the rule's start)
TICKS_PER_LIMIT = 4  # a rule is stopped between 1 and 1.25 times its limit


def _tick(signum, frame):
    started, limit = _RUNNING
    if started is not None and time.monotonic() - started >= limit:
        _RUNNING[0] = None
        raise RuleTimeout()


@contextmanager
def alarms(seconds: float | None):
    """Time limits for a stretch of rule calls (one file's rules, or one check over every branch).

    SIGALRM ticks a few times per limit while the stretch runs; ``_timed`` notes when
    each rule starts, and a tick that finds the running rule past its limit raises
    ``RuleTimeout`` into it. Two timer calls per stretch rather than two per rule (on this
    VM a timer call is a costly trap: they were a twentieth of a cold audit). POSIX main
    thread only; elsewhere rules run without a limit."""
    if (
        _ALARMED[0]
        or not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _tick)
    tick = max(seconds / TICKS_PER_LIMIT, 0.001)
    signal.setitimer(signal.ITIMER_REAL, tick, tick)
    _ALARMED[0] = True
    try:
        yield
    finally:
        _ALARMED[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        _RUNNING[0] = None
        signal.signal(signal.SIGALRM, previous)


def selected(rules: list[Rule], settings: Settings) -> list[Rule]:
    """Rules that run: matching --select (all when empty), not --ignore, severity not off."""

    def matches(code: str, prefixes: tuple[str, ...]) -> bool:
        return any(code.startswith(p.upper()) for p in prefixes)

    return [
        r
        for r in rules
        if (not settings.select or matches(r.code, settings.select))
        and not matches(r.code, settings.ignore)
        and settings.profile.severity.get(r.code) != Severity.OFF
    ]


@dataclass
class Plan:
    """What the engine runs, worked out once per run (and shared with worker processes)."""

    settings: Settings
    base: Context
    chosen: list[Rule]
    for_invalid: list[Rule]  # the validity verdict (DAT001) an invalid file gets even when deselected
    dataset: list[Rule]

    @classmethod
    def of(cls, rules: list[Rule], settings: Settings) -> "Plan":
        start, end = dt.date(settings.year, 1, 1), dt.date(settings.year, 12, 31)
        chosen = selected(rules, settings)
        return cls(
            settings,
            Context(
                settings.as_of, start, end, {}, Calendar(), Files(), settings.profile.params, settings.pseudonym_key
            ),
            chosen,
            [r for r in rules if not r.needs_valid_data],
            [r for r in chosen if r.scope == "dataset"],
        )

    def context(self, rule: Rule) -> Context:
        return self.base.for_rule(self.settings.profile.params.get(rule.code, {}))


def judge(plan: Plan, doc: Document, reported: bool = True) -> tuple[BranchReport | None, dict | None, tuple]:
    """One file: its branch report (when ``reported``), the summaries the rules over every
    branch take from it when it is valid, and the file lookups its rules made (what the
    verdict rests on besides the file: see ``files``). The document can be dropped after."""
    if doc.ok:
        doc.problems.extend(plan.settings.contract.validate(doc))
    files = plan.base.files
    files.recorded = []
    try:
        with alarms(plan.settings.rule_seconds):  # one timer for the file; each rule notes its start
            report = None
            if reported:
                report = BranchReport(doc.file, *plan.settings.contract.identify(doc.data))
                for rule in (r for r in (plan.chosen if doc.ok else plan.for_invalid) if r.scope == "branch"):
                    ctx = plan.context(rule)
                    found = _call(rule, lambda: rule.check(doc, ctx), plan.settings.rule_seconds)
                    report.results.extend(_finish(rule, doc.locate, found, plan.settings))
            summaries = None
            if doc.ok:
                summaries = {}
                for rule in plan.dataset:
                    ctx = plan.context(rule)
                    extract = rule.extract or (lambda document, _ctx: document)
                    outcome = _call(rule, lambda: [extract(doc, ctx)], plan.settings.rule_seconds)
                    summaries[rule.code] = outcome[0]  # a Result here is the extract's crash, reported by check below
        if report is not None and plan.settings.prepare:
            plan.settings.prepare(report)
        return report, summaries, tuple(files.recorded)
    finally:
        files.recorded = None
        doc.cache.clear()  # plugins' per-document views point back at the document: free it now, not at the next gc


_WORKER: tuple | None = None  # (plan, max_bytes, focus) inherited by forked workers


def judge_files(
    rules: list[Rule],
    files: list[str],
    settings: Settings,
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    focus: set[str] | None = None,
    step: Callable[[], None] | None = None,
    cache=None,
):
    """(file, report, summaries) of each file, in order: from ``cache`` where it holds
    the verdict and every file lookup it rests on answers as it did, otherwise judged by
    ``jobs`` processes (and then kept in the cache). A judged report comes pickled, as the
    workers hand it over, and ``run`` spools it as it is; one the cache holds comes as
    ``_Held``, to be read from the cache (``fetch``) when its branch is finished."""
    keys = [cache.key(f, focus is None or f in focus) if cache else None for f in files]
    held = cache.holding([k for k in keys if k]) if cache else set()  # which keys hit: the others go to the workers now
    plan = Plan.of(rules, settings)
    fresh = _judge_all([f for f, key in zip(files, keys) if key not in held], plan, jobs, max_bytes, focus)
    kept_ones = cache.entries([key if key in held else None for key in keys]) if cache else repeat(None)
    for file, key in zip(files, keys):
        kept = next(kept_ones)
        if kept is not None and plan.base.files.still(kept[1]):
            summaries, _lookups, has_report = kept
            item = (file, _Held(key, file) if has_report else None, summaries)
        else:
            if key in held:  # the entry went away, cannot be read, or an evidence file changed: judge it here
                item = _judge_file(file, (plan, max_bytes, focus))
            else:
                item = next(fresh)
            if key:
                cache.put(key, item[1:])
        yield item[:3]
        if step:
            step()


def _judge_all(files: list[str], plan: Plan, jobs: int, max_bytes: int, focus: set[str] | None):
    global _WORKER
    if jobs <= 1 or len(files) < 2:
        for file in files:
            yield _judge_file(file, (plan, max_bytes, focus))
        return
    import multiprocessing

    _WORKER = (plan, max_bytes, focus)  # set before the fork: rules are functions, not pickled
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_quiet_worker) as pool:
        yield from pool.imap(_judge_file, files, chunksize=max(1, min(64, len(files) // (jobs * 8))))


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the pool


def _judge_file(file: str, given: tuple | None = None):
    """One file judged for the parent (from a worker) or for the cache: the report and the
    summaries come pickled, and a summary that cannot be pickled is its rule's error here."""
    plan, max_bytes, focus = given or _WORKER
    report, summaries, lookups = judge(plan, load(file, max_bytes), focus is None or file in focus)
    if summaries is not None:
        summaries = {rule.code: _pickled(rule, summaries[rule.code]) for rule in plan.dataset}
    return (
        file,
        (None if report is None else pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)),
        summaries,
        lookups,
    )


class _Held:
    """A report the results cache holds: read back when its branch is finished, never spooled."""

    __slots__ = ("key", "file")

    def __init__(self, key: str, file: str):
        self.key, self.file = key, file

    def __reduce__(self):
        return _Held, (self.key, self.file)


def _read_back(waiting: Iterable, fetch, plan: Plan, max_bytes: int | None):
    """The waiting reports in order; those the cache holds are read from it, a few hundred per query.
    One that went away or was damaged since the run began is judged again here."""
    batch: list = []
    for item in waiting:
        batch.append(item)
        if len(batch) == 256:
            yield from _read_batch(batch, fetch, plan, max_bytes)
            batch = []
    yield from _read_batch(batch, fetch, plan, max_bytes)


def _read_batch(batch: list, fetch, plan: Plan, max_bytes: int | None):
    held = [item.key for item in batch if isinstance(item, _Held)]
    found = dict(zip(held, fetch(held))) if held else {}
    for item in batch:
        if isinstance(item, _Held):
            file, item = item.file, _unpickled(found[item.key])
            if not isinstance(item, BranchReport):  # gone (None) or damaged
                item = pickle.loads(_judge_file(file, (plan, max_bytes or DEFAULT_MAX_BYTES, None))[1])
        yield item


def _unpickled(blob: bytes | None):
    try:
        return pickle.loads(blob)
    except Exception:
        return None


class _Pickled(bytes):
    """A summary pickled where it was made: spooled as it is."""


def _pickled(rule: Rule, summary):
    if isinstance(summary, (Result, _Pickled)):
        return summary
    try:
        return _Pickled(pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as err:  # a summary that cannot be kept (a generator, a lock…) is the extract's fault
        return _crash(rule, err)


def run(
    rules: list[Rule],
    documents: Iterable[Document],
    settings: Settings,
    on_branch: Callable[[BranchReport], None] | None = None,
    focus: set[str] | None = None,
    judged: Iterable[tuple[str, BranchReport | None, dict | None]] | None = None,
    max_bytes: int | None = None,
    in_memory: int | None = None,
    keep: bool = True,
    on_start: Callable[[Report], None] | None = None,
    fetch: Callable | None = None,
) -> Report:
    """Judge ``documents`` (any iterable: each is judged, then dropped) and return the report.

    With ``focus`` (file names), only those branches are judged and reported; the
    others are still read, because rules over every branch need them. ``judged``
    hands in files already judged elsewhere (worker processes, a cache) as
    (file, report, summaries), the report possibly pickled, or ``_Held`` by the cache and read
    from it with ``fetch`` (keys -> pickled reports) when finished. ``on_branch`` sees each branch once it is finished,
    which is after the rules over every branch have run. Past ``in_memory``
    branches, reports wait in a temporary file (see ``spool``), so memory does
    not grow with the number of files beyond the summaries those rules need.
    Without ``keep`` the finished reports are seen by ``on_branch`` and counted, not kept.
    ``on_start`` sees, before any file is judged, the report as far as it is known then
    (date, period, profile and rules; no branches): what a streaming format writes first.
    """
    plan = Plan.of(rules, settings)
    if on_start:
        on_start(
            Report(settings.as_of, plan.base.period_start, plan.base.period_end, settings.profile, plan.chosen, [])
        )
    if judged is None:
        judged = ((doc.file, *judge(plan, doc, focus is None or doc.file in focus)[:2]) for doc in documents)
    waiting = Spool(in_memory)
    valid = bytearray()  # per report: whether its file was valid (and so gets the rules over every branch)
    gathered = [_Gathered(rule, in_memory) for rule in plan.dataset]
    for _file, report, summaries in judged:
        index = -1
        if report is not None:
            index = len(waiting)
            waiting.append(report, pickled=isinstance(report, bytes))  # a _Held is kept as it is: a key
            valid.append(summaries is not None)
        if summaries is not None:
            for each in gathered:
                each.add(index, summaries[each.rule.code])
    for each in gathered:
        each.judge(plan, len(waiting))
    finished, tally = Spool(in_memory), Tally()
    for index, report in enumerate(_read_back(waiting, fetch, plan, max_bytes) if fetch else waiting):
        if valid[index]:
            _complete(plan, report, gathered, index, max_bytes)
        if on_branch:
            on_branch(report)
        tally.add(report)
        if keep:
            finished.append(report)
    waiting.close()
    for each in gathered:
        each.close()
    return Report(
        settings.as_of,
        plan.base.period_start,
        plan.base.period_end,
        settings.profile,
        plan.chosen,
        finished if keep else _NotKept(),
        tally=tally,
    )


class _NotKept(Sequence):
    """The branches of a run that kept none (every format streamed them): reading them is a mistake."""

    def __getitem__(self, index):
        raise RuntimeError("this run's branch reports were streamed and not kept (engine.run keep=False)")

    def __len__(self) -> int:
        raise RuntimeError("this run's branch reports were streamed and not kept (engine.run keep=False)")


class _Gathered:
    """One rule over every branch: the summaries of the valid files, in file order, and then
    its findings for each branch. Both wait in spools, so that a province's branches cost
    this rule a few bytes each in memory, whatever its summaries and findings hold."""

    def __init__(self, rule: Rule, in_memory: int | None):
        self.rule = rule
        self.summaries = Spool(in_memory)  # what ``check`` reads, in order
        self.owners = array("q")  # the report index of each summary (-1: a file read only for these rules)
        self.crashed: dict[int, Result] = {}  # report index -> the extract's crash
        self.found = Spool(in_memory)  # findings, one list per branch that has its own
        self.slot = array("q")  # per report index: where its findings are in ``found`` (-1: none of its own)
        self.everyone: list = []  # the check's crash or time-out: every branch's finding, and the others are void

    def add(self, index: int, summary) -> None:
        summary = _pickled(self.rule, summary)
        if isinstance(summary, Result):  # the extract crashed, or made what cannot be kept
            if index >= 0:
                self.crashed[index] = summary
            return
        self.summaries.append(summary, pickled=True)
        self.owners.append(index)

    def judge(self, plan: Plan, reports: int) -> None:
        """Run the check once on every summary; keep its findings by report index."""
        rule, ctx = self.rule, plan.context(self.rule)
        seconds = plan.settings.rule_seconds and plan.settings.rule_seconds * max(1.0, len(self.summaries) / 1000)

        def keep_findings():
            found = rule.check(self.summaries, ctx)
            for position, results in found.items() if isinstance(found, Mapping) else found:
                index = self.owners[position] if isinstance(position, int) and 0 <= position < len(self.owners) else -1
                results = list(results)
                if index >= 0 and results:
                    self.slot[index] = len(self.found)
                    self.found.append(results)
            return ()

        self.slot = array("q", [-1]) * reports
        self.everyone = _call(rule, keep_findings, seconds)
        self.summaries.close()
        self.summaries = Spool()

    def findings(self, index: int) -> list:
        if index in self.crashed:
            return [self.crashed[index]]
        if self.everyone:
            return self.everyone
        slot = self.slot[index]
        return [] if slot < 0 else self.found[slot]

    def close(self) -> None:
        self.found.close()


def _complete(plan: Plan, report: BranchReport, gathered: list[_Gathered], index: int, max_bytes: int | None) -> None:
    """Add the results of the rules over every branch to one valid branch's report, located."""
    to_place = []
    for each in gathered:
        finished = _finish(each.rule, lambda path: None, each.findings(index), plan.settings)
        report.add(finished)
        to_place.extend(r for r in finished if r.location is None and r.path is not None)
    if to_place:  # re-read only the files that got a result to place
        doc = load(report.file, max_bytes or DEFAULT_MAX_BYTES)
        for result in to_place:
            result.location = doc.locate(result.path)


def _call(rule: Rule, produce, seconds: float | None) -> list[Any]:
    """What ``produce`` gives, as a list; its crash, or its running past ``seconds``, as an error result."""
    try:
        if not seconds:
            return list(produce())
        if _ALARMED[0]:  # the file's rules run under ``alarms``: only the rule's start is noted
            return _timed(produce, seconds)
        with alarms(seconds):
            return _timed(produce, seconds)
    except RuleTimeout:
        return [
            Result(
                Status.ERROR,
                Text(
                    f"规则 {rule.code}（插件 {rule.plugin}）运行超过 {seconds:g} 秒，已中止",
                    f"rule {rule.code} (plugin {rule.plugin}) ran longer than its {seconds:g} s limit and was stopped",
                ),
            )
        ]
    except Exception as err:
        return [_crash(rule, err)]


def _timed(produce, seconds: float) -> list[Any]:
    if not _ALARMED[0]:  # no alarms where this runs (not the main thread, not POSIX)
        return list(produce())
    _RUNNING[1], _RUNNING[0] = seconds, time.monotonic()
    try:
        return list(produce())
    finally:
        _RUNNING[0] = None


def _crash(rule: Rule, err: Exception) -> Result:
    # The exception's text is left out: it may quote personal data from the file.
    import traceback  # only when a rule crashed

    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    where = f" at {frame.filename}:{frame.lineno}" if frame else ""
    return Result(
        Status.ERROR,
        Text(
            f"规则 {rule.code}（插件 {rule.plugin}）运行出错：{type(err).__name__}{where}",
            f"rule {rule.code} (plugin {rule.plugin}) crashed: {type(err).__name__}{where}",
        ),
    )


def _finish(rule: Rule, locate: Callable, results: Iterable[Any], settings: Settings) -> list[Result]:
    finished = []
    for result in results:
        if (
            not isinstance(result, Result)
            or not isinstance(result.status, Status)
            or not isinstance(result.message, Text)
        ):
            result = Result(
                Status.ERROR,
                Text(
                    f"规则 {rule.code}（插件 {rule.plugin}）返回了无效结果：{type(result).__name__}",
                    f"rule {rule.code} (plugin {rule.plugin}) returned a malformed result: {type(result).__name__}",
                ),
            )
        if result.status == Status.FAIL and settings.profile.severity.get(rule.code) == Severity.WARN:
            result.status = Status.WARN
        result.rule, result.family = rule.code, rule.family
        if result.location is None and result.path is not None:
            result.location = locate(result.path)
        finished.append(result)
    if not finished:
        finished.append(Result(Status.PASS, NO_PROBLEM, rule=rule.code, family=rule.family))
    return finished
