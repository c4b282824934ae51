"""Evidence lookups (``ctx.files.inside``): where a path written in a data file leads.

The common case is answered with one ``lstat`` per name; a symlink on the way is
followed by ``realpath``. Both must give the answers below, and the same answers as
the plain definition (realpath, then exists / isfile) on every path of the tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unioncheck.files import Files, Inside, _within


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    branch = tmp_path / "branch"
    (branch / "evidence" / "deep").mkdir(parents=True)
    (branch / "evidence" / "minutes.pdf").write_bytes(b"%PDF")
    (branch / "evidence" / "deep" / "plan.pdf").write_bytes(b"%PDF")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.pdf").write_bytes(b"%PDF")
    (branch / "inner-link.pdf").symlink_to("evidence/minutes.pdf")
    (branch / "dir-link").symlink_to("evidence")
    (branch / "out-link.pdf").symlink_to("../secret.pdf")
    (branch / "out-dir").symlink_to(tmp_path / "elsewhere")
    (branch / "dangling.pdf").symlink_to("evidence/gone.pdf")
    (branch / "loop").symlink_to("loop")
    return branch


CASES = {
    "evidence/minutes.pdf": Inside.OK,
    "evidence/deep/plan.pdf": Inside.OK,
    "./evidence/../evidence/minutes.pdf": Inside.OK,
    "evidence": Inside.NOT_FILE,
    ".": Inside.NOT_FILE,
    "evidence/missing.pdf": Inside.MISSING,
    "nowhere/missing.pdf": Inside.MISSING,
    "evidence/minutes.pdf/inside": Inside.MISSING,
    "../secret.pdf": Inside.OUTSIDE,
    "evidence/../../secret.pdf": Inside.OUTSIDE,
    "/etc/passwd": Inside.ABSOLUTE,
    "C:\\evidence\\minutes.pdf": Inside.ABSOLUTE,
    "inner-link.pdf": Inside.OK,
    "dir-link/minutes.pdf": Inside.OK,
    "dir-link/deep": Inside.NOT_FILE,
    "out-link.pdf": Inside.OUTSIDE,
    "out-dir/x.pdf": Inside.OUTSIDE,
    "dangling.pdf": Inside.MISSING,
    "loop": Inside.MISSING,
}


@pytest.mark.parametrize("relative", CASES)
def test_each_kind_of_path_is_answered(tree, relative):
    assert Files().inside(tree, relative) == CASES[relative]


def _by_definition(directory: Path, relative: str) -> Inside:
    """The plain definition, with no shortcut: every name resolved by realpath."""
    if os.path.isabs(relative) or "\\" in relative:
        return Inside.ABSOLUTE
    root = os.path.realpath(directory)
    lexical = os.path.normpath(os.path.join(root, relative))
    real = os.path.realpath(lexical)
    if not _within(lexical, root) or not _within(real, root):
        return Inside.OUTSIDE
    if not os.path.lexists(lexical) or not os.path.exists(real):
        return Inside.MISSING
    return Inside.OK if os.path.isfile(real) else Inside.NOT_FILE


def test_every_path_of_the_tree_answers_as_the_definition_does(tree):
    names = [str(p.relative_to(tree)) for p in tree.rglob("*")]
    names += [n + "/more" for n in names] + ["../" + tree.name + "/" + n for n in names]
    files = Files()
    assert len(names) >= 30
    for relative in names:
        assert files.inside(tree, relative) == _by_definition(tree, relative), relative


def test_lookups_are_recorded_and_asked_again(tree):
    files = Files()
    files.recorded = []
    files.inside(tree, "evidence/minutes.pdf")
    lookups = tuple(files.recorded)
    assert lookups == ((str(tree), "evidence/minutes.pdf", "ok"),)
    assert files.still(lookups)
    (tree / "evidence" / "minutes.pdf").unlink()
    assert not files.still(lookups)
