"""Who judges the files: ``Serial`` in this process, or a ``Pool`` of worker processes.

Both have one method, ``map(plan, files)``, which yields a ``Judged`` per file in
file order; the report is the same whichever judges (a test proves it).

The pool starts its workers by forking where the platform can, and by
spawning elsewhere (Windows, macOS): a spawned worker rebuilds the rules from
the plugins (``Settings.plugins``). Each worker is handed a few files at a
time and sends back each one as it is judged. The parent watches its workers:

- one that dies (killed, out of memory, a crash in C code) is replaced, and
  the rule that was running on its file stands as that rule's error there;
  the file is judged again without it, as are the files it had not finished;
- a rule past its time limit is stopped in place where the worker can
  (``limits``); where it cannot, the parent ends the worker and replaces it,
  and the rule's time-out is its error on that file.
"""

from __future__ import annotations

import signal
import time
from collections import deque
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterator

from .engine import Judged, Plan, crashed_worker, judge, timed_out, unjudgeable
from .limits import ENDING, Board, Clock, interrupts_in_place

if TYPE_CHECKING:
    import multiprocessing

BATCH = 16  # files handed to a worker at a time: few messages, yet an even share at the end


class Serial:
    """Every file judged here, one after the other."""

    def map(self, plan: Plan, files: list[str]) -> Iterator[Judged]:
        clock = Clock(plan.settings.rule_seconds)
        with clock.running():
            for number, file in enumerate(files):
                clock.file_number = number
                yield judge(plan, file, clock)


def choose(jobs: int, plan_seconds: float | None):
    """The executor for ``--jobs``: a pool for more than one, and also for one where a rule
    with a time limit could not be stopped in this process (no SIGALRM)."""
    if jobs > 1 or (plan_seconds and not interrupts_in_place()):
        return Pool(jobs)
    return Serial()


@dataclass(eq=False)
class _Worker:
    slot: int
    process: multiprocessing.process.BaseProcess
    conn: object
    inflight: deque = field(default_factory=deque)  # (number, file, stopped) sent and not yet back


class Pool:
    """``jobs`` worker processes; see the module docstring."""

    def __init__(self, jobs: int, start_method: str | None = None, in_place: bool | None = None):
        self.jobs = max(1, jobs)
        import multiprocessing  # only a pool needs it: a single-file check does not pay for it

        methods = multiprocessing.get_all_start_methods()
        self.start_method = start_method or ("fork" if "fork" in methods else "spawn")
        self.in_place = interrupts_in_place() if in_place is None else in_place

    def map(self, plan: Plan, files: list[str]) -> Iterator[Judged]:
        if not files:
            return
        run = _Run(self, plan, files)
        try:
            yield from run.results()
        except BaseException:  # interrupted, or the consumer stopped early: no worker outlives the run
            run.close(hurry=True)
            raise
        run.close()


