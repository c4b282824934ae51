"""``--format json``: the stable machine-readable report (shape in README.md)."""

from __future__ import annotations

import json

from ..model import Report, Result
from .summary import summarize


def result_dict(result: Result, lang: str) -> dict:
    loc = result.location
    return {
        "rule": result.rule,
        "family": result.family,
        "status": result.status.value,
        "message": result.message(lang),
        "messages": {"zh": result.message.zh, "en": result.message.en},
        "due": result.due.isoformat() if result.due else None,
        "location": {"file": loc.file, "line": loc.line, "column": loc.column} if loc else None,
    }


def report_dict(report: Report, lang: str) -> dict:
    return {
        "as_of": report.as_of.isoformat(),
        "period": {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
        "profile": report.profile,
        "branches": [
            {"code": b.code, "name": b.name, "file": b.file, "status": b.status.value,
             "results": [result_dict(r, lang) for r in b.results]}
            for b in report.branches
        ],
        "summary": summarize(report),
    }


class JsonReporter:
    def render(self, report: Report, lang: str) -> str:
        return json.dumps(report_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
