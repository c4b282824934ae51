"""``xlsx``: a workbook for Excel and WPS — the compliance matrix (cells
coloured by status, frozen header, filters), the findings, the deadlines and a
summary. Headers follow ``--lang`` (Chinese by default). Written to a path only.
A finding's place is its line and column in a YAML file, its sheet and cell in a
branch workbook.
"""

from __future__ import annotations

import io

from ..deadlines import deadlines
from ..model import Report, Status
from . import scores
from .base import Reporter
from .options import FORMULA_START, Options, display_path, xml_safe
from .palette import COLOURS
from .summary import (
    FIXED_HEADERS,
    change_text,
    compare_lines,
    family_cell,
    fixed_rows,
    shown,
    status_text,
    summarize,
    waiver_text,
)

CHANGE = {"zh": "对比", "en": "Change"}  # the column --compare adds after the status
SHEETS = {"zh": ("合规矩阵", "问题清单", "截止日期", "汇总"), "en": ("Compliance", "Findings", "Deadlines", "Summary")}
HEADERS = {
    "zh": {
        "matrix": ["基层工会代码", "基层工会"],
        "overall": "总体",
        "findings": [
            "基层工会代码",
            "基层工会",
            "规则",
            "规则名称",
            "依据",
            "状态",
            "说明",
            "截止日期",
            "文件",
            "行",
            "列",
            "工作表",
            "单元格",
            "数据路径",
            "问题标识",
        ],
        "deadlines": ["截止日期", "状态", "基层工会代码", "基层工会", "规则", "事项"],
        "summary": ["项目", "值"],
    },
    "en": {
        "matrix": ["Branch", "Name"],
        "overall": "Overall",
        "findings": [
            "Branch",
            "Name",
            "Rule",
            "Title",
            "Regulation",
            "Status",
            "Message",
            "Due",
            "File",
            "Line",
            "Column",
            "Sheet",
            "Cell",
            "Data path",
            "Finding key",
        ],
        "deadlines": ["Due", "Status", "Branch", "Name", "Rule", "What"],
        "summary": ["Item", "Value"],
    },
}


