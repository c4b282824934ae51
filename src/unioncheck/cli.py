"""Thin click commands: parse options, assemble loader, plugins, profile, engine
and reporter, and turn the verdict into an exit code.

Exit codes: 0 nothing fails; 1 a rule failed or errored (or warned, with
``--fail-on warn``); 2 a usage, configuration or plugin-loading error.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys

import click

from . import engine
from .loader import DEFAULT_MAX_BYTES, discover, load
from .model import Report, Rule, Status
from .plugins import PluginError, collect_profiles, collect_rules, plugin_manager
from .profile import Profile, ProfileError, load_profile
from .output import write_atomic
from .reporters import REPORTERS

DEFAULT_PROFILE = "county-health-bureau"
FAIL_ON = {"fail": (Status.FAIL, Status.ERROR), "warn": (Status.WARN, Status.FAIL, Status.ERROR), "never": ()}


def default_lang() -> str:
    """Chinese unless the locale asks for another language (C/POSIX count as no choice)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            base = value.split(".")[0]
            return "zh" if value.lower().startswith("zh") or base in ("C", "POSIX") else "en"
    return "zh"


def exit_code(report: Report, fail_on: str) -> int:
    failing = FAIL_ON[fail_on]
    return int(any(r.status in failing for b in report.branches for r in b.results))


class _Setup(click.ClickException):
    exit_code = 2


class ByteSize(click.ParamType):
    """A size in bytes: 5242880, 512KB, 5MB."""

    name = "size"
    _UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024 ** 2, "MB": 1024 ** 2}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper()
        number = text.rstrip("KMB")
        unit = text[len(number):]
        if number.isdigit() and unit in self._UNITS:
            return int(number) * self._UNITS[unit]
        self.fail(f"{value!r} is not a size such as 5242880, 512KB or 5MB", param, ctx)


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


def build_rules(plugin_paths: tuple[str, ...]) -> tuple[list[Rule], dict]:
    try:
        pm = plugin_manager(plugin_paths, announce=lambda line: click.echo(line, err=True))
        return collect_rules(pm), collect_profiles(pm)
    except PluginError as err:
        raise _Setup(str(err)) from None


def build_profile(ref: str, rules: list[Rule], registered: dict) -> Profile:
    try:
        return load_profile(ref, rules, registered)
    except ProfileError as err:
        raise _Setup(f"配置错误 / profile error: {err}") from None


def _lang_option(f):
    return click.option("--lang", type=click.Choice(["zh", "en"]), default=default_lang,
                        help="Language of messages (default: from the locale, Chinese first).")(f)


def _plugin_option(f):
    return click.option("--plugin", "plugins", multiple=True, type=click.Path(dir_okay=False),
                        help="Load a rule plugin from this Python file (repeatable).")(f)


