"""What a person does to a branch workbook in Excel or WPS that the template does not foresee: each
answered at its sheet and cell, an error where the file cannot be judged as it is, a warning where
it is read all the same but easy to miss; and every cell read as a person means it, or answered
with what to type. Personal data typed anywhere in the hardship sheet is never quoted."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from conftest import cli
from hazards import leaked, stored_texts
from workbook_files import IDS, NAMES, at, layout, messages, read, reference_data, xlsx

from unioncheck.cells import cell_value, natural_date
from unioncheck.layout import Column


def column(ws, header: str) -> int:
    return next(c.column for c in ws[1] if str(c.value).rstrip("＊*") == header)


def put(sheet: str, header: str, row: int, value):
    """An edit: the cell of ``header``'s column in ``row`` of ``sheet`` set to ``value``."""

    def edit(book):
        ws = book[sheet]
        ws.cell(row, column(ws, header), value)

    return edit


def edits(*changes):
    def edit(book):
        for change in changes:
            change(book)

    return edit


def doc_of(tmp_path, *changes, name="b.xlsx"):
    return read(tmp_path, xlsx(edit=edits(*changes)), name)


def texts(problems) -> str:
    return " ".join(p.message.zh + " " + p.message.en for p in problems)


def test_the_reference_workbook_reads_as_the_reference_file(tmp_path):
    doc = doc_of(tmp_path)
    assert doc.ok and not doc.warnings and doc.data == reference_data()


# ---- merged, hidden -----------------------------------------------------------------------------


def test_a_merged_range_over_rows_is_one_error_at_its_first_cell_naming_it(tmp_path):
    doc = doc_of(tmp_path, lambda b: b["当选人员"].merge_cells("A2:A4"))
    (problem,) = doc.problems  # the rows it left without an election id are not answered again
    assert (problem.sheet, problem.cell) == ("当选人员", "A2")
    assert "A2:A4" in problem.message.zh and "每一行都要有自己的值" in problem.message.zh
    assert "A2:A4" in problem.message.en and "each row must have its own values" in problem.message.en


def test_a_merged_range_across_columns_of_a_row_is_an_error(tmp_path):
    doc = doc_of(tmp_path, lambda b: b["职代会"].merge_cells("D2:E2"))
    assert [p.cell for p in at(doc, "职代会", "D2")] == ["D2"] and "D2:E2" in doc.problems[0].message.en


def test_a_merged_note_beside_the_form_is_no_problem(tmp_path):
    doc = doc_of(tmp_path, lambda b: b["基本信息"].merge_cells("C2:C5"))
    assert doc.ok, messages(doc)


def test_a_merged_header_leaves_a_column_without_one_which_is_answered(tmp_path):
    doc = doc_of(tmp_path, lambda b: b["职代会"].merge_cells("D1:E1"))
    assert at(doc, "职代会", "E2") and "no header" in texts(at(doc, "职代会", "E2"))


def _hide_rows(sheet, *rows):
    def edit(book):
        for r in rows:
            book[sheet].row_dimensions[r].hidden = True

    return edit


def test_hidden_rows_are_read_and_answered_with_a_warning_at_their_first_cell(tmp_path):
    doc = doc_of(tmp_path, _hide_rows("当选人员", 3, 4, 5, 9), _hide_rows("职代会", 20))
    assert doc.ok and doc.data == reference_data()  # nothing hidden is left out of the check
    assert [(w.sheet, w.cell) for w in doc.warnings] == [("当选人员", "A3"), ("当选人员", "A9")]
    assert "第 3–5 行被隐藏了" in doc.warnings[0].message.zh and "rows 3–5 hidden" in doc.warnings[0].message.en
    assert "打印" in doc.warnings[0].message.zh and "paper" in doc.warnings[0].message.en


