r"""Writing reports to files: atomically, so that a crash or Ctrl-C never leaves
a half-written report over a good one; and a report that cannot be written
(no such folder, a folder in its place, no permission, a full disk, on Windows a
file open in Excel or WPS) said so plainly, as an ``OutputError``, with nothing
left half-written.

A report is written with ``\n`` line ends, byte for byte the same on every system; CSV
rows end in ``\r\n`` as the format says. On stdout the console's stream decides: on Windows
it turns ``\n`` into ``\r\n``, so a ``\r\n`` the report holds is handed to it as ``\n``
(``console_text``), never doubled."""

from __future__ import annotations

import errno
import os
import stat
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .paths import lock_files


class OutputError(Exception):
    """A report could not be written: the path and the reason, in both languages."""

    def __init__(self, path, err: OSError | None = None, code: int | None = None, busy: bool = False):
        code = code if code is not None else (err.errno if err else None)
        zh, en = _REASONS.get(code, ("", os.strerror(code) if code else "cannot write"))
        if busy:
            zh, en = _BUSY
        super().__init__(
            f"无法写入报告 {os.fsdecode(path)}：{zh or en} / cannot write the report {os.fsdecode(path)}: {en}"
        )


_REASONS = {
    errno.ENOENT: ("所在文件夹不存在，请先建好文件夹", "its folder does not exist; create it first"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "part of the path is not a folder"),
    errno.EISDIR: ("这是一个文件夹，请给出文件名", "it is a folder; give a file name"),
    errno.EACCES: ("没有写入权限，请换一个文件夹", "no permission to write there; choose another folder"),
    errno.EPERM: ("没有写入权限，请换一个文件夹", "no permission to write there; choose another folder"),
    errno.EROFS: ("该位置只读，请换一个文件夹", "that place is read-only; choose another folder"),
    errno.ENOSPC: ("磁盘已满，请腾出空间", "the disk is full; free some space"),
    errno.EFBIG: ("文件超出允许的大小", "the file is larger than allowed"),
    errno.EDQUOT: ("磁盘配额已满", "the disk quota is used up"),
}


_BUSY = (
    "它正在 Excel、WPS 或其他程序中打开，Windows 不允许替换：请关闭它再运行，或换一个文件名",
    "it is open in Excel, WPS or another program, and Windows does not let it be replaced: close it and run "
    "again, or give another name",
)
WINDOWS = os.name == "nt"
_SHARING_VIOLATIONS = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: another program has it open


def _busy(target: Path, err: OSError | None = None) -> bool:
    """Whether ``target`` cannot be replaced because another program has it open (Windows)."""
    if err is not None and getattr(err, "winerror", None) in _SHARING_VIOLATIONS:
        return True
    return WINDOWS and (err is None or isinstance(err, PermissionError)) and bool(lock_files(target))


def check_writable(path) -> None:
    """Refuse, before anything runs, a report path that could not be written at the end."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise OutputError(path, code=errno.EISDIR)
    if is_stream(target):
        return  # written in place (/dev/null, /dev/stdout, a pipe): its folder is not written
    if _busy(target):
        raise OutputError(path, busy=True)
    if not folder.exists():
        raise OutputError(path, code=errno.ENOENT)
    if not folder.is_dir():
        raise OutputError(path, code=errno.ENOTDIR)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(path, code=errno.EACCES)


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``."""
    with atomic(path) as out:
        out.write(content.encode("utf-8") if isinstance(content, str) else content)


def is_stream(target: Path) -> bool:
    """Whether ``target`` exists and is a device or a pipe (``/dev/null``, ``/dev/stdout``, a FIFO):
    written to as it is; a temporary file renamed over it would put a plain file in its place."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)


@contextmanager
def atomic(path: str | Path, buffered: bool = False):
    """A file to write ``path``'s new content into: renamed over ``path`` when the block
    ends normally, removed if it raises (or is interrupted). A device or a pipe is
    written directly (``is_stream``)."""
    target = Path(path)
    import tempfile  # only when writing to a file

    check_writable(target)
    if is_stream(target):
        with _stream(target, path) as out:
            yield out
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(path, err) from None
    try:
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(handle, "wb", **({"buffering": 1 << 20} if buffered else {})) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except OSError as err:  # writing it (a full disk) or putting it in place (open in Excel, on Windows)
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(path, err, busy=_busy(target, err)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _stream(target: Path, path):
    try:
        out = open(target, "wb")  # noqa: SIM115 - closed below, its errors turned into OutputError
    except OSError as err:
        raise OutputError(path, err) from None
    try:
        yield out
        out.close()
    except OSError as err:
        raise OutputError(path, err) from None
    finally:
        out.close()


def _mode_for(target: Path) -> int:
    """The mode a report gets: the existing file's, else what the umask allows (mkstemp's 0600 is too strict)."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def console_text(text: str) -> str:
    """``text`` as handed to a text stream that writes each ``\n`` as the system's line end."""
    return text.replace("\r\n", "\n") if os.linesep == "\r\n" else text


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
            written = reporter.finish(report, self.options)  # text, or pieces of it to write as they come
            for piece in (written,) if written is None or isinstance(written, (str, bytes)) else written:
                self._write(i, piece)
        self.files.clear()
        self._open.close()

    def _write(self, i: int, text: str | bytes) -> None:
        if not text:
            return
        if i not in self.files:
            self.echo(console_text(text if isinstance(text, str) else text.decode("utf-8")))
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
