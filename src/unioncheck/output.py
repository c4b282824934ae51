"""Writing reports to files: atomically, so that a crash or Ctrl-C never leaves
a half-written report over a good one."""

from __future__ import annotations

import io
import os
from contextlib import ExitStack, contextmanager
from pathlib import Path


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``."""
    with atomic(path) as out:
        out.write(content.encode("utf-8") if isinstance(content, str) else content)


@contextmanager
def atomic(path: str | Path, text: bool = False):
    """A file to write ``path``'s new content into: renamed over ``path`` when the block
    ends normally, removed if it raises (or is interrupted)."""
    target = Path(path)
    import tempfile  # only when writing to a file

    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, _mode_for(target))
        options = {"encoding": "utf-8", "newline": "", "buffering": 1 << 20} if text else {}
        with os.fdopen(handle, "w" if text else "wb", **options) as out:
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

    A streaming format writes each branch as it is finished: jsonl straight to
    stdout, or into the temporary file that is renamed over its target at the end.
    One that ``wraps`` its branches in a head and an end known only when the run is
    over (json) keeps them, encoded, in an anonymous temporary file meanwhile.
    """

    def __init__(self, requests: list[tuple[object, str | None]], options, echo):
        self.options, self.echo = options, echo
        self.requests = requests
        self.streams: dict[int, object] = {}
        self.bodies: dict[int, object] = {}  # the encoded branches of formats that wrap them
        self._open = ExitStack()  # each stream's atomic file: renamed into place by finish, dropped by abandon
        for i, (reporter, path) in enumerate(requests):
            if getattr(reporter, "wraps", False):
                import tempfile

                self.bodies[i] = self._open.enter_context(
                    tempfile.TemporaryFile(mode="w+b", buffering=1 << 20, prefix="unioncheck-body-"))
            elif getattr(reporter, "streaming", False) and path:
                self.streams[i] = self._open.enter_context(atomic(path, text=True))

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

    def branch(self, branch) -> None:
        for i, (reporter, path) in enumerate(self.requests):
            if getattr(reporter, "streaming", False):
                text = reporter.branch(branch, self.options)
                if i in self.bodies:
                    self.bodies[i].write(text.encode("utf-8"))
                elif path:
                    self.streams[i].write(text)
                else:
                    self.echo(text)

    def finish(self, report) -> None:
        for i, (reporter, path) in enumerate(self.requests):
            if i in self.bodies:
                self._unwrap(reporter, path, report, self.bodies[i])
                continue
            if getattr(reporter, "streaming", False):
                text = reporter.end(report, self.options)
                if path:
                    self.streams[i].write(text)
                else:
                    self.echo(text)
                continue
            text = reporter.render(report, self.options)
            if path:
                bom = "\ufeff" if getattr(reporter, "bom_in_files", False) else ""
                write_atomic(path, text if isinstance(text, bytes) else bom + text)
            else:
                self.echo(text)
        self.streams.clear()
        self.bodies.clear()
        self._open.close()

    def _unwrap(self, reporter, path, report, body) -> None:
        """The head, the branches encoded as they finished, the end."""
        body.seek(0)
        head, end = reporter.head(report, self.options), reporter.end(report, self.options)
        if path:
            with atomic(path) as out:
                out.write(head.encode("utf-8"))
                _copy(body, out)
                out.write(end.encode("utf-8"))
            return
        self.echo(head)
        text = io.TextIOWrapper(body, encoding="utf-8", newline="")
        for chunk in iter(lambda: text.read(1 << 20), ""):
            self.echo(chunk)
        self.echo(end)

    def abandon(self) -> None:
        """Drop the temporary files of streams that will not finish (an error, Ctrl-C)."""
        self.streams.clear()
        self.bodies.clear()
        self._open.__exit__(_Abandoned, _Abandoned(), None)


def _copy(source, target) -> None:
    """The rest of ``source`` appended to ``target``: by the kernel where it can (a province's
    report is gigabytes; copying it through Python was a tenth of a warm run), else in chunks."""
    target.flush()
    offset, size = source.tell(), os.fstat(source.fileno()).st_size
    try:
        while offset < size:
            sent = os.sendfile(target.fileno(), source.fileno(), offset, size - offset)
            if not sent:
                break
            offset += sent
    except (AttributeError, OSError):  # no sendfile here, or not between these files: Python copies the rest
        pass
    target.seek(0, os.SEEK_END)
    source.seek(offset)
    import shutil

    shutil.copyfileobj(source, target, 1 << 20)


class _Abandoned(Exception):
    """Thrown into unfinished atomic files so that they remove themselves."""
