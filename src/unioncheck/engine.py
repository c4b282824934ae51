"""The pipeline: load → validate → rules → report.

``run(rules, files, settings, executor)`` yields one ``BranchReport`` per file,
in file order:

1. ``Plan.of`` works out once what runs: the selected rules, their contexts.
2. ``judge`` takes one file: loads it, validates it against the contract, runs
   every branch rule on it and takes the summaries the dataset rules need; then
   the file's personal values and anything shaped like an ID number are masked
   in all of it (``privacy.Mask``), before it is pickled, cached or shown. An
   executor (``executors``: in this process, or a pool of workers) judges the
   files; the results cache (``cache``) wraps an executor.
3. The dataset rules run once on every summary (``check_dataset``).
4. ``finish`` adds their findings to each branch, and the branch is yielded.

A rule that raises, returns something that is not a ``Result`` or runs past
its time limit becomes an ``error`` result for that rule and branch; the
other rules still run. The engine knows nothing of unions: the data contract
comes from a plugin (``Settings.contract``), the rules too.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from . import keys
from .calendar import Calendar
from .contract import Contract
from .files import Files
from .limits import Clock, RuleTimeout
from .loader import DEFAULT_MAX_BYTES, Document, is_workbook, read_document
from .model import BranchReport, Context, Report, Result, Rule, Severity, Status, Text
from .privacy import Mask
from .profile import Profile
from .spool import Spool

NO_PROBLEM = Text("未发现问题", "no problem found")
_NO_VALUES = Mask()  # ID numbers only: for findings put together from every file's (masked) summaries
DEFAULT_RULE_SECONDS = 10.0


@dataclass
class Settings:
    """Everything a run needs besides the rules and the files. Plain data, so that a
    worker process can be given it (the rules and the contract it rebuilds from ``plugins``)."""

    as_of: dt.date
    year: int
    profile: Profile
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_seconds: float | None = DEFAULT_RULE_SECONDS  # per rule and branch; None: no limit
    pseudonym_key: bytes = field(default_factory=lambda: os.urandom(32))  # kept by the cache when it is on
    contract: Contract | None = None  # what a valid file is, and whose it is (from a plugin)
    max_bytes: int = DEFAULT_MAX_BYTES
    focus: frozenset[str] | None = None  # only these files are reported (the others feed the dataset rules)
    plugins: tuple[str, ...] = ()  # --plugin files: what a spawned worker loads to rebuild the rules
    open_key: Any = field(default=None, repr=False)  # a sealed.OpenKey (--open-key): sealed values open in memory


@dataclass(frozen=True)
class Judged:
    """One file judged: its report (None when it is not in focus), the summaries the dataset
    rules took from it (None when it was invalid), and the file lookups its rules made
    (what the verdict rests on besides the file; see ``files``).

    The report is pickled where the file is judged and travels as those bytes — from a
    worker, into and out of the results cache, while it waits for the dataset rules —
    until ``run`` reads it back once to finish it: one pickling per report, wherever it
    comes from."""

    file: str
    report: bytes | None
    summaries: dict[str, Any] | None
    lookups: tuple = ()

    @classmethod
    def of(cls, file: str, report: BranchReport | None, summaries: dict | None, lookups: tuple = ()) -> Judged:
        packed = None if report is None else pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(file, packed, summaries, lookups)

    def branch(self) -> BranchReport:
        return pickle.loads(self.report)


def selected(rules: list[Rule], settings: Settings) -> list[Rule]:
    """Rules that run: matching --select (all when empty), not --ignore, severity not off."""

    def matches(code: str, prefixes: tuple[str, ...]) -> bool:
        return any(code.startswith(p.upper()) for p in prefixes)

    return [
        r
        for r in rules
        if (not settings.select or matches(r.code, settings.select))
        and not matches(r.code, settings.ignore)
        and settings.profile.severity.get(r.code, r.severity) != Severity.OFF
    ]


@dataclass
class Plan:
    """What a run runs, worked out once (and shared with worker processes)."""

    settings: Settings
    base: Context
    branch_rules: list[Rule]  # run on each valid file
    for_invalid: list[Rule]  # the rules about the data as written, which also judge invalid files
    dataset: list[Rule]  # run once over every valid file
    deferred: list[Rule]  # selected, but checked from a later audit year (the profile's from_year): n/a on valid files
    chosen: list[Rule]  # every selected rule, in registration order
    registered: list[Rule]  # every rule; a rule's number is its place here (how a worker names the running rule)
    numbers: dict[str, int]

    @classmethod
    def of(cls, rules: list[Rule], settings: Settings) -> Plan:
        start, end = dt.date(settings.year, 1, 1), dt.date(settings.year, 12, 31)
        chosen = selected(rules, settings)
        calendar = Calendar(settings.profile.calendar)
        base = Context(
            settings.as_of, start, end, {}, calendar, Files(), settings.profile.params, settings.pseudonym_key
        )
        base.open_key = settings.open_key
        later = {r.code for r in rules if _deferred(settings, r)}
        return cls(
            settings,
            base,
            [r for r in chosen if r.scope == "branch" and r.code not in later],
            [r for r in rules if not r.needs_valid_data and r.scope == "branch"],  # an invalid file is always one
            [r for r in chosen if r.scope == "dataset" and r.code not in later],
            [r for r in chosen if r.code in later],
            chosen,
            list(rules),
            {r.code: i for i, r in enumerate(rules)},
        )

    def context(self, rule: Rule) -> Context:
        return self.base.for_rule(self.settings.profile.params.get(rule.code, {}))

    def report(self) -> Report:
        """The run's report before any branch: date, period, profile and rules."""
        return Report(
            self.settings.as_of, self.base.period_start, self.base.period_end, self.settings.profile, self.chosen
        )

    def reported(self, file: str) -> bool:
        return self.settings.focus is None or file in self.settings.focus


