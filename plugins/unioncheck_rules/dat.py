"""DAT — the data itself: schema validity, ids and references, freshness."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Iterable, Iterator

from unioncheck import Document, Param, Result, Status, format_path, pattern
from unioncheck import Text as T

from .branch import Branch, walked
from .contract import CONTRACT
from .dates import period_of
from .registry import rule
from .twins import other_forms
from .values import DAYS

BASIS = "unioncheck 数据格式第 1 版（contract/branch-example.yaml）/ unioncheck data contract, version 1"

# Dates of something that happened (the schema's date role "event"); planned dates may lie ahead.
EVENT_DATES = frozenset(where for where, role in CONTRACT.annotated("date").items() if role == "event")
_EVENT_KEYS = frozenset(where[-1] for where in EVENT_DATES)  # a quick first test, field by field


@rule(
    "DAT001",
    "schema-valid",
    "数据文件符合格式",
    "File matches the schema",
    BASIS,
    raw=True,
    what=T(
        "文件可以读取且符合 JSON Schema；每个问题给出文件、行、列（工作簿：工作表和单元格）、字段路径和修改提示。"
        "不符合的文件为错误，不再运行其他规则。工作簿中照常检查、但容易被忽略的内容（隐藏的行、列和工作表，"
        "没有运行的宏，没有更新的外部链接，没有读取的其他工作表）为警告。",
        "The file can be read and matches the schema: every problem with file, line, column (in a workbook: sheet "
        "and cell), field path and a fix hint. An invalid file is an error and no other rule runs on it. What a "
        "workbook holds that is checked all the same but easily missed (hidden rows, columns and sheets, a macro "
        "not run, external links not updated, another sheet not read) is a warning.",
    ),
    why=T("只有格式正确的数据才能被可靠地判断。", "Only well-formed data can be judged reliably."),
    fix=T(
        "按提示修改所指的行；在编辑器中使用 `unioncheck schema` 输出的 Schema 可边写边检查。",
        "Fix the line shown; point your editor at `unioncheck schema` to check as you type.",
    ),
    example="""
congresses:
  - date: 2025-03-14     # not 2025/3/14 or 2025年3月14日
""",
)
def schema_valid(doc: Document, ctx):
    found = [(Status.ERROR, p) for p in doc.problems] + [(Status.WARN, p) for p in doc.warnings]
    return [
        Result(status, p.message, path=p.path, location=p.location(doc.file), subject=_cell_subject(p))
        for status, p in found
    ]


def _cell_subject(problem) -> str | None:
    """A workbook's problem with no data path is named by its sheet and cell (``职代会!B3``) in finding keys."""
    if problem.path or problem.sheet is None:
        return None
    return f"{problem.sheet}!{problem.cell}" if problem.cell else problem.sheet


def _ids(data: dict) -> Iterator[tuple[str, str, tuple]]:
    """(kind, id, path) of every record id in a file."""
    for i, c in enumerate(data.get("congresses") or []):
        yield "congress", c["id"], ("congresses", i, "id")
        for j, r in enumerate(c.get("resolutions") or []):
            yield "resolution", r["id"], ("congresses", i, "resolutions", j, "id")
        for j, p in enumerate(c.get("proposals") or []):
            yield "proposal", p["id"], ("congresses", i, "proposals", j, "id")
    for i, m in enumerate(data.get("member_assemblies") or []):
        yield "assembly", m["id"], ("member_assemblies", i, "id")
    for i, k in enumerate(data.get("collective_contracts") or []):
        yield "contract", k["id"], ("collective_contracts", i, "id")
    for i, p in enumerate(data.get("performance_pay_plans") or []):
        yield "plan", p["id"], ("performance_pay_plans", i, "id")
    for i, e in enumerate(data.get("elections") or []):
        yield "election", e["id"], ("elections", i, "id")
    for i, f in enumerate((data.get("hardship") or {}).get("files") or []):
        yield "file", f["id"], ("hardship", "files", i, "id")


