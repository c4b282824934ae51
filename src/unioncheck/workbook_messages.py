"""What ``workbook`` says about the shape of a branch workbook: each message bilingual, saying what
is wrong and how to put it right in Excel or WPS. None quotes a cell a person may have filled with
personal data (the caller passes None for a header it must not quote)."""

from __future__ import annotations

from typing import Any

from .layout import Sheet
from .model import Text

TEMPLATE_ZH = "请用 unioncheck template 生成的模板填写"
TEMPLATE_EN = "fill in the workbook unioncheck template writes"


def missing_form(name: str) -> Text:
    return Text(
        f"缺少工作表“{name}”：{TEMPLATE_ZH}，不要删除或改名工作表",
        f"the sheet '{name}' is missing: {TEMPLATE_EN}, without deleting or renaming its sheets",
    )


def renamed_sheet(name: str, near: str, there: bool) -> Text:
    if there:
        return Text(
            f"工作表“{name}”不是模板中的工作表，其中的内容没有读取：是不是“{near}”？请把内容移到“{near}”表中，"
            "再删除这个工作表",
            f"the sheet '{name}' is not one of the template's, and what it holds was not read: is it '{near}'? "
            f"move its rows into the sheet '{near}' and delete this one",
        )
    return Text(
        f"工作表“{name}”不是模板中的工作表，其中的内容没有读取：是不是“{near}”？请把工作表名改回“{near}”"
        "（右键工作表标签 → 重命名）",
        f"the sheet '{name}' is not one of the template's, and what it holds was not read: did you mean "
        f"'{near}'? rename it back to '{near}' (right-click the sheet tab → Rename)",
    )


def twice_sheet(name: str) -> Text:
    return Text(
        f"有两个工作表都是“{name}”（名称只差空格或全角/半角）：请把内容合并到一个工作表中，删除另一个",
        f"two sheets are both '{name}' (their names differ only in spaces or full-width letters): move the rows "
        "into one of them and delete the other",
    )


def other_sheet(place: int) -> Text:
    return Text(
        f"第 {place} 个工作表不是模板中的工作表，其中的内容没有检查：需要检查的数据请填在模板的工作表中",
        f"sheet number {place} is not one of the template's, and what it holds was not checked: put the data to "
        "check in the template's sheets",
    )


def hidden_sheet(name: str) -> Text:
    return Text(
        f"工作表“{name}”被隐藏了，其中的数据也检查了：屏幕上和打印出来都看不到它，请取消隐藏"
        "（右键工作表标签 → 取消隐藏），核对后再报送",
        f"the sheet '{name}' is hidden, and its data was checked too: it is seen neither on screen nor on paper; "
        "unhide it (right-click a sheet tab → Unhide) and look it over before sending",
    )


def hidden_rows(first: int, last: int) -> Text:
    rows_zh = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
    rows_en = f"row {first}" if first == last else f"rows {first}–{last}"
    return Text(
        f"{rows_zh}被隐藏了（或被筛选掉），其中的数据也检查了：屏幕上和打印出来都看不到，请取消隐藏或清除筛选"
        "（选中上下两行 → 右键 → 取消隐藏），不要的行请直接删除",
        f"{rows_en} hidden (or filtered out), and checked all the same: they are seen neither on screen nor on "
        "paper; unhide them or clear the filter (select the rows around → right-click → Unhide), and delete rows "
        "that are not wanted",
    )


def hidden_columns(first: str, last: str) -> Text:
    columns = first if first == last else f"{first}–{last}"
    return Text(
        f"第 {columns} 列被隐藏了，其中的数据也检查了：屏幕上和打印出来都看不到，"
        "请取消隐藏（选中左右两列 → 右键 → 取消隐藏）",
        f"column {columns} hidden, and checked all the same: seen neither on screen nor on paper; unhide it "
        "(select the columns around → right-click → Unhide)",
    )


def merged(first: str, last: str) -> Text:
    return Text(
        f"合并单元格 {first}:{last}：每一行都要有自己的值（合并后只有 {first} 有值，其余单元格是空的）："
        "请取消合并（开始 → 合并居中），并在每一行填写",
        f"merged cells {first}:{last}: each row must have its own values (merged, only {first} holds one and the "
        "others are empty): unmerge them (Home → Merge & Center) and fill in every row",
    )


def value_without_label(cell: str) -> Text:
    return Text(
        f"{cell} 有内容，但这一行的“项目”（A 列）是空的：请在 A 列填写项目名称，或删除这个值",
        f"{cell} holds a value, but the row's label (column A) is empty: give the label or delete the value",
    )