def _deferred(settings: Settings, rule: Rule) -> bool:
    """Whether the profile checks ``rule`` only from a later audit year than the run's."""
    return settings.profile.deferred(rule.code, settings.year)


def not_yet(plan: Plan, rule: Rule) -> list[Result]:
    """The one n/a result of a rule the profile checks from a later audit year, for each branch."""
    start = plan.settings.profile.from_year[rule.code]
    message = Text(
        f"自 {start} 年度起检查（本次审计 {plan.settings.year} 年度，配置 {plan.settings.profile.name}）",
        f"checked from the {start} audit year (this audit is of {plan.settings.year}, profile "
        f"{plan.settings.profile.name})",
    )
    return _finish(rule, None, [Result(Status.NA, message)], plan.settings)


def report(rules: list[Rule], settings: Settings) -> Report:
    """The report of a run of ``rules`` with ``settings``, before any branch is added."""
    return Plan.of(rules, settings).report()


def check(rules: list[Rule], files: Iterable[str], settings: Settings, executor) -> Report:
    """The whole report of ``files``, its branches kept: ``run`` gathered."""
    report = Plan.of(rules, settings).report()
    for branch in run(rules, files, settings, executor):
        report.add(branch)
    return report


def run(
    rules: list[Rule], files: Iterable[str], settings: Settings, executor, read: set[str] | None = None
) -> Iterator[BranchReport]:
    """Judge ``files`` with ``executor`` (see ``executors``) and yield the report of each one in
    focus, in file order, once the dataset rules have added their findings (so, after every
    file is judged). ``read``, when given, gathers the paths of the other files the rules
    looked up (evidence): a report must not be written over one of them."""
    plan = Plan.of(rules, settings)
    waiting = Spool()  # each judged report and its summarise crashes, until the dataset rules have run
    gathered = [Gathered(rule) for rule in plan.dataset]
    found: list[DatasetFindings] = []
    try:
        for judged in executor.map(plan, list(files)):
            if read is not None:
                read.update(_looked_up(judged.lookups))
            index = -1
            if judged.report is not None:
                index = len(waiting)
                waiting.append((judged.report, _crashes(judged.summaries)))
            for each in gathered if judged.summaries is not None else ():
                each.add(judged.summaries[each.rule.code], index)
        found = [check_dataset(plan, each) for each in gathered]
        for index, (packed, crashes) in enumerate(waiting):
            branch = pickle.loads(packed)
            if crashes is not None:  # a valid file: the dataset rules judged it
                finish(plan, branch, crashes, found, index)
            yield branch
    finally:
        waiting.close()
        for each in gathered:
            each.summaries.close()
        for each in found:
            each.found.close()


