"""Reports the bureau union hands on, read back with the tools their users use:
a workbook reader, a real browser, an iCalendar parser."""

import datetime as dt
import json
import os
import pty
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import DEMO, DEMO_FILES, REFERENCE, cli, compliant, demo_report, sheet_table, where
from icalendar import Calendar
from openpyxl import load_workbook

from unioncheck.citations import basis_text
from unioncheck.cli import main
from unioncheck.model import Status
from unioncheck.reporters.summary import is_compliant, is_problem, is_todo

FAILED_FILL = "FFC7CE"
REFERENCE_DAY = dt.date(2025, 12, 31)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "audit-2025.xlsx"
    assert run("check", DEMO, "--as-of", "2025-12-31", "--lang", "zh", "-f", f"xlsx:{path}").exit_code == 1
    return load_workbook(path)


def test_workbook_sheets_have_chinese_names_by_default(workbook):
    assert workbook.sheetnames == ["合规矩阵", "问题清单", "待办事项", "汇总", "考核评分", "扣分明细"]


def _families():
    report = demo_report()
    return [(f, report.family_name(f, "zh")) for f in report.families]


def test_workbook_matrix_is_coloured_frozen_and_filtered(workbook):
    sheet = workbook["合规矩阵"]
    top, header, body = sheet_table(sheet, "基层工会")
    families = [f"{name}\n{code}" for code, name in _families()]
    assert header[: len(families) + 6] == ["基层工会", "名称", *families, "总体", "合规", "得分", "排名"]
    assert "职代会\nCGR" in header  # the family's Chinese name, its code below
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=top + 1, max_row=top + len(body))}
    assert len(rows) == len(DEMO_FILES)
    cgr = rows["XFYBJY"][2]
    assert cgr.value == "不合格" and cgr.fill.fgColor.rgb.endswith(FAILED_FILL)
    assert rows["XRMYY"][4].value == "待办 2028-05-19"
    last = len(header)
    assert sheet.freeze_panes == f"C{top + 1}"
    assert sheet.auto_filter.ref == f"A{top}:{sheet.cell(top, last).column_letter}{top + len(DEMO_FILES)}"
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == f"${top}:${top}"


def test_workbook_matrix_says_who_is_compliant_and_what_the_columns_mean(workbook):
    """合规 is 是 exactly where there is no fail and no error: warnings and pending items included."""
    sheet = workbook["合规矩阵"]
    _, header, body = sheet_table(sheet, "基层工会")
    report = demo_report()
    by_code = {b.code: b for b in report.branches}
    column = header.index("合规")
    for row in body:
        assert row[column] == ("是" if is_compliant(by_code[row[0]]) else "否")
    assert [row[column] for row in body].count("是") == compliant(report)
    assert {row[header.index("总体")] for row in body if row[column] == "是"} & {"待办", "警告"}
    text = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    for code, name in _families():  # the legend: each family's name and what it checks
        rules = [r.title("zh") for r in report.rules if r.family == code]
        assert name in text and any(t.startswith(code) and rules[0] in t for t in text)
    for status in Status:
        assert status.label("zh") in text
    assert any(t.startswith("合规：没有不合格、没有错误") for t in text)


def test_every_workbook_sheet_is_titled_and_printed_with_page_numbers(workbook):
    report = demo_report()
    union = report.profile.union("zh")
    for sheet in workbook.worksheets:
        title, under = sheet["A1"].value, sheet["A2"].value
        assert title.startswith(f"{union} 2025 年度基层工会合规检查")
        assert under.startswith("参考日 2025-12-31 · 审计期 2025-01-01 至 2025-12-31 · 生成于 ")
        assert union in sheet.oddHeader.left.text and "2025" in sheet.oddHeader.left.text
        assert sheet.oddFooter.right.text == "第 &P 页 共 &N 页"
        top = int(sheet.print_title_rows.split(":")[0].strip("$"))
        assert top > 2 and sheet.cell(top, 1).value in ("基层工会", "截止日期", "项目", "排名")  # the header's row


