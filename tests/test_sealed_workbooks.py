"""Sealing a branch workbook: ``unioncheck seal X.xlsx`` writes a copy, X.sealed.xlsx, with the personal
cells sealed, which checks exactly as the sealed YAML of the same branch does (HRD008 passes,
--open-key opens it); the secretary's workbook is never rewritten; one open in Excel or WPS is
refused; a copy that would not read as the workbook does, or would keep a sealed value in plain
text anywhere in its package, is never written."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import REFERENCE

from unioncheck import loader, sealed, writing
from unioncheck.cli import main
from unioncheck.contract import pattern
from unioncheck_rules.contract import CONTRACT

AS_OF = ["--as-of", "2025-12-31", "--no-cache"]
SEALABLE = set(CONTRACT.annotated("sealable"))


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def personal(data) -> list[tuple[tuple, str]]:
    """(path, value) of every sealable value of ``data``, from the contract, never a list written here."""
    found = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))
        elif pattern(path) in SEALABLE:
            found.append((path, node))

    walk(data, ())
    return found


REFERENCE_DATA = loader.load(str(REFERENCE)).data


def sheet_of(*list_path):
    """The layout's sheet of the list at ``list_path`` (its name comes from the schema)."""
    return next(s for s in CONTRACT.layout.tables if s.list_path == (*list_path, "*"))


FILES, CONGRESSES, AID = sheet_of("hardship", "files"), sheet_of("congresses"), sheet_of("hardship", "assistance")
SECRETS = [value for _, value in personal(REFERENCE_DATA)]


def workbook_of(data, path: Path) -> Path:
    writing.build(CONTRACT.layout, data).save(path)
    return path


@pytest.fixture
def keys(tmp_path):
    (tmp_path / "keys").mkdir()
    made = {}
    for name in ("bureau", "old"):
        assert run("keygen", tmp_path / "keys" / name).exit_code == 0
        made[name] = (tmp_path / "keys" / f"{name}.key", tmp_path / "keys" / f"{name}.pub")
    return made


@pytest.fixture
def book(tmp_path) -> Path:
    """The reference branch as a workbook, with its evidence, in a folder of its own."""
    folder = tmp_path / "b"
    shutil.copytree(REFERENCE.parent / "evidence", folder / "evidence")
    return workbook_of(REFERENCE_DATA, folder / "branch.xlsx")


def read(path: Path):
    doc = loader.read_document(str(path), layout=CONTRACT.layout)
    assert doc.ok, doc.problems
    return doc.data


def package_bytes(path: Path) -> bytes:
    """Every part of a workbook's package, uncompressed: where a plain value could hide."""
    with zipfile.ZipFile(path) as package:
        return b"".join(package.read(name) for name in package.namelist())


def results(*args) -> dict:
    """{(rule, key): (status, English message)} of a JSON report: what two forms of a branch must share."""
    out = run("check", *args, *AS_OF, "-f", "json", "--lang", "en")
    assert out.exit_code in (0, 1), out.output
    found = {}
    for b in json.loads(out.stdout)["branches"]:
        for r in b["results"]:
            found[(r["rule"], r["key"])] = (r["status"], r["message"])
    return found


def require_sealed(tmp_path) -> Path:
    profile = tmp_path / "shared.yaml"
    profile.write_text("extends: county-health-bureau\nrules:\n  HRD008:\n    params:\n      require_sealed: true\n")
    return profile


# ---- the copy ----------------------------------------------------------------------


