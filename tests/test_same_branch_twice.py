"""A branch checked in two forms, its YAML file and its workbook side by side, is one clear error
(DAT002: the same branch twice, naming both files, keep one), not a duplicate code and every
hardship file reported as a person filed twice; every other finding is what either form alone
gives. Two YAML files with one code stay a duplicate code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEMO, check, demo_report

from unioncheck.cli import main
from unioncheck.model import Status
from unioncheck_rules.twins import branches, other_forms

TWIN = "06-CGZWSY"  # a demo branch with hardship files, one of them the same person as another branch's


@pytest.fixture
def county(tmp_path):
    """The demo county with one branch converted to a workbook beside its YAML file."""
    folder = tmp_path / "county"
    shutil.copytree(DEMO, folder)
    result = CliRunner().invoke(main, ["convert", str(folder / f"{TWIN}.yaml"), str(folder / f"{TWIN}.xlsx")])
    assert result.exit_code == 0, result.output
    return folder


def _findings(branch):
    """What a branch's results say, without where (the two forms place them differently)."""
    return [(r.rule, r.status, r.message) for r in branch.results]


def _by_file(report):
    return {Path(b.file).name: b for b in report.branches}


def test_the_same_branch_twice_is_one_error_for_each_form_and_nothing_more(county):
    report = _by_file(check([county]))
    alone = _by_file(demo_report())
    assert set(report) == set(alone) | {f"{TWIN}.xlsx"}
    for name, branch in alone.items():  # every other branch: what the demo county alone gives
        if name != f"{TWIN}.yaml":
            assert _findings(report[name]) == _findings(branch), name
    for form, other in ((f"{TWIN}.yaml", f"{TWIN}.xlsx"), (f"{TWIN}.xlsx", f"{TWIN}.yaml")):
        dat002 = [r for r in report[form].results if r.rule == "DAT002"]
        assert len(dat002) == 1 and dat002[0].status == Status.ERROR, dat002
        message = dat002[0].message
        assert other in message.en and form in message.en and "the same branch twice" in message.en
        assert (
            "同一基层工会出现两次" in message.zh
            and "只保留一种" in message.zh
            and "keep one form" in message.en.lower()
        )
        assert "also used by" not in message.en
        rest = [f for f in _findings(report[form]) if f[0] != "DAT002"]
        assert rest == [f for f in _findings(alone[f"{TWIN}.yaml"]) if f[0] != "DAT002"], form


def test_hrd006_counts_a_file_in_both_forms_once(county):
    report = _by_file(check([county], select=["HRD006"]))
    alone = _by_file(check([DEMO], select=["HRD006"]))
    failing = {name: _findings(b) for name, b in report.items() if b.status == Status.FAIL}
    assert failing == {
        **{name: _findings(b) for name, b in alone.items() if b.status == Status.FAIL},
        f"{TWIN}.xlsx": _findings(alone[f"{TWIN}.yaml"]),
    }
    assert all(f"{TWIN.split('-')[1]}/" not in str(r.message.en) for r in report[f"{TWIN}.yaml"].results)


def test_forms_with_different_codes_but_one_name_are_still_the_same_branch(county):
    from openpyxl import load_workbook

    book = county / f"{TWIN}.xlsx"
    opened = load_workbook(book)
    from unioncheck_rules.contract import CONTRACT

    form = opened[CONTRACT.layout.form.name]
    row = next(r for r in form.iter_rows() if r[1].value == "CGZWSY")
    row[1].value = "CGZWSY-NEW"  # edited in Excel: its code changed
    opened.save(book)
    report = _by_file(check([county], select=["DAT002", "HRD006"]))
    for form_name in (f"{TWIN}.yaml", f"{TWIN}.xlsx"):
        messages = [r.message.en for r in report[form_name].results if r.status != Status.PASS]
        assert sum("the same branch twice" in m for m in messages) == 1, messages
        assert not any("CGZWSY-NEW/" in m or "is the same person (same ID number) as CGZWSY/" in m for m in messages)


def test_two_yaml_files_with_one_code_are_a_duplicate_code(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(DEMO / f"{TWIN}.yaml", tmp_path / name)
    shutil.copytree(DEMO / "evidence", tmp_path / "evidence")
    for branch in check([tmp_path], select=["DAT002"]).branches:
        [finding] = [r for r in branch.results if r.status == Status.ERROR]
        assert "also used by" in finding.message.en and "twice" not in finding.message.en


def test_which_files_are_forms_of_one_branch(tmp_path):
    here, there = str(tmp_path / "石桥.yaml"), str(tmp_path / "other" / "石桥.xlsx")
    entries = [
        ("A", here),  # 0
        ("A", str(tmp_path / "石桥.xlsx")),  # 1: its workbook
        ("A", str(tmp_path / "copy.yaml")),  # 2: the same code, YAML: a form of 1, a duplicate of 0
        ("B", str(tmp_path / "石桥.XLSX")),  # 3: another code, the same name in the same folder
        ("C", there),  # 4: the same name elsewhere, another code: another branch
        (None, str(tmp_path / "x.yml")),  # 5 and 6: no code, one name
        (None, str(tmp_path / "x.xlsm")),
    ]
    assert other_forms(entries) == {0: [1, 3], 1: [0, 2], 2: [1], 3: [0], 5: [6], 6: [5]}
    assert branches(entries) == [0, 0, 0, 0, 4, 5, 5]
    assert other_forms([(e[0], e[1]) for e in entries if not e[1].lower().endswith((".xlsx", ".xlsm"))]) == {}