def test_workbook_findings_are_problems_with_advice_then_where(workbook):
    top, header, rows = sheet_table(workbook["问题清单"], "基层工会")
    reader = ["基层工会", "名称", "规则", "规则名称", "状态", "说明", "整改建议", "截止日期", "依据"]
    assert header[: len(reader)] == reader and header[len(reader)] == "文件" and header[-1] == "问题标识"
    col = {name: header.index(name) for name in header}
    quorum = next(r for r in rows if r[0] == "XFYBJY" and r[2] == "CGR002")
    rule = next(r for r in demo_report().rules if r.code == "CGR002")
    assert quorum[col["规则名称"]] == "大会到会人数达到法定人数" and quorum[col["依据"]] == basis_text(
        rule, demo_report().profile, "zh"
    )
    assert quorum[col["状态"]] == "不合格" and "未达法定人数 20" in quorum[col["说明"]]
    assert quorum[col["整改建议"]] == rule.doc.advice("zh")  # what the branch is to do, in its own words
    quorum_at = where(DEMO / "03-XFYBJY.yaml", "congresses", "C2025-1", "delegates_present")
    assert quorum[col["文件"]] == "fixtures/county-demo/03-XFYBJY.yaml" and quorum[col["行"]] == quorum_at.line
    warned = next(r for r in rows if r[0] == "XJKZX" and r[2] == "ELE002")
    assert warned[col["截止日期"]] == dt.datetime(2026, 3, 10)  # a real date cell, sortable in Excel
    problems = {Status.ERROR, Status.FAIL, Status.WARN, Status.WAIVED}
    assert {r[col["状态"]] for r in rows} <= {s.label("zh") for s in problems}
    expected = sum(is_problem(r) for b in demo_report().branches for r in b.results)
    assert len(rows) == expected
    assert not any(r[0] == "XRMYY" and r[2] == "ELE002" for r in rows)  # pending: a to-do, not a problem
    printed = workbook["问题清单"].print_area
    assert printed.endswith(f"$A$1:${workbook['问题清单'].cell(top, len(reader)).column_letter}${top + len(rows)}")


def test_workbook_todo_lists_pending_items_by_date_without_advice(workbook):
    _, header, rows = sheet_table(workbook["待办事项"], "截止日期")
    assert header == ["截止日期", "剩余天数", "基层工会", "名称", "规则", "规则名称", "事项", "依据"]
    pending = [(b.code, r) for b in demo_report().branches for r in b.results if is_todo(r)]
    assert {(r[2], r[4]) for r in rows} == {(code, r.rule) for code, r in pending}
    dates = [r[0].date() for r in rows]
    assert dates == sorted(dates) and min(dates) >= dt.date(2025, 12, 31)  # overdue items are problems
    election = next(r for r in rows if r[2] == "XRMYY" and r[4] == "ELE002")
    assert election[0] == dt.datetime(2028, 5, 19) and election[1] == (dt.date(2028, 5, 19) - REFERENCE_DAY).days
    assert "整改建议" not in header


def test_workbook_summary(workbook):
    _, _, body = sheet_table(workbook["汇总"], "项目")
    summary = {row[0]: row[1] for row in body}
    report = demo_report()
    assert summary["参考日"].date() == dt.date(2025, 12, 31)
    assert summary["单位"] == report.profile.union("zh") and summary["生成于"]
    assert (
        summary["配置"] == "county-health-bureau"
        and summary["基层工会"] == len(DEMO_FILES)
        and summary["合规（无不合格、无错误）"] == compliant(report)
    )
    ok = [b for b in report.branches if is_compliant(b)]
    assert summary["合规中有警告的"] == sum(any(r.status == Status.WARN for r in b.results) for b in ok)
    assert summary["合规中有待办的"] == sum(any(is_todo(r) for r in b.results) for b in ok)


def test_workbook_in_english(tmp_path):
    path = tmp_path / "audit.xlsx"
    run("check", DEMO, "--as-of", "2025-12-31", "--lang", "en", "-f", f"xlsx:{path}")
    book = load_workbook(path)
    assert book.sheetnames == ["Compliance", "Findings", "To do", "Summary", "Scores", "Deductions"]
    _, header, _ = sheet_table(book["Compliance"], "Branch")
    assert header[:3] == ["Branch", "Name", "Congress\nCGR"] and "Compliant" in header
    assert book["Compliance"].oddFooter.right.text == "Page &P of &N"


# ---- HTML --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html_report(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "audit-2025.html"
    assert run("check", DEMO, "--as-of", "2025-12-31", "-f", f"html:{path}").exit_code == 1
    return path


def test_html_is_self_contained(html_report):
    page = html_report.read_text("utf-8")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)=["'](https?:|//)""", page) and "url(" not in page
    assert "@page { size: A4 landscape" in page


