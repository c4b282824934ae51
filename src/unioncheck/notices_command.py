"""``unioncheck notices``: judge the branches as ``check`` does and write, for each branch with
something to fix, a Word notice addressed to it (see ``notices``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from .assemble import (
    as_of_date,
    branch_files,
    build_config,
    check_paths,
    judge,
    outputs_and_inputs,
    refuse_overwriting,
)
from .cli_params import (
    IsoDate,
    SetupError,
    config_options,
    lang_option,
    plugin_option,
    profile_option,
    quiet_option,
    written_line,
)
from .gate import GateError, apply_waivers, load_waivers
from .model import YEARS
from .output import OutputError, write_atomic
from .paths import real
from .seal_commands import open_key_option

REPLY_DAYS = 30  # the reply date, when --reply-by is not given: this many days after the notice's date


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(),
    help="Folder to write the notices into (made if missing; required).",
)
@click.option("--as-of", type=IsoDate(), help="Reference date (default: today).")
@click.option(
    "--year", type=click.IntRange(YEARS.start, YEARS.stop - 1), help="Audit period (default: the year of --as-of)."
)
@profile_option
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (repeatable).")
@click.option("--ignore", multiple=True, help="Not these rule codes or prefixes (repeatable).")
@lang_option
@click.option("--waivers", type=click.Path(dir_okay=False), help="Waivers the bureau granted (YAML).")
@click.option(
    "--reply-by",
    type=IsoDate(),
    help=f"The date the branches are to report back by (default: {REPLY_DAYS} days after the notice's date).",
)
@quiet_option
@plugin_option
@config_options
@open_key_option
@click.pass_context
def notices(ctx, out, quiet, reply_by, config_file, isolated, **_) -> None:
    """Write one notice (.docx) per branch with something to fix into the folder -o OUT.

    A branch with an error, a fail or a warning gets a notice addressed to it: its
    findings with what to do, by when and on what basis, its exempted findings, what
    falls due next and its score (where the profile has a score sheet). A branch whose
    findings are all waived or pending gets none.

    Exit status: 0 the notices were written; 2 the run could not do what was asked
    (usage, configuration, an unreadable waivers/profile file, a notice that cannot be
    written); 3 unioncheck itself failed; 130 interrupted.
    """
    from .notices import file_names, made_day, needs_notice, notice_bytes
    from .scoring import score_report

    if not out:
        raise SetupError(
            "请用 -o 给出写入通知的文件夹，如 -o 通知/ / give the folder to write the notices into, as in -o notices/"
        )
    config = build_config(ctx, config_file, isolated)
    o = ctx.params
    files = branch_files(o)
    check_paths(o, files, config.file)
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise SetupError(f"-o {out} 不是文件夹：请给出一个文件夹 / -o {out} is not a folder: give a folder")
    try:
        waivers = load_waivers(o["waivers"]) if o["waivers"] else []
    except GateError as err:
        raise SetupError(str(err)) from None
    read: set[str] = set()
    report = judge(o, lambda branch: apply_waivers(branch, waivers, as_of_date(o)), files=files, read=read)
    report.waivers = waivers
    lang = o["lang"]

    chosen = [(i, b) for i, b in enumerate(report.branches, start=1) if needs_notice(b)]
    targets = [str(folder / name) for name in file_names(chosen)]
    _refuse_overwriting(o, files, config.file, targets, read)
    sheet = score_report(report)
    reply = reply_by.date() if reply_by else made_day(report) + dt.timedelta(days=REPLY_DAYS)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise SetupError(str(OutputError(out, err))) from None
    for (_, branch), target in zip(chosen, targets):
        write_atomic(target, notice_bytes(report, branch, lang, reply, sheet))
        if not quiet:
            click.echo(written_line(target), err=True)
    spared = len(report.branches) - len(chosen)
    if not quiet:
        click.echo(
            f"共 {len(chosen)} 份通知；{spared} 个基层工会无需整改，未发通知 / "
            f"{len(chosen)} notice(s); {spared} branch(es) had nothing to fix and get none",
            err=True,
        )


def _refuse_overwriting(o: dict, files: list[str], config_file, targets: list[str], read: set[str]) -> None:
    """A usage error, before any notice is written, for a notice that would be written over a file
    the run reads: a branch file, the waivers, the profile, a plugin, an evidence file."""
    _, inputs = outputs_and_inputs(o, files, config_file)
    outputs = [("-o", target) for target in targets]
    refuse_overwriting(outputs, inputs)
    looked_up = {real(path) for path in read}
    for target in targets:
        if os.path.isfile(target) and real(target) in looked_up:
            raise SetupError(
                f"-o 会覆盖佐证材料 {target}（检查时读取了它）：请换一个文件夹 / "
                f"-o would overwrite {target}, an evidence file this run reads: give another folder"
            )