def _looked_up(lookups: tuple) -> Iterator[str]:
    """The paths of the files behind ``lookups`` (one masked for privacy is left out), as looked
    up: resolving them is left to the one who compares, and only if there is anything to compare."""
    for directory, relative, answer in lookups:
        if answer != "hidden":
            yield os.path.join(directory, relative)


def _crashes(summaries: dict | None) -> dict | None:
    """The summaries that are their summarise's crash (None for an invalid file, which has none)."""
    return None if summaries is None else {code: s for code, s in summaries.items() if isinstance(s, Result)}


@dataclass
class Gathered:
    """A dataset rule's summaries in file order, and the report index each belongs to (-1 for a
    file read only for the dataset rules). They wait in a spool: at a province's size, in a
    temporary file, which the check may walk more than once."""

    rule: Rule
    summaries: Spool = field(default_factory=Spool)
    owners: array = field(default_factory=lambda: array("q"))

    def add(self, summary, index: int) -> None:
        if not isinstance(summary, Result):  # a Result is the summarise's crash: that branch's own finding
            self.summaries.append(summary)
            self.owners.append(index)


def judge(plan: Plan, file: str, clock: Clock, stopped: Mapping[str, Result] | None = None) -> Judged:
    """One file: load, validate, run the branch rules and take the dataset rules' summaries.

    ``stopped`` gives, for rules that must not run again on this file (they ran past their
    limit, or ended the process that judged it), the error each one stands for."""
    contract = plan.settings.contract
    layout = contract.layout if contract is not None and is_workbook(file) else None  # derived for a workbook only
    doc = read_document(file, plan.settings.max_bytes, layout)
    if doc.ok and contract is not None:
        contract.normalize(doc)  # the words users type (卫生院, 送温暖) read as the values they name
        doc.problems.extend(contract.validate(doc))
    files = plan.base.files
    files.recorded = []
    try:
        report = None
        if plan.reported(file):
            report = BranchReport(doc.file, *_identity(plan, doc))
            for rule in plan.branch_rules if doc.ok else plan.for_invalid:
                report.results.extend(_results(plan, rule, doc, clock, stopped or {}))
            for rule in plan.deferred if doc.ok else ():
                report.results.extend(not_yet(plan, rule))
        summaries = (
            {rule.code: _summary(plan, rule, doc, clock, stopped or {}) for rule in plan.dataset} if doc.ok else None
        )
        mask = _mask(plan, doc)  # from here on, nothing personal: all this is pickled, cached, shown
        namer = _namer(plan, doc, mask)
        if report is not None:
            keys.assign(hidden(mask, report), report.results, namer)
        _name_summary_results(summaries, namer)
        return Judged.of(file, report, hidden(mask, summaries), _hidden_lookups(mask, files.recorded))
    finally:
        files.recorded = None
        doc.cache.clear()  # plugins' per-document views point back at the document: free it now


def _mask(plan: Plan, doc: Document) -> Mask:
    """The mask of one file: its own personal values (as its contract names them) and ID numbers."""
    contract = plan.settings.contract
    return Mask(contract.personal_values(doc.data) if contract is not None and doc.data is not None else ())


