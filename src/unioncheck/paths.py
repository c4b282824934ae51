"""Paths as the operating system compares them, and the files an office suite keeps beside an open document.

A secretary runs unioncheck on a Windows office PC, a maintainer in Linux CI: whether two
paths name one file, or a file lies in a folder, must be answered as each system answers it.

- ``real(path)``: the real path (symlinks and ``..`` resolved), in the form the file system
  compares: on Windows without case, ``/`` as ``\\`` (``os.path.normcase``), so that
  ``-f json:Report.JSON`` and ``-f sarif:report.json`` are seen to be one file there, as they are.
- ``within(path, folder)``: whether a real path lies in (or is) a real folder, by whole names
  (``data-old`` is not in ``data``).
- ``lock_files(path)``: the lock files Excel and WPS (``~$石桥.xlsx``) and LibreOffice
  (``.~lock.石桥.xlsx#``) keep beside a document while it is open; ``is_lock_file(name)``;
  ``open_in_office(path)``, what to tell a person whose file is open;
- ``not_text_but_workbook()``: what a workbook given where a text file is read (``--waivers``,
  ``--baseline``, a ``.yaml`` that is a renamed ``.xlsx``) is told: what it is, not an encoding.
"""

from __future__ import annotations

import os

from .model import Text

LOCK_PREFIXES = ("~$", ".~lock.")
ZIP_MAGIC = b"PK\x03\x04"  # how a workbook (an .xlsx is a zip of XML parts) begins


def real(path) -> str:
    """``path`` resolved, as the file system compares names (see the module docstring)."""
    return os.path.normcase(os.path.realpath(path))


def within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies below it (both as ``real`` gives them)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def is_lock_file(name: str) -> bool:
    """Whether the file ``name`` (a base name) is an office suite's lock file of an open document."""
    return name.startswith(LOCK_PREFIXES)


def lock_files(path) -> list[str]:
    """The lock files beside ``path`` that say it is open in Excel, WPS or LibreOffice now."""
    folder, name = os.path.split(os.fspath(path))
    candidates = [f"~${name}", f".~lock.{name}#"]
    return [os.path.join(folder, c) for c in candidates if os.path.lexists(os.path.join(folder, c))]


def open_in_office(path) -> str | None:
    """What to tell a person whose ``path`` is open in an office suite (a lock file beside it), or None."""
    for lock in lock_files(path):
        name = os.path.basename(lock)
        return (
            f"{os.fspath(path)} 正在 Excel 或 WPS 中打开（旁边有 {name}）：请保存并关闭它，再运行；如果它并没有打开，"
            f"删除 {name} / {os.fspath(path)} is open in Excel or WPS ({name} is beside it): save and close it, then "
            f"run again; if it is not open, delete {name}"
        )
    return None


def not_text_but_workbook() -> Text:
    return Text(
        "这是 Excel 工作簿（或 zip 压缩包），不是文本文件：请给出 YAML/JSON 文件；基层工会的工作簿请用 .xlsx 扩展名",
        "this is an Excel workbook (or a zip archive), not a text file: give the YAML or JSON file; a branch's "
        "workbook is read as one when its name ends in .xlsx",
    )
