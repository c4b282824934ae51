"""The score sheet (考核评分) as every format shows it: the matrix's 得分 and 排名 columns, the
sheet itself (branches in rank order, the points each item took off) and the deductions behind
it, the waived findings listed at 0. Each reporter calls these with a line or two; without a
sheet in the profile they give nothing (no columns, no section).

The sheet comes from ``scoring.score_report`` (the kept branches); the JSON formats score each
branch as it streams (``branch_score``, ``json_score``), and ``json`` holds its branches' text
until the end, where their ranks are known (``jsonl`` writes no rank: it needs every branch).
"""

from __future__ import annotations

from ..model import BranchReport, Report, Result
from ..scoring import BranchScore, ScoreSheet, Scoring, number, points_text, score_report, tenths
from .options import display_path

WORDS = {
    "zh": {
        "score": "得分",
        "rank": "排名",
        "section": "考核评分",
        "code": "基层工会代码",
        "name": "名称",
        "branch": "基层工会",
        "item": "评分项",
        "rule": "规则",
        "message": "扣分原因",
        "points": "扣分",
        "note": "备注",
        "waived": "已豁免",
        "capped": "已达该项上限",
        "unjudged": "未能检查：文件有错误，本项规则未能运行，扣除本项全部分值（有上限的，扣至上限）",
        "details": "扣分明细",
        "none": "无扣分。",
        "full": "满分",
    },
    "en": {
        "score": "Score",
        "rank": "Rank",
        "section": "Score sheet",
        "code": "Branch",
        "name": "Name",
        "branch": "Branch",
        "item": "Item",
        "rule": "Rule",
        "message": "Reason",
        "points": "Points off",
        "note": "Note",
        "waived": "waived",
        "capped": "item's cap reached",
        "unjudged": "not judged: the file has errors and the item's rules could not run; the whole item is lost "
        "(up to its cap)",
        "details": "Deductions",
        "none": "No points taken off.",
        "full": "full points",
    },
}


def sheet_of(report: Report) -> ScoreSheet | None:
    """The report's score sheet, None where the profile has none: scored once for all the formats
    and sections that show it (the matrix's columns, the sheet, the section), again only if
    branches were added since."""
    kept = report.__dict__.get("_score_sheet")
    if kept is None or kept[0] != len(report.branches):
        kept = report.__dict__["_score_sheet"] = (len(report.branches), score_report(report))
    return kept[1]


def heading(sheet: ScoreSheet, report: Report, lang: str) -> str:
    """The sheet's heading: the union that audits, the sheet's title, the full points."""
    union = report.profile.union(lang) if getattr(report.profile, "union", None) else ""
    w = WORDS[lang]
    total = points_text(sheet.total)
    full = f"（{w['full']} {total}）" if lang == "zh" else f" ({w['full']}: {total})"
    return (" " if lang == "zh" else ": ").join(filter(None, [union, sheet.title(lang)])) + full


def matrix_head(sheet: ScoreSheet | None, lang: str) -> list[str]:
    """The matrix's columns after 总体: 得分, 排名 (none without a sheet)."""
    return [] if sheet is None else [WORDS[lang]["score"], WORDS[lang]["rank"]]


def matrix_values(sheet: ScoreSheet | None, branch: BranchReport) -> list:
    """A branch's 得分 and 排名, as numbers (none without a sheet)."""
    if sheet is None:
        return []
    scored = sheet.of(branch)
    return ["", ""] if scored is None else [scored.score, scored.rank]


def matrix_texts(sheet: ScoreSheet | None, branch: BranchReport) -> list[str]:
    return [v if isinstance(v, str) else points_text(v) for v in matrix_values(sheet, branch)]


def matrix_columns(report: Report, lang: str) -> list:
    """The matrix's 得分 and 排名 columns (``summary.Column``), none without a sheet."""
    from .summary import Column

    sheet = sheet_of(report)
    if sheet is None:
        return []

    def pick(i):
        def value(branch):
            return matrix_values(sheet, branch)[i]

        return value

    head = matrix_head(sheet, lang)
    return [
        Column(key, head[i], "", 8, lambda b, i=i: (matrix_texts(sheet, b)[i], None), pick(i))
        for i, key in enumerate(("score", "rank"))
    ]


def _label(branch: BranchReport) -> str:
    return branch.code or display_path(branch.file)


