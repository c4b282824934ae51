"""What one cell of a branch workbook means for its column, or what is wrong with it.

Cells hold what a person types in Excel or WPS, and are read the way they meant it
where that is unambiguous: a date cell, a date typed as text in the common Chinese
forms (``2025-3-14``, ``2025/3/14``, ``2025.3.14``, ``2025年3月14日``, ``20250314``,
``二〇二五年三月十四日``), a Chinese label from a drop-down, a number typed as text,
yes and no typed many ways (是/否, √/×, 1/0, TRUE/FALSE...). Anything else is answered
at its cell with what the column takes and how to type it: a time of day where a date
is expected, a number stored by the spreadsheet where text was meant and its digits
past the 15th lost (an ID number), a word that is no choice of a drop-down.

A message never quotes what a personal column's cell holds (a name, an ID number: the
contract's ``personal`` annotation): the value that failed to convert is not in the data,
so the engine's mask of the file's personal values could not hide it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from .layout import Column, fold
from .model import Text
from .privacy import HIDDEN, SHOWN_MAX
from .sheets import Unreadable

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0, "Ｏ": 0}
_CN_DATE = re.compile(
    r"^([〇零○OＯ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*[日号]?$"
)
_DATE_TIME = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}\s*[:：时]")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
YES_WORDS = {"是", "是的", "对", "有", "已", "已成立", "已选举", "√", "✓", "✔", "true", "yes", "y", "1"}
NO_WORDS = {"否", "不", "不是", "无", "没有", "未", "未成立", "未选举", "×", "✗", "✘", "false", "no", "n", "0"}

PRECISE_DIGITS = 15  # a spreadsheet keeps 15 significant digits of a number


def cell_value(column: Column, raw: Any, personal: bool | None = None) -> tuple[Any, Text | None]:
    """The value a cell means for ``column``, or the problem with it (a ``Text``): as a person would mean it.

    ``personal``: the column holds personal data, never quoted (by default, as its annotation says)."""
    if personal is None:
        personal = bool(column.note.get("personal"))
    if raw is None:
        return None, None
    if isinstance(raw, Unreadable):
        return None, raw.message
    if isinstance(raw, bool):
        return (raw, None) if "boolean" in column.types else (None, _wants(column, raw, personal))
    if isinstance(raw, (dt.date, dt.datetime)):
        return _moment(column, raw, personal)
    if isinstance(raw, (dt.time, dt.timedelta)):
        return None, (_time_for_date(column, raw) if column.is_date else _wants(column, raw, personal))
    if isinstance(raw, (int, float)):
        return _number(column, raw, personal)
    return _text(column, str(raw).strip(), personal)


def _moment(column: Column, raw: dt.date, personal: bool) -> tuple[Any, Text | None]:
    timed = isinstance(raw, dt.datetime) and raw.time() != dt.time(0)
    if column.is_date:
        return (None, _not_a_date(column, raw, personal)) if timed else (raw.isoformat()[:10], None)
    if "string" in column.types and column.vocabulary is None:
        return (_shown(raw), None) if timed else (raw.isoformat()[:10], None)
    return None, _wants(column, raw, personal)


def _number(column: Column, raw: int | float, personal: bool) -> tuple[Any, Text | None]:
    types = column.types
    if isinstance(raw, float) and not math.isfinite(raw):
        return None, _wants(column, raw, personal)
    integral = isinstance(raw, int) or raw.is_integer()
    if "integer" in types or "number" in types:
        return (int(raw) if integral else raw), None  # a spreadsheet's numbers are all decimals
    if "boolean" in types and raw in (0, 1):
        return bool(raw), None
    if column.is_date:
        if integral and _COMPACT_DATE.match(str(int(raw))) and natural_date(str(int(raw))):
            return natural_date(str(int(raw))), None
        return None, _number_for_date(column, raw, personal)
    if "string" in types:
        if integral and len(str(abs(int(raw)))) > PRECISE_DIGITS:
            return None, _lost_digits(column)
        return _text(column, str(int(raw)) if integral else _shown(raw), personal)
    return None, _wants(column, raw, personal)


def _text(column: Column, text: str, personal: bool) -> tuple[Any, Text | None]:
    types = column.types
    if not text:
        return None, None
    words = column.vocabulary
    if words is not None and not words.boolean:
        found = words.canonical(text)
        if found is not None or not words.closed:  # an open vocabulary's other words: for the schema and the rules
            return (text if found is None else found), None
        return None, _not_a_choice(column, text, personal)
    if column.is_date:
        iso = natural_date(text)
        if iso is not None:
            return iso, None
        timed = _DATE_TIME.match(fold(text))
        return None, (_not_a_date(column, text, personal) if timed else _wants_date(column, text, personal))
    if "boolean" in types:
        named = words.canonical(text) if words is not None else None
        if named is not None:
            return named, None
        word = fold(text).lower()
        if word in YES_WORDS:
            return True, None
        if word in NO_WORDS:
            return False, None
        return None, _wants_yes_no(column, text, personal)
    if "string" not in types and ("integer" in types or "number" in types):
        return _number_text(column, text, personal)
    return text, None


def _number_text(column: Column, text: str, personal: bool) -> tuple[Any, Text | None]:
    """A number typed as text (full-width digits, thousands separators) for a numeric column."""
    folded = fold(text).replace(",", "").replace(" ", "")
    if _INTEGER.match(folded):
        return int(folded), None
    if _NUMBER.match(folded):
        number = float(folded)
        return (int(number) if number.is_integer() and "number" not in column.types else number), None
    return None, _wants_number(column, text, personal)


def natural_date(text: str) -> str | None:
    """The ISO form of a date written 2025年3月14日, 2025.3.14, 2025/3/14, 2025-3-14, 20250314 or
    二〇二五年三月十四日; None for anything else (or a day no calendar has)."""
    folded = fold(text)
    match = _DATE.match(folded) or _COMPACT_DATE.match(folded)
    parts = [int(g) for g in match.groups()] if match else _chinese_date(text.strip())
    if parts is None:
        return None
    try:
        return dt.date(*parts).isoformat()
    except ValueError:
        return None


def _chinese_date(text: str) -> list[int] | None:
    match = _CN_DATE.match(text)
    if not match:
        return None
    year = int("".join(str(_CN_DIGITS[c]) for c in match.group(1)))
    month, day = _chinese_number(match.group(2)), _chinese_number(match.group(3))
    return None if month is None or day is None else [year, month, day]


def _chinese_number(text: str) -> int | None:
    """一 to 三十一, as a date writes a month or a day (十四, 二十, 三十一)."""
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS.get(tens, -99) if tens else 1) * 10 + (_CN_DIGITS.get(ones, -99) if ones else 0)


def _shown(raw: Any) -> str:
    """A cell's value as a spreadsheet shows it."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        return f"{raw:.15g}"
    if isinstance(raw, dt.datetime):
        return raw.strftime("%Y-%m-%d %H:%M:%S" if raw.second else "%Y-%m-%d %H:%M")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, dt.time):
        return raw.strftime("%H:%M:%S" if raw.second else "%H:%M")
    if isinstance(raw, dt.timedelta):
        minutes = int(raw.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    text = str(raw)
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 3] + "..."


