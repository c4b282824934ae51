"""The protocol every output format follows.

A run tells each reporter three things, in order: ``start`` (the report with
its date, period, profile and rules, no branches yet), ``branch`` for each
branch as it is finished, and ``finish`` (the whole report: its branches, when
kept, its waivers, comparison and counts). Each returns the text (or bytes)
to write then; the defaults write nothing until ``finish``, which renders the
whole report. A *streaming* reporter writes as it goes, so a run whose formats
all stream need not keep its branches.
"""

from __future__ import annotations

from ..model import BranchReport, Report
from .options import Options


class Reporter:
    streaming: bool = False  # writes each branch in ``branch``; ``finish`` then needs no branches
    needs_path: bool = False  # a binary file, never stdout: ``-f NAME:PATH``
    bom_in_files: bool = False  # written to a file with a UTF-8 byte-order mark (Excel reads CSV as UTF-8 then)

    def start(self, report: Report, options: Options) -> str | bytes:
        return ""

    def branch(self, branch: BranchReport, options: Options) -> str | bytes:
        return ""

    def finish(self, report: Report, options: Options) -> str | bytes:
        return self.render(report, options)

    def render(self, report: Report, options: Options) -> str | bytes:
        """The whole report at once (what ``finish`` writes unless the format streams)."""
        raise NotImplementedError
