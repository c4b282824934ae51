"""One notice per branch (检查情况通知): a Word document addressed to a branch with something to
fix, as a superior office sends it: its findings with what to do, by when and on what basis,
the findings it was exempted from, what falls due next, its score where the profile has a score
sheet, a reply date and a signature block with room for the seal.

Every word about the branch comes from the report (messages, due dates, waivers), the profile
(who audits, what the audit is called) and the rules (titles, how to fix, the basis); the fixed
wording is the generic text of a notice. Personal data never appears: messages are masked
where they are made, and nothing else is read from the branch's file.

``notice_bytes`` gives the document as bytes that depend on the report only: the core
properties carry ``report.made_at`` (which follows ``SOURCE_DATE_EPOCH``) and the zip entries
a fixed date (``reproducible``), so that the same inputs give byte-identical files.

python-docx is imported here only (the command imports this module when it runs).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .citations import basis_text
from .model import BranchReport, Report, Result, Status
from .reporters.summary import is_problem, is_todo, shows_advice, waiver_text

# Fonts: what Chinese Windows and WPS have (仿宋 body, 黑体 headings, 宋体 tables and the
# union's name), each with the Noto CJK face of the same kind as its alternative, for LibreOffice
# on a machine without them (Debian's fonts-noto-cjk).
BODY, HEADING, PLAIN = "仿宋", "黑体", "宋体"
LATIN = "Times New Roman"
ALTERNATIVES = {BODY: "Noto Serif CJK SC", HEADING: "Noto Sans CJK SC", PLAIN: "Noto Serif CJK SC"}
RED = RGBColor(0xC0, 0x00, 0x00)

# A4 portrait, margins of an official document (GB/T 9704: 37 mm top, 35 bottom, 28 left, 26 right)
PAGE, MARGINS = (Mm(210), Mm(297)), (Mm(37), Mm(35), Mm(28), Mm(26))
TEXT_WIDTH_MM = 210 - 28 - 26
# the findings table's columns (mm, summing to the text width): 序号 检查事项 存在问题 整改要求 整改期限 依据
FINDING_COLUMNS = (12, 20, 34, 32, 20, 38)  # the basis the widest: it cites texts and articles at length
TODO_COLUMNS = (12, 30, 86, 28)  # 序号 事项 内容 完成期限
WAIVED_COLUMNS = (12, 30, 57, 57)  # 序号 检查事项 情况 豁免依据
SCORE_COLUMNS = (60, 22, 22, 52)  # 考核项目 分值 扣分 说明

NUMERALS = "一二三四五六七八九十"
WINDOWS_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
NAME_LIMIT = 80  # characters of a file name before .docx: far below Windows' 255, room for the folder's path


def needs_notice(branch: BranchReport) -> bool:
    """Whether the branch has something to fix: an error, a fail or a warning (waived findings
    and pending obligations alone need no notice)."""
    return any(is_problem(r) and r.status != Status.WAIVED for r in branch.results)


def file_names(branches: list[tuple[int, BranchReport]]) -> list[str]:
    """A file name for each (position in the report, branch): ``08-HTZWSY-河头镇卫生院.docx``,
    safe on Windows (no ``\\/:*?"<>|``, no reserved device name, no trailing dot or space,
    bounded length) and distinct even where Windows does not tell case apart."""
    width = max(2, len(str(max((i for i, _ in branches), default=1))))
    names, seen = [], set()
    for position, branch in branches:
        parts = [f"{position:0{width}d}", branch.code or _stem(branch.file), _short_name(branch.name)]
        stem = safe_stem("-".join(p for p in parts if p))
        name, n = stem, 1
        while name.casefold() in seen:
            n += 1
            name = f"{stem}-{n}"
        seen.add(name.casefold())
        names.append(name + ".docx")
    return names


def safe_stem(text: str) -> str:
    """``text`` as a file name's stem on any system."""
    stem = WINDOWS_FORBIDDEN.sub("_", text).strip()
    stem = stem[:NAME_LIMIT].rstrip(". ")
    if not stem:
        stem = "notice"
    if stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = "_" + stem
    return stem


