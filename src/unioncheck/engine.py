"""run(rules, documents, settings) -> Report.

The engine validates each document against the schema, runs every selected
branch rule on each valid document and every dataset rule once on all of
them, and stamps each result with its rule, family and file location. A rule
that raises or returns something that is not a ``Result`` becomes an
``error`` result for that rule and branch; the other rules still run.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from . import schema
from .calendar import Calendar
from .files import Files
from .loader import Document
from .model import BranchReport, Context, Report, Result, Rule, Severity, Status, Text
from .profile import Profile

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


class RuleTimeout(BaseException):
    """Raised into a rule that runs past its time limit. A BaseException, so
    that a rule's own ``except Exception`` cannot swallow it."""


@contextmanager
def time_limit(seconds: float | None):
    """Interrupt the body after ``seconds`` (POSIX, main thread; elsewhere no limit)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise RuleTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def selected(rules: list[Rule], settings: Settings) -> list[Rule]:
    """Rules that run: matching --select (all when empty), not --ignore, severity not off."""
    def matches(code: str, prefixes: tuple[str, ...]) -> bool:
        return any(code.startswith(p.upper()) for p in prefixes)

    return [
        r for r in rules
        if (not settings.select or matches(r.code, settings.select))
        and not matches(r.code, settings.ignore)
        and settings.profile.severity.get(r.code) != Severity.OFF
    ]


def run(rules: list[Rule], documents: list[Document], settings: Settings,
        on_branch: Callable[[BranchReport], None] | None = None, focus: set[str] | None = None) -> Report:
    """Judge ``documents``; ``on_branch`` sees each branch as soon as it is finished.

    With ``focus`` (file names), only those branches are judged and reported;
    the others are still read, because rules over every branch need them.
    """
    start, end = dt.date(settings.year, 1, 1), dt.date(settings.year, 12, 31)
    base = Context(settings.as_of, start, end, {}, Calendar(), Files(), settings.profile.params)
    chosen = selected(rules, settings)
    for doc in documents:
        if doc.ok:
            doc.problems.extend(schema.validate(doc))
    # rules over every branch run first, so that each branch is finished when its own rules are
    from_dataset = _dataset_results(chosen, documents, base, settings)
    # an invalid file gets its validity verdict (DAT001) and nothing else, even when that rule is deselected
    for_invalid = [r for r in rules if not r.needs_valid_data]
    reports = []
    for index, doc in enumerate(documents):
        if focus is not None and doc.file not in focus:
            continue
        report = BranchReport(doc.file, *_identity(doc))
        for rule in (r for r in (chosen if doc.ok else for_invalid) if r.scope == "branch"):
            ctx = base.for_rule(settings.profile.params.get(rule.code, {}))
            found = _call(rule, lambda: rule.check(doc, ctx), settings.rule_seconds)
            report.results.extend(_finish(rule, doc, found, settings))
        for rule, found in from_dataset.get(index, []):
            report.results.extend(_finish(rule, doc, found, settings))
        if on_branch:
            on_branch(report)
        reports.append(report)
    return Report(settings.as_of, start, end, settings.profile, chosen, reports)


def _dataset_results(chosen: list[Rule], documents: list[Document], base: Context, settings: Settings) -> dict:
    """Document index -> [(rule, results)] for every rule that looks at all branches at once."""
    valid = [i for i, doc in enumerate(documents) if doc.ok]
    by_document: dict[int, list] = {}
    for rule in (r for r in chosen if r.scope == "dataset"):
        ctx = base.for_rule(settings.profile.params.get(rule.code, {}))
        # a rule over every branch gets the time of a thousand branch checks per thousand branches
        seconds = settings.rule_seconds and settings.rule_seconds * max(1.0, len(valid) / 1000)
        outcome = _call(rule, lambda: [{k: list(v) for k, v in dict(rule.check([documents[i] for i in valid], ctx)).items()}], seconds)
        by_position = outcome[0] if isinstance(outcome[0], dict) else None
        for position, i in enumerate(valid):
            found = by_position.get(position, []) if by_position is not None else outcome
            by_document.setdefault(i, []).append((rule, found))
    return by_document


def _identity(doc: Document) -> tuple[str | None, str | None]:
    branch = doc.data.get("branch") if isinstance(doc.data, dict) else None
    if not isinstance(branch, dict):
        return None, None
    code, name = branch.get("code"), branch.get("name")
    return (code if isinstance(code, str) else None, name if isinstance(name, str) else None)


def _call(rule: Rule, produce, seconds: float | None) -> list[Any]:
    try:
        with time_limit(seconds):
            return list(produce())
    except RuleTimeout:
        return [Result(Status.ERROR, Text(
            f"规则 {rule.code}（插件 {rule.plugin}）运行超过 {seconds:g} 秒，已中止",
            f"rule {rule.code} (plugin {rule.plugin}) ran longer than its {seconds:g} s limit and was stopped"))]
    except Exception as err:
        return [_crash(rule, err)]


def _crash(rule: Rule, err: Exception) -> Result:
    # The exception's text is left out: it may quote personal data from the file.
    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    where = f" at {frame.filename}:{frame.lineno}" if frame else ""
    return Result(Status.ERROR, Text(
        f"规则 {rule.code}（插件 {rule.plugin}）运行出错：{type(err).__name__}{where}",
        f"rule {rule.code} (plugin {rule.plugin}) crashed: {type(err).__name__}{where}",
    ))


def _finish(rule: Rule, doc: Document, results: Iterable[Any], settings: Settings) -> list[Result]:
    finished = []
    for result in results:
        if not isinstance(result, Result) or not isinstance(result.status, Status) or not isinstance(result.message, Text):
            result = Result(Status.ERROR, Text(
                f"规则 {rule.code}（插件 {rule.plugin}）返回了无效结果：{type(result).__name__}",
                f"rule {rule.code} (plugin {rule.plugin}) returned a malformed result: {type(result).__name__}"))
        if result.status == Status.FAIL and settings.profile.severity.get(rule.code) == Severity.WARN:
            result.status = Status.WARN
        result.rule, result.family = rule.code, rule.family
        if result.location is None and result.path is not None:
            result.location = doc.locate(result.path)
        finished.append(result)
    if not finished:
        finished.append(Result(Status.PASS, NO_PROBLEM, rule=rule.code, family=rule.family))
    return finished