def test_a_workbook_is_sealed_to_a_copy_and_left_as_it_was(book, keys):
    before = book.read_bytes()
    done = run("seal", book, "--to", keys["bureau"][1])
    assert done.exit_code == 0, done.output
    copy = book.with_name("branch.sealed.xlsx")
    assert book.read_bytes() == before and copy.is_file()
    assert "branch.sealed.xlsx" in done.output and "do not submit" in done.output
    raw = package_bytes(copy)
    assert not [s for s in SECRETS if s.encode("utf-8") in raw]  # in no part of the package
    key = sealed.read_private(keys["bureau"][0])
    original, sealed_data = read(book), read(copy)
    for path, value in personal(sealed_data):
        assert sealed.is_sealed(value) and sealed.open_value(value, key) == dict(personal(original))[path]
    sealed_paths = {path for path, _ in personal(original)}

    def without(data):
        return [(p, v) for p, v in _leaves(data) if p not in sealed_paths]

    assert without(sealed_data) == without(original) and len(personal(sealed_data)) == len(SECRETS)


def _leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, path + (i,))
    else:
        yield path, node


@pytest.mark.parametrize("made_by", ["build", "template"])
def test_a_sealed_workbook_checks_exactly_as_the_sealed_yaml_of_the_same_branch(tmp_path, book, keys, made_by):
    if made_by == "template":  # the workbook a secretary is given: guide, notes, drop-downs, checks
        book.unlink()
        made = run("template", "-o", book, "--from", REFERENCE)
        assert made.exit_code == 0, made.output
    twin = book.with_name("branch.yaml")
    shutil.copy(REFERENCE, twin)
    assert run("seal", twin, "--in-place", "--to", keys["bureau"][1]).exit_code == 0
    assert run("seal", book, "--to", keys["bureau"][1]).exit_code == 0
    copy = book.with_name("branch.sealed.xlsx")
    profile = require_sealed(tmp_path)
    for extra in ([], ["--open-key", keys["bureau"][0]], ["--profile", profile]):
        as_yaml, as_book = results(twin, *extra), results(copy, *extra)
        assert as_yaml == as_book, extra
        hrd008 = [v for (rule, _), v in as_book.items() if rule == "HRD008"]
        assert hrd008 == [("pass", f"all {len(SECRETS)} personal values sealed")] or not extra
    opened = results(copy, "--open-key", keys["bureau"][0])
    assert {s for (rule, _), (s, _) in opened.items() if rule in ("HRD003", "HRD006")} == {"pass"}
    gate = run("check", copy, *AS_OF, "--profile", profile)
    assert gate.exit_code == 0, gate.output


def test_an_unsealed_workbook_is_told_the_command_for_a_workbook(tmp_path, book):
    found = results(book, "--profile", require_sealed(tmp_path))
    failed = [m for (rule, _), (s, m) in found.items() if rule == "HRD008" and s == "fail"]
    assert failed and all(f"unioncheck seal {book}" in m and "branch.sealed.xlsx" in m for m in failed)
    assert not any("--in-place" in m for m in failed)


def test_sealing_a_copy_again_rotates_its_key_into_a_new_file(tmp_path, book, keys):
    assert run("seal", book, "--to", keys["old"][1]).exit_code == 0
    copy = book.with_name("branch.sealed.xlsx")
    again = run("seal", copy, "--to", keys["bureau"][1])
    assert again.exit_code == 2 and "already a sealed copy" in again.output and "-o" in again.output
    rotated = tmp_path / "rotated.xlsx"
    refused = run("seal", copy, "-o", rotated, "--to", keys["bureau"][1])
    assert refused.exit_code == 1 and "--open-key" in refused.output and not rotated.exists()
    done = run("seal", copy, "-o", rotated, "--to", keys["bureau"][1], "--open-key", keys["old"][0])
    assert done.exit_code == 0, done.output
    key = sealed.read_private(keys["bureau"][0])
    assert [sealed.open_value(v, key) for _, v in personal(read(rotated))] == SECRETS


# ---- what is refused -----------------------------------------------------------------