def test_html_matrix_links_reach_every_branch_section(html_report):
    page = html_report.read_text("utf-8")
    targets = re.findall(r'<th><a href="#([^"]+)"', page)
    assert len(targets) == len(DEMO_FILES)
    for target in targets:
        assert f'id="{target}"' in page
    assert "整改建议" in page and "依据" in page  # findings come with the fix and the regulation


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def _browser(*args, tmp_path):
    return subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        timeout=120,
    )


needs_browser = pytest.mark.skipif(
    _chromium() is None,
    reason="no Chromium here: .ci/run installs Debian's chromium; "
    "where it cannot be installed the browser test cannot run",
)


@needs_browser
def test_html_renders_in_a_real_browser(html_report, tmp_path):
    dom = _browser("--dump-dom", html_report.as_uri(), tmp_path=tmp_path).stdout.decode("utf-8")
    assert dom.count('<tr><th><a href="#b-') == len(DEMO_FILES)
    shot = tmp_path / "report.png"
    _browser(
        "--hide-scrollbars", "--window-size=1400,1100", f"--screenshot={shot}", html_report.as_uri(), tmp_path=tmp_path
    )
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    assert image.size == (1400, 1100)
    colours = {rgb for _, rgb in image.getcolors(maxcolors=1 << 20)}
    assert (0xFF, 0xC7, 0xCE) in colours and (0xC6, 0xEF, 0xCE) in colours  # fail and pass cells are painted


@needs_browser
def test_html_prints_the_matrix_on_one_a4_landscape_page(html_report, tmp_path):
    pdf = tmp_path / "report.pdf"
    _browser("--no-pdf-header-footer", f"--print-to-pdf={pdf}", html_report.as_uri(), tmp_path=tmp_path)
    from pypdf import PdfReader

    first = PdfReader(str(pdf)).pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    text = first.extract_text()
    for code in ("XRMYY", "XFYBJY", "SLZWSY", "XJJZX", "CGR", "EVD"):
        assert code in text


@needs_browser
def test_html_printed_pages_carry_the_title_and_their_numbers(html_report, tmp_path):
    """Chromium prints the CSS page-margin boxes: the title atop every page, 第 N 页 共 M 页 below."""
    pdf = tmp_path / "report.pdf"
    _browser("--no-pdf-header-footer", f"--print-to-pdf={pdf}", html_report.as_uri(), tmp_path=tmp_path)
    from pypdf import PdfReader

    pages = PdfReader(str(pdf)).pages
    union = demo_report().profile.union("zh")
    assert len(pages) > 1
    import unicodedata

    def text_of(page):  # NFKC: the PDF's CJK fonts map some characters to Kangxi radicals (⽣ for 生)
        return unicodedata.normalize("NFKC", page.extract_text()).replace("\u2eda", "页")  # ⻚: no NFKC form

    for number, page in enumerate(pages[:3], start=1):
        text = text_of(page)
        assert f"{union} 2025 年度基层工会合规检查" in text and "参考日 2025-12-31" in text
        assert f"第 {number} 页 共 {len(pages)} 页" in text
    first = text_of(pages[0])
    assert "图例" in first and "已豁免" in first and "没有不合格、没有错误" in first  # the legend on the matrix page


# ---- deadlines ----------------------------------------------------------------------


def test_due_lists_open_obligations_grouped_overdue_within_later():
    result = run("due", DEMO, "--as-of", "2025-12-31", "--within", "90", "-f", "json")
    assert result.exit_code == 0
    items = json.loads(result.output)
    groups = [i["group"] for i in items]
    assert groups == sorted(groups, key=["overdue", "within", "later"].index) and set(groups) == {
        "overdue",
        "within",
        "later",
    }
    overdue = [i for i in items if i["group"] == "overdue"]
    assert all(i["overdue"] and i["due"] < "2025-12-31" for i in overdue)
    within = [i["due"] for i in items if i["group"] == "within"]
    assert within == sorted(within) and all("2025-12-31" <= d <= "2026-03-31" for d in within)
    assert all(i["due"] > "2026-03-31" for i in items if i["group"] == "later")
    assert all(i["days_left"] == (dt.date.fromisoformat(i["due"]) - dt.date(2025, 12, 31)).days for i in items)
    kinds = {i["rule"][:3] for i in items}
    assert {"ELE", "TRN", "CGR", "HRD"} <= kinds
    election = next(i for i in items if i["branch"] == "XJKZX" and i["rule"].startswith("ELE"))
    assert election["due"] == "2026-03-10" and election["rule"] == "ELE002"  # listed once, under the warning
    narrow = json.loads(run("due", DEMO, "--as-of", "2025-12-31", "--within", "10", "-f", "json").output)
    assert len(narrow) == len(items)  # the window groups the obligations; it hides none
    assert sum(i["group"] == "within" for i in narrow) < len(within)


