"""Working days on the official PRC calendar: statutory holidays and adjusted
working days (调休) included, from the ``chinesecalendar`` package, which
follows the State Council's yearly notice.

Each December the State Council publishes the next year's holidays before the
package knows them: a profile may supply a year the package does not know
(``SuppliedYear``, read by ``profile``); a count over such a year says where its
holidays came from. For a year the package knows, the package is used and a
profile's entry for it is ignored (``profile`` warns about it). Any other year
is reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import chinese_calendar

from .model import Text


@dataclass(frozen=True)
class SuppliedYear:
    """One year's days off and make-up working days, as a profile gives them."""

    year: int
    holidays: frozenset[dt.date]  # days off: weekdays (a weekend day inside a break may be listed too)
    workdays: frozenset[dt.date]  # weekend days that are working days (调休)
    source: Text  # the notice they come from
    profile: str  # the profile that gives them (its name)
    where: str = ""  # file:line of the entry


@dataclass(frozen=True)
class WorkingDays:
    count: int
    unknown_years: tuple[int, ...] = ()  # years the calendar has no data for
    supplied: tuple[SuppliedYear, ...] = ()  # years counted on a profile's days, not the package's

    @property
    def note(self) -> Text | None:
        """Where the holidays of the supplied years come from: 「2027 年节假日取自配置 X（…通知）」."""
        if not self.supplied:
            return None
        zh = "；".join(f"{s.year} 年节假日取自配置 {s.profile}（{s.source.zh}）" for s in self.supplied)
        en = "; ".join(
            f"the {s.year} holidays are taken from profile {s.profile} ({s.source.en})" for s in self.supplied
        )
        return Text(zh, en)


def package_years() -> range:
    """The years the ``chinesecalendar`` package knows."""
    years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    return range(years[0], years[-1] + 1)


class Calendar:
    """``working_days(start, end)`` counts working days, both ends included; ``supplied`` gives
    years the package does not know (from a profile)."""

    def __init__(self, supplied: Mapping[int, SuppliedYear] | None = None) -> None:
        self.package_years = package_years()
        self.supplied = {y: s for y, s in (supplied or {}).items() if y not in self.package_years}

    def is_known(self, year: int) -> bool:
        return year in self.package_years or year in self.supplied

    def working_days(self, start: dt.date, end: dt.date) -> WorkingDays:
        if end < start:
            return WorkingDays(0)
        years = range(start.year, end.year + 1)
        unknown = tuple(y for y in years if not self.is_known(y))
        if unknown:
            return WorkingDays(0, unknown)
        count, supplied = 0, []
        for year in years:
            first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
            if year in self.package_years:
                count += len(chinese_calendar.get_workdays(first, last))
            else:
                given = self.supplied[year]
                supplied.append(given)
                day = first
                while day <= last:
                    weekday = day.weekday() < 5
                    count += (weekday and day not in given.holidays) or day in given.workdays
                    day += dt.timedelta(days=1)
        return WorkingDays(count, (), tuple(supplied))
