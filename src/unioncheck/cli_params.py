"""What the commands share: option types (dates, sizes, formats), option groups, the
language default, and the setup error that exits with status 2."""

from __future__ import annotations

import datetime as dt
import math
import os

import click

from .contract import iso_date_hint
from .model import YEARS
from .reporters import REPORTERS

DEFAULT_PROFILE = "county-health-bureau"


def default_lang() -> str:
    """Chinese unless the locale asks for another language (C/POSIX count as no choice)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            base = value.split(".")[0]
            return "zh" if value.lower().startswith("zh") or base in ("C", "POSIX") else "en"
    return "zh"


class SetupError(click.ClickException):
    exit_code = 2


class ByteSize(click.ParamType):
    """A size in bytes: 5242880, 512KB, 5MB."""

    name = "size"
    LARGEST = 1024**3
    _UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2}

    def convert(self, value, param, ctx):
        size = value if isinstance(value, int) and not isinstance(value, bool) else self._parsed(value)
        if size is not None and 0 < size <= self.LARGEST:  # a number from a configuration file too
            return size
        self.fail(
            f"{value!r} 不是 1 字节到 1024MB 之间的大小（如 5242880、512KB、5MB）/ "
            "is not a size from 1 byte to 1024MB, such as 5242880, 512KB or 5MB",
            param,
            ctx,
        )

    def _parsed(self, value) -> int | None:
        text = str(value).strip().upper()
        number = text.rstrip("KMB")
        unit = text[len(number) :]
        if number.isdigit() and len(number) < 12 and unit in self._UNITS:
            return int(number) * self._UNITS[unit]
        return None


class Seconds(click.ParamType):
    """A time limit in seconds: a finite number from 0 (no limit) to a day."""

    name = "seconds"
    LONGEST = 86400.0

    def convert(self, value, param, ctx):
        try:
            seconds = float(value)  # a number from a configuration file is checked the same way
        except (TypeError, ValueError):
            seconds = -1.0
        if math.isfinite(seconds) and 0 <= seconds <= self.LONGEST:
            return seconds
        self.fail(
            f"{value!r} 不是 0 到 86400 之间的秒数（0 表示不限时）/ is not a number of seconds from 0 to 86400 "
            "(0: no limit)",
            param,
            ctx,
        )


class IsoDate(click.ParamType):
    """A date in ISO form (YYYY-MM-DD), with the ISO form shown when it is written another way."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.datetime):
            return value
        try:
            day = dt.datetime.strptime(str(value), "%Y-%m-%d")
        except ValueError:
            iso = iso_date_hint(value)
            zh, en = (f"，应写成 {iso}", f"; write {iso}") if iso else ("", "")
            self.fail(f"{value!r} 不是 YYYY-MM-DD 形式的日期{zh} / is not a date in YYYY-MM-DD form{en}", param, ctx)
        if day.year not in YEARS:
            first, last = YEARS.start, YEARS.stop - 1
            self.fail(
                f"{value!r} 不在 {first}-01-01 至 {last}-12-31 之间 / is not between {first}-01-01 and {last}-12-31",
                param,
                ctx,
            )
        return day


class FormatSpec(click.ParamType):
    """NAME or NAME:PATH, NAME one of the report formats."""

    name = "NAME[:PATH]"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        name, _, path = str(value).partition(":")
        choices = DUE_FORMATS if ctx and ctx.command.name == "due" else REPORTERS
        if name not in choices:
            self.fail(f"unknown format {name!r}; choose from {', '.join(choices)}", param, ctx)
        if not path and getattr(choices[name], "needs_path", False):
            self.fail(f"{name} is a file: give its path, as in -f {name}:report.{name}", param, ctx)
        return name, path or None


def lang_option(f):
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=default_lang,
        help="Language of messages (default: from the locale, Chinese first).",
    )(f)


def quiet_option(f):
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="Do not name each file written on stderr (已写入 …).",
    )(f)


def written_line(path) -> str:
    """What a command says on stderr of each file it wrote: ``已写入 / written: audit-2025.xlsx``."""
    from .model import display_path

    return f"已写入 / written: {display_path(str(path))}"


def plugin_option(f):
    return click.option(
        "--plugin",
        "plugins",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="Load a rule plugin from this Python file (repeatable).",
    )(f)


def profile_option(f):
    return click.option(
        "--profile",
        default=DEFAULT_PROFILE,
        show_default=True,
        help="Policy profile: a registered name or a YAML file.",
    )(f)


def config_options(f):
    f = click.option("--isolated", is_flag=True, help="Ignore configuration files.")(f)
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, exists=True),
        help="Use this configuration file instead of looking for one.",
    )(f)


DUE_FORMATS = {"table": None, "json": None, "ics": None}
