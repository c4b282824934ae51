"""Comparing a run with an earlier JSON report (``--compare PREVIOUS.json``).

Each result is matched to the earlier one with the same branch, rule and data
path, and marked ``new`` (a problem now, not then), ``fixed`` (a problem then,
not now) or ``unchanged``. A problem is a warn, fail or error. Problems of the
earlier report that no longer appear at all are listed as gone (fixed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import jsonfile
from .model import BranchReport, Report, Status

PROBLEMS = {Status.WARN.value, Status.FAIL.value, Status.ERROR.value}
FAILING = {Status.FAIL.value, Status.ERROR.value}


class CompareError(Exception):
    pass


@dataclass
class Previous:
    file: str
    as_of: str
    results: dict = field(default_factory=lambda: defaultdict(list))  # key -> [status, message]
    branch_status: dict = field(default_factory=dict)

    def mark(self, branch: BranchReport) -> None:
        for result in branch.results:
            earlier = self.results.get((branch.code or branch.file, result.rule, result.pointer))
            was = earlier.pop(0)[0] if earlier else None
            now_bad, was_bad = result.status.value in PROBLEMS, was in PROBLEMS
            result.change = "new" if now_bad and not was_bad else "fixed" if was_bad and not now_bad else "unchanged"

    def summary(self, report: Report) -> dict:
        now = {b.code or b.file: b.status.value for b in report.branches}
        gone = [
            {"branch": key[0], "rule": key[1], "path": key[2], "message": left[1]}
            for key, remaining in self.results.items()
            for left in remaining
            if left[0] in PROBLEMS
            if key[0] in now
        ]
        return {
            "previous": {"file": self.file, "as_of": self.as_of},
            "newly_failing": sorted(
                code
                for code, status in now.items()
                if status in FAILING and self.branch_status.get(code) not in FAILING
            ),
            "newly_fixed": sorted(
                code
                for code, status in now.items()
                if status not in FAILING and self.branch_status.get(code) in FAILING
            ),
            "gone": gone,
        }


_STATUS = {"enum": [s.value for s in Status]}
_TEXT = {"type": "string"}
# what this module reads of a JSON report (the reporter writes more)
REPORT_SCHEMA = {
    "type": "object",
    "required": ["as_of", "branches"],
    "properties": {
        "as_of": _TEXT,
        "branches": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "file", "status", "results"],
                "properties": {
                    "code": {"type": ["string", "null"]},
                    "file": _TEXT,
                    "status": _STATUS,
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["rule", "status"],
                            "properties": {"rule": _TEXT, "status": _STATUS, "path": _TEXT, "message": _TEXT},
                        },
                    },
                },
            },
        },
    },
}


def load_previous(path: str) -> Previous:
    try:
        data = jsonfile.read(path, REPORT_SCHEMA)
    except jsonfile.JsonFileError as err:
        if err.missing:
            raise CompareError(f"{path}: 文件不存在 / file not found") from None
        raise CompareError(
            f"--compare {path}: 不是 unioncheck 的 JSON 报告：{err.problem.zh}；请给出 unioncheck check -f json:文件 "
            f"写出的报告 / not a unioncheck JSON report: {err.problem.en}; give a report written by "
            "`unioncheck check -f json:FILE`"
        ) from None
    previous = Previous(path, data["as_of"])
    for branch in data["branches"]:
        code = branch["code"] or branch["file"]
        previous.branch_status[code] = branch["status"]
        for r in branch["results"]:
            previous.results[(code, r["rule"], r.get("path", ""))].append((r["status"], r.get("message", "")))
    return previous
