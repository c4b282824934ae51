"""``unioncheck convert``: a branch file from one form to the other, YAML to a workbook (``.xlsx``)
and back, losing nothing.

Convert never loses data. It writes the new file to a temporary file beside the target,
reads that back the way ``check`` would read it, and compares the data with the
source's as ``check`` reads both (``lossless``: an empty list is no list, comments are
not data, a Chinese label is the value it names: ``Contract.normalize``). Where
anything differs (a field the workbook has no place for, a value that would read back
otherwise) it names each place (``file:line`` or ``sheet!cell``), writes nothing and
exits 1. A source whose problems survive conversion unchanged (a date that is no date)
is converted, and the problems are listed, to be fixed in either form.

``--stdout`` (or ``-`` as the target) prints a workbook's data as YAML: for git's
``textconv``, which shows a workbook's changes as changed lines. It always prints what
it can read, with what it could not as comments at the top: git cannot show a diff when
its textconv command fails.

The data is the user's own file, names and ID numbers included; no message this command
prints quotes a personal value (the contract's personal fields, anything like an ID
number), only the fields and places.

Exit statuses: 0 converted (or printed); 1 not converted: the source cannot be read, or
converting it would lose data (each problem listed); 2 usage: a missing source, a target
that exists, a target of the wrong kind, a folder that cannot be written.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from .assemble import build_rules, refuse_irregular
from .cli_params import SetupError, plugin_option
from .contract import Contract, format_path, pattern
from .loader import DEFAULT_MAX_BYTES, Document, load, read_document
from .lossless import ADDED, LOST, Difference, differences
from .model import Location, Text, display_path
from .output import OutputError, _mode_for, check_writable
from .privacy import Mask
from .yamlwriting import yaml_text

YAML_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # what convert reads as a workbook; it writes .xlsx
SHOWN = 20  # problems listed; the rest are counted


class _NotConverted(Exception):
    """The source cannot be converted: ``lines`` say where and why."""

    def __init__(self, lines: list[str]):
        super().__init__(lines[0] if lines else "")
        self.lines = lines


@click.command()
@click.argument("source")
@click.argument("target", required=False)
@click.option("--stdout", "to_stdout", is_flag=True, help="Print a workbook's data as YAML (for git's textconv).")
@plugin_option
def convert(source: str, target: str | None, to_stdout: bool, plugins) -> None:
    """Convert a branch file: SOURCE.yaml to TARGET.xlsx, or SOURCE.xlsx to TARGET.yaml.

    The result is read back and compared with SOURCE; if any data would be lost or
    changed, nothing is written and each place is named. An existing TARGET is never
    overwritten. With --stdout (or - as TARGET) a workbook is printed as YAML.
    Exit status: 0 converted; 1 not converted (problems listed); 2 usage.
    """
    printing = to_stdout or target == "-"
    _check_source(source, printing)
    if printing and target not in (None, "-"):
        raise SetupError(f"--stdout 与目标文件 {target} 只能给出一个 / give --stdout or the target {target}, not both")
    if not printing:
        target = _check_target(source, target)
    _, _, contract = build_rules(plugins)
    doc = read_document(source, DEFAULT_MAX_BYTES, contract.layout)
    if doc.ok:
        contract.normalize(doc)  # as a check reads it: a Chinese label is the value it names
    if printing:
        sys.stdout.write(textconv(doc, contract))
        return
    try:
        written = convert_file(doc, Path(target), contract)
    except _NotConverted as refused:
        for line in refused.lines:
            click.echo(line, err=True)
        sys.exit(1)
    for line in written:
        click.echo(line, err=True)


def _check_source(source: str, printing: bool) -> None:
    """Refuse, as a usage error, a source that is missing, not a regular file or of no kind convert reads."""
    if not os.path.lexists(source):
        raise SetupError(f"找不到文件 {source}：请检查路径 / no such file: {source}; check the path")
    refuse_irregular([("convert", source)])
    if printing and not source.lower().endswith(WORKBOOK_SUFFIXES):
        raise SetupError(
            f"{source}：--stdout 只打印工作簿（.xlsx）的数据；YAML 文件可以直接查看 / {source}: --stdout prints "
            "a workbook (.xlsx) as YAML; a YAML file can be read as it is"
        )
    if not source.lower().endswith(WORKBOOK_SUFFIXES + YAML_SUFFIXES):
        raise SetupError(
            f"{source}：只能转换 YAML（.yaml、.yml）或工作簿（.xlsx）；.xls、.et、.ods 请先在 Excel 或 WPS 中另存为 "
            f".xlsx / {source}: convert reads YAML (.yaml, .yml) or a workbook (.xlsx); save an .xls, .et or .ods "
            "as .xlsx first (Excel or WPS)"
        )


def _check_target(source: str, target: str | None) -> str:
    to_workbook = source.lower().endswith(YAML_SUFFIXES)
    wanted, wanted_en = ("工作簿 .xlsx", "a workbook (.xlsx)") if to_workbook else ("YAML（.yaml）", "YAML (.yaml)")
    if not target:
        raise SetupError(f"请给出目标文件（{wanted}）/ give the target file: {wanted_en}")
    if not target.lower().endswith((".xlsx",) if to_workbook else YAML_SUFFIXES):
        raise SetupError(
            f"{target}：{source} 应转换为{wanted}，目标文件名请以 {'.xlsx' if to_workbook else '.yaml'} 结尾 / "
            f"{target}: {source} converts to {wanted_en}; end the target's name with "
            f"{'.xlsx' if to_workbook else '.yaml'}"
        )
    if os.path.lexists(target):
        raise SetupError(
            f"{target} 已存在，不会覆盖：请换一个文件名 / {target} exists and is not overwritten: give another name"
        )
    try:
        check_writable(target)
    except OutputError as err:
        raise SetupError(str(err)) from None
    return target


def convert_file(doc: Document, target: Path, contract: Contract) -> list[str]:
    """Write ``doc`` (the source, read) to ``target`` in the other form, once it reads back as the
    same data; the lines saying what was done. Raises ``_NotConverted`` (nothing written)."""
    mask = _mask(contract, doc)
    if not doc.ok:
        raise _NotConverted(_located(doc.problems, doc, mask) + [_not_converted(doc.file)])
    to_workbook = target.suffix.lower() == ".xlsx"
    content = _content(doc, contract, to_workbook, _header(doc.file))
    back = _place(target, content, lambda temporary: _checked(doc, temporary, target, contract, mask))
    source, written = display_path(doc.file), display_path(str(target))
    lines = [
        f"已写入 {written}（由 {source} 转换，已读回核对，数据相同）/ wrote {written} (converted from {source}, "
        "read back: the same data)"
    ]
    carried = contract.validate(back)
    if carried:
        lines += _carried(carried, back, str(target), mask)
    return lines + _twins_note(source, written)


def _content(doc: Document, contract: Contract, to_workbook: bool, header: list[str]) -> bytes:
    if to_workbook:
        from .writing import build

        out = io.BytesIO()
        build(contract.layout, doc.data).save(out)
        return out.getvalue()
    return yaml_text(doc.data, contract.schema, header).encode("utf-8")


def _header(source: str) -> list[str]:
    name = os.path.basename(source)
    return [
        f"本文件由 unioncheck convert 从 {name} 转换而来，数据与原文件相同。",
        f"Converted from {name} by unioncheck convert: the same data.",
    ]


def _read(file: str, as_workbook: bool, contract: Contract) -> Document:
    """``file`` read as a workbook or as YAML, whatever its name (a temporary file's)."""
    if as_workbook:
        from .workbook import load as load_workbook

        return load_workbook(file, contract.layout, DEFAULT_MAX_BYTES)
    return load(file, DEFAULT_MAX_BYTES)


def _checked(doc: Document, temporary: str, target: Path, contract: Contract, mask: Mask) -> Document:
    """The temporary file read back, when it holds ``doc``'s data; else ``_NotConverted``."""
    back = _read(temporary, target.suffix.lower() == ".xlsx", contract)
    if back.ok:
        contract.normalize(back)
    else:  # a value the new form could not hold: its places are in the new file
        raise _NotConverted(_located(back.problems, replace(back, file=str(target)), mask) + [_not_converted(doc.file)])
    found = differences(doc.data, back.data)
    if found:
        lines = [_line(doc.locate(d.path), _difference(d, contract, mask), mask) for d in found[:SHOWN]]
        if len(found) > SHOWN:
            lines.append(f"……还有 {len(found) - SHOWN} 处 / … and {len(found) - SHOWN} more")
        raise _NotConverted(lines + [_not_converted(doc.file)])
    return back


def _place(target: Path, content: bytes, check):
    """Write ``content`` to a temporary file beside ``target``, ``check`` it (by its path), and
    rename it to ``target`` only if ``check`` returns (its answer is returned); never over a file."""
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(target, err) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        answer = check(temporary)
        if os.path.lexists(target):  # made while this ran
            raise SetupError(f"{target} 已存在，不会覆盖 / {target} exists and is not overwritten")
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
        return answer
    except OSError as err:
        raise OutputError(target, err) from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _mask(contract: Contract, doc: Document) -> Mask:
    return Mask(contract.personal_values(doc.data) if doc.data is not None else ())


def _line(location: Location | str, message: Text, mask: Mask) -> str:
    where = location if isinstance(location, str) else _shown(location)
    return mask.text(f"{where}: {message.zh} / {message.en}")


def _shown(location: Location) -> str:
    return str(replace(location, file=display_path(location.file)))


def _located(problems, doc: Document, mask: Mask) -> list[str]:
    lines = [_line(p.location(doc.file), p.message, mask) for p in problems[:SHOWN]]
    if len(problems) > SHOWN:
        lines.append(f"……还有 {len(problems) - SHOWN} 个问题 / … and {len(problems) - SHOWN} more")
    return lines


def _not_converted(file: str) -> str:
    file = display_path(file)
    return (
        f"{file}：以上问题须先在原文件中改正，未转换，未写入任何文件 / {file}: not converted, nothing written: fix "
        "the problems above in the source first"
    )


def _difference(found: Difference, contract: Contract, mask: Mask) -> Text:
    """What would not survive at one place, and what to do about it (a key that is no field's name,
    a person's name typed as a key, is not shown)."""
    field = format_path(tuple(mask.part(part) for part in found.path))
    label = contract.label(found.path)
    return _why(found, f"{field}（{label}）" if label else field, field, contract)


def _why(found: Difference, named: str, field: str, contract: Contract) -> Text:
    if found.kind == LOST and found.before is None:
        return Text(
            f"{named} 为空（null）：工作簿里没有“空值”，转换后这一项就没有了；请删除这一行或填写内容",
            f"{field} is empty (null): a workbook has no empty value, so it would be gone; delete the line or fill "
            "it in",
        )
    if found.kind == LOST and isinstance(found.before, dict) and not differences(found.before, {}):
        return Text(
            f"{named} 是空的一节：工作簿无法保存空的一节；请删除它或填写其中的字段",
            f"{field} is an empty section, which a workbook cannot hold; delete it or fill in its fields",
        )
    if found.kind == LOST and pattern(found.path) not in _places(contract):
        return Text(
            f"{named} 不是数据格式中的字段，工作簿里没有它的位置：请改正字段名（见 unioncheck check）或删除它",
            f"{field} is not a field of the data contract, and a workbook has no place for it: correct its name "
            "(unioncheck check says what it should be) or delete it",
        )
    if found.kind == LOST:
        return Text(f"{named} 转换后读不回来", f"{field} would not be read back")
    if found.kind == ADDED and pattern(found.path) in contract.annotated("default_from"):
        return _defaulted(found, named, field, contract)
    if found.kind == ADDED:
        return Text(
            f"{named} 转换后多出了 {contract.shown(found.path, found.after)}",
            f"{field} would appear as {contract.shown(found.path, found.after)}",
        )
    before, after = contract.shown(found.path, found.before), contract.shown(found.path, found.after)
    return Text(
        f"{named}：{before} 转换后会读作 {after}；请先在原文件中把它改成 {after}（或改正它），再转换",
        f"{field}: {before} would read back as {after}; write it as {after} in the source first (or correct it), "
        "then convert",
    )


def _defaulted(found: Difference, named: str, field: str, contract: Contract) -> Text:
    """A value the source leaves out that a workbook's empty cell takes from the item another field names
    (annotation ``default_from``): the workbook cannot say "not given" there."""
    spec = contract.annotated("default_from")[pattern(found.path)]
    via = contract.label(found.path[:-1] + (spec["via"],)) or spec["via"]
    shown = contract.shown(found.path, found.after)
    return Text(
        f"{named} 没有填写：工作簿中这一格留空就取“{via}”所指那一条的值（{shown}），转换后会多出这个值；"
        "请先在原文件中填写它，再转换",
        f"{field} is not given: a workbook's empty cell there takes the value of the item {spec['via']} names "
        f"({shown}), so it would appear; give it in the source first, then convert",
    )


def _places(contract: Contract) -> set[tuple]:
    """Every field pattern (and every section and list above one) a workbook has a place for."""
    places: set[tuple] = {()}
    for sheet in contract.layout.sheets:
        for column in sheet.columns:
            full = (sheet.list_path or ()) + column.path
            places.update(full[:i] for i in range(len(full) + 1))
    return places


def _carried(problems, back: Document, target: str, mask: Mask) -> list[str]:
    """What the new file says of the problems it carries over from the source, located in it."""
    shown = replace(back, file=target)
    return [
        f"注意：{display_path(target)} 有 {len(problems)} 个数据格式问题（原文件中就有，已原样转换），请在 Excel/WPS "
        "或编辑器中改正，再用 unioncheck check 检查 / note: "
        f"{display_path(target)} has problems with the data contract ({len(problems)}; the source had them, "
        "converted as they are): fix them in Excel, WPS or an editor, then run unioncheck check",
        *_located(problems, shown, mask),
    ]


def _twins_note(source: str, target: str) -> list[str]:
    """A reminder, when the two forms now lie side by side, that checking both is the branch twice."""
    if Path(source).resolve().parent != Path(target).resolve().parent:
        return []
    if Path(source).stem.lower() != Path(target).stem.lower():
        return []
    return [
        f"提示：{source} 与 {display_path(target)} 是同一基层工会的两种形式，一起检查会报“同一基层工会出现两次”："
        "请只保留一种（另一份移出检查的目录）/ note: "
        f"{source} and {display_path(target)} are one branch in two forms, and checking both reports the same "
        "branch twice: keep one of them (move the other out of the folder checked)"
    ]


def textconv(doc: Document, contract: Contract) -> str:
    """A workbook's data as YAML for reading (git's textconv): what could not be read, or would not
    survive, as comments at the top; never an exit status but 0, so that ``git diff`` can show it."""
    from .yamlwriting import comment_safe

    mask = _mask(contract, doc)
    notes = [_line(_cell(p.location(doc.file)), p.message, mask) for p in doc.problems]
    body = ""
    if doc.data is not None:
        body = yaml_text(doc.data, contract.schema)
        notes += _survives(doc, body, contract, mask)
    header = [
        "由工作簿转换而来（unioncheck convert --stdout）/ converted from a workbook (unioncheck convert --stdout)"
    ]
    header += [f"未读取 / not read: {note}" for note in notes]
    return "".join(f"# {comment_safe(line)}\n" for line in header) + ("\n" + body if body else "")


def _cell(location: Location) -> str:
    """A place in the workbook without its file's name (git's textconv names a temporary file)."""
    if location.sheet is None:
        return "(文件 / file)"
    return f"{location.sheet}!{location.cell}" if location.cell else location.sheet


def _survives(doc: Document, body: str, contract: Contract, mask: Mask) -> list[str]:
    """The places where ``body`` would not load back as ``doc``'s data."""
    with tempfile.TemporaryDirectory(prefix="unioncheck-convert-") as folder:
        copy = Path(folder) / "data.yaml"
        copy.write_text(body, "utf-8")
        back = load(str(copy))
    contract.normalize(back)
    if not back.ok:
        return [_line("YAML", p.message, mask) for p in back.problems]
    return [
        _line(_cell(doc.locate(d.path)), _difference(d, contract, mask), mask) for d in differences(doc.data, back.data)
    ]