def test_rows_a_filter_hides_are_hidden_rows(tmp_path):
    def filtered(book):
        ws = book["困难职工档案"]
        ws.auto_filter.ref = "A1:K4"
        ws.row_dimensions[4].hidden = True

    doc = doc_of(tmp_path, filtered)
    assert doc.ok and [(w.sheet, w.cell) for w in doc.warnings] == [("困难职工档案", "A4")]
    assert "筛选" in doc.warnings[0].message.zh


def test_a_hidden_column_holding_data_is_read_and_answered_at_its_header(tmp_path):
    def hide(book):
        book["换届选举"].column_dimensions["D"].hidden = True
        book["换届选举"].column_dimensions["Z"].hidden = True  # empty: nothing to miss

    doc = doc_of(tmp_path, hide)
    assert doc.ok and doc.data == reference_data()
    assert [(w.sheet, w.cell) for w in doc.warnings] == [("换届选举", "D1")]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_read_and_answered(state, tmp_path):
    doc = doc_of(tmp_path, lambda b: setattr(b["决议"], "sheet_state", state))
    assert doc.ok and doc.data == reference_data()
    assert [(w.sheet, w.cell) for w in doc.warnings] == [("决议", None)] and "取消隐藏" in doc.warnings[0].message.zh


def test_a_warning_is_a_warn_result_of_dat001_and_fails_nothing(reference_copy):
    """The same workbook with a row hidden and without: the same exit status and results, but DAT001's."""
    here = reference_copy.parent
    (here / "plain.xlsx").write_bytes(xlsx())
    (here / "hidden.xlsx").write_bytes(xlsx(edit=_hide_rows("当选人员", 3)))
    runs = {}
    for name in ("plain", "hidden"):
        done = cli("check", f"{name}.xlsx", "--as-of", "2025-12-31", "-f", f"json:{name}.json", "--no-cache", cwd=here)
        results = json.loads((here / f"{name}.json").read_text("utf-8"))["branches"][0]["results"]
        runs[name] = done.returncode, {(r["rule"], r["status"]) for r in results}
    assert runs["plain"][0] == runs["hidden"][0] == 0
    assert runs["hidden"][1] - runs["plain"][1] == {("DAT001", "warn")}
    assert runs["plain"][1] - runs["hidden"][1] == {("DAT001", "pass")}


# ---- sheets: renamed, missing, other ------------------------------------------------------------


@pytest.mark.parametrize("renamed", ["职代会 (2)", "职代会1", "2025职代会", " 职代会表"])
def test_a_renamed_sheet_is_an_error_asking_whether_it_is_the_one_meant(renamed, tmp_path):
    doc = doc_of(tmp_path, lambda b: setattr(b["职代会"], "title", renamed))
    (problem,) = at(doc, renamed, None)
    assert "是不是“职代会”" in problem.message.zh and "did you mean '职代会'" in problem.message.en
    # the sheets whose rows name a congress (its children in the layout) are answered once each, not row by row
    children = {s.name for s in layout().sheets if s.parent is not None and s.parent.name == "职代会"}
    assert {"决议", "职代会佐证"} <= children
    assert {p.sheet for p in doc.problems} == {renamed} | children
    assert len(doc.problems) == 1 + len(children), messages(doc)


def test_a_copy_of_a_sheet_beside_it_is_an_error_saying_to_move_its_rows(tmp_path):
    doc = doc_of(tmp_path, lambda b: setattr(b.copy_worksheet(b["职代会"]), "title", "职代会 副本"))
    (problem,) = doc.problems
    assert (
        problem.sheet == "职代会 副本"
        and "移到“职代会”" in problem.message.zh
        and "move its rows" in problem.message.en
    )


def test_a_missing_table_sheet_is_a_list_without_records(tmp_path):
    doc = doc_of(tmp_path, lambda b: b.remove(b["公开佐证"]), lambda b: b.remove(b["公开记录"]))
    assert doc.ok and "postings" not in doc.data


def test_a_missing_form_sheet_is_an_error(tmp_path):
    doc = doc_of(tmp_path, lambda b: b.remove(b["基本信息"]))
    (problem,) = doc.problems
    assert problem.sheet == "基本信息" and "缺少工作表" in problem.message.zh


