"""``json``: the stable machine-readable report (shape in README.md), and
``jsonl``: one JSON object per branch, written as each branch finishes."""

from __future__ import annotations

import json
from functools import lru_cache
from json.encoder import encode_basestring as _encode_string
from typing import Iterator

from ..model import BranchReport, Report, Result, Status, pointer
from ..scoring import ranks, score_branch
from ..spool import Spool
from . import scores
from .base import Reporter
from .options import Options
from .summary import is_compliant, summarize


def result_dict(result: Result, lang: str) -> dict:
    loc = result.location
    out = {
        "rule": result.rule,
        "family": result.family,
        "status": result.status.value,
        "message": result.message(lang),
        "messages": {"zh": result.message.zh, "en": result.message.en},
        "due": result.due.isoformat() if result.due else None,
        "location": _location(loc) if loc else None,
        "path": result.pointer,
        "key": result.key,
    }
    if result.waiver:
        w = result.waiver
        out["waiver"] = {
            "reason": w.reason,
            "approved_by": w.approved_by,
            "document": w.document,
            "expires": w.expires.isoformat(),
        }
    if result.known is not None:
        out["baseline"] = "known" if result.known else "new"
    if result.change is not None:
        out["change"] = result.change
        if result.was is not None:
            out["was"] = result.was
    return out


def _location(loc) -> dict:
    where = {"file": loc.file, "line": loc.line, "column": loc.column}
    if loc.sheet is not None:  # a workbook: the sheet and cell
        where.update(sheet=loc.sheet, cell=loc.cell)
    return where


def branch_dict(branch: BranchReport, lang: str) -> dict:
    return {
        "code": branch.code,
        "name": branch.name,
        "file": branch.file,
        "status": branch.status.value,
        "compliant": is_compliant(branch),
        "results": [result_dict(r, lang) for r in branch.results],
    }


