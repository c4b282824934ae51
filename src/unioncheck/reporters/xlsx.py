"""``xlsx``: a workbook for Excel and WPS — the compliance matrix (cells
coloured by status, frozen header, filters, a legend below), the findings (problems
with what to do), the to-do list (obligations not due yet) and a summary, each sheet
titled with the union, the audit year, the reference date and when it was made,
printed with the title above and the page numbers below. Headers follow ``--lang``
(Chinese by default). Written to a path only.
A finding's place is its line and column in a YAML file, its sheet and cell in a
branch workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from ..citations import basis_text
from ..clock import made_text
from ..model import Report, Status
from . import scores
from .base import Reporter
from .options import FORMULA_START, Options, display_path, xml_safe
from .palette import COLOURS
from .summary import (
    FIXED_HEADERS,
    LEGEND_WORDS,
    change_text,
    compare_lines,
    compliance_line,
    compliant_meaning,
    days_left,
    family_legend,
    fixed_rows,
    heading,
    in_findings,
    matrix_columns,
    shows_advice,
    status_legend,
    status_text,
    subheading,
    summarize,
    todo_items,
    union_name,
    waiver_text,
)

CHANGE = {"zh": "对比", "en": "Change"}  # the column --compare adds after the status
SHEETS = {"zh": ("合规矩阵", "问题清单", "待办事项", "汇总"), "en": ("Compliance", "Findings", "To do", "Summary")}
HEADERS = {
    "zh": {
        "matrix": ["基层工会", "名称"],
        # what a person reads first, then where the finding is (for whoever edits the file)
        "findings": ["基层工会", "名称", "规则", "规则名称", "状态", "说明", "整改建议", "截止日期", "依据"],
        "where": ["文件", "行", "列", "工作表", "单元格", "数据路径", "问题标识"],
        "todo": ["截止日期", "剩余天数", "基层工会", "名称", "规则", "规则名称", "事项", "依据"],
        "summary": ["项目", "值"],
    },
    "en": {
        "matrix": ["Branch", "Name"],
        "findings": ["Branch", "Name", "Rule", "Title", "Status", "Message", "What to do", "Due", "Basis"],
        "where": ["File", "Line", "Column", "Sheet", "Cell", "Data path", "Finding key"],
        "todo": ["Due", "Days left", "Branch", "Name", "Rule", "Title", "What", "Basis"],
        "summary": ["Item", "Value"],
    },
}
FINDINGS_WIDTHS = [12, 26, 8, 24, 10, 50, 40, 13, 36]
WHERE_WIDTHS = [34, 6, 6, 14, 8, 30, 40]
TODO_WIDTHS = [13, 10, 12, 26, 8, 24, 50, 36]
HEADER_ROW = 3  # rows 1 and 2: the title and the line under it


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
        self._todo(book.create_sheet(names[2]), report, lang)
        self._summary(book.create_sheet(names[3]), report, options)
        scores.write_sheet(book, report, lang)
        for sheet in book.worksheets:
            _printable(sheet, report, lang)
        return save_reproducibly(book, report.made_at)

    def _matrix(self, sheet, report: Report, lang: str) -> None:
        from openpyxl.styles import Alignment

        columns = matrix_columns(report, lang)
        _titles(sheet, report, lang, heading(report, lang), 2 + len(columns))
        _header(sheet, HEADERS[lang]["matrix"] + [c.header + (f"\n{c.sub}" if c.sub else "") for c in columns])
        sheet.row_dimensions[HEADER_ROW].height = 32  # the family's name and, below it, its code
        centred = Alignment(horizontal="center", vertical="center")
        row = HEADER_ROW
        for branch in report.branches:
            row += 1
            put(sheet, row, 1, branch.code or display_path(branch.file))
            put(sheet, row, 2, branch.name or "")
            for col, column in enumerate(columns, start=3):
                text, status = column.cell(branch)
                cell = put(sheet, row, col, column.value(branch) if column.value else text)
                cell.alignment = centred
                if status is not None:
                    _colour(cell, status)
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3).coordinate
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{_letter(2 + len(columns))}{row}"
        _widths(sheet, [12, _name_width(report, 30)] + [c.width for c in columns])  # CJK characters: two columns
        _grid(sheet, HEADER_ROW, row, 2 + len(columns))
        _legend(sheet, report, lang, row + 2, 2 + len(columns))

    def _findings(self, sheet, report: Report, lang: str) -> None:
        from openpyxl.styles import Alignment

        rules = {r.code: r for r in report.rules}
        comparing = report.comparison is not None
        reader = list(HEADERS[lang]["findings"])
        widths = list(FINDINGS_WIDTHS)
        if comparing:
            reader.insert(5, CHANGE[lang])
            widths.insert(5, 18)
        titles = reader + HEADERS[lang]["where"]
        _titles(sheet, report, lang, f"{heading(report, lang)} · {sheet.title}", len(reader))
        _header(sheet, titles)
        wrapped = Alignment(wrap_text=True, vertical="top")
        top, centred = Alignment(vertical="top"), Alignment(vertical="top", horizontal="center")
        status_col = 5
        due_col = reader.index(HEADERS[lang]["findings"][7]) + 1
        long_cols = {reader.index(HEADERS[lang]["findings"][i]) + 1 for i in (3, 5, 6, 8)}
        row = HEADER_ROW
        for branch in report.branches:
            for r in (r for r in branch.results if in_findings(r)):
                row += 1
                rule = rules.get(r.rule)
                loc = r.location
                values = [
                    branch.code or "",
                    branch.name or "",
                    r.rule,
                    rule.title(lang) if rule else "",
                    status_text(r, lang),
                    " ".join(filter(None, [r.message(lang), waiver_text(r, lang)])),
                    rule.doc.advice(lang) if rule and shows_advice(r) else "",
                    r.due,
                    basis_text(rule, report.profile, lang) if rule else "",
                ]
                if comparing:
                    values.insert(5, change_text(r, lang))
                values += [
                    display_path(loc.file) if loc else display_path(branch.file),
                    loc.line if loc else None,
                    loc.column if loc else None,
                    loc.sheet if loc else None,  # a workbook's finding: its sheet and cell, no line
                    loc.cell if loc else None,
                    r.pointer,
                    r.key,
                ]
                for col, value in enumerate(values, start=1):
                    cell = put(sheet, row, col, value)
                    cell.alignment = wrapped if col in long_cols else centred if col in (status_col, due_col) else top
                    if col == due_col and value:
                        cell.number_format = "yyyy-mm-dd"
                _colour(sheet.cell(row, status_col), r.status)
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1).coordinate
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{_letter(len(titles))}{row}"
        sheet.print_area = f"A1:{_letter(len(reader))}{row}"  # printed: what a person reads, not where
        widths[1] = _name_width(report, widths[1])
        _widths(sheet, widths + WHERE_WIDTHS)
        _fit_heights(sheet, HEADER_ROW + 1, row, {c: widths[c - 1] for c in long_cols})
        _grid(sheet, HEADER_ROW, row, len(titles))

    def _todo(self, sheet, report: Report, lang: str) -> None:
        from openpyxl.styles import Alignment

        rules = {r.code: r for r in report.rules}
        titles = HEADERS[lang]["todo"]
        _titles(sheet, report, lang, f"{heading(report, lang)} · {sheet.title}", len(titles))
        _header(sheet, titles)
        wrapped = Alignment(wrap_text=True, vertical="top")
        row = HEADER_ROW
        for branch, r in todo_items(report):
            row += 1
            rule = rules.get(r.rule)
            values = [
                r.due,
                days_left(report, r),
                branch.code or "",
                branch.name or "",
                r.rule,
                rule.title(lang) if rule else "",
                r.message(lang),
                basis_text(rule, report.profile, lang) if rule else "",
            ]
            for col, value in enumerate(values, start=1):
                cell = put(sheet, row, col, value)
                cell.alignment = wrapped if col in (6, 7, 8) else Alignment(vertical="top")
            sheet.cell(row, 1).number_format = "yyyy-mm-dd"
            _colour(sheet.cell(row, 1), r.status)
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1).coordinate
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{_letter(len(titles))}{row}"
        widths = list(TODO_WIDTHS)
        widths[3] = _name_width(report, widths[3])
        _widths(sheet, widths)
        _fit_heights(sheet, HEADER_ROW + 1, row, {c: widths[c - 1] for c in (6, 7, 8)})
        _grid(sheet, HEADER_ROW, row, len(titles))

    def _summary(self, sheet, report: Report, options: Options) -> None:
        lang = options.lang
        s = summarize(report, options.fail_on)
        zh = lang == "zh"
        rows = [
            ("参考日" if zh else "As of", report.as_of),
            ("审计期" if zh else "Audit period", f"{report.period_start} — {report.period_end}"),
            ("单位" if zh else "Union", union_name(report, lang)),
            ("生成于" if zh else "Made", made_text(report.made_at, lang)),
            ("配置" if zh else "Profile", report.profile.name),
            ("基层工会" if zh else "Branches", s["branches"]),
            ("合规（无不合格、无错误）" if zh else "Compliant (no fail, no error)", s["compliant"]),
            ("合规中有警告的" if zh else "Compliant, with warnings", s["compliant_with"]["warn"]),
            ("合规中有待办的" if zh else "Compliant, with pending items", s["compliant_with"]["pending"]),
        ]
        rows += [
            ((f"基层工会：{Status(k).label(lang)}" if zh else f"Branches {k}"), v) for k, v in s["by_status"].items()
        ]
        rows += [
            ((f"检查结果：{Status(k).label(lang)}" if zh else f"Results {k}"), v)
            for k, v in s["findings"]["by_status"].items()
        ]
        rows += [
            (("需关注的问题：" if zh else "Problems needing attention: ") + report.family_name(k, lang), v)
            for k, v in s["findings"]["by_family"].items()
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
        _titles(sheet, report, lang, f"{heading(report, lang)} · {sheet.title}", 2)
        _header(sheet, HEADERS[lang]["summary"])
        first = HEADER_ROW + 1
        lines = [compliance_line(report, lang, options.fail_on), *compare_lines(report, lang)]
        for row, line in enumerate(lines, start=first + len(rows) + 1):  # the headline in words, below the table
            put(sheet, row, 1, line)
        fixed = fixed_rows(report, lang)
        if fixed:  # then the earlier report's problems that are gone, as a small table of their own
            top = first + len(rows) + len(lines) + 2
            title, headers = FIXED_HEADERS[lang]
            from openpyxl.styles import Font

            put(sheet, top, 1, title).font = Font(bold=True)
            for row, values in enumerate([headers, *fixed], start=top + 1):
                for col, value in enumerate(values, start=1):
                    put(sheet, row, col, value)
        for row, (label, value) in enumerate(rows, start=first):
            put(sheet, row, 1, label)
            cell = put(sheet, row, 2, value)
            if row == first:
                cell.number_format = "yyyy-mm-dd"
        _widths(sheet, [30, 30])


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


def _header(sheet, titles: list[str], row: int = HEADER_ROW) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for col, text in enumerate(titles, start=1):
        cell = put(sheet, row, col, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="305496")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text="\n" in text)


def _titles(sheet, report: Report, lang: str, title: str, width: int) -> None:
    """Rows 1 and 2: the title (union, audit year) and the line under it (reference date, audit
    period, when made), each across the sheet's first ``width`` columns."""
    from openpyxl.styles import Alignment, Font

    put(sheet, 1, 1, title).font = Font(bold=True, size=14)
    put(sheet, 2, 1, subheading(report, lang, made=True)).font = Font(color="57606A")
    for row in (1, 2):
        sheet.cell(row, 1).alignment = Alignment(vertical="center")
        if width > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.row_dimensions[1].height = 24


