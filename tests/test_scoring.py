"""The score sheet (考核评分): the profile's `scoring` section, what a branch's findings cost,
ranks, and the sheet as every report shows it, read back (openpyxl, the page, the JSON)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
import yaml
from click.testing import CliRunner
from conftest import (
    DEMO,
    DEMO_FILES,
    REFERENCE,
    REPO,
    builtin,
    check,
    demo_codes,
    demo_report,
    named_profile,
    sheet_table,
)
from openpyxl import load_workbook

from unioncheck.cli import main
from unioncheck.model import BranchReport, Result, Status, Text
from unioncheck.profile import ProfileError, load_profile
from unioncheck.scoring import number, score_report, tenths

DEFAULT = named_profile("county-health-bureau")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _load(tmp_path, body: str):
    path = tmp_path / "mine.yaml"
    path.write_text("profile: mine\nextends: county-health-bureau\n" + body, "utf-8")
    rules, registered = builtin()
    return path, load_profile(str(path), rules, registered)


def _line_of(path, text: str) -> int:
    """The line of ``path`` that holds ``text``: tests name lines from the file, never by number."""
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if text in line)


SHEET = """\
scoring:
  title: {zh: 测试评分表, en: Test sheet}
  total: 20
  items:
    - code: congress
      name: {zh: 职代会, en: Congress}
      points: 10
      cap: 4
      covers: [CGR]
      deduct: {fail: 3, error: 3, warn: 1}
    - code: other
      name: 其他
      points: 10
      covers: [PAY, ELE001]
      deduct: {fail: 2.5, warn: 0.5}