def _quoted(raw: Any, personal: bool) -> str:
    return HIDDEN if personal else f"“{_shown(raw)}”"


def _quoted_en(raw: Any, personal: bool) -> str:
    return HIDDEN if personal else f"'{_shown(raw)}'"


def _wants(column: Column, raw: Any, personal: bool) -> Text:
    return Text(
        f"“{column.header}”不能填 {_quoted(raw, personal)}：{column.description or '请按列标题的批注填写'}",
        f"'{column.header}' cannot hold {_quoted_en(raw, personal)}: {column.description or 'see the header note'}",
    )


def _wants_number(column: Column, raw: Any, personal: bool) -> Text:
    return Text(
        f"“{column.header}”应为数字，实际是 {_quoted(raw, personal)}：只填数字（如 45），不带单位或文字",
        f"'{column.header}' must be a number, got {_quoted_en(raw, personal)}: type the number alone (such as "
        "45), without a unit or words",
    )


def _wants_yes_no(column: Column, raw: Any, personal: bool) -> Text:
    return Text(
        f"“{column.header}”应填“是”或“否”，实际是 {_quoted(raw, personal)}",
        f"'{column.header}' takes 是 (yes) or 否 (no), got {_quoted_en(raw, personal)}",
    )


def _not_a_choice(column: Column, raw: Any, personal: bool) -> Text:
    """A word of no value of a closed vocabulary: the one it is nearest, and the drop-down's words."""
    words = column.vocabulary
    labels = list(dict.fromkeys(column.labels.values()))
    near = words.closest(raw) if words is not None and not personal else None
    near_zh = f"是不是“{words.label(near)}”？" if near else ""
    near_en = f"did you mean '{words.label(near)}'? " if near else ""
    return Text(
        f"“{column.header}”不能填 {_quoted(raw, personal)}：{near_zh}请从下拉列表中选择（{'、'.join(labels)}）",
        f"'{column.header}' cannot hold {_quoted_en(raw, personal)}: {near_en}pick one of the drop-down list "
        f"({', '.join(labels)})",
    )