def test_a_sheet_of_explanations_is_no_data_and_needs_no_answer(tmp_path):
    """The template's guide 填写说明 comes first; a secretary may add notes of her own."""

    def explained(book):
        guide = book["填写说明"] if "填写说明" in book.sheetnames else book.create_sheet("填写说明", 0)
        guide["A1"], guide["A2"] = "数据填写说明", "例：每一行填一次会议"
        guide.column_dimensions["AA"].hidden = True  # the guide keeps long drop-down lists there
        guide["AA1"] = "医院"
        book.create_sheet("注意事项")["A1"] = "报送前请核对"

    doc = doc_of(tmp_path, explained)
    assert doc.ok and not doc.warnings and doc.data == reference_data()


def test_a_sheet_of_ones_own_is_answered_by_its_place_not_its_name(tmp_path):
    """A sheet not of the template may be named after a person (one sheet per hardship file)."""

    places = []

    def own(book):
        book.create_sheet("蒋某某")["A1"] = "笔记"
        places.append(len(book.sheetnames))
        book.create_sheet("Sheet2")  # empty: nothing to say

    doc = doc_of(tmp_path, own)
    assert doc.ok
    (warning,) = doc.warnings
    assert f"第 {places[0]} 个工作表" in warning.message.zh and "蒋某某" not in texts(doc.warnings)


# ---- headers and rows -----------------------------------------------------------------------------


def test_an_unknown_header_is_an_error_at_its_cell_with_the_headers_to_use(tmp_path):
    doc = doc_of(tmp_path, put("职代会", "材料送达日期", 1, "备注"))
    (problem,) = at(doc, "职代会", "F1")
    assert "“备注”" in problem.message.zh and "材料送达日期" in problem.message.zh
    assert "'备注'" in problem.message.en and "delete the column" in problem.message.en


def test_a_header_with_a_slip_is_answered_with_the_one_meant(tmp_path):
    doc = doc_of(tmp_path, put("职代会", "材料送达日期", 1, "材料送达时间"))
    (problem,) = at(doc, "职代会", "F1")
    assert "是不是“材料送达日期”" in problem.message.zh and "did you mean '材料送达日期'" in problem.message.en


def test_a_header_of_the_hardship_sheet_is_never_quoted(tmp_path):
    """Where the headers of the hardship sheet should be, there may be a row of names."""
    doc = doc_of(tmp_path, put("困难职工档案", "姓名", 1, "蒋某某"))
    (problem,) = at(doc, "困难职工档案", "B1")
    assert "蒋某某" not in texts(doc.problems) and "B1" in problem.message.zh


def test_a_header_written_twice_is_an_error_at_the_second(tmp_path):
    def twice(book):
        ws = book["职代会"]
        ws.cell(1, 8, "召开日期")
        ws.cell(2, 8, dt.date(2024, 3, 1))

    doc = doc_of(tmp_path, twice)
    (problem,) = doc.problems
    assert (problem.sheet, problem.cell) == ("职代会", "H1") and "B1" in problem.message.zh


def test_values_in_a_column_without_a_header_are_an_error_at_the_first(tmp_path):
    doc = doc_of(tmp_path, lambda b: b["职代会"].cell(3, 9, "见附件"), lambda b: b["职代会"].cell(5, 9, "x"))
    (problem,) = doc.problems
    assert (problem.sheet, problem.cell) == ("职代会", "I3") and "no header" in problem.message.en


def test_data_left_of_the_headers_is_an_error(tmp_path):
    def shifted(book):
        ws = book["决议"]
        ws.insert_cols(1)
        ws["A2"] = 1  # a row number of the secretary's own, under no header

    doc = doc_of(tmp_path, shifted)
    assert [(p.sheet, p.cell) for p in doc.problems] == [("决议", "A2")]


def test_rows_below_a_blank_gap_are_read_where_they_are(tmp_path):
    doc = doc_of(tmp_path, lambda b: b["当选人员"].insert_rows(6, amount=3))
    assert doc.ok and doc.data == reference_data()
    assert doc.locate(("elections", 0, "elected", 4, "name")).cell == "B9"