def test_a_workbook_is_never_sealed_in_place_nor_to_another_kind_of_file(tmp_path, book, keys):
    before = book.read_bytes()
    in_place = run("seal", book, "--in-place", "--to", keys["bureau"][1])
    assert in_place.exit_code == 2 and "never sealed in place" in in_place.output
    assert "branch.sealed.xlsx" in in_place.output and "Traceback" not in in_place.output
    for wrong in ("out.yaml", "out.xlsm", "out.csv"):
        other = run("seal", book, "-o", tmp_path / wrong, "--to", keys["bureau"][1])
        assert other.exit_code == 2 and ".xlsx" in other.output and not (tmp_path / wrong).exists()
    yaml_to_book = run("seal", REFERENCE, "-o", tmp_path / "x.xlsx", "--to", keys["bureau"][1])
    assert yaml_to_book.exit_code == 2 and not (tmp_path / "x.xlsx").exists()
    assert book.read_bytes() == before and not book.with_name("branch.sealed.xlsx").exists()
    named = run("seal", book, "-o", tmp_path / "SUBMIT.XLSX", "--to", keys["bureau"][1])
    assert named.exit_code == 0 and (tmp_path / "SUBMIT.XLSX").is_file()


@pytest.mark.parametrize("lock", ["~$branch.xlsx", ".~lock.branch.xlsx#", "~$branch.sealed.xlsx"])
def test_a_workbook_open_in_excel_or_wps_is_refused(book, keys, lock):
    (book.parent / lock).write_bytes(b"\0" * 165)  # what Excel leaves beside an open workbook
    before = book.read_bytes()
    result = run("seal", book, "--to", keys["bureau"][1])
    assert result.exit_code == 2 and lock in result.output and "Excel" in result.output
    assert "close" in result.output and "关闭" in result.output
    assert book.read_bytes() == before and not book.with_name("branch.sealed.xlsx").exists()


def test_an_invalid_workbook_is_not_sealed_and_its_cell_is_named(tmp_path, book, keys):
    wb = openpyxl.load_workbook(book)
    sheet = FILES
    ws = wb[sheet.name]
    column = 1 + [h for h in sheet.headers()].index(
        next(c.header for c in sheet.columns if c.path == ("household_size",))
    )
    ws.cell(2, column).value = "四口"
    wb.save(book)
    result = run("seal", book, "--to", keys["bureau"][1])
    cell = ws.cell(2, column).coordinate
    assert result.exit_code == 1 and f"{sheet.name}!{cell}" in result.output and "not sealed" in result.output
    assert not book.with_name("branch.sealed.xlsx").exists()


def test_a_wrong_check_digit_stops_sealing_and_is_never_quoted(tmp_path, keys):
    number = next(v for p, v in personal(REFERENCE_DATA) if p[-1] == "id_number")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    text = REFERENCE.read_text("utf-8").replace(number, wrong)
    (tmp_path / "w.yaml").write_text(text, "utf-8")
    book = workbook_of(loader.load(str(tmp_path / "w.yaml")).data, tmp_path / "w.xlsx")
    result = run("seal", book, "--to", keys["bureau"][1])
    assert result.exit_code == 1 and "check digit" in result.output and "--force" in result.output
    assert wrong not in result.output and number not in result.output
    assert f"{FILES.name}!" in result.output  # located by sheet and cell
    assert not (tmp_path / "w.sealed.xlsx").exists()
    assert run("seal", book, "--to", keys["bureau"][1], "--force").exit_code == 0


@pytest.mark.parametrize("where", ["another sheet", "a comment", "a note beside the form", "a drop-down list"])
def test_a_sealed_value_left_plain_elsewhere_in_the_workbook_stops_sealing(book, keys, where):
    wb = openpyxl.load_workbook(book)
    secret = SECRETS[-1]
    if where == "another sheet":
        wb.create_sheet("名单")["A1"] = f"名单：{secret}"
        named = "名单!A1"
    elif where == "a comment":
        wb[CONTRACT.layout.form.name]["B2"].comment = openpyxl.comments.Comment(secret, "secretary")
        named = f"{CONTRACT.layout.form.name}!B2"
    elif where == "a note beside the form":
        wb[CONTRACT.layout.form.name]["E3"] = secret
        named = f"{CONTRACT.layout.form.name}!E3"
    else:  # in no cell: found in the package's parts
        names = openpyxl.worksheet.datavalidation.DataValidation(type="list", formula1=f'"{secret},其他"')
        wb[AID.name].add_data_validation(names)
        names.add("H2")
        named = AID.name
    wb.save(book)
    result = run("seal", book, "--to", keys["bureau"][1])
    assert result.exit_code == 1 and named in result.output and "nothing was written" in result.output
    assert secret not in result.output and not book.with_name("branch.sealed.xlsx").exists()


