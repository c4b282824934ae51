"""What git says about the working tree: which files changed since a revision
(``--changed-since REF``), and a revision's files as they were (``--new-since REF``).

Git prints file names as the bytes they are: they are decoded as the operating system
decodes names (``os.fsdecode``), so that a name that is not UTF-8 (a GBK name from a Windows
zip file) matches the same file found by walking the directory. Nothing here writes to the
repository: a revision's files are read with ``git archive`` into a temporary directory."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .loader import shown_path
from .paths import real


class ChangesError(Exception):
    pass


def _git(where: Path, *args: str) -> bytes:
    try:
        run = subprocess.run(["git", *args], cwd=where, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise ChangesError("找不到 git 命令 / git is not installed") from None
    if run.returncode != 0:
        said = run.stderr.decode("utf-8", "replace").strip()
        raise ChangesError(f"git {' '.join(args)}: {said}")
    return run.stdout


def top_of(where: Path) -> Path:
    """The root of the git working tree ``where`` lies in."""
    return Path(os.fsdecode(_git(where, "rev-parse", "--show-toplevel")).strip())


def has_commits(where: Path) -> bool:
    """Whether the repository has a commit yet (before the first one, ``HEAD`` names none)."""
    try:
        _git(where, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except ChangesError:
        return False
    return True


def _verify(ref: str, where: Path) -> None:
    try:
        _git(where, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ChangesError:
        shown = shown_path(ref)
        raise ChangesError(
            f"git 中没有版本 {shown} / git knows no revision '{shown}' (in a shallow CI clone, fetch it first)"
        ) from None


def changed_files(ref: str, where: Path) -> set[str]:
    """Real paths (``paths.real``) of the files git reports as changed since ``ref``: changed,
    added, deleted (both names of a renamed file) and untracked ones; binary files (workbooks) too."""
    top = top_of(where)
    _verify(ref, where)
    names = os.fsdecode(_git(where, "diff", "--name-only", "--no-renames", "-z", ref, "--")).split("\0")
    names += os.fsdecode(_git(where, "ls-files", "--others", "--exclude-standard", "-z", "--full-name")).split("\0")
    return {real(top / name) for name in names if name}


@contextlib.contextmanager
def revision_tree(ref: str, where: Path):
    """The files of revision ``ref`` (its committed tree, as ``git archive`` gives it) in a
    temporary directory, removed afterwards. Yields (the working tree's root, the copy's root)."""
    top = top_of(where)
    _verify(ref, where)
    archive = _git(where, "archive", "--format=tar", f"{ref}^{{commit}}")
    with tempfile.TemporaryDirectory(prefix="unioncheck-base-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, filter="data")  # no link or name leads out of the copy
            else:  # pragma: no cover - Python before 3.10.12: git's own archive of a commit
                tar.extractall(tmp)
        yield top, Path(tmp)
