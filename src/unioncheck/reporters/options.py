"""What every reporter is told besides the report."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Options:
    lang: str = "zh"
    fail_on: str = "fail"


def display_path(file: str) -> str:
    """A file as a path relative to the working directory where it lies below it, with forward slashes."""
    try:
        return Path(os.path.relpath(file)).as_posix() if not os.path.relpath(file).startswith("..") else Path(file).as_posix()
    except ValueError:  # another drive on Windows
        return Path(file).as_posix()
