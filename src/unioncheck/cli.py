"""Thin click commands: parse options (command line over configuration file),
assemble loader, plugins, profile, engine, gate and reporters, and turn the
verdict into an exit code.

Exit codes: 0 nothing fails; 1 a rule failed or errored (or warned, with
``--fail-on warn``); 2 a usage, configuration or plugin-loading error;
130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
import time
from pathlib import Path

import click
from click.core import ParameterSource

from . import engine
from .config import Config, ConfigError, load_config
from .contract import Contract, iso_date_hint
from .explain import explain_text, parameters
from .gate import FAIL_ON, GateError, apply_waivers, baseline_text, exit_code, load_baseline, load_waivers
from .loader import DEFAULT_MAX_BYTES, discover
from .model import Rule
from .output import Sinks, write_atomic
from .plugins import PluginError, collect_contract, collect_profiles, collect_rules, plugin_manager
from .profile import Profile, ProfileError, load_profile
from .reporters import REPORTERS, Options

DEFAULT_PROFILE = "county-health-bureau"


def default_lang() -> str:
    """Chinese unless the locale asks for another language (C/POSIX count as no choice)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            base = value.split(".")[0]
            return "zh" if value.lower().startswith("zh") or base in ("C", "POSIX") else "en"
    return "zh"


class _Setup(click.ClickException):
    exit_code = 2


class ByteSize(click.ParamType):
    """A size in bytes: 5242880, 512KB, 5MB."""

    name = "size"
    _UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper()
        number = text.rstrip("KMB")
        unit = text[len(number) :]
        if number.isdigit() and unit in self._UNITS:
            return int(number) * self._UNITS[unit]
        self.fail(f"{value!r} is not a size such as 5242880, 512KB or 5MB", param, ctx)


class IsoDate(click.ParamType):
    """A date in ISO form (YYYY-MM-DD), with the ISO form shown when it is written another way."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.strptime(str(value), "%Y-%m-%d")
        except ValueError:
            iso = iso_date_hint(value)
            zh, en = (f"，应写成 {iso}", f"; write {iso}") if iso else ("", "")
            self.fail(f"{value!r} 不是 YYYY-MM-DD 形式的日期{zh} / is not a date in YYYY-MM-DD form{en}", param, ctx)


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


def interruptible(command):
    """Ctrl-C ends the command with one line and exit status 130, the shell's convention."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("已中断 / interrupted", err=True)
            sys.exit(130)

    return run


def build_rules(plugin_paths) -> tuple[list[Rule], dict, Contract]:
    """The rules, profiles and data contract the plugins register."""
    try:
        pm = plugin_manager(tuple(plugin_paths), announce=lambda line: click.echo(line, err=True))
        return collect_rules(pm), collect_profiles(pm), collect_contract(pm)
    except PluginError as err:
        raise _Setup(str(err)) from None


def build_profile(ref: str, rules: list[Rule], registered: dict) -> Profile:
    try:
        return load_profile(ref, rules, registered)
    except ProfileError as err:
        raise _Setup(f"配置错误 / profile error: {err}") from None


def build_config(ctx: click.Context, explicit: str | None, isolated: bool) -> Config:
    """Fill every option the command line left at its default from the configuration file."""
    try:
        config = load_config(explicit, isolated, Path.cwd())
    except ConfigError as err:
        raise _Setup(f"配置文件错误 / configuration error: {err}") from None
    params = {p.name: p for p in ctx.command.params}
    for name, value in config.values.items():
        if name in params and ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, None):
            param = params[name]
            try:
                converted = (
                    tuple(param.type.convert(v, param, ctx) for v in value)
                    if param.multiple or param.nargs == -1
                    else param.type.convert(value, param, ctx)
                )
            except click.BadParameter as err:
                raise _Setup(f"{config.file}: {name}: {err.message}") from None
            ctx.params[name] = converted
    return config


def _lang_option(f):
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=default_lang,
        help="Language of messages (default: from the locale, Chinese first).",
    )(f)


def _plugin_option(f):
    return click.option(
        "--plugin",
        "plugins",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="Load a rule plugin from this Python file (repeatable).",
    )(f)


def _profile_option(f):
    return click.option(
        "--profile",
        default=DEFAULT_PROFILE,
        show_default=True,
        help="Policy profile: a registered name or a YAML file.",
    )(f)