def test_due_lists_only_open_obligations_not_passes_with_a_next_date():
    """A pass that names its next date (the next yearly review) is done for now: not a deadline."""
    report = json.loads(run("check", DEMO, "--as-of", "2025-12-31", "-f", "json").output)
    results = {r["key"]: r for b in report["branches"] for r in b["results"]}
    dated_passes = {k for k, r in results.items() if r["status"] == "pass" and r.get("due")}
    assert dated_passes  # the demo has some (HRD002's next review)
    items = json.loads(run("due", DEMO, "--as-of", "2025-12-31", "-f", "json").output)
    assert items and all(i["status"] in ("pending", "warn", "fail", "error") for i in items)
    listed = {(i["branch"], i["rule"], i["due"]) for i in items}
    for key in dated_passes:
        rule, branch = key.split(":")[:2]
        assert (branch, rule, results[key]["due"]) not in listed
    advised = [i for i in items if i["status"] in ("warn", "fail")]
    assert advised and all(i["todo"] for i in advised)  # what to do, where action is due now or soon
    assert all(i["todo"] is None for i in items if i["status"] == "pending")


def test_due_table_names_branches_by_name_and_code_under_group_headings():
    out = run("due", DEMO, "--as-of", "2025-12-31", "--within", "90").output
    items = json.loads(run("due", DEMO, "--as-of", "2025-12-31", "--within", "90", "-f", "json").output)
    headings = [out.index(h) for h in ("已逾期", "90 天内", "2026-03-31 以后")]
    assert headings == sorted(headings)
    flat = "".join(out.split())  # a long name wraps in its column
    for item in items:
        assert item["branch"] in out and "".join(item["name"].split())[:6] in flat


def test_due_exports_an_icalendar_file(tmp_path):
    ics = tmp_path / "deadlines.ics"
    assert run("due", DEMO, "--as-of", "2025-12-31", "--within", "90", "-f", f"ics:{ics}").exit_code == 0
    items = json.loads(run("due", DEMO, "--as-of", "2025-12-31", "--within", "90", "-f", "json").output)
    calendar = Calendar.from_ical(ics.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(items)
    first = events[0]
    assert first.decoded("dtstart") == dt.date.fromisoformat(items[0]["due"])  # an all-day event
    assert items[0]["branch"] in str(first["summary"]) and "已逾期" in str(first["summary"])
    assert items[0]["name"] in str(first["summary"])
    assert len({str(e["uid"]) for e in events}) == len(events)
    for event, item in zip(events, items):
        text = str(event["description"])
        assert item["name"] in text and item["rule"] in text and item["what"] in text
        if item["todo"]:
            assert item["todo"] in text


def test_icalendar_reminders_only_for_events_ahead_and_never_in_the_past(tmp_path):
    as_of = dt.date(2025, 12, 31)
    ics = tmp_path / "deadlines.ics"
    run("due", DEMO, "--as-of", str(as_of), "--within", "90", "-f", f"ics:{ics}")
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    ahead = [e for e in events if e.decoded("dtstart") > as_of]
    assert ahead and len(ahead) < len(events)  # the demo has overdue events too
    for event in events:
        alarms = event.walk("VALARM")
        day = event.decoded("dtstart")
        if day <= as_of:
            assert not alarms, f"a reminder on an event of {day}, on or before {as_of}"
            continue
        assert len(alarms) == 1
        fires = dt.datetime.combine(day, dt.time()) + alarms[0].decoded("trigger")
        assert fires > dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())  # after the reference day


def test_each_report_file_written_is_named_on_stderr_and_quiet_silences_it(tmp_path):
    book, page = tmp_path / "audit-2025.xlsx", tmp_path / "audit-2025.html"
    args = ("check", DEMO, "--as-of", "2025-12-31", "-f", f"xlsx:{book}", "-f", f"html:{page}")
    said = cli(*args)
    assert said.returncode == 1 and said.stdout == ""
    lines = said.stderr.splitlines()
    assert [line for line in lines if "已写入" in line] == [f"已写入 / written: {p}" for p in (book, page)]
    quiet = cli(*args, "--quiet")
    assert quiet.returncode == 1 and "已写入" not in quiet.stderr
    due = cli("due", DEMO, "--as-of", "2025-12-31", "-f", f"ics:{tmp_path / 'd.ics'}")
    assert f"已写入 / written: {tmp_path / 'd.ics'}" in due.stderr


