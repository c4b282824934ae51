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

    Each reporter is told ``start``, ``branch`` for every branch and ``finish``
    (see ``reporters.base``), and what it returns is written at once: to stdout,
    or into a temporary file that is renamed over the target when the run ends.
    """

    def __init__(self, requests: list[tuple[object, str | None]], options, echo):
        self.options, self.echo = options, echo
        self.requests = requests
        self.files: dict[int, object] = {}
        self._open = ExitStack()  # each file's atomic writer: renamed into place by finish, dropped by abandon
        for i, (_reporter, path) in enumerate(requests):
            if path:
                self.files[i] = self._open.enter_context(atomic(path, buffered=True))
        self._bom = {i for i, (reporter, path) in enumerate(requests) if path and reporter.bom_in_files}

    @property
    def all_streaming(self) -> bool:
        """Whether every format writes branches as they finish: then the run need not keep them."""
        return all(reporter.streaming for reporter, _ in self.requests)

    def start(self, report) -> None:
        for i, (reporter, _) in enumerate(self.requests):
            self._write(i, reporter.start(report, self.options))

    def branch(self, branch) -> None:
        for i, (reporter, _) in enumerate(self.requests):
            self._write(i, reporter.branch(branch, self.options))

    def finish(self, report) -> None:
        for i, (reporter, _) in enumerate(self.requests):
            self._write(i, reporter.finish(report, self.options))
        self.files.clear()
        self._open.close()

    def _write(self, i: int, text: str | bytes) -> None:
        if not text:
            return
        if i not in self.files:
            self.echo(text if isinstance(text, str) else text.decode("utf-8"))
            return
        if i in self._bom and isinstance(text, str):
            text = "\ufeff" + text
            self._bom.discard(i)
        self.files[i].write(text.encode("utf-8") if isinstance(text, str) else text)

    def abandon(self) -> None:
        """Drop the temporary files of outputs that will not finish (an error, Ctrl-C)."""
        self.files.clear()
        self._open.__exit__(_Abandoned, _Abandoned(), None)


class _Abandoned(Exception):
    """Thrown into unfinished atomic files so that they remove themselves."""
