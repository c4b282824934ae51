"""The branch workbook a secretary fills in (``unioncheck template``; ``writing.build``): its guide
sheet, the notes on every header, the drop-downs, date and number checks, references between
sheets, formats and print setup, prefilled data that reads back equal, and the command's paths.

Which columns are enumerated, dates, counts or references is taken from the layout (and so from
the contract's schema), never listed here."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import REFERENCE, cli, contract
from openpyxl import load_workbook

from unioncheck import workbook
from unioncheck.cellchecks import serial
from unioncheck.cli_params import SetupError
from unioncheck.entry import FIRST_DAY, LAST_DAY, REQUIRED_MARK, ROWS, display_width, refers_target, slots
from unioncheck.guide import GUIDE_SHEET
from unioncheck.layout import ROW_NUMBER, Column, Layout, Sheet
from unioncheck.loader import load as load_yaml
from unioncheck.template_command import make, write_new
from unioncheck.writing import TEXT_FORMAT, build, rows_of, starting

LAYOUT = contract().layout


@pytest.fixture(scope="module")
def template_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    build(LAYOUT, starting(LAYOUT)).save(path)
    return path


@pytest.fixture(scope="module")
def template(template_path):
    return load_workbook(template_path)


@pytest.fixture(scope="module")
def filled_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("filled") / "filled.xlsx"
    build(LAYOUT, load_yaml(str(REFERENCE)).data).save(path)
    return path


def _validation(ws, cell):
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) <= 1, (ws.title, cell)
    return found[0] if found else None


def _cells(sheet: Sheet):
    """(slot, first data cell, header cell) of every column of a table, or every value of the form."""
    for i, slot in enumerate(slots(LAYOUT, sheet)):
        if sheet.is_form:
            yield slot, f"B{i + 2}", f"A{i + 2}"
        else:
            letter = _letter(i)
            yield slot, f"{letter}2", f"{letter}1"


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _listed(formula: str) -> list[str]:
    assert formula.startswith('"') and formula.endswith('"'), formula
    return formula[1:-1].split(",")


def _all_columns():
    return [(sheet, slot, cell, header) for sheet in LAYOUT.sheets for slot, cell, header in _cells(sheet)]


# ---- the sheets and the guide -------------------------------------------------------------


def test_guide_first_then_every_sheet_of_the_layout(template):
    assert template.sheetnames == [GUIDE_SHEET] + [s.name for s in LAYOUT.sheets]


def test_guide_says_what_each_sheet_is_for_and_how_they_link(template):
    guide = template[GUIDE_SHEET]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    described = [row[0].value for row in guide.iter_rows() if row[1].value and "每行" in str(row[1].value)]
    assert described == [s.name for s in LAYOUT.sheets[1:]]  # the form's row says 每一项
    for sheet in LAYOUT.tables:
        if sheet.parent is not None:
            assert f"第一列“{sheet.parent_header}”填它属于“{sheet.parent.name}”表中的哪一条" in text
    for where, refers_to in contract().annotated("refers_to").items():
        target = refers_target(LAYOUT, refers_to)
        label = contract().label(where)
        assert f"“{label}”填“{target.sheet}”表中的{target.header}" in text
    for words in ("不要合并单元格", "不要给工作表改名", "往下", "日期", "下拉", "unioncheck check", REQUIRED_MARK):
        assert words in text, words


def test_guide_lists_every_dropdown_with_its_choices(template):
    rows = [[c.value for c in row[:3]] for row in template[GUIDE_SHEET].iter_rows()]
    for sheet, slot, _cell, _header in _all_columns():
        if slot.column is not None and slot.column.labels:
            assert [sheet.name, slot.header, "、".join(slot.column.labels.values())] in rows


def test_the_reader_skips_the_guide(template_path):
    doc = workbook.load(str(template_path), LAYOUT, 10**7)
    assert doc.problems == [] and doc.data == starting(LAYOUT) == {"schema_version": 1}


# ---- headers and their notes --------------------------------------------------------------


def test_every_header_has_a_note(template):
    for sheet, slot, _cell, header in _all_columns():
        ws = template[sheet.name]
        if sheet.is_form:
            said = ws.cell(int(header[1:]), 3).value  # the form's 说明 column
            assert ws[header].value == slot.shown
        else:
            assert ws[header].value == slot.shown, (sheet.name, header)
            said = ws[header].comment and ws[header].comment.text
        assert said, (sheet.name, slot.header)
        need = "【必填】" if slot.required else f"【{slot.condition}】" if slot.condition else "【选填】"
        assert said.startswith(need), (sheet.name, slot.header, said)
        column = slot.column
        if column is not None and column.labels:
            assert "、".join(column.labels.values()) in said
        if column is not None and column.is_date:
            assert str(FIRST_DAY) in said and str(LAST_DAY) in said
        if column is not None and column.schema.get("examples") and "const" not in column.schema:
            example = column.schema["examples"][0]
            assert f"示例：{column.labels.get(example, example) if column.labels else example}" in said
    form = template[LAYOUT.form.name]
    assert all(form.cell(1, c).comment for c in (1, 2, 3))


def test_a_table_sheets_headers_are_the_layouts(template):
    for sheet in LAYOUT.tables:
        shown = [c.value for c in template[sheet.name][1]]
        assert [s.rstrip(REQUIRED_MARK) for s in shown] == sheet.headers()


def test_required_headers_are_marked_red_and_still_read(template):
    marked = 0
    for sheet, slot, _cell, header in _all_columns():
        cell = template[sheet.name][header]
        if slot.role != "field":
            continue
        assert cell.value.endswith(REQUIRED_MARK) == slot.required, (sheet.name, cell.value)
        assert (cell.font.color.rgb == "00C00000") == slot.required
        assert sheet.column(cell.value) is slot.column  # the reader takes the header with its mark
        marked += slot.required
    assert marked >= len(LAYOUT.tables)


def test_a_general_elections_fields_are_required_when_it_is_one(template):
    """The election schema's if/then: a general election needs its term, counts and members."""
    sheet = next(s for s in LAYOUT.tables if s.list_path == ("elections", "*"))
    schema = contract().schema["$defs"]["election"]
    needed = schema["then"]["required"]
    kind = next(c for c in sheet.columns if c.path == ("kind",))
    said = {s.header: s.condition for s in slots(LAYOUT, sheet)}
    for column in sheet.columns:
        if column.path[0] in needed:
            assert said[column.header] == f"当“{kind.header}”为“{kind.labels['general']}”时必填"


