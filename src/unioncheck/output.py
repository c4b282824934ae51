"""Writing reports to files: atomically, so that a crash or Ctrl-C never leaves
a half-written report over a good one."""

from __future__ import annotations

import os
from contextlib import ExitStack, contextmanager
from pathlib import Path


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``."""
    with atomic(path) as out:
        out.write(content.encode("utf-8") if isinstance(content, str) else content)


@contextmanager
def atomic(path: str | Path, buffered: bool = False):
    """A file to write ``path``'s new content into: renamed over ``path`` when the block
    ends normally, removed if it raises (or is interrupted)."""
    target = Path(path)
    import tempfile  # only when writing to a file

    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(handle, "wb", **({"buffering": 1 << 20} if buffered else {})) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The mode a report gets: the existing file's, else what the umask allows (mkstemp's 0600 is too strict)."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


class Sinks:
    """Where each requested format goes: stdout or a file, written atomically.

    A streaming format (json, jsonl) writes its head when the run starts (``start``)
    and each branch as it is finished: to stdout, or into the temporary file that is
    renamed over its target at the end. The others render the whole report at the end.
    """

    def __init__(self, requests: list[tuple[object, str | None]], options, echo):
        self.options, self.echo = options, echo
        self.requests = requests
        self.streams: dict[int, object] = {}
        self._open = ExitStack()  # each stream's atomic file: renamed into place by finish, dropped by abandon
        for i, (reporter, path) in enumerate(requests):
            if getattr(reporter, "streaming", False) and path:
                self.streams[i] = self._open.enter_context(atomic(path, buffered=True))

    @property
    def preparing(self) -> bool:
        """Whether a format has work to do on each branch as soon as it is judged (see ``prepare``)."""
        return any(hasattr(reporter, "prepare") for reporter, _ in self.requests)

    def prepare(self, branch) -> None:
        """Each format's work on a branch just judged: runs in the worker that judged it, and what
        it leaves on the report is kept in the results cache with it."""
        for reporter, _ in self.requests:
            if hasattr(reporter, "prepare"):
                reporter.prepare(branch, self.options)

    @property
    def all_streaming(self) -> bool:
        """Whether every format writes branches as they finish: then the run need not keep them."""
        return all(getattr(reporter, "streaming", False) for reporter, _ in self.requests)

    def start(self, report) -> None:
        """The heads of the streaming formats: ``report`` has the date, the period and the profile, no branches yet."""
        for i, (reporter, _) in enumerate(self.requests):
            if getattr(reporter, "streaming", False) and hasattr(reporter, "head"):
                self._write(i, reporter.head(report, self.options))

    def branch(self, branch) -> None:
        for i, (reporter, _) in enumerate(self.requests):
            if getattr(reporter, "streaming", False):
                self._write(i, reporter.branch(branch, self.options))

    def _write(self, i: int, text: str | bytes) -> None:
        """A streaming format's text, or its UTF-8 bytes (JSON splices bytes prepared where branches were judged)."""
        if i in self.streams:
            self.streams[i].write(text.encode("utf-8") if isinstance(text, str) else text)
        else:
            self.echo(text if isinstance(text, str) else text.decode("utf-8"))

    def finish(self, report) -> None:
        for i, (reporter, path) in enumerate(self.requests):
            if getattr(reporter, "streaming", False):
                self._write(i, reporter.end(report, self.options))
                continue
            text = reporter.render(report, self.options)
            if path:
                bom = "\ufeff" if getattr(reporter, "bom_in_files", False) else ""
                write_atomic(path, text if isinstance(text, bytes) else bom + text)
            else:
                self.echo(text)
        self.streams.clear()
        self._open.close()

    def abandon(self) -> None:
        """Drop the temporary files of streams that will not finish (an error, Ctrl-C)."""
        self.streams.clear()
        self._open.__exit__(_Abandoned, _Abandoned(), None)


class _Abandoned(Exception):
    """Thrown into unfinished atomic files so that they remove themselves."""
