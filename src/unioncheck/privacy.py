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

import json
import re
from typing import Any, Iterable

HIDDEN = "（已隐藏 / hidden）"
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,40}$")
SHOWN_MAX = 60  # the longest value a message quotes; a longer one is cut to its first characters

# 17 digits and a digit or X (or the old form: 15 digits), not part of a longer number
ID_NUMBER = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{15})(?!\d)")
_WORD = re.compile(r"[A-Za-z0-9]")


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
    """Hides ``values`` (one file's personal values) and anything that looks like an ID number."""

    def __init__(self, values: Iterable[str] = ()):
        typed = {v.strip() for v in values if isinstance(v, str) and v.strip()}
        searched = sorted({f for v in typed if _searchable(v) for f in _forms(v)}, key=len, reverse=True)
        self.whole = frozenset(v.casefold() for v in typed)
        self._inside = re.compile("|".join(map(_alternative, searched)), re.IGNORECASE) if searched else None

    def text(self, text: str) -> str:
        """``text`` with every personal value in it replaced by ``HIDDEN``."""
        if text.strip().casefold() in self.whole:
            return HIDDEN
        if self._inside is not None:
            text = self._inside.sub(HIDDEN, text)
        return ID_NUMBER.sub(HIDDEN, text)

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.text(text)

    def part(self, part: Any) -> Any:
        """One step of a data path: a key that is not a field name, or holds a personal value, hidden."""
        if isinstance(part, str) and (not _FIELD_NAME.match(part) or self.text(part) != part):
            return HIDDEN
        return part