def rank_rows(sheet: ScoreSheet, lang: str) -> tuple[list[str], list[list]]:
    """The sheet: one row per branch in rank order: 排名, code, name, 得分, then the points each item
    took off (as numbers; 0 where none)."""
    w = WORDS[lang]
    head = [w["rank"], w["code"], w["name"], w["score"]] + [item.name(lang) for item in sheet.items]
    rows = [
        [s.rank, _label(s.branch), s.branch.name or "", s.score] + [s.off(item.code) for item in sheet.items]
        for s in sheet.ranked()
    ]
    return head, rows


def detail_rows(sheet: ScoreSheet, lang: str) -> tuple[list[str], list[list]]:
    """Every finding that took points off, and every waived one at 0 (已豁免): branch, item, rule,
    the finding's message, the points, a note; branches in rank order."""
    w = WORDS[lang]
    head = [w["branch"], w["item"], w["rule"], w["message"], w["points"], w["note"]]
    rows = []
    for s in sheet.ranked():
        for d in s.deductions:
            if d.unjudged:
                rows.append([_label(s.branch), d.item.name(lang), "—", w["unjudged"], d.points, ""])
            for result, cost in zip(d.results, d.costs):
                note = w["capped"] if d.capped and cost < d.item.deduct.get(result.status.value, 0) else ""
                rows.append([_label(s.branch), d.item.name(lang), result.rule, _message(result, lang), cost, note])
        for result in s.waived:
            item = sheet.item_of(result.rule)
            rows.append(
                [_label(s.branch), item.name(lang) if item else "", result.rule, _message(result, lang), 0, w["waived"]]
            )
    return head, rows


def _message(result: Result, lang: str) -> str:
    return (
        f"{result.status.label(lang)}：{result.message(lang)}"
        if lang == "zh"
        else (f"{result.status.label(lang)}: {result.message(lang)}")
    )


def _text(value) -> str:
    return value if isinstance(value, str) else points_text(value)


def text_lines(report: Report, lang: str) -> list[str]:
    """The sheet for the terminal (``table``): the ranking, then the deductions."""
    sheet = sheet_of(report)
    if sheet is None or not sheet.branches:
        return []
    from tabulate import tabulate

    head, rows = rank_rows(sheet, lang)
    detail_head, details = detail_rows(sheet, lang)
    out = [
        "",
        f"{WORDS[lang]['section']}：{heading(sheet, report, lang)}"
        if lang == "zh"
        else f"{WORDS[lang]['section']}: {heading(sheet, report, lang)}",
        "",
        tabulate([[_text(v) for v in row] for row in rows], headers=head, tablefmt="simple", disable_numparse=True),
    ]
    if details:
        out += [
            "",
            WORDS[lang]["details"],
            "",
            tabulate(
                [[_text(v) for v in row] for row in details],
                headers=detail_head,
                tablefmt="simple",
                maxcolwidths=[None, None, None, 60, None, None],
                disable_numparse=True,
            ),
        ]
    return out


def markdown_lines(report: Report, lang: str, escape) -> list[str]:
    """The sheet as a markdown section: the ranking, then the deductions."""
    sheet = sheet_of(report)
    if sheet is None or not sheet.branches:
        return []
    head, rows = rank_rows(sheet, lang)
    detail_head, details = detail_rows(sheet, lang)

    def table(h, body):
        return [
            "| " + " | ".join(escape(x) for x in h) + " |",
            "|" + "---|" * len(h),
            *["| " + " | ".join(escape(_text(v)) for v in row) + " |" for row in body],
        ]

    out = ["", f"### {WORDS[lang]['section']}", "", escape(heading(sheet, report, lang)), "", *table(head, rows)]
    if details:
        out += ["", f"#### {WORDS[lang]['details']}", "", *table(detail_head, details)]
    return out


def html_section(report: Report, lang: str, escape) -> list[str]:
    """The page's 考核评分 section (``id="scores"``): the ranking, then the deductions."""
    sheet = sheet_of(report)
    if sheet is None or not sheet.branches:
        return []
    w = WORDS[lang]
    head, rows = rank_rows(sheet, lang)
    detail_head, details = detail_rows(sheet, lang)

    def table(cls, h, body):
        return [
            f'<table class="{cls}"><thead><tr>' + "".join(f"<th>{escape(x)}</th>" for x in h) + "</tr></thead><tbody>",
            *["<tr>" + "".join(f"<td>{escape(_text(v))}</td>" for v in row) + "</tr>" for row in body],
            "</tbody></table>",
        ]

    out = [
        f'<section id="scores"><h2>{w["section"]}</h2>',
        f'<p class="meta">{escape(heading(sheet, report, lang))}</p>',
    ]
    out += table("scores", head, rows)
    out.append(f"<h3>{w['details']}</h3>")
    out += table("deductions", detail_head, details) if details else [f"<p>{w['none']}</p>"]
    return out + ["</section>"]