@pytest.mark.parametrize("above", [1, 2])
def test_a_header_row_below_a_title_is_an_error_naming_its_row(above, tmp_path):
    def titled(book):
        ws = book["职代会"]
        ws.insert_rows(1, amount=above)
        ws["A1"] = "县人民医院 2025 年职代会台账"

    doc = doc_of(tmp_path, titled)
    problem = at(doc, "职代会", "A1")[0]
    assert f"现在在第 {above + 1} 行" in problem.message.zh and f"delete the {above} row" in problem.message.en


def test_a_sheet_without_a_header_row_is_an_error_listing_the_headers(tmp_path):
    doc = doc_of(tmp_path, lambda b: b["困难职工档案"].delete_rows(1))
    (problem,) = at(doc, "困难职工档案", "A1")
    assert "档案编号、姓名、身份证号" in problem.message.zh
    assert not any(name in texts(doc.problems) for name in NAMES + IDS)


@pytest.mark.parametrize("first", ["示例", "示例：C2025-9", "例：C2025-9", "例如 C2025-9", "（示例）", "e.g. C2025-9"])
def test_an_example_row_left_in_is_an_error_at_its_row(first, tmp_path):
    def example(book):
        ws = book["职代会"]
        ws.insert_rows(2)
        ws["A2"], ws["B2"], ws["D2"] = first, dt.date(2025, 3, 14), 60

    doc = doc_of(tmp_path, example)
    (problem,) = doc.problems
    assert (problem.sheet, problem.cell) == ("职代会", "A2") and "示例" in problem.message.zh


def test_a_word_beginning_with_li_is_no_example(tmp_path):
    doc = doc_of(tmp_path, put("决议", "决议标题", 2, "例会制度修订"), put("决议", "决议标题", 3, "示范岗评选"))
    assert doc.ok, messages(doc)


def test_a_row_repeating_the_headers_is_an_error(tmp_path):
    def repeated(book):
        ws = book["职代会"]
        ws.insert_rows(3)
        for c in ws[1]:
            ws.cell(3, c.column, c.value)

    doc = doc_of(tmp_path, repeated)
    (problem,) = doc.problems
    assert (problem.sheet, problem.cell) == ("职代会", "A3") and "重复了表头" in problem.message.zh


def test_the_forms_example_a_label_twice_and_an_unknown_label_are_errors(tmp_path):
    def form(book):
        ws = book["基本信息"]
        ws["B4"] = "示例：县人民医院工会委员会"
        ws.append(["工会名称", "另一个名称"])
        ws.append(["主席", "王某"])
        ws.append([None, "孤立的值"])
        ws.append(["填表说明", None])  # a heading of her own with nothing beside it: no answer

    doc = doc_of(tmp_path, form)
    rows = 1 + len(layout().form.columns)  # the header, then a row per field
    where = {(p.sheet, p.cell): p.message for p in doc.problems}
    assert set(where) == {
        ("基本信息", "B4"),
        ("基本信息", f"A{rows + 1}"),
        ("基本信息", f"A{rows + 2}"),
        ("基本信息", f"B{rows + 3}"),
    }, messages(doc)
    assert "A4" in where[("基本信息", f"A{rows + 1}")].zh  # where the label was first
    assert "是不是“工会主席”" in where[("基本信息", f"A{rows + 2}")].zh


# ---- cells as a person means them -------------------------------------------------------------------


def _congress_date(tmp_path, value):
    doc = doc_of(tmp_path, put("职代会", "召开日期", 2, value))
    return doc, (doc.data["congresses"][0].get("date") if doc.data else None)


