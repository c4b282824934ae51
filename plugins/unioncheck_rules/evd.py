"""EVD — 佐证材料: evidence files named in a branch file exist inside its directory,
and the records an inspection looks at list some."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from unioncheck import Inside, Param, Result, Status, format_path
from unioncheck import Text as T

from .branch import Branch, walked
from .registry import rule

BASIS = "县卫生健康局工会年度检查要求：会议纪要、签到表、选票、公开栏照片等佐证材料存档备查"

_WHY_NOT = {
    Inside.MISSING: T("文件不存在", "no such file"),
    Inside.ABSOLUTE: T(
        "不能用绝对路径，请写相对于本文件所在目录的路径",
        "absolute paths are not allowed: give a path relative to this file's directory",
    ),
    Inside.OUTSIDE: T(
        "指向本文件所在目录之外（.. 或符号链接），不予读取",
        "leads outside this file's directory (.. or a symlink) and is not followed",
    ),
    Inside.NOT_FILE: T("不是普通文件", "is not a regular file"),
    Inside.CASE: T(
        "与实际文件名的大小写不同（Windows 不区分大小写，共享仓库和 CI 区分）：请照实际文件名书写",
        "differs from the file's name in its capitals (Windows ignores them, the shared repository and CI do not): "
        "write it as the file is named",
    ),
}


def _evidence(every: Iterable[tuple[tuple, str, Any]]) -> Iterator[tuple[tuple, str]]:
    """(path, item) of every evidence item, in file order, from the fields (``fields``, or the
    document's shared walk)."""
    for path, key, value in every:
        if key == "evidence" and isinstance(value, list):
            yield from ((path + (i,), item) for i, item in enumerate(value))


@rule(
    "EVD001",
    "evidence-exists",
    "佐证材料文件存在",
    "Evidence files exist",
    BASIS,
    what=T(
        "每个 evidence 路径都指向本文件所在目录树内的一个已有文件（不能是绝对路径，不能用 .. 跳出，"
        "不能经符号链接指向外部）。",
        "Every evidence path names an existing file inside the branch file's directory tree (no absolute paths, no "
        ".. escaping it, no symlink leading out).",
    ),
    why=T(
        "检查时须能找到佐证材料；数据文件不能借路径读取别处的文件。",
        "Inspectors must find the evidence; a data file must not reach files elsewhere through a path.",
    ),
    fix=T(
        "把材料放到本文件所在目录下（如 evidence/2025/），并填写相对路径。",
        "Put the file under this file's directory (e.g. evidence/2025/) and give the relative path.",
    ),
    example="""
    evidence:
      - evidence/2025/congress-minutes.pdf
""",
)
def evidence_exists(branch: Branch, ctx):
    listed = list(_evidence(walked(branch.document).fields))
    if not listed:
        return [Result(Status.NA, T("没有登记佐证材料", "no evidence listed"))]
    directory = branch.document.directory
    results = []
    for path, relative in listed:
        verdict = ctx.files.inside(directory, relative)
        if verdict is not Inside.OK:
            results.append(
                Result(
                    Status.FAIL,
                    T(f"{format_path(path)}：{relative} ", f"{format_path(path)}: {relative} ") + _WHY_NOT[verdict],
                    path=path,
                )
            )
    return results or [
        Result(Status.PASS, T(f"{len(listed)} 个佐证材料文件均存在", f"all {len(listed)} evidence files exist"))
    ]


@rule(
    "EVD002",
    "evidence-listed",
    "重要记录附有佐证材料",
    "Key records list evidence",
    BASIS,
    params=(
        Param(
            "required_for",
            {"type": "array", "items": {"enum": ["congresses", "elections", "postings", "assistance"]}},
            T("须附佐证材料的记录类别", "kinds of record that must have evidence"),
        ),
    ),
    what=T(
        "配置中 required_for 所列种类的记录，凡在审计年度内的，至少登记一个佐证材料；缺少时警告，便于迎检前补齐。",
        "Records of the kinds the profile names in required_for, dated in the audit period, list at least one "
        "evidence file: a warning when missing, so a branch sees its to-do list before an inspection.",
    ),
    why=T(
        "上级检查时按佐证材料核实会议、选举和公开情况。",
        "Inspections verify sessions, elections and postings against their evidence.",
    ),
    fix=T(
        "扫描会议纪要、签到表等，放入 evidence/ 目录并登记路径。",
        "Scan the minutes and sign-in sheets, put them under evidence/ and list them.",
    ),
    example="""
congresses:
  - id: C2025-1
    evidence: [evidence/2025/congress-minutes.pdf]
""",
)
def evidence_listed(branch: Branch, ctx):
    kinds = ctx.params["required_for"]
    records = {
        "congresses": [(c.id, c.date, c.evidence, c.path) for c in branch.congresses],
        "elections": [(e.id, e.date, e.evidence, e.path) for e in branch.elections],
        "postings": [(f"{p.category} {p.covers}", p.start, p.evidence, p.path) for p in branch.postings],
        "assistance": [
            (f"{a.file} {a.date}", a.date, a.evidence, a.path)
            for a in (branch.hardship.assistance if branch.hardship else [])
        ],
    }
    due = [(kind, *r) for kind in kinds for r in records[kind] if ctx.in_period(r[1])]
    if not due:
        return [
            Result(Status.NA, T("审计年度内没有需要佐证材料的记录", "no record in the audit period needs evidence"))
        ]
    missing = [
        Result(Status.WARN, T(f"{name}（{day}）没有登记佐证材料", f"{name} ({day}) lists no evidence"), path=path)
        for kind, name, day, evidence, path in due
        if not evidence
    ]
    return missing or [
        Result(Status.PASS, T(f"{len(due)} 项记录均有佐证材料", f"all {len(due)} records list evidence"))
    ]
