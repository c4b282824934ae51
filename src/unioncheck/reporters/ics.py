"""``ics`` (for ``unioncheck due``): deadlines as an iCalendar file that phone
and desktop calendars import — one all-day event per deadline, with a reminder
a week before. Built with the ``icalendar`` package."""

from __future__ import annotations

import datetime as dt
import hashlib

from ..deadlines import Deadline
from .options import Options, display_path


def render_ics(found: list[Deadline], as_of: dt.date, titles: dict, options: Options) -> str:
    from icalendar import Alarm, Calendar, Event  # imported only when a calendar is asked for

    zh = options.lang == "zh"
    calendar = Calendar()
    calendar.add("prodid", "-//unioncheck//deadlines//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "基层工会截止日期" if zh else "Branch union deadlines")
    stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)  # the same file for the same run
    for d in found:
        branch, result = d.branch, d.result
        late = ("已逾期 " if zh else "OVERDUE ") if d.overdue else ""
        summary = (
            f"{late}[{branch.code or display_path(branch.file)}] {result.rule} {titles.get(result.rule, '')}".strip()
        )
        event = Event()
        key = "\0".join([branch.code or branch.file, result.rule, result.pointer, d.due.isoformat()])
        event.add("uid", hashlib.sha1(key.encode()).hexdigest() + "@unioncheck")
        event.add("dtstamp", stamp)
        event.add("dtstart", d.due)
        event.add("dtend", d.due + dt.timedelta(days=1))
        event.add("summary", summary)
        where = f"\n{result.location}" if result.location else ""
        event.add("description", f"{result.message(options.lang)}{where}")
        event.add("categories", [result.family])
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", summary)
        reminder.add("trigger", dt.timedelta(days=-7))
        event.add_component(reminder)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
