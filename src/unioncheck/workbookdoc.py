"""The branch workbook's reference: every sheet and column, from the contract's schema, as one Markdown page.

This module owns the page ``python -m unioncheck.workbookdoc > docs/workbook.md`` prints:
the sheets of the workbook and, for each, its columns (the Chinese header, the field,
its type, whether it must be filled, the values it takes with their labels, the note),
how a child sheet names its parent, how cells are read, what ``unioncheck convert``
keeps and what git's textconv shows. The sheets and columns come from ``layout``, the
reading rules from ``workbook``'s own constants, so the page cannot drift from what is
read; ``tests/test_workbook_doc.py`` fails while the committed page is stale. Chinese
first, English after, as everywhere users read unioncheck.
"""

from __future__ import annotations

import sys
from typing import Any, Mapping

from .cells import NO_WORDS, PRECISE_DIGITS, YES_WORDS
from .layout import FORM_HEADERS, ROW_NUMBER, Column, Layout, Sheet, _resolved

COMMAND = "python -m unioncheck.workbookdoc > docs/workbook.md"

_TYPES = {
    "string": "文字 / text",
    "integer": "整数 / whole number",
    "number": "数字 / number",
    "boolean": "是/否 / yes or no",
}


def markdown(layout: Layout, schema: Mapping[str, Any]) -> str:
    """The reference page of the workbook laid out by ``layout`` (derived from ``schema``)."""
    out = _intro(layout)
    out += _sheet_section(layout.form, schema)
    for sheet in layout.tables:
        out += _sheet_section(sheet, schema)
    out += _parents(layout) + _reading() + _lossless() + _textconv()
    return "\n".join(out).rstrip("\n") + "\n"


def _intro(layout: Layout) -> list[str]:
    return [
        "# 基层工会工作簿 / The branch workbook",
        "",
        f"<!-- 本页由 `{COMMAND}` 根据数据格式生成，请勿手工修改 / generated from the data contract by "
        f"`{COMMAND}`: do not edit by hand -->",
        "",
        "基层工会可以用 Excel 或 WPS 工作簿（`.xlsx`）代替 YAML 文件填写本会数据：`unioncheck check` 读取工作簿"
        "与读取 YAML 文件得到相同的数据、相同的检查结果，问题按“工作表!单元格”定位（如 `职代会!E3`）。"
        "`unioncheck convert` 在两种形式之间转换，不丢失任何数据。工作簿的工作表和列由数据格式（JSON Schema）"
        "生成，下面逐一列出。",
        "",
        "A branch may keep its data in an Excel or WPS workbook (`.xlsx`) instead of a YAML file: `unioncheck "
        "check` reads it as the same data, with the same results, each finding placed by sheet and cell (`职代会!E3`). "
        "`unioncheck convert` turns one form into the other without losing anything. The sheets and columns are "
        "derived from the data contract (its JSON Schema) and listed below.",
        "",
        "## 工作表 / Sheets",
        "",
        "| 工作表 / sheet | 内容 / holds | 上一级 / parent |",
        "|---|---|---|",
        f"| [{layout.form.name}](#{_anchor(layout.form.name)}) | 本会自身的字段，一个字段一行 / the branch's own "
        "fields, one a row | |",
        *(
            f"| [{s.name}](#{_anchor(s.name)}) | `{_list_name(s)}`，一条一行 / one a row | {_parent(s)} |"
            for s in layout.tables
        ),
        "",
        "表头用下表中的中文列标题；也可以用字段名（`staff_count`）或带点的路径（`postponement.until`）。"
        "表头末尾的 `*`（必填标记）不影响识别。工作簿中另加的工作表、表头前后的空格都不影响读取；"
        "不认识的列标题是一个问题（该列不会被读取）。",
        "",
        "A header is the column's Chinese label as below, or the field's key (`staff_count`) or dotted path "
        "(`postponement.until`); a trailing `*` (the required mark) is ignored. Other sheets a secretary adds are "
        "not read; a header no field has is a problem (its column is not read).",
        "",
    ]


