"""``html``: one self-contained page (no script, no network, no external asset)
for reading on screen and printing for meetings: the colour-coded matrix with a
legend, each branch's section reachable from the matrix with its problems (and
what to do) apart from its obligations not yet due, the county's to-do list;
titled with the union, the audit year and when it was made; printed, the matrix
fits A4 landscape, the title heads every page and the pages are numbered.
"""

from __future__ import annotations

from html import escape as _escape

from ..citations import basis_text
from ..model import Report, Status
from . import scores
from .base import Reporter
from .options import Options, display_path, short_location, xml_safe
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
    is_todo,
    matrix_columns,
    shows_advice,
    status_legend,
    status_text,
    subheading,
    summarize,
    todo_items,
    waiver_lines,
    waiver_text,
)


def escape(text: str) -> str:
    return _escape(xml_safe(text))


WORDS = {
    "zh": {
        "title": "基层工会合规检查报告",
        "as_of": "参考日",
        "period": "审计期",
        "profile": "配置",
        "branches": "基层工会",
        "compliant": "合规",
        "matrix": "合规矩阵",
        "legend": "图例",
        "overall": "总体",
        "todo": "待办事项",
        "problems": "问题",
        "days_left": "剩余天数",
        "families": "规则族",
        "statuses": "状态",
        "meaning": "含义",
        "checks": "检查内容",
        "no_todo": "没有尚未到期的事项。",
        "sections": "各基层工会",
        "rule": "规则",
        "status": "状态",
        "message": "说明",
        "due": "截止",
        "where": "位置",
        "fix": "整改建议",
        "basis": "依据",
        "all_pass": "全部通过，没有需要处理的问题。",
        "back": "返回矩阵",
        "waivers": "豁免",
        "what": "事项",
        "none": "无",
        "file": "文件",
        "compare": "与之前的报告对比",
        "change": "对比",
    },
    "en": {
        "title": "Branch union compliance report",
        "as_of": "As of",
        "period": "Audit period",
        "profile": "Profile",
        "branches": "Branches",
        "compliant": "Compliant",
        "matrix": "Compliance matrix",
        "legend": "Legend",
        "overall": "Overall",
        "todo": "To do",
        "problems": "Problems",
        "days_left": "Days left",
        "families": "Families",
        "statuses": "Statuses",
        "meaning": "Meaning",
        "checks": "What it checks",
        "no_todo": "Nothing is pending.",
        "sections": "Branches",
        "rule": "Rule",
        "status": "Status",
        "message": "Message",
        "due": "Due",
        "where": "Location",
        "fix": "What to do",
        "basis": "Basis",
        "all_pass": "Everything passes; nothing to do.",
        "back": "Back to the matrix",
        "waivers": "Waivers",
        "what": "What",
        "none": "none",
        "file": "File",
        "compare": "Compared with the earlier report",
        "change": "Change",
    },
}

