"""``sarif``: SARIF 2.1.0, so that code hosts show findings on the line of the
branch file; a workbook's findings are on the file (no region) with the sheet and
cell as a logical location (``职代会!C3``), which also leads the message.
One rule entry per unioncheck rule (help from ``explain``); one
result per warn, fail, error and waived result (a waived one carries an
accepted suppression; with a baseline, ``baselineState`` says new or unchanged).
Pass, pending and n/a results are not findings and are left out.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import PackageNotFoundError, metadata, version
from pathlib import Path
from urllib.parse import quote

from ..citations import basis_text, citations
from ..explain import explain_text, parameters
from ..gate import counts_against, finding_key
from ..model import Report, Status
from .base import Reporter
from .options import Options, cell_of, display_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_REPORTED = (Status.WARN, Status.FAIL, Status.ERROR, Status.WAIVED)


def artifact(file: str) -> dict:
    """Where a file is, as SARIF wants it: a relative reference under ``%SRCROOT%`` (the working
    directory) for a file below it, however it was given; otherwise an absolute ``file:`` URI."""
    shown = display_path(file)
    if not (os.path.isabs(shown) or shown == os.pardir or shown.startswith(os.pardir + "/")):
        return {"uri": quote(shown, safe="/"), "uriBaseId": "%SRCROOT%"}
    return {"uri": Path(os.path.abspath(file)).as_uri()}


def _information_uri() -> str | None:
    """The project's home page as the installed package's metadata gives it (``[project.urls]``)."""
    try:
        urls = metadata("unioncheck").get_all("Project-URL") or []
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return None
    found = dict(url.split(", ", 1) for url in urls if ", " in url)
    return next((found[k] for k in ("Homepage", "Documentation", "Repository", "Source") if k in found), None)


_BASELINE_STATE = {"new": "new", "open": "unchanged", "changed": "updated", "fixed": "absent"}


def _tool_version() -> str:
    try:
        return version("unioncheck")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "0"


def _driver(rules: list[dict]) -> dict:
    driver = {"name": "unioncheck", "version": _tool_version()}
    information = _information_uri()
    return {**driver, **({"informationUri": information} if information else {}), "rules": rules}


class SarifReporter(Reporter):
    def render(self, report: Report, options: Options) -> str:
        lang = options.lang
        index = {rule.code: i for i, rule in enumerate(report.rules)}
        rules = [
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.title(lang)},
                "fullDescription": {"text": rule.doc.what(lang)},
                "help": {
                    "text": explain_text(rule, parameters(rule, report.profile), lang, profile=report.profile),
                    "markdown": explain_text(
                        rule, parameters(rule, report.profile), lang, markdown=True, profile=report.profile
                    ),
                },
                "defaultConfiguration": {
                    "level": "error"
                    if report.profile.severity.get(rule.code, rule.severity).value == "fail"
                    else "warning"
                },
                "properties": {
                    "family": rule.family,
                    "basis": basis_text(rule, report.profile, lang),
                    "citations": [c.as_dict() for c in citations(rule, report.profile)],
                    "plugin": rule.plugin,
                    "tags": [rule.family],
                },
            }
            for rule in report.rules
        ]
        results = []
        for b in report.branches:
            for r in b.results:
                if r.status not in _REPORTED:
                    continue
                location = r.location
                physical = {"artifactLocation": artifact(location.file if location else b.file)}
                if location and location.line:
                    physical["region"] = {
                        "startLine": location.line,
                        **({"startColumn": location.column} if location.column else {}),
                    }
                cell = cell_of(location)
                place = {"physicalLocation": physical}
                if cell:
                    place["logicalLocations"] = [{"name": location.cell or location.sheet, "fullyQualifiedName": cell}]
                entry = {
                    "ruleId": r.rule,
                    "level": "error"
                    if counts_against(r, options.fail_on) or r.status == Status.ERROR
                    else "warning"
                    if r.status in (Status.WARN, Status.FAIL)
                    else "note",
                    "kind": "fail",
                    "message": {"text": f"{cell}: {r.message(lang)}" if cell else r.message(lang)},
                    "locations": [place],
                    "partialFingerprints": {"unioncheck/v2": finding_key(b, r)},
                    "properties": {
                        "branch": b.code,
                        "status": r.status.value,
                        "path": r.pointer,
                        **({"due": r.due.isoformat()} if r.due else {}),
                    },
                }
                if r.rule in index:
                    entry["ruleIndex"] = index[r.rule]
                if r.waiver:
                    w = r.waiver
                    entry["suppressions"] = [
                        {
                            "kind": "external",
                            "status": "accepted",
                            "justification": f"{w.reason} ({w.approved_by} {w.document}, until {w.expires})",
                        }
                    ]
                if r.known is not None:
                    entry["baselineState"] = "unchanged" if r.known else "new"
                elif r.change is not None:
                    entry["baselineState"] = _BASELINE_STATE[r.change]
                if r.change is not None:
                    entry["properties"]["change"] = r.change
                results.append(entry)
        notifications = [
            {
                "level": "warning",
                "message": {"text": f"waiver {w.branch} {w.rule} ({w.document}) {w.state(report.as_of)}"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": artifact(w.file),
                            **({"region": {"startLine": w.line}} if w.line else {}),
                        }
                    }
                ],
            }
            for w in report.waivers
            if w.state(report.as_of) in ("expired", "unused")
        ]
        run = {
            "tool": {"driver": _driver(rules)},
            "invocations": [
                {
                    "executionSuccessful": True,
                    "toolConfigurationNotifications": notifications,
                    "properties": {
                        "as_of": report.as_of.isoformat(),
                        "profile": report.profile.name,
                        "period": [report.period_start.isoformat(), report.period_end.isoformat()],
                    },
                }
            ],
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the directory unioncheck ran in"}}},
            "results": results,
        }
        return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"
