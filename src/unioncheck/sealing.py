"""Sealing a data file: the values of its ``sealable`` fields (as the contract marks them)
replaced by sealed strings (``sealed``), and every other byte of the file kept as it was —
comments, order, quoting, line endings, a byte-order mark.

The loader reports where each value starts and ends in the text (``load(spans=True)``);
each value is replaced at those offsets, so the YAML is never dumped again. A value
already sealed to the target key is left; one sealed to another key is sealed again
only when its private key is given (rotating to a new key), else sealing is refused
(``to_seal``, which a workbook's sealing shares: ``workbook_sealing``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import sealed
from .contract import Contract, format_path, pattern
from .loader import Document, decoded

_PREFIX = re.compile(r"^(?:[&!]\S*\s+)*")  # an anchor or tag before the value, kept


class SealRefused(Exception):
    """Sealing cannot go on; the message says why and what to do, in both languages."""


@dataclass
class Sealing:
    content: bytes  # the file's new bytes
    sealed: int = 0  # values sealed now
    kept: int = 0  # values already sealed to the target key, left as they were
    resealed: int = 0  # values sealed to another key, opened and sealed to the target key
    paths: list = field(default_factory=list)  # the data paths sealed now
    lost: list = field(default_factory=list)  # a workbook's: features the sealed copy does not keep (Text)


def targets(contract: Contract) -> dict[tuple, object]:
    """{path pattern: its ``sealable`` annotation} of the fields the contract lets be sealed."""
    return contract.annotated("sealable")


def _value(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def sealable_values(data, patterns) -> list[tuple[tuple, str]]:
    """(data path, text) of every text value of ``data`` at one of the path ``patterns``, in order."""
    found: list[tuple[tuple, str]] = []

    def walk(node, path: tuple) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, path + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, path + (i,))
        elif isinstance(node, str) and pattern(path) in patterns:
            found.append((path, node))

    walk(data, ())
    return found


def seal_document(
    doc: Document, contract: Contract, public: sealed.PublicKey, open_key: sealed.OpenKey | None = None
) -> Sealing:
    """``doc`` (loaded with ``spans=True``) with every sealable text value sealed to ``public``."""
    patterns = targets(contract)
    bom, text = decoded(doc.source)
    edits, result = [], Sealing(b"")
    seen: set[int] = set()
    for path, (start, end, style) in sorted(doc.spans.items(), key=lambda item: item[1][0]):
        value = _value(doc.data, path)
        if pattern(path) not in patterns or not isinstance(value, str) or start in seen:
            continue
        seen.add(start)  # an alias shares its anchor's value: sealed once
        plain = to_seal(value, path, public, open_key, doc.file, result)
        if plain is None:
            continue
        lead = _PREFIX.match(text[start:end]).end()
        tail = _line_break(text[start:end]) if style in ("|", ">") else ""  # a block scalar ends its line
        edits.append((start + lead, end, f'"{sealed.seal(plain, public)}"{tail}'))
        result.paths.append(path)
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    result.content = bom + text.encode("utf-8")
    return result


def _line_break(span: str) -> str:
    return "\r\n" if span.endswith("\r\n") else "\n" if span.endswith("\n") else ""


def to_seal(value: str, path, public, open_key, file: str, result: Sealing) -> str | None:
    """The text to seal at ``path``, or None when the value is already sealed to ``public``
    (counted in ``result``); ``SealRefused`` for a damaged value or one sealed to another key
    that ``open_key`` does not open."""
    if not sealed.is_sealed(value):
        result.sealed += 1
        return value
    owner = sealed.sealed_key_id(value)
    if owner == public.key_id:
        result.kept += 1
        return None
    where = f"{file}: {format_path(path)}"
    if owner is None:
        raise SealRefused(
            f"{where}：加密值已损坏，请从原始记录重新填写后再加密 / {where}: the sealed value is damaged; write the "
            "original value again and seal it"
        )
    if open_key is None or open_key.key_id != owner:
        raise SealRefused(
            f"{where}：已加密给另一把密钥 {owner}；要改为加密给 {public.key_id}，请用 --open-key 给出 {owner} 的私钥 / "
            f"{where}: already sealed to another key, {owner}; to seal it to {public.key_id} instead, give "
            f"{owner}'s private key with --open-key"
        )
    result.resealed += 1
    return sealed.open_value(value, open_key)
