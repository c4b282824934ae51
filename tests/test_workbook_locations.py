"""A finding in a branch workbook is placed by sheet and cell in every format: ``sheet`` and ``cell``
in JSON (``line`` and ``column`` null), a logical location in SARIF (the file, no region),
``文件 工作表!单元格`` in text, Markdown and HTML, columns of their own in CSV and the xlsx
report, a file annotation led by the cell in GitHub's, no line in JUnit. A YAML file's findings
in the same run keep their lines.

The cell expected is found in the workbook itself (the column headed by the field's label, the
row of the session's id), not asked of the reader that placed the finding."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import DEMO, REPO, contract, where
from jsonschema import Draft4Validator
from junitparser import JUnitXml

from unioncheck.cli import main
from unioncheck.reporters import REPORTERS
from unioncheck.sheets import cell_name

QUORUM = ("congresses", "C2025-1", "delegates_present")  # the session of 03-XFYBJY without a quorum
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """A folder with 03-XFYBJY as a workbook, 06-CGZWSY as YAML (findings with lines), and the evidence."""
    folder = tmp_path_factory.mktemp("county")
    shutil.copytree(DEMO / "evidence", folder / "evidence")
    shutil.copy(DEMO / "06-CGZWSY.yaml", folder / "06-CGZWSY.yaml")
    result = CliRunner().invoke(main, ["convert", str(DEMO / "03-XFYBJY.yaml"), str(folder / "03-XFYBJY.xlsx")])
    assert result.exit_code == 0, result.output
    return folder


def _quorum_cell(book) -> tuple[str, str]:
    """(sheet, cell) of C2025-1's delegates present, read off the workbook's header row and id column."""
    from openpyxl import load_workbook

    sheet = contract().layout.sheet("职代会")
    label = next(c.header for c in sheet.columns if c.path == (QUORUM[-1],))
    ws = load_workbook(book)[sheet.name]
    column = next(c.column for c in ws[1] if str(c.value).rstrip("＊*") == label)
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == QUORUM[1])
    return sheet.name, cell_name(row, column)


def check(county, fmt, monkeypatch, lang="zh"):
    monkeypatch.chdir(county)
    args = ["check", "06-CGZWSY.yaml", "03-XFYBJY.xlsx", "--as-of", "2025-12-31", "--no-cache", "--lang", lang]
    if getattr(REPORTERS[fmt], "needs_path", False):
        result = CliRunner().invoke(main, [*args, "-f", f"{fmt}:out.{fmt}"])
        assert result.exit_code == 1, result.output
        return county / f"out.{fmt}"
    result = CliRunner().invoke(main, [*args, "-f", fmt])
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.fixture
def cell(county):
    return _quorum_cell(county / "03-XFYBJY.xlsx")


def test_json_gives_sheet_and_cell_and_no_line(county, cell, monkeypatch):
    for fmt in ("json", "jsonl"):
        text = check(county, fmt, monkeypatch)
        branches = json.loads(text)["branches"] if fmt == "json" else [json.loads(x) for x in text.splitlines()]
        quorum = next(r for b in branches for r in b["results"] if r["rule"] == "CGR002" and r["status"] == "fail")
        assert quorum["location"] == {
            "file": "03-XFYBJY.xlsx",
            "line": None,
            "column": None,
            "sheet": cell[0],
            "cell": cell[1],
        }
        in_yaml = next(r for b in branches if b["code"] == "CGZWSY" for r in b["results"] if r["location"])
        assert in_yaml["location"]["line"] and "sheet" not in in_yaml["location"]


def test_sarif_gives_the_file_without_a_region_and_the_cell_as_a_logical_location(county, cell, monkeypatch):
    log = json.loads(check(county, "sarif", monkeypatch))
    Draft4Validator(SARIF_SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER).validate(log)
    results = log["runs"][0]["results"]
    quorum = next(r for r in results if r["ruleId"] == "CGR002")
    place = quorum["locations"][0]
    assert place["physicalLocation"] == {"artifactLocation": {"uri": "03-XFYBJY.xlsx", "uriBaseId": "%SRCROOT%"}}
    assert place["logicalLocations"] == [{"name": cell[1], "fullyQualifiedName": f"{cell[0]}!{cell[1]}"}]
    assert quorum["message"]["text"].startswith(f"{cell[0]}!{cell[1]}: ")
    in_yaml = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".yaml")]
    assert all("logicalLocations" not in r["locations"][0] for r in in_yaml)
    assert any("region" in r["locations"][0]["physicalLocation"] for r in in_yaml)


def test_text_markdown_and_html_show_file_sheet_and_cell(county, cell, monkeypatch):
    shown = f"03-XFYBJY.xlsx {cell[0]}!{cell[1]}"
    table = check(county, "table", monkeypatch)
    assert re.search(rf"CGR002 .*{re.escape(shown)}", table)
    markdown = check(county, "markdown", monkeypatch)
    assert any(f"`{shown}`" in line and "| CGR002 |" in line for line in markdown.splitlines())
    overdue = where(DEMO / "06-CGZWSY.yaml", "hardship", "files", "KN-CGZ-01", "reviews")  # HRD002, in YAML
    assert f"`06-CGZWSY.yaml:{overdue.line}`" in markdown  # the YAML file's lines stay
    html = check(county, "html", monkeypatch)
    assert f"<td>{shown}</td>" in html


def test_csv_and_the_xlsx_report_have_sheet_and_cell_columns(county, cell, monkeypatch):
    raw = check(county, "csv", monkeypatch)
    rows = list(csv.DictReader(io.StringIO(raw)))
    quorum = next(r for r in rows if r["基层工会代码"] == "XFYBJY" and r["规则"] == "CGR002")
    assert (quorum["行"], quorum["列"], quorum["工作表"], quorum["单元格"]) == ("", "", *cell)
    assert any(r["行"] and not r["工作表"] for r in rows if r["基层工会代码"] == "CGZWSY")
    from openpyxl import load_workbook

    sheet = load_workbook(check(county, "xlsx", monkeypatch))["问题清单"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    quorum = next(r for r in rows if r["基层工会代码"] == "XFYBJY" and r["规则"] == "CGR002")
    assert (quorum["行"], quorum["列"], quorum["工作表"], quorum["单元格"]) == (None, None, *cell)


def test_github_annotates_the_file_with_the_cell_in_the_message(county, cell, monkeypatch):
    lines = check(county, "github", monkeypatch).splitlines()
    quorum = next(line for line in lines if "title=CGR002" in line and "03-XFYBJY.xlsx" in line)
    assert quorum.startswith("::error file=03-XFYBJY.xlsx,title=") and ",line=" not in quorum
    assert quorum.split("::", 2)[2].startswith(f"{cell[0]}!{cell[1]}: ")
    assert any(",line=" in line for line in lines if "06-CGZWSY.yaml" in line)


def test_junit_has_no_line_for_a_workbook_and_names_the_cell(county, cell, monkeypatch):
    xml = JUnitXml.fromstring(check(county, "junit", monkeypatch).encode("utf-8"))  # bytes: lxml refuses a declared str
    case = next(c for s in xml for c in s if c.classname == "unioncheck.XFYBJY" and c.name.startswith("CGR002"))
    assert case._elem.get("line") is None
    assert f"03-XFYBJY.xlsx {cell[0]}!{cell[1]}" in case.result[0].text
    assert any(c._elem.get("line") for s in xml for c in s if c.classname == "unioncheck.CGZWSY")