"""


@pytest.fixture(scope="module")
def sheet_profile(tmp_path_factory):
    return _load(tmp_path_factory.mktemp("sheet"), SHEET)[1]


class _Report:
    """What ``score_report`` reads of a report: its profile, rules and branches."""

    def __init__(self, profile, branches):
        self.profile, self.branches, self.rules = profile, branches, builtin()[0]


def _branch(code, *results):
    made = []
    for i, (rule, status, *rest) in enumerate(results):
        r = Result(status, Text(f"问题 {i}", f"problem {i}"), rule=rule, family=rule[:3], key=f"{rule}:{code}:{i}")
        if rest:
            r.known = rest[0]
        made.append(r)
    return BranchReport(f"{code}.yaml", code, code, made)


# ---- the profile's section -------------------------------------------------------------


def test_the_default_profile_ships_an_example_sheet_over_every_family():
    sheet = DEFAULT.scoring
    assert sheet is not None and "示例" in sheet.title.zh and "example" in sheet.title.en
    assert tenths(sum(i.points for i in sheet.items)) == tenths(sheet.total)
    families = {r.family for r in builtin()[0]}
    assert {c for i in sheet.items for c in i.covers} == families  # every family, the second round's included
    covered = [code for i in sheet.items for code in i.rules]
    assert sorted(covered) == sorted(r.code for r in builtin()[0])  # every rule, each under one item


def test_points_that_do_not_add_up_to_the_total_are_refused_at_file_and_line(tmp_path):
    with pytest.raises(ProfileError) as err:
        _load(tmp_path, SHEET.replace("total: 20", "total: 25"))
    path = tmp_path / "mine.yaml"
    assert f"{path}:{_line_of(path, 'total: 25')}" in str(err.value)
    assert "不等于总分 25" in str(err.value) and "add up to 20, not to the total 25" in str(err.value)


def test_an_unknown_cover_is_refused_at_file_and_line_with_did_you_mean(tmp_path):
    with pytest.raises(ProfileError) as err:
        _load(tmp_path, SHEET.replace("covers: [CGR]", "covers: [CGRR]"))
    path = tmp_path / "mine.yaml"
    assert f"{path}:{_line_of(path, 'CGRR')}" in str(err.value)
    assert "neither a rule family nor a rule code" in str(err.value) and "did you mean 'CGR'?" in str(err.value)


def test_a_rule_under_two_items_is_refused_naming_both(tmp_path):
    with pytest.raises(ProfileError) as err:
        _load(tmp_path, SHEET.replace("covers: [PAY, ELE001]", "covers: [PAY, CGR002]"))
    message = str(err.value)
    path = tmp_path / "mine.yaml"
    assert f"{path}:{_line_of(path, 'CGR002')}" in message and f"{path}:{_line_of(path, '[CGR]')}" in message
    assert "rule CGR002 falls under item 'congress'" in message and "and under 'other'" in message


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("cap: 4", "cap: 12", "never takes more than its points"),
        ("{fail: 2.5, warn: 0.5}", "{fail: 2.5, pending: 1}", "pending and waived cost nothing"),
        ("{fail: 2.5, warn: 0.5}", "{fail: 2.55}", "at most one"),
        ("points: 10\n      cap", "points: ten\n      cap", "must be a number of points"),
        ("      cap: 4\n", "      capp: 4\n", "unknown key 'capp'; did you mean 'cap'?"),
        ("  total: 20\n", "", "'scoring' has no 'total'"),
    ],
)
def test_sheet_mistakes_are_named_with_file_and_line(tmp_path, old, new, expected):
    assert old in SHEET
    with pytest.raises(ProfileError) as err:
        _load(tmp_path, SHEET.replace(old, new))
    assert expected in str(err.value) and f"{tmp_path / 'mine.yaml'}:" in str(err.value)


def test_a_bad_sheet_stops_the_run_with_exit_2_and_no_traceback(tmp_path):
    path, _ = _load(tmp_path, SHEET)
    path.write_text(path.read_text("utf-8").replace("total: 20", "total: 30"), "utf-8")
    result = run("check", REFERENCE, "--as-of", "2025-12-31", "--no-cache", "--profile", path)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{path}:{_line_of(path, 'total: 30')}" in result.stderr


def test_an_extending_profile_replaces_the_sheet_wholly_or_turns_it_off(tmp_path, sheet_profile):
    assert [i.code for i in sheet_profile.scoring.items] == ["congress", "other"]
    assert sheet_profile.scoring.title.zh == "测试评分表" and sheet_profile.scoring.total == 20
    _, off = _load(tmp_path, "scoring: off\n")
    assert off.scoring is None
    assert score_report(_Report(off, [_branch("A", ("CGR002", Status.FAIL))])) is None


# ---- what findings cost -----------------------------------------------------------------


def test_equal_scores_share_a_rank(sheet_profile):
    a = _branch("A", ("PAY001", Status.FAIL))
    b = _branch("B", ("ELE001", Status.FAIL))
    c = _branch("C", ("PAY001", Status.FAIL), ("PAY002", Status.WARN))
    d = _branch("D", ("CGR001", Status.PASS))
    sheet = score_report(_Report(sheet_profile, [a, b, c, d]))
    assert [sheet.of(x).rank for x in (d, a, b, c)] == [1, 2, 2, 4]
    assert [s.branch.code for s in sheet.ranked()] == ["D", "A", "B", "C"]


def test_an_item_never_takes_more_than_its_cap_or_its_points(sheet_profile, tmp_path):
    fails = [("CGR00" + str(i), Status.FAIL) for i in (1, 2, 3)]
    scored = score_report(_Report(sheet_profile, [_branch("A", *fails)])).branches[0]
    (congress,) = scored.deductions
    assert congress.points == 4 and congress.capped and congress.costs == [3, 1, 0]  # cap 4, not 3 × 3
    assert scored.score == 16
    _, uncapped = _load(tmp_path, SHEET.replace("      cap: 4\n", ""))
    many = [(f"CGR00{i}", Status.FAIL) for i in (1, 2, 3, 4)] + [("CGR002", Status.FAIL)]
    scored = score_report(_Report(uncapped, [_branch("A", *many)])).branches[0]
    assert scored.off("congress") == 10 and scored.score == 10  # 5 × 3 stops at the item's 10 points


def test_waived_findings_cost_nothing_and_are_listed(sheet_profile):
    branch = _branch("A", ("PAY001", Status.WAIVED), ("PAY002", Status.FAIL))
    scored = score_report(_Report(sheet_profile, [branch])).branches[0]
    assert scored.score == 17.5 and [r.rule for r in scored.waived] == ["PAY001"]
    assert [r.rule for d in scored.deductions for r in d.results] == ["PAY002"]


def test_findings_a_baseline_knows_still_cost_points(sheet_profile):
    known = score_report(_Report(sheet_profile, [_branch("A", ("PAY001", Status.FAIL, True))])).branches[0]
    new = score_report(_Report(sheet_profile, [_branch("A", ("PAY001", Status.FAIL, False))])).branches[0]
    assert known.score == new.score == 17.5


def test_pass_na_and_pending_cost_nothing_and_scores_keep_one_decimal(sheet_profile):
    quiet = [("PAY001", s) for s in (Status.PASS, Status.NA, Status.PENDING)]
    assert score_report(_Report(sheet_profile, [_branch("A", *quiet)])).branches[0].score == 20
    scored = score_report(_Report(sheet_profile, [_branch("A", ("PAY001", Status.WARN))])).branches[0]
    assert scored.score == 19.5 and str(scored.score) == "19.5"
    assert isinstance(number(tenths(20.0)), int) and str(number(tenths(20.0))) == "20"


def test_points_written_with_a_decimal_zero_are_shown_whole(tmp_path):
    _, profile = _load(tmp_path, SHEET.replace("total: 20", "total: 20.0").replace("fail: 3,", "fail: 3.0,"))
    assert str(profile.scoring.total) == "20" and str(profile.scoring.items[0].deduct["fail"]) == "3"


def test_a_file_with_errors_loses_the_items_its_rules_could_not_judge(sheet_profile):
    broken = _branch("A", ("DAT001", Status.ERROR))  # DAT is on no item of this sheet; CGR, PAY, ELE001 never ran
    scored = score_report(_Report(sheet_profile, [broken])).branches[0]
    assert all(d.unjudged and d.points == d.item.most for d in scored.deductions)  # the whole item, or its cap
    assert [d.item.code for d in scored.deductions] == ["congress", "other"]
    assert scored.score == sheet_profile.scoring.total - sum(i.most for i in sheet_profile.scoring.items)
    judged = _branch("B", ("DAT001", Status.ERROR), ("CGR001", Status.PASS), ("PAY001", Status.NA))
    assert score_report(_Report(sheet_profile, [judged])).branches[0].score == 20


def test_the_reference_file_scores_full_points():
    report = check([REFERENCE])
    sheet = score_report(report)
    (scored,) = sheet.branches
    assert scored.score == sheet.total == DEFAULT.scoring.total and scored.deductions == [] and scored.rank == 1


def _expected_score(sheet, branch) -> float:
    """A branch's score from the sheet's own numbers: each item takes the sum of its findings'
    deductions, at most its cap; waived findings and rules the sheet does not cover take nothing."""
    lost = 0
    broken = any(r.status is Status.ERROR for r in branch.results)
    for item in sheet.items:
        mine = [r for r in branch.results if r.rule in item.rules]
        if broken and not mine:
            lost += tenths(item.most)  # its rules could not judge the file
            continue
        lost += min(tenths(item.most), sum(tenths(item.deduct.get(r.status.value, 0)) for r in mine))
    return number(tenths(sheet.total) - lost)


def test_demo_deductions_add_up_to_total_minus_score_for_every_branch():
    report = demo_report()
    sheet = score_report(report)
    assert len(sheet.branches) == len(DEMO_FILES)
    for scored in sheet.branches:
        assert scored.score == _expected_score(sheet, scored.branch), scored.branch.code
        assert tenths(sum(d.points for d in scored.deductions)) == tenths(sheet.total) - tenths(scored.score)
        for d in scored.deductions:
            taken = tenths(d.item.most) if d.unjudged else tenths(sum(d.costs))  # unjudged: the item lost whole
            assert taken == tenths(d.points) <= tenths(d.item.most)
        higher = sum(tenths(other.score) > tenths(scored.score) for other in sheet.branches)
        assert scored.rank == higher + 1
    assert len({s.score for s in sheet.branches}) < len(sheet.branches)  # the demo has ties: they share ranks
    assert any(d.capped for s in sheet.branches for d in s.deductions)  # and a capped item


# ---- every report shows it ------------------------------------------------------------------

WAIVED_BRANCH, WAIVED_RULE = "XFYBJY", "CGR002"  # a fail that costs points where it is not waived
WAIVERS = {
    "waivers": [
        {
            "branch": WAIVED_BRANCH,
            "rule": WAIVED_RULE,
            "reason": "机构改革，换届暂缓",
            "approved_by": "县卫生健康局工会",
            "document": "县卫健工〔2025〕30号",
            "expires": "2026-06-30",
        }
    ]
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The demo county with one waiver, in every format that shows the sheet, in one run."""
    out = tmp_path_factory.mktemp("scores")
    (out / "waivers.yaml").write_text(yaml.safe_dump(WAIVERS, allow_unicode=True), "utf-8")
    names = {"json": "a.json", "jsonl": "a.jsonl", "xlsx": "a.xlsx", "html": "a.html", "markdown": "a.md"}
    formats = [a for fmt, name in names.items() for a in ("-f", f"{fmt}:{out / name}")]
    common = ["check", DEMO, "--as-of", "2025-12-31", "--no-cache", "--waivers", out / "waivers.yaml"]
    result = run(*common, *formats, "-f", f"table:{out / 'a.txt'}")
    assert result.exit_code == 1, result.stderr
    return {fmt: out / name for fmt, name in {**names, "table": "a.txt"}.items()}


