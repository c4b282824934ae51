"""File lookups a rule may make: whether a path named in a data file is an
existing file inside that file's directory tree. Nothing is opened or read.

While a file is judged, its lookups and their answers are recorded: the
results cache keeps them with the verdict and asks again before it reuses it,
so a verdict is reused only while every lookup it rests on answers the same."""

from __future__ import annotations

import enum
import os
import stat
from pathlib import Path, PureWindowsPath


class Inside(str, enum.Enum):
    OK = "ok"
    MISSING = "missing"
    ABSOLUTE = "absolute"
    OUTSIDE = "outside"  # ../ escaping the tree, or a symlink that leads out
    NOT_FILE = "not_file"


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
        if relative.startswith("/") or (("\\" in relative or ":" in relative) and _windows_absolute(relative)):
            return Inside.ABSOLUTE
        if self._root[0] != directory:
            self._root = (directory, os.path.realpath(directory))
        root = self._root[1]
        lexical = os.path.normpath(os.path.join(root, relative))
        if not _within(lexical, root):
            return Inside.OUTSIDE
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
