"""``unioncheck init``: a commented Chinese skeleton of a data file, for those who write YAML by hand.

Everything in it comes from the data contract's schema and its annotations (the engine knows no
field by name): each field in schema order with its Chinese label, its description and, for a
field with a vocabulary, the words to choose from; a required value as a placeholder the schema
accepts and no one takes for data (待填写, 0, the first day a date may have); an optional one
commented out; every list empty (``[]``) with a commented example item below it showing every
field of an item. The skeleton loads and passes the schema as written; it passes no rule until it
is filled in.

Choices that shape it are given as ``--set 字段=值`` (the field by its Chinese label or its dotted
key, the value by its label or its code): ``starter_values`` reads them, for any command that
starts a file from the contract. ``init`` never writes over a file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import click
import yaml

from . import validation
from .cli_params import SetupError, plugin_option
from .contract import ANNOTATION, ANY_ITEM, Contract
from .loader import NOT_BRANCH_FILES, load
from .model import YEARS
from .starters import code_text, dotted, field_kind, note, starter_values
from .vocabulary import resolved

PLACEHOLDERS = ("待填写", "TODO", "X")  # a text to fill in, the first the field's schema accepts
COMMENT_COLUMN = 40  # where the comments of a block start, in display columns
SUFFIXES = (".yaml", ".yml")


@dataclass
class _Row:
    left: str  # the line up to its comment, "# " included where the line is commented out
    comment: str = ""


@dataclass
class _Writer:
    """The rows of a skeleton, field by field in schema order: live (written for real) at the top,
    commented out inside a list's example item (``base``: where its "# " stands; ``inner``: the
    indentation the line has once the "# " is deleted, counted from there)."""

    contract: Contract
    starters: dict[tuple, Any]
    year: int
    rows: list[_Row] = field(default_factory=list)
    placeholders: set[str] = field(default_factory=set)

    def document(self) -> None:
        root = self.contract.schema
        for key, sub in (root.get("properties") or {}).items():
            node, refs = _field(sub, root, ())
            if self.rows and field_kind(node) != "scalar":
                label = note(node).get("label") or key
                self.rows += [_Row(""), _Row(f"# {label}" + (f"：{_zh(node)}" if _zh(node) else ""))]
            self.live(key, node, (key,), 0, key in root.get("required", ()), refs, _conditions(root, root))

    def live(self, key: str, node: dict, where: tuple, indent: int, required: bool, refs: tuple, when: dict) -> None:
        """A field as written for real: a placeholder where required, commented out where optional;
        a mapping with its fields; a list empty, with a commented example item."""
        pad, kind, comment = " " * indent, field_kind(node), self.comment(node, where, required, when)
        if kind == "object":
            self.rows.append(_Row(f"{pad}{key}:", comment))
            self.fields(node, where, refs, live=True, base=indent + 2, inner=0)
        elif kind == "list":
            self.rows.append(_Row(f"{pad}{key}: []", f"{comment}；删去 [] 再按下面示例填写"))
            self.item(node, where, refs, base=indent + 2, inner=0)
        else:
            value = self.value(node, where, live=required)
            self.rows.append(_Row(f"{pad}{key}: {value}" if required else f"{pad}# {key}: {value}", comment))

    def fields(self, node: dict, where: tuple, refs: tuple, live: bool, base: int, inner: int) -> None:
        required, when = set(node.get("required", ())), _conditions(node, self.contract.schema)
        for key, sub in (node.get("properties") or {}).items():
            child, child_refs = _field(sub, self.contract.schema, refs)
            if live:
                self.live(key, child, where + (key,), base + inner, key in required, child_refs, when)
            else:
                self.example(key, child, where + (key,), key in required, child_refs, when, base, inner)

    def item(self, node: dict, where: tuple, refs: tuple, base: int, inner: int) -> None:
        """The commented example item of the list ``node``: its first line ``# - …``."""
        items, refs = _field(node.get("items") or {}, self.contract.schema, refs)
        start, here = len(self.rows), where + (ANY_ITEM,)
        if field_kind(items) == "object":
            self.fields(items, here, refs, live=False, base=base, inner=inner + 2)
        else:
            self.rows.append(_Row(_commented(base, inner + 2, self.value(items, here, live=False))))
        if len(self.rows) > start:  # the item's first line carries its '-'
            first, at = self.rows[start], base + 2 + inner
            first.left = first.left[:at] + "- " + first.left[at + 2 :]

    def example(self, key: str, node: dict, where: tuple, required: bool, refs: tuple, when: dict, base, inner):
        kind, comment = field_kind(node), self.comment(node, where, required, when)
        if kind == "scalar":
            self.rows.append(_Row(_commented(base, inner, f"{key}: {self.value(node, where, live=False)}"), comment))
            return
        self.rows.append(_Row(_commented(base, inner, f"{key}:"), comment))
        if kind == "object":
            self.fields(node, where, refs, live=False, base=base, inner=inner + 2)
        else:
            self.item(node, where, refs, base=base, inner=inner + 2)

    def value(self, node: dict, where: tuple, live: bool) -> str:
        """What a field holds: its ``--set`` value, else the first of its vocabulary (as its label),
        else a placeholder (``live``) or an example of its form."""
        words = self.contract.vocabularies.get(where)
        if where in self.starters:
            given = self.starters[where]
            return _shown(words.label(code_text(given)) if words and code_text(given) in words.choices else given)
        if words is not None and words.choices:
            return _shown(words.label(next(iter(words.choices))))
        value = _example(node, live, self.year)
        if live and "const" not in node and not isinstance(value, bool):
            self.placeholders.add(str(value))
        return _shown(value)

    def comment(self, node: dict, where: tuple, required: bool, when: dict) -> str:
        """The field's label, whether it must be given (said of a single value, or where another
        field's value requires it), and its choices or its description."""
        label = note(node).get("label") or where[-1]
        need = when.get(where[-1]) or (None if field_kind(node) != "scalar" else "必填" if required else "选填")
        words = self.contract.vocabularies.get(where)
        about = _zh(node).removeprefix(label).lstrip("，：:, ")
        if words is not None:
            about = " | ".join(words.label(code) for code in words.choices) + ("" if words.closed else " 或其他代码")
        return label + (f"（{need}）" if need else "") + (f"：{about}" if about else "")


