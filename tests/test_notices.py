"""``unioncheck notices``: one Word notice per branch with something to fix, read back with
python-docx (addressee, title, each finding with its advice, due date and basis; waived findings
apart; pending obligations without advice; the score), byte-identical for the same inputs, safe
file names; and printed by LibreOffice Writer, whose first page holds the title and addressee."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import DEMO, check, cli, named_profile
from docx import Document

from unioncheck.citations import basis_text
from unioncheck.cli_params import written_line
from unioncheck.model import BranchReport, Status
from unioncheck.notices import (
    WINDOWS_FORBIDDEN,
    WINDOWS_RESERVED,
    file_names,
    notice_document,
    reproducible,
)
from unioncheck.reporters.summary import is_problem, is_todo, shows_advice
from unioncheck.scoring import BranchScore, Deduction, Item, ScoreSheet

AS_OF = "2025-12-31"
EPOCH = "1767571200"  # 2026-01-05 00:00 UTC
MADE = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)
PROFILE = named_profile("county-health-bureau")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _notices(out: Path, *args, env=None):
    return cli("notices", *args, "--as-of", AS_OF, "-o", out, env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo county's notices: (the run, {branch code: the notice's path}, the JSON report)."""
    out = tmp_path_factory.mktemp("notices") / "out" / "new"  # made, parents too
    run = _notices(out, DEMO)
    assert run.returncode == 0, run.stderr
    report = json.loads(cli("check", DEMO, "--as-of", AS_OF, "--format", "json").stdout)
    codes = [b["code"] for b in report["branches"]]
    written = {next(c for c in codes if f"-{c}-" in p.name): p for p in out.iterdir()}
    return run, written, report


@pytest.fixture(scope="module")
def judged():
    """The demo county judged in process: its branches by code, its rules by code."""
    report = check([DEMO], AS_OF)
    return report, {b.code: b for b in report.branches}, {r.code: r for r in report.rules}


def _tables(document) -> dict[str, list[list[str]]]:
    """The notice's tables by their first header cell's neighbour (检查事项, 事项, 考核项目…): rows below the header."""
    found = {}
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        found[tuple(rows[0])] = rows[1:]
    return found


FINDINGS = ("序号", "检查事项", "存在问题", "整改要求", "整改期限", "依据")
TODO = ("序号", "事项", "内容", "完成期限")
WAIVED = ("序号", "检查事项", "情况", "豁免依据")


def test_one_notice_per_branch_with_a_problem(demo):
    run, written, report = demo
    needing = [
        b["code"] for b in report["branches"] if any(r["status"] in ("error", "fail", "warn") for r in b["results"])
    ]
    assert needing and sorted(written) == sorted(needing)
    for path in written.values():
        assert written_line(path) in run.stderr  # as check and due name what they wrote
    spared = len(report["branches"]) - len(needing)
    assert spared > 0 and f"{spared} 个基层工会无需整改" in run.stderr


def test_file_names_carry_position_code_and_name(demo):
    _, written, report = demo
    for position, branch in enumerate(report["branches"], start=1):
        if branch["code"] in written:
            name = written[branch["code"]].name
            assert name.startswith(f"{position:02d}-{branch['code']}-") and name.endswith(".docx")
            assert branch["name"].removesuffix("工会委员会") in name


def test_each_notice_reads_back_as_addressed_to_its_branch(demo, judged):
    _, written, _ = demo
    report, branches, rules = judged
    union, year = PROFILE.union("zh"), report.period_start.year
    for code, path in written.items():
        branch = branches[code]
        document = Document(str(path))
        texts = [p.text for p in document.paragraphs]
        assert texts[0] == union
        assert str(year) in texts[1] and "通知" in texts[1]
        assert texts[2] == f"{branch.name}："
        assert any(AS_OF.replace("-12-31", "年12月31日") in t for t in texts)  # the reference date, said
        assert "县卫生健康局工会（盖章）" in texts and "2026年1月5日" in texts  # the signature: union, seal, date
        tables = _tables(document)
        rows = tables[FINDINGS]
        problems = [r for r in branch.results if is_problem(r) and r.status != Status.WAIVED]
        assert len(rows) == len(problems)
        for row, result in zip(rows, problems):
            rule = rules[result.rule]
            assert row[1] == rule.title("zh") and row[2] == result.message("zh")
            assert row[3] == (rule.doc.advice("zh") if shows_advice(result) else "")
            assert row[4] == (result.due.isoformat() if result.due and result.due > report.as_of else "立即整改")
            assert row[5] == basis_text(rule, PROFILE, "zh")
        todo = sorted((r for r in branch.results if is_todo(r)), key=lambda r: (r.due, r.rule))
        if todo:
            assert [(row[2], row[3]) for row in tables[TODO]] == [(r.message("zh"), r.due.isoformat()) for r in todo]
            advice = {rules[r.rule].doc.advice("zh") for r in todo}
            assert not advice & {cell for row in tables[TODO] for cell in row}  # no advice to act years early
        else:
            assert TODO not in tables
        assert WAIVED not in tables  # nothing is waived without waivers