# ---- validations --------------------------------------------------------------------------


def test_every_enumerated_column_has_a_dropdown_with_exactly_its_labels(template):
    enumerated = 0
    for sheet, slot, cell, _header in _all_columns():
        column = slot.column
        if column is None or not (column.labels or "boolean" in column.types):
            continue
        dv = _validation(template[sheet.name], cell)
        assert dv is not None and dv.type == "list", (sheet.name, slot.header)
        labels = list(column.labels.values()) if column.labels else ["是", "否"]
        assert _listed(dv.formula1) == labels
        for value, label in column.labels.items():  # each label reads back as its value
            assert workbook.cell_value(column, label) == (value, None)
        assert dv.showErrorMessage and " / " in dv.error and dv.errorStyle == "stop"
        enumerated += 1
    assert enumerated == sum(
        1 for s in LAYOUT.sheets for c in s.columns if c.labels or "boolean" in c.types
    ) and enumerated >= len(contract().annotated("values"))


def test_every_date_column_has_date_validation_of_the_schemas_years(template):
    dates = 0
    for sheet, slot, cell, _header in _all_columns():
        if not slot.is_date:
            continue
        dv = _validation(template[sheet.name], cell)
        assert dv is not None and dv.type == "date" and dv.operator == "between", (sheet.name, slot.header)
        assert (int(dv.formula1), int(dv.formula2)) == (serial(FIRST_DAY), serial(LAST_DAY))
        assert " / " in dv.error and str(FIRST_DAY) in dv.error
        dates += 1
    assert dates == len(contract().annotated("date"))


