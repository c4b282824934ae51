"""Defaults of a branch workbook (annotation ``default_from``): a members' assembly held with a congress
(两会合一) takes the congress's date and counts where its own cells are left empty, and keeps its own
data where they are filled. Reading the workbook writes the values in, so that checking it is checking the
YAML with the values given, and ``convert`` writes them out explicitly; a YAML file leaving such a value out
is refused by convert (the workbook cannot say "not given" there), naming the field."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import REFERENCE, check, contract
from workbook_files import book, reference_data

from unioncheck.cli import main
from unioncheck.entry import note, slots
from unioncheck.layout import walk_items
from unioncheck.loader import load
from unioncheck.lossless import differences
from unioncheck.workbook import load as load_workbook

SHEET = "会员大会"
EMPTIED = ("召开日期", "应到人数", "实到人数")


def defaulted(data: dict) -> list[tuple]:
    """The paths of the values ``data`` leaves out that a workbook's empty cell would take from another item."""
    found = []
    for where, spec in contract().annotated("default_from").items():
        list_pattern, name = where[:-1], where[-1]
        refers = contract().annotated("refers_to")[list_pattern + (spec["via"],)]
        *target, key = refers.split(".")
        named = {str(item.get(key)): item for _, item in walk_items(data, tuple(target)) if isinstance(item, dict)}
        for path, item in walk_items(data, list_pattern):
            source = named.get(str(item.get(spec["via"]))) if isinstance(item, dict) and spec["via"] in item else None
            if source is not None and name not in item and spec["field"] in source:
                found.append(path + (name,))
    return found


def _emptied(headers=EMPTIED, rows=None):
    """An edit of the workbook: the cells of ``headers`` in the assembly sheet's data rows cleared."""

    def edit(made):
        sheet = made[SHEET]
        columns = {str(c.value).rstrip("＊"): c.column for c in sheet[1] if c.value}
        for r in rows or range(2, sheet.max_row + 1):
            for header in headers:
                sheet.cell(r, columns[header]).value = None

    return edit


def _saved(tmp_path: Path, edit, name="branch.xlsx") -> Path:
    path = tmp_path / name
    book(reference_data(), edit).save(path)
    return path


def test_the_annotations_name_a_field_that_refers_to_a_list_holding_the_field_defaulted_from():
    notes = contract().annotated("default_from")
    assert notes, "no field declares a default"
    for where, spec in notes.items():
        refers = contract().annotated("refers_to").get(where[:-1] + (spec["via"],))
        assert refers, (where, spec)
        *target, _ = refers.split(".")
        assert contract().label(tuple(target) + (spec["field"],)), (where, spec)


def test_empty_date_and_counts_of_a_joint_assembly_read_as_its_congress_s(tmp_path):
    data = reference_data()
    for m in data["member_assemblies"]:  # the reference's joint assemblies repeat their congress's values
        congress = next(c for c in data["congresses"] if c["id"] == m["joint_with"])
        assert (m["date"], m["members_total"], m["present"]) == (
            congress["date"],
            congress["delegates_total"],
            congress["delegates_present"],
        )
    doc = load_workbook(str(_saved(tmp_path, _emptied())), contract().layout, 10**8)
    assert doc.ok, doc.problems
    assert not differences(data, doc.data)


def test_a_workbook_with_the_defaults_left_empty_checks_as_the_yaml_with_the_values_given(tmp_path):
    workbook = _saved(tmp_path, _emptied())
    ours, theirs = check([workbook]), check([REFERENCE])
    shown = [  # evidence paths are relative to the file's folder, which the workbook's is not
        sorted((r.rule, r.status.value, r.message.en) for r in b.results if r.family != "EVD")
        for b in (ours.branches[0], theirs.branches[0])
    ]
    assert shown[0] == shown[1]
    assert any(rule.startswith("MEM") for rule, _, _ in shown[0])


def test_a_filled_cell_keeps_the_assembly_s_own_value(tmp_path):
    def edit(made):
        _emptied(("召开日期", "应到人数"))(made)
        sheet = made[SHEET]
        columns = {str(c.value).rstrip("＊"): c.column for c in sheet[1] if c.value}
        sheet.cell(3, columns["实到人数"]).value = 50  # M2025-1: fewer members present than delegates

    doc = load_workbook(str(_saved(tmp_path, edit)), contract().layout, 10**8)
    m = doc.data["member_assemblies"][1]
    assert (m["date"], m["members_total"], m["present"]) == ("2025-03-14", 68, 50)


def test_without_a_joint_congress_an_empty_date_is_missing(tmp_path):
    doc = load_workbook(
        str(_saved(tmp_path, _emptied(("召开日期", "合并召开的职代会"), rows=[3]))), contract().layout, 10**8
    )
    assert doc.ok
    problems = contract().validate(doc)
    assert [p.path for p in problems] == [("member_assemblies", 1, "date")], problems
    assert (problems[0].sheet, problems[0].cell) == (SHEET, "B3")  # the empty cell


def test_convert_writes_the_defaults_out_explicitly_and_reads_back_the_same(tmp_path):
    workbook = _saved(tmp_path, _emptied())
    target = tmp_path / "back.yaml"
    result = CliRunner().invoke(main, ["convert", str(workbook), str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    back = load(str(target)).data
    assert not differences(reference_data(), back)
    assert "members_total: 68" in target.read_text("utf-8")


def test_convert_refuses_a_yaml_file_leaving_out_a_value_the_workbook_would_default(tmp_path):
    text = REFERENCE.read_text("utf-8")
    old = "    joint_with: C2025-1\n    members_total: 68\n"
    assert old in text
    source = tmp_path / "branch.yaml"
    source.write_text(text.replace(old, "    joint_with: C2025-1\n", 1), "utf-8")
    assert defaulted(load(str(source)).data) == [("member_assemblies", 1, "members_total")]
    result = CliRunner().invoke(main, ["convert", str(source), str(tmp_path / "branch.xlsx")], catch_exceptions=False)
    assert result.exit_code == 1
    assert "member_assemblies[1].members_total" in result.stderr and "joint_with" in result.stderr
    assert not (tmp_path / "branch.xlsx").exists()


def test_the_header_notes_say_what_an_empty_cell_takes():
    layout = contract().layout
    sheet = layout.sheet(SHEET)
    said = {s.header: "".join(note(s, sheet, layout)) for s in slots(layout, sheet) if s.column is not None}
    assert "留空则取合并召开的职代会的召开日期" in said["召开日期"]
    assert "留空则取合并召开的职代会的应到人数" in said["应到人数"]
    assert "留空则取合并召开的职代会的实到人数" in said["实到人数"]
    assert "留空则取" not in said["大会编号"]