def test_the_notice_is_a4_portrait_with_page_numbers_and_chinese_fonts(demo):
    _, written, _ = demo
    path = next(iter(written.values()))
    document = Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    with zipfile.ZipFile(path) as z:
        styles = z.read("word/styles.xml").decode()
        fonts = z.read("word/fontTable.xml").decode()
        names = z.namelist()
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="黑体"' in styles
    assert "eastAsiaTheme" not in styles.split("</w:docDefaults>")[0]  # no theme font overrides them
    assert 'w:altName w:val="Noto Serif CJK SC"' in fonts
    assert not any("thumbnail" in n for n in names)  # not the template's picture


def test_personal_data_of_hardship_files_never_appears(demo):
    _, written, _ = demo
    people = []
    for file in DEMO.glob("*.yaml"):
        data = yaml.safe_load(file.read_text("utf-8")) or {}
        for record in (data.get("hardship") or {}).get("files") or []:
            people += [str(record[k]) for k in ("name", "id_number") if record.get(k)]
    assert people
    for path in written.values():
        with zipfile.ZipFile(path) as z:
            text = z.read("word/document.xml").decode()
        assert not [p for p in people if p in text]


def test_waived_findings_are_listed_apart_and_alone_need_no_notice(tmp_path, judged):
    report, branches, rules = judged
    only_elections = branches["XWSJD"]  # its only problems are its elections
    assert {r.rule for r in only_elections.results if is_problem(r)} <= {"ELE001", "ELE006"}
    other = branches["HTZWSY"]
    waived_rule = next(r.rule for r in other.results if is_problem(r))
    waiver = {"reason": "机构改革暂缓", "approved_by": "县卫生健康局工会", "document": "县卫健工〔2025〕30号"}
    waivers = tmp_path / "waivers.yaml"
    items = [
        {"branch": "XWSJD", "rule": "ELE", **waiver, "expires": "2026-06-30"},
        {"branch": "HTZWSY", "rule": waived_rule, **waiver, "expires": "2026-06-30"},
    ]
    waivers.write_text(yaml.safe_dump({"waivers": items}, allow_unicode=True), "utf-8")
    out = tmp_path / "out"
    run = _notices(out, DEMO / "05-XWSJD.yaml", DEMO / "08-HTZWSY.yaml", "--waivers", waivers)
    assert run.returncode == 0, run.stderr
    (path,) = out.iterdir()  # XWSJD: only waived findings and pending ones, no notice
    assert "-HTZWSY-" in path.name and "1 个基层工会无需整改" in run.stderr
    tables = _tables(Document(str(path)))
    waived = [r for r in other.results if r.rule == waived_rule and is_problem(r)]
    assert [row[2] for row in tables[WAIVED]] == [r.message("zh") for r in waived]
    assert all("机构改革暂缓" in row[3] and "县卫健工〔2025〕30号" in row[3] for row in tables[WAIVED])
    assert not {r.message("zh") for r in waived} & {row[2] for row in tables[FINDINGS]}


def test_the_same_inputs_give_byte_identical_notices(demo, tmp_path):
    _, written, _ = demo
    out = tmp_path / "again"
    assert _notices(out, DEMO, "-q").returncode == 0
    again = {p.name: p.read_bytes() for p in out.iterdir()}
    assert again == {p.name: p.read_bytes() for p in written.values()}
    document = Document(io.BytesIO(next(iter(again.values()))))
    assert document.core_properties.created == MADE and document.core_properties.modified == MADE


def test_reproducible_dates_every_entry_and_keeps_the_content():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("b.xml", "<b/>")
        z.writestr("a.xml", "<a/>")
    moment = dt.datetime(2026, 1, 5, 8, 30)
    once = reproducible(buffer.getvalue(), moment)
    with zipfile.ZipFile(io.BytesIO(once)) as z:
        assert [(i.filename, i.date_time) for i in z.infolist()] == [
            ("b.xml", (2026, 1, 5, 8, 30, 0)),
            ("a.xml", (2026, 1, 5, 8, 30, 0)),
        ]
        assert z.read("a.xml") == b"<a/>"
    assert reproducible(once, moment) == once
    with zipfile.ZipFile(io.BytesIO(reproducible(once, dt.datetime(1970, 1, 1)))) as z:
        assert z.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say


