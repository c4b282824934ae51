"""Where a workbook's finding points: the cell a secretary has to fill, also when it is empty."""

from __future__ import annotations

import json

from conftest import DEMO, cli
from openpyxl import load_workbook

from unioncheck import loader, writing
from unioncheck.layout import fold
from unioncheck_rules.contract import CONTRACT


def test_a_finding_on_a_missing_value_names_the_empty_cell_of_its_column(tmp_path):
    """A value left out (an election's date of reporting to the superior union) is answered at the
    empty cell of that column in that row, not at the row's first cell."""
    source = next(DEMO.glob("05-*.yaml"))
    book = tmp_path / (source.stem + ".xlsx")
    writing.build(CONTRACT.layout, loader.load(str(source)).data).save(book)
    run = cli("check", book, "--as-of", "2025-12-31", "--no-cache", "-f", "json")
    results = [r for b in json.loads(run.stdout)["branches"] for r in b["results"]]
    missing = [r for r in results if r["status"] == "fail" and (r.get("path") or "").endswith("_on")]
    assert missing, "the demo branch leaves an election's dates out"
    opened = load_workbook(book)
    for result in missing:
        where = result["location"]
        cell = opened[where["sheet"]][where["cell"]]
        header = fold(opened[where["sheet"]].cell(1, cell.column).value).rstrip("*")
        field = result["path"].rsplit("/", 1)[-1]
        sheet = CONTRACT.layout.sheet(where["sheet"])
        assert sheet.column(header).path == (field,) and cell.value is None
