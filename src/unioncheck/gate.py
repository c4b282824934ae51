"""The CI gate: which results fail the run, waivers the bureau granted, and baselines.

- *fail-on*: the lowest status that fails the run (fail, warn, never).
- a *waiver* exempts one branch from one rule (or family) until it expires: a
  fail or warn it covers becomes ``waived``, with the waiver attached, never hidden.
- a *baseline* lists findings already known by their key (``RULE:BRANCH:SUBJECT``,
  see ``keys``: the subject in the data's terms, not a line or a list position, so
  unrelated edits do not reset it): only new ones fail. A baseline written before
  keys (version 1) is refused with the command that writes it again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from dataclasses import dataclass, field

from . import jsonfile, validation
from .contract import format_path
from .loader import load
from .model import BranchReport, Report, Result, Status, display_path
from .privacy import shown_key

FAIL_ON = {"fail": (Status.FAIL, Status.ERROR), "warn": (Status.WARN, Status.FAIL, Status.ERROR), "never": ()}
WAIVABLE = (Status.FAIL, Status.WARN)
EXPIRING_DAYS = 30


class GateError(Exception):
    """A waivers or baseline file that cannot be used; the message names file, line and key."""


def counts_against(result: Result, fail_on: str) -> bool:
    return fails_gate(result.status, result.known, fail_on)


def fails_gate(status: Status, known: bool | None, fail_on: str) -> bool:
    """Whether a result of ``status`` (``known`` to a baseline or not) makes the exit code 1."""
    return status in FAIL_ON[fail_on] and known is not True


def exit_code(report: Report, fail_on: str) -> int:
    return int(any(fails_gate(status, known, fail_on) for status, _, known, _ in report.counts().results))


# ---- waivers -----------------------------------------------------------------

_WAIVERS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["waivers"],
    "properties": {
        "waivers": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["branch", "rule", "reason", "approved_by", "document", "expires"],
                "properties": {
                    "branch": {"type": "string", "minLength": 1},
                    "rule": {"type": "string", "minLength": 3},
                    "subject": {"type": "string", "minLength": 1},
                    "reason": {"type": "string", "minLength": 1},
                    "approved_by": {"type": "string", "minLength": 1},
                    "document": {"type": "string", "minLength": 1},
                    "expires": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"},
                },
            },
        }
    },
}


@dataclass
class Waiver:
    branch: str
    rule: str  # a rule code, or a prefix such as a family
    reason: str
    approved_by: str
    document: str
    expires: dt.date
    file: str
    line: int | None
    used: int = 0
    blocked: int = 0  # results it would have covered had it not expired
    seen: bool = False  # its branch was judged in this run
    partial: bool = False  # the run judged only some branches (--changed-since): unseen means unknown
    subject: str | None = None  # only the finding with this subject (its key's last part), when given

    def covers(self, branch: str | None, rule: str, key: str = "") -> bool:
        if branch != self.branch or not rule.startswith(self.rule):
            return False
        return self.subject is None or subject_of(key) == self.subject

    def state(self, as_of: dt.date) -> str:
        """expired, unused, not-judged (its branch was left out of a partial run), expiring or active."""
        if self.expires < as_of:
            return "expired"
        if not self.used:
            return "unused" if self.seen or not self.partial else "not-judged"
        return "expiring" if (self.expires - as_of).days <= EXPIRING_DAYS else "active"

    def as_dict(self, as_of: dt.date) -> dict:
        return {
            "branch": self.branch,
            "rule": self.rule,
            "reason": self.reason,
            "approved_by": self.approved_by,
            "document": self.document,
            "expires": self.expires.isoformat(),
            **({"subject": self.subject} if self.subject is not None else {}),
            "state": self.state(as_of),
            "used": self.used,
            "file": self.file,
            "line": self.line,
        }


def load_waivers(path: str) -> list[Waiver]:
    doc = load(path)
    if doc.problems:
        p = doc.problems[0]
        raise GateError(f"{path}:{p.line or ''}: {p.message.zh} / {p.message.en}")
    errors = sorted(validation.errors(_WAIVERS_SCHEMA, doc.data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        at = tuple(error.absolute_path)
        if error.validator == "required":
            missing = [k for k in error.validator_value if k not in error.instance][0]
            raise GateError(
                f"{doc.locate(at)}: 豁免缺少必填字段 {missing} / waiver {format_path(at)} is missing '{missing}' "
                "(every waiver needs branch, rule, reason, approved_by, document, expires)"
            )
        if error.validator == "additionalProperties":
            extra = [k for k in error.instance if k not in error.schema["properties"]][0]
            raise GateError(
                f"{doc.locate(at + (extra,))}: 未知字段 {shown_key(extra)} / "
                f"unknown key {shown_key(extra)} in {format_path(at)}"
            )
        raise GateError(f"{doc.locate(at)}: {format_path(at)}: {error.message}")
    return [
        Waiver(
            w["branch"],
            w["rule"],
            w["reason"],
            w["approved_by"],
            w["document"],
            dt.date.fromisoformat(w["expires"]),
            path,
            doc.locate(("waivers", i)).line,
            subject=w.get("subject"),
        )
        for i, w in enumerate(doc.data["waivers"])
    ]


def apply_waivers(branch: BranchReport, waivers: list[Waiver], as_of: dt.date) -> None:
    """Turn the fails and warns an unexpired waiver covers into ``waived``."""
    mine = [waiver for waiver in waivers if waiver.branch == branch.code]
    if not mine:
        return  # the results are not read: a report from a worker or the cache passes on packed
    for waiver in mine:
        waiver.seen = True
    for result in branch.results:
        if result.status not in WAIVABLE:
            continue
        for waiver in waivers:
            if waiver.covers(branch.code, result.rule, result.key):
                if waiver.expires < as_of:
                    waiver.blocked += 1
                    continue
                result.status, result.waiver = Status.WAIVED, waiver
                waiver.used += 1
                break


def partial_run(waivers: list[Waiver], focus, paths=()) -> None:
    """Tell the waivers whether the run judges only some branches (``focus``, from --changed-since;
    or ``paths`` naming files one by one, as the pre-commit hook does, rather than whole folders):
    then one whose branch was not judged is not called unused."""
    some = focus is not None or any(os.path.isfile(path) for path in paths)
    for waiver in waivers:
        waiver.partial = some


# ---- baselines ---------------------------------------------------------------


def finding_key(branch: BranchReport, result: Result) -> str:
    """What makes ``result`` the same finding in another run: its key (``keys``), set where it was judged."""
    return result.key or f"{result.rule}:{branch.code or display_path(branch.file)}:"


def subject_of(key: str) -> str:
    """The SUBJECT of a ``RULE:BRANCH:SUBJECT`` key (a branch code has no colon)."""
    parts = key.split(":", 2)
    return parts[2] if len(parts) == 3 else ""


BASELINE_VERSION = 2


@dataclass
class Baseline:
    known: Counter = field(default_factory=Counter)  # key -> how many findings of it are known

    def mark(self, branch: BranchReport, fail_on: str) -> None:
        """Mark each failing result known (the baseline holds it) or new, consuming the baseline's counts."""
        for result in branch.results:
            if result.status in FAIL_ON["warn"]:
                key = finding_key(branch, result)
                result.known = self.known[key] > 0
                if result.known:
                    self.known[key] -= 1


