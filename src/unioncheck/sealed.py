"""Sealed strings: a value encrypted to one public key, which only its private key opens.

A sealed value is the text ``sealed:v1:<keyid>:<base64>``: an anonymous sealed box
(libsodium's ``crypto_box_seal``, through PyNaCl) of the value's UTF-8 bytes, padded
to a multiple of 32 bytes so that every short value (a name, an ID number) seals to
the same length. ``keyid`` names the public key (12 hex digits of a SHA-256 of it):
it says which private key opens the value, and nothing of the value.

Key files are one line of text each: ``unioncheck-public-key:v1:<base64>`` (the
``.pub`` file, which may be shared) and ``unioncheck-open-key:v1:<base64>`` (the
private key, which opens every value sealed to its public key).

The engine knows nothing of which values are sealed: the data contract marks them
(``sealable``). PyNaCl is imported only by the functions that seal, open or make keys,
so that a run without sealed data does not load it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property

PREFIX = "sealed:v1:"
PUBLIC_TAG = "unioncheck-public-key:v1:"
PRIVATE_TAG = "unioncheck-open-key:v1:"
KEY_BYTES = 32
BLOCK = 32  # plaintexts are padded to a multiple of this
OVERHEAD = 48  # what a sealed box adds: an ephemeral public key and a MAC
_SHAPE = re.compile(r"^sealed:v1:([0-9a-f]{12}):([A-Za-z0-9+/]+={0,2})$")
MOST_KEY_FILE_BYTES = 4096


class KeyFileError(Exception):
    """A key file that cannot be used; the message names the file and says what to do, in both languages."""


class SealedError(Exception):
    """A sealed value that cannot be opened; ``reason`` is one of "damaged", "other-key", "no-key"."""

    def __init__(self, reason: str, key_id: str | None = None):
        super().__init__(reason)
        self.reason, self.key_id = reason, key_id


def key_id(public: bytes) -> str:
    return hashlib.sha256(b"unioncheck-sealed-v1:" + public).hexdigest()[:12]


@dataclass(frozen=True)
class PublicKey:
    raw: bytes

    @property
    def key_id(self) -> str:
        return key_id(self.raw)

    def text(self) -> str:
        return PUBLIC_TAG + base64.b64encode(self.raw).decode("ascii") + "\n"


@dataclass(frozen=True)
class OpenKey:
    """A private key, held in memory only; its repr never shows it."""

    raw: bytes = field(repr=False)

    @cached_property
    def public(self) -> PublicKey:
        from nacl.public import PrivateKey

        return PublicKey(bytes(PrivateKey(self.raw).public_key))

    @cached_property
    def key_id(self) -> str:
        return self.public.key_id

    def text(self) -> str:
        return PRIVATE_TAG + base64.b64encode(self.raw).decode("ascii") + "\n"


def is_sealed(value) -> bool:
    """Whether ``value`` is meant as a sealed string (a damaged one included: see ``problem``)."""
    return isinstance(value, str) and value.startswith(PREFIX)


def sealed_key_id(value: str) -> str | None:
    """The key id a sealed value names, or None when the value is damaged."""
    found = _SHAPE.match(value)
    return found.group(1) if found and _payload(found.group(2)) is not None else None


def shown(value: str) -> str:
    """A sealed value as messages show it: its key id, not its long payload."""
    found = _SHAPE.match(value)
    return f"{PREFIX}{found.group(1)}:…" if found else f"{PREFIX}…"


def _payload(text: str) -> bytes | None:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) >= OVERHEAD + BLOCK and (len(raw) - OVERHEAD) % BLOCK == 0 else None


def _pad(data: bytes) -> bytes:
    data += b"\x80"
    return data + b"\0" * (-len(data) % BLOCK)


def _unpad(data: bytes) -> bytes | None:
    end = data.rstrip(b"\0")
    return end[:-1] if end.endswith(b"\x80") else None


def seal(value: str, public: PublicKey) -> str:
    """``value`` sealed to ``public``."""
    from nacl.public import PublicKey as NaclPublic
    from nacl.public import SealedBox

    box = SealedBox(NaclPublic(public.raw)).encrypt(_pad(value.encode("utf-8")))
    return f"{PREFIX}{public.key_id}:{base64.b64encode(bytes(box)).decode('ascii')}"


def open_value(value: str, key: OpenKey | None) -> str:
    """The text sealed in ``value``, opened in memory with ``key``; ``SealedError`` when it cannot be."""
    found = _SHAPE.match(value)
    payload = _payload(found.group(2)) if found else None
    if payload is None:
        raise SealedError("damaged")
    if key is None:
        raise SealedError("no-key", found.group(1))
    if found.group(1) != key.key_id:
        raise SealedError("other-key", found.group(1))
    from nacl.exceptions import CryptoError
    from nacl.public import PrivateKey, SealedBox

    try:
        padded = SealedBox(PrivateKey(key.raw)).decrypt(payload)
    except CryptoError:
        raise SealedError("damaged", found.group(1)) from None
    plain = _unpad(padded)
    if plain is None:
        raise SealedError("damaged", found.group(1))
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError:
        raise SealedError("damaged", found.group(1)) from None


WORKBOOKS = (".xlsx", ".xlsm")  # sealed to a copy, never in place (``workbook_sealing``)
COPY_INFIX = ".sealed"


def copy_name(file: str) -> str:
    """The name of a workbook's sealed copy: ``石桥.xlsx`` -> ``石桥.sealed.xlsx``."""
    stem, suffix = os.path.splitext(file)
    return f"{stem}{COPY_INFIX}{suffix}"


