"""What of a data file may be quoted back in a message, and the mask that hides the rest.

Personal data never is: a value under a personal field (the contract names
them: ``Contract.personal_fields``) is hidden when a message is worded, and so
is a key that does not look like a field name (a person's name typed as a key).

A value typed where it does not belong is still quoted by the message about
it (``expected integer, got "…"``), so the engine passes every text a file's
judging produced through one ``Mask`` before anything keeps or shows it (see
``engine.judge``): it hides

- anything that looks like a resident ID number (GB 11643: 17 digits and a
  digit or X, check digit right or wrong; the old 15-digit form too), and
- every personal value of that same file (``Contract.personal_values``: the
  names and ID numbers of its hardship files), wherever it was typed.

"The same file" is what a run can know without keeping anyone's data: each
file is masked with its own values where it is judged (in a worker, before the
results cache), and a finding about several files (HRD006, DAT002) quotes the
others only through their summaries, masked with their own values. A name of
one branch's hardship file typed into another branch's file is plain text
there; an ID number is masked wherever it is typed.

A value of one character (or a short number, or two ASCII letters) is hidden
only where a whole text is that value: searched for inside messages it would
blank every one of them.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any, Iterable

HIDDEN = "（已隐藏 / hidden）"
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,40}$")
SHOWN_MAX = 60  # the longest value a message quotes; a longer one is cut to its first characters

# 17 digits and a digit or X (or the old form: 15 digits), not part of a longer number
ID_NUMBER = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{15})(?!\d)")
_WORD = re.compile(r"[A-Za-z0-9]")
_FIFTEEN_DIGITS = re.compile(r"\d" * 15)  # what every ID number holds (ID_NUMBER, without its lookarounds)
_SEPARATOR = "\x00"  # between a file's texts when they are looked at together (Mask.prepare)


def shown_value(path: tuple, value: Any, personal: frozenset[str]) -> str:
    """The offending value as short text, unless it sits under a field named in ``personal``."""
    if any(part in personal for part in path if isinstance(part, str)):
        return HIDDEN
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 3] + "..."


def shown_key(key: Any) -> str:
    return f"'{key}'" if isinstance(key, str) and _FIELD_NAME.match(key) else HIDDEN


def pointer_part(part: Any) -> str:
    """One step of a JSON Pointer to a value, with a key that is not a field name hidden."""
    if isinstance(part, str) and not _FIELD_NAME.match(part):
        return "~hidden"
    return str(part).replace("~", "~0").replace("/", "~1")


def _searchable(value: str) -> bool:
    """Whether ``value`` is long enough to be looked for inside other text."""
    if value.isdigit():
        return len(value) >= 6  # shorter numbers are counts and years, not a person
    return len(value) >= (3 if value.isascii() else 2)


def _forms(value: str) -> set[str]:
    """How a message may quote ``value``: as typed, JSON-escaped, or cut short (``shown_value``)."""
    escaped = json.dumps(value, ensure_ascii=False)[1:-1]
    forms = {value, escaped}
    if len(escaped) + 2 > SHOWN_MAX:
        forms.add(escaped[: SHOWN_MAX - 4])
    return forms


def _alternative(form: str) -> str:
    """A regular expression for ``form``; where it begins or ends with a letter or digit, not
    inside a longer word ("Ann" is not hidden in "Annual")."""
    before = r"(?<![A-Za-z0-9])" if _WORD.match(form[0]) else ""
    after = r"(?![A-Za-z0-9])" if _WORD.match(form[-1]) else ""
    return before + re.escape(form) + after


class Mask:
    """Hides ``values`` (one file's personal values) and anything that looks like an ID number.

    Every text of every result of every file passes through ``text``, and most hold no personal
    value: a text is searched with the regular expression only when one of the values is in it
    (a plain, case-folded substring test), the expression is compiled only for a file where that
    happens, and a text met twice (a field name in many data paths) is answered from a memo.

    ``prepare`` answers many texts at once (all those of one judged file): they are joined with a
    separator no value holds and the values looked for once in the whole, so that only the values
    that occur somewhere are looked for in each text, and the ID-number expression runs only on a
    text with 15 digits in a row. ``tests/test_privacy.py`` proves the answers, one by one and prepared,
    equal to the plain regular-expression way."""

    def __init__(self, values: Iterable[str] = ()):
        typed = {v.strip() for v in values if isinstance(v, str) and v.strip()}
        self._searched = sorted({f for v in typed if _searchable(v) for f in _forms(v)}, key=len, reverse=True)
        self._needles = tuple({variant for f in self._searched for variant in (f.casefold(), f.lower())})
        self.whole = frozenset(v.casefold() for v in typed)
        self._inside: re.Pattern | None = None
        self._memo: dict[str, str] = {}

    def text(self, text: str) -> str:
        """``text`` with every personal value in it replaced by ``HIDDEN``."""
        known = self._memo.get(text)
        if known is None:
            known = self._memo[text] = self._masked(text, self._needles, True)
        return known

    def prepare(self, texts: Iterable[str]) -> None:
        """Answer ``texts`` (str) into the memo at once, where ``text`` finds them: equal to
        answering each one alone. Looked for in their whole, the values that occur nowhere are not
        looked for in each text, nor ID numbers in a text without 15 digits in a row. The separator can
        occur in no value looked for (a value holding it: each text the plain way); in the whole
        it sits between texts as the start or end of a text would, for every test made here
        (not a digit, a letter or a cased or case-ignorable character)."""
        memo = self._memo
        fresh = [t for t in dict.fromkeys(texts) if t not in memo]
        if not fresh or any(_SEPARATOR in n for n in self._needles):
            return
        whole = _SEPARATOR.join(fresh)
        folded, lowered = (whole.casefold(), whole.lower()) if self._needles else ("", "")
        needles = tuple(n for n in self._needles if n in folded or n in lowered)
        runs = _digit_runs(fresh, whole)
        for number, text in enumerate(fresh):
            memo[text] = self._masked(text, needles, number in runs)

    def _masked(self, text: str, needles: tuple, ids: bool) -> str:
        """``text`` masked, looking only for ``needles`` (those of the values that may occur in it)
        and for ID numbers only when ``ids`` (it holds 15 digits in a row: hiding a value in it
        only ever shortens a row of digits, so it cannot make one)."""
        folded = text.strip().casefold()
        if folded in self.whole:
            return HIDDEN
        if needles:
            lowered = text.lower()
            if any(n in folded or n in lowered for n in needles):
                if self._inside is None:
                    self._inside = re.compile("|".join(map(_alternative, self._searched)), re.IGNORECASE)
                text = self._inside.sub(HIDDEN, text)
        return ID_NUMBER.sub(HIDDEN, text) if ids and len(text) >= 15 else text

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def part(self, part: Any) -> Any:
        """One step of a data path: a key that is not a field name, or holds a personal value, hidden."""
        if isinstance(part, str) and (not _FIELD_NAME.match(part) or self.text(part) != part):
            return HIDDEN
        return part


def _digit_runs(texts: list[str], whole: str) -> set[int]:
    """The positions in ``texts`` (joined in ``whole`` with one separator between two) of those
    holding 15 digits in a row: only they can hold an ID number. Looked for in the whole, with an
    expression that skips quickly to the next digit (a digit opens it, no lookbehind)."""
    found = [match.start() for match in _FIFTEEN_DIGITS.finditer(whole)]
    if not found:
        return set()
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + len(_SEPARATOR)
    return {bisect.bisect_right(starts, at) - 1 for at in found}