def _sheet_section(sheet: Sheet, schema: Mapping[str, Any]) -> list[str]:
    out = [f'<a id="{_anchor(sheet.name)}"></a>', "", f"## {sheet.name}", ""]
    if sheet.is_form:
        out += [
            f"一个字段一行：A 列“{FORM_HEADERS[0]}”写下表的列标题，B 列“{FORM_HEADERS[1]}”填值，C 列“{FORM_HEADERS[2]}”"
            "是说明（不读取）。A 列不是下表列标题的行（标题、备注）不读取。",
            "",
            f"One field a row: column A ({FORM_HEADERS[0]}) its header below, column B ({FORM_HEADERS[1]}) its "
            f"value, column C ({FORM_HEADERS[2]}) a note, not read. A row whose column A is no header below (a "
            "title, a remark) is not read.",
            "",
        ]
    else:
        out += [f"列表 / list: `{_list_name(sheet)}`", ""]
    out += ["| 列标题 / header | 字段 / field | 类型 / type | 必填 / required | 可选值 / values | 说明 / note |"]
    out += ["|---|---|---|---|---|---|"]
    out += _lead_rows(sheet)
    conditions = _conditions(sheet, schema)
    for column in sheet.columns:
        within = _optional_object(schema, (sheet.list_path or ()) + column.path[:-1], len(sheet.list_path or ()))
        row = _row(column, _field(sheet, column), conditions.get(column.path), within)
        default = column.note.get("default_from")
        if isinstance(default, dict):  # an empty cell takes another item's value (annotation default_from)
            row = row[: -len(" |")] + (
                f"；留空则取 `{default['via']}` 所指那一条的 `{default['field']}` / empty: the `{default['field']}` "
                f"of the item `{default['via']}` names |"
            )
        out.append(row)
    return out + [""]


def _lead_rows(sheet: Sheet) -> list[str]:
    """The columns before the fields: the row's number (children name it), the parent's key."""
    rows = []
    if sheet.keyed_by_number:
        rows.append(
            f"| {ROW_NUMBER} | — | 整数 / whole number | 是 / yes | | 本表每行的编号（1、2、3…），子表用它指明所属的行"
            " / the row's number (1, 2, 3…), by which child sheets name it |"
        )
    if sheet.parent is not None:
        key = f"`{sheet.parent_key}`" if sheet.parent_key else ROW_NUMBER
        rows.append(
            f"| {sheet.parent_header} | — | 文字 / text | 是 / yes | | 所属“{sheet.parent.name}”行的 {key} / the {key} "
            f"of the row of {sheet.parent.name} it belongs to |"
        )
    return rows


def _row(column: Column, field: str, condition: str | None, within: tuple | None) -> str:
    required = "是 / yes" if column.required else (condition or "")
    if column.required and within:  # required in an object that may be left out (a postponement)
        required = f"填写{within[0]}时 / with {within[1]}"
    cells = [column.header, f"`{field}`", _type(column), required, _values(column), _note(column)]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _type(column: Column) -> str:
    if column.is_date:
        return "日期 / date"
    if "enum" in column.schema:
        return "选项 / choice"
    if column.vocabulary is not None and not column.vocabulary.closed:
        return "选项或代码 / choice or code"
    if "const" in column.schema:
        return "固定值 / fixed"
    return "、".join(_TYPES.get(t, t) for t in column.types) or "—"


def _values(column: Column) -> str:
    schema, words = column.schema, column.vocabulary
    if "const" in schema:
        return f"`{schema['const']}`"
    if words is not None:  # each value: its label (what the drop-down shows), its code, other words for it
        parts = []
        for code, named in words.choices.items():
            shown = f"{named[0]}（`{code}`）" if named else f"`{code}`"
            parts.append(shown + (f"，也可写 {'、'.join(named[1:])}" if len(named) > 1 else ""))
        return "；".join(parts) + ("" if words.closed else "；或其他代码 / or another code")
    if "enum" in schema:
        return "；".join(f"`{value}`" for value in schema["enum"])
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"{low}–{high}"
    if high is not None:
        return f"至多 {high} / at most {high}"
    return "" if low is None else f"至少 {low} / at least {low}"


def _note(column: Column) -> str:
    text = column.description
    worded = (column.note.get("messages") or {}).get("pattern")
    if not text and isinstance(worded, dict):  # an id: what its pattern asks, in words
        text = f"{worded.get('zh', '')} / {worded.get('en', '')}"
    if column.note.get("personal") and "个人信息" not in text:
        text += "（个人信息：不会出现在任何报告或消息中 / personal data: never in a report or a message）"
    return text


def _field(sheet: Sheet, column: Column) -> str:
    path = (sheet.list_path or ()) + column.path
    out = ""
    for part in path:
        out += "[]" if part == "*" else (f".{part}" if out else str(part))
    return out


def _list_name(sheet: Sheet) -> str:
    return _field(sheet, Column("", (), {}, {}))


def _conditions(sheet: Sheet, schema: Mapping[str, Any]) -> dict[tuple, str]:
    """{column path: when it must be filled} for fields the schema requires on a condition
    (``if``/``then`` in the item's schema: a general election's counts and members)."""
    node = _node_at(schema, sheet.list_path or ())
    condition = node.get("if") or {}
    required = (node.get("then") or {}).get("required") or []
    tests = condition.get("properties") or {}
    if not required or len(tests) != 1:
        return {}
    ((key, test),) = tests.items()
    column = next((c for c in sheet.columns if c.path == (key,)), None)
    if column is None or "const" not in test:
        return {}
    shown = column.labels.get(test["const"], test["const"])
    return {(name,): f"{column.header}为“{shown}”时 / when {key} is {test['const']}" for name in required}