@pytest.mark.parametrize(
    "typed",
    [
        "2024-03-22",
        "2024-3-22",
        "2024/3/22",
        "2024.3.22",
        "2024年3月22日",
        "2024 年 3 月 22 日",
        "２０２４年３月２２日",
        "20240322",
        20240322,
        "二〇二四年三月二十二日",
        "二〇二四年三月二十二号",
        "二○二四年三月二十二日",
        dt.date(2024, 3, 22),
        dt.datetime(2024, 3, 22),
    ],
)
def test_a_date_is_read_in_every_common_form(typed, tmp_path):
    doc, date = _congress_date(tmp_path, typed)
    assert doc.ok and date == "2024-03-22", messages(doc)


@pytest.mark.parametrize("typed", ["3/22/2024", "22.3.2024", "2024年3月", "2024-02-30", "二〇二四年十三月一日", "待定"])
def test_a_date_that_cannot_be_read_is_answered_with_the_form_to_use(typed, tmp_path):
    doc, _ = _congress_date(tmp_path, typed)
    (problem,) = doc.problems
    assert (problem.sheet, problem.cell) == ("职代会", "B2")
    assert "2025-03-14" in problem.message.zh and "2025年3月14日" in problem.message.zh and typed in problem.message.en


def test_a_time_of_day_where_a_date_is_expected_is_an_error(tmp_path):
    for value, words in ((dt.datetime(2024, 3, 22, 9, 30), "不带时刻"), (dt.time(9, 30), "时刻 09:30")):
        doc, _ = _congress_date(tmp_path, value)
        (problem,) = doc.problems
        assert problem.cell == "B2" and words in problem.message.zh


def test_a_number_in_a_date_column_is_answered_with_how_to_format_it(tmp_path):
    def general(book):  # a date cell whose format was set back to General shows its serial number
        book["职代会"]["B2"].number_format = "General"

    doc = doc_of(tmp_path, put("职代会", "召开日期", 2, 45373), general)
    (problem,) = doc.problems
    assert "45373" in problem.message.zh and "单元格格式设为“日期”" in problem.message.zh


@pytest.mark.parametrize("typed, meant", [("68", 68), ("６８", 68), (" 68 ", 68), ("1,068", 1068), ("68.0", 68)])
def test_a_number_stored_as_text_is_the_number(typed, meant, tmp_path):
    doc = doc_of(tmp_path, put("职代会", "应到人数", 2, typed))
    assert doc.ok and doc.data["congresses"][0]["delegates_total"] == meant


def test_a_count_with_words_is_answered_at_its_cell(tmp_path):
    doc = doc_of(tmp_path, put("职代会", "应到人数", 2, "68人"))
    (problem,) = doc.problems
    assert problem.cell == "D2" and "只填数字" in problem.message.zh


def test_an_id_number_excel_turned_into_a_number_is_an_error_quoting_no_digit(tmp_path):
    doc = doc_of(tmp_path, put("困难职工档案", "身份证号", 2, int(IDS[0])))
    (problem,) = doc.problems
    assert (problem.sheet, problem.cell) == ("困难职工档案", "C2") and "文本" in problem.message.zh
    assert not re.search(r"\d{6}", texts(doc.problems))


YES_NO = {
    True: ["是", "是的", "对", "有", "√", "✓", "TRUE", "true", "Yes", "Y", "1", 1, True, "已成立"],
    False: ["否", "不", "无", "没有", "×", "✗", "FALSE", "no", "N", "0", 0, False, "未成立"],
}


@pytest.mark.parametrize("meant", [True, False])
def test_yes_and_no_are_read_as_typed_many_ways(meant, tmp_path):
    for typed in YES_NO[meant]:
        doc = doc_of(tmp_path, put("换届选举", "成立女职工委员会", 2, typed))
        assert doc.ok and doc.data["elections"][0]["women_committee_formed"] is meant, (typed, messages(doc))


def test_yes_or_no_that_cannot_be_read_is_answered(tmp_path):
    doc = doc_of(tmp_path, put("换届选举", "成立女职工委员会", 2, "待定"))
    (problem,) = doc.problems
    assert "“是”或“否”" in problem.message.zh


