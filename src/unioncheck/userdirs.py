"""The user's cache directory for unioncheck: ``$XDG_CACHE_HOME/unioncheck`` (default ``~/.cache/unioncheck``).

It holds what belongs to the user rather than to a project: the key of the ID-number
pseudonyms. It holds data, never code: nothing in it is ever executed.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "unioncheck"