SHEET = {"zh": "考核评分", "en": "Scores"}
DETAIL_SHEET = {"zh": "扣分明细", "en": "Deductions"}


def write_sheet(book, report: Report, lang: str) -> None:
    """The workbook's 考核评分 sheet (the branches in rank order: 排名, code, name, 得分, one column
    per item with the points it took off) and 扣分明细 beside it (one row per finding that cost
    points, waived findings at 0 with 已豁免), each titled like the workbook's other sheets with
    the union's name, the sheet's title and the full points. None without a score sheet."""
    sheet = sheet_of(report)
    if sheet is None:
        return
    from openpyxl.styles import Alignment

    from .summary import heading as document_heading
    from .xlsx import HEADER_ROW, _fit_heights, _grid, _header, _titles, _widths, put

    total = points_text(sheet.total)
    full = f"（{WORDS[lang]['full']} {total}）" if lang == "zh" else f" ({WORDS[lang]['full']}: {total})"
    title = f"{document_heading(report, lang)} · {sheet.title(lang)}{full}"
    centred = Alignment(horizontal="center", vertical="center")
    wrapped = Alignment(wrap_text=True, vertical="top")

    def table(ws, head, rows, widths, long_cols=()):
        _titles(ws, report, lang, title, len(head))
        _header(ws, head)
        for cell in ws[HEADER_ROW]:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[HEADER_ROW].height = 32  # an item's name wraps onto two lines
        for r, row in enumerate(rows, start=HEADER_ROW + 1):
            for c, value in enumerate(row, start=1):
                cell = put(ws, r, c, value)
                if c in long_cols:
                    cell.alignment = wrapped
                elif not isinstance(value, str):
                    cell.alignment = centred
        last = HEADER_ROW + max(len(rows), 1)
        if not rows:
            put(ws, HEADER_ROW + 1, 1, WORDS[lang]["none"])
        ws.auto_filter.ref = f"A{HEADER_ROW}:{ws.cell(last, len(head)).coordinate}"
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        _grid(ws, HEADER_ROW, last, len(head))
        _widths(ws, widths)
        _fit_heights(ws, HEADER_ROW + 1, last, {c: widths[c - 1] for c in long_cols})

    head, rows = rank_rows(sheet, lang)
    table(book.create_sheet(SHEET[lang]), head, rows, [8, 12, 34, 8] + [12] * len(sheet.items))
    detail_head, details = detail_rows(sheet, lang)
    table(book.create_sheet(DETAIL_SHEET[lang]), detail_head, details, [12, 16, 9, 70, 8, 14], long_cols={4})


def json_score(scored: BranchScore, ranked: bool = True) -> dict:
    """A branch's ``score`` in JSON: points, rank (where every branch is known), each finding's
    deduction (item, rule, key, status, points) and the keys of the waived findings."""
    out = {"points": scored.score}
    if ranked:
        out["rank"] = scored.rank
    out["deductions"] = [
        {"item": d.item.code, "rule": r.rule, "key": r.key, "status": r.status.value, "points": cost}
        for d in scored.deductions
        for r, cost in zip(d.results, d.costs)
    ] + [  # an item the rules could not judge (the file has errors): lost whole
        {"item": d.item.code, "rule": None, "key": None, "status": "unjudged", "points": d.points}
        for d in scored.deductions
        if d.unjudged
    ]
    out["waived"] = [r.key for r in scored.waived]
    return out


def json_summary(scoring: Scoring | None, lang: str) -> dict | None:
    """The summary's ``score_sheet``: the sheet's title, total and items."""
    if scoring is None:
        return None
    return {
        "title": scoring.title(lang),
        "titles": {"zh": scoring.title.zh, "en": scoring.title.en},
        "total": score_total(scoring),
        "items": [
            {"code": i.code, "name": i.name(lang), "points": i.points, "covers": list(i.covers)} for i in scoring.items
        ],
    }


def score_total(scoring: Scoring):
    return number(tenths(scoring.total))


def scoring_of(report: Report) -> Scoring | None:
    return getattr(report.profile, "scoring", None)