def _optional_object(schema: Mapping[str, Any], pattern: tuple, start: int) -> tuple | None:
    """(label, key) of the first object along ``pattern`` past its first ``start`` parts (the
    list item) that its parent does not require, or None: its fields are required only with it."""
    node, _ = _resolved(schema, schema)
    for i, part in enumerate(pattern):
        if part == "*":
            node, _ = _resolved(node.get("items") or {}, schema)
            continue
        required = part in (node.get("required") or ())
        node, note = _resolved((node.get("properties") or {}).get(part) or {}, schema)
        if i >= start and not required:
            return str(note.get("label") or part), part
    return None


def _node_at(schema: Mapping[str, Any], pattern: tuple) -> dict:
    node, _ = _resolved(schema, schema)
    for part in pattern:
        node, _ = _resolved(
            node.get("items") if part == "*" else (node.get("properties") or {}).get(part) or {}, schema
        )
    return node


def _parents(layout: Layout) -> list[str]:
    children = [s for s in layout.tables if s.parent is not None]
    return [
        "## 子表如何指明所属的行 / How a child sheet names its parent",
        "",
        "列表中的列表（会议的决议、选举的当选人员、档案的复核日期、各类佐证材料）各占一张工作表，第一列写它所属的"
        "上一级记录：上一级有编号（`id`）的写编号，没有编号的写上一级工作表的“序号”。子表中指向不存在的上一级的行"
        "是一个问题（不读取）。",
        "",
        "A list inside a list item (a session's resolutions, an election's members, a file's reviews, evidence) has "
        "a sheet of its own, whose first column names the record it belongs to: by the parent's `id` where it has "
        f"one, otherwise by the parent sheet's {ROW_NUMBER} (row number). A row naming no such parent is a problem "
        "and is not read.",
        "",
        "| 子表 / child sheet | 上一级 / parent | 第一列 / first column |",
        "|---|---|---|",
        *(f"| {s.name} | {s.parent.name} | {s.parent_header} |" for s in children),
        "",
    ]


def _reading() -> list[str]:
    yes, no = "、".join(sorted(YES_WORDS, key=_order)), "、".join(sorted(NO_WORDS, key=_order))
    return [
        "## 单元格怎样读 / How cells are read",
        "",
        "- 日期：日期格式的单元格；或文字 `2025-03-14`、`2025/3/14`、`2025.3.14`、`2025年3月14日`、`20250314`，"
        "都读作 2025-03-14。带时刻的日期（如 2025-03-14 10:30）是一个问题。/ Dates: a date cell, or the text "
        "2025-03-14, 2025/3/14, 2025.3.14, 2025年3月14日 or 20250314, all read as 2025-03-14; a date with a time is "
        "a problem.",
        "- 选项：下拉列表中的中文（如“医院”）、上表列出的其他写法，或值本身（`hospital`）；全角半角、前后空格不影响。"
        "/ Choices: the Chinese label of the drop-down, another word listed above, or the value itself; full-width "
        "and half-width forms and surrounding spaces are alike.",
        f"- 是/否：{yes} 读作“是”；{no} 读作“否”。/ Yes or no: {yes} read as yes; {no} as no.",
        "- 数字：数字单元格，或只含数字的文字（可带千分位逗号）。/ Numbers: a number cell, or text of digits "
        "(thousands commas allowed).",
        f"- 文字：身份证号等长数字请设为“文本”格式或以英文单引号 ' 开头输入：表格只保留 {PRECISE_DIGITS} 位有效数字，"
        "更长的数字单元格是一个问题。文字前后的空格不保留。/ Text: type an ID number or another long number as text "
        f"(format the column as Text, or begin it with '): a spreadsheet keeps {PRECISE_DIGITS} digits, and a longer "
        "number cell is a problem. Spaces around text are not kept.",
        "- 空单元格表示没有填写；整行为空的行跳过；公式读取其计算结果。/ An empty cell is a field not given; an "
        "empty row is skipped; a formula gives its computed value.",
        "",
    ]


def _order(word: str) -> tuple:
    return (word.isascii(), word)


