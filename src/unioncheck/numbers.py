"""Numbers as a branch file writes them: the YAML 1.1 forms that change a value silently.

PyYAML reads YAML 1.1, where ``046`` is octal (38), ``1:30`` is base 60 (90),
``0x2E`` hexadecimal, ``1_000`` is 1000 (YAML 1.2 tools, an editor's language
server among them, read it as text) and ``.inf`` / ``.nan`` are numbers. None of
these is how anyone types a head count or an amount, and each would be judged
as a number the writer never meant. ``number`` answers the value of a plain
decimal number, or the message (bilingual, showing what YAML reads and what
to write) that refuses any other form. A number with more digits than any
count or amount has is refused too, before Python converts it (past 4,300
digits that conversion raises).

``046.5`` and ``+46`` stay numbers: YAML 1.1 and 1.2 read them alike, as
written. Booleans (``yes``/``no``) are not numbers and are left to the schema.
"""

from __future__ import annotations

import math
import re
from typing import Callable

from .model import Text

#: Digits a number may have: no count or amount in a branch file comes near; an
#: 18-digit ID number typed without quotes is still a number, for the schema to
#: say "put quotes around it".
MAX_DIGITS = 20

_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?\Z")
_RADIX = {"0x": ("十六进制", "hexadecimal"), "0b": ("二进制", "binary"), "0o": ("八进制", "octal")}


def number(written: str, is_int: bool, construct: Callable[[], int | float]) -> int | float | Text:
    """The value YAML gives ``written`` (tagged int when ``is_int``, else float) when it is
    written as a plain decimal number, else the message refusing it. ``construct`` builds the
    value as YAML reads it; it is called only once the number is known to be of sane size."""
    unsigned = written.lstrip("+-")
    digits = sum(ch.isalnum() for ch in unsigned.split(".")[0])
    if digits > MAX_DIGITS:
        return _too_long(digits)
    if _PLAIN_INT.match(written) if is_int else _PLAIN_FLOAT.match(written):
        value = construct()
        return value if is_int or math.isfinite(value) else _not_finite(written, value)
    return _refused(written, unsigned, is_int, construct)


def _refused(written: str, unsigned: str, is_int: bool, construct: Callable[[], int | float]) -> Text:
    try:
        value = construct()
    except ValueError:  # 0x_ and the like: PyYAML matches them as numbers but cannot build one
        return _unreadable(written)
    if unsigned.lower().strip(".") in ("inf", "nan"):
        return _not_finite(written, value)
    read = _shown(value)
    if ":" in written:
        return _base_60(written, read)
    if is_int and unsigned[:2] in _RADIX:
        return _radix(written, read, _RADIX[unsigned[:2]])
    sign = written[: len(written) - len(unsigned)].replace("+", "")
    if is_int and unsigned.startswith("0"):
        return _leading_zero(written, read, sign + (unsigned.replace("_", "").lstrip("0") or "0"))
    if "_" in written:
        return _underscores(written, read, written.replace("_", ""))
    return _unreadable(written)  # a form only an explicit tag brings here: `!!float '1e5'`


def _shown(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _quote_it(written: str) -> tuple[str, str]:
    return (
        f'（若是文字，如代码或时间，请加引号："{written}"）',
        f' (or, if it is text such as a code or a time, quote it: "{written}")',
    )


def _leading_zero(written: str, read: str, meant: str) -> Text:
    zh, en = _quote_it(written)
    return Text(
        f"{written} 写成了带前导零的数字，YAML 会读作八进制 {read}；应写成 {meant}{zh}",
        f"{written} has a leading zero and YAML reads it as octal {read}; write {meant}{en}",
    )


def _base_60(written: str, read: str) -> Text:
    zh, en = _quote_it(written)
    return Text(
        f"YAML 会把 {written} 读作六十进制数 {read}：数字请直接写成阿拉伯数字{zh}",
        f"YAML reads {written} as a base-60 number, {read}: write the number in plain digits{en}",
    )


def _radix(written: str, read: str, name: tuple[str, str]) -> Text:
    zh, en = _quote_it(written)
    return Text(
        f"YAML 会把 {written} 读作{name[0]}数 {read}：请写成十进制 {read}{zh}",
        f"YAML reads {written} as the {name[1]} number {read}: write it in decimal, {read}{en}",
    )


def _underscores(written: str, read: str, meant: str) -> Text:
    return Text(
        f"YAML 会忽略 {written} 中的下划线，读作 {read}，而其他工具（如编辑器）会把它当作文字：请写成 {meant}",
        f"YAML ignores the underscores in {written} and reads {read}, while other tools (an editor, say) read "
        f"text: write {meant}",
    )


def _not_finite(written: str, value: float) -> Text:
    zh, en = ("非数值（NaN）", "not-a-number (NaN)") if math.isnan(value) else ("无穷大", "infinity")
    return Text(
        f"YAML 会把 {written} 读作{zh}，不是数据文件能用的数：请写出实际的数",
        f"YAML reads {written} as {en}, which is no number a data file can hold: write the actual number",
    )


def _unreadable(written: str) -> Text:
    zh, en = _quote_it(written)
    return Text(
        f"YAML 无法把 {written} 读成数字：数字请直接写成阿拉伯数字{zh}",
        f"YAML cannot read {written} as a number: write the number in plain digits{en}",
    )


def _too_long(digits: int) -> Text:
    return Text(
        f"数字有 {digits} 位，超过上限 {MAX_DIGITS} 位：人数和金额不会这么长；身份证号等文字请加引号",
        f"a number of {digits} digits, more than the {MAX_DIGITS} any count or amount has: put quotes around text "
        "such as an ID number",
    )
