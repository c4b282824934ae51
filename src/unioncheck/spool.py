"""A list that moves to disk when it grows: where judged branch reports wait for
the dataset rules, which can only run once every file is judged.

A county's few dozen branches stay in memory. Past ``IN_MEMORY`` items the
list goes to an anonymous temporary file (readable by this user only, gone
when the run ends) and is read back in order, so that a province's 100,000
reports never sit in memory together. Reports hold no personal data (see
``privacy``), so neither does the file.
"""

from __future__ import annotations

import pickle
from typing import Any, Iterator

IN_MEMORY = 200  # reports: ~35 KB each in memory; a county has 20–60 branches
_BLOCK = 1 << 20  # bytes read at a time when walking the file


class Spool:
    def __init__(self, in_memory: int | None = None):
        self.in_memory = IN_MEMORY if in_memory is None else in_memory
        self._items: list = []
        self._file = None
        self._ends: list[int] = []  # where each pickled item ends in the file

    def append(self, item: Any) -> None:
        if self._file is None:
            if len(self._items) < self.in_memory:
                self._items.append(item)
                return
            import tempfile  # only once a run outgrows memory

            self._file = tempfile.TemporaryFile(prefix="unioncheck-spool-")
            kept, self._items = self._items, []
            for each in kept:
                self._write(each)
        self._write(item)

    def _write(self, item: Any) -> None:
        blob = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)  # bytes within it are copied as they are
        self._file.seek(0, 2)
        self._file.write(blob)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(blob))

    @property
    def spooled(self) -> bool:
        return self._file is not None

    def __len__(self) -> int:
        return len(self._items) if self._file is None else len(self._ends)

    def __iter__(self) -> Iterator:
        if self._file is None:
            yield from self._items
            return
        self._file.flush()
        start, position, ends = 0, 0, self._ends
        while position < len(ends):  # a block of items per read: few system calls
            last = position
            while last + 1 < len(ends) and ends[last + 1] - start <= _BLOCK:
                last += 1
            self._file.seek(start)
            block = memoryview(self._file.read(ends[last] - start))
            for i in range(position, last + 1):
                begin = (ends[i - 1] if i else 0) - start
                yield pickle.loads(block[begin : ends[i] - start])
            start, position = ends[last], last + 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._items, self._ends = [], []
