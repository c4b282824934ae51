r"""File lookups a rule may make: whether a path named in a data file is an
existing file inside that file's directory tree. Nothing is opened or read.

A path is read alike on every system, so that a branch file checks the same on the
secretary's Windows PC and in Linux CI: ``\`` separates names as ``/`` does
(``evidence\2025\minutes.pdf``, as a Windows user writes it, is a relative path
everywhere; no portable file name holds a backslash), and ``C:\x``, ``C:x``,
``\\server\share`` and ``\x`` are absolute everywhere. A name written with other capitals
than the file's (``Evidence/2025/Minutes.PDF`` for ``evidence/2025/minutes.pdf``) is found by
Windows and missed by Linux: it is ``CASE`` on both.

While a file is judged, its lookups and their answers are recorded: the
results cache keeps them with the verdict and asks again before it reuses it,
so a verdict is reused only while every lookup it rests on answers the same."""

from __future__ import annotations

import enum
import os
import stat
import sys
from pathlib import Path, PureWindowsPath


class Inside(str, enum.Enum):
    OK = "ok"
    MISSING = "missing"
    ABSOLUTE = "absolute"
    OUTSIDE = "outside"  # ../ escaping the tree, or a symlink that leads out
    NOT_FILE = "not_file"
    CASE = "case"  # a file is there, its name spelt with other capitals: Windows finds it, Linux CI does not


IGNORES_CASE = os.path.normcase("A") == "a" or sys.platform == "darwin"  # as Windows and macOS look names up


Lookup = tuple[str, str, str]  # (directory, relative path, what ``inside`` answered)


class Files:
    def __init__(self):
        self.recorded: list[Lookup] | None = None  # a list while a file is judged
        self._root = ("", "")  # the last directory and its real path: files come directory by directory

    def inside(self, directory: Path, relative: str) -> Inside:
        """Where ``relative`` (written in a data file in ``directory``) leads."""
        verdict = self._inside(str(directory), relative)
        if self.recorded is not None:
            self.recorded.append((str(directory), relative, verdict.value))
        return verdict

    def still(self, lookups: tuple[Lookup, ...]) -> bool:
        """Whether every one of ``lookups`` answers as it did."""
        return all(self._inside(directory, relative).value == answer for directory, relative, answer in lookups)

    def _inside(self, directory: str, relative: str) -> Inside:
        if ":" in relative and _windows_absolute(relative):
            return Inside.ABSOLUTE
        relative = relative.replace("\\", "/")  # see the module docstring
        if relative.startswith("/"):
            return Inside.ABSOLUTE
        if self._root[0] != directory:
            self._root = (directory, os.path.realpath(directory))
        root = self._root[1]
        lexical = os.path.normpath(os.path.join(root, relative))
        if not _within(lexical, root):
            return Inside.OUTSIDE
        found = _found(root, lexical)
        if found is Inside.MISSING or (found is Inside.OK and IGNORES_CASE):
            twin = _as_named(root, lexical)
            if twin is not None and twin != lexical:
                return Inside.CASE if _found(root, twin) is Inside.OK else found
        return found


def _found(root: str, lexical: str) -> Inside:
    """What the path ``lexical`` below the real directory ``root`` is, its names as written."""
    walked = _walk(root, lexical)
    if walked is not None:  # no symlink on the way: the lexical path is the real one
        return walked
    real = os.path.realpath(lexical)  # follows symlinks by name only; nothing is opened
    if not _within(real, root):
        return Inside.OUTSIDE
    if not os.path.lexists(lexical) or not os.path.exists(real):
        return Inside.MISSING
    if not os.path.isfile(real):
        return Inside.NOT_FILE
    return Inside.OK


def _as_named(root: str, lexical: str) -> str | None:
    """``lexical`` with each name below ``root`` as the directory lists it, where only its capitals
    differ; None where a name is not there at all (or a directory cannot be listed)."""
    path = root.rstrip(os.sep)
    for name in lexical[len(path) + 1 :].split(os.sep) if lexical != root else ():
        try:
            names = os.listdir(path or os.sep)
        except OSError:
            return None
        if name not in names:
            folded = name.casefold()
            name = next((n for n in sorted(names) if n.casefold() == folded), None)
            if name is None:
                return None
        path += os.sep + name
    return path


def _windows_absolute(relative: str) -> bool:
    """C:\\x, C:x, \\\\server\\share\\x: absolute, or on a drive, to Windows."""
    return PureWindowsPath(relative).is_absolute() or bool(PureWindowsPath(relative).drive)


def _walk(root: str, lexical: str) -> Inside | None:
    """What ``lexical`` (below the real directory ``root``) is, found with one ``lstat`` per
    name below ``root``; None when a symlink is on the way (or a name cannot be looked at), for
    ``realpath`` to follow. The common case needs no ``realpath``, which resolves every name of
    the path (see docs/performance.md)."""
    path = root.rstrip(os.sep)
    mode = 0
    for name in lexical[len(path) + 1 :].split(os.sep) if lexical != root else ():
        path += os.sep + name
        try:
            mode = os.lstat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return Inside.MISSING
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            return None
    return Inside.OK if stat.S_ISREG(mode) else Inside.NOT_FILE


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