def test_the_date_range_is_the_schemas():
    pattern = re.compile(contract().schema["$defs"]["date"]["pattern"])
    assert pattern.match(FIRST_DAY.isoformat()) and pattern.match(LAST_DAY.isoformat())
    assert not pattern.match((FIRST_DAY - dt.timedelta(days=1)).isoformat())
    assert not pattern.match((LAST_DAY + dt.timedelta(days=1)).isoformat())
    assert serial(dt.date(2025, 3, 14)) == 45730  # the day number Excel shows for it


def test_every_count_has_whole_number_validation_with_the_schemas_bounds(template):
    counts = 0
    for sheet, slot, cell, _header in _all_columns():
        column = slot.column
        if column is None or column.types not in (("integer",), ("number",)):
            continue
        dv = _validation(template[sheet.name], cell)
        assert dv is not None and dv.type == ("whole" if column.types == ("integer",) else "decimal")
        schema = column.schema
        low, high = (schema["const"],) * 2 if "const" in schema else (schema.get("minimum"), schema.get("maximum"))
        if low is not None and high is not None:
            assert (dv.operator, float(dv.formula1), float(dv.formula2)) == ("between", low, high)
        elif low is not None:
            assert (dv.operator, float(dv.formula1)) == ("greaterThanOrEqual", low)
        elif high is not None:
            assert (dv.operator, float(dv.formula1)) == ("lessThanOrEqual", high)
        assert " / " in dv.error
        counts += 1
    assert counts > 0


def test_references_offer_the_ids_of_the_sheet_they_name(template):
    """A child's parent column offers its parent sheet's keys; a ``refers_to`` field the ids it names."""
    found = 0
    for sheet, slot, cell, _header in _all_columns():
        if slot.target is None:
            continue
        dv = _validation(template[sheet.name], cell)
        target = template[slot.target.sheet]
        assert dv.type == "list" and _range(dv.formula1) == (slot.target.sheet, slot.target.letter)
        assert target[f"{slot.target.letter}1"].value.rstrip(REQUIRED_MARK) == slot.target.header
        if slot.role == "parent":
            assert slot.target.sheet == sheet.parent.name
            key = sheet.parent_key
            named = next(c for c in sheet.parent.columns if c.path == (key,)).header if key else ROW_NUMBER
            assert slot.target.header == named == sheet.parent_header.removeprefix(sheet.parent.name)
        found += 1
    children = sum(1 for s in LAYOUT.tables if s.parent is not None)
    assert found == children + len(contract().annotated("refers_to"))


def test_the_refers_to_annotations_name_lists_of_the_contract():
    notes = contract().annotated("refers_to")
    assert notes  # a plan's approving resolution, an assistance's hardship file
    for where, refers_to in notes.items():
        target = refers_target(LAYOUT, refers_to)
        assert target is not None, (where, refers_to)
        assert tuple(refers_to.split("."))[:-1] in {s.list_path for s in LAYOUT.tables}
    plan = refers_target(LAYOUT, notes[("performance_pay_plans", "*", "approved_by")])
    assert (plan.sheet, plan.header) == ("决议", "决议编号")


def _range(formula: str) -> tuple[str, str]:
    match = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$2:\$([A-Z]+)\$\d+", formula)
    assert match and match.group(2) == match.group(3), formula
    return match.group(1).replace("''", "'"), match.group(2)


def test_ids_are_unique_in_their_column(template):
    for sheet in LAYOUT.tables:
        for slot, cell, _header in _cells(sheet):
            if slot.unique and slot.role == "field":
                dv = _validation(template[sheet.name], cell)
                assert dv.type == "custom" and dv.formula1.startswith("COUNTIF(") and cell in dv.formula1


