"""``html``: one self-contained page (no script, no network, no external asset)
for reading on screen and printing for meetings: the colour-coded matrix with a
legend, each branch's section reachable from the matrix, findings with how to
fix them, the deadlines; printed, the matrix fits A4 landscape.
"""

from __future__ import annotations

from html import escape as _escape

from ..deadlines import deadlines
from ..model import Report, Status
from . import scores
from .base import Reporter
from .options import Options, display_path, short_location, xml_safe
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
        "deadlines": "截止日期",
        "sections": "各基层工会",
        "rule": "规则",
        "status": "状态",
        "message": "说明",
        "due": "截止",
        "where": "位置",
        "fix": "如何改正",
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
        "deadlines": "Deadlines",
        "sections": "Branches",
        "rule": "Rule",
        "status": "Status",
        "message": "Message",
        "due": "Due",
        "where": "Location",
        "fix": "How to fix",
        "basis": "Regulation",
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
table.matrix .name, table.matrix .due { display: block; }
.legend span { display: inline-block; padding: 2px 8px; margin: 0 4px 4px 0; border-radius: 4px; font-size: 12px; }
.badge { padding: 1px 8px; border-radius: 4px; font-size: 12px; white-space: nowrap; }
article.branch { border-top: 2px solid #305496; padding-top: 10px; margin-top: 22px; }
.fix { color: #3d4a57; font-size: 12px; }
.back { font-size: 12px; }
#compare .headline { font-weight: bold; } #compare .warning { color: #9a6700; }
.change { white-space: nowrap; font-size: 12px; }
@page { size: A4 landscape; margin: 10mm; }
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


class HtmlReporter(Reporter):
    def render(self, report: Report, options: Options) -> str:
        lang = options.lang
        w = WORDS[lang]
        s = summarize(report, options.fail_on)
        parts = [
            f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">',
            f"<title>{w['title']} {report.as_of}</title>",
            f"<style>{_CSS}{_status_css()}</style>\n</head>\n<body>",
            f"<header><h1>{w['title']}</h1>",
            f'<p class="meta">{w["as_of"]} {report.as_of} · {w["period"]} {report.period_start} — {report.period_end}'
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
        lines = compare_lines(report, lang)
        if lines:
            parts.append(f'<section id="compare"><h2>{w["compare"]}</h2>')
            parts += [f'<p class="{"warning" if i else "headline"}">{escape(line)}</p>' for i, line in enumerate(lines)]
            parts += _fixed_table(report, lang)
            parts.append("</section>")
        parts += self._matrix(report, lang)
        parts += scores.html_section(report, lang, escape)
        parts += self._deadlines(report, lang)
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
        legend = "".join(
            f'<span class="{_cls(st)}">{st.label(lang)}</span>' for st in sorted(COLOURS, key=lambda st: -st.rank)
        )
        out = [
            f'<section id="matrix"><h2>{w["matrix"]}</h2>',
            f'<p class="legend">{w["legend"]}：{legend}</p>',
            '<table class="matrix"><thead><tr>',
            f"<th>{w['branches']}</th>",
        ]
        sheet = scores.sheet_of(report)
        out += [f"<th>{f}</th>" for f in report.families] + [f"<th>{w['overall']}</th>"]
        out += [f"<th>{h}</th>" for h in scores.matrix_head(sheet, lang)] + ["</tr></thead><tbody>"]
        for b in report.branches:
            label = escape(b.code or display_path(b.file))
            row = [
                f'<tr><th><a href="#{_anchor(b)}">{label}</a><small class="name">{escape(b.name or "")}</small></th>'
            ]
            for f in report.families:
                status, due = family_cell(b, f)
                if status is None:
                    row.append("<td>—</td>")
                else:
                    row.append(
                        f'<td class="{_cls(status)}">{status.label(lang)}'
                        + (f'<small class="due">{due}</small>' if due else "")
                        + "</td>"
                    )
            row.append(f'<td class="{_cls(b.status)}"><b>{b.status.label(lang)}</b></td>')
            row += [f'<td class="score">{v}</td>' for v in scores.matrix_texts(sheet, b)] + ["</tr>"]
            out.append("".join(row))
        out.append("</tbody></table></section>")
        return out

    def _deadlines(self, report: Report, lang: str) -> list[str]:
        w = WORDS[lang]
        found = deadlines(report, 90)
        out = [f'<section id="deadlines"><h2>{w["deadlines"]}</h2>']
        if not found:
            return out + [f"<p>{w['none']}</p></section>"]
        out.append(
            f"<table><thead><tr><th>{w['due']}</th><th>{w['status']}</th><th>{w['branches']}</th><th>{w['rule']}</th>"
            f"<th>{w['what']}</th></tr></thead><tbody>"
        )
        for d in found:
            out.append(
                f'<tr><td>{d.due}</td><td class="{_cls(d.result.status)}">{d.result.status.label(lang)}</td>'
                f'<td><a href="#{_anchor(d.branch)}">{escape(d.branch.code or "")}</a></td><td>{d.result.rule}</td>'
                f"<td>{escape(d.result.message(lang))}</td></tr>"
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
            findings = [r for r in b.results if shown(r)]
            if not findings:
                out.append(f"<p>{w['all_pass']}</p>")
            else:
                out.append(
                    f'<table class="findings"><thead><tr><th>{w["rule"]}</th><th>{w["status"]}</th>'
                    + (f"<th>{w['change']}</th>" if comparing else "")
                    + f"<th>{w['message']}</th>"
                    f"<th>{w['due']}</th><th>{w['where']}</th></tr></thead><tbody>"
                )
                for r in findings:
                    rule = rules.get(r.rule)
                    hint = (
                        (
                            f'<div class="fix"><b>{w["fix"]}：</b>{escape(rule.doc.fix(lang))}<br>'
                            f"<b>{w['basis']}：</b>{escape(rule.basis)}</div>"
                        )
                        if rule
                        else ""
                    )
                    message = " ".join(filter(None, [r.message(lang), waiver_text(r, lang)]))
                    where = escape(short_location(r.location)) if r.location else ""
                    out.append(
                        f"<tr><td>{r.rule}<br><small>{escape(rule.title(lang) if rule else '')}</small></td>"
                        f'<td class="{_cls(r.status)}">{escape(status_text(r, lang))}</td>'
                        + (f'<td class="change">{escape(change_text(r, lang))}</td>' if comparing else "")
                        + f"<td>{escape(message)}{hint}</td><td>{r.due or ''}</td><td>{where}</td></tr>"
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
