"""Time limits for rules: a rule that runs past its limit becomes that rule's error.

A ``Clock`` belongs to one process. The engine tells it when each rule starts
and stops (``start``/``stop``); what enforces the limit depends on where it runs:

- *in place* (POSIX, main thread): while ``running`` is on, SIGALRM ticks a few
  times per limit, and a tick that finds the running rule past its limit raises
  ``RuleTimeout`` into it. One timer for a whole stretch of files, not one per
  rule: a timer call is a system call, and rules are short.
- *from outside* (no SIGALRM, as on Windows, or a rule stuck in C code that a
  signal cannot reach): the clock writes which file and rule run since when on
  a ``Board`` shared with the parent of a worker pool, which ends the worker
  whose rule is overdue and starts another (see ``executors``).
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager

TICKS_PER_LIMIT = 4  # a rule stopped in place is stopped between 1 and 1.25 times its limit


def ending_signals(module=signal) -> tuple:
    """The signals that end a run as Ctrl-C does (see ``guard``), those ``module`` has: SIGTERM;
    SIGHUP (the terminal closed) where there is one; on Windows, which has no SIGHUP, SIGBREAK
    (Ctrl-Break, or the console window closed). A worker process just ends on them."""
    return tuple(getattr(module, name) for name in ("SIGTERM", "SIGHUP", "SIGBREAK") if hasattr(module, name))


ENDING = ending_signals()


class RuleTimeout(BaseException):
    """Raised into a rule that runs past its time limit. A BaseException, so
    that a rule's own ``except Exception`` cannot swallow it."""


def interrupts_in_place() -> bool:
    """Whether a rule running in this thread can be stopped where it runs."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class Board:
    """What each worker of a pool is running, readable by the pool's parent: per slot, the
    file's position in the run, the rule's number and when it started (monotonic seconds,
    0 while no rule runs). Plain numbers in shared memory: writing them costs no system call."""

    FIELDS = 3

    def __init__(self, context, slots: int):
        self.cells = context.RawArray("d", self.FIELDS * slots)

    def note(self, slot: int, file_number: int, rule_number: int, started: float) -> None:
        at = slot * self.FIELDS
        self.cells[at], self.cells[at + 1], self.cells[at + 2] = file_number, rule_number, started

    def read(self, slot: int) -> tuple[int, int, float]:
        at = slot * self.FIELDS
        return int(self.cells[at]), int(self.cells[at + 1]), self.cells[at + 2]

    def clear(self, slot: int) -> None:
        self.note(slot, -1, -1, 0.0)


class Clock:
    """The running rule of this process and since when; see the module docstring."""

    def __init__(self, seconds: float | None, in_place: bool = True, board: Board | None = None, slot: int = 0):
        self.seconds = seconds or None
        self.in_place = bool(self.seconds) and in_place
        self.board, self.slot = board, slot
        self.file_number = -1
        self._started: float | None = None
        self._ticking = False

    @contextmanager
    def running(self):
        """Enforce limits in place while the block runs (when this process and thread can)."""
        if not self.in_place or self._ticking or not interrupts_in_place():
            yield
            return
        previous = signal.signal(signal.SIGALRM, self._tick)
        tick = max(self.seconds / TICKS_PER_LIMIT, 0.001)
        signal.setitimer(signal.ITIMER_REAL, tick, tick)
        self._ticking = True
        try:
            yield
        finally:
            self._ticking = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            self._started = None
            signal.signal(signal.SIGALRM, previous)

    def start(self, rule_number: int) -> None:
        self._started = now = time.monotonic()
        if self.board is not None:
            self.board.note(self.slot, self.file_number, rule_number, now)

    def stop(self) -> None:
        self._started = None
        if self.board is not None:
            self.board.note(self.slot, self.file_number, -1, 0.0)

    def _tick(self, signum, frame) -> None:
        started = self._started
        if started is not None and time.monotonic() - started >= self.seconds:
            self._started = None
            raise RuleTimeout()
