"""When a report was made: the one clock reports read.

Documents a person reads (the workbook, the page, the notices) say when they
were made; machine formats (JSON, SARIF, …) never do, so that two runs on the
same inputs compare equal. ``SOURCE_DATE_EPOCH`` (the reproducible-builds
convention: seconds since 1970-01-01 UTC) fixes the time when it is set, so
that the same inputs give byte-identical documents.
"""

from __future__ import annotations

import datetime as dt
import os

from .model import YEARS


class ClockError(ValueError):
    """``SOURCE_DATE_EPOCH`` is set to something that is not a time (bilingual message)."""


def made_at(environ=os.environ) -> dt.datetime:
    """The time a report is made: ``SOURCE_DATE_EPOCH`` when set (UTC), else now (local time),
    to the minute."""
    raw = environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return dt.datetime.now().astimezone().replace(second=0, microsecond=0)
    try:
        seconds = int(raw.strip())
        moment = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        moment = None
    if moment is None or moment.year not in YEARS:
        raise ClockError(
            f"环境变量 SOURCE_DATE_EPOCH 应为 1970-01-01 以来的整秒数（{YEARS.start}–{YEARS.stop - 1} 年内），"
            f"而不是 {raw[:40]!r}：请改正或删除它 / SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 "
            f"(a time in {YEARS.start}–{YEARS.stop - 1}), not {raw[:40]!r}: correct it or unset it"
        )
    return moment.replace(second=0, microsecond=0)


def made_text(moment: dt.datetime | None, lang: str) -> str:
    """``moment`` as a document prints it: ``2026-12-01 17:40``, with ``UTC`` when it is UTC."""
    if moment is None:
        return ""
    text = moment.strftime("%Y-%m-%d %H:%M")
    return text + " UTC" if moment.utcoffset() == dt.timedelta(0) else text
