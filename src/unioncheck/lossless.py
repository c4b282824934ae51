"""Whether two readings of a branch file hold the same data, and where they differ: what
``unioncheck convert`` proves before it writes anything.

*The same data* is what every rule sees alike:

- an empty list is no list: a workbook cannot tell them apart (an empty sheet is
  both), and the rules read both as none (the branch view takes a missing list as
  an empty one);
- a whole number is the same number written ``3000`` or ``3000.0``;
- everything else is equal in value and in kind: ``true`` is not ``1``, the text
  ``"2025"`` is not the number ``2025``, ``null`` is not a missing field.

Comments, key order and quoting are not data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LOST, CHANGED, ADDED = "lost", "changed", "added"


@dataclass(frozen=True)
class Difference:
    """One place where the data read back is not the data given: ``path`` into the data, ``kind``
    (``lost``: given, not read back; ``changed``; ``added``: read back, not given) and both values."""

    path: tuple
    kind: str
    before: Any = None
    after: Any = None


def differences(before: Any, after: Any, path: tuple = ()) -> list[Difference]:
    """Where ``after`` (the data read back) is not the same data as ``before``, outermost first."""
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[Difference] = []
        for key in [*before, *(k for k in after if k not in before)]:
            here = path + (key,)
            if _absent(before, key):
                if not _absent(after, key):
                    found.append(Difference(here, ADDED, after=after[key]))
            elif _absent(after, key):
                found.append(Difference(here, LOST, before=before[key]))
            else:
                found += differences(before[key], after[key], here)
        return found
    if isinstance(before, list) and isinstance(after, list):
        found = []
        for i, (b, a) in enumerate(zip(before, after)):
            found += differences(b, a, path + (i,))
        found += [Difference(path + (i,), LOST, before=b) for i, b in enumerate(before[len(after) :], len(after))]
        found += [Difference(path + (i,), ADDED, after=a) for i, a in enumerate(after[len(before) :], len(before))]
        return found
    return [] if same_value(before, after) else [Difference(path, CHANGED, before, after)]


def _absent(mapping: dict, key: Any) -> bool:
    """No such key, or an empty list under it: the same to every rule."""
    return key not in mapping or mapping[key] == []


def same_value(a: Any, b: Any) -> bool:
    """Equal scalars of the same kind; a whole number as an int or a float is one number."""
    if _kind(a) != _kind(b):
        return False
    if isinstance(a, (dict, list)):
        return not differences(a, b)
    return a == b


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__
