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
        out["waiver"] = {"reason": w.reason, "approved_by": w.approved_by, "document": w.document,
                         "expires": w.expires.isoformat()}
    if result.known is not None:
        out["baseline"] = "known" if result.known else "new"
    if result.change is not None:
        out["change"] = result.change
    return out


def branch_dict(branch: BranchReport, lang: str) -> dict:
    return {"code": branch.code, "name": branch.name, "file": branch.file, "status": branch.status.value,
            "results": [result_dict(r, lang) for r in branch.results]}


def prepare_results(branch: BranchReport, lang: str) -> None:
    """Encode each result now, where the branch is judged (a worker process), so that the
    parent, and a later run that finds the report in the cache, only splice the text."""
    if branch.prepared_lang != lang:
        branch.prepared = tuple(_dumps(result_dict(r, lang)) for r in branch.results)
        branch.prepared_lang = lang


def branch_json(branch: BranchReport, lang: str) -> str:
    """``branch_dict`` encoded, byte for byte: results prepared in this language and untouched since
    (a waiver, a baseline or --compare marks a result; the rules over every branch add theirs at
    the end) are spliced in as they are, the others encoded here."""
    prepared = branch.prepared if branch.prepared_lang == lang else ()
    if branch.packed and prepared:  # nothing has read its results since they were prepared: splice them all
        results = ", ".join((*prepared, *(_dumps(result_dict(r, lang)) for r in branch.added)))
    else:
        results = ", ".join(
            prepared[i] if i < len(prepared) and r.waiver is None and r.known is None and r.change is None
            else _dumps(result_dict(r, lang)) for i, r in enumerate(branch.results))
    return (f'{{"code": {_dumps(branch.code)}, "name": {_dumps(branch.name)}, "file": {_dumps(branch.file)}, '
            f'"status": {_dumps(branch.status.value)}, "results": [{results}]}}')


def head_dict(report: Report, options: Options) -> dict:
    """The report's keys before ``branches``, in order."""
    out = {
        "as_of": report.as_of.isoformat(),
        "period": {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
        "profile": report.profile.name,
    }
    if report.waivers:
        out["waivers"] = [w.as_dict(report.as_of) for w in report.waivers]
    if report.comparison is not None:
        out["compare"] = report.comparison
    return out


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class _Streaming:
    """What json and jsonl share: they stream, and encode each result where its branch is judged."""

    streaming = True

    def prepare(self, branch: BranchReport, options: Options) -> None:
        prepare_results(branch, options.lang)


class JsonReporter(_Streaming):
    """One branch per line: readable, and written by json's C encoder (indenting
    falls back to the pure-Python one, which was an eighth of a whole run).

    It streams: each branch is encoded once, when it is finished; the head (which
    holds the comparison, known only at the end) and the summary are written
    around them at the end (``wraps``: see ``output.Sinks``). A province's report is
    never held whole, and its reports need not be kept for a second pass."""

    wraps = True

    def __init__(self):
        self._separator = "\n"

    def head(self, report: Report, options: Options) -> str:
        whole = head_dict(report, options)
        return "{" + ",\n".join(f"{_dumps(k)}: {_dumps(v)}" for k, v in whole.items()) + ',\n"branches": ['

    def branch(self, branch: BranchReport, options: Options) -> str:
        text = self._separator + branch_json(branch, options.lang)
        self._separator = ",\n"
        return text

    def end(self, report: Report, options: Options) -> str:
        return f'\n],\n"summary": {_dumps(summarize(report, options.fail_on))}}}\n'

    def render(self, report: Report, options: Options) -> str:
        fresh = JsonReporter()
        return fresh.head(report, options) + "".join(fresh.branch(b, options) for b in report.branches) + fresh.end(report, options)


class JsonlReporter(_Streaming):
    def branch(self, branch: BranchReport, options: Options) -> str:
        return branch_json(branch, options.lang) + "\n"

    def end(self, report: Report, options: Options) -> str:
        return ""

    def render(self, report: Report, options: Options) -> str:
        return "".join(self.branch(b, options) for b in report.branches)
