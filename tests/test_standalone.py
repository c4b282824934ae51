"""The project stands on its own: a fresh clone, with nothing beside it, has
everything its README, its tests and its users need.

The project is developed beside a read-only directory that no clone has; no
file of the project may send anyone there."""

import os
import shutil
import subprocess

from conftest import REPO

# written in two parts so that this file does not name what it looks for
OUTSIDE = ("../" + "shared", "..\\" + "shared", "RULEBOOK" + ".md")
SKIPPED_DIRS = {"__pycache__", "node_modules"}


def _project_files() -> list[str]:
    """The files git tracks, or, without git (an unpacked sdist), every file not hidden or built."""
    if shutil.which("git") and (REPO / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
        return [name for name in listed.decode("utf-8").split("\0") if name]
    found = []
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS and not d.endswith(".egg-info")]
        found += [os.path.relpath(os.path.join(root, f), REPO) for f in files]
    return found


def test_no_project_file_refers_to_the_directory_beside_it():
    offenders = []
    files = _project_files()
    assert any(name.endswith("README.md") for name in files)
    for name in files:
        path = REPO / name
        if not path.is_file():  # tracked but deleted in the working tree
            continue
        raw = path.read_bytes()
        if b"\0" in raw[:8192]:  # binary: images, PDFs
            continue
        text = raw.decode("utf-8", errors="replace")
        offenders += [f"{name}: {needle}" for needle in OUTSIDE if needle in text]
    assert not offenders, "files that refer outside the project: " + "; ".join(offenders)