def _branch(code, name, file="x.yaml"):
    return BranchReport(file, code, name)


@pytest.mark.parametrize(
    "code, name",
    [
        ("AUX", None),
        ("A/B", '卫生院:一*二?"三"<四>|五\\六'),
        ("LONG", "很长的名字" * 40),
        (None, "石岭镇卫生院工会委员会. "),
        ("CON", "CON"),
    ],
)
def test_file_names_are_safe_on_windows(code, name):
    (found,) = file_names([(3, _branch(code, name, "data/09-SLZWSY.yaml"))])
    stem = found.removesuffix(".docx")
    assert not WINDOWS_FORBIDDEN.search(found)
    assert stem.split(".")[0].upper() not in WINDOWS_RESERVED and not stem.endswith((".", " "))
    assert len(found) <= 100 and stem.startswith("03-")
    if code is None:
        assert stem.startswith("03-09-SLZWSY-")


def test_file_names_differ_where_windows_sees_one_name():
    names = file_names([(1, _branch("ab", "卫生院")), (1, _branch("AB", "卫生院")), (2, _branch("x", "y"))])
    assert len({n.casefold() for n in names}) == 3


def test_the_score_is_shown_where_the_profile_has_a_sheet(judged):
    report, branches, rules = judged
    branch = branches["HTZWSY"]
    findings = [r for r in branch.results if is_problem(r)]
    item = Item("T1", PROFILE.title, 10, ("TRN",), {"fail": 2})
    other = BranchScore(branches["XRMYY"], 100, 1)
    scored = BranchScore(branch, 94.5, 2, [Deduction(item, 5.5, findings, capped=True)], waived=findings[:1])
    sheet = ScoreSheet(PROFILE.title, 100, [item], [other, scored])
    document = notice_document(report, branch, "zh", dt.date(2026, 2, 1), sheet)
    texts = [p.text for p in document.paragraphs]
    line = next(t for t in texts if "94.5" in t)
    assert "满分 100 分" in line and "排名第 2 位" in line and "2 个基层工会" in line
    (row,) = _tables(document)[("考核项目", "分值", "扣分", "说明")]
    assert row[0] == PROFILE.title("zh") and row[1:3] == ["10", "5.5"] and f"{len(findings)} 项问题" in row[3]
    assert "已扣至该项分值" in row[3]
    assert any("1 项经批准豁免，不扣分" in t for t in texts)
    assert not any("考核得分" in t for t in (p.text for p in notice_document(report, branch, "zh", MADE).paragraphs))


def test_english_notices(tmp_path, judged):
    _, branches, _ = judged
    out = tmp_path / "en"
    run = _notices(out, DEMO / "08-HTZWSY.yaml", "--lang", "en")
    assert run.returncode == 0, run.stderr
    (path,) = out.iterdir()
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[0] == PROFILE.union("en") and texts[1] == "Notice of the 2025 audit of branch union work"
    assert texts[2] == f"To {branches['HTZWSY'].name}:" and f"{PROFILE.union('en')} (seal)" in texts
    assert _tables(Document(str(path)))[("No.", "Item", "Problem", "What to do", "By", "Basis")]


def test_quiet_says_nothing_reply_by_is_the_reply_date_and_a_file_for_the_folder_is_a_usage_error(tmp_path):
    run = _notices(tmp_path / "q", DEMO / "08-HTZWSY.yaml", "-q", "--reply-by", "2026-03-01")
    assert run.returncode == 0 and run.stderr == ""
    (path,) = (tmp_path / "q").iterdir()
    assert any("于2026年3月1日前将整改情况书面报送" in p.text for p in Document(str(path)).paragraphs)
    (tmp_path / "file").write_text("", "utf-8")
    run = _notices(tmp_path / "file", DEMO / "08-HTZWSY.yaml")
    assert run.returncode == 2 and "不是文件夹" in run.stderr and "Traceback" not in run.stderr
    run = cli("notices", DEMO / "08-HTZWSY.yaml")
    assert run.returncode == 2 and "请用 -o 给出写入通知的文件夹" in run.stderr and "give the folder" in run.stderr
    shown = " ".join(cli("notices", "--help").stdout.split())
    assert "Exit status: 0 the notices were written; 2 the run could not do what was asked" in shown


# ---- printed by LibreOffice Writer -----------------------------------------------------------