def test_a_name_the_data_holds_in_another_field_too_does_not_stop_sealing(tmp_path, keys):
    data = json.loads(json.dumps(REFERENCE_DATA))
    chair = data["branch"]["chair"]
    data["hardship"]["files"][0]["name"] = chair  # the chair is also a hardship case
    book = workbook_of(data, tmp_path / "c.xlsx")
    assert run("seal", book, "--to", keys["bureau"][1]).exit_code == 0
    assert read(tmp_path / "c.sealed.xlsx")["branch"]["chair"] == chair


def test_a_copy_that_would_not_read_as_the_workbook_is_never_written(book, keys):
    """A sheet laid out away from A1 (a title row above it, a margin column): whatever the reader
    makes of it, a copy is written only when it reads as the workbook with the values sealed."""
    wb = openpyxl.load_workbook(book)
    ws = wb[FILES.name]
    ws.insert_rows(1)
    ws.insert_cols(1)
    wb.save(book)
    original = loader.read_document(str(book), layout=CONTRACT.layout)
    result = run("seal", book, "--to", keys["bureau"][1])
    copy = book.with_name("branch.sealed.xlsx")
    if not original.ok:
        assert result.exit_code == 1 and not copy.exists()
    elif result.exit_code == 0:
        raw = package_bytes(copy)
        assert not [s for s in SECRETS if s.encode("utf-8") in raw]
        assert all(sealed.is_sealed(v) for _, v in personal(read(copy)))
    else:
        assert result.exit_code == 1 and "not written" in result.output and not copy.exists()
        assert not [s for s in SECRETS if s in result.output]


# ---- what of the workbook the copy keeps --------------------------------------------


def test_formulas_in_the_sheets_read_become_the_values_they_showed(book, keys):
    wb = openpyxl.load_workbook(book)
    sheet = CONGRESSES
    column = 1 + sheet.headers().index(next(c.header for c in sheet.columns if c.path == ("delegates_present",)))
    cell = wb[sheet.name].cell(3, column)
    shown = cell.value
    cell.value = f"={shown}-1+1"
    extra = wb.create_sheet("统计")
    extra["A1"] = "=1+1"
    wb.save(book)
    _cache_formula_values(book, {sheet.name: (cell.coordinate, shown)})
    before = read(book)
    assert run("seal", book, "--to", keys["bureau"][1]).exit_code == 0
    copy = book.with_name("branch.sealed.xlsx")
    sealed_book = openpyxl.load_workbook(copy)
    assert sealed_book[sheet.name][cell.coordinate].value == shown  # the value it showed, not its formula
    assert sealed_book["统计"]["A1"].value == "=1+1"  # a formula elsewhere is kept
    assert read(copy)["congresses"] == before["congresses"]