def _references(data: dict, ids: dict[str, set]) -> Iterator[Result]:
    for i, p in enumerate(data.get("performance_pay_plans") or []):
        if p.get("approved_by") and p["approved_by"] not in ids["resolution"]:
            yield Result(
                Status.ERROR,
                T(
                    f"方案 {p['id']} 的 approved_by {p['approved_by']} 不是任何决议的 id",
                    f"plan {p['id']}: approved_by {p['approved_by']} names no resolution",
                ),
                path=("performance_pay_plans", i, "approved_by"),
            )
    for i, k in enumerate(data.get("collective_contracts") or []):
        if k.get("approved_by") and k["approved_by"] not in ids["resolution"]:
            yield Result(
                Status.ERROR,
                T(
                    f"集体合同 {k['id']} 的 approved_by {k['approved_by']} 不是任何决议的 id",
                    f"collective contract {k['id']}: approved_by {k['approved_by']} names no resolution",
                ),
                path=("collective_contracts", i, "approved_by"),
            )
    for i, m in enumerate(data.get("member_assemblies") or []):
        if m.get("joint_with") and m["joint_with"] not in ids["congress"]:
            yield Result(
                Status.ERROR,
                T(
                    f"会员大会 {m['id']} 的 joint_with {m['joint_with']} 不是任何职代会的 id",
                    f"member assembly {m['id']}: joint_with {m['joint_with']} names no congress session",
                ),
                path=("member_assemblies", i, "joint_with"),
            )
    for i, a in enumerate((data.get("hardship") or {}).get("assistance") or []):
        if a["file"] not in ids["file"]:
            yield Result(
                Status.ERROR,
                T(
                    f"帮扶记录引用的档案 {a['file']} 不存在",
                    f"assistance names hardship file {a['file']}, which does not exist",
                ),
                path=("hardship", "assistance", i, "file"),
            )
    events = ids["congress"] | ids["plan"] | ids["election"]
    for i, p in enumerate(data.get("postings") or []):
        covers = str(p["covers"])
        if period_of(covers) is None and covers not in events:
            yield Result(
                Status.ERROR,
                T(
                    f"公开记录的 covers {covers} 既不是期间（2025、2025-H1、2025-Q3）也不是会议、方案或选举的 id",
                    f"posting covers {covers}, which is neither a period (2025, 2025-H1, 2025-Q3) nor a session, plan "
                    "or election id",
                ),
                path=("postings", i, "covers"),
            )


def _ids_and_references_of(branch: Branch, ctx):
    """DAT002's summary of a branch: its code, its file, how many ids it has, what is wrong with its own
    ids and references (located now: the document is gone when the check runs), and where its code is."""
    problems, ids, seen = [], defaultdict(set), {}
    for kind, record_id, path in _ids(branch.document.data):
        if record_id in seen:
            problems.append(
                Result(
                    Status.ERROR,
                    T(
                        f"编号 {record_id} 重复（另见 {format_path(seen[record_id])}）",
                        f"id {record_id} is used twice (also at {format_path(seen[record_id])})",
                    ),
                    path=path,
                )
            )
        seen.setdefault(record_id, path)
        ids[kind].add(record_id)
    problems.extend(_references(branch.document.data, ids))
    for problem in problems:
        if problem.path is not None:
            problem.location = branch.document.locate(problem.path)
    return branch.code, branch.file, len(seen), problems, branch.document.locate(("branch", "code"))


@rule(
    "DAT002",
    "ids-and-references",
    "编号唯一、引用有效",
    "Ids unique, references resolve",
    BASIS,
    scope="dataset",
    summarise=_ids_and_references_of,
    what=T(
        "文件内的编号（会议、决议、提案、会员大会、方案、集体合同、选举、档案）唯一；approved_by、joint_with、"
        "assistance[].file 和指向事项的 covers 都能找到；同时检查的所有文件中基层工会代码唯一。"
        "同一基层工会的 YAML 文件和工作簿一起检查时，报一个错误（同一基层工会出现两次），请只保留一种。",
        "Ids (sessions, resolutions, proposals, member assemblies, plans, collective contracts, elections, hardship "
        "files) are unique within a file; approved_by, joint_with, assistance[].file and covers naming an event "
        "resolve; branch codes are unique across all files checked "
        "together. A branch checked in two forms, its YAML file and its workbook, is one error (the same branch "
        "twice): keep one.",
    ),
    why=T(
        "编号重复或引用落空时，规则无法判断指的是哪条记录。",
        "With a duplicate id or a dangling reference no rule can tell which record is meant.",
    ),
    fix=T("改正重复的编号或引用中的拼写。", "Make the id unique, or correct the spelling of the reference."),
    example="""
performance_pay_plans:
  - approved_by: C2025-1-R2    # must be a resolution id in congresses
""",
)
def ids_and_references(summaries, ctx):
    # one walk finds the codes used twice (remembering only where each code was first seen) and
    # the branches checked in two forms, a second gives each branch its findings, in order
    first, files_of, entries = {}, {}, []
    for code, file, *_ in summaries:
        entries.append((code, file))
        if code not in first:
            first[code] = file
        elif code in files_of:
            files_of[code].append(file)
        else:
            files_of[code] = [first[code], file]
    del first
    forms = other_forms(entries)  # a YAML file and a workbook of one branch
    for position, (code, file, count, problems, code_at) in enumerate(summaries):
        results = []
        twins = [entries[i][1] for i in forms.get(position, ())]
        if twins:
            results.append(_same_branch_twice(code, file, twins, code_at))
        others = [f for f in files_of.get(code, ()) if f != file and f not in twins]
        if others:
            results.append(
                Result(
                    Status.ERROR,
                    T(
                        f"基层工会代码 {code} 与 {', '.join(others)} 重复",
                        f"branch code {code} is also used by {', '.join(others)}",
                    ),
                    path=("branch", "code"),
                    location=code_at,
                )
            )
        results.extend(problems)
        yield (
            position,
            results
            or [
                Result(
                    Status.PASS, T(f"{count} 个编号唯一，引用均有效", f"{count} ids unique, every reference resolves")
                )
            ],
        )