def head_dict(report: Report) -> dict:
    """The report's keys before ``branches``, in order: all known before any branch is judged."""
    return {
        "as_of": report.as_of.isoformat(),
        "period": {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
        "profile": report.profile.name,
    }


def tail_dict(report: Report, options: Options) -> dict:
    """The report's keys after ``branches``, in order: known only when every branch is finished."""
    out = {}
    if report.waivers:
        out["waivers"] = [w.as_dict(report.as_of) for w in report.waivers]
    if report.comparison is not None:
        out["compare"] = report.comparison
    out["summary"] = summarize(report, options.fail_on)
    sheet = scores.json_summary(scores.scoring_of(report), options.lang)
    if sheet is not None:
        out["summary"]["score_sheet"] = sheet
    return out


_dumps = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(value, ensure_ascii=False), one encoder


def branch_json(branch: BranchReport, lang: str) -> str:
    """``branch_dict`` encoded on one line, text for text (a test proves it).

    A report holds tens of results per branch, and a warm audit of a province encodes
    millions of them: rather than building each result's dict for the encoder, the
    common result (not waived, baselined, compared or in a workbook) is written into a
    template whose strings json's own C string encoder escapes."""
    head = (
        f'{{"code": {_dumps(branch.code)}, "name": {_dumps(branch.name)}, "file": {_dumps(branch.file)}, '
        f'"status": {_dumps(branch.status.value)}, "compliant": {"true" if is_compliant(branch) else "false"}, '
        '"results": ['
    )
    return head + ", ".join([_result_json(r, lang) for r in branch.results]) + "]}"


def _result_json(result: Result, lang: str) -> str:
    location, message = result.location, result.message
    zh, en = message.zh, message.en
    if (
        result.waiver
        or result.known is not None
        or result.change is not None
        or type(zh) is not str
        or type(result.key) is not str
    ):
        return _dumps(result_dict(result, lang))
    if location is None:
        where = "null"
    else:
        line, column = location.line, location.column
        if location.sheet is not None or type(en) is not str or not (_int(line) and _int(column)):
            return _dumps(result_dict(result, lang))
        where = (
            f'{{"file": {_string(location.file)}, "line": {"null" if line is None else line}, '
            f'"column": {"null" if column is None else column}}}'
        )
    due = "null" if result.due is None else f'"{result.due.isoformat()}"'  # digits and dashes: nothing to escape
    return (
        f'{{"rule": {_code(result.rule)}, "family": {_code(result.family)}, "status": {_STATUS[result.status]}, '
        f'"message": {_string(zh if lang == "zh" else en)}, "messages": {{"zh": {_string(zh)}, "en": {_string(en)}}}, '
        f'"due": {due}, "location": {where}, "path": {_path(result.path)}, "key": {_string(result.key)}}}'
    )


_string = _encode_string  # a str as a JSON string, as json.dumps(..., ensure_ascii=False) writes it
_code = lru_cache(maxsize=4096)(_encode_string)  # rule codes and families: few, repeated
_STATUS = {status: _encode_string(status.value) for status in Status}


def _path(path) -> str:
    """A result's data path as the JSON string of its pointer (the same few hundred recur)."""
    return _pointer_json(path if type(path) is tuple else tuple(path or ()))


@lru_cache(maxsize=8192)
def _pointer_json(path: tuple) -> str:
    return _encode_string(pointer(path))


def _int(value) -> bool:
    return value is None or type(value) is int


class JsonReporter(Reporter):
    """The whole report as one JSON object, streamed: the head (date, period, profile) when the
    run starts, each branch on its own line when it is finished, and what only the end knows
    (the waivers' state, --compare's comparison, the summary) after the last one. A province's
    report is never held whole.

    With a score sheet in the profile each branch gets its ``score`` (points, rank, deductions,
    waived), and a rank needs every branch: the branches' text is then held until the last one
    is scored, and written with the end: their text and score wait in a spool (on disk past a
    county's size), and only the points stay in memory, so a province's report is never held."""

    streaming = True

    def __init__(self):
        self._separator = "\n"
        self._scoring = None
        self._held, self._points = Spool(), []

    def start(self, report: Report, options: Options) -> str:
        self._separator = "\n"
        self._scoring, self._held, self._points = scores.scoring_of(report), Spool(), []
        self._ran = {rule.code for rule in report.rules}
        return "{" + "".join(f"{_dumps(k)}: {_dumps(v)},\n" for k, v in head_dict(report).items()) + '"branches": ['

    def branch(self, branch: BranchReport, options: Options) -> str:
        if self._scoring is not None:  # written with the end, once every branch's rank is known
            scored = score_branch(self._scoring, branch, self._ran)
            self._held.append((branch_json(branch, options.lang)[:-1], scores.json_score(scored, ranked=False)))
            self._points.append(scored.score)
            return ""
        text = self._separator + branch_json(branch, options.lang)
        self._separator = ",\n"
        return text

    def finish(self, report: Report, options: Options) -> Iterator[str]:
        """The held branches with their ranks, then what only the end knows: in pieces, written
        as they come (see ``output.Sinks``)."""
        held, places = self._held, ranks(self._points)
        try:
            separator = "\n"
            for (text, score), place in zip(held, places):
                ranked = {"points": score["points"], "rank": place, **score}  # the order json_score gives
                yield f'{separator}{text}, "score": {_dumps(ranked)}}}'
                separator = ",\n"
        finally:
            held.close()
            self._held, self._points = Spool(), []
        tail = ",\n".join(f"{_dumps(k)}: {_dumps(v)}" for k, v in tail_dict(report, options).items())
        yield "\n],\n" + tail + "}\n"

    def render(self, report: Report, options: Options) -> str:
        return (
            self.start(report, options)
            + "".join(self.branch(b, options) for b in report.branches)
            + "".join(self.finish(report, options))
        )


class JsonlReporter(Reporter):
    """One JSON object per branch and line, written as each branch is finished. With a score
    sheet in the profile each line has its ``score`` without a rank (a rank needs every branch:
    see ``json``)."""

    streaming = True

    def __init__(self):
        self._scoring, self._ran = None, set()

    def start(self, report: Report, options: Options) -> str:
        self._scoring, self._ran = scores.scoring_of(report), {rule.code for rule in report.rules}
        return ""

    def branch(self, branch: BranchReport, options: Options) -> str:
        if self._scoring is None:
            return branch_json(branch, options.lang) + "\n"
        score = scores.json_score(score_branch(self._scoring, branch, self._ran), ranked=False)
        return f'{branch_json(branch, options.lang)[:-1]}, "score": {_dumps(score)}}}\n'

    def finish(self, report: Report, options: Options) -> str:
        return ""

    def render(self, report: Report, options: Options) -> str:
        return self.start(report, options) + "".join(self.branch(b, options) for b in report.branches)
