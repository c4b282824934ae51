"""Nothing assumes POSIX paths or signals: a secretary runs unioncheck on a Windows office PC, the
bureau's CI on Linux, and both must give the same verdict and end as cleanly.

Windows is simulated here where it can be (a signal module without SIGHUP, a GBK console, a
stream that writes CRLF, paths compared without case, Windows's errors); what needs Windows
itself (the console's Ctrl-Break, spawn start-up, file locking by Excel) is listed in the report
of this change.
"""

from __future__ import annotations

import ast
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REFERENCE, REPO, check

from unioncheck import files, guard, limits, loader, output, paths, userdirs
from unioncheck.cli import main
from unioncheck.files import Files, Inside
from unioncheck.model import Status

SOURCES = sorted([*(REPO / "src" / "unioncheck").rglob("*.py"), *(REPO / "plugins").rglob("*.py")])


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


# ---- signals ------------------------------------------------------------------------


def test_the_signals_that_end_a_run_are_those_the_system_has():
    windows = types.SimpleNamespace(SIGINT=2, SIGTERM=15, SIGBREAK=21)  # Windows's signal module: no SIGHUP
    posix = types.SimpleNamespace(SIGINT=2, SIGTERM=15, SIGHUP=1, SIGPIPE=13)
    assert limits.ending_signals(windows) == (15, 21) and limits.ending_signals(posix) == (15, 1)
    assert limits.ENDING == limits.ending_signals(signal) and signal.SIGTERM in limits.ENDING


