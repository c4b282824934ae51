"""What of a data file may be quoted back in a message.

Personal data never is: a value under a personal field (the contract names
them: ``Contract.personal_fields``) is hidden, and so is a key that does not
look like a field name (a person's name typed as a key).
"""

from __future__ import annotations

import json
import re
from typing import Any

HIDDEN = "（已隐藏 / hidden）"
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,40}$")


def shown_value(path: tuple, value: Any, personal: frozenset[str]) -> str:
    """The offending value as short text, unless it sits under a field named in ``personal``."""
    if any(part in personal for part in path if isinstance(part, str)):
        return HIDDEN
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def shown_key(key: Any) -> str:
    return f"'{key}'" if isinstance(key, str) and _FIELD_NAME.match(key) else HIDDEN


def pointer_part(part: Any) -> str:
    """One step of a JSON Pointer to a value, with a key that is not a field name hidden."""
    if isinstance(part, str) and not _FIELD_NAME.match(part):
        return "~hidden"
    return str(part).replace("~", "~0").replace("/", "~1")