def _same_branch_twice(code, file: str, twins: list[str], code_at) -> Result:
    """The one finding about a branch checked in two forms (YAML and a workbook): keep one."""
    named = f"基层工会 {code}" if code else "同一基层工会"
    named_en = f"branch {code}" if code else "the same branch"
    return Result(
        Status.ERROR,
        T(
            f"同一基层工会出现两次：{file} 与 {'、'.join(twins)} 是{named}的两种形式（YAML 文件和工作簿），一起检查"
            "会被当成两个单位、每份困难职工档案两次建档。请只保留一种：把另一份删除或移出检查的目录"
            "（unioncheck convert 可在两种形式之间转换）",
            f"the same branch twice: {file} and {', '.join(twins)} are {named_en} in two forms (a YAML file and a "
            "workbook), and checked together they would count as two branches with every hardship file filed "
            "twice. Keep one form: delete the other or move it out of the folder checked (unioncheck convert "
            "converts between them)",
        ),
        path=("branch", "code"),
        location=code_at,
    )


@rule(
    "DAT003",
    "data-fresh",
    "数据及时更新",
    "Data kept up to date",
    BASIS,
    params=(
        Param(
            "max_age_days",
            DAYS,
            T("data_as_of 早于参考日的最多天数", "most days data_as_of may lie before the reference date"),
        ),
    ),
    what=T(
        "branch.data_as_of 距参考日不超过 max_age_days 天，否则警告。",
        "branch.data_as_of is no more than max_age_days before as_of; older is a warning.",
    ),
    why=T("过期的数据会让检查结论失真。", "Stale data makes the verdict unreliable."),
    fix=T("更新文件内容，并把 data_as_of 改为更新日期。", "Bring the file up to date and set data_as_of to that date."),
    example="""
branch:
  data_as_of: 2025-12-20
""",
)
def data_fresh(branch: Branch, ctx):
    age = (ctx.as_of - branch.data_as_of).days
    limit = ctx.params["max_age_days"]
    path = ("branch", "data_as_of")
    if age > limit:
        return [
            Result(
                Status.WARN,
                T(
                    f"数据更新于 {branch.data_as_of}，已 {age} 天未更新（上限 {limit} 天）",
                    f"data last updated {branch.data_as_of}, {age} days ago (limit {limit})",
                ),
                path=path,
            )
        ]
    return [Result(Status.PASS, T(f"数据更新于 {branch.data_as_of}", f"data updated {branch.data_as_of}"), path=path)]


def _record_dates(every: Iterable[tuple[tuple, str, Any]]) -> Iterator[tuple[tuple, dt.date]]:
    """(path, date) of every event date in a valid file, in file order (a list of dates: each one),
    from its fields (``fields``, or the document's shared walk)."""
    for path, key, value in every:
        if key not in _EVENT_KEYS or pattern(path) not in EVENT_DATES:
            continue
        if isinstance(value, str):
            yield path, dt.date.fromisoformat(value)
        elif isinstance(value, list):
            yield from ((path + (i,), dt.date.fromisoformat(v)) for i, v in enumerate(value))


