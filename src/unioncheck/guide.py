"""The first sheet of a branch workbook, 填写说明: how to fill it in, in the words of the people who do.

What each sheet is for, how the sheets name each other's rows, the drop-down
lists and the checks are all taken from the layout (``entry.slots``), so the
guide names the sheets and columns the workbook has; the rules of filling a
table in (rows downwards, nothing merged or renamed, dates, how to check) are
the same for any contract. The reader skips this sheet (it is no sheet of the
layout).
"""

from __future__ import annotations

from .entry import FIRST_DAY, LAST_DAY, REQUIRED_MARK, Slot, chinese, default_from, purpose, slots, wrapped_lines
from .layout import FORM_HEADERS, ROW_NUMBER, Layout, Sheet

GUIDE_SHEET = "填写说明"
WIDTHS = (16, 46, 58)


def title(layout: Layout) -> str:
    given = chinese(str((layout.schema or {}).get("title") or ""))
    return (given if given and not given.isascii() else "数据") + "填写说明"


def lines(layout: Layout) -> list[tuple[str, list[str]]]:
    """The guide as (style, cells) rows: ``title``, ``heading``, ``head`` (a table's header), ``row``, ``text``."""
    out: list[tuple[str, list[str]]] = [("title", [title(layout)]), ("text", [_what(layout)])]
    out += [("heading", ["一、各工作表填什么"]), ("head", ["工作表", "填写什么", "与其他表怎样对应"])]
    out += [("row", [s.name, _purpose(layout, s), _links(layout, s)]) for s in layout.sheets]
    out += [("heading", ["二、填写规则"])]
    out += [("text", [f"{n}. {text}"]) for n, text in enumerate(_rules(layout), start=1)]
    out += [("heading", ["三、下拉选项一览"]), ("head", ["工作表", "列", "可以选择"])]
    out += [("row", row) for row in _choices(layout)]
    out += [("heading", ["四、填好后怎样检查"])]
    out += [("text", [f"{n}. {text}"]) for n, text in enumerate(_checking(layout), start=1)]
    return out


def _what(layout: Layout) -> str:
    return (
        f"本工作簿共 {len(layout.sheets) + 1} 张工作表：本说明，“{layout.form.name}”，以及每类记录一张表。"
        "没有的记录，那张表留空即可。可以用 Excel 或 WPS 表格填写，填好后保存为 .xlsx 文件，"
        "连同佐证材料一起交上级工会，或自己先用 unioncheck 检查（见第四部分）。"
    )


def _purpose(layout: Layout, sheet: Sheet) -> str:
    if sheet.is_form:
        return f"本单位工会的基本情况：每一项填在“{FORM_HEADERS[1]}”列，“{FORM_HEADERS[2]}”列写明了怎样填。"
    return purpose(layout, sheet) + ("，每行一个" if sheet.plain_values else "，每行一条")


def _links(layout: Layout, sheet: Sheet) -> str:
    said = []
    for slot in slots(layout, sheet):
        if slot.role == "parent":
            said.append(
                f"第一列“{slot.header}”填它属于“{sheet.parent.name}”表中的哪一条（那一条的{slot.target.header}）。"
            )
        elif slot.role == "row number":
            children = "、".join(f"“{t.name}”" for t in layout.tables if t.parent is sheet)
            said.append(f"“{ROW_NUMBER}”从 1 起往下依次编号，{children}表用它指明属于哪一条。")
        elif slot.target is not None:
            said.append(f"“{slot.header}”填“{slot.target.sheet}”表中的{slot.target.header}。")
        if slot.column is not None and default_from(layout, sheet, slot.column):
            via, field = default_from(layout, sheet, slot.column)
            said.append(f"“{slot.header}”留空则取{via}的{field}；与之不同的，填本表自己的数据。")
    return "\n".join(said) or "—"