def _namer(plan: Plan, doc: Document, mask: Mask) -> keys.Namer:
    """Names the file's list items in finding keys by the key fields its contract gives."""
    contract = plan.settings.contract
    return keys.Namer(doc.data, contract.item_keys if contract is not None else {}, mask)


def _name_summary_results(value: Any, namer: keys.Namer) -> None:
    """Results a summary carries (findings a dataset rule passes on) get their subject while the
    document is at hand: the check that reports them has only the summaries."""
    if isinstance(value, Result):
        if value.subject is None and isinstance(value.path, tuple):
            value.subject = namer.subject(value.path)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _name_summary_results(item, namer)
    elif isinstance(value, dict):
        for item in value.values():
            _name_summary_results(item, namer)


def hidden(mask: Mask, value: Any) -> Any:
    """``value`` — a branch report, a result, a summary or any structure of them — with every text
    of it (messages, subject, data path, strings in a summary) passed through ``mask``, in place
    where it can be. Other objects are left as they are: a summary keeps nothing personal in them.

    Its texts are first handed to the mask together (``Mask.prepare``: one look at all of them
    for the file's values), then each is masked as it is met (from the mask's memo)."""
    texts: list[str] = []
    _texts(value, texts)
    mask.prepare(texts)
    return _hidden(mask, value)


def _texts(value: Any, out: list[str]) -> None:
    """Every text ``_hidden`` passes to the mask in ``value``, in the order it meets them."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, Result):
        _result_texts(value, out)
    elif isinstance(value, BranchReport):
        out.extend(text for text in (value.code, value.name) if text is not None)
        for result in value.results:
            _result_texts(result, out)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            _texts(item, out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _texts(key, out)
            _texts(item, out)


def _result_texts(result: Result, out: list[str]) -> None:
    message = result.message
    if isinstance(message, Text):
        out.append(str(message.zh))
        out.append(str(message.en))
    if isinstance(result.path, tuple):
        out.extend(part for part in result.path if isinstance(part, str))
    if result.subject is not None:
        out.append(result.subject if isinstance(result.subject, str) else str(result.subject))


def _hidden(mask: Mask, value: Any) -> Any:
    if isinstance(value, str):
        return mask.text(value)
    if isinstance(value, Result):
        return _hidden_result(mask, value)
    if isinstance(value, BranchReport):
        value.code, value.name = mask.optional(value.code), mask.optional(value.name)
        value.results = [_hidden_result(mask, r) for r in value.results]
        return value
    if isinstance(value, tuple):
        items = [_hidden(mask, item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [_hidden(mask, item) for item in value]
    if isinstance(value, dict):
        return {_hidden(mask, key): _hidden(mask, item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return type(value)(_hidden(mask, item) for item in value)
    return value


def _hidden_result(mask: Mask, result: Result) -> Result:
    """A result's texts masked. A message or a path the mask leaves as it is stays the same
    object (a message shared by many results pickles once); one it changes is a new one."""
    message = result.message
    if isinstance(message, Text):
        zh, en = message.zh, message.en
        shown_zh, shown_en = mask.text(str(zh)), mask.text(str(en))
        if not (type(message) is Text and type(zh) is str and type(en) is str and shown_zh == zh and shown_en == en):
            result.message = Text(shown_zh, shown_en)
    path = result.path
    if isinstance(path, tuple):
        parts = [part if type(part) is int else mask.part(part) for part in path]  # a position: as it is
        if not (type(path) is tuple and all(a is b for a, b in zip(parts, path))):
            result.path = tuple(parts)
    if isinstance(result.subject, str):
        result.subject = mask.text(result.subject)
    elif result.subject is not None:
        result.subject = mask.text(str(result.subject))
    return result


def _hidden_lookups(mask: Mask, lookups: list) -> tuple:
    """The file lookups, a path holding a personal value masked and its answer one no lookup
    gives (``files.Files.still``): the cache keeps no name, and judges such a file again."""
    mask.prepare([lookup[1] for lookup in lookups if isinstance(lookup[1], str)])
    return tuple(
        lookup if mask.text(lookup[1]) == lookup[1] else (lookup[0], mask.text(lookup[1]), "hidden")
        for lookup in lookups
    )


def _results(plan: Plan, rule: Rule, doc: Document, clock: Clock, stopped: Mapping[str, Result]) -> list[Result]:
    if rule.code in stopped:
        return _finish(rule, doc.locate, [stopped[rule.code]], plan.settings)
    ctx = plan.context(rule)
    return _finish(rule, doc.locate, _call(plan, rule, clock, lambda: rule.check(doc, ctx)), plan.settings)


def _summary(plan: Plan, rule: Rule, doc: Document, clock: Clock, stopped: Mapping[str, Result]):
    """A dataset rule's summary of one document, or the Result that is its crash."""
    if rule.code in stopped:
        return stopped[rule.code]
    ctx = plan.context(rule)
    return _call(plan, rule, clock, lambda: [_picklable(_summarise(rule, doc, ctx))])[0]


