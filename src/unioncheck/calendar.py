"""Working days on the official PRC calendar: statutory holidays and adjusted
working days (调休) included, from the ``chinesecalendar`` package, which
follows the State Council's yearly notice.

A year the package does not know is reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar


@dataclass(frozen=True)
class WorkingDays:
    count: int
    unknown_years: tuple[int, ...] = ()  # years the calendar has no data for


class Calendar:
    """``working_days(start, end)`` counts working days, both ends included."""

    def __init__(self) -> None:
        years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
        self.known_years = range(years[0], years[-1] + 1)

    def is_known(self, year: int) -> bool:
        return year in self.known_years

    def working_days(self, start: dt.date, end: dt.date) -> WorkingDays:
        if end < start:
            return WorkingDays(0)
        unknown = tuple(y for y in range(start.year, end.year + 1) if not self.is_known(y))
        if unknown:
            return WorkingDays(0, unknown)
        return WorkingDays(len(chinese_calendar.get_workdays(start, end)))