def _commented(base: int, inner: int, text: str) -> str:
    """A line commented out so that deleting its "# " leaves it indented ``base + inner``."""
    return " " * base + "# " + " " * inner + text


def _field(sub: Any, root: dict, refs: tuple) -> tuple[dict, tuple]:
    """A field's schema as the skeleton describes it: a date without a description of its own
    takes none from the date's definition (which every date shares), only YYYY-MM-DD."""
    node, refs = resolved(sub, root, refs)
    if node.get("format") == "date":
        own = _zh(sub) if isinstance(sub, dict) else ""
        node["description"] = f"{own}，YYYY-MM-DD" if own and "YYYY" not in own else own or "YYYY-MM-DD"
    return node, refs


def _conditions(node: dict, root: dict) -> dict[str, str]:
    """{field: 必填 when} for the fields an ``if``/``then`` of ``node`` requires when another has a value."""
    test, then = node.get("if"), node.get("then")
    if not (isinstance(test, dict) and isinstance(then, dict)):
        return {}
    tested = [
        (k, v["const"]) for k, v in (test.get("properties") or {}).items() if isinstance(v, dict) and "const" in v
    ]
    if len(tested) != 1:
        return {}
    key, value = tested[0]
    sub, _ = resolved((node.get("properties") or {}).get(key, {}), root)
    words = (note(sub).get("values") or {}).get(value) or [value]
    label = note(sub).get("label") or key
    return {name: f"{label}为{words[0]}时必填" for name in then.get("required", ())}


def _zh(node: dict) -> str:
    """The Chinese half of a bilingual description (``中文 / English``)."""
    description = node.get("description")
    return description.split(" / ")[0].strip() if isinstance(description, str) else ""