def _summarise(rule: Rule, doc: Document, ctx: Context):
    return rule.summarise(doc, ctx) if rule.summarise else doc.data


def _picklable(summary):
    """``summary``, or the error that it cannot be pickled: a summary may travel from a worker
    or into the cache, and a run must give the same report wherever its files are judged."""
    pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL)
    return summary


@dataclass
class DatasetFindings:
    """A dataset rule's findings: each branch's, in a spool in report order (a rule such as
    DAT002 has a finding for every branch: a province's would not fit in memory), or, when the
    check itself crashed or ran out of time, the one error every branch gets."""

    rule: Rule
    found: Spool = field(default_factory=Spool)  # (report index, results), the indexes ascending
    everyone: list[Result] = field(default_factory=list)
    _reading: Iterator | None = field(default=None, repr=False)
    _ahead: tuple = field(default=(-1, []), repr=False)

    def keep(self, pairs: Iterable[tuple[int, list[Result]]]) -> None:
        """Keep (report index, results) pairs; a later pair for the same branch replaces an earlier one."""
        late: dict[int, list[Result]] = {}
        last = -1
        for index, results in pairs:
            if index > last:
                self.found.append((index, results))
                last = index
            else:
                late[index] = results
        if late:  # not in order: put them in order (a check that returns its findings as it likes)
            merged = dict(self.found)
            merged.update(late)
            self.found.close()
            for index in sorted(merged):
                self.found.append((index, merged[index]))

    def of(self, index: int) -> list[Result]:
        """The findings of the branch at ``index``; asked in ascending order of index."""
        if self.everyone:
            return self.everyone
        if self._reading is None:
            self._reading = iter(self.found)
        while self._ahead[0] < index:
            self._ahead = next(self._reading, (float("inf"), []))
        return self._ahead[1] if self._ahead[0] == index else []


def check_dataset(plan: Plan, gathered: Gathered) -> DatasetFindings:
    """Run a dataset rule's check once on every summary, its findings kept by report index."""
    rule, owners = gathered.rule, gathered.owners
    findings = DatasetFindings(rule)
    seconds = plan.settings.rule_seconds and plan.settings.rule_seconds * max(1.0, len(owners) / 1000)
    ctx = plan.context(rule)

    def keep():
        found = rule.check(gathered.summaries, ctx)
        pairs = found.items() if isinstance(found, Mapping) else found
        findings.keep(
            (owners[position], list(results))
            for position, results in pairs
            if isinstance(position, int) and 0 <= position < len(owners) and owners[position] >= 0
        )
        return ()

    clock = Clock(seconds)
    with clock.running():
        findings.everyone = _call(plan, rule, clock, keep, seconds)
    return findings


