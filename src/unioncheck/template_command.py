"""``unioncheck template``: the branch workbook a secretary fills in, empty or prefilled from a branch file.

The workbook is ``writing.build``'s, of the contract the plugins register. It is
written to a new file only: an existing one (or a link of that name) is never
replaced, and nothing is left behind when it cannot be written. ``--from`` reads
a branch file (YAML or a workbook) as ``check`` would and puts its data in; a
file that cannot be read is a usage error (exit 2) saying where and why, with
personal values masked as in any report. The workbook is read back once written
and any value that did not come back as given is named (by its place, never its
value).

``make`` takes ``prefill``, data laid over the rest (the values of ``--set``).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from typing import Any

import click

from .assemble import build_rules
from .cli_params import SetupError, plugin_option
from .contract import Contract, format_path
from .loader import DEFAULT_MAX_BYTES, Document, read_document, shown_path
from .output import _REASONS
from .privacy import Mask

SUFFIX = ".xlsx"
SHOWN_DIFFERENCES = 10


@dataclass
class Made:
    """What ``make`` wrote: the sheets, the records in them, and the data paths not read back as given."""

    sheets: int
    records: int
    different: list[tuple]


@click.command()
@click.option("-o", "--output", type=click.Path(), help="The workbook to write (.xlsx, a new file).")
@click.option(
    "--from",
    "source",
    type=click.Path(),
    help="Prefill it with the data of this branch file (YAML or workbook).",
)
@click.option(
    "--set",
    "pairs",
    multiple=True,
    metavar="字段=值",
    help="A value the workbook starts with, e.g. --set 单位类型=卫生院 --set 会议形式=职工大会 (repeatable).",
)
@plugin_option
def template(output: str | None, source: str | None, pairs: tuple[str, ...], plugins) -> None:
    """Write the branch workbook to fill in with Excel or WPS: the guide, the form, one sheet per
    record kind, with notes, drop-downs and checks (empty, or with the data of --from)."""
    from .starters import starter_values

    refuse_output(output)
    contract = build_rules(plugins)[2]
    made = make(contract, output, source, starters=starter_values(contract, pairs))
    click.echo(_said(output, source, made), err=True)
    if made.different:
        click.echo(_differences(made.different), err=True)


def make(
    contract: Contract,
    output: str,
    source: str | None = None,
    prefill: dict | None = None,
    starters: dict | None = None,
) -> Made:
    """Write the workbook of ``contract`` to the new file ``output``: the values every file has,
    then ``source``'s data, then ``prefill`` over them, then the ``--set`` values (``starters``)."""
    from .workbook import load
    from .writing import build, rows_of, starting

    refuse_output(output)
    layout = contract.layout
    data = starting(layout)
    if source is not None:
        data = merged(data, _data_of(source, contract))
    data = merged(data, prefill or {})
    for where, value in (starters or {}).items():
        started(data, where, value)
    book = build(layout, data)
    write_new(output, _bytes(book))
    back = load(output, layout, max(DEFAULT_MAX_BYTES, os.path.getsize(output) + 1))
    records = sum(len(rows) for name, rows in rows_of(layout, data).items() if name != layout.form.name)
    return Made(len(book.sheetnames), records, differences(data, back.data))


def refuse_output(output: str | None) -> None:
    """A usage error, before anything is read, for an output that is missing, not ``.xlsx``, already
    there, or in a folder that cannot be written."""
    if not output:
        raise SetupError(
            "请用 -o 给出要写入的工作簿，如 -o 石桥镇卫生院.xlsx / give the workbook to write with -o, "
            "such as -o 石桥镇卫生院.xlsx"
        )
    shown = shown_path(output)
    if not output.lower().endswith(SUFFIX):
        raise SetupError(
            f"-o {shown}：模板是 Excel 工作簿，文件名应以 {SUFFIX} 结尾 / -o {shown}: the template is an "
            f"Excel workbook, its name must end in {SUFFIX}"
        )
    if os.path.lexists(output):
        _exists(shown)
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        _unwritable(output, errno.ENOENT if not os.path.exists(folder) else errno.ENOTDIR)
    if not os.access(folder, os.W_OK | os.X_OK):
        _unwritable(output, errno.EACCES)