def copies_of_originals(names: list[str]) -> set[str]:
    """Those of ``names`` (one folder's files) that are the sealed copy of another of them: the same
    branch twice, which a folder walk reads once, as the workbook it was made from."""
    present = {name.lower() for name in names}
    return {
        name
        for name in names
        if name.lower().endswith(WORKBOOKS)
        and os.path.splitext(name)[0].lower().endswith(COPY_INFIX)
        and (os.path.splitext(name)[0][: -len(COPY_INFIX)] + os.path.splitext(name)[1]).lower() in present
    }


def seal_command(file: str) -> tuple[str, str]:
    """What to run to seal ``file``, in Chinese and English: a YAML file in place, a workbook to a
    copy beside it (``X.sealed.xlsx``), which is the file to submit."""
    if not file.lower().endswith(WORKBOOKS):
        return (
            f"unioncheck seal {file} --in-place --to 局工会公钥.pub",
            f"unioncheck seal {file} --in-place --to BUREAU.pub",
        )
    copy = copy_name(file)
    return (
        f"unioncheck seal {file} --to 局工会公钥.pub，并提交它写出的 {copy}（代替 {file}）",
        f"unioncheck seal {file} --to BUREAU.pub and submit the {copy} it writes (in place of {file})",
    )


def keygen() -> OpenKey:
    from nacl.public import PrivateKey

    return OpenKey(bytes(PrivateKey.generate()))


def read_public(path: str) -> PublicKey:
    """The public key in the file ``path`` (``--to``)."""
    text = _key_text(path, "公钥 / public key")
    if text.startswith(PRIVATE_TAG):
        raise KeyFileError(
            f"{path}：这是私钥（解密密钥），不是公钥；加密只需要 .pub 公钥文件，私钥请只留在局工会 / "
            f"{path}: this is a private (open) key, not a public key; sealing needs only the .pub file, and the "
            "private key stays with the bureau union"
        )
    return PublicKey(_key_bytes(path, text, PUBLIC_TAG, "unioncheck keygen 生成的 .pub 文件", "a .pub file"))


def read_private(path: str) -> OpenKey:
    """The private key in the file ``path`` (``--open-key``)."""
    text = _key_text(path, "私钥 / open key")
    if text.startswith(PUBLIC_TAG):
        raise KeyFileError(
            f"{path}：这是公钥，只能加密、不能解密；--open-key 需要局工会的私钥文件（unioncheck keygen 生成的 .key）/ "
            f"{path}: this is a public key, which seals but cannot open; --open-key needs the bureau union's "
            "private key file (the .key that unioncheck keygen wrote)"
        )
    return OpenKey(_key_bytes(path, text, PRIVATE_TAG, "unioncheck keygen 生成的 .key 文件", "a .key file"))


def private_from_text(text: str, where: str) -> OpenKey:
    """A private key given as its text itself (a CI secret in ``UNIONCHECK_OPEN_KEY``)."""
    text = text.strip()
    if text.startswith(PUBLIC_TAG):
        raise KeyFileError(
            f"{where} 是公钥，不能解密；请给出私钥 / {where} holds a public key, which cannot open: "
            "give the private key"
        )
    return OpenKey(_key_bytes(where, text, PRIVATE_TAG, "私钥文本", "the private key's text"))


def _key_text(path: str, kind: str) -> str:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise KeyFileError(f"{path}：密钥文件不存在 / no such key file ({kind}); check the path") from None
    except OSError as err:
        raise KeyFileError(f"{path}：无法读取密钥文件 / cannot read the key file: {err.strerror}") from None
    if not stat.S_ISREG(mode):
        raise KeyFileError(f"{path}：不是普通文件 / the key file is not a regular file ({kind})")
    try:
        with open(path, "rb") as source:
            raw = source.read(MOST_KEY_FILE_BYTES + 1)
    except OSError as err:
        raise KeyFileError(f"{path}：无法读取密钥文件 / cannot read the key file: {err.strerror}") from None
    try:
        return raw.decode("ascii").strip()
    except UnicodeDecodeError:
        return ""  # not a key file: said so by _key_bytes


def _key_bytes(where: str, text: str, tag: str, zh_kind: str, en_kind: str) -> bytes:
    raw = None
    if text.startswith(tag):
        try:
            raw = base64.b64decode(text[len(tag) :], validate=True)
        except (binascii.Error, ValueError):
            raw = None
    if raw is None or len(raw) != KEY_BYTES:
        got = "" if raw is None else f"（解出 {len(raw)} 字节）"
        got_en = "" if raw is None else f" (it decodes to {len(raw)} bytes)"
        raise KeyFileError(
            f"{where}：不是 unioncheck 的密钥{got}，应为一行 {tag}<{KEY_BYTES} 字节的 base64>（{zh_kind}）/ "
            f"{where}: not a unioncheck key{got_en}; expected one line {tag}<base64 of {KEY_BYTES} bytes> "
            f"({en_kind} written by unioncheck keygen)"
        )
    return raw
