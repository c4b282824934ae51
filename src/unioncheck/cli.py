"""Thin click commands: parse options (command line over configuration file),
assemble loader, plugins, profile, engine, gate and reporters, and turn the
verdict into an exit code.

Exit statuses: see ``guard`` (0 nothing fails; 1 findings fail the gate; 2
the run could not do what was asked; 3 unioncheck failed; 130 interrupted).
"""

from __future__ import annotations

import sys

import click

from . import engine
from .assemble import (
    as_of_date,
    branch_files,
    build_config,
    check_paths,
    judge,
    refuse_overwriting_evidence,
    refuse_plugins_among_data,
)
from .cli_params import (
    ByteSize,
    FormatSpec,
    IsoDate,
    Seconds,
    SetupError,
    config_options,
    default_lang,
    lang_option,
    plugin_option,
    profile_option,
    quiet_option,
    written_line,
)
from .gate import (
    FAIL_ON,
    GateError,
    apply_waivers,
    baseline_text,
    exit_code,
    load_baseline,
    load_waivers,
    partial_run,
)
from .guard import EXIT_STATUSES, guarded
from .loader import DEFAULT_MAX_BYTES
from .model import YEARS
from .output import Sinks, write_atomic
from .reporters import REPORTERS, Options
from .seal_commands import open_key_option

# The commands beside ``check``, imported only when one of them runs (or the help lists them):
# a check does not pay for the workbook writer, the notices or the seal.
LAZY = {
    "waivers": "unioncheck.commands:waivers",
    "due": "unioncheck.commands:due",
    "rules": "unioncheck.commands:list_rules",
    "explain": "unioncheck.commands:explain",
    "schema": "unioncheck.commands:schema",
    "seal": "unioncheck.seal_commands:seal",
    "keygen": "unioncheck.seal_commands:keygen",
    "init": "unioncheck.skeleton:init",
    "template": "unioncheck.template_command:template",
    "convert": "unioncheck.convert:convert",
    "notices": "unioncheck.notices_command:notices",
}


class _Guarded(click.Group):
    """The command group, ending every command with one of ``guard``'s exit statuses."""

    def list_commands(self, ctx):
        return sorted({*self.commands, *LAZY})

    def get_command(self, ctx, name):
        if name not in self.commands and name in LAZY:
            from importlib import import_module

            module, attribute = LAZY[name].split(":")
            self.add_command(getattr(import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        return guarded(lambda: super(_Guarded, self).invoke(ctx), ctx.params.get("debug", False))


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_STATUSES)
@click.version_option(package_name="unioncheck")
@click.option(
    "--debug",
    is_flag=True,
    envvar="UNIONCHECK_DEBUG",
    help="On an internal error, print the traceback (for a bug report).",
)
def main(debug: bool) -> None:
    """unioncheck: 基层工会合规检查 / compliance checks for branch unions."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--as-of", type=IsoDate(), help="Reference date (default: today).")
@click.option(
    "--year",
    type=click.IntRange(YEARS.start, YEARS.stop - 1),
    help="Audit period: a calendar year (default: the year of --as-of).",
)
@profile_option
@click.option("--select", multiple=True, help="Run only these rule codes or prefixes (repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (repeatable).")
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON)),
    default="fail",
    show_default=True,
    help="Lowest status that makes the exit code 1.",
)
@lang_option
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
@click.option("--write-baseline", type=click.Path(), help="Record the current findings as a baseline.")
@click.option("--changed-since", metavar="REF", help="Report only branch files git reports changed since REF.")
@click.option(
    "--new-since",
    metavar="REF",
    help="Judge REF's files too, at the same --as-of, and fail only on findings REF does not have.",
)
@plugin_option
@click.option(
    "--max-file-size",
    type=ByteSize(),
    default=str(DEFAULT_MAX_BYTES),
    show_default="5MB",
    help="Refuse branch files larger than this (bytes, or with KB/MB).",
)
@click.option(
    "--rule-timeout",
    type=Seconds(),
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
@config_options
@open_key_option
@quiet_option
@click.option(
    "--compare",
    type=click.Path(dir_okay=False),
    help="Mark each result new, fixed or unchanged against this earlier JSON report.",
)
@click.pass_context
def check(ctx, config_file, isolated, **_) -> None:
    """Check branch files (a directory means every *.yaml / *.yml / *.xlsx below it).

    Exit status: 0 nothing fails; 1 findings fail the gate (--fail-on);
    2 the run could not do what was asked (usage, configuration, an unreadable
    waivers/baseline/profile file, a report that cannot be written);
    3 unioncheck itself failed; 130 interrupted.
    """
    config = build_config(ctx, config_file, isolated)
    o = ctx.params
    if config.file and "plugins" in config.values:
        refuse_plugins_among_data(config.values["plugins"], o["paths"])
    files = branch_files(o)
    check_paths(o, files, config.file, allowed={("--write-baseline", "--baseline")})
    try:
        waivers = load_waivers(o["waivers"]) if o["waivers"] else []
        baseline = load_baseline(o["baseline"]) if o["baseline"] else None
    except GateError as err:
        raise SetupError(str(err)) from None
    previous = _previous(o["compare"]) if o["compare"] else None
    introduced = _introduced(ctx) if o["new_since"] else None
    options = Options(o["lang"], o["fail_on"])
    sinks = Sinks(
        [(REPORTERS[name](), path) for name, path in o["formats"]], options, lambda text: click.echo(text, nl=False)
    )

    def finished(branch):
        apply_waivers(branch, waivers, as_of_date(o))
        if baseline:
            baseline.mark(branch, o["fail_on"])
        if introduced:
            introduced.mark(branch)
        if previous:
            previous.mark(branch)
        sinks.branch(branch)

    try:
        # when every format streams, nothing reads the branches again: they are not kept
        read: set[str] = set()  # the evidence files the rules looked up: no report goes over one
        keep = not sinks.all_streaming or bool(o["write_baseline"] or previous)
        report = judge(
            o,
            finished,
            o["changed_since"],
            keep=keep,
            on_start=sinks.start,
            files=files,
            on_focus=lambda focus: partial_run(waivers, focus, o["paths"]),
            read=read,
        )
        refuse_overwriting_evidence(o, read)
        report.waivers = waivers
        if previous:
            report.comparison = previous.summary(report)
        sinks.finish(report)
    finally:
        sinks.abandon()
    if not o["quiet"]:
        for _name, path in o["formats"]:
            if path:
                click.echo(written_line(path), err=True)
    if o["write_baseline"]:
        write_atomic(o["write_baseline"], baseline_text(report))
        if not o["quiet"]:
            click.echo(f"已写入基线 / baseline written: {o['write_baseline']}", err=True)
        sys.exit(0)
    sys.exit(exit_code(report, o["fail_on"]))


def _introduced(ctx):
    """What REF's files find at this run's date, for --new-since (imported here: it runs git)."""
    from .introduced import findings_at

    day = as_of_date(ctx.params)
    return findings_at(ctx, ctx.params["new_since"], day, ctx.params["year"] or day.year)


def _previous(path: str):
    """The earlier JSON report --compare names (imported here: a plain check does not pay for it)."""
    from .compare import CompareError, load_previous

    try:
        return load_previous(path)
    except CompareError as err:
        raise SetupError(str(err)) from None


__all__ = ["default_lang", "main"]


if __name__ == "__main__":  # pragma: no cover
    main()
