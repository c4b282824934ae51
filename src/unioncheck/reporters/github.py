"""``github``: workflow commands that GitHub Actions shows as annotations on the
line of the branch file (``::error file=…,line=…::…``). A workbook has no lines:
its findings annotate the file, with the sheet and cell leading the message."""

from __future__ import annotations

from ..gate import counts_against
from ..model import Report, Status
from .base import Reporter
from .options import Options, cell_of, display_path
from .summary import compare_lines, waiver_text


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def render(self, report: Report, options: Options) -> str:
        lang = options.lang
        titles = {r.code: r.title(lang) for r in report.rules}
        lines = []
        for b in report.branches:
            for r in b.results:
                if r.status in (Status.PASS, Status.NA, Status.PENDING):
                    continue
                level = (
                    "error"
                    if counts_against(r, options.fail_on)
                    else "warning"
                    if r.status in (Status.WARN, Status.FAIL, Status.ERROR)
                    else "notice"
                )
                where = [f"file={_property(display_path(r.location.file if r.location else b.file))}"]
                if r.location and r.location.line:
                    where.append(f"line={r.location.line}")
                    if r.location.column:
                        where.append(f"col={r.location.column}")
                heading = f"{r.rule} {titles.get(r.rule, '')}".strip()
                where.append(f"title={_property(heading)}")
                cell = cell_of(r.location)
                message = " ".join(
                    filter(
                        None,
                        [
                            f"{cell}:" if cell else "",
                            r.message(lang),
                            waiver_text(r, lang),
                            "(known)" if r.known else "",
                            f"({r.change})" if r.change in ("new", "changed") else "",
                        ],
                    )
                )
                lines.append(f"::{level} {','.join(where)}::{_data(message)}")
        for w in report.waivers:
            state = w.state(report.as_of)
            if state in ("expired", "unused"):
                lines.append(
                    f"::warning file={_property(display_path(w.file))},line={w.line or 1},"
                    f"title={_property('waiver ' + state)}::{_data(f'{w.branch} {w.rule} {w.document}: {state}')}"
                )
        for i, line in enumerate(compare_lines(report, lang)):  # the headline, then its warnings
            lines.append(f"::{'warning' if i else 'notice'} title=compare::{_data(line)}")
        return "\n".join(lines) + ("\n" if lines else "")