_CSS = """
:root { --line: #d0d7de; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 24px; color: #1f2328; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; }
h3 { font-size: 16px; margin: 0 0 6px; }
.meta { color: #57606a; margin: 0 0 12px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.card b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; font-size: 13px; }
thead th { background: #305496; color: #fff; }
table.matrix td { text-align: center; white-space: nowrap; }
table.matrix th a { color: inherit; }
small { color: inherit; opacity: .8; }
table.matrix .name, table.matrix .due, table.matrix .code { display: block; }
table.matrix thead th { text-align: center; }
.legends { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-start; }
h4 { font-size: 14px; margin: 10px 0 4px; }
.legend span { display: inline-block; padding: 2px 8px; margin: 0 4px 4px 0; border-radius: 4px; font-size: 12px; }
.badge { padding: 1px 8px; border-radius: 4px; font-size: 12px; white-space: nowrap; }
article.branch { border-top: 2px solid #305496; padding-top: 10px; margin-top: 22px; }
.fix { color: #3d4a57; font-size: 12px; }
.back { font-size: 12px; }
#compare .headline { font-weight: bold; } #compare .warning { color: #9a6700; }
.change { white-space: nowrap; font-size: 12px; }
table.legend { width: auto; } table.legend td:first-child { white-space: nowrap; }
.compliance { margin: 8px 0 0; }
@media print {
  body { margin: 0; }
  a { color: inherit; text-decoration: none; }
  .back { display: none; }
  #matrix { break-after: page; }
  table.matrix th, table.matrix td { font-size: 7.5pt; padding: 1px 3px; line-height: 1.2; }
  table.matrix .name, table.matrix .due { display: inline; margin-left: 4px; }
  .cards { gap: 6px; } .card { padding: 2px 8px; min-width: 0; font-size: 9pt; }
  .card b { display: inline; font-size: 10pt; margin-left: 4px; }
  h1 { font-size: 15pt; } h2 { font-size: 12pt; margin: 8px 0 4px; } .legend { margin: 2px 0; }
  article.branch { break-inside: avoid-page; }
  .legends { flex-wrap: nowrap; gap: 8px; } #legend h3 { font-size: 10pt; margin: 4px 0 2px; }
  table.legend th, table.legend td { font-size: 7pt; padding: 1px 3px; line-height: 1.2; }
  .compliant-meaning { font-size: 8pt; margin: 4px 0 0; } .compliance { font-size: 9pt; margin: 2px 0; }
  thead { display: table-header-group; }
}
"""


def _status_css() -> str:
    return "\n".join(
        f".s-{s.value.replace('/', '')} {{ background: #{fill}; color: #{text}; }}"
        for s, (fill, text) in COLOURS.items()
    )


def _cls(status: Status) -> str:
    return "s-" + status.value.replace("/", "")


def _anchor(branch) -> str:
    return "b-" + "".join(c if c.isalnum() or c == "-" else "_" for c in (branch.code or display_path(branch.file)))


def _css_string(text: str) -> str:
    """``text`` as a CSS string inside the page's <style> (no quote, backslash or tag can end it)."""
    out = "".join(c if c.isalnum() or c in " ·-–:：()（）" or ord(c) > 127 else f"\\{ord(c):x} " for c in text)
    return f'"{out}"'


def _print_css(report: Report, lang: str) -> str:
    """Printed: A4 landscape, the title in every page's top margin and 第 N 页 共 M 页 in the bottom
    one (CSS page-margin boxes, which Chromium prints since version 131)."""
    pages = (
        '"第 " counter(page) " 页 共 " counter(pages) " 页"'
        if lang == "zh"
        else '"Page " counter(page) " of " counter(pages)'
    )
    small = "font-size: 8pt; color: #57606a;"
    return (
        "@page { size: A4 landscape; margin: 14mm 10mm 12mm;\n"
        f"  @top-left {{ content: {_css_string(heading(report, lang))}; {small} }}\n"
        f"  @top-right {{ content: {_css_string(subheading(report, lang))}; {small} }}\n"
        f"  @bottom-right {{ content: {pages}; {small} }} }}\n"
    )


