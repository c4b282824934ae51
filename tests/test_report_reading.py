"""Reports a reader understands at a glance: one meaning of 合规 in every format, titles,
the legend, problems apart from the to-do list, and documents that are the same bytes for
the same inputs (SOURCE_DATE_EPOCH)."""

import datetime as dt
import io
import json
import re
import zipfile
from html.parser import HTMLParser

import pytest
from conftest import DEMO, cli, compliant, demo_report, sheet_table
from openpyxl import load_workbook

from unioncheck.model import Status
from unioncheck.reporters.summary import is_compliant, is_todo, shows_advice

EPOCH = "1796148420"  # 2026-12-01 18:07 UTC
MADE = "2026-12-01 18:07"


def _run(tmp, *formats, env=None):
    args = ["check", DEMO, "--as-of", "2025-12-31", "--no-cache"]
    for fmt in formats:
        args += ["-f", fmt if fmt in ("table", "markdown", "json") else f"{fmt}:{tmp / ('audit.' + fmt)}"]
    return cli(*args, env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The demo county in every format that states 合规, each from its own run (stdout formats),
    the files from one run."""
    tmp = tmp_path_factory.mktemp("formats")
    got = {fmt: _run(tmp, fmt).stdout for fmt in ("table", "markdown", "json")}
    files = _run(tmp, "html", "xlsx")
    assert files.returncode == 1, files.stderr
    got["html"] = (tmp / "audit.html").read_text("utf-8")
    got["xlsx"] = tmp / "audit.xlsx"
    return got


class _Cells(HTMLParser):
    """The text of every <td> with its class."""

    def __init__(self):
        super().__init__()
        self.cells, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self._open = [dict(attrs).get("class", ""), ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "td" and self._open is not None:
            self.cells.append(tuple(self._open))
            self._open = None


def _table_matrix(text: str) -> list[list[str]]:
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("-----"))
    rows = []
    for line in lines[rule + 1 :]:
        if not line.strip():
            break
        rows.append(line.split())
    return rows


def _after(text: str, header: str) -> int:
    """How many of the terminal matrix's columns follow ``header`` (the ones after it hold one word each)."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("-----"))
    top = next(line for line in lines[:rule] if header in line.split()).split()
    return len(top) - 1 - top.index(header)


def test_compliant_count_is_the_same_in_every_format(outputs):
    report = demo_report()
    expected = compliant(report)
    assert expected == sum(is_compliant(b) for b in report.branches)
    counts, yes = {}, {}

    counts["table"] = int(re.search(r"合规 (\d+) 个", outputs["table"]).group(1))
    yes["table"] = [row[-1 - _after(outputs["table"], "合规")] for row in _table_matrix(outputs["table"])].count("是")

    md = outputs["markdown"]
    counts["markdown"] = int(re.search(r"\*\*\d+ 个基层工会，合规 (\d+) 个", md).group(1))
    lines = md.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("| ") and " 合规 " in line)
    column = lines[head].strip("| ").split(" | ").index("合规")
    matrix = lines[head + 2 : lines.index("", head)]  # the rows below the header, up to the first blank line
    yes["markdown"] = [line.strip("| ").split(" | ")[column] for line in matrix].count("是")

    data = json.loads(outputs["json"])
    counts["json"] = data["summary"]["compliant"]
    yes["json"] = sum(b["compliant"] is True for b in data["branches"])
    assert all(isinstance(b["compliant"], bool) for b in data["branches"])

    page = outputs["html"]
    counts["html"] = int(re.search(r'<div class="card">合规<b>(\d+)</b>', page).group(1))
    parser = _Cells()
    parser.feed(page)
    yes["html"] = sum(1 for cls, text in parser.cells if cls == "col-compliant" and text == "是")

    book = load_workbook(outputs["xlsx"])
    summary = {row[0]: row[1] for row in sheet_table(book["汇总"], "项目")[2]}
    counts["xlsx"] = summary["合规（无不合格、无错误）"]
    _, header, rows = sheet_table(book["合规矩阵"], "基层工会")
    yes["xlsx"] = [row[header.index("合规")] for row in rows].count("是")

    assert counts == {fmt: expected for fmt in counts}
    assert yes == {fmt: expected for fmt in yes}