class XlsxReporter(Reporter):
    binary = True
    needs_path = True

    def render(self, report: Report, options: Options) -> bytes:
        from openpyxl import Workbook  # imported only when a workbook is asked for

        lang = options.lang
        book = Workbook()
        names = SHEETS[lang]
        matrix = book.active
        matrix.title = names[0]
        self._matrix(matrix, report, lang)
        self._findings(book.create_sheet(names[1]), report, lang)
        self._deadlines(book.create_sheet(names[2]), report, lang)
        self._summary(book.create_sheet(names[3]), report, options)
        for sheet in book.worksheets:
            _printable(sheet)
        scores.write_sheet(book, report, lang)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def _matrix(self, sheet, report: Report, lang: str) -> None:
        families = report.families
        scored = scores.sheet_of(report)
        extra = scores.matrix_head(scored, lang)  # 得分, 排名
        _header(sheet, HEADERS[lang]["matrix"] + families + [HEADERS[lang]["overall"]] + extra)
        for row, branch in enumerate(report.branches, start=2):
            put(sheet, row, 1, branch.code or display_path(branch.file))
            put(sheet, row, 2, branch.name or "")
            for col, family in enumerate(families, start=3):
                status, due = family_cell(branch, family)
                cell = put(sheet, row, col, "—" if status is None else status.label(lang) + (f" {due}" if due else ""))
                if status is not None:
                    _colour(cell, status)
            _colour(sheet.cell(row, len(families) + 3, branch.status.label(lang)), branch.status)
            for col, value in enumerate(scores.matrix_values(scored, branch), start=len(families) + 4):
                put(sheet, row, col, value)
        sheet.freeze_panes = "C2"
        sheet.auto_filter.ref = sheet.dimensions
        _widths(sheet, [12, 36] + [16] * len(families) + [10] + [8] * len(extra))  # CJK characters are two columns wide

    def _findings(self, sheet, report: Report, lang: str) -> None:
        rules = {r.code: r for r in report.rules}
        comparing = report.comparison is not None
        titles = HEADERS[lang]["findings"]
        _header(sheet, titles[:6] + [CHANGE[lang]] + titles[6:] if comparing else titles)
        row = 1
        for branch in report.branches:
            for r in (r for r in branch.results if shown(r)):
                row += 1
                rule = rules.get(r.rule)
                loc = r.location
                values = [
                    branch.code or "",
                    branch.name or "",
                    r.rule,
                    rule.title(lang) if rule else "",
                    rule.basis if rule else "",
                    status_text(r, lang),
                    " ".join(filter(None, [r.message(lang), waiver_text(r, lang)])),
                    r.due,
                    display_path(loc.file) if loc else display_path(branch.file),
                    loc.line if loc else None,
                    loc.column if loc else None,
                    loc.sheet if loc else None,  # a workbook's finding: its sheet and cell, no line
                    loc.cell if loc else None,
                    r.pointer,
                    r.key,
                ]
                if comparing:
                    values.insert(6, change_text(r, lang))
                due_col = 9 if comparing else 8
                for col, value in enumerate(values, start=1):
                    cell = put(sheet, row, col, value)
                    if col == due_col and value:
                        cell.number_format = "yyyy-mm-dd"
                _colour(sheet.cell(row, 6), r.status)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        widths = [12, 34, 8, 30, 44, 10, 70, 12, 34, 6, 6, 14, 8, 30, 40]
        _widths(sheet, widths[:6] + [18] + widths[6:] if comparing else widths)

    def _deadlines(self, sheet, report: Report, lang: str) -> None:
        _header(sheet, HEADERS[lang]["deadlines"])
        for row, d in enumerate(deadlines(report), start=2):
            values = [
                d.due,
                d.result.status.label(lang),
                d.branch.code or "",
                d.branch.name or "",
                d.result.rule,
                d.result.message(lang),
            ]
            for col, value in enumerate(values, start=1):
                put(sheet, row, col, value)
            sheet.cell(row, 1).number_format = "yyyy-mm-dd"
            _colour(sheet.cell(row, 2), d.result.status)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        _widths(sheet, [12, 10, 12, 34, 8, 70])

    def _summary(self, sheet, report: Report, options: Options) -> None:
        lang = options.lang
        s = summarize(report, options.fail_on)
        zh = lang == "zh"
        rows = [
            ("参考日" if zh else "As of", report.as_of),
            ("审计期" if zh else "Audit period", f"{report.period_start} — {report.period_end}"),
            ("配置" if zh else "Profile", report.profile.name),
            ("基层工会" if zh else "Branches", s["branches"]),
            ("合规（无不合格、无错误）" if zh else "Compliant (no fail, no error)", s["compliant"]),
        ]
        rows += [
            ((f"基层工会：{Status(k).label(lang)}" if zh else f"Branches {k}"), v) for k, v in s["by_status"].items()
        ]
        rows += [
            ((f"检查结果：{Status(k).label(lang)}" if zh else f"Results {k}"), v)
            for k, v in s["findings"]["by_status"].items()
        ]
        rows += [
            ((f"需关注：{k}" if zh else f"Needing attention {k}"), v) for k, v in s["findings"]["by_family"].items()
        ]
        compare = s.get("compare")
        if compare:
            n = compare
            rows += [
                ("与之前的报告对比" if zh else "Compared with", compare["previous"]["as_of"]),
                *[
                    ((f"对比：{label[0]}" if zh else f"Compare: {label[1]}"), n[change])
                    for change, label in _CHANGE_LABELS.items()
                ],
                ("新不合格的基层工会" if zh else "Newly failing branches", "、".join(n["newly_failing"]) or "—"),
                ("转为合格的基层工会" if zh else "Newly compliant branches", "、".join(n["newly_fixed"]) or "—"),
            ]
        _header(sheet, HEADERS[lang]["summary"])
        lines = compare_lines(report, lang)
        for row, line in enumerate(lines, start=len(rows) + 3):  # the headline in words, below the table
            put(sheet, row, 1, line)
        fixed = fixed_rows(report, lang)
        if fixed:  # then the earlier report's problems that are gone, as a small table of their own
            first = len(rows) + len(lines) + 4
            title, headers = FIXED_HEADERS[lang]
            from openpyxl.styles import Font

            put(sheet, first, 1, title).font = Font(bold=True)
            for row, values in enumerate([headers, *fixed], start=first + 1):
                for col, value in enumerate(values, start=1):
                    put(sheet, row, col, value)
        for row, (label, value) in enumerate(rows, start=2):
            put(sheet, row, 1, label)
            cell = put(sheet, row, 2, value)
            if row == 2:
                cell.number_format = "yyyy-mm-dd"
        _widths(sheet, [30, 26])


_CHANGE_LABELS = {
    "new": ("新增问题", "new problems"),
    "fixed": ("已修复", "fixed"),
    "open": ("仍存在", "still open"),
    "changed": ("状态改变", "changed status"),
    "earlier": ("上期问题（本期不再检查）", "earlier period (not judged now)"),
}


def put(sheet, row: int, col: int, value):
    """Write a cell. Text is always text, whatever it begins with: openpyxl makes a formula of a
    string beginning with ``=``, and data from a branch file (a name ``=HYPERLINK(…)``) must never
    be one; text that a spreadsheet would read as a formula when edited is marked as typed text
    (Excel's leading apostrophe, ``quotePrefix``). Text also loses the characters a workbook
    cannot hold (they would break the whole file)."""
    if not isinstance(value, str):
        return sheet.cell(row, col, value)
    cell = sheet.cell(row, col, xml_safe(value))
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def _header(sheet, titles: list[str], row: int = 1) -> None:
    from openpyxl.styles import Font, PatternFill

    for col, text in enumerate(titles, start=1):
        cell = put(sheet, row, col, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="305496")


def _colour(cell, status: Status) -> None:
    from openpyxl.styles import Font, PatternFill

    fill, text = COLOURS[status]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(color=text)


def _widths(sheet, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _printable(sheet) -> None:
    """Printed from Excel or WPS: A4 landscape, as wide as the page, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"