def _stem(file: str) -> str:
    name = re.split(r"[\\/]", file)[-1]
    return name.rsplit(".", 1)[0]


def _short_name(name: str | None) -> str:
    """The branch's name without the trailing 工会委员会 / 工会 (the file is the branch's anyway)."""
    if not name:
        return ""
    for ending in ("工会委员会", "工会"):
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


# ---- wording -----------------------------------------------------------------------------


def _words(lang: str) -> dict:
    zh = lang == "zh"
    return {
        "title": (
            "关于{year}年度基层工会工作检查情况的通知" if zh else "Notice of the {year} audit of branch union work"
        ),
        "opening": (
            "根据{audit}安排，{union}以{as_of}为参考日，对你单位{start}至{end}的工会工作进行了检查。"
            "现将检查发现的问题及整改要求通知如下。"
            if zh
            else "As part of the {audit}, the {union} audited your union's work from {start} to {end}, "
            "as of {as_of}. The problems found and what is to be done about them follow."
        ),
        "findings": "存在的问题及整改要求" if zh else "Problems found and what to do",
        "finding_headers": (
            ("序号", "检查事项", "存在问题", "整改要求", "整改期限", "依据")
            if zh
            else ("No.", "Item", "Problem", "What to do", "By", "Basis")
        ),
        "now": "立即整改" if zh else "at once",
        "waived": "经批准豁免的事项（无需整改）" if zh else "Exempted findings (no action needed)",
        "waived_headers": ("序号", "检查事项", "情况", "豁免依据") if zh else ("No.", "Item", "Finding", "Exemption"),
        "todo": "须按期完成的事项" if zh else "Obligations to meet in time",
        "todo_intro": (
            "以下事项截至参考日（{as_of}）尚未到期，请按期完成："
            if zh
            else "As of the reference date ({as_of}) the following were not yet due; see that they are done in time:"
        ),
        "todo_headers": ("序号", "事项", "内容", "完成期限") if zh else ("No.", "Item", "What", "Due by"),
        "score": "考核得分" if zh else "Score",
        "score_line": (
            "按{sheet}，你单位本年度得分 {score} 分（满分 {total} 分），在 {count} 个基层工会中排名第 {rank} 位。"
            if zh
            else "On the {sheet}, your union scores {score} of {total} points, ranked {rank} of {count} branches."
        ),
        "score_headers": ("考核项目", "分值", "扣分", "说明") if zh else ("Item", "Points", "Deducted", "Why"),
        "findings_count": "{n} 项问题" if zh else "{n} finding(s)",
        "unjudged": (
            "报送的数据文件有错误，本项无法检查，扣除本项分值"
            if zh
            else "the data file has errors: not judged, points lost"
        ),
        "capped": "，已扣至该项分值" if zh else ", capped at the item's points",
        "score_waived": "另有 {n} 项经批准豁免，不扣分。" if zh else "{n} exempted finding(s) cost no points.",
        "closing": (
            "请你单位对照上述问题认真整改，于{reply_by}前将整改情况书面报送{union}。"
            if zh
            else "Please put these problems right and report in writing to the {union} by {reply_by}."
        ),
        "seal": "（盖章）" if zh else " (seal)",
        "addressee": "{name}：" if zh else "To {name}:",
        "page": ("第 ", " 页 共 ", " 页") if zh else ("Page ", " of ", ""),
    }