def test_checks_cover_every_row_of_a_long_sheet(tmp_path):
    """More sessions than the template's rows: their cells are checked too, and a child's drop-down
    offers the last of them."""
    data = load_yaml(str(REFERENCE)).data
    first = data["congresses"][0]
    many = ROWS + 200
    data["congresses"] = [{**first, "id": f"C{i}", "resolutions": []} for i in range(many)]
    build(LAYOUT, data).save(tmp_path / "long.xlsx")
    book = load_workbook(tmp_path / "long.xlsx")
    congresses = next(s for s in LAYOUT.tables if s.list_path == ("congresses", "*"))
    for _slot, cell, _header in _cells(congresses):
        dv = _validation(book[congresses.name], cell)
        assert dv is None or _validation(book[congresses.name], cell[:-1] + str(many + 1)) is dv
    child = next(s for s in LAYOUT.tables if s.parent is congresses)
    formula = _validation(book[child.name], "A2").formula1
    assert int(formula.rsplit("$", 1)[1]) >= many + 1


def test_a_list_too_long_for_a_validation_is_kept_on_the_guide_sheet(tmp_path):
    labels = {f"v{i}": [f"很长的选项名称第{i}项"] for i in range(40)}
    column = Column("长列表", ("kind",), {"enum": list(labels)}, {"values": labels}, True)
    layout = Layout(Sheet("表单", None, []), [Sheet("记录", ("records", "*"), [column])])
    build(layout, {}).save(tmp_path / "long.xlsx")
    book = load_workbook(tmp_path / "long.xlsx")
    dv = _validation(book["记录"], "A2")
    sheet, letter = re.fullmatch(r"'(.+)'!\$([A-Z]+)\$1:\$[A-Z]+\$\d+", dv.formula1).groups()
    kept = [c.value for c in book[sheet][letter] if c.value is not None]
    assert sheet == GUIDE_SHEET and kept == [v[0] for v in labels.values()]
    assert book[sheet].column_dimensions[letter].hidden


# ---- formats, widths, printing ------------------------------------------------------------


def test_text_columns_are_text_and_dates_dates(template):
    for sheet in LAYOUT.tables:
        ws = template[sheet.name]
        for i, slot in enumerate(slots(LAYOUT, sheet)):
            shown = ws.column_dimensions[_letter(i)].number_format
            if slot.is_date:
                assert "yy" in shown
            elif slot.column is not None and "string" in slot.column.types and slot.column.types != ("integer",):
                assert shown == TEXT_FORMAT, (sheet.name, slot.header)
    personal = [(s, c) for s in LAYOUT.tables for c in s.columns if c.note.get("personal")]
    assert personal and all(
        template[s.name].column_dimensions[_letter(slots(LAYOUT, s).index(_slot(s, c)))].number_format == TEXT_FORMAT
        for s, c in personal
    )


def _slot(sheet, column):
    return next(s for s in slots(LAYOUT, sheet) if s.column is column)


def test_widths_fit_the_headers_and_values(template, filled_path):
    filled = load_workbook(filled_path)
    for book in (template, filled):
        for sheet in LAYOUT.tables:
            ws = book[sheet.name]
            for i, slot in enumerate(slots(LAYOUT, sheet)):
                width = ws.column_dimensions[_letter(i)].width
                values = [
                    c.value for c in ws[_letter(i)][1:] if c.value is not None and not isinstance(c.value, dt.date)
                ]
                needed = max([display_width(slot.shown), *(display_width(v) for v in values)])
                assert width >= min(40, needed), (sheet.name, slot.header, width)


