"""The user's cache directory for unioncheck: ``$XDG_CACHE_HOME/unioncheck`` (default
``~/.cache/unioncheck``); on Windows ``%LOCALAPPDATA%\\unioncheck`` (default
``%USERPROFILE%\\AppData\\Local\\unioncheck``), where Windows keeps a user's caches, unless
``XDG_CACHE_HOME`` is set there too.

It holds what belongs to the user rather than to a project: the key of the ID-number
pseudonyms. It holds data, never code: nothing in it is ever executed.
"""

from __future__ import annotations

import os
from pathlib import Path

WINDOWS = os.name == "nt"


def described() -> str:
    """Where the directory is, as a person would look for it (for messages)."""
    return "%LOCALAPPDATA%\\unioncheck" if WINDOWS else "$XDG_CACHE_HOME/unioncheck (~/.cache/unioncheck)"


def cache_home() -> Path:
    """The directory; an OSError when there is none to name (no ``$HOME``, as for a container run
    with ``--user`` of an unknown uid). A relative ``$XDG_CACHE_HOME`` or ``%LOCALAPPDATA%`` is
    ignored, as the XDG specification says."""
    configured = os.environ.get("XDG_CACHE_HOME") or ""
    if os.path.isabs(configured):
        return Path(configured) / "unioncheck"
    local = os.environ.get("LOCALAPPDATA") or ""
    if WINDOWS and os.path.isabs(local):
        return Path(local) / "unioncheck"
    if os.environ.get("HOME") == "" and not WINDOWS:
        raise OSError("没有主目录 / no home directory (HOME is empty)")
    try:
        home = Path.home()
    except (RuntimeError, KeyError) as err:
        raise OSError(f"没有主目录 / no home directory ({err})") from None
    if not home.is_absolute():
        raise OSError(f"没有主目录 / no home directory (HOME={home})")
    return home / "AppData" / "Local" / "unioncheck" if WINDOWS else home / ".cache" / "unioncheck"
