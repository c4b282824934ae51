"""Comparing a run with an earlier JSON report (``--compare PREVIOUS.json``).

Each result is matched to the earlier one with the same key (``keys``:
``RULE:BRANCH:SUBJECT``). Only findings — a warn, fail, error or waived result —
take part: a result is marked (``Result.change``, and ``Result.was``, the earlier status)

- ``new``: a finding now, none with its key then (or then a pass, pending or n/a);
- ``fixed``: a finding then, now a pass or pending;
- ``open``: a finding then and now, with the same status;
- ``changed``: a finding then and now, with another status (fail → warn, fail → waived), or a
  finding then that no longer applies (n/a: a warning that an election is due turns n/a once
  the term has run out and the overdue election is another rule's failure — not fixed).

Passes and pendings before and after are not marked. A finding of the earlier report
whose key no longer appears at all, for a branch of this run, is ``gone``: fixed, too —
unless it fell due before this run's audit period began (last year's quarterly
posting, compared with this year's report): that one is ``earlier``, outside what this
run judges, and counted apart, neither fixed nor open.
The summary (``Previous.summary``) is the headline every format shows: counts of
each change, branches newly failing and newly compliant, and a warning when the two
reports differ in audit period, reference date or profile.

A report written before keys (its results have no ``key``) is refused, with how to
write a comparable one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from . import jsonfile
from .model import BranchReport, Report, Status

FINDINGS = {Status.WARN.value, Status.FAIL.value, Status.ERROR.value, Status.WAIVED.value}
FAILING = {Status.FAIL.value, Status.ERROR.value}
CHANGES = ("new", "fixed", "open", "changed")


class CompareError(Exception):
    pass


@dataclass
class Previous:
    file: str
    as_of: str
    period: dict | None = None
    profile: str | None = None
    results: dict = field(default_factory=lambda: defaultdict(list))  # key -> [(status, message, branch, rule, due)]
    branch_status: dict = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)

    def mark(self, branch: BranchReport) -> None:
        """Mark each result of ``branch`` new, fixed, open or changed against the earlier report."""
        for result in branch.results:
            earlier = self.results.get(result.key)
            was = earlier.pop(0)[0] if earlier else None
            result.change, result.was = _change(was, result.status.value), was
            if result.change is None:
                result.was = None
            else:
                self.counts[result.change] += 1

    def summary(self, report: Report) -> dict:
        """The comparison's headline: what changed, which branches, and whether the reports compare."""
        now = {b.code or b.file: b.status.value for b in report.branches}
        start = report.period_start.isoformat()
        gone = [
            {
                "key": key,
                "branch": left[2],
                "rule": left[3],
                "status": left[0],
                "message": left[1],
                "due": left[4],
                "change": "earlier" if left[4] and left[4] < start else "fixed",
            }
            for key, remaining in self.results.items()
            for left in remaining
            if left[0] in FINDINGS and left[2] in now
        ]
        counts = {change: self.counts[change] for change in CHANGES}
        counts["fixed"] += sum(g["change"] == "fixed" for g in gone)
        counts["earlier"] = sum(g["change"] == "earlier" for g in gone)
        return {
            "previous": {"file": self.file, "as_of": self.as_of, "period": self.period, "profile": self.profile},
            "counts": counts,
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
            "warnings": self._warnings(report),
            "gone": gone,
        }

    def _warnings(self, report: Report) -> list[dict]:
        """What makes the two reports not like for like: another audit period, reference date or profile."""
        out = []
        period = {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()}
        if self.period is not None and self.period != period:
            out.append(
                {
                    "zh": f"两份报告的审计期不同（之前 {self.period['start']} 至 {self.period['end']}，本次 "
                    f"{period['start']} 至 {period['end']}）：按期间的问题（如某季度的公开）在另一期没有对应项："
                    "本期的显示为新增，上期的另计",
                    "en": f"the reports cover different audit periods ({self.period['start']} to "
                    f"{self.period['end']}, now {period['start']} to {period['end']}): findings about one period "
                    "(a quarter's posting) have no counterpart in the other: this period's show as new, the earlier "
                    "period's are counted apart",
                }
            )
        elif self.as_of != report.as_of.isoformat():
            out.append(
                {
                    "zh": f"两份报告的参考日不同（之前 {self.as_of}，本次 {report.as_of}）：期间到期的事项会显示为新增",
                    "en": f"the reports have different reference dates ({self.as_of}, now {report.as_of}): what fell "
                    "due in between shows as new",
                }
            )
        if self.profile is not None and self.profile != report.profile.name:
            out.append(
                {
                    "zh": f"两份报告的配置不同（之前 {self.profile}，本次 {report.profile.name}）："
                    "差异可能来自规则参数",
                    "en": f"the reports use different profiles ({self.profile}, now {report.profile.name}): "
                    "differences may come from the rules' parameters",
                }
            )
        return out


def _change(was: str | None, now: str) -> str | None:
    then_found, now_found = was in FINDINGS, now in FINDINGS
    if now_found and not then_found:
        return "new"
    if then_found and not now_found:  # n/a: the rule no longer applies (an overdue election is ELE001's now)
        return "fixed" if now != Status.NA.value else "changed"
    if then_found and now_found:
        return "open" if was == now else "changed"
    return None


_STATUS = {"enum": [s.value for s in Status]}
_TEXT = {"type": "string"}
# what this module reads of a JSON report (the reporter writes more)
REPORT_SCHEMA = {
    "type": "object",
    "required": ["as_of", "branches"],
    "properties": {
        "as_of": _TEXT,
        "profile": _TEXT,
        "period": {"type": "object", "properties": {"start": _TEXT, "end": _TEXT}, "required": ["start", "end"]},
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
                            "properties": {
                                "rule": _TEXT,
                                "status": _STATUS,
                                "key": _TEXT,
                                "due": {"type": ["string", "null"]},
                                "path": _TEXT,
                                "message": _TEXT,
                            },
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
    period = data.get("period")
    previous = Previous(
        path, data["as_of"], {"start": period["start"], "end": period["end"]} if period else None, data.get("profile")
    )
    for branch in data["branches"]:
        code = branch["code"] or branch["file"]
        previous.branch_status[code] = branch["status"]
        for r in branch["results"]:
            if "key" not in r:
                raise _no_keys(path, data["as_of"])
            due = r.get("due") if isinstance(r.get("due"), str) else None
            previous.results[r["key"]].append((r["status"], r.get("message", ""), code, r["rule"], due))
    return previous


def _no_keys(path: str, as_of: str) -> CompareError:
    return CompareError(
        f"--compare {path}: 这份报告由旧版 unioncheck 写出，其结果没有 key，无法按问题对比；"
        f"请用当前版本对当时的数据重新检查（unioncheck check 数据目录 --as-of {as_of} -f json:之前.json），再对比"
        " / written by an older unioncheck: "
        f"its results have no key, so findings cannot be matched; check the data of then again with this version "
        f"(unioncheck check DATA --as-of {as_of} -f json:previous.json) and compare with that"
    )
