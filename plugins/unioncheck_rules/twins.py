"""One branch in two forms: a YAML file and a workbook of the same branch, checked together.

A secretary who converts her file (``unioncheck convert``) has both forms side by
side until she keeps one. Checked together they are not two branches that share a
code, and their hardship files are not each person filed twice: they are the same
branch twice, which DAT002 says once for each file, naming the other, and which
HRD006 does not count as more files of a person.

Two files are forms of one branch when one is a workbook and the other YAML and they
have the same branch code, or the same name in the same folder (``石桥.yaml`` and
``石桥.xlsx``, whatever codes they give). Two YAML files with one code stay a duplicate
code (DAT002).
"""

from __future__ import annotations

import os
from typing import Sequence

from unioncheck import is_workbook


def _place(file: str) -> tuple[str, str]:
    """A file's folder and its name without the suffix, as compared."""
    folder, name = os.path.split(os.path.abspath(file))
    return os.path.normcase(folder), os.path.splitext(name)[0].casefold()


def other_forms(entries: Sequence[tuple[str | None, str]]) -> dict[int, list[int]]:
    """{position: the positions of the other forms of its branch} for the files (code, file) that
    have one, in order. Only workbooks can have one: without a workbook this is one pass and empty."""
    books = [i for i, (_code, file) in enumerate(entries) if is_workbook(file)]
    if not books:
        return {}
    codes: dict[str, list[int]] = {}
    places: dict[tuple, list[int]] = {}
    for i in books:
        code, file = entries[i]
        if code:
            codes.setdefault(code, []).append(i)
        places.setdefault(_place(file), []).append(i)
    found: dict[int, list[int]] = {}
    for j, (code, file) in enumerate(entries):
        if is_workbook(file):
            continue
        for i in sorted(set(codes.get(code, []) if code else []) | set(places.get(_place(file), []))):
            found.setdefault(i, []).append(j)
            found.setdefault(j, []).append(i)
    return {i: sorted(others) for i, others in sorted(found.items())}


def branches(entries: Sequence[tuple[str | None, str]]) -> list[int]:
    """For each position, the first position of its branch: itself, unless it is another form of an
    earlier file (the forms of one branch, joined through each other, are one branch)."""
    first = list(range(len(entries)))

    def root(i: int) -> int:
        while first[i] != i:
            first[i] = first[first[i]]
            i = first[i]
        return i

    for i, others in other_forms(entries).items():
        for j in others:
            a, b = root(i), root(j)
            first[max(a, b)] = min(a, b)
    return [root(i) for i in range(len(entries))]