def _example(node: dict, live: bool, year: int) -> Any:
    """A value the field's schema accepts: in a live field a placeholder (the first day a date may
    have, the least number, 待填写), in an example item something of the right form."""
    clean = {k: v for k, v in node.items() if k != ANNOTATION}
    kinds = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
    if "const" in node:
        candidates: list[Any] = [node["const"]]
    elif isinstance(node.get("enum"), list):
        candidates = list(node["enum"])
    elif node.get("format") == "date":
        candidates = [f"{YEARS.start}-01-01" if live else f"{year}-01-01"]
    elif "boolean" in kinds:
        candidates = [True]
    elif ("integer" in kinds or "number" in kinds) and "string" not in kinds:
        candidates = [node.get("minimum", 0), 0, 1]
    else:
        candidates = list(PLACEHOLDERS) + list(node.get("examples") or [])
    valid = [c for c in candidates if validation.is_valid(clean, c)]
    return valid[0] if valid else candidates[0]


_PLAIN = re.compile(r"[^\s#:'\"{}\[\],&*!|>%@`?-][^#]*")


def _shown(value: Any) -> str:
    """``value`` as YAML reads it back the same: plain where that is safe, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if validation.FORMATS["date"](text):
        return text
    plain = _PLAIN.fullmatch(text) and text == text.strip() and ": " not in text
    if plain and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def skeleton(contract: Contract, starters: dict[tuple, Any], name: str, year: int) -> tuple[str, set[str]]:
    """The text of a commented skeleton for a file called ``name``, and the placeholders it holds."""
    writer = _Writer(contract, starters, min(max(year, YEARS.start), YEARS.stop - 1))
    writer.document()
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # one comment line, whatever it is
    title = contract.schema.get("title") or contract.name
    shown = sorted(writer.placeholders)
    lines = [
        f"# {name}：{title}",
        "# 由 unioncheck init 生成 / made by unioncheck init",
        "#",
        "# 填写说明 / how to fill it in:",
        f"# - 请把占位值（{'、'.join(shown)}）改成实际内容；改好之前，本文件通不过检查。",
        f"#   Replace the placeholders ({', '.join(shown)}) with the real values; until then it fails the checks.",
        '# - 开头是“# ”的字段为选填：要填写时删去“# ”。/ A field after "# " is optional: delete the "# " to fill it.',
        "# - 列表写作 []：要添加一项，删去 []，再删去下面示例各行开头的“# ”并填写；几项就复制几份。",
        '#   A list is []: to add an item, delete the [] and the "# " of each example line below, then fill it in.',
        "# - 可选值写中文名称或代码均可。/ A choice may be written as its Chinese name or its code.",
        "# - 缩进只用半角空格，不要用 Tab 或全角空格；冒号用半角“:”，后加一个空格。",
        "#   Indent with spaces only, never tabs or full-width spaces; an ASCII colon and a space after a key.",
        f"# - 填好后检查 / then check: unioncheck check {name}",
        "",
    ]
    for row in writer.rows:
        if not row.comment:
            lines.append(row.left.rstrip())
            continue
        gap = max(COMMENT_COLUMN - _width(row.left), 2)
        lines.append(f"{row.left}{' ' * gap}# {row.comment}")
    return "\n".join(lines) + "\n", writer.placeholders


# ---- the command ----


@click.command()
@click.option("-o", "--output", required=True, help="The file to write (.yaml); '-' writes to stdout.")
@click.option(
    "--set",
    "pairs",
    multiple=True,
    metavar="字段=值",
    help="A value the skeleton starts with, e.g. --set 单位类型=卫生院 --set 会议形式=职工大会 (repeatable).",
)
@plugin_option
def init(output: str, pairs: tuple[str, ...], plugins) -> None:
    """Write a commented Chinese skeleton of a branch file, from the data contract (never over a file)."""
    from .assemble import build_rules

    if output != "-":
        _refuse_target(output)
    _, _, contract = build_rules(plugins)
    starters = starter_values(contract, pairs)
    name = "branch.yaml" if output == "-" else os.path.basename(output)
    text, placeholders = skeleton(contract, starters, name, dt.date.today().year)
    _check_valid(contract, text)
    if output == "-":
        click.echo(text, nl=False)
        return
    _write_new(output, text)
    click.echo(_written(contract, output, starters, placeholders), err=True)


def _written(contract: Contract, output: str, starters: dict[tuple, Any], placeholders: set[str]) -> str:
    """What was written where, the values it starts with, and what to do next: in both languages."""
    zh = [f"{contract.label(w) or dotted(w)}：{_word(contract, w, v)}" for w, v in starters.items()]
    en = [f"{dotted(w)}={code_text(v)}" for w, v in starters.items()]
    shown = sorted(placeholders)
    return (
        f"已写入数据文件骨架 {output}"
        + (f"（{'；'.join(zh)}）" if zh else "")
        + f"。请把占位值（{'、'.join(shown)}）改成实际内容，再运行 unioncheck check {output} / "
        f"wrote a branch file skeleton to {output}"
        + (f" ({', '.join(en)})" if en else "")
        + f": replace the placeholders ({', '.join(shown)}) with the real values, then run unioncheck check {output}"
    )


def _word(contract: Contract, where: tuple, value: Any) -> str:
    words = contract.vocabularies.get(where)
    return words.label(code_text(value)) if words and code_text(value) in words.choices else code_text(value)


def _refuse_target(output: str) -> None:
    """A usage error for a target that exists (nothing is overwritten), that checking a folder would
    not read as a branch file, or whose folder cannot be written in."""
    name, folder = os.path.basename(output), os.path.dirname(os.path.abspath(output))
    if os.path.lexists(output):
        problem = ("已存在，不会覆盖：请换一个文件名", "exists and is not overwritten: give another name")
    elif not name.endswith(SUFFIXES) or name in NOT_BRANCH_FILES or name.startswith("."):
        problem = (
            "数据文件名须以 .yaml 或 .yml 结尾（不以 . 开头，不是 unioncheck.yaml），检查文件夹时才会读到它",
            "name a branch file *.yaml or *.yml (not hidden, not unioncheck.yaml): checking its folder reads it",
        )
    elif not os.path.isdir(folder):
        problem = ("所在文件夹不存在，请先建好", "its folder does not exist: create it first")
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = ("没有写入该文件夹的权限，请换一个文件夹", "no permission to write in its folder: choose another")
    else:
        return
    raise SetupError(f"-o {output}：{problem[0]} / -o {output}: {problem[1]}")


def _check_valid(contract: Contract, text: str) -> None:
    """The skeleton loads and passes the schema as written; anything else is unioncheck's own fault."""
    handle, path = tempfile.mkstemp(suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        doc = load(path)
        if doc.ok:
            contract.normalize(doc)
            doc.problems.extend(contract.validate(doc))
    finally:
        os.unlink(path)
    if doc.problems:
        first = doc.problems[0]
        raise RuntimeError(f"the skeleton does not pass its own schema: line {first.line}: {first.message.en}")


def _write_new(path: str, text: str) -> None:
    """``text`` into a new file at ``path``, whole or not at all: written beside it, then linked in
    place, which fails when the name exists (a file made meanwhile is not overwritten either)."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".unioncheck-init-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise SetupError(f"{path} 已存在，不会覆盖 / {path} exists and is not overwritten") from None
        except OSError:  # a file system without hard links (FAT): create it exclusively instead
            _write_exclusive(path, text)
    finally:
        os.unlink(temporary)


def _write_exclusive(path: str, text: str) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except FileExistsError:
        raise SetupError(f"{path} 已存在，不会覆盖 / {path} exists and is not overwritten") from None
    except OSError as err:
        raise SetupError(f"无法写入 {path} / cannot write {path}: {err.strerror}") from None
    with os.fdopen(descriptor, "wb") as out:
        out.write(text.encode("utf-8"))
