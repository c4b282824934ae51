"""Reading a JSON file unioncheck wrote earlier and is given back (a ``--compare`` report, a
``--baseline``): a regular file (a FIFO is never opened) within a size limit, UTF-8, JSON that
is not nested past what Python's reader takes, and of the shape the reader expects. Anything
else is one ``JsonFileError`` naming the file, what is wrong and where, and what was expected.
"""

from __future__ import annotations

import json
import os
import stat
from itertools import islice
from typing import Any, Mapping

from . import validation
from .contract import format_path
from .model import Text
from .paramvalues import expected, shown
from .paths import ZIP_MAGIC, not_text_but_workbook

MAX_BYTES = 1 << 30  # a report of a province is far smaller


class JsonFileError(Exception):
    """The file cannot be used; ``problem`` says why (both languages), without naming the file;
    ``missing``: there is no such file."""

    def __init__(self, problem: Text, missing: bool = False):
        super().__init__(problem.en)
        self.problem, self.missing = problem, missing


def read(path: str, schema: Mapping) -> Any:
    """The data of ``path``, which must match ``schema``."""
    data = _parse(_bytes(path))
    errors = [] if validation.is_valid(schema, data) else list(islice(validation.errors(schema, data), 100))
    if errors:
        error = min(errors, key=lambda e: len(e.absolute_path))
        at = tuple(error.absolute_path)
        place, place_en = (f"{format_path(at)} 处", f"at {format_path(at)}") if at else ("顶层", "at the top")
        if error.validator == "required":
            missing = ", ".join(k for k in error.validator_value if k not in error.instance)
            raise JsonFileError(Text(f"{place}缺少 {missing}", f"{place_en}: {missing} missing"))
        wanted = expected(error.schema)
        raise JsonFileError(
            Text(
                f"{place}应为{wanted.zh}，实际为 {shown(error.instance)}",
                f"{place_en}: expected {wanted.en}, found {shown(error.instance)}",
            )
        )
    return data


def _bytes(path: str) -> bytes:
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode):
            raise JsonFileError(Text("不是普通文件", "not a regular file"))
        if found.st_size > MAX_BYTES:
            raise JsonFileError(Text(f"文件过大（{found.st_size} 字节）", f"too large ({found.st_size} bytes)"))
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as source:
            return source.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise JsonFileError(Text("文件不存在", "file not found"), missing=True) from None
    except OSError as err:
        raise JsonFileError(Text(f"无法读取（{err.strerror}）", f"cannot be read ({err.strerror})")) from None


def _parse(raw: bytes) -> Any:
    if not raw.strip():
        raise JsonFileError(Text("文件是空的", "the file is empty"))
    if raw.startswith(ZIP_MAGIC):
        raise JsonFileError(not_text_but_workbook())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise JsonFileError(
            Text(f"不是 UTF-8 文本（第 {err.start} 字节）", f"not UTF-8 text (byte {err.start})")
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise JsonFileError(
            Text(
                f"不是 JSON（第 {err.lineno} 行第 {err.colno} 列）", f"not JSON (line {err.lineno}, column {err.colno})"
            )
        ) from None
    except ValueError:  # a number too long for Python to read (over 4,300 digits)
        raise JsonFileError(Text("含有位数过多的数字", "holds a number with too many digits")) from None
    except RecursionError:
        raise JsonFileError(Text("嵌套过深", "nested too deeply")) from None