@pytest.fixture(scope="module")
def report_json(reports):
    return json.loads(reports["json"].read_text("utf-8"))


def test_json_gives_each_branch_its_score_and_the_summary_the_sheet(report_json):
    sheet = report_json["summary"]["score_sheet"]
    assert sheet["total"] == DEFAULT.scoring.total and sheet["titles"]["zh"] == DEFAULT.scoring.title.zh
    assert [i["code"] for i in sheet["items"]] == [i.code for i in DEFAULT.scoring.items]
    points = {i["code"]: i["points"] for i in sheet["items"]}
    for branch in report_json["branches"]:
        score = branch["score"]
        assert list(score) == ["points", "rank", "deductions", "waived"]
        assert tenths(sum(d["points"] for d in score["deductions"])) == tenths(sheet["total"] - score["points"])
        for item, most in points.items():
            assert sum(d["points"] for d in score["deductions"] if d["item"] == item) <= most
        keys = {r["key"]: r for r in branch["results"]}
        for d in score["deductions"]:
            if d["key"] is not None:
                assert keys[d["key"]]["status"] == d["status"] and keys[d["key"]]["rule"] == d["rule"]
        assert score["waived"] == [r["key"] for r in branch["results"] if r["status"] == "waived"]
        higher = sum(other["score"]["points"] > score["points"] for other in report_json["branches"])
        assert score["rank"] == higher + 1
    assert not re.search(r'"points": \d+\.0\b', reports_text(report_json))  # no trailing .0


