"""The branch file's JSON Schema (draft 2020-12) and validation against it.

Validation turns each schema error into a located ``Problem`` with a message
in both languages and a fix hint: the closest valid value for an unknown
enum value or key, the ISO form for a date written another way. Values of
personal fields (``name``, ``id_number``) are never echoed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from . import validation
from .loader import Document, Problem
from .model import DataPath, Text
from .privacy import shown_key
from .privacy import shown_value as _shown

SCHEMA_FILE = "branch-v1.schema.json"

_OTHER_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


@lru_cache(maxsize=1)
def branch_schema() -> dict:
    return json.loads((Path(__file__).parent / "schemas" / SCHEMA_FILE).read_text("utf-8"))  # a file of the package


@lru_cache(maxsize=1)
def _branch_validator() -> validation.Validator:
    return validation.validator(branch_schema())


def validate(doc: Document) -> list[Problem]:
    """Schema problems of a loaded document, in file order, one per field."""
    problems: dict[DataPath, Problem] = {}
    for error in _branch_validator().errors(doc.data):
        for path, message in _explain(error):
            problems.setdefault(path, Problem(message, path=path))
    located = []
    for path, problem in problems.items():
        loc = doc.locate(path)
        problem.line, problem.column = loc.line, loc.column
        located.append(problem)
    located.sort(key=lambda p: (p.line or 0, p.column or 0))
    return located


def format_path(path: DataPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def iso_date_hint(value: Any) -> str | None:
    """The ISO form of a date written another way (2025/3/14, 2025年3月14日, 20250314)."""
    if not isinstance(value, (str, int)):
        return None
    match = _OTHER_DATE.match(str(value)) or _COMPACT_DATE.match(str(value))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


def _closest(word: Any, choices: list[str]) -> str | None:
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return found[0] if found else None


# What users type in Chinese where the contract wants the English value.
_CHINESE_VALUES = {
    "医院": "hospital",
    "县医院": "hospital",
    "人民医院": "hospital",
    "综合医院": "hospital",
    "中医院": "tcm_hospital",
    "中医医院": "tcm_hospital",
    "妇幼保健院": "maternal_child",
    "妇幼": "maternal_child",
    "卫生院": "township_health_center",
    "乡镇卫生院": "township_health_center",
    "疾控中心": "cdc",
    "疾病预防控制中心": "cdc",
    "卫生监督所": "health_supervision",
    "监督执法局": "health_supervision",
    "其他": "other",
    "职工代表大会": "representative",
    "职代会": "representative",
    "职工大会": "general",
    "换届选举": "general",
    "换届": "general",
    "增补": "by_election",
    "补选": "by_election",
    "在档": "active",
    "退出": "exited",
    "已退出": "exited",
    "绩效工资": "performance_pay",
    "工作报告": "work_report",
    "财务报告": "financial_report",
    "集体合同": "collective_contract",
    "收入好转": "income_recovered",
    "退休": "retired",
    "调离": "transferred",
    "去世": "deceased",
}

_TYPE_ZH = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true/false",
    "object": "键值映射",
    "array": "列表",
    "null": "空值",
}


def _explain(error) -> Iterator[tuple[DataPath, Text]]:
    path: DataPath = tuple(error.absolute_path)
    where = format_path(path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        present = set(value) if isinstance(value, dict) else set()
        for name in expected:
            if name not in present:
                yield (
                    path + (name,),
                    Text(
                        f"{where}：缺少必填字段 {name}，请补上", f"{where}: required field '{name}' is missing; add it"
                    ),
                )
    elif kind == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        for name in value:
            if name not in known:
                near = _closest(name, known)
                yield (
                    path + (name,),
                    Text(
                        f"{where}：未知字段 {shown_key(name)}"
                        + (f"，是否应为 {near}？" if near else f"；可用字段：{', '.join(known)}"),
                        f"{where}: unknown field {shown_key(name)}"
                        + (f"; did you mean '{near}'?" if near else f"; known fields: {', '.join(known)}"),
                    ),
                )
    elif kind == "enum":
        near = _closest(value, [str(v) for v in expected])
        if isinstance(value, str) and _CHINESE_VALUES.get(value.strip()) in expected:
            near = _CHINESE_VALUES[value.strip()]
        choices = " | ".join(str(v) for v in expected)
        yield (
            path,
            Text(
                f"{where}：{_shown(path, value)} 不是有效值"
                + (f"，是否应为 {near}？" if near else "")
                + f"（可选：{choices}）",
                f"{where}: {_shown(path, value)} is not a valid value"
                + (f"; did you mean '{near}'?" if near else "")
                + f" (one of: {choices})",
            ),
        )
    elif kind in ("pattern", "format") and error.schema.get("format") == "date":
        yield path, _date_message(where, path, value)
    elif kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        zh = "或".join(_TYPE_ZH.get(t, t) for t in wanted)
        hint_zh, hint_en = "", ""
        if "string" in wanted and isinstance(value, int) and not isinstance(value, bool):
            hint_zh, hint_en = "（数字请加引号，例如身份证号）", " (put quotes around it, e.g. an ID number)"
        yield (
            path,
            Text(
                f"{where}：应为{zh}，实际是 {_shown(path, value)}{hint_zh}",
                f"{where}: expected {' or '.join(wanted)}, got {_shown(path, value)}{hint_en}",
            ),
        )
    elif kind == "pattern" and path[-1:] == ("code",):
        yield (
            path,
            Text(
                f"{where}：代码只能包含大写字母 A-Z、数字和 -，实际是 {_shown(path, value)}",
                f"{where}: a code uses only A-Z, 0-9 and '-', got {_shown(path, value)}",
            ),
        )
    elif kind == "pattern":
        yield path, Text(f"{where}：不能为空，也不能包含空格", f"{where}: must not be empty or contain spaces")
    elif kind == "minimum":
        yield (
            path,
            Text(
                f"{where}：不能小于 {expected}，实际是 {_shown(path, value)}",
                f"{where}: must be at least {expected}, got {_shown(path, value)}",
            ),
        )
    elif kind == "const":
        yield (
            path,
            Text(
                f"{where}：应为 {expected}（本工具支持的数据格式版本）",
                f"{where}: must be {expected} (the data contract version this tool reads)",
            ),
        )
    elif kind == "maximum":
        yield (
            path,
            Text(
                f"{where}：不能大于 {expected}，实际是 {_shown(path, value)}",
                f"{where}: must be at most {expected}, got {_shown(path, value)}",
            ),
        )
    elif kind == "minLength":
        yield path, Text(f"{where}：不能为空", f"{where}: must not be empty")
    else:  # a keyword this module has no wording for: say which, without the value
        yield path, Text(f"{where}：不符合数据格式（{kind}）", f"{where}: does not match the data contract ({kind})")


def _date_message(where: str, path: DataPath, value: Any) -> Text:
    iso = iso_date_hint(value)
    if iso:
        return Text(
            f"{where}：日期 {_shown(path, value)} 应写成 ISO 格式 {iso}",
            f"{where}: write the date {_shown(path, value)} in ISO form as {iso}",
        )
    return Text(
        f"{where}：{_shown(path, value)} 不是有效日期，请写成 YYYY-MM-DD，例如 2025-03-14",
        f"{where}: {_shown(path, value)} is not a valid date; write YYYY-MM-DD, e.g. 2025-03-14",
    )
