"""The commands of sealed data: ``keygen`` makes a key pair, ``seal`` seals a data file's
personal values to a public key; and ``--open-key``, the option that gives a run the
private key that opens them (in memory only).

Exit statuses of ``seal``: 0 sealed; 1 the file has problems that stop sealing (listed:
an invalid file, a value that fails its check — after sealing only the key's holder
could check it); 2 the command could not run (usage, a key file, the output).
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import click
from click.core import ParameterSource

from . import engine, sealed
from .assemble import build_profile, build_rules
from .cli_params import SetupError, plugin_option, profile_option
from .contract import pattern
from .limits import Clock
from .loader import load
from .model import YEARS, Status
from .output import OutputError, check_writable, write_atomic

ENV_OPEN_KEY = "UNIONCHECK_OPEN_KEY"


def _open_key(ctx, param, value):
    """The private key ``--open-key`` names (a file), or ``UNIONCHECK_OPEN_KEY`` holds (the key's
    text itself, or a file). A value from the environment is never quoted: it may be a secret."""
    if not value:
        return None
    try:
        if ctx.get_parameter_source(param.name) == ParameterSource.ENVIRONMENT:
            if value.strip().startswith((sealed.PRIVATE_TAG, sealed.PUBLIC_TAG)):
                return sealed.private_from_text(value, ENV_OPEN_KEY)
            if not os.path.isfile(value):
                raise SetupError(
                    f"{ENV_OPEN_KEY} 既不是私钥文本，也不是存在的密钥文件 / {ENV_OPEN_KEY} holds neither a private "
                    "key's text nor the path of a key file that exists"
                )
        return sealed.read_private(value)
    except sealed.KeyFileError as err:
        raise SetupError(f"--open-key: {err}") from None


def open_key_option(f):
    return click.option(
        "--open-key",
        type=click.Path(),  # a folder, a missing file: said by sealed.read_private, in both languages
        envvar=ENV_OPEN_KEY,
        callback=_open_key,
        help=f"The bureau union's private key file: opens sealed values in memory (or {ENV_OPEN_KEY}: "
        "the key's text or its file).",
    )(f)


@click.command()
@click.argument("prefix", type=click.Path(dir_okay=False))
def keygen(prefix: str) -> None:
    """Make a key pair: PREFIX.key (private, the bureau's only) and PREFIX.pub (for the branches)."""
    private, public = f"{prefix}.key", f"{prefix}.pub"
    for path in (private, public):
        if os.path.lexists(path):
            raise SetupError(f"{path} 已存在，不会覆盖 / {path} exists and is not overwritten: choose another name")
    try:
        check_writable(private)
    except OutputError as err:
        raise SetupError(str(err)) from None
    key = sealed.keygen()
    _write_new(private, key.text(), 0o600)
    _write_new(public, key.public.text(), 0o644)
    click.echo(
        f"已生成密钥 {key.key_id}：私钥 {private}（只留在局工会，切勿提交到仓库），公钥 {public}（发给各基层工会）/ "
        f"key {key.key_id} made: private {private} (stays with the bureau union, never committed), "
        f"public {public} (for the branches)",
        err=True,
    )


def _write_new(path: str, text: str, mode: int) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(text)
    except OSError as err:
        raise SetupError(f"无法写入 {path} / cannot write {path}: {err.strerror}") from None


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the sealed file here (one FILE).")
@click.option("--in-place", is_flag=True, help="Replace each FILE by its sealed version.")
@click.option("--to", "public", required=True, type=click.Path(), help="The public key (.pub).")
@click.option(
    "--force",
    is_flag=True,
    help="Seal even values that fail their check (an ID check digit): after sealing only the bureau can check them.",
)
@open_key_option
@profile_option
@plugin_option
def seal(files, output, in_place, public, force, open_key, profile, plugins) -> None:
    """Seal the personal data of branch files (hardship names, ID numbers) to the bureau's public key.

    Every other byte of the file is kept. Values already sealed to the key are left; values
    sealed to an older key are sealed again to this one when --open-key opens them.
    Exit status: 0 sealed; 1 problems stop sealing (listed); 2 usage, key or output errors.
    """
    targets = _targets(files, output, in_place)
    try:
        key = sealed.read_public(public)
    except sealed.KeyFileError as err:
        raise SetupError(f"--to: {err}") from None
    rules, registered, contract = build_rules(plugins)
    plan = _checks(rules, registered, contract, profile, open_key)
    problems = []
    for source, target in targets:
        problems += _seal_one(source, target, contract, plan, key, open_key, force)
    if problems:
        for line in problems:
            click.echo(line, err=True)
        sys.exit(1)


def _targets(files, output, in_place) -> list[tuple[str, str]]:
    """(file, where its sealed version goes) for each file; the input is replaced only when asked."""
    if in_place == bool(output):
        raise SetupError("请给出 -o 输出文件或 --in-place（二者选一）/ give -o OUTPUT or --in-place (one of them)")
    if output and len(files) > 1:
        raise SetupError("-o 只能用于一个文件；多个文件请用 --in-place / -o takes one FILE; for several use --in-place")
    if output and os.path.exists(output) and os.path.samefile(output, files[0]):
        raise SetupError(
            f"-o {output} 就是输入文件；要替换它请用 --in-place / -o {output} is the input file; to replace it, "
            "pass --in-place"
        )
    pairs = [(f, f) for f in files] if in_place else [(files[0], output)]
    for _, target in pairs:
        try:
            check_writable(target)
        except OutputError as err:
            raise SetupError(str(err)) from None
    return pairs


def _checks(rules, registered, contract, profile, open_key) -> engine.Plan | None:
    """The plan that runs the rules the contract names for sealable fields (HRD003 for an ID
    number), over every record whatever its date, before the values are sealed."""
    codes = tuple(sorted({v for v in contract.annotated("sealable").values() if isinstance(v, str)}))
    if not codes:
        return None
    last = dt.date(YEARS.stop - 1, 12, 31)  # every record on file exists by then
    settings = engine.Settings(
        last, last.year, build_profile(profile, rules, registered), select=codes, contract=contract, open_key=open_key
    )
    settings.rule_seconds = None
    return engine.Plan.of(rules, settings)


def _seal_one(source, target, contract, plan, key, open_key, force) -> list[str]:
    """Seal ``source`` into ``target``; the problems that stopped it (none when it was written)."""
    from .sealing import SealRefused, seal_document

    doc = load(source, spans=True)
    if doc.ok:
        contract.normalize(doc)  # as a check reads it; the sealed file keeps every other byte as written
        doc.problems.extend(contract.validate(doc))
    if not doc.ok:
        first = doc.problems[0]
        at = f"{doc.file}:{first.line}" if first.line else doc.file
        return [
            f"{at}: {first.message.zh} / {first.message.en}",
            f"{doc.file}：文件无效，未加密；请先用 unioncheck check 修正 / {doc.file}: the file is not valid and was "
            "not sealed; fix it first (unioncheck check)",
        ]
    failed = _failed_checks(plan, source, contract) if plan and not force else []
    if failed:
        return failed + [
            f"{doc.file}：以上问题须在加密前改正（加密后只有局工会能核对），未加密；确认无误可加 --force / "
            f"{doc.file}: fix the problems above before sealing (once sealed, only the bureau can check them); "
            "not sealed (--force seals anyway)"
        ]
    try:
        done = seal_document(doc, contract, key, open_key)
    except SealRefused as err:
        return [str(err)]
    write_atomic(target, done.content)
    count = done.sealed + done.resealed
    click.echo(
        f"{target}：加密 {count} 个值（其中改加密 {done.resealed} 个），{done.kept} 个已加密未改，密钥 {key.key_id} / "
        f"{target}: sealed {count} values ({done.resealed} re-sealed from another key), {done.kept} already sealed "
        f"and left, key {key.key_id}",
        err=True,
    )
    return []


def _failed_checks(plan: engine.Plan, source: str, contract) -> list[str]:
    """The failures of the checks the contract names, at a sealable field, as located lines."""
    patterns = set(contract.annotated("sealable"))
    branch = engine.judge(plan, source, Clock(None)).branch()
    return [
        f"{r.location or branch.file}: {r.rule} {r.message.zh} / {r.message.en}"
        for r in branch.results
        if r.status in (Status.FAIL, Status.ERROR) and r.path is not None and pattern(tuple(r.path)) in patterns
    ]
