"""The words users type for a field's values, and the value each stands for.

A field annotated with ``values`` (see ``contract``) has a vocabulary: for each value the
schema knows, the words users write for it, its Chinese label first (``values[code][0]``,
what a workbook's drop-down shows). A word is read as its value when it is that value or one
of its labels once both are *folded*: Unicode NFKC (full-width letters, digits and spaces as
half-width ones), every space removed, case ignored. ``卫生院``, `` 卫生院 ``, ``ｈｏｓｐｉｔａｌ``
and ``Hospital`` are each read as what they name.

The vocabulary is *closed* where the field is an enum (only its values are valid) and *open*
on a plain text field whose values a profile decides (a posting's category): a known label
is read as its code there too, and anything else is left for the schema and the rules to
judge. On a true/false field the values are ``true`` and ``false``.

``normalize`` rewrites a document's data in place, leaving every position as it was:
``engine.judge`` calls it between loading a file and validating it. ``closest`` names the
value a near word (a typo, part of a label) was most likely meant as, for the message.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterator, Mapping

ANNOTATION = "x-unioncheck"  # the schema keyword of unioncheck's annotations (see ``contract``)
ANY_ITEM = "*"
_BOOLEANS = {"true": True, "false": False}
_SHORTEST_PART = 2  # a word contained in a label (or a label in it) counts from two characters


def fold(word: str) -> str:
    """``word`` as words are compared: NFKC, without any space, case ignored."""
    return "".join(unicodedata.normalize("NFKC", word).split()).casefold()


@dataclass(frozen=True)
class Vocabulary:
    """The words of one field (a path pattern): each value's code and its words, label first."""

    where: tuple
    choices: Mapping[str, tuple[str, ...]]  # code -> words, its Chinese label first
    closed: bool  # an enum: only these values are valid
    boolean: bool = False  # codes "true"/"false" stand for the JSON values

    def value(self, code: str) -> Any:
        """The data value a code stands for (the code itself, or true/false)."""
        return _BOOLEANS[code] if self.boolean else code

    def label(self, code: str) -> str:
        """The Chinese label of a value (its first word), or the code where it has none."""
        words = self.choices.get(code) or ()
        return words[0] if words else code

    @cached_property
    def _table(self) -> dict[str, str]:
        """folded word -> code; a code before any label, the first word met before a later one."""
        table = {fold(code): code for code in self.choices}
        for code, words in self.choices.items():
            for word in words:
                table.setdefault(fold(word), code)
        return table

    def canonical(self, word: Any) -> Any | None:
        """The value ``word`` stands for exactly (once folded), or None."""
        if not isinstance(word, str):
            return None
        code = self._table.get(fold(word))
        return None if code is None else self.value(code)

    def closest(self, word: Any) -> str | None:
        """The code a near word was most likely meant as: one whose code or label holds it or is
        held by it (the one nearest its length), else the nearest by spelling; None where none is near."""
        if not isinstance(word, str) or not fold(word):
            return None
        typed = fold(word)
        held = [(abs(len(known) - len(typed)), code) for known, code in self._table.items() if _part_of(typed, known)]
        if held:
            return min(held, key=lambda found: found[0])[1]
        near = difflib.get_close_matches(typed, list(self._table), n=1, cutoff=0.5)
        return self._table[near[0]] if near else None

    def listed(self, zh: bool) -> str:
        """Every value with its label, as a message lists them: ``医院 hospital | …`` (label first
        in Chinese, code first in English)."""
        pairs = ((self.label(code), code) for code in self.choices)
        return " | ".join(f"{label} {code}" if zh else f"{code} {label}" for label, code in pairs)


def _part_of(typed: str, known: str) -> bool:
    shorter = min(len(typed), len(known))
    return shorter >= _SHORTEST_PART and (typed in known or known in typed)


def vocabularies(schema: Mapping) -> dict[tuple, Vocabulary]:
    """{path pattern: Vocabulary} of every field of ``schema`` whose annotation has ``values``."""
    found = {}
    for where, node in _fields(schema, schema, (), ()):
        words = (node.get(ANNOTATION) or {}).get("values")
        if not isinstance(words, dict):
            continue
        choices = {str(code): tuple(str(w) for w in ws) for code, ws in words.items() if isinstance(ws, list)}
        enum = node.get("enum")
        boolean = node.get("type") == "boolean"
        if isinstance(enum, list):
            choices = {str(v): choices.get(str(v), ()) for v in enum}  # the enum's order, every value
        found[where] = Vocabulary(where, choices, closed=isinstance(enum, list) or boolean, boolean=boolean)
    return found


def resolved(node: Any, root: Mapping, refs: tuple = ()) -> tuple[dict, tuple]:
    """A field's schema with the local ``$ref`` it names merged in (its own keywords, and its own
    annotations, over the target's), and the refs followed so far (a ref is followed once)."""
    if not isinstance(node, dict):
        return {}, refs
    ref = node.get("$ref")
    if not (isinstance(ref, str) and ref.startswith("#/")) or ref in refs:
        return dict(node), refs
    target: Any = root
    for part in ref[2:].split("/"):
        target = target.get(part, {}) if isinstance(target, dict) else {}
    if not isinstance(target, dict):
        return dict(node), refs
    merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    notes = [n for n in (target.get(ANNOTATION), node.get(ANNOTATION)) if isinstance(n, dict)]
    if len(notes) == 2:
        merged[ANNOTATION] = {**notes[0], **notes[1]}
    return merged, refs + (ref,)


def _fields(node: Any, root: Mapping, where: tuple, refs: tuple) -> Iterator[tuple[tuple, dict]]:
    """(path pattern, the field's schema with its local $ref merged in) of every field below ``node``."""
    if not isinstance(node, dict):
        return
    merged, refs = resolved(node, root, refs)
    yield where, merged
    for key, sub in (merged.get("properties") or {}).items():
        yield from _fields(sub, root, where + (key,), refs)
    if isinstance(merged.get("items"), dict):
        yield from _fields(merged["items"], root, where + (ANY_ITEM,), refs)


def normalize(data: Any, vocabularies_: Mapping[tuple, Vocabulary]) -> None:
    """Every word of ``data`` that stands exactly for a value of its field's vocabulary, replaced
    by that value, in place (the containers stay the same objects: positions still hold)."""
    for where, vocabulary in vocabularies_.items():
        for container, key in _slots(data, where):
            value = vocabulary.canonical(container[key])
            if value is not None and value != container[key]:
                container[key] = value


def _slots(data: Any, where: tuple) -> Iterator[tuple[Any, Any]]:
    """(container, key or index) of every value at the path pattern ``where``."""
    if not where:
        return
    head, rest = where[0], where[1:]
    if head == ANY_ITEM:
        places = list(enumerate(data)) if isinstance(data, list) else []
    else:
        places = [(head, data[head])] if isinstance(data, dict) and head in data else []
    for key, value in places:
        if rest:
            yield from _slots(value, rest)
        else:
            yield data, key
