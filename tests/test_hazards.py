"""Every hazard of the catalogue (tests/hazards.py), through the real command line in every format,
in both languages: the status its kind calls for, no traceback, no hang, no personal value in any
output, the baseline or the cache, no formula cell, every input unchanged."""

import pytest
from hazards import attempt, catalogue

HAZARDS = catalogue()


@pytest.mark.parametrize("hazard", HAZARDS, ids=[h.name for h in HAZARDS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hazard(hazard, lang, tmp_path):
    outcome = attempt(hazard, tmp_path, lang)
    assert not outcome.problems, outcome.problems


def test_the_catalogue_covers_each_kind_of_the_issue():
    names = " ".join(h.name for h in HAZARDS)
    for kind in (
        "leading-zero",
        "base-60",
        "5,000-digit",
        "ID number",
        "name as",
        "formula",
        "GBK",
        "FIFO",
        "--select",
        "quorum",
        "extends",
        "--compare",
        "cache",
        "plugin",
        "report over",
        "a Tab",
        "full-width spaces",
        "full-width colon",
        "indented a space",
        "Chinese labels",
        "workbook:",
    ):
        assert kind in names, kind