_TEXT = {"type": "string"}
BASELINE_SCHEMA = {
    "type": "object",
    "required": ["findings"],
    "properties": {
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"key": _TEXT, "branch": _TEXT, "rule": _TEXT, "path": _TEXT},
            },
        }
    },
}


def load_baseline(path: str) -> Baseline:
    try:
        data = jsonfile.read(path, BASELINE_SCHEMA)
    except jsonfile.JsonFileError as err:
        if err.missing:
            raise GateError(
                f"{path}: 基线文件不存在 / baseline file not found (write one with --write-baseline)"
            ) from None
        raise GateError(
            f"--baseline {path}: 不是 unioncheck 基线文件：{err.problem.zh}；请用 --write-baseline 重新生成 / "
            f"not a unioncheck baseline: {err.problem.en}; write one again with --write-baseline"
        ) from None
    _refuse_old_baseline(path, data)
    return Baseline(Counter(f["key"] for f in data["findings"]))


def _refuse_old_baseline(path: str, data: dict) -> None:
    """A baseline of version 1 keyed findings by data path (list positions): it would call known
    findings new after an unrelated edit, and the other way round. It is refused, not guessed at."""
    findings = data.get("findings")
    old = data.get("version") == 1 or any("key" not in f for f in findings)
    if old:
        raise GateError(
            f"--baseline {path}: 这是旧版基线（按数据路径记录问题，列表顺序一变就对不上），不能再用；"
            f"请用当前版本重新生成：unioncheck check … --write-baseline {path} / "
            "an old baseline (version 1, findings keyed by data path, "
            f"which list order changes): write it again with this version: unioncheck check … --write-baseline {path}"
        )


def baseline_text(report: Report) -> str:
    """Every warn, fail and error of ``report``, as a baseline file."""
    findings = [
        {
            "key": finding_key(b, r),
            "branch": b.code or b.file,
            "rule": r.rule,
            "path": r.pointer,
            "status": r.status.value,
            "message": r.message.en,
        }
        for b in report.branches
        for r in b.results
        if r.status in FAIL_ON["warn"]
    ]
    return (
        json.dumps(
            {
                "version": BASELINE_VERSION,
                "as_of": report.as_of.isoformat(),
                "profile": report.profile.name,
                "findings": findings,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