@rule(
    "DAT004",
    "dates-not-after-file",
    "记录日期不晚于数据日期",
    "No record dated after data_as_of",
    BASIS,
    what=T(
        "记录的日期（会议、选举、复核、公开、帮扶等）不应晚于文件自身的 data_as_of，否则很可能是笔误，"
        "给出警告并指出字段。计划性的日期（effective_from/to、until、公开截止日）不在此列。",
        "No record (session, election, review, posting, assistance…) is dated after the file's own data_as_of — a "
        "likely typo: a warning naming the field. Planned dates (effective_from/to, until, a posting's end) are "
        "exempt.",
    ),
    why=T(
        "晚于数据日期的记录通常是年份或月份写错。",
        "A record dated after the file was updated is usually a mistyped year or month.",
    ),
    fix=T(
        "核对该日期；如果记录确实较新，同时更新 data_as_of。",
        "Check the date; if the record really is newer, update data_as_of too.",
    ),
    example="""
branch:
  data_as_of: 2025-12-20
congresses:
  - date: 2025-03-14    # not 2052-03-14
""",
)
def dates_not_after_file(branch: Branch, ctx):
    limit = branch.data_as_of
    return [
        Result(
            Status.WARN,
            T(
                f"{format_path(path)} 为 {day}，晚于数据日期 {limit}，是否笔误？",
                f"{format_path(path)} is {day}, after data_as_of {limit}: a typo?",
            ),
            path=path,
        )
        for path, day in _record_dates(walked(branch.document).fields)
        if day > limit
    ] or [Result(Status.PASS, T(f"所有记录日期都不晚于 {limit}", f"no record is dated after {limit}"))]


_SPANS = (("effective_from", "effective_to"), ("from", "to"))  # the fields that open and close a period


def _periods(mappings: Iterable[tuple[tuple, dict]]) -> Iterator[tuple[tuple, str, str, dt.date, dt.date]]:
    """``_spans`` from the document's mappings in file order (its shared walk): a test proves it equal."""
    for path, node in mappings:
        for start, end in _SPANS:
            if isinstance(node.get(start), str) and isinstance(node.get(end), str):
                yield path, start, end, dt.date.fromisoformat(node[start]), dt.date.fromisoformat(node[end])


def _spans(node, path: tuple = ()) -> Iterator[tuple[tuple, str, str, dt.date, dt.date]]:
    """(path, start key, end key, start, end) of every record with both ends of a period, in file
    order: the plain way, walking the data (the rule uses ``_periods``)."""
    if isinstance(node, dict):
        for start, end in _SPANS:
            if isinstance(node.get(start), str) and isinstance(node.get(end), str):
                yield path, start, end, dt.date.fromisoformat(node[start]), dt.date.fromisoformat(node[end])
        for key, value in node.items():
            yield from _spans(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _spans(value, path + (i,))


@rule(
    "DAT005",
    "periods-in-order",
    "期间的止日不早于起日",
    "No period ends before it begins",
    BASIS,
    what=T(
        "有起止日期的记录（绩效工资方案、集体合同的 effective_from … effective_to，公示和公开的 from … to）"
        "止日不早于起日，否则数据有误：报错误并指出两个字段。",
        "A record with both ends of a period (a plan's or contract's effective_from … effective_to, a publicity's "
        "or posting's from … to) does not end before it begins; otherwise the data is wrong: an error naming both "
        "fields.",
    ),
    why=T(
        "止日早于起日的期间一天也不存在，规则无法判断它何时有效，多半是年份写错。",
        "A period that ends before it begins has no day in it: no rule can tell when it held; usually a mistyped year.",
    ),
    fix=T("核对起止日期，改正写错的一个。", "Check both dates and correct the one mistyped."),
    example="""
collective_contracts:
  - id: HT2024
    effective_from: 2024-04-20
    effective_to: 2027-04-19    # not 2024-01-19
""",
)
def periods_in_order(branch: Branch, ctx):
    return [
        Result(
            Status.ERROR,
            T(
                f"{format_path(path)}：{end_key} {end} 早于 {start_key} {start}，数据有误",
                f"{format_path(path)}: {end_key} {end} is before {start_key} {start}; fix the data",
            ),
            path=path + (end_key,),
        )
        for path, start_key, end_key, start, end in _periods(walked(branch.document).mappings)
        if end < start
    ] or [Result(Status.PASS, T("所有期间的止日都不早于起日", "no period ends before it begins"))]
