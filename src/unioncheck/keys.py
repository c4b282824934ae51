"""Finding keys: what makes a result "the same finding" in two runs (baselines, ``--compare``,
waivers, SARIF ``partialFingerprints``).

A key is one plain string, ``RULE:BRANCH:SUBJECT``:

- ``RULE`` the rule code (``TRN001``), ``BRANCH`` the branch code (the file relative
  to the working directory, as reports show it, when the file has none);
- ``SUBJECT`` what the finding is about, in the data's own terms. A rule names it
  (``Result.subject``: a period ``union_finance/2025-Q2``, an event ``C2025-1``, a year
  ``2025``); where it names none, it is the result's data path with each list item
  named by its id or natural key instead of its position
  (``congresses[C2025-1].delegates_present``, ``postings[union_finance/2025-Q2].from``,
  ``elections[E2023].elected[李四].votes``). Which fields name a list's items the
  contract says (annotation ``item_key`` on the list, see ``contract``); an item whose
  key fields are missing keeps its position (``[3]``). Empty for a rule judged once
  per branch with nothing more to name.

So reordering a list, inserting lines or records, or editing another record changes
no other finding's key. Every part is masked (``privacy.Mask``) like any other text of
the file: a personal value in a key is ``（已隐藏 / hidden）``. Keys are unique within a
branch: a second result of one rule with the same key (two postings of the same
category and period, or two masked values) gets ``#2``, the third ``#3``, in file order.

Keys are made once per result where the file is judged (``engine.judge``), so no
reporter computes them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping

from .model import BranchReport, Result, display_path

NO_MASK = None


def _text(value: Any) -> str | None:
    """A key field's value as text, or None when it cannot name an item (missing, a list...)."""
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return None
    text = str(value).strip()
    return text or None


def _key_values(item: Any, fields: list) -> list:
    """The values naming a list item: its key fields' (None where missing), or the item itself."""
    return [item] if not fields else [item.get(f) if isinstance(item, dict) else None for f in fields]


class Namer:
    """Turns data paths of one document into subjects, naming list items by their key fields."""

    def __init__(self, data: Any, item_keys: Mapping[tuple, list], mask=None):
        self.data, self.item_keys, self.mask = data, item_keys, mask
        self._names: dict[int, list[str | None]] = {}

    def _masked(self, text: str) -> str:
        return self.mask.text(text) if self.mask is not None else text

    def _item_names(self, items: list, fields: list) -> list[str | None]:
        """Each item's name (its key fields' values joined by /, with #n for a repeat), or None."""
        cached = self._names.get(id(items))
        if cached is not None:
            return cached
        seen: Counter = Counter()
        names: list[str | None] = []
        every = [[_text(v) for v in _key_values(item, fields)] for item in items]
        if self.mask is not None:  # the list's texts handed to the mask together (``Mask.prepare``)
            self.mask.prepare([t for texts in every for t in texts if t is not None])
        for texts in every:
            if any(t is None for t in texts):
                names.append(None)
                continue
            name = "/".join(self._masked(t) for t in texts)
            seen[name] += 1
            names.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
        self._names[id(items)] = names
        return names

    def subject(self, path: Iterable) -> str:
        """``path`` as users read it, list items named by their key (or position)."""
        out, node, where = "", self.data, ()
        for part in path:
            if isinstance(part, int):
                fields = self.item_keys.get(where)
                name = None
                if isinstance(node, list) and fields is not None and 0 <= part < len(node):
                    name = self._item_names(node, fields)[part]
                out += f"[{name if name is not None else part}]"
                node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
                where += ("*",)
            else:
                text = self._masked(str(part))
                out += f".{text}" if out else text
                node = node.get(part) if isinstance(node, dict) else None
                where += (part,)
        return out


def plain_subject(path: Iterable) -> str:
    """A data path as a subject where no document is at hand (positions stay positions)."""
    return Namer(None, {}).subject(path)


def assign(branch: BranchReport, results: Iterable[Result], namer: Namer | None) -> None:
    """Give each of ``results`` (of ``branch``) its key, unique among the branch's keys."""
    who = branch.code or display_path(branch.file)
    taken = Counter(r.key for r in branch.results if r.key)
    for result in results:
        if result.key:
            continue
        subject = result.subject
        if subject is None:
            subject = "" if result.path is None else (namer or _PLAIN).subject(result.path)
        key = f"{result.rule}:{who}:{subject}"
        taken[key] += 1
        result.key = key if taken[key] == 1 else f"{key}#{taken[key]}"


_PLAIN = Namer(None, {})