def test_a_word_no_drop_down_offers_is_answered_with_the_choices(tmp_path):
    doc = doc_of(tmp_path, put("职代会", "会议形式", 2, "大会"))
    (problem,) = doc.problems
    assert problem.cell == "C2" and "职工代表大会" in problem.message.zh and "下拉" in problem.message.zh


# ---- any value in any column: a value or a problem, never an exception ------------------------------


VALUES = [None, "", "x", "冯某", 0, 1, -1, 2.5, 10**20, float("nan"), float("inf"), True, False,
          dt.date(2025, 3, 14), dt.datetime(2025, 3, 14, 8, 30), dt.time(8, 30), dt.timedelta(hours=30)]  # fmt: skip


def test_every_column_answers_every_kind_of_value_without_raising():
    from unioncheck.model import Text
    from unioncheck.sheets import Unreadable

    for sheet in layout().sheets:
        for col in sheet.columns:
            for raw in [*VALUES, Unreadable(Text("x", "x"))]:
                value, problem = cell_value(col, raw)
                assert problem is None or isinstance(problem.zh, str), (col.header, raw)
                assert not (value is not None and problem is not None)


def test_a_personal_columns_value_is_never_quoted_in_a_problem():
    personal = [c for s in layout().sheets for c in s.columns if c.note.get("personal")]
    assert personal  # the contract marks them
    for col in personal:
        for raw in (True, 10**20, dt.time(9, 30), dt.timedelta(hours=3)):
            _, problem = cell_value(col, raw)
            assert problem is not None and str(raw) not in problem.zh + problem.en


def test_natural_dates_are_days_a_calendar_has():
    assert natural_date("2024年2月29日") == "2024-02-29" and natural_date("2025年2月29日") is None
    assert natural_date("二〇二五年十月一日") == "2025-10-01" and natural_date("二〇二五年三十二月一日") is None
    assert cell_value(Column("d", (), {"type": "string", "format": "date"}, {}), "2025.1.5") == ("2025-01-05", None)


# ---- personal data typed wrongly: never in any output, report or cache ----------------------------


WRONG = "蒋某某"  # a name in no personal column, so that the file's mask cannot know it


def _hardship_typed_wrongly(book):
    ws = book["困难职工档案"]
    ws.cell(2, column(ws, "家庭人口"), WRONG)  # a name where a count goes
    ws.cell(3, column(ws, "公示开始日期"), WRONG + "2024")  # one where a date goes
    ws.cell(4, column(ws, "档案状态"), NAMES[2])  # one where a drop-down's word goes
    ws.cell(3, column(ws, "身份证号"), int(IDS[1]))  # an ID number Excel made a number
    ws.cell(4, column(ws, "家庭人口"), IDS[2])  # one where a count goes
    ws.cell(2, column(ws, "建档日期"), IDS[0])  # one where a date goes


def test_names_and_id_numbers_typed_wrongly_appear_in_no_output_and_no_cache(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "b.xlsx").write_bytes(xlsx(edit=_hardship_typed_wrongly))
    given = hashlib.sha256((data / "b.xlsx").read_bytes()).hexdigest()
    env = {"XDG_CACHE_HOME": str(tmp_path / "home"), "COLUMNS": "250"}
    formats = ("json", "sarif", "junit", "csv", "markdown", "html", "xlsx")
    written = []
    for lang in ("zh", "en"):
        reports = [x for f in formats for x in ("-f", f"{f}:out-{lang}.{f}")]
        done = cli(
            "check", "data", "--as-of", "2025-12-31", "--lang", lang, *reports, "-f", "table", cwd=tmp_path, env=env
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        written += [done.stdout.encode(), done.stderr.encode()]
        assert "困难职工档案!E2" in done.stdout  # located at the cells
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.parent != data:
            written += stored_texts(path)
    assert (tmp_path / "home").exists() or (tmp_path / ".unioncheck_cache").exists()  # the cache was there to look at
    found = leaked(written) + [WRONG] * any(WRONG.encode() in text for text in written)
    assert not found, found
    assert hashlib.sha256((data / "b.xlsx").read_bytes()).hexdigest() == given