def _profile_option(f):
    return click.option("--profile", default=DEFAULT_PROFILE, show_default=True,
                        help="Policy profile: a registered name or a YAML file.")(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unioncheck")
def main() -> None:
    """unioncheck: 基层工会合规检查 / compliance checks for branch unions."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Reference date (default: today).")
@click.option("--year", type=click.IntRange(1949, 2200), help="Audit period: a calendar year (default: the year of --as-of).")
@_profile_option
@click.option("--select", multiple=True, help="Run only these rule codes or prefixes (repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (repeatable).")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="fail", show_default=True,
              help="Lowest status that makes the exit code 1.")
@_lang_option
@click.option("--format", "fmt", type=click.Choice(list(REPORTERS)), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file (atomically) instead of stdout.")
@_plugin_option
@click.option("--max-file-size", type=ByteSize(), default=str(DEFAULT_MAX_BYTES), show_default="5MB",
              help="Refuse branch files larger than this (bytes, or with KB/MB).")
@click.option("--rule-timeout", type=click.FloatRange(min=0), default=engine.DEFAULT_RULE_SECONDS, show_default=True,
              help="Seconds one rule may take on one branch before it is stopped (0: no limit).")
@interruptible
def check(paths, as_of, year, profile, select, ignore, fail_on, lang, fmt, output, plugins, max_file_size, rule_timeout) -> None:
    """Check branch files (a directory means every *.yaml / *.yml below it)."""
    rules, registered = build_rules(plugins)
    chosen_profile = build_profile(profile, rules, registered)
    files = list(discover(list(paths)))
    if not files:
        raise _Setup(f"没有找到 YAML 文件 / no *.yaml or *.yml file found in: {' '.join(paths)}")
    day = as_of.date() if as_of else dt.date.today()
    settings = engine.Settings(day, year or day.year, chosen_profile, tuple(select), tuple(ignore), rule_timeout or None)
    report = engine.run(rules, [load(f, max_file_size) for f in files], settings)
    rendered = REPORTERS[fmt]().render(report, lang)
    if output:
        write_atomic(output, rendered)
    else:
        click.echo(rendered, nl=False)
    sys.exit(exit_code(report, fail_on))


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_profile_option
@_plugin_option
def list_rules(fmt, profile, plugins) -> None:
    """List every rule: code, family, titles, severity, regulation."""
    from tabulate import tabulate

    rules, registered = build_rules(plugins)
    severity = build_profile(profile, rules, registered).severity
    rows = [{"code": r.code, "family": r.family, "name": r.name, "title_zh": r.title.zh, "title_en": r.title.en,
             "severity": severity[r.code].value, "basis": r.basis, "plugin": r.plugin} for r in rules]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(tabulate([[r["code"], r["family"], r["title_zh"], r["title_en"], r["severity"], r["basis"]] for r in rows],
                            headers=["code", "family", "标题", "title", "severity", "依据 / basis"],
                            maxcolwidths=[None, None, 24, 32, None, 50]))


@main.command()
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_lang_option
@_profile_option
@_plugin_option
def explain(code, fmt, lang, profile, plugins) -> None:
    """What rule CODE checks, why (the regulation), how to fix it, an example."""
    rules, registered = build_rules(plugins)
    by_code = {r.code: r for r in rules}
    rule = by_code.get(code.upper())
    if rule is None:
        raise _Setup(f"没有规则 {code} / no rule {code}; see `unioncheck rules`")
    chosen = build_profile(profile, rules, registered)
    params = {name: {"value": value, "source": chosen.sources.get((rule.code, name))}
              for name, value in chosen.params[rule.code].items()}
    if fmt == "json":
        d = rule.doc
        click.echo(json.dumps({
            "code": rule.code, "family": rule.family, "name": rule.name,
            "title": {"zh": rule.title.zh, "en": rule.title.en}, "basis": rule.basis,
            "severity": chosen.severity[rule.code].value, "scope": rule.scope, "plugin": rule.plugin,
            "what": {"zh": d.what.zh, "en": d.what.en}, "why": {"zh": d.why.zh, "en": d.why.en},
            "fix": {"zh": d.fix.zh, "en": d.fix.en}, "example": d.example, "params": params,
        }, ensure_ascii=False, indent=2))
        return
    click.echo(explain_text(rule, params, lang))


def explain_text(rule: Rule, params: dict, lang: str) -> str:
    zh = lang == "zh"
    heads = ("检查什么", "为什么（依据）", "如何改正", "示例", "参数") if zh else \
        ("What it does", "Why is this bad? (basis)", "How to fix", "Example", "Parameters")
    d = rule.doc
    parts = [f"{rule.code} ({rule.name}) — {rule.title(lang)}", "",
             f"## {heads[0]}", d.what(lang), "",
             f"## {heads[1]}", d.why(lang), f"{'依据' if zh else 'Regulation'}: {rule.basis}", "",
             f"## {heads[2]}", d.fix(lang)]
    if d.example:
        parts += ["", f"## {heads[3]}", "```yaml", d.example, "```"]
    if params:
        parts += ["", f"## {heads[4]}"]
        parts += [f"- {k}: {json.dumps(v['value'], ensure_ascii=False)}" + (f"  ({v['source']})" if v["source"] else "")
                  for k, v in params.items()]
    return "\n".join(parts)


@main.command()
def schema() -> None:
    """Print the branch file's JSON Schema (for editors with a YAML language server)."""
    from .schema import branch_schema

    click.echo(json.dumps(branch_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