@pytest.fixture(scope="module")
def printed(demo, tmp_path_factory):
    """One demo notice printed to PDF by LibreOffice Writer: (its PDF, the branch's name)."""
    if SOFFICE is None:
        pytest.skip(
            "no LibreOffice here: .ci/run installs Debian's libreoffice-writer; without it notices cannot be printed"
        )
    _, written, report = demo
    work = tmp_path_factory.mktemp("printed")
    source = work / "notice.docx"
    shutil.copy(written["HTZWSY"], source)
    run = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ],
        capture_output=True,
        timeout=300,
    )
    pdf = work / "notice.pdf"
    if not pdf.exists() and b"could not be loaded" in run.stderr:
        pytest.skip("LibreOffice has no Writer here (Debian: libreoffice-writer): notices cannot be printed")
    assert run.returncode == 0 and pdf.exists(), run.stderr
    name = next(b["name"] for b in report["branches"] if b["code"] == "HTZWSY")
    return pdf, name


def test_libreoffice_prints_the_first_page_with_title_and_addressee(printed):
    from pypdf import PdfReader

    pdf, name = printed
    reader = PdfReader(str(pdf))
    assert 1 <= len(reader.pages) <= 6
    first = re.sub(r"\s+", "", reader.pages[0].extract_text())
    assert first.startswith(PROFILE.union("zh"))
    assert "关于2025年度基层工会工作检查情况的通知" in first and f"{name}：" in first
    assert "第1页共" in first  # the page number, from the PAGE field
    width = reader.pages[0].mediabox.width * 25.4 / 72
    assert round(width) == 210  # A4, as printed


def test_the_first_page_is_not_blank(printed, tmp_path):
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("no pdftoppm here (Debian: poppler-utils): the page cannot be turned into a picture")
    pdf, _ = printed
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-singlefile", "-f", "1", "-l", "1", pdf, tmp_path / "p"], check=True
    )
    image = Image.open(tmp_path / "p.png").convert("RGB")
    raw = image.tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    dark = sum(1 for r, g, b in pixels if r + g + b < 300)
    red = sum(1 for r, g, b in pixels if r > 150 and g < 80 and b < 80)  # the union's name and its rule
    assert dark > len(pixels) // 200 and red > 0


def test_a_notice_is_never_written_over_a_file_the_run_reads(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    waivers = out / "01-HTZWSY-河头镇卫生院.docx"  # the waivers file, where the notice would go
    waivers.write_text("waivers: []\n", "utf-8")
    run = _notices(out, DEMO / "08-HTZWSY.yaml", "--waivers", waivers)
    assert run.returncode == 2 and "--waivers" in run.stderr and "Traceback" not in run.stderr
    assert waivers.read_text("utf-8") == "waivers: []\n" and list(out.iterdir()) == [waivers]


def test_every_rule_asks_for_an_action_in_the_unions_words_not_an_edit_of_the_data_file():
    """整改要求 in a notice is what the branch is to do (hold the session, post the notice, send the
    record); field names of the data file are for `explain`, not for a stamped notice."""
    from conftest import builtin

    rules = builtin()[0]
    fields = {"approved_by", "postings", "covers", "postponement", "congresses", "reviews", "exit_reason"}
    fields |= {"register_reviewed_on", "data_as_of", "evidence/", "unioncheck "}
    for rule in rules:
        assert rule.doc.action is not None, f"{rule.code} has no 整改要求"
        zh, en = rule.doc.advice("zh"), rule.doc.advice("en")
        assert zh and not any(f in zh for f in fields), (rule.code, zh)
        assert en and "_" not in en and "unioncheck " not in en, (rule.code, en)  # no field names in English either


def test_a_branch_whose_file_could_not_be_judged_is_told_why_it_lost_the_points(demo):
    """The score sheet takes an item's points where none of its rules could run (a broken file):
    the notice says so, not 「0 项问题」 beside the points lost."""
    _, written, report = demo
    broken = [b["code"] for b in report["branches"] if any(d["status"] == "unjudged" for d in b["score"]["deductions"])]
    assert broken  # the demo has one (its file has errors)
    for code in broken:
        rows = _tables(Document(str(written[code])))[("考核项目", "分值", "扣分", "说明")]
        unjudged = [r for r in rows if "无法检查" in r[3]]
        assert unjudged and not any(r[3].startswith("0 项") for r in rows)


def test_the_to_do_list_is_as_of_the_reference_date_and_the_seal_stays_with_the_closing(demo):
    _, written, _ = demo
    for path in written.values():
        document = Document(str(path))
        texts = [p.text for p in document.paragraphs]
        if any("尚未到期" in t for t in texts):
            assert any("截至参考日（2025年12月31日）" in t for t in texts)
        closing = next(p for p in document.paragraphs if p.text.startswith("请你单位"))
        at = texts.index(closing.text)
        for p in document.paragraphs[at:-1]:  # the closing, the blank lines and the seal: one block
            assert p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next