def _lossless() -> list[str]:
    return [
        "## 无损转换 / What lossless means",
        "",
        "`unioncheck convert 本会.yaml 本会.xlsx` 和 `unioncheck convert 本会.xlsx 本会.yaml` 在写入之前先把结果读回，"
        "与原文件的数据比较；有任何不同就不写入，并指出每一处（`文件:行` 或 `工作表!单元格`）。“相同”指加载后的数据"
        "相同：",
        "",
        "- 空列表与没有这个列表相同（工作簿分不出二者；各条规则也把二者同样看待，例如 `congresses: []` 与不写 "
        "`congresses`）；",
        "- 整数写作 `3000` 或 `3000.0` 是同一个数；",
        "- 选项的中文写法就是它所指的值（`unit_type: 医院` 即 `hospital`，`是` 即 `true`），与检查时的读法相同；",
        '- 其余必须值与类型都相同：`true` 不是 `1`，文字 `"2025"` 不是数字 `2025`，`null` 不是“没有填写”；',
        "- YAML 的注释、键的顺序和引号不是数据，转换后不保留；写出的 YAML 按数据格式的字段顺序排列。",
        "",
        "工作簿无法保存的内容会被拒绝并指明：数据格式中没有的字段、空值（`null`）、空的一节（如 `hardship: {}`）、"
        "前后带空格的文字，以及工作簿会读成另一个值的写法（如日期写成 `2025/3/20`）。原文件中的格式问题"
        "若转换后原样保留（如不存在的日期 `2025-02-30`），照样转换，并列出这些问题，便于在 Excel 中改正。"
        "已存在的目标文件从不覆盖。",
        "",
        "Convert reads its result back and compares it with the source's data before writing; if anything differs, "
        "it writes nothing and names each place. The same data means: an empty list is no list (a workbook cannot "
        "tell them apart, and every rule reads both as none); a whole number is one number written `3000` or "
        "`3000.0`; a choice's Chinese word is the value it names (`医院` is `hospital`, `是` is `true`), as a check "
        'reads it; everything else is equal in value and kind (`true` is not `1`, the text `"2025"` not the '
        "number `2025`, `null` not a missing field). Comments, key order and quotes are not data. Refused, by "
        "place: a field the contract does not have, `null`, an empty section (`hardship: {}`), text with spaces "
        "around it, and what a workbook reads as another value (a date written `2025/3/20`). A problem that "
        "survives conversion unchanged (the date `2025-02-30`) is converted and "
        "listed, to be fixed in either form. An existing target is never overwritten.",
        "",
        "同一基层工会的 YAML 文件和工作簿不要放在一起检查：检查时报一个错误（DAT002：同一基层工会出现两次），"
        "请只保留一种。/ Do not check a branch's YAML file and its workbook together: that is one error (DAT002, "
        "the same branch twice): keep one form.",
        "",
    ]


def _textconv() -> list[str]:
    return [
        "## 在共享仓库中查看工作簿的改动 / Seeing a workbook's changes in a shared repository",
        "",
        "git 把工作簿当作二进制文件，`git diff` 只说“文件已改变”。让 git 先把工作簿转换成 YAML 再比较，"
        "改动的单元格就显示为改动的一行：",
        "",
        "git treats a workbook as binary: `git diff` only says it changed. Have git convert it to YAML first, and "
        "a changed cell shows as a changed line:",
        "",
        "```sh",
        "echo '*.xlsx diff=unioncheck' >> .gitattributes      # 提交到仓库 / commit it",
        'git config diff.unioncheck.textconv "unioncheck convert --stdout"   # 每台电脑一次 / once per clone',
        "git diff            # 或 git log -p、git show",
        "```",
        "",
        "`unioncheck convert --stdout 本会.xlsx`（或目标写 `-`）把工作簿的数据以 YAML 打印出来；读不出的单元格作为注释"
        "列在最前面，命令总是成功退出，以免 `git diff` 中断。输出含有本会的全部数据（包括姓名和身份证号），"
        "只在本地显示。/ `unioncheck convert --stdout B.xlsx` (or `-` as the target) prints a workbook's data as "
        "YAML, with what it could not read as comments at the top, and always succeeds, so that `git diff` is never "
        "stopped. It prints the branch's own data, names and ID numbers included, on the screen only.",
        "",
    ]


def _parent(sheet: Sheet) -> str:
    return f"[{sheet.parent.name}](#{_anchor(sheet.parent.name)})" if sheet.parent else ""


def _anchor(name: str) -> str:
    return "sheet-" + "".join(f"{ord(ch):x}" if not ch.isascii() else ch for ch in name).lower()


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def main() -> None:  # pragma: no cover - the command the page names; tests call markdown()
    from .plugins import collect_contract, plugin_manager

    contract = collect_contract(plugin_manager())
    sys.stdout.write(markdown(contract.layout, contract.schema))


if __name__ == "__main__":  # pragma: no cover
    main()
