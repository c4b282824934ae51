"""Date arithmetic the regulations use: terms in years, intervals in months, periods."""

from __future__ import annotations

import datetime as dt
import math
import re
from fractions import Fraction

_PERIOD = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]))?$")


def add_years(day: dt.date, years: int) -> dt.date:
    """Same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _days_in(year, month)))


def period_of(covers) -> tuple[dt.date, dt.date] | None:
    """The dates a period label covers (2025, "2025", "2025-H1", "2025-Q3"), or None."""
    match = _PERIOD.match(str(covers).strip())
    if not match:
        return None
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = 1 if part in ("H1", "Q1") else 7 if part == "H2" else 3 * int(part[1]) - 2
    last = first + (5 if part[0] == "H" else 2)
    return dt.date(year, first, 1), dt.date(year, last, _days_in(year, last))


def _days_in(year: int, month: int) -> int:
    """Days in a month: the day before the first of the next (the calendar module costs its locale at start-up)."""
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def fraction(value) -> Fraction:
    return Fraction(str(value))


def ceil_share(share, total: int) -> int:
    """⌈share × total⌉, exactly (2/3 of 69 is 46, not 46.000000001)."""
    return math.ceil(fraction(share) * total)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1) if day > dt.date.min else day