def test_the_summary_says_how_many_compliant_branches_have_warnings_or_pending_items(outputs):
    ok = [b for b in demo_report().branches if is_compliant(b)]
    warned = sum(any(r.status == Status.WARN for r in b.results) for b in ok)
    pending = sum(any(is_todo(r) for r in b.results) for b in ok)
    line = f"合规 {len(ok)} 个（其中有警告 {warned} 个、有待办 {pending} 个）"
    for fmt in ("table", "markdown", "html"):
        assert line in outputs[fmt], fmt
    assert json.loads(outputs["json"])["summary"]["compliant_with"] == {"warn": warned, "pending": pending}


def test_text_reports_are_titled_without_the_time(outputs):
    union = demo_report().profile.union("zh")
    for fmt in ("table", "markdown"):
        text = outputs[fmt]
        assert f"{union} 2025 年度基层工会合规检查" in text.splitlines()[0]
        assert "参考日 2025-12-31 · 审计期 2025-01-01 至 2025-12-31" in text
        assert "生成于" not in text and MADE not in text


def test_markdown_has_the_legend_and_the_todo_apart(outputs):
    md = outputs["markdown"]
    report = demo_report()
    legend = md[md.index("### 图例") :]
    for code in report.families:
        assert f"**{report.family_name(code, 'zh')}** ({code})：" in legend
    for status in Status:
        assert f" {status.label('zh')}：" in legend
    problems = md[md.index("### 发现的问题") : md.index("### 待办事项")]
    todo = md[md.index("### 待办事项") :]
    assert "待办" not in re.sub(r"待办事项|有待办", "", problems.split("\n", 1)[1])  # no pending row among problems
    pending = [(b.code, r.rule, r.due) for b in report.branches for r in b.results if is_todo(r)]
    assert f"| {pending[0][2]} | " in todo and pending[0][0] in todo


def test_json_never_holds_the_time(tmp_path):
    first = _run(tmp_path, "json").stdout
    other = _run(tmp_path, "json", env={"SOURCE_DATE_EPOCH": "1700000000"}).stdout
    assert first == other
    assert MADE not in first and "18:07" not in first and "made" not in json.loads(first)


def test_page_titles_the_legend_and_splits_problems_from_the_todo(outputs):
    page = outputs["html"]
    report = demo_report()
    union = report.profile.union("zh")
    assert f"<h1>{union} 2025 年度基层工会合规检查</h1>" in page
    assert f"参考日 2025-12-31 · 审计期 2025-01-01 至 2025-12-31 · 生成于 {MADE}" in page
    for code in report.families:
        assert f'{report.family_name(code, "zh")}<small class="code">{code}</small></th>' in page
    legend = page[page.index('<div id="legend">') :]
    assert all(f">{s.label('zh')}</td>" in legend for s in Status) and "合规：没有不合格、没有错误" in legend
    todo = page[page.index('<section id="todo">') : page.index('<section id="branches">')]
    assert todo.count("<tr>") - 1 == sum(1 for _ in re.finditer(r"<td class=\"s-pending\">", todo))
    # a branch far from its election: the election is in its to-do list, not among its problems, no advice
    rules = {r.code: r for r in report.rules}
    xrmyy = page[page.index('id="b-XRMYY"') :]
    xrmyy = xrmyy[: xrmyy.index("</article>")]
    assert "<h4>待办事项</h4>" in xrmyy and rules["ELE002"].doc.advice("zh") not in xrmyy
    # a warned branch gets the advice
    warned = next(b for b in report.branches for r in b.results if r.status == Status.WARN and shows_advice(r))
    rule = next(r for r in warned.results if r.status == Status.WARN).rule
    section = page[page.index(f'id="b-{warned.code}"') :]
    assert rules[rule].doc.advice("zh") in section[: section.index("</article>")]


