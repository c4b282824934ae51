"""``--set 字段=值``: the values a new data file starts with, read against the data contract.

A field is named by its Chinese label (``单位类型``), its dotted key (``branch.unit_type``,
``congresses.form`` for the field of every item of a list) or its own key where that names one
field; a value by a word of the field's vocabulary (``卫生院``, ``township_health_center``) or as
the field's type reads it (``45`` for a count), and checked as a file's value is. ``unioncheck
init`` starts its skeleton from them; a command that starts a workbook takes the same option.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, Iterable

from .cli_params import SetupError
from .contract import ANNOTATION, ANY_ITEM, Contract, pattern
from .loader import Document
from .vocabulary import fold, resolved


def note(node: dict) -> dict:
    note = node.get(ANNOTATION)
    return note if isinstance(note, dict) else {}


def field_kind(node: dict) -> str:
    kinds = node.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "object" in kinds or "properties" in node:
        return "object"
    return "list" if "array" in kinds or "items" in node else "scalar"


def fields(contract: Contract) -> dict[tuple, dict]:
    """{path pattern: the field's schema} of every field of the contract, lists and mappings too."""
    found: dict[tuple, dict] = {}

    def walk(node: Any, where: tuple, refs: tuple) -> None:
        node, refs = resolved(node, contract.schema, refs)
        if where and where[-1] != ANY_ITEM:
            found[where] = node
        for key, sub in (node.get("properties") or {}).items():
            walk(sub, where + (key,), refs)
        if isinstance(node.get("items"), dict):
            walk(node["items"], where + (ANY_ITEM,), refs)

    walk(contract.schema, (), ())
    return found


def dotted(where: tuple) -> str:
    return ".".join(part for part in where if part != ANY_ITEM)


_SEPARATOR = re.compile("[=＝]")  # a full-width one too, as a Chinese input method types it


def starter_values(contract: Contract, pairs: Iterable[str]) -> dict[tuple, Any]:
    """{path pattern: value} for ``--set`` pairs ``字段=值``: the field by its Chinese label or its
    dotted key (``branch.unit_type``, ``congresses.form``), the value by a word of the field's
    vocabulary or as the field's type reads it (a number for a count). A field or a value the
    contract does not know is a usage error (exit 2) naming the closest choices."""
    known = fields(contract)
    starters: dict[tuple, Any] = {}
    for pair in pairs:
        parts = _SEPARATOR.split(pair, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip():
            raise SetupError(
                f"--set {pair}：应写成 字段=值，例如 --set 单位类型=卫生院 / "
                f"--set {pair}: write FIELD=VALUE, e.g. --set 单位类型=卫生院"
            )
        name, text = parts[0].strip(), parts[1].strip()
        where = _field(contract, known, name, pair)
        if where in contract.annotated("personal"):  # nothing personal is written from, or echoed to, a terminal
            raise SetupError(
                f"--set {name}=…：{contract.label(where) or dotted(where)}是个人信息，不能用 --set 设定 / "
                f"--set {name}=…: {dotted(where)} holds personal data and is not set with --set"
            )
        starters[where] = _value(contract, where, known[where], text, pair)
    return starters


def _field(contract: Contract, known: dict[tuple, dict], name: str, pair: str) -> tuple:
    """The field ``name`` names: by its label, its dotted key or its own key, where that is one field."""
    names: dict[str, set[tuple]] = {}
    for where in known:
        for word in (contract.label(where), dotted(where), ".".join(where), where[-1]):
            if word:
                names.setdefault(fold(word), set()).add(where)
    meant = names.get(fold(name), set())
    single = {where for where in meant if field_kind(known[where]) == "scalar"}
    if len(single) == 1:
        return next(iter(single))
    if meant and not single:
        raise SetupError(
            f"--set {pair}：“{name}”是一组记录或一个列表，不是单个值；请设它下面的字段 / "
            f"--set {pair}: '{name}' is a list or a group of fields, not a single value: set a field inside it"
        )
    if single:
        keys = sorted(dotted(where) for where in single)
        raise SetupError(
            f"--set {pair}：“{name}”是几个字段的名称（{'、'.join(keys)}），请写点分键名 / "
            f"--set {pair}: '{name}' names several fields ({', '.join(keys)}): give its dotted key"
        )
    labels = sorted({contract.label(w) or dotted(w) for w in known if field_kind(known[w]) == "scalar"})
    near = difflib.get_close_matches(name, labels + sorted({dotted(w) for w in known}), n=3, cutoff=0.4)
    hint_zh = f"，是否应为 {'、'.join(near)}？" if near else f"；可设的字段：{'、'.join(labels)}"
    hint_en = f"; did you mean {', '.join(near)}?" if near else f"; fields: {', '.join(labels)}"
    raise SetupError(f"--set {pair}：没有名为“{name}”的字段{hint_zh} / --set {pair}: no field '{name}'{hint_en}")


def _value(contract: Contract, where: tuple, node: dict, text: str, pair: str) -> Any:
    words = contract.vocabularies.get(where)
    value = words.canonical(text) if words is not None else None
    if value is not None:
        return value
    value = _typed(node, text)  # checked as a file's value is, and answered in the same words
    problems = [p for p in contract.validate(Document("--set", _placed(where, value))) if pattern(p.path) == where]
    if problems:
        message = problems[0].message
        raise SetupError(f"--set {pair}：{message.zh} / --set {pair}: {message.en}")
    return value


def _typed(node: dict, text: str) -> Any:
    """``text`` as the value the field's type reads it as: a whole number for a count."""
    kinds = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
    if ("integer" in kinds or "number" in kinds) and re.fullmatch(r"-?\d{1,15}", text):
        return int(text)
    if "number" in kinds and re.fullmatch(r"-?\d{1,15}\.\d{1,6}", text):
        return float(text)
    return text


def _placed(where: tuple, value: Any) -> Any:
    """A data shaped so that ``value`` stands at the path pattern ``where`` (one item per list)."""
    for part in reversed(where):
        value = [value] if part == ANY_ITEM else {part: value}
    return value


def code_text(value: Any) -> str:
    """A value as its code: the text itself, true or false."""
    return json.dumps(value) if isinstance(value, bool) else str(value)