def _cache_formula_values(path: Path, cells: dict) -> None:
    """Give formulas the value Excel would have saved with them (openpyxl writes none)."""
    wb = openpyxl.load_workbook(path)
    titles = [ws.title for ws in wb.worksheets]
    raw = io.BytesIO(path.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            for title, (coordinate, value) in cells.items():
                if info.filename == f"xl/worksheets/sheet{titles.index(title) + 1}.xml":
                    part = re.sub(
                        rf'(<c r="{coordinate}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?'.encode(),
                        rb"\1<f>\2</f><v>" + str(value).encode() + b"</v>",
                        part,
                    )
            target.writestr(info, part)
    path.write_bytes(out.getvalue())


def test_the_copy_keeps_comments_lists_widths_and_pictures_and_names_what_it_drops(tmp_path, book, keys):
    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.datavalidation import DataValidation
    from PIL import Image as Picture

    Picture.new("RGB", (8, 8)).save(tmp_path / "seal.png")
    wb = openpyxl.load_workbook(book)
    form = wb[CONTRACT.layout.form.name]
    form["A2"].comment = openpyxl.comments.Comment("按局工会通知填写", "secretary")
    choice = DataValidation(type="list", formula1='"是,否"')
    form.add_data_validation(choice)
    choice.add("E2")
    form.column_dimensions["E"].width = 33
    pictures = wb.create_sheet("照片")
    pictures.add_image(Image(str(tmp_path / "seal.png")), "B2")
    wb.save(book)
    lists = [(dv.formula1, str(dv.sqref)) for dv in form.data_validations.dataValidation]
    _add_a_shape(book, "xl/drawings/drawing1.xml")
    result = run("seal", book, "--to", keys["bureau"][1])
    assert result.exit_code == 0, result.output
    copy = openpyxl.load_workbook(book.with_name("branch.sealed.xlsx"))
    form = copy[CONTRACT.layout.form.name]
    assert form["A2"].comment.text == "按局工会通知填写" and form.column_dimensions["E"].width == 33
    assert [(dv.formula1, str(dv.sqref)) for dv in form.data_validations.dataValidation] == lists
    assert ('"是,否"', "E2") in lists
    assert len(copy["照片"]._images) == 1
    assert "drawn shapes" in result.output and "图形" in result.output and "pictures" not in result.output


def _add_a_shape(path: Path, drawing: str) -> None:
    """A rectangle beside the picture, as Excel draws it (openpyxl does not keep shapes)."""
    shape = (
        "<oneCellAnchor><from><col>5</col><colOff>0</colOff><row>5</row><rowOff>0</rowOff></from>"
        '<ext cx="95250" cy="95250" /><sp macro="" textlink=""><nvSpPr><cNvPr id="9" name="Rectangle 9" />'
        '<cNvSpPr /></nvSpPr><spPr><a:prstGeom prst="rect" /></spPr></sp><clientData /></oneCellAnchor>'
    )
    raw, out = io.BytesIO(path.read_bytes()), io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == drawing:
                part = part.replace(b"</wsDr>", shape.encode() + b"</wsDr>")
            target.writestr(info, part)
    path.write_bytes(out.getvalue())


def test_a_folder_with_a_workbook_and_its_sealed_copy_holds_one_branch(tmp_path, book, keys):
    assert run("seal", book, "--to", keys["bureau"][1]).exit_code == 0
    copy = book.with_name("branch.sealed.xlsx")
    found = [Path(f).name for f in loader.discover([str(book.parent)])]
    assert found == ["branch.xlsx"]  # the copy is the same branch: judged once, as the workbook it was made from
    both = results(book.parent)
    assert not [v for (rule, _), v in both.items() if rule == "DAT002" and v[0] != "pass"]
    submitted = tmp_path / "repo"
    submitted.mkdir()
    shutil.copy(copy, submitted)
    assert [Path(f).name for f in loader.discover([str(submitted)])] == ["branch.sealed.xlsx"]  # alone: a branch
    assert [Path(f).name for f in loader.discover([str(copy)])] == ["branch.sealed.xlsx"]  # named: always read


def test_a_workbook_openpyxl_cannot_rewrite_is_refused_with_what_to_do(book, keys, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("There is no item named 'xl/sharedStrings.xml' in the archive")

    monkeypatch.setattr(openpyxl, "load_workbook", broken)
    result = run("seal", book, "--to", keys["bureau"][1])
    assert result.exit_code == 1 and "KeyError" in result.output and "save it as an Excel Workbook" in result.output
    assert "Traceback" not in result.output and not book.with_name("branch.sealed.xlsx").exists()
