"""The finished branch reports of a run, in order, for the reporters to read
(and, the same way, the summaries and verdicts of the rules over every branch).

A county's few dozen branches stay in memory. Past ``IN_MEMORY`` branches the
reports go to an anonymous temporary file (readable by this user only, gone
when the run ends) and are read back one at a time, each time a reporter walks
them: so a province's 100,000 branches never sit in memory together. Reports
hold no personal data (see ``privacy``), so neither does the file.
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections.abc import Sequence
from typing import Iterator

IN_MEMORY = 200  # reports: ~35 KB each in memory; a county has 20–60 branches
_BLOCK = 1 << 20  # bytes read at a time when walking a spool in order


class Spool(Sequence):
    def __init__(self, in_memory: int | None = None):
        self.in_memory = IN_MEMORY if in_memory is None else in_memory
        self._items: list = []
        self._file = None
        self._offsets = array("q", [0])  # where each spooled report starts, and the end of the last

    def append(self, item, pickled: bool = False) -> None:
        """Keep ``item``: a branch report (or any picklable value), or, when ``pickled``, one
        already pickled (by a worker or the cache), which is spooled as it is, without building it."""
        if self._file is None:
            if len(self._items) < self.in_memory:
                self._items.append(pickle.loads(item) if pickled else item)
                return
            import tempfile  # only once a run outgrows memory

            self._file = tempfile.TemporaryFile(prefix="unioncheck-spool-")
            kept, self._items = self._items, []
            for kept_item in kept:
                self._write(kept_item, False)
        self._write(item, pickled)

    def _write(self, item, pickled: bool) -> None:
        blob = item if pickled else pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(blob)
        self._offsets.append(self._offsets[-1] + len(blob))

    @property
    def spooled(self) -> bool:
        return self._file is not None

    def __len__(self) -> int:
        return len(self._items) if self._file is None else len(self._offsets) - 1

    def __iter__(self) -> Iterator:
        if self._file is None:
            yield from self._items
            return
        self._file.flush()
        offsets, count, i = self._offsets, len(self._offsets) - 1, 0
        while i < count:  # a block of items per read (a summary is a few hundred bytes): few system calls
            last = i + 1
            while last < count and offsets[last + 1] - offsets[i] <= _BLOCK:
                last += 1
            block = memoryview(os.pread(self._file.fileno(), offsets[last] - offsets[i], offsets[i]))
            for j in range(i, last):
                yield pickle.loads(block[offsets[j] - offsets[i] : offsets[j + 1] - offsets[i]])
            i = last

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if self._file is None:
            return self._items[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        self._file.flush()
        return self._read(index)

    def _read(self, index: int):
        start, end = self._offsets[index], self._offsets[index + 1]
        return pickle.loads(os.pread(self._file.fileno(), end - start, start))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
