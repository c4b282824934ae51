"""How every command ends: its exit status, whatever happens.

- 0: nothing fails;
- 1: findings fail the gate (``--fail-on``);
- 2: the run could not do what was asked: a usage or configuration error, an
  input to the tool itself it cannot read, a report it cannot write;
- 3: unioncheck itself failed (an unexpected exception): one line on stderr
  in both languages, the traceback only with ``--debug``;
- 128 + N: ended by signal N. Ctrl-C (130), SIGTERM (143, CI cancelling a job,
  ``timeout``, ``docker stop``) and SIGHUP (129; on Windows SIGBREAK, 149: Ctrl-Break
  or the console window closed) are all treated alike: one line, reports left as they
  were (no temporary file), no worker left running. A reader of the output that went
  away (``| head``) is 141, as SIGPIPE, on Windows too (where it is an ``EINVAL``).

Output never ends a run for a character the console cannot show: a Windows console whose
code page is GBK gets ``?`` for an emoji or a rare character in a file name (stdout is
written with ``errors="replace"``; stderr already is, with backslashes).

A crash must never read as a verdict: that is why 1 means findings and nothing
else. The exception's own text is not printed, since it may quote a value from
the data (personal data included); its type and where it was raised are.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import sys
import traceback
from contextlib import contextmanager

import click

from .cli_params import SetupError
from .limits import ENDING
from .output import OutputError

NOTHING_FAILS, FINDINGS, UNABLE, BROKEN = 0, 1, 2, 3

EXIT_STATUSES = (
    "Exit status / 退出码: 0 nothing fails / 全部通过; 1 findings fail the gate / 有问题未通过; "
    "2 could not do what was asked (usage, configuration, unreadable input, unwritable report) / "
    "无法执行（用法、配置、输入无法读取、报告无法写入）; 3 unioncheck failed / 程序内部错误; "
    "130 interrupted / 已中断."
)


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so that it ends as Ctrl-C ends it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def signals_interrupt():
    """While the block runs, SIGTERM and SIGHUP raise ``Interrupted`` (in the main thread)."""

    def interrupt(signum, _frame):
        raise Interrupted(signum)

    previous = {}
    for signum in ENDING:
        try:
            previous[signum] = signal.signal(signum, interrupt)
        except ValueError:  # not the main thread: leave the signals alone
            break
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def guarded(invoke, debug: bool):
    """Call ``invoke()`` and turn whatever ends it into one of the exit statuses above."""
    tolerant_output()
    with signals_interrupt():
        try:
            return invoke()
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except OutputError as err:
            raise SetupError(str(err)) from None
        except KeyboardInterrupt as err:
            click.echo("已中断 / interrupted", err=True)
            sys.exit(128 + getattr(err, "signum", signal.SIGINT))
        except Exception as err:  # noqa: BLE001 — this is the one place that catches everything
            if reader_gone(err):
                _quiet_stdout()  # the reader went away (`| head`): nothing more to say to it
                sys.exit(128 + getattr(signal, "SIGPIPE", 13))
            if debug:
                traceback.print_exc()
            click.echo(failure_line(err), err=True)
            sys.exit(BROKEN)


WINDOWS = sys.platform == "win32"


def reader_gone(err: BaseException) -> bool:
    """Whether ``err`` says the reader of stdout went away: a broken pipe; on Windows, where writing
    to a pipe whose reader closed (``| more``, ``| findstr``) is an ``EINVAL``, such an error raised
    by a write or a flush while stdout is a pipe."""
    if isinstance(err, BrokenPipeError):
        return True
    if not (WINDOWS and isinstance(err, OSError) and err.errno == errno.EINVAL):
        return False
    innermost = traceback.extract_tb(err.__traceback__)[-2:]  # the write, and a stream's own writer under it
    writing = any(call in (frame.line or "") for frame in innermost for call in ("write(", "flush("))
    return writing and _stdout_is_pipe()


def _stdout_is_pipe() -> bool:
    try:
        return stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False


def tolerant_output() -> None:
    """stdout writes ``?`` for a character its encoding cannot hold, instead of ending the run."""
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass


def failure_line(err: BaseException) -> str:
    """One line saying unioncheck failed: the exception's type and where, never its text."""
    where = ""
    frames = traceback.extract_tb(err.__traceback__)
    if frames:
        last = frames[-1]
        where = f" @ {os.path.basename(last.filename)}:{last.lineno}"
    kind = type(err).__name__ + where
    return (
        f"unioncheck 内部错误（{kind}）：这是程序的问题，不是数据的问题；请用 unioncheck --debug … 重新运行，"
        f"把输出交给维护者 / unioncheck failed ({kind}): a fault in unioncheck, not in your data; run again "
        "as unioncheck --debug … and send the output to its maintainers"
    )


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises no second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