def finish(plan: Plan, branch: BranchReport, crashes: dict, found: list[DatasetFindings], index: int) -> None:
    """Add the dataset rules' findings to one valid branch (a crashed summarise is its own finding).
    Their locations come with them: the summaries carry what the check needs to place them."""
    for each in found:
        crash = crashes.get(each.rule.code)
        results = hidden(
            _NO_VALUES, _finish(each.rule, None, [crash] if crash is not None else each.of(index), plan.settings)
        )
        keys.assign(branch, results, None)
        branch.results.extend(results)


def _identity(plan: Plan, doc: Document) -> tuple[str | None, str | None]:
    contract = plan.settings.contract
    return contract.identify(doc.data) if contract is not None else (None, None)


def _call(plan: Plan, rule: Rule, clock: Clock, produce, seconds: float | None = None) -> list[Any]:
    """What ``produce`` gives, as a list; its crash, or its running past the limit, as an error result."""
    try:
        try:
            clock.start(plan.numbers.get(rule.code, -1))
            return list(produce())
        finally:
            clock.stop()
    except RuleTimeout:
        return [timed_out(rule, seconds or plan.settings.rule_seconds or 0)]
    except Exception as err:
        return [crashed(rule, err)]


def timed_out(rule: Rule, seconds: float) -> Result:
    return Result(
        Status.ERROR,
        Text(
            f"规则 {rule.code}（插件 {rule.plugin}）运行超过 {seconds:g} 秒，已中止",
            f"rule {rule.code} (plugin {rule.plugin}) ran longer than its {seconds:g} s limit and was stopped",
        ),
    )


def crashed_worker(rule: Rule, exit_code: int | None) -> Result:
    """The error of a rule during which the worker process judging the file ended."""
    return Result(
        Status.ERROR,
        Text(
            f"规则 {rule.code}（插件 {rule.plugin}）运行时检查进程意外退出（退出码 {exit_code}），此规则未能完成",
            f"the process judging this file ended (exit code {exit_code}) while rule {rule.code} "
            f"(plugin {rule.plugin}) ran; the rule could not finish",
        ),
    )


def unjudgeable(file: str, exit_code: int | None) -> Judged:
    """A file whose judging ended the worker process twice, outside any rule (in loading it)."""
    message = Text(
        f"检查此文件时检查进程两次意外退出（退出码 {exit_code}），无法判定",
        f"judging this file ended the worker process twice (exit code {exit_code}); it cannot be judged",
    )
    branch = BranchReport(file, None, None, [Result(Status.ERROR, message)])
    keys.assign(branch, branch.results, None)
    return Judged.of(file, branch, None)


def crashed(rule: Rule, err: Exception) -> Result:
    """A rule's crash as its error result. The exception's text is left out: it may quote personal data."""
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


def _finish(rule: Rule, locate, results: Iterable[Any], settings: Settings) -> list[Result]:
    """Stamp each result with its rule, family and location; downgrade a fail the profile
    makes a warning; a rule that found nothing passes."""
    finished = []
    for result in results:
        if not (isinstance(result, Result) and isinstance(result.status, Status) and isinstance(result.message, Text)):
            result = Result(
                Status.ERROR,
                Text(
                    f"规则 {rule.code}（插件 {rule.plugin}）返回了无效结果：{type(result).__name__}",
                    f"rule {rule.code} (plugin {rule.plugin}) returned a malformed result: {type(result).__name__}",
                ),
            )
        if result.status == Status.FAIL and settings.profile.severity.get(rule.code, rule.severity) == Severity.WARN:
            result.status = Status.WARN
        result.rule, result.family = rule.code, rule.family
        if result.location is None and result.path is not None and locate is not None:
            result.location = locate(result.path)
        finished.append(result)
    if not finished:
        finished.append(Result(Status.PASS, NO_PROBLEM, rule=rule.code, family=rule.family))
    return finished
