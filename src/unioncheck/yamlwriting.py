"""A document as a YAML branch file: the text ``unioncheck convert`` writes, which ``loader.load``
reads back as equal data.

The text is meant to be read and edited by a person, and compared by ``git diff``:

- keys in the contract's order (the schema's property order; a key the schema does not
  know comes after the known ones, as it was found);
- block style, two spaces of indentation, list items indented under their key, one value a
  line, never wrapped, so that a changed value is one changed line;
- dates as plain ISO scalars (``2025-03-14``) in the fields the schema marks
  ``format: date``;
- text quoted only where YAML would read it as another value: a number (``046``,
  ``1_000``, ``1:30``), true or false (``yes``, ``off``), null (``~``), a date in a text
  field, or text whose characters need quotes (a leading space, ``: ``);
- a list of texts one of which the loader would take for a key typed with a full-width
  colon (``code：SQZ`` on a line of its own) on its key's line (``[…]``);
- each section headed by its Chinese label as a comment, and the file by where it came
  from; UTF-8 without a byte-order mark.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

import yaml

from .layout import _resolved
from .yamlslips import _FIELD_AND_WIDE  # a text the loader takes for a key typed with a full-width colon

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQUENCE = "tag:yaml.org,2002:seq"


class _Date(str):
    """Text in a date field that YAML reads as a date when written plain: written plain."""


class _Flow(list):
    """A list of texts one of which, first on its line, the loader would take for a slip of hand
    (``code：SQZ``, a key typed with a full-width colon), quoted or not: written on its key's line."""


class _Dumper(yaml.SafeDumper):
    """The safe dumper, indenting a list under its key (``congresses:`` then ``  - id: …``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)

    def choose_scalar_style(self):
        style = super().choose_scalar_style()
        return '"' if style == "'" else style  # quoted as the examples quote: "522601198001011238"


_Dumper.add_representer(_Date, lambda dumper, value: dumper.represent_scalar(_TIMESTAMP, str(value)))
_Dumper.add_representer(_Flow, lambda dumper, value: dumper.represent_sequence(_SEQUENCE, value, flow_style=True))


def yaml_text(data: Mapping[str, Any], schema: Mapping[str, Any], header: list[str] = ()) -> str:
    """``data`` (a branch file's data) as YAML text laid out by ``schema``, headed by the comment
    lines ``header``."""
    root, _ = _resolved(schema, schema)
    shaped = ordered(data, root, schema)
    properties = root.get("properties") or {}
    parts = ["".join(f"# {comment_safe(line)}\n" for line in header)]
    for key, value in shaped.items():
        label = _resolved(properties.get(key) or {}, schema)[1].get("label")
        section = _dump({key: value})
        if isinstance(value, (dict, list)) and label:
            section = f"# {comment_safe(str(label))}\n" + section
        parts.append(section)
    return "\n".join(p for p in parts if p)


def ordered(value: Any, node: Mapping[str, Any], root: Mapping[str, Any]) -> Any:
    """``value`` with every mapping's keys in the order of ``node``'s properties, and the text of
    date fields that reads as a date marked to be written plain."""
    node, _ = _resolved(node, root)
    if isinstance(value, dict):
        properties = node.get("properties") or {}
        keys = [k for k in properties if k in value] + [k for k in value if k not in properties]
        return {k: ordered(value[k], properties.get(k) or {}, root) for k in keys}
    if isinstance(value, list):
        items = node.get("items") or {}
        shaped = [ordered(v, items, root) for v in value]
        return _Flow(shaped) if any(isinstance(v, str) and _FIELD_AND_WIDE.match(v) for v in shaped) else shaped
    if type(value) is str and node.get("format") == "date" and _ISO_DATE.match(value):
        return _Date(value)
    return value


def _dump(data: dict) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10**9,
        indent=2,
    )


def comment_safe(text: str) -> str:
    """``text`` fit for one comment line: no line break or other control character can end it
    (a file name with a newline would otherwise put its rest into the data)."""
    return _UNPRINTABLE.sub("?", text)


__all__ = ["comment_safe", "ordered", "yaml_text"]