def test_every_sheet_prints_on_pages_a_width_wide_with_the_header_on_each(template):
    for ws in template.worksheets:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage and (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        if ws.title == GUIDE_SHEET:
            continue
        assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
        table = ws.title != LAYOUT.form.name
        assert setup.orientation == ("landscape" if table else "portrait")


# ---- data in it ---------------------------------------------------------------------------


def test_prefilled_reads_back_equal(filled_path):
    given = load_yaml(str(REFERENCE)).data
    back = workbook.load(str(filled_path), LAYOUT, 10**7)
    assert back.problems == [] and back.data == given


def test_prefilled_cells_are_rows_of(filled_path):
    """``build`` puts in each cell what ``rows_of`` says, nothing else (the guide aside)."""
    book = load_workbook(filled_path)
    rows = rows_of(LAYOUT, load_yaml(str(REFERENCE)).data)
    for sheet in LAYOUT.sheets:
        ws = book[sheet.name]
        for r, row in enumerate(rows[sheet.name], start=2):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c).value
                if sheet.is_form and c == 1:
                    assert cell.rstrip(REQUIRED_MARK) == value
                elif isinstance(value, dt.date):
                    assert cell.date() == value
                else:
                    assert cell == value, (sheet.name, r, c)


def test_make_lays_prefill_over_the_file(tmp_path):
    out = tmp_path / "石桥镇卫生院.xlsx"
    prefill = {"branch": {"unit_type": "township_health_center", "name": "石桥镇卫生院工会委员会"}}
    made = make(contract(), str(out), str(REFERENCE), prefill)
    back = workbook.load(str(out), LAYOUT, 10**7).data
    given = load_yaml(str(REFERENCE)).data
    assert back["branch"] == {**given["branch"], **prefill["branch"]}
    assert back["congresses"] == given["congresses"] and made.different == []
    form = load_workbook(out)[LAYOUT.form.name]
    unit_type = next(r for r in range(2, form.max_row + 1) if form.cell(r, 1).value.startswith("单位类型"))
    assert form.cell(unit_type, 2).value == "卫生院"


def test_make_with_prefill_only(tmp_path):
    out = tmp_path / "新.xlsx"
    made = make(contract(), str(out), prefill={"branch": {"unit_type": "cdc"}})
    assert workbook.load(str(out), LAYOUT, 10**7).data == {"schema_version": 1, "branch": {"unit_type": "cdc"}}
    assert made.different == [] and made.records == 0


def test_make_names_a_prefilled_value_without_a_place(tmp_path):
    made = make(contract(), str(tmp_path / "新.xlsx"), prefill={"branch": {"unit_type": "cdc", "nickname": "x"}})
    assert made.different == [("branch", "nickname")]


# ---- the command --------------------------------------------------------------------------