def _rules(layout: Layout) -> list[str]:
    ids = _headers(layout, lambda slot: slot.unique and slot.role == "field")
    personal = _headers(layout, lambda slot: slot.column is not None and bool(slot.column.note.get("personal")))
    rules = [
        "每张表的第 1 行是列标题，从第 2 行起每行填一条记录。新增记录就在下面接着填新的一行，"
        "中间不要留空行；不要合并单元格，也不要在表中加标题行、合计行。",
        "不要给工作表改名、删除工作表或调整工作表里的列标题，否则检查时认不出来。暂时没有内容的表留空即可。",
        f"列标题后标有“{REQUIRED_MARK}”（红色）的列必须填写，其他列有就填。把鼠标停在列标题上会显示批注："
        "这一列填什么、示例、可以填哪些内容。",
        f"日期直接输入 2025-03-14 或 2025/3/14，表格会认作日期；不要写成“3月14日”“2025.3.14”或只写年月。"
        f"日期应在 {FIRST_DAY} 至 {LAST_DAY} 之间。",
        "带下拉箭头的单元格：点单元格右侧的箭头，从列表中选择（如会议形式、决议事项），"
        "“是/否”类的列选择“是”或“否”；不要自己改写选项的文字。",
        "人数、票数、金额只填阿拉伯数字，不要带“人”“票”“元”等字。",
        "表之间按编号对应：子表的第一列（浅黄色标题）填所属记录的编号，必须填写，可以从下拉列表中选择。"
        "请先填好被对应的那张表，再填子表；改动编号时，引用它的各行也要一起改。",
        "编号、代码、身份证号等列已设为“文本”格式，直接输入即可，不会变成科学计数法，前面的 0 也不会丢。",
    ]
    if ids:
        rules.append(f"{ids}在各自的表中不能重复。")
    if personal:
        rules.append(f"{personal}是个人信息：只用于本单位和上级工会核对，unioncheck 的检查结果中不会显示。")
    rules.append("如果填入的内容不符合要求，表格会弹出提示，请按提示改正。")
    return rules


def _headers(layout: Layout, wanted) -> str:
    found: list[str] = []
    for sheet in layout.sheets:
        for slot in slots(layout, sheet):
            if wanted(slot) and f"“{slot.header}”" not in found:
                found.append(f"“{slot.header}”")
    return "、".join(found)


def _choices(layout: Layout) -> list[list[str]]:
    rows = []
    for sheet in layout.sheets:
        for slot in slots(layout, sheet):
            shown = _choice(slot)
            if shown:
                rows.append([sheet.name, slot.header, shown])
    return rows


def _choice(slot: Slot) -> str:
    if slot.target is not None:
        return f"“{slot.target.sheet}”表中已填写的{slot.target.header}"
    if slot.column is None:
        return ""
    if slot.column.labels:
        return "、".join(slot.column.labels.values())
    return "是、否" if "boolean" in slot.column.types else ""


def _checking(layout: Layout) -> list[str]:
    return [
        "保存文件：文件 → 另存为 → Excel 工作簿（*.xlsx）。文件名用本单位名称，如“石桥镇卫生院.xlsx”。",
        "佐证材料（会议纪要、公开照片等）放在本文件所在文件夹里，把它们的路径（如 evidence/2025/会议纪要.pdf）"
        "填在相应的“佐证”表中。",
        "在命令行中运行：unioncheck check 石桥镇卫生院.xlsx",
        "结果中的“位置”一列指出工作表和单元格（如 职代会!C3），按“说明”改正后保存，再检查一次，直到没有“不合格”。",
        "要把现有的数据文件（YAML 或工作簿）放进一份新模板，运行：unioncheck template --from 原文件 -o 新文件.xlsx",
    ]


def write(ws, layout: Layout) -> None:
    """Fill sheet ``ws`` with the guide, laid out to read on screen and to print. Row heights are
    set: neither a merged cell nor (in LibreOffice) a wrapped one grows by itself."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from .reporters.xlsx import put

    wrap = Alignment(wrap_text=True, vertical="top")
    fonts = {"title": Font(bold=True, size=16), "heading": Font(bold=True, size=12, color="1F3864")}
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    r = 1
    for style, cells in lines(layout):
        if style == "heading":
            r += 1  # a blank line before each part
        for c, text in enumerate(cells, start=1):
            cell = put(ws, r, c, text)
            cell.alignment = wrap
            if style in fonts:
                cell.font = fonts[style]
            elif style == "head":
                cell.font, cell.fill = Font(bold=True), head_fill
        if style in ("title", "heading", "text"):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(WIDTHS))
        ws.row_dimensions[r].height = _height(style, cells)
        r += 1
    for c, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + c)].width = width


LINE_HEIGHT = 17  # points a line of Chinese takes


def _height(style: str, cells: list[str]) -> float:
    """The height (points) of a row of the guide: its text wrapped at its cells' widths."""
    if style == "title":
        return 30.0
    if style == "heading":
        return 22.0
    widths = [sum(WIDTHS)] if len(cells) == 1 else WIDTHS
    lines = max(wrapped_lines(text, width) for text, width in zip(cells, widths))
    return float(LINE_HEIGHT * lines + 4)
