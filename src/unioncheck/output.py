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

    A streaming format (jsonl) writes each branch as it is finished: straight to
    stdout, or into the temporary file that is renamed over its target at the end.
    """

    def __init__(self, requests: list[tuple[object, str | None]], options, echo):
        self.options, self.echo = options, echo
        self.requests = requests
        self.streams: dict[int, object] = {}
        self._open = ExitStack()  # each stream's atomic file: renamed into place by finish, dropped by abandon
        for i, (reporter, path) in enumerate(requests):
            if getattr(reporter, "streaming", False) and path:
                self.streams[i] = self._open.enter_context(atomic(path, text=True))

    def branch(self, branch) -> None:
        for i, (reporter, path) in enumerate(self.requests):
            if getattr(reporter, "streaming", False):
                text = reporter.branch(branch, self.options)
                if path:
                    self.streams[i].write(text)
                else:
                    self.echo(text)

    def finish(self, report) -> None:
        for i, (reporter, path) in enumerate(self.requests):
            if getattr(reporter, "streaming", False):
                text = reporter.end(report, self.options)
                if path:
                    self.streams[i].write(text)
                else:
                    self.echo(text)
                continue
            if path and hasattr(reporter, "write"):  # written as it is rendered: never held whole
                with atomic(path, text=True) as out:
                    reporter.write(report, self.options, out)
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