def test_template_writes_a_new_workbook_and_says_where(tmp_path):
    run = cli("template", "-o", "石桥镇卫生院.xlsx", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "已写入 石桥镇卫生院.xlsx" in run.stderr and "wrote 石桥镇卫生院.xlsx" in run.stderr
    assert load_workbook(tmp_path / "石桥镇卫生院.xlsx").sheetnames[0] == GUIDE_SHEET
    assert [p.name for p in tmp_path.iterdir()] == ["石桥镇卫生院.xlsx"]  # nothing else left


def test_template_never_overwrites(tmp_path):
    target = tmp_path / "在用.xlsx"
    target.write_bytes(b"the secretary's own work")
    run = cli("template", "-o", target)
    assert run.returncode == 2 and "已存在" in run.stderr and "exists" in run.stderr
    assert target.read_bytes() == b"the secretary's own work"
    link = tmp_path / "link.xlsx"
    link.symlink_to(tmp_path / "nowhere.xlsx")
    assert cli("template", "-o", link).returncode == 2 and not (tmp_path / "nowhere.xlsx").exists()


@pytest.mark.parametrize(
    "args, words",
    [
        ((), ("-o", "石桥镇卫生院.xlsx")),
        (("-o", "out.yaml"), (".xlsx", "out.yaml")),
        (("-o", "no/such/folder/out.xlsx"), ("文件夹不存在", "folder does not exist")),
        (("-o", "."), (".xlsx",)),
        (("-o", "out.xlsx", "--from", "missing.yaml"), ("missing.yaml", "不存在", "no such file")),
    ],
)
def test_template_refuses_bad_paths_with_a_clear_message(tmp_path, args, words):
    run = cli("template", *args, cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and " / " in run.stderr
    for word in words:
        assert word in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_template_from_a_broken_file_says_where_and_writes_nothing(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nbranch：\n  code: X\n", "utf-8")
    run = cli("template", "--from", broken, "-o", tmp_path / "out.xlsx")
    assert run.returncode == 2 and "broken.yaml:2" in run.stderr and "unioncheck check" in run.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_template_from_a_broken_file_shows_no_id_number(tmp_path):
    number = "522601198001011238"
    broken = tmp_path / "broken.yaml"
    broken.write_text(f"schema_version: 1\n{number}: 1\n{number}: 2\n", "utf-8")
    run = cli("template", "--from", broken, "-o", tmp_path / "out.xlsx")
    assert run.returncode == 2 and run.stderr.strip()
    assert number not in run.stderr + run.stdout


def test_template_from_names_what_it_could_not_carry(tmp_path):
    source = tmp_path / "extra.yaml"
    source.write_text(
        REFERENCE.read_text("utf-8").replace("  staff_count: 426", "  staff_count: 426\n  staf_count: 98765"), "utf-8"
    )
    run = cli("template", "--from", source, "-o", tmp_path / "out.xlsx")
    assert run.returncode == 0 and "branch.staf_count" in run.stderr and "98765" not in run.stderr
    assert workbook.load(str(tmp_path / "out.xlsx"), LAYOUT, 10**7).data["branch"]["staff_count"] == 426


def test_template_from_a_workbook_keeps_its_data(tmp_path, filled_path):
    run = cli("template", "--from", filled_path, "-o", tmp_path / "again.xlsx")
    assert run.returncode == 0, run.stderr
    back = workbook.load(str(tmp_path / "again.xlsx"), LAYOUT, 10**7).data
    assert back == load_yaml(str(REFERENCE)).data


def test_template_from_the_reference_checks_clean(reference_copy):
    out = reference_copy.with_name("参考.xlsx")
    assert cli("template", "--from", reference_copy, "-o", out).returncode == 0
    reference_copy.unlink()  # only the workbook is checked
    run = cli("check", out, "--as-of", "2025-12-31")
    assert run.returncode == 0, run.stdout + run.stderr


def test_write_new_refuses_a_file_made_meanwhile(tmp_path):
    target = tmp_path / "made.xlsx"
    target.write_bytes(b"meanwhile")
    with pytest.raises(SetupError, match="已存在"):
        write_new(str(target), b"new")
    assert target.read_bytes() == b"meanwhile"


def test_write_new_leaves_nothing_when_writing_fails(tmp_path, monkeypatch):
    import errno
    import os

    def full(*_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SetupError, match="磁盘已满"):
        write_new(str(tmp_path / "full.xlsx"), b"content")
    assert list(tmp_path.iterdir()) == []


def test_set_starts_the_form_and_the_first_row_of_a_list(tmp_path):
    """``--set 单位类型=卫生院 --set 会议形式=职工大会``: the form holds the unit type, and the congress
    sheet's first row starts with the form chosen (read back as the values they name)."""
    from unioncheck.workbook import load
    from unioncheck_rules.contract import CONTRACT

    target = tmp_path / "石桥镇卫生院.xlsx"
    run = cli("template", "-o", target, "--set", "单位类型=卫生院", "--set", "会议形式=职工大会")
    assert run.returncode == 0, run.stderr
    data = load(str(target), CONTRACT.layout, 10**7).data
    assert data["branch"]["unit_type"] == "township_health_center"
    assert [c.get("form") for c in data["congresses"]] == ["general"]
    bad = cli("template", "-o", tmp_path / "x.xlsx", "--set", "单位类型=卫生所")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and not (tmp_path / "x.xlsx").exists()
