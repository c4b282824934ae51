"""The commands of sealed data: ``keygen`` makes a key pair, ``seal`` seals a data file's
personal values to a public key; and ``--open-key``, the option that gives a run the
private key that opens them (in memory only).

A YAML file is sealed to ``-o OUTPUT`` or ``--in-place`` (``sealing``: every other byte kept). A
workbook is sealed to a copy, ``X.sealed.xlsx`` beside it unless ``-o`` names another, and never
in place (``workbook_sealing`` says why); one open in Excel or WPS (its lock file ``~$X.xlsx``
beside it) is refused, as is a copy that is open.

Exit statuses of ``seal``: 0 sealed; 1 the file has problems that stop sealing (listed:
an invalid file, a value that fails its check — after sealing only the key's holder
could check it); 2 the command could not run (usage, a key file, the output, an open workbook).
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
from .loader import is_workbook, load, read_document
from .model import YEARS, Status
from .output import OutputError, check_writable, write_atomic
from .paths import open_in_office

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
    """A new file holding ``text``, never one that exists; its bytes as given on every system (O_BINARY:
    no CRLF on Windows). ``mode`` is the file's permissions where there are any (not on Windows, where
    the private key is as private as the folder it is written to)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        with os.fdopen(descriptor, "wb") as out:
            out.write(text.encode("ascii"))
    except OSError as err:
        raise SetupError(f"无法写入 {path} / cannot write {path}: {err.strerror}") from None


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the sealed file here (one FILE). A workbook's default: X.sealed.xlsx beside it.",
)
@click.option("--in-place", is_flag=True, help="Replace each YAML FILE by its sealed version (never a workbook).")
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

    A YAML file keeps every other byte. A workbook (.xlsx) is sealed to a copy, X.sealed.xlsx,
    to submit; the workbook itself is left as it is. Values already sealed to the key are left;
    values sealed to an older key are sealed again to this one when --open-key opens them.
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
    """(file, where its sealed version goes) for each file; the input is replaced only when asked,
    and a workbook never (its copy: ``workbook_sealing.default_target``)."""
    from .workbook_sealing import default_target, is_sealed_copy

    books = [f for f in files if is_workbook(f)]
    if in_place and output:
        raise SetupError("-o 与 --in-place 只能选一个 / give -o OUTPUT or --in-place, not both")
    if in_place and books:
        raise SetupError(_no_book_in_place(books[0], default_target(books[0])))
    if not in_place and not output and len(books) < len(files):
        raise SetupError(
            "请给出 -o 输出文件或 --in-place（二者选一；工作簿不需要，副本写到 X.sealed.xlsx）/ give -o OUTPUT or "
            "--in-place (one of them; a workbook needs neither: its sealed copy goes to X.sealed.xlsx)"
        )
    if output and len(files) > 1:
        raise SetupError("-o 只能用于一个文件；多个文件请用 --in-place / -o takes one FILE; for several use --in-place")
    if output and os.path.exists(output) and os.path.samefile(output, files[0]):
        raise SetupError(
            f"-o {output} 就是输入文件；要替换它请用 --in-place / -o {output} is the input file; to replace it, "
            "pass --in-place"
        )
    if output:
        _same_kind(files[0], output)
    for book in books if not output else ():
        if is_sealed_copy(book):
            raise SetupError(
                f"{book} 已是加密副本；要再加密（换新密钥），请用 -o 给出新文件名 / {book} is already a sealed copy; "
                "to seal it again (to a new key), name the new file with -o"
            )
    pairs = [(f, output or (f if in_place else default_target(f))) for f in files]
    for source, target in pairs:
        try:
            check_writable(target)
        except OutputError as err:
            raise SetupError(str(err)) from None
        if is_workbook(source):
            _refuse_open(source)
            _refuse_open(target)
    return pairs


def _same_kind(source: str, output: str) -> None:
    """A workbook's sealed copy is a workbook of its kind (.xlsx, .xlsm), a YAML file's is not a workbook."""
    want, got = os.path.splitext(source)[1].lower(), os.path.splitext(output)[1].lower()
    if is_workbook(source) != is_workbook(output) or (is_workbook(source) and want != got):
        raise SetupError(
            f"-o {output}：加密后的文件与 {source} 是同一种文件，文件名须以 {want or '.yaml'} 结尾 / "
            f"-o {output}: the sealed file is of the same kind as {source}: give a name ending in {want or '.yaml'}"
        )


def _refuse_open(path: str) -> None:
    """A usage error for a workbook open in Excel, WPS or LibreOffice: its unsaved edits are not in
    the file, and Windows does not let a file that is open be replaced."""
    said = open_in_office(path)
    if said:
        raise SetupError(said)


def _no_book_in_place(book: str, copy: str) -> str:
    return (
        f"{book} 是工作簿，不在原文件上加密：去掉 --in-place，加密副本会写到 {copy}（原工作簿保持不变，由您保留，"
        f"提交副本）/ {book} is a workbook, which is never sealed in place: without --in-place its sealed copy "
        f"goes to {copy} (your workbook is left as it is: keep it, and submit the copy)"
    )


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

    book = is_workbook(source)
    doc = read_document(source, layout=contract.layout) if book else load(source, spans=True)
    if doc.ok:
        contract.normalize(doc)  # as a check reads it; the sealed file keeps every other byte as written
        doc.problems.extend(contract.validate(doc))
    if not doc.ok:
        first = doc.problems[0]
        return [
            f"{first.location(doc.file)}: {first.message.zh} / {first.message.en}",
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
        done = _sealed_book(doc, contract, key, open_key) if book else seal_document(doc, contract, key, open_key)
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
    if book and target != source:
        _tell_copy(source, target, done.lost)
    return []


def _sealed_book(doc, contract, key, open_key):
    from .workbook_sealing import seal_workbook

    return seal_workbook(doc, contract, key, open_key)


def _tell_copy(source: str, target: str, lost: list) -> None:
    """What a workbook's sealed copy is for, and what of the workbook it does not keep."""
    click.echo(
        f"  请提交 {target}；{source} 未改动，留在本单位，不要提交 / submit {target}; {source} is unchanged: keep it "
        "in your unit and do not submit it",
        err=True,
    )
    if lost:
        click.echo(
            f"  副本中没有{'、'.join(t.zh for t in lost)}（原工作簿中仍有）/ the copy has no "
            f"{', '.join(t.en for t in lost)} (your workbook keeps them)",
            err=True,
        )


def _failed_checks(plan: engine.Plan, source: str, contract) -> list[str]:
    """The failures of the checks the contract names, at a sealable field, as located lines."""
    patterns = set(contract.annotated("sealable"))
    branch = engine.judge(plan, source, Clock(None)).branch()
    return [
        f"{r.location or branch.file}: {r.rule} {r.message.zh} / {r.message.en}"
        for r in branch.results
        if r.status in (Status.FAIL, Status.ERROR) and r.path is not None and pattern(tuple(r.path)) in patterns
    ]
