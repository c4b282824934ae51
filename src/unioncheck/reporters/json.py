"""``json``: the stable machine-readable report (shape in README.md), and
``jsonl``: one JSON object per branch, written as each branch finishes."""

from __future__ import annotations

import json

from ..model import BranchReport, Report, Result
from .options import Options
from .summary import summarize


def result_dict(result: Result, lang: str) -> dict:
    loc = result.location
    out = {
        "rule": result.rule,
        "family": result.family,
        "status": result.status.value,
        "message": result.message(lang),
        "messages": {"zh": result.message.zh, "en": result.message.en},
        "due": result.due.isoformat() if result.due else None,
        "location": {"file": loc.file, "line": loc.line, "column": loc.column} if loc else None,
        "path": result.pointer,
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
    return out


def branch_dict(branch: BranchReport, lang: str) -> dict:
    return {
        "code": branch.code,
        "name": branch.name,
        "file": branch.file,
        "status": branch.status.value,
        "results": [result_dict(r, lang) for r in branch.results],
    }


def prepare_results(branch: BranchReport, lang: str) -> None:
    """Encode each result now, where the branch is judged (a worker process), so that the
    parent, and a later run that finds the report in the cache, only splice the bytes."""
    if branch.prepared_lang != lang:
        pieces = [_encoded(r, lang) for r in branch.results]
        ends, end = [], -2
        for piece in pieces:
            end += 2 + len(piece)
            ends.append(end)
        branch.prepared, branch.prepared_ends, branch.prepared_lang = b", ".join(pieces), tuple(ends), lang


def branch_json(branch: BranchReport, lang: str) -> bytes:
    """``branch_dict`` encoded (UTF-8), byte for byte: results prepared in this language and
    untouched since (a waiver, a baseline or --compare marks a result; the rules over every branch
    add theirs at the end) are spliced in as they are, the others encoded here."""
    ready = branch.prepared_lang == lang and bool(branch.prepared_ends)
    if ready and branch.packed:  # nothing has read its results since they were prepared: splice them all
        results = b", ".join((branch.prepared, *(_encoded(r, lang) for r in branch.added)))
    else:
        ends = branch.prepared_ends if ready else ()
        results = b", ".join(
            branch.prepared[(ends[i - 1] + 2 if i else 0) : ends[i]]
            if i < len(ends) and r.waiver is None and r.known is None and r.change is None
            else _encoded(r, lang)
            for i, r in enumerate(branch.results)
        )
    head = (
        f'{{"code": {_dumps(branch.code)}, "name": {_dumps(branch.name)}, "file": {_dumps(branch.file)}, '
        f'"status": {_dumps(branch.status.value)}, "results": ['
    )
    return head.encode("utf-8") + results + b"]}"


def _encoded(result: Result, lang: str) -> bytes:
    return _dumps(result_dict(result, lang)).encode("utf-8")


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
    return out


_dumps = json.JSONEncoder(
    ensure_ascii=False
).encode  # json.dumps(value, ensure_ascii=False), without a new encoder each call


class _Streaming:
    """What json and jsonl share: they stream, and encode each result where its branch is judged."""

    streaming = True

    def prepare(self, branch: BranchReport, options: Options) -> None:
        prepare_results(branch, options.lang)


class JsonReporter(_Streaming):
    """One branch per line: readable, and written by json's C encoder (indenting
    falls back to the pure-Python one, which was an eighth of a whole run).

    It streams: the head (date, period, profile) is written when the run starts,
    each branch when it is finished, and what is known only at the end (the
    waivers' state, --compare's comparison, the summary) after the last branch.
    A province's report is never held whole, nor copied."""

    def __init__(self):
        self._separator = b"\n"

    def head(self, report: Report, options: Options) -> str:
        return "{" + "".join(f"{_dumps(k)}: {_dumps(v)},\n" for k, v in head_dict(report).items()) + '"branches": ['

    def branch(self, branch: BranchReport, options: Options) -> bytes:
        data = self._separator + branch_json(branch, options.lang)
        self._separator = b",\n"
        return data

    def end(self, report: Report, options: Options) -> str:
        return "\n],\n" + ",\n".join(f"{_dumps(k)}: {_dumps(v)}" for k, v in tail_dict(report, options).items()) + "}\n"

    def render(self, report: Report, options: Options) -> str:
        fresh = JsonReporter()
        return (
            fresh.head(report, options)
            + b"".join(fresh.branch(b, options) for b in report.branches).decode("utf-8")
            + fresh.end(report, options)
        )


class JsonlReporter(_Streaming):
    def branch(self, branch: BranchReport, options: Options) -> bytes:
        return branch_json(branch, options.lang) + b"\n"

    def end(self, report: Report, options: Options) -> str:
        return ""

    def render(self, report: Report, options: Options) -> str:
        return b"".join(self.branch(b, options) for b in report.branches).decode("utf-8")
