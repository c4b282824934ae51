"""``--new-since REF``: the gate fails only on findings the change adds.

REF's files (its committed tree, read with ``git archive`` into a temporary directory) are
judged by this same unioncheck, in a process of its own, with the options of this run that
decide a verdict, its reference date and its audit period; each tree keeps its own
configuration, waivers and profile. A warn, fail or error of this run that REF's run has too is
marked known, as a baseline marks it, so a deadline that passes (the calendar, not the change)
fails neither run's gate on its own: only what the change adds does.

Which findings of the two runs are the same one is decided by ``identity`` alone: the stable key.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import click
from click.core import ParameterSource

from .cli_params import SetupError
from .gate import FAIL_ON, subject_of
from .model import BranchReport, Result
from .paths import real, within

# options of ``check`` that decide a verdict, carried to REF's run when given on the command line
_CARRIED = {
    "profile": "--profile",
    "select": "--select",
    "ignore": "--ignore",
    "waivers": "--waivers",
    "plugins": "--plugin",
    "max_file_size": "--max-file-size",
    "rule_timeout": "--rule-timeout",
    "config_file": "--config",
}
_PATHS = {"waivers", "plugins", "config_file"}


def identity(branch: str, rule: str, status: str, key: str) -> tuple:
    """What makes a finding of one run the same finding in another: branch (code, or file relative
    to the repository), rule, status and the subject its stable key names (``keys``): a message
    that changes with an edited value does not make a finding new, a finding that grows worse
    (warn to fail) does."""
    return (branch, rule, status, subject_of(key))


class Introduced:
    """The findings REF has (a multiset of identities); ``mark`` tells this run's apart."""

    def __init__(self, ref: str, known: Counter, top: Path):
        self.ref, self.known, self.top = ref, known, top

    def mark(self, branch: BranchReport) -> None:
        """Mark each warn, fail and error known when REF has it too (one of REF's for one of
        ours), new otherwise; one a baseline already knows stays known."""
        label = branch.code or _relative(branch.file, self.top)
        for result in branch.results:
            if result.status not in FAIL_ON["warn"] or result.known is True:
                continue
            key = _identity_of(label, result)
            result.known = self.known[key] > 0
            if result.known:
                self.known[key] -= 1


def _identity_of(label: str, result: Result) -> tuple:
    return identity(label, result.rule, result.status.value, result.key or "")


def _relative(file: str, root: Path) -> str:
    if not within(real(file), real(root)) or real(file) == real(root):
        return file
    return Path(os.path.relpath(os.path.realpath(file), os.path.realpath(root))).as_posix()


def findings_at(ctx: click.Context, ref: str, day: dt.date, year: int) -> Introduced:
    """Judge REF's files as of ``day`` and return the findings it has."""
    from .changes import ChangesError, has_commits, revision_tree  # runs git: imported only when asked for

    try:
        if ref == "HEAD" and not has_commits(Path.cwd()):  # the first commit: nothing was there before
            return Introduced(ref, Counter(), Path.cwd())
        with revision_tree(ref, Path.cwd()) as (top, tree), tempfile.TemporaryDirectory() as out:
            return Introduced(ref, _judge_tree(ctx, ref, top, tree, Path(out), day, year), top)
    except ChangesError as err:
        raise SetupError(f"--new-since {ref}: {err}") from None


def _judge_tree(ctx, ref: str, top: Path, tree: Path, out: Path, day: dt.date, year: int) -> Counter:
    moved = _mover(top, tree)
    paths = [p for p in (moved(path) for path in ctx.params["paths"] or ()) if os.path.exists(p)]
    if not paths:
        return Counter()  # none of the data was there at REF: every finding is new
    baseline = out / "base.json"
    args = [*paths, *_carried(ctx, moved), "--as-of", day.isoformat(), "--year", str(year)]
    args += ["--no-cache", "--lang", "en", "-f", f"json:{out / 'base-report.json'}", "--write-baseline", str(baseline)]
    cwd = moved(os.getcwd())
    run = subprocess.run(
        [sys.executable, "-m", "unioncheck", "check", *args],
        cwd=cwd if os.path.isdir(cwd) else tree,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **_open_key_env(ctx)},
    )
    if run.returncode != 0:
        said = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SetupError(
            f"--new-since {ref}: {ref} 的文件无法检查，新增问题无从判断 / {ref}'s files could not be judged, "
            f"so what this change adds cannot be told: {said[-1] if said else f'exit status {run.returncode}'}"
        )
    findings = json.loads(baseline.read_text("utf-8"))["findings"]
    return Counter(identity(_relative(f["branch"], tree), f["rule"], f["status"], f["key"]) for f in findings)


def _open_key_env(ctx: click.Context) -> dict:
    """The open key (``--open-key``, sealed values) for REF's run too, as its text in the child's
    environment: REF's sealed ID numbers must be compared as this run's are, and the key never
    appears on a command line (which other users can list)."""
    key = ctx.params.get("open_key")
    return {"UNIONCHECK_OPEN_KEY": key.text()} if key is not None else {}


def _mover(top: Path, tree: Path):
    """A path of the working tree -> the same path in REF's copy (one outside the repository stays)."""
    top_real = real(top)

    def moved(path: str) -> str:
        if within(real(path), top_real):
            return str(tree / os.path.relpath(os.path.realpath(path), os.path.realpath(top)))
        return os.path.abspath(path)

    return moved


def _carried(ctx: click.Context, moved) -> list[str]:
    """The options given on the command line (or in the environment) that decide a verdict, paths
    moved into REF's copy; the rest REF's own configuration supplies."""
    args = []
    for name, flag in _CARRIED.items():
        if ctx.get_parameter_source(name) not in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            continue
        value = ctx.params[name]
        for one in value if isinstance(value, (list, tuple)) else [value]:
            if name in _PATHS or (name == "profile" and os.path.isfile(one)):
                one = moved(one)
            args += [flag, str(one)]
    if ctx.params.get("isolated"):
        args.append("--isolated")
    return args
