"""``junit``: JUnit XML, one test suite per branch and one test case per branch
and rule, for the test reports of CI servers (GitLab, Jenkins, GitHub test reporters).

A case fails when its rule's results fail the run (``--fail-on``) and errors
when the data could not be judged; a waived or not applicable case is skipped;
warnings and deadlines that do not fail the run are written to system-out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..gate import counts_against
from ..model import Report, Status
from .base import Reporter
from .options import Options, display_location, display_path, xml_safe
from .summary import status_text, waiver_text


class JunitReporter(Reporter):
    def render(self, report: Report, options: Options) -> str:
        lang = options.lang
        titles = {r.code: r.title(lang) for r in report.rules}
        root = ET.Element("testsuites", name="unioncheck")
        totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for b in report.branches:
            suite = ET.SubElement(root, "testsuite", name=b.code or display_path(b.file), file=display_path(b.file))
            counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
            by_rule: dict[str, list] = {}
            for r in b.results:
                by_rule.setdefault(r.rule, []).append(r)
            for code, results in by_rule.items():
                counts["tests"] += 1
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=f"unioncheck.{b.code or 'unreadable'}",
                    name=f"{code} {titles.get(code, '')}".strip(),
                    file=display_path(b.file),
                )
                first_line = next((r.location.line for r in results if r.location and r.location.line), None)
                if first_line:
                    case.set("line", str(first_line))
                text = "\n".join(
                    f"[{status_text(r, lang)}] {r.message(lang)}"
                    + (f" {waiver_text(r, lang)}" if r.waiver else "")
                    + (f" ({display_location(r.location)})" if r.location else "")
                    for r in results
                )
                failing = [r for r in results if counts_against(r, options.fail_on)]
                worst = Status.worst(r.status for r in results)
                if any(r.status == Status.ERROR for r in failing):
                    counts["errors"] += 1
                    ET.SubElement(case, "error", message=failing[0].message(lang), type="error").text = text
                elif failing:
                    counts["failures"] += 1
                    ET.SubElement(
                        case, "failure", message=failing[0].message(lang), type=failing[0].status.value
                    ).text = text
                elif worst in (Status.WAIVED, Status.NA):
                    counts["skipped"] += 1
                    ET.SubElement(
                        case,
                        "skipped",
                        message=results[0].message(lang)
                        if worst == Status.NA
                        else waiver_text(next(r for r in results if r.waiver), lang),
                    )
                else:
                    ET.SubElement(case, "system-out").text = text
            for key, value in counts.items():
                suite.set(key, str(value))
                totals[key] += value
        for key, value in totals.items():
            root.set(key, str(value))
        for element in root.iter():  # XML cannot carry control characters a data file may quote
            element.text = xml_safe(element.text) if element.text else element.text
            for key, value in element.attrib.items():
                element.set(key, xml_safe(value))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