class HtmlReporter(Reporter):
    def render(self, report: Report, options: Options) -> str:
        lang = options.lang
        w = WORDS[lang]
        s = summarize(report, options.fail_on)
        title = heading(report, lang)
        parts = [
            f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">',
            f"<title>{escape(title)} {report.as_of}</title>",
            f"<style>{_CSS}{_print_css(report, lang)}{_status_css()}</style>\n</head>\n<body>",
            f"<header><h1>{escape(title)}</h1>",
            f'<p class="meta">{escape(subheading(report, lang, made=True))}'
            f" · {w['profile']} {escape(report.profile.name)}</p></header>",
            '<section id="summary" class="cards">',
            f'<div class="card">{w["branches"]}<b>{s["branches"]}</b></div>',
            f'<div class="card">{w["compliant"]}<b>{s["compliant"]}</b></div>',
        ]
        parts += [
            f'<div class="card"><span class="badge {_cls(Status(k))}">{Status(k).label(lang)}</span><b>{v}</b></div>'
            for k, v in s["by_status"].items()
        ]
        parts.append("</section>")
        parts.append(f'<p class="compliance">{escape(compliance_line(report, lang, options.fail_on))}</p>')
        lines = compare_lines(report, lang)
        if lines:
            parts.append(f'<section id="compare"><h2>{w["compare"]}</h2>')
            parts += [f'<p class="{"warning" if i else "headline"}">{escape(line)}</p>' for i, line in enumerate(lines)]
            parts += _fixed_table(report, lang)
            parts.append("</section>")
        parts += self._matrix(report, lang)
        parts += scores.html_section(report, lang, escape)
        parts += self._todo(report, lang)
        attention = waiver_lines(report, lang)
        if attention:
            parts += (
                [f'<section id="waivers"><h2>{w["waivers"]}</h2><ul>']
                + [f"<li>{escape(line)}</li>" for line in attention]
                + ["</ul></section>"]
            )
        parts += [f'<section id="branches"><h2>{w["sections"]}</h2>'] + self._branches(report, lang) + ["</section>"]
        parts.append("</body>\n</html>\n")
        return "\n".join(parts)

    def _matrix(self, report: Report, lang: str) -> list[str]:
        w = WORDS[lang]
        columns = matrix_columns(report, lang)
        out = [
            f'<section id="matrix"><h2>{w["matrix"]}</h2>',
            '<table class="matrix"><thead><tr>',
            f"<th>{w['branches']}</th>",
        ]
        out += [
            f'<th class="col-{escape(c.key)}">{escape(c.header)}'
            + (f'<small class="code">{escape(c.sub)}</small>' if c.sub else "")
            + "</th>"
            for c in columns
        ]
        out.append("</tr></thead><tbody>")
        for b in report.branches:
            label = escape(b.code or display_path(b.file))
            row = [
                f'<tr><th><a href="#{_anchor(b)}">{label}</a><small class="name">{escape(b.name or "")}</small></th>'
            ]
            for c in columns:
                text, status = c.cell(b)
                if status is None:
                    row.append(f'<td class="col-{escape(c.key)}">{escape(text)}</td>')
                    continue
                word, _, due = text.partition(" ")
                strong = c.key == "overall"
                row.append(
                    f'<td class="{_cls(status)}">'
                    + (f"<b>{escape(word)}</b>" if strong else escape(word))
                    + (f'<small class="due">{escape(due)}</small>' if due else "")
                    + "</td>"
                )
            out.append("".join(row) + "</tr>")
        out.append("</tbody></table>")
        out += self._legend(report, lang)
        out.append("</section>")
        return out

    def _legend(self, report: Report, lang: str) -> list[str]:
        w = WORDS[lang]
        legend, families, statuses, _ = LEGEND_WORDS[lang]
        out = [f'<div id="legend"><h3>{legend}</h3><div class="legends">']
        out.append(f'<table class="legend"><thead><tr><th>{families}</th><th>{w["checks"]}</th></tr></thead><tbody>')
        out += [
            f"<tr><td><b>{escape(name)}</b> <small>{escape(code)}</small></td><td>{escape(what)}</td></tr>"
            for code, name, what in family_legend(report, lang)
        ]
        out.append(f'</tbody></table><table class="legend"><thead><tr><th>{statuses}</th><th>{w["meaning"]}</th>')
        out.append("</tr></thead><tbody>")
        out += [
            f'<tr><td class="{_cls(st)}">{st.label(lang)}</td><td>{escape(meaning)}</td></tr>'
            for st, meaning in status_legend(lang)
        ]
        out.append(f'</tbody></table></div><p class="compliant-meaning"><b>{escape(compliant_meaning(lang))}</b></p>')
        return out + ["</div>"]

    def _todo(self, report: Report, lang: str) -> list[str]:
        w = WORDS[lang]
        found = todo_items(report)
        out = [f'<section id="todo"><h2>{w["todo"]}</h2>']
        if not found:
            return out + [f"<p>{w['no_todo']}</p></section>"]
        out.append(
            f"<table><thead><tr><th>{w['due']}</th><th>{w['days_left']}</th><th>{w['branches']}</th>"
            f"<th>{w['rule']}</th><th>{w['what']}</th></tr></thead><tbody>"
        )
        rules = {r.code: r for r in report.rules}
        for b, r in found:
            rule = rules.get(r.rule)
            out.append(
                f'<tr><td class="{_cls(r.status)}">{r.due or ""}</td><td>{days_left(report, r) or ""}</td>'
                f'<td><a href="#{_anchor(b)}">{escape(b.code or "")}</a> <small>{escape(b.name or "")}</small></td>'
                f"<td>{r.rule}<br><small>{escape(rule.title(lang) if rule else '')}</small></td>"
                f"<td>{escape(r.message(lang))}</td></tr>"
            )
        return out + ["</tbody></table></section>"]

    def _branches(self, report: Report, lang: str) -> list[str]:
        w = WORDS[lang]
        rules = {r.code: r for r in report.rules}
        comparing = report.comparison is not None
        out = []
        for b in report.branches:
            out.append(
                f'<article class="branch" id="{_anchor(b)}"><h3>{escape(b.code or "")} {escape(b.name or "")} '
                f'<span class="badge {_cls(b.status)}">{b.status.label(lang)}</span></h3>'
                f'<p class="meta">{w["file"]}: {escape(display_path(b.file))}</p>'
            )
            problems = [r for r in b.results if in_findings(r)]
            todo = [r for r in b.results if is_todo(r)]
            if not problems and not todo:
                out.append(f"<p>{w['all_pass']}</p>")
            if problems:
                out.append(
                    f'<h4>{w["problems"]}</h4><table class="findings"><thead><tr><th>{w["rule"]}</th>'
                    f"<th>{w['status']}</th>"
                    + (f"<th>{w['change']}</th>" if comparing else "")
                    + f"<th>{w['message']}</th>"
                    f"<th>{w['due']}</th><th>{w['where']}</th></tr></thead><tbody>"
                )
                for r in problems:
                    rule = rules.get(r.rule)
                    hint = ""
                    if rule:
                        advice = f"<b>{w['fix']}：</b>{escape(rule.doc.advice(lang))}<br>" if shows_advice(r) else ""
                        basis = escape(basis_text(rule, report.profile, lang))
                        hint = f'<div class="fix">{advice}<b>{w["basis"]}：</b>{basis}</div>'
                    message = " ".join(filter(None, [r.message(lang), waiver_text(r, lang)]))
                    where = escape(short_location(r.location)) if r.location else ""
                    out.append(
                        f"<tr><td>{r.rule}<br><small>{escape(rule.title(lang) if rule else '')}</small></td>"
                        f'<td class="{_cls(r.status)}">{escape(status_text(r, lang))}</td>'
                        + (f'<td class="change">{escape(change_text(r, lang))}</td>' if comparing else "")
                        + f"<td>{escape(message)}{hint}</td><td>{r.due or ''}</td><td>{where}</td></tr>"
                    )
                out.append("</tbody></table>")
            if todo:
                out.append(
                    f'<h4>{w["todo"]}</h4><table class="todo"><thead><tr><th>{w["rule"]}</th>'
                    f"<th>{w['message']}</th><th>{w['due']}</th><th>{w['days_left']}</th></tr></thead><tbody>"
                )
                for r in todo:
                    rule = rules.get(r.rule)
                    out.append(
                        f"<tr><td>{r.rule}<br><small>{escape(rule.title(lang) if rule else '')}</small></td>"
                        f"<td>{escape(r.message(lang))}</td><td>{r.due or ''}</td>"
                        f"<td>{days_left(report, r) if r.due else ''}</td></tr>"
                    )
                out.append("</tbody></table>")
            out.append(f'<p class="back"><a href="#matrix">{w["back"]}</a></p></article>')
        return out


def _fixed_table(report, lang: str) -> list[str]:
    """The earlier report's problems that are gone: a table in the comparison's section."""
    rows = fixed_rows(report, lang)
    if not rows:
        return []
    title, headers = FIXED_HEADERS[lang]
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = ["<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows]
    return [
        f'<h3>{escape(title)}</h3><table id="fixed"><thead><tr>{head}</tr></thead><tbody>',
        *body,
        "</tbody></table>",
    ]