def reports_text(report_json) -> str:
    return json.dumps(report_json, ensure_ascii=False)


def test_a_waived_finding_costs_nothing_in_the_run_and_is_listed(report_json):
    branch = next(b for b in report_json["branches"] if b["code"] == WAIVED_BRANCH)
    waived = [r for r in branch["results"] if r["rule"] == WAIVED_RULE]
    assert waived and all(r["status"] == "waived" for r in waived)
    assert branch["score"]["waived"] == [r["key"] for r in waived]
    assert not any(d["rule"] == WAIVED_RULE for d in branch["score"]["deductions"])
    unwaived = score_report(demo_report()).of(next(b for b in demo_report().branches if b.code == WAIVED_BRANCH))
    item = DEFAULT.scoring.item_of(WAIVED_RULE)
    cost = sum(c for d in unwaived.deductions for r, c in zip(d.results, d.costs) if r.rule == WAIVED_RULE)
    assert cost == len(waived) * item.deduct["fail"] > 0
    assert tenths(branch["score"]["points"]) == tenths(unwaived.score) + tenths(cost)


def test_jsonl_scores_each_line_without_a_rank(reports, report_json):
    lines = [json.loads(line) for line in reports["jsonl"].read_text("utf-8").splitlines()]
    assert [line["code"] for line in lines] == demo_codes()
    for line, branch in zip(lines, report_json["branches"]):
        assert "rank" not in line["score"]
        assert line["score"]["points"] == branch["score"]["points"]
        assert line["score"]["deductions"] == branch["score"]["deductions"]


