"""Counts every format reports the same way."""

from __future__ import annotations

from collections import Counter

from ..model import Report, Status

NOT_COMPLIANT = (Status.FAIL, Status.ERROR)


def summarize(report: Report) -> dict:
    statuses = [b.status for b in report.branches]
    findings = [r for b in report.branches for r in b.results]
    by_family = Counter(r.family for r in findings if r.status not in (Status.PASS, Status.NA))
    return {
        "branches": len(report.branches),
        "compliant": sum(s not in NOT_COMPLIANT for s in statuses),
        "by_status": _ordered(Counter(s.value for s in statuses)),
        "findings": {
            "by_status": _ordered(Counter(r.status.value for r in findings)),
            "by_family": {f: by_family[f] for f in report.families if by_family[f]},
        },
    }


def _ordered(counts: Counter) -> dict:
    return {s.value: counts[s.value] for s in sorted(Status, key=lambda s: -s.rank) if counts[s.value]}