def test_page_prints_the_title_and_page_numbers_in_its_margins(outputs):
    page = outputs["html"]
    assert '@top-left { content: "' + demo_report().profile.union("zh") in page
    assert '"第 " counter(page) " 页 共 " counter(pages) " 页"' in page


def test_same_inputs_give_the_same_workbook_and_page(tmp_path, outputs):
    again = tmp_path / "again"
    again.mkdir()
    assert _run(again, "html", "xlsx").returncode == 1
    assert (again / "audit.xlsx").read_bytes() == outputs["xlsx"].read_bytes()
    assert (again / "audit.html").read_text("utf-8") == outputs["html"]


def test_the_workbook_is_dated_when_the_report_was_made(outputs):
    raw = outputs["xlsx"].read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert {info.date_time for info in z.infolist()} == {(2026, 12, 1, 18, 7, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2026-12-01T18:07:00Z") == 2  # created and modified
    book = load_workbook(outputs["xlsx"])
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 12, 1, 18, 7)


def test_save_reproducibly_depends_only_on_contents_and_time():
    from openpyxl import Workbook

    from unioncheck.reporters.xlsx import save_reproducibly

    def book(text):
        b = Workbook()
        b.active["A1"] = text
        return b

    when = dt.datetime(2026, 12, 1, 18, 5, tzinfo=dt.timezone.utc)
    assert save_reproducibly(book("x"), when) == save_reproducibly(book("x"), when)
    assert save_reproducibly(book("x"), when) != save_reproducibly(book("x"), when + dt.timedelta(minutes=1))
    assert save_reproducibly(book("x"), when) != save_reproducibly(book("y"), when)


def test_the_grid_is_the_border_every_cell_would_get_one_by_one(tmp_path):
    """``xlsx._grid`` gives each cell the border's number in the workbook instead of the object
    (openpyxl hashes an assigned border anew for every cell): the saved workbook must read the same
    as one where every cell was given the border itself."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    from unioncheck.reporters.xlsx import _grid

    def book(fast: bool):
        wb = Workbook()
        ws = wb.active
        for r in range(1, 8):
            for c in range(1, 6):
                ws.cell(r, c, f"{r}-{c}")
        if fast:
            _grid(ws, 2, 6, 4)
        else:
            side = Side(style="thin", color="BFBFBF")
            for row in ws.iter_rows(min_row=2, max_row=6, max_col=4):
                for cell in row:
                    cell.border = Border(left=side, right=side, top=side, bottom=side)
        path = tmp_path / f"{fast}.xlsx"
        wb.save(path)
        return load_workbook(path).active

    def sides(cell):
        border = cell.border
        return [
            (side.style, side.color.rgb if side.color is not None else None)
            for side in (border.left, border.right, border.top, border.bottom)
        ]

    fast, simple = book(True), book(False)
    for r in range(1, 8):
        for c in range(1, 6):
            assert sides(fast.cell(r, c)) == sides(simple.cell(r, c)), (r, c)
    assert sides(fast.cell(2, 1))[0] == ("thin", "00BFBFBF") and sides(fast.cell(1, 1))[0] == (None, None)


def test_needing_attention_by_family_counts_the_problems_not_the_to_do_list(outputs):
    data = json.loads(outputs["json"])
    problems: dict[str, int] = {}
    for branch in data["branches"]:
        for r in branch["results"]:
            if r["status"] in ("error", "fail", "warn"):
                problems[r["family"]] = problems.get(r["family"], 0) + 1
    assert data["summary"]["findings"]["by_family"] == problems
    assert any(r["status"] == "pending" for b in data["branches"] for r in b["results"])  # some left out
