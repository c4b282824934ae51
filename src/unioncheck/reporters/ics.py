"""``ics`` (for ``unioncheck due``): the open obligations as an iCalendar file that phone
and desktop calendars import — one all-day event per deadline, titled with the branch
and the rule, described with what is due and what to do. A reminder is set only on an
event still ahead of the reference date, and only at a time after it: at 09:00 a week
before, or the day before, or on the day. An overdue event has none (a reminder in
the past goes off at once, or never). Built with the ``icalendar`` package."""

from __future__ import annotations

import datetime as dt
import hashlib

from ..deadlines import Deadline, branch_label
from .options import Options
from .summary import shows_advice

REMIND_AT = dt.timedelta(hours=9)  # 09:00 on the day of the reminder, in the calendar's own time zone
REMIND_DAYS = (7, 1, 0)  # the first of these that still lies after the reference date


def reminder_day(due: dt.date, as_of: dt.date) -> int | None:
    """How many days before ``due`` to remind: the first of ``REMIND_DAYS`` that falls after
    ``as_of``; None for an event on or before it."""
    for days in REMIND_DAYS:
        if due - dt.timedelta(days=days) > as_of:
            return days
    return None


def render_ics(found: list[Deadline], as_of: dt.date, rules: dict, options: Options) -> str:
    from icalendar import Alarm, Calendar, Event  # imported only when a calendar is asked for

    lang = options.lang
    zh = lang == "zh"
    calendar = Calendar()
    calendar.add("prodid", "-//unioncheck//deadlines//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "基层工会截止日期" if zh else "Branch union deadlines")
    stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)  # the same file for the same run
    for d in found:
        branch, result = d.branch, d.result
        rule = rules.get(result.rule)
        title = rule.title(lang) if rule is not None else ""
        late = ("【已逾期】" if zh else "[OVERDUE] ") if d.overdue else ""
        summary = f"{late}{branch_label(branch, lang)} {result.rule} {title}".strip()
        todo = rule.doc.advice(lang) if rule is not None and shows_advice(result) else ""
        lines = [
            ("基层工会：" if zh else "Branch: ") + branch_label(branch, lang),
            ("规则：" if zh else "Rule: ") + f"{result.rule} {title}".strip(),
            ("事项：" if zh else "What: ") + result.message(lang),
        ]
        if todo:
            lines.append(("怎么办：" if zh else "What to do: ") + todo)
        if result.location:
            lines.append(("位置：" if zh else "Where: ") + str(result.location))
        event = Event()
        key = "\0".join([branch.code or branch.file, result.rule, result.pointer, d.due.isoformat()])
        event.add("uid", hashlib.sha1(key.encode()).hexdigest() + "@unioncheck")
        event.add("dtstamp", stamp)
        event.add("dtstart", d.due)
        event.add("dtend", d.due + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", "\n".join(lines))
        event.add("categories", [result.family])
        days = reminder_day(d.due, as_of)
        if days is not None:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", summary)
            reminder.add("trigger", REMIND_AT - dt.timedelta(days=days))
            event.add_component(reminder)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