def test_findings_a_baseline_knows_cost_the_same_points_in_a_run(tmp_path, report_json):
    baseline = tmp_path / "baseline.json"
    common = ["check", DEMO, "--as-of", "2025-12-31", "--no-cache"]
    assert run(*common, "--write-baseline", baseline).exit_code == 0
    gated = run(*common, "--baseline", baseline, "-f", f"json:{tmp_path / 'gated.json'}")
    assert gated.exit_code == 0  # every failure is known: the gate passes, and the points are still taken
    report = json.loads((tmp_path / "gated.json").read_text("utf-8"))
    assert any(r.get("baseline") == "known" for b in report["branches"] for r in b["results"])
    expected = {s.branch.code: s.score for s in score_report(demo_report()).branches}
    assert {b["code"]: b["score"]["points"] for b in report["branches"]} == expected


def test_workbook_has_the_score_sheet_in_rank_order_with_its_deductions(reports, report_json):
    book = load_workbook(reports["xlsx"])
    assert "考核评分" in book.sheetnames
    ws = book["考核评分"]
    assert DEFAULT.union.zh in ws["A1"].value and DEFAULT.scoring.title.zh in ws["A1"].value
    top, header, rows = sheet_table(ws, "排名")
    items = DEFAULT.scoring.items
    assert header == ["排名", "基层工会代码", "名称", "得分"] + [i.name.zh for i in items]
    assert len(rows) == len(DEMO_FILES)
    by_code = {b["code"]: b for b in report_json["branches"]}
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # rank order
    for rank, code, name, score, *off in rows:
        mine = by_code[code]
        assert (rank, score, name) == (mine["score"]["rank"], mine["score"]["points"], mine["name"])
        assert tenths(sum(off)) == tenths(DEFAULT.scoring.total - score)
    # 扣分明细 beside it: branch, item, rule, message, points, note; the waived finding at 0
    _, detail_head, details = sheet_table(book["扣分明细"], "基层工会")
    assert detail_head == ["基层工会", "评分项", "规则", "扣分原因", "扣分", "备注"]
    for code, branch in by_code.items():
        mine = [d for d in details if d[0] == code]
        assert tenths(sum(d[4] for d in mine)) == tenths(DEFAULT.scoring.total - branch["score"]["points"])
    waived = [d for d in details if d[0] == WAIVED_BRANCH and d[2] == WAIVED_RULE]
    assert waived and all(d[4] == 0 and d[5] == "已豁免" for d in waived)


def test_workbook_matrix_shows_score_and_rank_after_the_overall_status(reports, report_json):
    ws = load_workbook(reports["xlsx"])["合规矩阵"]
    _, header, rows = sheet_table(ws, "基层工会")
    at = header.index("合规")  # after 总体 and 合规
    assert header[at - 1] == "总体" and header[at + 1 : at + 3] == ["得分", "排名"]
    by_code = {b["code"]: b["score"] for b in report_json["branches"]}
    assert len(rows) == len(by_code)
    for row in rows:
        assert (row[at + 1], row[at + 2]) == (by_code[row[0]]["points"], by_code[row[0]]["rank"])