def unknown_label(label: Any, near: str | None) -> Text:
    return Text(
        f"项目“{label}”不是本表的字段，这一行没有读取："
        + (f"是不是“{near}”？请改用模板中的名称" if near else "请使用模板中的项目名称，或删除这一行"),
        f"the label '{label}' is not a field of this sheet, and its row was not read: "
        + (
            f"did you mean '{near}'? use the template's label"
            if near
            else "use the template's labels or delete the row"
        ),
    )


def twice_label(header: str, first: str) -> Text:
    return Text(
        f"项目“{header}”出现了两次（第一次在 {first}）：只保留一行，删除另一行",
        f"the label '{header}' is there twice (first at {first}): keep one row and delete the other",
    )


def example_value() -> Text:
    return Text(
        "这是模板中的示例，不是真实数据：请改成本单位的实际内容，或清空",
        "this is the template's example, not real data: replace it by your own or clear it",
    )


def example_row(row: int) -> Text:
    return Text(
        f"第 {row} 行是示例（以“示例”或“例”开头），不是真实数据：请删除这一行，或改成本单位的实际记录",
        f"row {row} is an example (it begins with 示例 or 例), not real data: delete the row or replace it by "
        "a real record",
    )


def header_repeated(row: int) -> Text:
    return Text(
        f"第 {row} 行重复了表头（列标题），不是数据：请删除这一行（每个工作表只在第 1 行写一次表头）",
        f"row {row} repeats the header row, not data: delete it (a sheet has its headers once, in row 1)",
    )


def header_not_first(row: int) -> Text:
    above = row - 1
    return Text(
        f"表头（列标题）应在第 1 行，现在在第 {row} 行：请删除上面的 {above} 行（标题或说明不要写在表头上面），"
        "这个工作表没有读取",
        f"the header row must be row 1, and is row {row}: delete the {above} row(s) above it (a title or a note "
        "does not belong above the headers); this sheet was not read",
    )


def no_header(sheet: Sheet) -> Text:
    return Text(
        f"第 1 行没有列标题，这个工作表没有读取：第 1 行应是模板的列标题（{'、'.join(sheet.headers())}），"
        "数据从第 2 行开始",
        f"row 1 holds no column headers, and this sheet was not read: row 1 holds the template's headers "
        f"({', '.join(sheet.headers())}) and the data begins in row 2",
    )


def unknown_header(sheet: Sheet, text: Any, cell: str, near: str | None) -> Text:
    known = "、".join(sheet.headers())
    zh_what, en_what = (
        (f"列标题“{text}”", f"the column header '{text}'")
        if text is not None
        else (
            f"{cell} 的列标题",
            f"the column header in {cell}",
        )
    )
    zh_fix = f"是不是“{near}”？请改用模板中的列标题" if near else f"请使用模板中的列标题（{known}），或删除这一列"
    en_fix = (
        f"did you mean '{near}'? use the template's header"
        if near
        else f"use the template's headers ({', '.join(sheet.headers())}) or delete the column"
    )
    return Text(
        f"工作表“{sheet.name}”的{zh_what}不是本表的字段，这一列没有读取：{zh_fix}",
        f"{en_what} of sheet '{sheet.name}' is not one of its fields, and the column was not read: {en_fix}",
    )


def twice_header(header: str, first: str, second: str) -> Text:
    return Text(
        f"列标题“{header}”出现了两次（{first} 和 {second}），第二列没有读取：请把两列合成一列，删除另一列",
        f"the column header '{header}' is there twice ({first} and {second}), and the second was not read: "
        "keep one column and delete the other",
    )


def no_header_above(cell: str) -> Text:
    return Text(
        f"{cell} 有内容，但这一列没有列标题，没有读取：请在第 1 行补上模板中的列标题，或删除这一列的内容",
        f"{cell} holds something, but its column has no header, and it was not read: give the column one of "
        "the template's headers in row 1, or delete what the column holds",
    )


def parent_not_read(sheet: Sheet) -> Text:
    parent = sheet.parent.name if sheet.parent else ""
    return Text(
        f"工作表“{sheet.name}”的每一行属于“{parent}”表中的一条，但“{parent}”表缺失或没有读取（见它的问题），"
        f"这些行也没有读取：请先补好“{parent}”表",
        f"each row of sheet '{sheet.name}' belongs to an entry of sheet '{parent}', which is missing or was not "
        f"read (see its problem), so these rows were not read either: put the sheet '{parent}' right first",
    )


def no_parent(sheet: Sheet, value: Any) -> Text:
    header = sheet.parent_header or ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None:
        return Text(
            f"这一行没有填写“{header}”：请填写它属于“{sheet.parent.name}”表中的哪一条",
            f"this row has no '{header}': give the entry of sheet '{sheet.parent.name}' it belongs to",
        )
    return Text(
        f"“{header}”为 {value}，但“{sheet.parent.name}”表中没有这一条：请核对编号",
        f"'{header}' is {value}, but sheet '{sheet.parent.name}' has no such entry: check the number",
    )
