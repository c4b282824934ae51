"""Dates and periods in data have one range of years, ``model.YEARS``: the schema refuses any other
as a located DAT001 error naming the range, in every date and period field the schema declares, so
that no rule ever meets a date it cannot add a term or a deadline to."""

import copy

import pytest
import yaml
from conftest import REFERENCE, check, contract
from jsonschema import Draft202012Validator

from unioncheck import validation
from unioncheck.loader import load
from unioncheck.model import YEARS, Status

FIRST, LAST = YEARS.start, YEARS.stop - 1
RANGE = f"{FIRST}–{LAST}"
DATE_FIELDS = sorted(contract().annotated("date"))
PERIOD_FIELDS = sorted(contract().annotated("period"))
BAD_DATES = ["0001-01-01", "9999-12-31", f"{FIRST - 1}-12-31", f"{LAST + 1}-01-01", "0000-01-01"]
GOOD_DATES = [f"{FIRST}-01-01", f"{LAST}-12-31"]
BAD_PERIODS = ["0000", "9999-Q4", f"{FIRST - 1}-H2", f"{LAST + 1}", FIRST - 1, 9999, 0, " 0000 ", "０２０２"]
GOOD_PERIODS = [f"{FIRST}", f"{LAST}-Q4", f"{FIRST}-H1", LAST]


def _subschema(where):
    """The schema of the field at ``where`` (a path pattern), $refs followed."""
    schema = contract().schema
    node = schema
    for part in where:
        node = node["items"] if part == "*" else node["properties"][part]
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_every_date_and_period_field_is_found_in_the_schema():
    assert len(DATE_FIELDS) >= 15 and PERIOD_FIELDS == [("postings", "*", "covers")]


def test_the_schema_holds_the_same_years_as_model_years():
    date = validation.validator(contract().schema["$defs"]["date"])
    covers = validation.validator(_subschema(PERIOD_FIELDS[0]))
    checked = Draft202012Validator(_subschema(PERIOD_FIELDS[0]))
    for year in range(0, 10_000):
        inside = year in YEARS
        assert date.is_valid(f"{year:04d}-06-15") is inside, year
        for period in (f"{year:04d}", f"{year:04d}-Q4", f"{year:04d}-H1", year):
            assert covers.is_valid(period) is inside, period
            if year % 97 == 0 or year in (FIRST - 1, FIRST, LAST, LAST + 1):
                assert checked.is_valid(period) is inside, period  # jsonschema reads it alike
    assert all(covers.is_valid(event) for event in ("C2025-1", "P2025", "E2018", "2025-Q5", "12345"))


def _placed(data, where, value):
    """``data`` with ``value`` at the first place the path pattern ``where`` names (a missing record made
    empty); a list of dates gets a list. Returns the concrete path."""
    node, path = data, ()
    for part in where[:-1]:
        key = 0 if part == "*" else part
        if part != "*" and key not in node:
            node[key] = {}
        node, path = node[key], path + (key,)
    last = where[-1]
    node[last] = [value] if isinstance(node.get(last), list) else value
    return path + (last,)


def _judged(tmp_path, where, value):
    data = copy.deepcopy(load(str(REFERENCE)).data)
    path = _placed(data, where, value)
    target = tmp_path / "branch.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path, check([target]).branches[0]


def _crashes(branch):
    return [r.message.en for r in branch.results if "crashed" in r.message.en or "malformed" in r.message.en]


@pytest.mark.parametrize("where", DATE_FIELDS + PERIOD_FIELDS, ids=".".join)
def test_a_date_or_period_outside_the_years_is_a_located_dat001_error_and_no_rule_runs(tmp_path, where):
    for value in BAD_PERIODS if where in PERIOD_FIELDS else BAD_DATES:
        path, branch = _judged(tmp_path, where, value)
        assert branch.status is Status.ERROR and {r.rule for r in branch.results} == {"DAT001"}, value
        (found,) = [r for r in branch.results if tuple(r.path or ())[: len(path)] == path]
        assert RANGE in found.message.en and RANGE in found.message.zh, found.message.en
        assert found.location.line is not None


@pytest.mark.parametrize("where", DATE_FIELDS + PERIOD_FIELDS, ids=".".join)
def test_the_first_and_last_years_are_judged_without_a_crash(tmp_path, where):
    for value in GOOD_PERIODS if where in PERIOD_FIELDS else GOOD_DATES:
        path, branch = _judged(tmp_path, where, value)
        refused = [r for r in branch.results if r.rule == "DAT001" and r.status is Status.ERROR]
        assert not [r for r in refused if tuple(r.path or ())[: len(path)] == path], value
        assert not _crashes(branch), (value, _crashes(branch))


def test_a_date_written_another_way_outside_the_years_names_the_range_not_an_iso_form(tmp_path):
    for written in ("9999/12/31", "0001年1月1日", "99991231"):
        path, branch = _judged(tmp_path, ("congresses", "*", "date"), written)
        (found,) = [r for r in branch.results if tuple(r.path) == path]
        assert RANGE in found.message.en and "ISO form" not in found.message.en, found.message.en
