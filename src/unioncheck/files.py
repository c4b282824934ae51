"""File lookups a rule may make: whether a path named in a data file is an
existing file inside that file's directory tree. Nothing is opened or read."""

from __future__ import annotations

import enum
import os
from pathlib import Path, PurePosixPath, PureWindowsPath


class Inside(str, enum.Enum):
    OK = "ok"
    MISSING = "missing"
    ABSOLUTE = "absolute"
    OUTSIDE = "outside"  # ../ escaping the tree, or a symlink that leads out
    NOT_FILE = "not_file"


class Files:
    def inside(self, directory: Path, relative: str) -> Inside:
        """Where ``relative`` (written in a data file in ``directory``) leads."""
        if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() or PureWindowsPath(relative).drive:
            return Inside.ABSOLUTE
        root = os.path.realpath(directory)
        lexical = os.path.normpath(os.path.join(root, relative))
        if not _within(lexical, root):
            return Inside.OUTSIDE
        real = os.path.realpath(lexical)  # follows symlinks by name only; nothing is opened
        if not _within(real, root):
            return Inside.OUTSIDE
        if not os.path.lexists(lexical) or not os.path.exists(real):
            return Inside.MISSING
        if not os.path.isfile(real):
            return Inside.NOT_FILE
        return Inside.OK


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