def _legend(sheet, report: Report, lang: str, top: int, width: int) -> None:
    """Below the matrix: what each family checks, what each status means, what 合规 means."""
    from openpyxl.styles import Alignment, Font

    legend, families, statuses, _ = LEGEND_WORDS[lang]
    put(sheet, top, 1, legend).font = Font(bold=True, size=12)
    row = top + 1
    put(sheet, row, 1, families).font = Font(bold=True)
    for code, name, what in family_legend(report, lang):
        row += 1
        put(sheet, row, 1, name).font = Font(bold=True)
        put(sheet, row, 2, f"{code}：{what}" if lang == "zh" else f"{code}: {what}")
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
    row += 1
    put(sheet, row, 1, statuses).font = Font(bold=True)
    for status, meaning in status_legend(lang):
        row += 1
        cell = put(sheet, row, 1, status.label(lang))
        cell.alignment = Alignment(horizontal="center")
        _colour(cell, status)
        put(sheet, row, 2, meaning)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
    row += 1
    put(sheet, row, 1, compliant_meaning(lang)).font = Font(bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _colour(cell, status: Status) -> None:
    from openpyxl.styles import Font, PatternFill

    fill, text = COLOURS[status]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = Font(color=text)


def _widths(sheet, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _text_width(text: str) -> int:
    """How many columns ``text`` takes in a spreadsheet: two for a CJK character, one for others."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _print_width(text: str) -> float:
    """How wide ``text`` prints in a CJK font, in columns: a CJK character a little under two."""
    return sum(1.7 if ord(c) > 0x2E80 else 1 for c in text)


def _name_width(report: Report, least: int) -> int:
    """The width of a branch-name column: the longest name fits, within reason."""
    longest = max((_text_width(b.name or "") for b in report.branches), default=0)
    return min(max(least, longest + 2), 48)


def _fit_heights(sheet, first: int, last: int, wrapped: dict[int, int]) -> None:
    """Row heights for wrapped text: Excel, WPS and LibreOffice show a row of a written workbook
    at the default height, the rest of a wrapped cell hidden, unless the row says its height.
    Estimated on the safe side (a CJK font's lines are taller than the default font's)."""
    import math

    for row in range(first, last + 1):
        lines = 1
        for col, width in wrapped.items():
            value = sheet.cell(row, col).value
            if isinstance(value, str) and value:
                per_line = max(width - 2, 1)
                lines = max(lines, sum(math.ceil(_print_width(part) / per_line) or 1 for part in value.split("\n")))
        if lines > 1:
            sheet.row_dimensions[row].height = 16.5 * min(lines, 15) + 3


def _grid(sheet, first: int, last: int, columns: int) -> None:
    """Thin grey lines around the cells of a table, as a printed form has them."""
    from openpyxl.styles import Border, Side
    from openpyxl.styles.cell_style import StyleArray

    side = Side(style="thin", color="BFBFBF")
    border = Border(left=side, right=side, top=side, bottom=side)
    border_id = None
    for row in sheet.iter_rows(min_row=first, max_row=last, max_col=columns):
        for cell in row:
            if border_id is None:
                cell.border = border  # openpyxl files the border in the workbook's list once ...
                border_id = cell._style.borderId
            else:  # ... and every other cell takes its number: assigning the object hashes it again each time
                if cell._style is None:  # a cell with no style yet
                    cell._style = StyleArray()
                cell._style.borderId = border_id


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _printable(sheet, report: Report, lang: str) -> None:
    """Printed from Excel or WPS: A4 landscape, as wide as the page, the header row on every
    page, the union and the title in the page header, 第 N 页 共 M 页 in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    left = "&&".join(heading(report, lang).split("&"))  # & starts a code in a header
    sheet.oddHeader.left.text = left
    sheet.oddHeader.right.text = "&&".join(sheet.title.split("&"))
    sheet.oddFooter.left.text = "&&".join(subheading(report, lang, made=True).split("&"))
    sheet.oddFooter.right.text = "第 &P 页 共 &N 页" if lang == "zh" else "Page &P of &N"


def save_reproducibly(book, made_at: dt.datetime | None) -> bytes:
    """The workbook's bytes, the same for the same contents and ``made_at``: openpyxl writes the
    current time into docProps/core.xml (created, modified) and into every zip entry; here both
    are the time the report was made (``SOURCE_DATE_EPOCH`` when set)."""
    from openpyxl.writer.excel import ExcelWriter

    moment = made_at or dt.datetime.now().astimezone().replace(second=0, microsecond=0)
    utc = moment.astimezone(dt.timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
    book.properties.created = book.properties.modified = utc
    stamp = max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # a zip's dates begin in 1980

    class FixedZip(zipfile.ZipFile):
        def writestr(self, name, data, compress_type=None, compresslevel=None):
            if not isinstance(name, zipfile.ZipInfo):
                name = zipfile.ZipInfo(name, date_time=stamp)
                name.compress_type = zipfile.ZIP_DEFLATED
                name.external_attr = 0o600 << 16
            super().writestr(name, data, compress_type, compresslevel)

        def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # a sheet's temp file
            with open(filename, "rb") as f:
                self.writestr(arcname or str(filename), f.read())

    out = io.BytesIO()
    ExcelWriter(book, FixedZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return out.getvalue()