def _wants_date(column: Column, raw: Any, personal: bool) -> Text:
    return Text(
        f"“{column.header}”应为日期，实际是 {_quoted(raw, personal)}：请填 2025-03-14（或 2025年3月14日）这样的日期，"
        "或把单元格设为日期格式后输入",
        f"'{column.header}' must be a date, got {_quoted_en(raw, personal)}: type a date such as 2025-03-14 (or "
        "2025年3月14日), or format the cell as a date and type it",
    )


def _not_a_date(column: Column, raw: Any, personal: bool) -> Text:
    return Text(
        f"“{column.header}”应为日期（如 2025-03-14），不带时刻，实际是 {_quoted(raw, personal)}：请删去时刻，"
        "或把单元格格式设为“日期”",
        f"'{column.header}' must be a date (such as 2025-03-14) without a time of day, got "
        f"{_quoted_en(raw, personal)}: delete the time, or format the cell as a date",
    )


def _time_for_date(column: Column, raw: Any) -> Text:
    return Text(
        f"“{column.header}”应为日期（如 2025-03-14），实际是时刻 {_shown(raw)}：请填写日期，或把单元格格式设为“日期”",
        f"'{column.header}' must be a date (such as 2025-03-14), got the time of day {_shown(raw)}: type the date, "
        "or format the cell as a date",
    )


def _number_for_date(column: Column, raw: Any, personal: bool) -> Text:
    shown = HIDDEN if personal else _shown(raw)
    return Text(
        f"“{column.header}”应为日期，实际是数字 {shown}（单元格可能被设成了“常规”或“数值”格式）："
        "请把单元格格式设为“日期”，或填 2025-03-14 这样的日期",
        f"'{column.header}' must be a date, got the number {shown} (the cell may be formatted as General or "
        "Number): format the cell as a date, or type a date such as 2025-03-14",
    )


def _lost_digits(column: Column) -> Text:
    return Text(
        f"“{column.header}”被存成了数字，超过 {PRECISE_DIGITS} 位的数字已被表格改写：请先把这一列设为“文本”格式，"
        "再重新输入（或在前面加英文单引号 '）",
        f"'{column.header}' was stored as a number, and a spreadsheet rewrites digits past the "
        f"{PRECISE_DIGITS}th: format the column as Text and type it again (or begin it with ')",
    )
