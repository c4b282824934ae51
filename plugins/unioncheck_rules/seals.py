"""Sealed personal data in a branch file (``unioncheck.sealed``): what the HRD rules make of a value
that may be sealed, and the fields that may be.

A hardship file's ``name`` and ``id_number`` may be sealed to the bureau union's public key
(``unioncheck seal``; the contract marks them ``sealable``). A rule sees the sealed text; given
the run's open key (``--open-key``) it may open the value in memory (``opened``), to check or
compare it, and never keeps or shows what it opened. Messages show a sealed value's key id only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from unioncheck import Status, sealed
from unioncheck import Text as T

from .contract import CONTRACT

SEALABLE = tuple(CONTRACT.annotated("sealable"))  # path patterns: ("hardship", "files", "*", "id_number")
HOW_TO_SEAL = "unioncheck seal FILE --in-place --to BUREAU.pub"
HOW_TO_SEAL_BOOK = "unioncheck seal FILE.xlsx --to BUREAU.pub"  # a workbook is sealed to a copy


@dataclass(frozen=True)
class Opened:
    """A value that may be sealed, as a rule may use it: ``plain`` (None when it stays sealed: no
    key given, another key, damaged), and ``problem`` with its ``status`` when it cannot be used."""

    plain: str | None
    key_id: str | None = None  # the key it was sealed to (None: not sealed, or damaged)
    problem: T | None = None
    status: Status | None = None

    @property
    def was_sealed(self) -> bool:
        return self.key_id is not None or self.problem is not None


def opened(value: Any, ctx) -> Opened:
    """``value`` opened with the run's key when it is sealed; as it is otherwise."""
    if not sealed.is_sealed(value):
        return Opened(value)
    try:
        return Opened(ctx.unseal(value), sealed.sealed_key_id(value))
    except sealed.SealedError as err:
        if err.reason == "no-key":
            return Opened(None, err.key_id)
        if err.reason == "other-key":
            return Opened(None, err.key_id, other_key(err.key_id, ctx.open_key.key_id), Status.ERROR)
        return Opened(None, None, DAMAGED, Status.FAIL)


DAMAGED = T(
    "加密值已损坏（无法解开），请按原始记录重新填写后用 unioncheck seal 加密",
    "the sealed value is damaged (it cannot be opened); write the original value again and seal it with "
    "unioncheck seal",
)


def other_key(sealed_to: str, given: str) -> T:
    return T(
        f"加密给了密钥 {sealed_to}，而 --open-key 是密钥 {given} 的私钥，无法解开；请用局工会现用公钥重新加密"
        f"（unioncheck seal --open-key 旧私钥 --to 新公钥.pub）",
        f"sealed to key {sealed_to}, but --open-key is the private key of {given}, which cannot open it; re-seal "
        "it to the bureau's current public key (unioncheck seal --open-key OLD.key --to NEW.pub)",
    )


def sealable_values(data: Any) -> Iterator[tuple[tuple, Any]]:
    """(data path, value) of every field of ``data`` (a branch file's data) that may be sealed."""
    for where in SEALABLE:
        yield from _matching(data, where, ())


def _matching(node: Any, where: tuple, path: tuple) -> Iterator[tuple[tuple, Any]]:
    if not where:
        yield path, node
        return
    head, rest = where[0], where[1:]
    if head == "*":
        for i, item in enumerate(node if isinstance(node, list) else ()):
            yield from _matching(item, rest, path + (i,))
    elif isinstance(node, dict) and head in node:
        yield from _matching(node[head], rest, path + (head,))