def _config_options(f):
    f = click.option("--isolated", is_flag=True, help="Ignore configuration files.")(f)
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, exists=True),
        help="Use this configuration file instead of looking for one.",
    )(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unioncheck")
def main() -> None:
    """unioncheck: 基层工会合规检查 / compliance checks for branch unions."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--as-of", type=IsoDate(), help="Reference date (default: today).")
@click.option(
    "--year", type=click.IntRange(1949, 2200), help="Audit period: a calendar year (default: the year of --as-of)."
)
@_profile_option
@click.option("--select", multiple=True, help="Run only these rule codes or prefixes (repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (repeatable).")
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON)),
    default="fail",
    show_default=True,
    help="Lowest status that makes the exit code 1.",
)
@_lang_option
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=FormatSpec(),
    default=["table"],
    show_default=True,
    help=f"Report format, to stdout or to PATH (repeatable): {', '.join(REPORTERS)}.",
)
@click.option("--waivers", type=click.Path(dir_okay=False), help="Waivers the bureau granted (YAML).")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Only findings not in this baseline fail the run.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record the current findings as a baseline.")
@click.option("--changed-since", metavar="REF", help="Report only branch files git reports changed since REF.")
@_plugin_option
@click.option(
    "--max-file-size",
    type=ByteSize(),
    default=str(DEFAULT_MAX_BYTES),
    show_default="5MB",
    help="Refuse branch files larger than this (bytes, or with KB/MB).",
)
@click.option(
    "--rule-timeout",
    type=click.FloatRange(min=0),
    default=engine.DEFAULT_RULE_SECONDS,
    show_default=True,
    help="Seconds one rule may take on one branch before it is stopped (0: no limit).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes judging files in parallel (the report is the same for any number).",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Keep each file's verdict in .unioncheck_cache/ until anything it depends on changes.",
)
@_config_options
@click.option(
    "--compare",
    type=click.Path(dir_okay=False),
    help="Mark each result new, fixed or unchanged against this earlier JSON report.",
)
@click.pass_context
@interruptible
def check(ctx, config_file, isolated, **_) -> None:
    """Check branch files (a directory means every *.yaml / *.yml below it)."""
    config = build_config(ctx, config_file, isolated)
    o = ctx.params
    if config.file and "plugins" in config.values:
        _refuse_plugins_among_data(config.values["plugins"], o["paths"])
    try:
        waivers = load_waivers(o["waivers"]) if o["waivers"] else []
        baseline = load_baseline(o["baseline"]) if o["baseline"] else None
    except GateError as err:
        raise _Setup(str(err)) from None
    previous = _previous(o["compare"]) if o["compare"] else None
    options = Options(o["lang"], o["fail_on"])
    sinks = Sinks(
        [(REPORTERS[name](), path) for name, path in o["formats"]], options, lambda text: click.echo(text, nl=False)
    )

    def finished(branch):
        apply_waivers(branch, waivers, _as_of(o))
        if baseline:
            baseline.mark(branch, o["fail_on"])
        if previous:
            previous.mark(branch)
        sinks.branch(branch)

    try:
        # when every format streams, nothing reads the branches again: they are not kept
        report = judge(
            o,
            finished,
            o["changed_since"],
            keep=not sinks.all_streaming or bool(o["write_baseline"] or previous),
            prepare=sinks.prepare if sinks.preparing else None,
            on_start=sinks.start,
        )
        report.waivers = waivers
        if previous:
            report.comparison = previous.summary(report)
        sinks.finish(report)
    finally:
        sinks.abandon()
    if o["write_baseline"]:
        write_atomic(o["write_baseline"], baseline_text(report))
        click.echo(f"已写入基线 / baseline written: {o['write_baseline']}", err=True)
        sys.exit(0)
    sys.exit(exit_code(report, o["fail_on"]))


def _previous(path: str):
    """The earlier JSON report --compare names (imported here: a plain check does not pay for it)."""
    from .compare import CompareError, load_previous

    try:
        return load_previous(path)
    except CompareError as err:
        raise _Setup(str(err)) from None


def _as_of(o: dict) -> dt.date:
    return o["as_of"].date() if o.get("as_of") else dt.date.today()


def judge(o: dict, on_branch=None, changed_since: str | None = None, keep: bool = True, prepare=None, on_start=None):
    """Load the files ``o["paths"]`` names and judge them with the rules and profile ``o`` names
    (``keep``: whether the finished branch reports are kept for reading after the run)."""
    if not o.get("paths"):
        raise _Setup(
            "请给出要检查的文件或目录（或在配置文件中写 paths）/ give the files or directories to check "
            "(or `paths` in a configuration file)"
        )
    files = list(discover(list(o["paths"])))
    if not files:
        raise _Setup(f"没有找到 YAML 文件 / no *.yaml or *.yml file found in: {' '.join(o['paths'])}")
    rules, registered, contract = build_rules(o.get("plugins", ()))
    profile = build_profile(o["profile"], rules, registered)
    day = _as_of(o)
    settings = engine.Settings(
        day,
        o.get("year") or day.year,
        profile,
        tuple(o.get("select", ())),
        tuple(o.get("ignore", ())),
        o.get("rule_timeout", engine.DEFAULT_RULE_SECONDS) or None,
        prepare=prepare,
        contract=contract,
    )
    focus = _changed(files, changed_since) if changed_since else None
    progress = Progress(len(files))
    max_bytes = o.get("max_file_size", DEFAULT_MAX_BYTES)
    cache = None
    if o.get("cache"):
        from .cache import DIRECTORY, ResultsCache, namespace, pseudonym_key

        settings.pseudonym_key = pseudonym_key()
        cache = ResultsCache(Path(DIRECTORY), namespace(rules, settings, max_bytes))
    judged = engine.judge_files(rules, files, settings, o.get("jobs") or 1, max_bytes, focus, progress.step, cache)
    try:
        return engine.run(
            rules,
            (),
            settings,
            on_branch,
            focus,
            judged=judged,
            max_bytes=max_bytes,
            keep=keep,
            on_start=on_start,
            fetch=cache.reports if cache else None,
        )
    finally:
        progress.done()
        if cache:
            cache.close()


class Progress:
    """A counter on stderr while branches are judged — only when a person is watching a terminal."""

    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.count, self.shown_at = total, 0, 0.0
        self.active = self.stream.isatty() and total > 1

    def step(self) -> None:
        self.count += 1
        now = time.monotonic()
        if self.active and (now - self.shown_at > 0.1 or self.count == self.total):
            self.shown_at = now
            self.stream.write(f"\r检查中 / checking {self.count}/{self.total}")
            self.stream.flush()

    def done(self) -> None:
        if self.active and self.shown_at:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _refuse_plugins_among_data(plugins, paths) -> None:
    data = [os.path.realpath(p) for p in paths]
    for plugin in plugins:
        real = os.path.realpath(plugin)
        if any(real == d or real.startswith(d.rstrip(os.sep) + os.sep) for d in data):
            raise _Setup(
                f"配置文件中的插件 {plugin} 位于被检查的目录内，拒绝加载 / the configured plugin {plugin} lies "
                "inside a directory being checked and is not loaded: data must not bring its own code"
            )


def _changed(files: list[str], ref: str) -> set[str]:
    from .changes import ChangesError, changed_files  # runs git: imported only when asked for

    try:
        changed = changed_files(ref, Path.cwd())
    except ChangesError as err:
        raise _Setup(str(err)) from None
    focus = {f for f in files if os.path.realpath(f) in changed}
    if not focus:
        click.echo(f"自 {ref} 以来没有基层工会文件改动 / no branch file changed since {ref}", err=True)
    return focus


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--waivers", type=click.Path(dir_okay=False), help="The waivers file (default: from the configuration).")
@click.option("--as-of", type=IsoDate(), help="Reference date (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_profile_option
@_plugin_option
@_config_options
@click.pass_context
def waivers(ctx, paths, waivers, as_of, fmt, profile, plugins, config_file, isolated) -> None:
    """List waivers: active, expiring (within 30 days), expired, unused.

    With PATHS (or `paths` in the configuration) the branch files are checked
    to find the waivers that match nothing.
    """
    from tabulate import tabulate

    config = build_config(ctx, config_file, isolated)
    o = ctx.params
    if not o["waivers"]:
        raise _Setup(
            "请用 --waivers 指定豁免文件（或在配置文件中写 waivers）/ name the waivers file with --waivers "
            "(or `waivers` in a configuration file)"
        )
    try:
        found = load_waivers(o["waivers"])
    except GateError as err:
        raise _Setup(str(err)) from None
    day = _as_of(o)
    checked = bool(o["paths"])
    if checked:
        judge(o, lambda branch: apply_waivers(branch, found, day))
    rows = [w.as_dict(day) for w in found]
    if not checked:
        for row in rows:
            row["state"] = "active" if row["state"] == "unused" else row["state"]
            row["used"] = None
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(
            tabulate(
                [
                    [
                        r["branch"],
                        r["rule"],
                        r["state"],
                        r["expires"],
                        r["document"],
                        r["approved_by"],
                        r["reason"],
                        "" if r["used"] is None else r["used"],
                    ]
                    for r in rows
                ],
                headers=["branch", "rule", "state", "expires", "document", "approved_by", "reason", "used"],
            )
        )
    if config.file is None and not checked:
        click.echo(
            "（未给出数据路径，无法判断哪些豁免未被使用 / no data paths given: unused waivers cannot be told）",
            err=True,
        )


DUE_FORMATS = {"table": None, "json": None, "ics": None}


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--within", type=click.IntRange(0, 3660), default=90, show_default=True, help="Days ahead to look.")
@click.option("--as-of", type=IsoDate(), help="Reference date (default: today).")
@click.option("--year", type=click.IntRange(1949, 2200), help="Audit period (default: the year of --as-of).")
@_profile_option
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (repeatable).")
@click.option("--ignore", multiple=True, help="Not these rule codes or prefixes (repeatable).")
@_lang_option
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=FormatSpec(),
    default=["table"],
    show_default=True,
    help="table, json or ics (an iCalendar file for phone and desktop calendars), to stdout or to PATH.",
)
@_plugin_option
@_config_options
@click.pass_context
@interruptible
def due(ctx, within, config_file, isolated, **_) -> None:
    """Every deadline falling due within --within days across the branches, overdue first.

    Elections, the year's congress, hardship-file reviews, postings: sorted by
    date, with branch, what is due and the rule.
    """
    from tabulate import tabulate

    build_config(ctx, config_file, isolated)
    o = ctx.params
    report = judge(o)
    from .deadlines import deadlines

    found = deadlines(report, within)
    lang = o["lang"]
    titles = {r.code: r.title(lang) for r in report.rules}
    for name, path in o["formats"]:
        if name == "ics":
            from .reporters.ics import render_ics

            text = render_ics(found, report.as_of, titles, Options(lang))
        elif name == "json":
            text = (
                json.dumps(
                    [
                        {
                            "due": d.due.isoformat(),
                            "overdue": d.overdue,
                            "branch": d.branch.code,
                            "name": d.branch.name,
                            "rule": d.result.rule,
                            "title": titles.get(d.result.rule),
                            "status": d.result.status.value,
                            "what": d.result.message(lang),
                            "file": d.branch.file,
                        }
                        for d in found
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n"
            )
        else:
            zh = lang == "zh"
            rows = [
                [
                    d.due,
                    (("已逾期" if zh else "overdue") if d.overdue else (d.due - report.as_of).days),
                    d.branch.code or d.branch.file,
                    d.result.rule,
                    d.result.status.label(lang),
                    d.result.message(lang),
                ]
                for d in found
            ]
            heading = (
                f"{report.as_of} 起 {within} 天内的截止日期（逾期的在前）"
                if zh
                else f"Deadlines within {within} days of {report.as_of} (overdue first)"
            )
            text = (
                heading
                + "\n\n"
                + tabulate(
                    rows,
                    headers=["截止日期", "剩余天数", "基层工会", "规则", "状态", "事项"]
                    if zh
                    else ["due", "days left", "branch", "rule", "status", "what"],
                    maxcolwidths=[None, None, None, None, None, 60],
                )
                + "\n"
            )
        if path:
            write_atomic(path, text)
        else:
            click.echo(text, nl=False)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_profile_option
@_plugin_option
def list_rules(fmt, profile, plugins) -> None:
    """List every rule: code, family, titles, severity, regulation."""
    from tabulate import tabulate

    rules, registered, _ = build_rules(plugins)
    severity = build_profile(profile, rules, registered).severity
    rows = [
        {
            "code": r.code,
            "family": r.family,
            "name": r.name,
            "title_zh": r.title.zh,
            "title_en": r.title.en,
            "severity": severity[r.code].value,
            "basis": r.basis,
            "plugin": r.plugin,
        }
        for r in rules
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(
            tabulate(
                [[r["code"], r["family"], r["title_zh"], r["title_en"], r["severity"], r["basis"]] for r in rows],
                headers=["code", "family", "标题", "title", "severity", "依据 / basis"],
                maxcolwidths=[None, None, 24, 32, None, 50],
            )
        )


@main.command()
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_lang_option
@_profile_option
@_plugin_option
def explain(code, fmt, lang, profile, plugins) -> None:
    """What rule CODE checks, why (the regulation), how to fix it, an example."""
    rules, registered, _ = build_rules(plugins)
    rule = {r.code: r for r in rules}.get(code.upper())
    if rule is None:
        raise _Setup(f"没有规则 {code} / no rule {code}; see `unioncheck rules`")
    chosen = build_profile(profile, rules, registered)
    params = parameters(rule, chosen)
    if fmt == "json":
        d = rule.doc
        click.echo(
            json.dumps(
                {
                    "code": rule.code,
                    "family": rule.family,
                    "name": rule.name,
                    "title": {"zh": rule.title.zh, "en": rule.title.en},
                    "basis": rule.basis,
                    "severity": chosen.severity[rule.code].value,
                    "scope": rule.scope,
                    "plugin": rule.plugin,
                    "what": {"zh": d.what.zh, "en": d.what.en},
                    "why": {"zh": d.why.zh, "en": d.why.en},
                    "fix": {"zh": d.fix.zh, "en": d.fix.en},
                    "example": d.example,
                    "params": params,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(explain_text(rule, params, lang, markdown=True))


@main.command()
@_plugin_option
def schema(plugins) -> None:
    """Print the data contract's JSON Schema (for editors with a YAML language server)."""
    _, _, contract = build_rules(plugins)
    click.echo(json.dumps(contract.schema, ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