class _Run:
    """One ``Pool.map``: the workers, what each holds, and the files judged so far."""

    def __init__(self, pool: Pool, plan: Plan, files: list[str]):
        self.pool, self.plan, self.files = pool, plan, files
        import multiprocessing

        self.context = multiprocessing.get_context(pool.start_method)
        self.board = Board(self.context, pool.jobs)
        self.todo: deque = deque((number, file, {}) for number, file in enumerate(files))
        self.done: dict[int, Judged] = {}
        self.deaths: dict[int, int] = {}  # file number -> workers it ended
        seconds = plan.settings.rule_seconds
        # a rule the worker stops itself gets a margin before the parent steps in (a rule stuck in C code)
        self.overdue = None if not seconds else (seconds * 1.25 if not pool.in_place else seconds * 2 + 1)
        self.workers = [self._start(slot) for slot in range(min(pool.jobs, len(files)))]

    def _start(self, slot: int) -> _Worker:
        self.board.clear(slot)
        ours, theirs = self.context.Pipe()
        given = self.plan if self.pool.start_method == "fork" else _Recipe(self.plan.settings)
        process = self.context.Process(
            target=_serve, args=(given, theirs, self.board, slot, self.pool.in_place), daemon=True
        )
        process.start()
        theirs.close()
        return _Worker(slot, process, ours)

    def results(self) -> Iterator[Judged]:
        following = 0
        while following < len(self.files):
            self._hand_out()
            self._collect()
            while following in self.done:
                yield self.done.pop(following)
                following += 1

    def _hand_out(self) -> None:
        for worker in self.workers:
            if len(worker.inflight) < BATCH // 2 and self.todo:
                size = max(1, min(BATCH, len(self.todo) // (2 * len(self.workers)) or 1))
                batch = [self.todo.popleft() for _ in range(min(size, len(self.todo)))]
                worker.inflight.extend(batch)
                try:
                    worker.conn.send(batch)
                except OSError:  # it died a moment ago: the sentinel tells _collect, which judges its files again
                    pass

    def _collect(self) -> None:
        """Take what the workers sent; replace a worker that died or whose rule is overdue."""
        from multiprocessing.connection import wait

        busy = [w for w in self.workers if w.inflight]
        watching = {w.conn: w for w in busy} | {w.process.sentinel: w for w in busy}
        timeout = None if self.overdue is None else min(0.5, self.overdue / 4)
        for ready in wait(list(watching), timeout):
            worker = watching[ready]
            if not any(w is worker for w in self.workers):
                continue  # replaced a moment ago
            if ready is worker.conn or worker.conn.poll():
                try:
                    judged = worker.conn.recv()
                except (EOFError, OSError):
                    self._replace(worker, died=True)
                    continue
                number, _file, _stopped = worker.inflight.popleft()
                self.done[number] = judged
            else:
                self._replace(worker, died=True)
        if self.overdue is not None:
            now = time.monotonic()
            for worker in list(self.workers):
                _number, rule_number, started = self.board.read(worker.slot)
                if worker.inflight and started and now - started > self.overdue:
                    self._replace(worker, died=False, rule_number=rule_number)

    def _replace(self, worker: _Worker, died: bool, rule_number: int | None = None) -> None:
        """End ``worker``, start another in its slot, and judge its files again; the file it was on
        without the rule that was running (that rule's error stands there instead)."""
        if rule_number is None:
            rule_number = self.board.read(worker.slot)[1]
        if died:
            worker.process.join(5)  # its pipe closed a moment before the process is reaped
        code = worker.process.exitcode
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        inflight = list(worker.inflight)
        if inflight:
            inflight[0] = self._after_death(inflight[0], rule_number, died, code)
        self.todo.extendleft(reversed([item for item in inflight if item is not None]))
        self.workers[self.workers.index(worker)] = self._start(worker.slot)

    def _after_death(self, item: tuple, rule_number: int, died: bool, code: int | None) -> tuple | None:
        """The file a worker was on when it ended, to judge again without the rule that was running;
        None when it ended outside any rule twice (then loading the file is what kills it)."""
        number, file, stopped = item
        self.deaths[number] = self.deaths.get(number, 0) + 1
        if 0 <= rule_number < len(self.plan.registered):
            rule = self.plan.registered[rule_number]
            result = crashed_worker(rule, code) if died else timed_out(rule, self.plan.settings.rule_seconds)
            return number, file, {**stopped, rule.code: result}
        if self.deaths[number] > 1:
            self.done[number] = unjudgeable(file, code)
            return None
        return item

    def close(self, hurry: bool = False) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + (0 if hurry else 2)
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


@dataclass
class _Recipe:
    """What a spawned worker builds its plan from: the settings, and the plugins they name."""

    settings: object

    def plan(self) -> Plan:
        from .plugins import collect_contract, collect_rules, plugin_manager

        pm = plugin_manager(tuple(self.settings.plugins))
        settings = replace(self.settings, contract=collect_contract(pm))
        return Plan.of(collect_rules(pm), settings)


def _serve(given, conn, board: Board, slot: int, in_place: bool) -> None:
    """A worker: judge each file it is handed and send it back, until it is handed None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the pool
    for signum in ENDING:  # a forked worker inherits the parent's handlers: it just ends
        signal.signal(signum, signal.SIG_DFL)
    plan = given.plan() if isinstance(given, _Recipe) else given
    clock = Clock(plan.settings.rule_seconds, in_place=in_place, board=board, slot=slot)
    with clock.running():
        while True:
            try:
                batch = conn.recv()
            except (EOFError, OSError):
                return
            if batch is None:
                return
            for number, file, stopped in batch:
                clock.file_number = number
                try:
                    conn.send(judge(plan, file, clock, stopped))
                except (BrokenPipeError, ConnectionResetError):
                    return  # the parent is gone (interrupted): nothing to say to it
                board.clear(slot)