def test_a_source_date_epoch_that_is_no_time_stops_the_run_with_exit_2():
    bad = cli("check", REFERENCE, "--as-of", "2025-12-31", env={**os.environ, "SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.returncode == 2 and "SOURCE_DATE_EPOCH" in bad.stderr and "Traceback" not in bad.stderr


# ---- --compare ----------------------------------------------------------------------


@pytest.fixture
def compared(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    previous = tmp_path / "previous.json"
    run("check", data, "--as-of", "2025-12-31", "-f", f"json:{previous}")
    fixed = data / "03-XFYBJY.yaml"  # the quorum is put right, and the contract's submission date
    text = fixed.read_text("utf-8").replace("delegates_present: 19", "delegates_present: 25")
    fixed.write_text(text.replace("submitted_on: 2025-04-09", "submitted_on: 2025-04-07"), "utf-8")
    broken = data / "02-XZYY.yaml"  # a clean branch breaks
    broken.write_text(broken.read_text("utf-8").replace("form: representative", "form: general"), "utf-8")
    return data, previous


def test_compare_marks_new_fixed_and_open(compared):
    data, previous = compared
    report = json.loads(run("check", data, "--as-of", "2025-12-31", "--compare", previous, "-f", "json").output)
    by = {r["key"]: r for b in report["branches"] for r in b["results"]}
    fixed = by["CGR002:XFYBJY:congresses[C2025-1].delegates_present"]
    assert (fixed["change"], fixed["was"], fixed["status"]) == ("fixed", "fail", "pass")
    assert by["CGR003:XZYY:congresses[C2025-1].form"]["change"] == "new"
    assert by["ELE001:XWSJD:elections[E2020]"]["change"] == "open"
    unmarked = [r for r in by.values() if r["status"] in ("pass", "pending", "n/a") and "change" in r]
    assert unmarked and all(r["change"] == "fixed" for r in unmarked)  # passes and pendings are never "fixed"
    compare = report["summary"]["compare"]
    assert compare["newly_failing"] == ["XZYY"] and compare["newly_fixed"] == ["XFYBJY"]
    # CGR003 on the 2025 session; CGR002, PAY001 and CON002 (the quorum) and CON003 (the submission) fixed
    assert compare["new"] == 1 and compare["fixed"] == 4
    assert compare["warnings"] == []  # same period, date and profile


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "junit", "github", "sarif", "jsonl", "html", "xlsx"])
def test_compare_shows_in_every_format(compared, fmt, tmp_path):
    data, previous = compared
    target = tmp_path / f"out.{fmt}"
    run("check", data, "--as-of", "2025-12-31", "--lang", "en", "--compare", previous, "-f", f"{fmt}:{target}")
    if fmt == "xlsx":
        book = load_workbook(target)
        text = " ".join(str(c.value) for row in book["Findings"].iter_rows() for c in row)
    else:
        text = target.read_text("utf-8-sig")
    marks = {"sarif": '"change": "new"', "jsonl": '"change": "new"', "github": "(new)"}
    assert marks.get(fmt, "new") in text
    assert "fail (new)" not in text and "pass (fixed)" not in text  # a status cell keeps its status
    if fmt not in ("github", "sarif", "jsonl"):  # those list problems only: a fixed result is no longer one
        assert "fixed (was fail)" in text
    if fmt in ("table", "markdown", "html", "github"):  # the headline
        assert "Compared with the report of" in text and "newly failing branches: XZYY" in text


def test_compare_with_a_file_that_is_not_a_report(tmp_path):
    bogus = tmp_path / "notes.json"
    bogus.write_text('{"hello": 1}', "utf-8")
    result = CliRunner().invoke(main, ["check", str(REFERENCE), "--compare", str(bogus)])
    assert result.exit_code == 2 and "not a unioncheck JSON report" in result.output


# ---- progress -------------------------------------------------------------------------


def _stderr_of(args, tty: bool) -> str:
    if not tty:
        return subprocess.run(
            [sys.executable, "-m", "unioncheck", *map(str, args)], capture_output=True, text=True, timeout=120
        ).stderr
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "unioncheck", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        stdin=subprocess.DEVNULL,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(primary)
    return seen.decode("utf-8", "replace")


def test_progress_on_a_terminal_and_quiet_otherwise():
    args = ["check", DEMO, "--as-of", "2025-12-31"]
    assert f"checking {len(DEMO_FILES)}/{len(DEMO_FILES)}" in _stderr_of(args, tty=True)
    assert _stderr_of(args, tty=False) == ""
