"""Configuration files: defaults for the options of ``unioncheck check``.

The nearest ``.unioncheck.yaml``, ``unioncheck.yaml`` or ``pyproject.toml`` with
a ``[tool.unioncheck]`` table, looking upward from the working directory,
supplies defaults; command-line options override them; ``--config PATH`` names
the file and ``--isolated`` ignores all of them. Keys are the long option names
(``fail-on`` or ``fail_on``); paths in a file are relative to that file.

A configuration is trusted like the CI workflow that runs unioncheck: it may
name plugins. It may not name a plugin inside a directory being checked, so a
data submission cannot bring its own code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import validation
from .contract import format_path
from .loader import load

NAMES = (".unioncheck.yaml", "unioncheck.yaml")
_STRINGS = {"type": "array", "items": {"type": "string"}}
_KEYS: dict[str, tuple[str, dict]] = {  # config key -> (option name, JSON Schema of the value)
    "paths": ("paths", _STRINGS),
    "as-of": ("as_of", {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),  # pins an audit to its date
    "year": ("year", {"type": "integer"}),
    "profile": ("profile", {"type": "string"}),
    "select": ("select", _STRINGS),
    "ignore": ("ignore", _STRINGS),
    "fail-on": ("fail_on", {"enum": ["fail", "warn", "never"]}),
    "lang": ("lang", {"enum": ["zh", "en"]}),
    "format": ("formats", _STRINGS),
    "plugins": ("plugins", _STRINGS),
    "waivers": ("waivers", {"type": "string"}),
    "baseline": ("baseline", {"type": "string"}),
    "max-file-size": ("max_file_size", {"type": ["integer", "string"]}),
    "rule-timeout": ("rule_timeout", {"type": "number", "minimum": 0}),
    "jobs": ("jobs", {"type": "integer", "minimum": 1, "maximum": 64}),
    "quiet": ("quiet", {"type": "boolean"}),
}
_RELATIVE = {"paths", "plugins", "waivers", "baseline"}


class ConfigError(Exception):
    """A configuration that cannot be used; the message names file, line and key."""


@dataclass
class Config:
    file: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)  # option name -> value, paths already resolved


def discover(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    for directory in [start, *start.parents]:
        for name in NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "tool" in (data := _toml(pyproject)) and "unioncheck" in data["tool"]:
            return pyproject
    return None


def load_config(explicit: str | None, isolated: bool, start: Path) -> Config:
    if isolated:
        return Config()
    file = Path(explicit) if explicit else discover(start)
    if file is None:
        return Config()
    if file.name == "pyproject.toml":
        raw, locate = (
            _toml(file).get("tool", {}).get("unioncheck", {}),
            (lambda key: f"{file}: [tool.unioncheck] {key}"),
        )
    else:
        doc = load(str(file))
        if doc.problems:
            p = doc.problems[0]
            raise ConfigError(f"{file}:{p.line or ''}: {p.message.zh} / {p.message.en}")
        if not isinstance(doc.data, dict):
            raise ConfigError(f"{file}: 配置应为键值映射 / the configuration must be a mapping")
        raw, locate = doc.data, (lambda key: f"{doc.locate((key,))}: {key}")
    return Config(file, _values(raw, file.parent, locate))


def _values(raw: dict, base: Path, locate) -> dict[str, Any]:
    values = {}
    for key, value in raw.items():
        canonical = str(key).replace("_", "-")
        if canonical not in _KEYS:
            near = difflib.get_close_matches(canonical, list(_KEYS), n=1, cutoff=0.5)
            hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(_KEYS)}"
            raise ConfigError(f"{locate(key)}: 未知的配置项 / unknown key '{key}'{hint}")
        option, schema = _KEYS[canonical]
        if isinstance(value, dt.date):  # TOML has dates of its own
            value = value.isoformat()
        if canonical in ("select", "ignore", "format", "plugins", "paths") and isinstance(value, str):
            value = [value]
        errors = list(validation.errors(schema, value))
        if errors:
            raise ConfigError(
                f"{locate(key)}: 值不对 / wrong value for '{key}': {errors[0].message}"
                f"{' at ' + format_path(tuple(errors[0].absolute_path)) if errors[0].absolute_path else ''}"
            )
        values[option] = _resolve(canonical, value, base)
    return values


def _resolve(key: str, value: Any, base: Path) -> Any:
    if key in _RELATIVE:
        return [str(base / v) for v in value] if isinstance(value, list) else str(base / value)
    if key == "profile" and (base / value).is_file():
        return str(base / value)
    if key == "format":  # NAME:PATH -> the path relative to the configuration
        return [f"{v.split(':', 1)[0]}:{base / v.split(':', 1)[1]}" if ":" in v else v for v in value]
    return value


def _toml(file: Path) -> dict:
    if sys.version_info >= (3, 11):  # imported here: most runs read no TOML
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        return tomllib.loads(file.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{file}: TOML 无法读取 / cannot read TOML: {err}") from None