def _date(day: dt.date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def _points(value: float) -> str:
    return f"{value:g}"


def addressee(branch: BranchReport, lang: str) -> str:
    """Whom the notice is to: the branch's name (in Chinese with 工会 where the name lacks it)."""
    name = branch.name or branch.code or _stem(branch.file)
    return name + "工会" if lang == "zh" and "工会" not in name else name


def notice_title(report: Report, lang: str) -> str:
    return _words(lang)["title"].format(year=report.period_start.year)


def union_name(report: Report, lang: str) -> str:
    union = getattr(report.profile, "union", None)
    return union(lang) if union is not None else report.profile.name


def made_day(report: Report) -> dt.date:
    return (report.made_at or dt.datetime(report.as_of.year, report.as_of.month, report.as_of.day)).date()


# ---- the document ------------------------------------------------------------------------


def notice_bytes(report: Report, branch: BranchReport, lang: str, reply_by: dt.date, sheet=None) -> bytes:
    """The notice to ``branch`` as a .docx file's bytes, the same for the same report."""
    document = notice_document(report, branch, lang, reply_by, sheet)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible(buffer.getvalue(), _moment(report), {"word/fontTable.xml": font_alternatives})


def notice_document(report: Report, branch: BranchReport, lang: str, reply_by: dt.date, sheet=None):
    """The notice as a python-docx Document. ``sheet``: the report's score sheet, when it has one."""
    w = _words(lang)
    union = union_name(report, lang)
    document = Document()
    _setup(document, lang)
    _properties(document, report, notice_title(report, lang), union)

    _paragraph(document, union, "Notice Union")
    _paragraph(document, notice_title(report, lang), "Notice Title")
    _paragraph(document, w["addressee"].format(name=addressee(branch, lang)), "Notice Addressee")
    audit = report.profile.title(lang) if getattr(report.profile, "title", None) else report.profile.name
    _paragraph(
        document,
        w["opening"].format(
            audit=audit,
            union=union,
            as_of=_date(report.as_of, lang),
            start=_date(report.period_start, lang),
            end=_date(report.period_end, lang),
        ),
    )

    titles = {rule.code: rule for rule in report.rules}
    problems = [r for r in branch.results if is_problem(r) and r.status != Status.WAIVED]
    waived = [r for r in branch.results if r.status == Status.WAIVED]
    todo = sorted((r for r in branch.results if is_todo(r)), key=lambda r: (r.due or dt.date.max, r.rule))
    sections = iter(NUMERALS)

    _heading(document, next(sections), w["findings"], lang)
    rows = []
    for n, result in enumerate(problems, start=1):
        rule = titles.get(result.rule)
        rows.append(
            [
                str(n),
                _rule_title(rule, result, lang),
                result.message(lang),
                rule.doc.advice(lang) if rule is not None and shows_advice(result) else "",
                _due(result, report.as_of, lang),
                basis_text(rule, report.profile, lang) if rule is not None else "",
            ]
        )
    _table(document, w["finding_headers"], rows, FINDING_COLUMNS, centred=(0, 4))

    if waived:
        _heading(document, next(sections), w["waived"], lang)
        rows = [
            [str(n), _rule_title(titles.get(r.rule), r, lang), r.message(lang), waiver_text(r, lang)]
            for n, r in enumerate(waived, start=1)
        ]
        _table(document, w["waived_headers"], rows, WAIVED_COLUMNS, centred=(0,))

    if todo:
        _heading(document, next(sections), w["todo"], lang)
        _paragraph(document, w["todo_intro"].format(as_of=_date(report.as_of, lang)))
        rows = [
            [str(n), _rule_title(titles.get(r.rule), r, lang), r.message(lang), r.due.isoformat() if r.due else ""]
            for n, r in enumerate(todo, start=1)
        ]
        _table(document, w["todo_headers"], rows, TODO_COLUMNS, centred=(0, 3))

    scored = sheet.of(branch) if sheet is not None else None
    if scored is not None:
        _heading(document, next(sections), w["score"], lang)
        _paragraph(
            document,
            w["score_line"].format(
                sheet=sheet.title(lang),
                score=_points(scored.score),
                total=_points(sheet.total),
                count=len(sheet.branches),
                rank=scored.rank,
            ),
        )
        if scored.deductions:
            rows = [
                [
                    d.item.name(lang),
                    _points(d.item.points),
                    _points(d.points),
                    (w["unjudged"] if getattr(d, "unjudged", False) else w["findings_count"].format(n=len(d.results)))
                    + (w["capped"] if d.capped else ""),
                ]
                for d in scored.deductions
            ]
            _table(document, w["score_headers"], rows, SCORE_COLUMNS, centred=(1, 2))
        if scored.waived:
            _paragraph(document, w["score_waived"].format(n=len(scored.waived)))

    _paragraph(document, w["closing"].format(reply_by=_date(reply_by, lang), union=union), "Notice Closing")
    _paragraph(document, "", "Notice Signature")  # room for the seal
    _paragraph(document, "", "Notice Signature")
    _paragraph(document, union + w["seal"], "Notice Signature")
    _paragraph(document, _date(made_day(report), lang), "Notice Signature")
    return document


def _rule_title(rule, result: Result, lang: str) -> str:
    return rule.title(lang) if rule is not None else result.rule


def _due(result: Result, as_of: dt.date, lang: str) -> str:
    """整改期限: the due date where it is still ahead, 立即整改 where it has passed or there is none."""
    if result.due is None or result.due <= as_of:
        return _words(lang)["now"]
    return result.due.isoformat()


def _setup(document, lang: str) -> None:
    """A4 portrait, margins, fonts for East Asian text, the styles of the notice, page numbers."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = MARGINS
    section.footer_distance = Mm(20)
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, BODY)
    language = rpr.find(qn("w:lang"))
    language.set(qn("w:val"), "en-US")  # Latin words break as English words, never between letters
    language.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.find(qn("w:spacing")).attrib.clear()

    normal = styles["Normal"]
    _style(normal, BODY, 16)
    normal.paragraph_format.first_line_indent = Pt(32)  # two characters
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.widow_control = True

    for name, font, size, bold, align, before, after in (
        ("Notice Union", PLAIN, 26, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 6),
        ("Notice Title", HEADING, 20, False, WD_ALIGN_PARAGRAPH.CENTER, 18, 18),
        ("Notice Addressee", BODY, 16, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
        ("Notice Heading", HEADING, 16, False, WD_ALIGN_PARAGRAPH.LEFT, 6, 6),
        ("Notice Cell", PLAIN, 10.5, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
        ("Notice Closing", BODY, 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 12, 0),
        ("Notice Signature", BODY, 16, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, 0),
        ("Notice Footer", LATIN, 12, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    ):
        style = styles.add_style(name, 1)  # a paragraph style
        style.base_style = normal
        _style(style, font, size, bold)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if name != "Notice Closing":
            fmt.first_line_indent = Pt(0)
        if name in ("Notice Union", "Notice Title"):
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if name == "Notice Heading":
            fmt.first_line_indent = Pt(32)
            fmt.keep_with_next = True
        if name == "Notice Cell":
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if name == "Notice Signature":
            fmt.right_indent = Pt(32)
        if name in ("Notice Closing", "Notice Signature"):  # the seal never alone on a page of its own
            fmt.keep_with_next = True
            fmt.keep_together = True
    union = styles["Notice Union"]
    union.font.color.rgb = RED
    _rule_below(union.element.get_or_add_pPr())
    _page_numbers(section, lang)


def _style(style, east_asian: str, size: float, bold: bool = False) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    _fonts(style.element.get_or_add_rPr(), east_asian)


def _fonts(rpr, east_asian: str) -> None:
    """Latin text in Times New Roman, Chinese in ``east_asian`` (``w:eastAsia``: what Word and WPS
    use for CJK characters), no theme font left to override them."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for key, value in (("ascii", LATIN), ("hAnsi", LATIN), ("eastAsia", east_asian), ("cs", LATIN)):
        fonts.set(qn(f"w:{key}"), value)
    fonts.set(qn("w:hint"), "eastAsia")


def _rule_below(ppr) -> None:
    """The red line under the union's name."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "18"), ("space", "6"), ("color", "C00000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.append(borders)


def font_alternatives(xml: bytes) -> bytes:
    """The font table (``word/fontTable.xml``) with each Chinese font and its Noto CJK alternative
    (``w:altName``), GB2312 charset: what a suite without 仿宋, 黑体 or 宋体 falls back to."""
    fonts = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{"modern" if name == HEADING else "roman"}"/><w:pitch w:val="variable"/></w:font>'
        for name, alternative in ALTERNATIVES.items()
    )
    return xml.replace(b"</w:fonts>", fonts.encode("utf-8") + b"</w:fonts>", 1)


def _page_numbers(section, lang: str) -> None:
    """第 X 页 共 Y 页 at the foot of every page (PAGE and NUMPAGES fields)."""
    before, middle, after = _words(lang)["page"]
    paragraph = section.footer.paragraphs[0]
    paragraph.style = "Notice Footer"
    paragraph.add_run(before)
    _field(paragraph, "PAGE")
    paragraph.add_run(middle)
    _field(paragraph, "NUMPAGES")
    if after:
        paragraph.add_run(after)


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _paragraph(document, text: str, style: str | None = None):
    paragraph = document.add_paragraph(text)
    if style:
        paragraph.style = document.styles[style]
    return paragraph


def _heading(document, numeral: str, text: str, lang: str):
    label = f"{numeral}、{text}" if lang == "zh" else f"{NUMERALS.index(numeral) + 1}. {text}"
    return _paragraph(document, label, "Notice Heading")


def _table(document, headers, rows, widths_mm, centred=()) -> None:
    """A bordered table of ``rows`` under ``headers`` (repeated on each page), columns of fixed
    width that fill the text width, a row never split across pages."""
    assert sum(widths_mm) == TEXT_WIDTH_MM, widths_mm
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    for row_cells in [headers, *rows]:
        row = table.rows[0] if row_cells is headers else table.add_row()
        for i, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[i])
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["Notice Cell"]
            run = paragraph.add_run(row_cells[i])
            if row_cells is headers:
                run.bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif i in centred:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # a row is read whole: never half on the next page
        if row_cells is headers:
            properties.append(OxmlElement("w:tblHeader"))  # repeated at the top of each page
    for i, column in enumerate(table.columns):
        column.width = Mm(widths_mm[i])
    document.add_paragraph("", style="Notice Cell")  # room below the table


def _properties(document, report: Report, title: str, union: str) -> None:
    """Core properties from the report, never the clock; no thumbnail of the template."""
    moment = _moment(report)
    core = document.core_properties
    core.title = title
    core.author = union
    core.last_modified_by = union
    core.created = core.modified = core.last_printed = moment
    core.revision = 1
    core.comments = ""
    core.keywords = ""
    core.subject = ""
    core.category = ""
    package = document.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[key]


def _moment(report: Report) -> dt.datetime:
    """When the report was made, in UTC without a zone (as the core properties write it)."""
    moment = report.made_at or dt.datetime(report.as_of.year, report.as_of.month, report.as_of.day)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return max(moment, dt.datetime(1980, 1, 1))


def reproducible(data: bytes, moment: dt.datetime, edits=None) -> bytes:
    """``data`` (a zip: a .docx) again, its entries in the same order with the same content (an
    entry named in ``edits`` passed through its function), each dated ``moment`` (a zip cannot
    date anything before 1980), so that nothing in it depends on when it was written."""
    edits = edits or {}
    stamp = max(moment, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            content = source.read(entry.filename)
            if entry.filename in edits:
                content = edits[entry.filename](content)
            target.writestr(info, content)
    return out.getvalue()