def write_new(path: str, content: bytes) -> None:
    """Write ``content`` to ``path``, which must not exist (checked again as it is created):
    nothing is left there when writing fails."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except FileExistsError:  # made since it was looked at
        _exists(shown_path(path))
    except OSError as err:
        _unwritable(path, err.errno)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
    except BaseException as err:
        os.unlink(path)
        if isinstance(err, OSError):
            _unwritable(path, err.errno)
        raise


def _exists(shown: str) -> None:
    raise SetupError(
        f"{shown} 已存在，不会覆盖：请换一个文件名，或先移走原文件 / {shown} exists and is not overwritten: "
        "give another name, or move the file away first"
    )


def _unwritable(path: str, code: int | None) -> None:
    zh, en = _REASONS.get(code, ("", os.strerror(code) if code else "cannot write"))
    shown = shown_path(path)
    raise SetupError(f"无法写入 {shown}：{zh or en} / cannot write {shown}: {en}")


def _data_of(source: str, contract: Contract) -> dict:
    """The data of branch file ``source``, or a usage error naming its first problem (masked)."""
    doc = read_document(source, DEFAULT_MAX_BYTES, contract.layout)
    shown = shown_path(source)
    if doc.problems:
        raise SetupError(_unreadable(doc, shown, contract))
    if not isinstance(doc.data, dict):
        raise SetupError(
            f"--from {shown} 不是基层工会数据文件（里面没有数据项）/ --from {shown} is not a branch file "
            "(it holds no fields)"
        )
    return doc.data


def _unreadable(doc: Document, shown: str, contract: Contract) -> str:
    first, more = doc.problems[0], len(doc.problems) - 1
    mask = Mask(contract.personal_values(doc.data) if doc.data is not None else ())
    where = mask.text(str(first.location(shown)))
    zh, en = mask.text(first.message.zh), mask.text(first.message.en)
    if first.line is not None or first.sheet is not None:  # in the file: it can be checked
        zh += (f"（另有 {more} 处）" if more else "") + f"。请先改正（unioncheck check {shown} 列出全部）"
        en += (f" ({more} more)" if more else "") + f"; correct it first (unioncheck check {shown} lists them all)"
    return f"--from {where}：{zh} / --from {where}: {en}"


def merged(base: Any, over: Any) -> Any:
    """``over`` laid over ``base``: objects merged key by key, anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merged(base.get(key), value) if key in base else value
        return out
    return over


def differences(given: Any, back: Any, at: tuple = ()) -> list[tuple]:
    """The data paths of ``given`` whose values ``back`` does not hold as they were. An empty list
    or object holds no value: a workbook has an empty sheet for it, read as none."""
    if given in ([], {}) and back is _MISSING:
        return []
    if isinstance(given, dict) and isinstance(back, dict):
        return [p for key, value in given.items() for p in differences(value, back.get(key, _MISSING), at + (key,))]
    if isinstance(given, list) and isinstance(back, list):
        padded = back + [_MISSING] * (len(given) - len(back))
        return [p for i, value in enumerate(given) for p in differences(value, padded[i], at + (i,))]
    return [] if given == back and type(given) is type(back) else [at]


_MISSING = object()


def _said(output: str, source: str | None, made: Made) -> str:
    shown = shown_path(output)
    if source is None:
        return (
            f"已写入 {shown}：数据填写模板（填写说明和 {made.sheets - 1} 张表）。用 Excel 或 WPS 打开填写，"
            f"填好后运行 unioncheck check {shown} / wrote {shown}: the data-entry workbook (the guide and "
            f"{made.sheets - 1} sheets). Fill it in with Excel or WPS, then run unioncheck check {shown}"
        )
    origin = shown_path(source)
    return (
        f"已写入 {shown}：{origin} 的数据（{made.records} 条记录），可继续填写 / wrote {shown}: the data of "
        f"{origin} ({made.records} records), to go on filling in"
    )


def _differences(paths: list[tuple]) -> str:
    listed = "、".join(format_path(p) for p in paths[:SHOWN_DIFFERENCES])
    more = f" …（共 {len(paths)} 处）/ … ({len(paths)} in all)" if len(paths) > SHOWN_DIFFERENCES else ""
    return (
        "注意：以下内容从工作簿读回时与所给的不同（工作簿中没有它的位置，或写法被改为规范写法），"
        f"请核对：{listed}{more} / "
        f"note: these were not read back from the workbook as given (no place for them, or "
        f"written the standard way): {listed}"
    )


def _bytes(book) -> bytes:
    import io

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def started(data: dict, where: tuple, value) -> None:
    """Put a ``--set`` value at the path pattern ``where``: a field outside lists is set; a field of
    a list's items is given to each item that lacks it, or, where a top-level list has none, to one
    first row (the row the secretary completes: ``会议形式`` already chosen)."""
    if "*" not in where:
        for part in where[:-1]:
            data = data.setdefault(part, {})
        data[where[-1]] = value
        return
    star = where.index("*")
    head, rest = where[:star], where[star + 1 :]
    holder = data
    for part in head[:-1]:
        holder = holder.setdefault(part, {}) if isinstance(holder, dict) else {}
    items = holder.setdefault(head[-1], []) if isinstance(holder, dict) else []
    if not items and "*" not in rest and star == len(head) and len(head) == 1:
        items.append({})
    from .writing import value_at

    for item in items:
        if isinstance(item, dict) and ("*" in rest or value_at(item, rest) is None):
            started(item, rest, value)