class _Tables(HTMLParser):
    """The page's tables as rows of cell texts, by the id of the section they are in."""

    def __init__(self):
        super().__init__()
        self.section, self.tables, self.cell = None, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.section = attrs.get("id")
        elif tag == "table":
            self.tables.setdefault(self.section, []).append([])
        elif tag == "tr":
            self.tables[self.section][-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.section][-1][-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def test_the_page_has_a_score_section_and_score_columns(reports, report_json):
    page = reports["html"].read_text("utf-8")
    parser = _Tables()
    parser.feed(page)
    ranking, details = parser.tables["scores"]
    assert ranking[0][:4] == ["排名", "基层工会代码", "名称", "得分"]
    by_code = {b["code"]: b["score"] for b in report_json["branches"]}
    assert {r[1]: (r[0], r[3]) for r in ranking[1:]} == {
        c: (str(s["rank"]), str(s["points"])) for c, s in by_code.items()
    }
    assert any(r[0] == WAIVED_BRANCH and r[2] == WAIVED_RULE and r[4] == "0" and r[5] == "已豁免" for r in details[1:])
    matrix = parser.tables["matrix"][0]  # the matrix, then its legend
    at = matrix[0].index("合规")
    assert matrix[0][at - 1] == "总体" and matrix[0][at + 1 : at + 3] == ["得分", "排名"]
    assert DEFAULT.union.zh in page[page.index('id="scores"') :]


def test_table_and_markdown_show_score_and_rank(reports):
    for fmt in ("table", "markdown"):
        text = reports[fmt].read_text("utf-8")
        assert "得分" in text and "排名" in text and "考核评分" in text and DEFAULT.scoring.title.zh in text, fmt


def test_the_documented_sheet_loads_and_the_documented_example_is_the_default_one(tmp_path):
    doc = (REPO / "docs" / "scoring.md").read_text("utf-8")
    example = re.search(r"```yaml\n(.*?)```", doc, re.S).group(1)
    path = tmp_path / "county.yaml"
    path.write_text(example, "utf-8")
    rules, registered = builtin()
    mine = load_profile(str(path), rules, registered).scoring
    assert tenths(sum(i.points for i in mine.items)) == tenths(mine.total)
    table = re.findall(r"^\| (\S+) \| ([A-Z]{3}) \| ([\d.]+) \| ([\d.]+) / ([\d.]+) / ([\d.]+) \|$", doc, re.M)
    assert [(n, c, float(p), float(f), float(e), float(w)) for n, c, p, f, e, w in table] == [
        (i.name.zh, *i.covers, i.points, i.deduct["fail"], i.deduct["error"], i.deduct["warn"])
        for i in DEFAULT.scoring.items
    ]


def test_the_reports_score_the_branches_once_for_every_format_and_again_after_a_branch_is_added():
    """``scores.sheet_of`` keeps the report's sheet: the matrix, the sheet and the sections of
    every format read the same scores, and a branch added since makes it score again."""
    from unioncheck.reporters.scores import sheet_of
    from unioncheck.scoring import score_report

    report = demo_report()
    first = sheet_of(report)
    assert sheet_of(report) is first
    fresh = score_report(report)
    assert [(s.branch.code, s.score, s.rank) for s in first.branches] == [
        (s.branch.code, s.score, s.rank) for s in fresh.branches
    ]
    report.branches.append(report.branches[0])
    try:
        again = sheet_of(report)
        assert again is not first and len(again.branches) == len(first.branches) + 1
    finally:
        report.branches.pop()


def test_json_holds_no_report_while_it_waits_for_the_ranks(monkeypatch, tmp_path):
    """A rank needs every branch, so JSON waits for the last one; it waits with each branch's text
    and score in a spool (on disk past a county's size), not with the reports: a province's report
    fits in memory. The same report either way, the spool on disk after two branches."""
    import gc
    import weakref

    import unioncheck.spool as spool
    from unioncheck.reporters.json import JsonReporter

    common = ["check", DEMO, "--as-of", "2025-12-31", "--no-cache", "--lang", "en"]
    in_memory = run(*common, "-f", f"json:{tmp_path / 'memory.json'}")
    monkeypatch.setattr(spool, "IN_MEMORY", 2)
    on_disk = run(*common, "-f", f"json:{tmp_path / 'disk.json'}")
    assert in_memory.exit_code == on_disk.exit_code == 1
    assert (tmp_path / "memory.json").read_bytes() == (tmp_path / "disk.json").read_bytes()

    from conftest import check

    from unioncheck.reporters import Options

    report = check([DEMO])
    reporter, options = JsonReporter(), Options("en", "fail")
    head = reporter.start(report, options)
    branch = report.branches[0]
    code, watched = branch.code, weakref.ref(branch)
    assert reporter.branch(branch, options) == ""  # held for the ranks
    report.branches.clear()
    del branch
    gc.collect()
    assert watched() is None  # only its text and score were kept
    written = json.loads(head + "".join(reporter.finish(report, options)))
    assert [b["code"] for b in written["branches"]] == [code] and written["branches"][0]["score"]["rank"] == 1
