"""Which branch files changed since a git revision (``--changed-since REF``).

Git prints file names as the bytes they are: they are decoded as the operating system
decodes names (``os.fsdecode``), so that a name that is not UTF-8 (a GBK name from a Windows
zip file) matches the same file found by walking the directory."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .loader import shown_path


class ChangesError(Exception):
    pass


def changed_files(ref: str, where: Path) -> set[str]:
    """Real paths of the files git reports as changed since ``ref``, untracked ones included."""

    def git(*args: str) -> str:
        try:
            run = subprocess.run(["git", *args], cwd=where, capture_output=True, timeout=120)
        except FileNotFoundError:
            raise ChangesError("找不到 git 命令 / git is not installed") from None
        if run.returncode != 0:
            said = run.stderr.decode("utf-8", "replace").strip()
            raise ChangesError(f"git {' '.join(args)}: {said}")
        return os.fsdecode(run.stdout)

    top = Path(git("rev-parse", "--show-toplevel").strip())
    try:
        git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ChangesError:
        shown = shown_path(ref)
        raise ChangesError(
            f"git 中没有版本 {shown} / git knows no revision '{shown}' (in a shallow CI clone, fetch it first)"
        ) from None
    names = git("diff", "--name-only", "--no-renames", "-z", ref, "--").split("\0")
    names += git("ls-files", "--others", "--exclude-standard", "-z", "--full-name").split("\0")
    return {os.path.realpath(top / name) for name in names if name}