def _failing_stdout(monkeypatch, error: OSError):
    class Raw(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise error

    stream = io.TextIOWrapper(io.BufferedWriter(Raw()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stream)
    return stream


def _exit_of(invoke) -> int:
    with pytest.raises(SystemExit) as ended:
        guard.guarded(invoke, debug=False)
    return ended.value.code


def _write_a_report():
    sys.stdout.write("x" * 100_000)
    sys.stdout.flush()


def test_a_reader_gone_on_windows_ends_as_a_broken_pipe_not_as_a_failure(monkeypatch):
    """On Windows, writing to a pipe whose reader closed (``| more``) is EINVAL, not EPIPE."""
    monkeypatch.setattr(guard, "_quiet_stdout", lambda: None)
    monkeypatch.setattr(guard, "_stdout_is_pipe", lambda: True)
    _failing_stdout(monkeypatch, OSError(errno.EINVAL, "Invalid argument"))
    monkeypatch.setattr(guard, "WINDOWS", True)
    assert _exit_of(_write_a_report) == 141
    monkeypatch.setattr(guard, "WINDOWS", False)  # on POSIX an EINVAL is no closed pipe
    assert _exit_of(_write_a_report) == guard.BROKEN
    monkeypatch.setattr(guard, "WINDOWS", True)
    monkeypatch.setattr(guard, "_stdout_is_pipe", lambda: False)  # a file or the console: not a reader gone
    assert _exit_of(_write_a_report) == guard.BROKEN


def test_another_invalid_argument_on_windows_is_still_a_failure(monkeypatch, capsys):
    monkeypatch.setattr(guard, "WINDOWS", True)
    monkeypatch.setattr(guard, "_stdout_is_pipe", lambda: True)

    def fails():
        raise OSError(errno.EINVAL, "Invalid argument")  # not writing: a fault of its own

    assert _exit_of(fails) == guard.BROKEN and "unioncheck failed (OSError" in capsys.readouterr().err


# ---- the console --------------------------------------------------------------------------


def test_a_gbk_console_gets_a_question_mark_for_what_it_cannot_show(tmp_path):
    """A Windows console (or a redirect) in code page 936 cannot encode an emoji in a file's name."""
    shutil.copytree(REFERENCE.parent / "evidence", tmp_path / "evidence")
    shutil.copy(REFERENCE, tmp_path / "分院😀.yaml")
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "unioncheck", "check", "分院😀.yaml", "--as-of", "2025-12-31", "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr.decode("gbk", "replace")
    shown = done.stdout.decode("gbk")  # all of it is GBK
    assert "分院?.yaml" in shown and "XRMYY" in shown


class _WindowsStdout(io.TextIOWrapper):
    """A text stream as Windows gives one: each "\\n" written becomes "\\r\\n"."""

    def __init__(self):
        super().__init__(io.BytesIO(), encoding="utf-8", newline="\r\n", write_through=True)


def test_csv_on_a_windows_stdout_ends_each_row_once(monkeypatch):
    class Rows:
        streaming = bom_in_files = False

        def start(self, report, options):
            return ""

        def finish(self, report, options):
            return '"a","b\nc"\r\n"d","e"\r\n'  # what the csv reporter writes: CRLF rows, a newline in a cell

    monkeypatch.setattr(os, "linesep", "\r\n")
    stdout = _WindowsStdout()
    sinks = output.Sinks([(Rows(), None)], None, stdout.write)
    sinks.start(None)
    sinks.finish(None)
    assert stdout.buffer.getvalue() == b'"a","b\r\nc"\r\n"d","e"\r\n'


def test_the_progress_counter_is_wiped_without_terminal_escapes():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    from unioncheck.assemble import Progress

    progress = Progress(3, screen)
    for _ in range(3):
        progress.step()
    progress.done()
    text = screen.getvalue()
    assert "checking 3/3" in text and "\033" not in text and text.endswith("\r")


# ---- files written in binary, the user's cache directory ----------------------------------


def test_every_descriptor_opened_is_binary():
    """``os.open`` without O_BINARY is a text-mode descriptor on Windows: a key with a byte 0x0A is
    written with 0x0D before it, and a file read stops at 0x1A. Every call names the flag."""
    missing = []
    for source in SOURCES:
        tree = ast.parse(source.read_text("utf-8"))
        named = {
            target.id: ast.unparse(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "os.open":
                flags = ast.unparse(node.args[1])
                if "O_BINARY" not in named.get(flags, flags):
                    missing.append(f"{source.relative_to(REPO)}:{node.lineno}")
    assert not missing


def test_keys_are_written_byte_for_byte_where_descriptors_are_text(tmp_path, monkeypatch):
    from unioncheck import cache

    binary = 1 << 28  # a flag no POSIX call uses: stands for Windows's O_BINARY
    flags_seen = []
    real_open = os.open

    def open_(path, flags, *rest):
        flags_seen.append(flags)
        return real_open(path, flags & ~binary, *rest)

    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    key = cache.pseudonym_key()
    assert len(key) == cache.KEY_BYTES and cache.pseudonym_key() == key
    assert run("keygen", tmp_path / "bureau").exit_code == 0
    assert (tmp_path / "bureau.pub").read_bytes().endswith(b"=\n")  # one LF, never CRLF
    assert flags_seen and all(flags & binary for flags in flags_seen)


def test_the_user_cache_directory_on_windows_is_localappdata(tmp_path, monkeypatch):
    monkeypatch.setattr(userdirs, "WINDOWS", True)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert userdirs.cache_home() == tmp_path / "Local" / "unioncheck"
    assert "%LOCALAPPDATA%" in userdirs.described()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # set on purpose: it wins, as elsewhere
    assert userdirs.cache_home() == tmp_path / "xdg" / "unioncheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    for unusable in ("", "relative\\Local"):
        monkeypatch.setenv("LOCALAPPDATA", unusable)
        monkeypatch.setenv("HOME", str(tmp_path / "me"))  # what Path.home() reads here; USERPROFILE on Windows
        assert userdirs.cache_home() == tmp_path / "me" / "AppData" / "Local" / "unioncheck"
    monkeypatch.setattr(userdirs, "WINDOWS", False)
    assert userdirs.cache_home() == tmp_path / "me" / ".cache" / "unioncheck"


# ---- a report open in Excel ---------------------------------------------------------------


def test_a_report_open_in_excel_on_windows_is_said_to_be_open_before_the_run(tmp_path, monkeypatch):
    (tmp_path / "~$audit.xlsx").write_bytes(b"\0" * 165)
    monkeypatch.setattr(output, "WINDOWS", True)
    result = run("check", REFERENCE, "--as-of", "2025-12-31", "--no-cache", "-f", f"xlsx:{tmp_path / 'audit.xlsx'}")
    assert result.exit_code == 2 and "open in Excel" in result.output and "关闭" in result.output
    monkeypatch.setattr(output, "WINDOWS", False)  # elsewhere an open file is replaced as any other
    result = run("check", REFERENCE, "--as-of", "2025-12-31", "--no-cache", "-f", f"xlsx:{tmp_path / 'audit.xlsx'}")
    assert result.exit_code == 0 and (tmp_path / "audit.xlsx").is_file()


def test_a_report_windows_will_not_replace_is_said_to_be_open(tmp_path, monkeypatch):
    def refused(source, target):
        err = PermissionError(errno.EACCES, "Access is denied")
        err.winerror = 32  # ERROR_SHARING_VIOLATION: another process has the file open
        raise err

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(output.OutputError) as caught:
        output.write_atomic(tmp_path / "audit.json", "{}")
    assert "open in Excel, WPS or another program" in str(caught.value) and "no permission" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no temporary file left

    def denied(source, target):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(output.OutputError) as caught:
        output.write_atomic(tmp_path / "audit.json", "{}")
    assert "no permission" in str(caught.value)


# ---- paths -----------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path) -> Path:
    (tmp_path / "branch" / "evidence" / "2025").mkdir(parents=True)
    (tmp_path / "branch" / "evidence" / "2025" / "minutes.pdf").write_bytes(b"%PDF")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF")
    return tmp_path / "branch"


WRITTEN_ON_WINDOWS = {
    "evidence\\2025\\minutes.pdf": Inside.OK,
    "evidence/2025\\minutes.pdf": Inside.OK,
    ".\\evidence\\..\\evidence\\2025\\minutes.pdf": Inside.OK,
    "evidence\\2025\\missing.pdf": Inside.MISSING,
    "..\\secret.pdf": Inside.OUTSIDE,
    "evidence\\..\\..\\secret.pdf": Inside.OUTSIDE,
    "\\evidence\\2025\\minutes.pdf": Inside.ABSOLUTE,  # the root of the current drive
    "\\\\server\\share\\minutes.pdf": Inside.ABSOLUTE,
    "C:evidence\\2025\\minutes.pdf": Inside.ABSOLUTE,
    "c:\\evidence\\2025\\minutes.pdf": Inside.ABSOLUTE,
    "Evidence\\2025\\Minutes.PDF": Inside.CASE,
    "evidence/2025/MINUTES.pdf": Inside.CASE,
}


@pytest.mark.parametrize("relative", WRITTEN_ON_WINDOWS)
def test_a_path_written_on_windows_is_read_alike_on_every_system(tree, relative):
    assert Files().inside(tree, relative) == WRITTEN_ON_WINDOWS[relative]


def test_where_names_are_looked_up_without_case_a_path_spelt_otherwise_is_case_too(tree, monkeypatch):
    monkeypatch.setattr(files, "IGNORES_CASE", True)  # as on Windows and macOS
    assert Files().inside(tree, "evidence/2025/minutes.pdf") == Inside.OK  # spelt as named: no listing differs
    real = str(tree / "evidence" / "2025" / "minutes.pdf")
    assert files._as_named(str(tree), str(tree / "EVIDENCE" / "2025" / "Minutes.pdf")) == real
    assert files._as_named(str(tree), str(tree / "evidence" / "2025" / "other.pdf")) is None


def test_a_branch_file_with_windows_evidence_paths_checks_as_with_slashes(tmp_path):
    folder = tmp_path / "b"
    shutil.copytree(REFERENCE.parent, folder)
    text = REFERENCE.read_text("utf-8")
    listed = "evidence/2025/congress-minutes.pdf"
    assert listed in text
    (folder / "windows.yaml").write_text(text.replace(listed, "'evidence\\2025\\congress-minutes.pdf'"), "utf-8")
    (folder / "capitals.yaml").write_text(text.replace(listed, "Evidence/2025/Congress-Minutes.PDF"), "utf-8")
    os.remove(folder / REFERENCE.name)
    report = {Path(b.file).name: b for b in check([folder]).branches}

    def evd001(name):
        return [(r.status, r.message.en) for r in report[name].results if r.rule == "EVD001"]

    assert [s for s, _ in evd001("windows.yaml")] == [Status.PASS]
    [(status, message)] = evd001("capitals.yaml")
    assert status == Status.FAIL and "capitals" in message and "Congress-Minutes.PDF" in message


def test_paths_are_compared_as_the_system_compares_them(tmp_path, monkeypatch):
    """Two outputs spelt with other capitals are one file on Windows: refused there, not here."""
    first, second = tmp_path / "audit.json", tmp_path / "AUDIT.JSON"
    args = ("check", REFERENCE, "--as-of", "2025-12-31", "--no-cache", "-f", f"json:{first}", "-f", f"sarif:{second}")
    monkeypatch.setattr(os.path, "normcase", str.lower)  # Windows's, without its separators
    refused = run(*args)
    assert refused.exit_code == 2 and "one report would be lost" in refused.output and not first.exists()
    monkeypatch.undo()
    assert run(*args).exit_code == 0 and first.is_file() and second.is_file()
    assert paths.within("/a/data/x.yaml", "/a/data") and not paths.within("/a/data-old/x.yaml", "/a/data")


def test_the_configuration_is_no_branch_file_whatever_its_capitals(tmp_path):
    shutil.copy(REFERENCE, tmp_path / "a.yaml")
    (tmp_path / "Unioncheck.YAML").write_text("lang: en\n", "utf-8")
    (tmp_path / "~$a.xlsx").write_bytes(b"\0" * 165)
    for name in ("a0", "a", "a-b", "B"):
        (tmp_path / name).mkdir()
        shutil.copy(REFERENCE, tmp_path / name / "x.yaml")
    found = [os.path.relpath(f, tmp_path).replace(os.sep, "/") for f in loader.discover([str(tmp_path)])]
    assert found == sorted(found) and "Unioncheck.YAML" not in found and "~$a.xlsx" not in found
    assert set(found) == {"a.yaml", "a0/x.yaml", "a/x.yaml", "a-b/x.yaml", "B/x.yaml"}
