"""The calendar's next year: a profile supplies the holidays and make-up working days (调休) of a year the
calendar package does not know yet; working-day counts use them and say where they come from."""

import datetime as dt
import json
import shutil

import pytest
from conftest import REFERENCE, builtin, check, cli

from unioncheck.calendar import Calendar, package_years
from unioncheck.profile import ProfileError, load_profile

NEXT = package_years().stop  # the first year the package does not know
assert NEXT not in package_years()

# 2027 as a notice might give it (2027-01-01 is a Friday, 2027-02-05 a Friday, 2027-02-20 a Saturday)
SUPPLY = """\
calendar:
  2027:
    source: {zh: 国务院办公厅关于2027年部分节假日安排的通知, en: State Council notice on the 2027 holidays}
    holidays: [2027-01-01, 2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11]
    workdays: [2027-02-20]
"""


def _profile(tmp_path, body, name="mine.yaml"):
    path = tmp_path / name
    path.write_text("profile: my-county\nextends: county-health-bureau\n" + body, "utf-8")
    return path


def _load(path):
    rules, registered = builtin()
    return load_profile(str(path), rules, registered)


def _needs_2027_unknown():
    if 2027 in package_years():
        pytest.skip("the calendar package knows 2027 now: these hand counts are of a supplied 2027")


def test_a_count_over_a_supplied_year_is_the_hand_count(tmp_path):
    _needs_2027_unknown()
    profile = _load(_profile(tmp_path, SUPPLY))
    calendar = Calendar(profile.calendar)
    # 2027-02-01 … 02-21: 15 weekdays, less 5 weekday holidays (5, 8, 9, 10, 11 Feb), plus Saturday 20 Feb
    counted = calendar.working_days(dt.date(2027, 2, 1), dt.date(2027, 2, 21))
    assert counted.count == 11 and counted.unknown_years == ()
    assert [s.year for s in counted.supplied] == [2027]
    assert counted.note.zh == "2027 年节假日取自配置 my-county（国务院办公厅关于2027年部分节假日安排的通知）"
    assert "profile my-county (State Council notice on the 2027 holidays)" in counted.note.en
    # 2026-12-28 … 2027-01-08: Mon–Thu of the package's 2026 (4), then 1 Jan off and 4–8 Jan (5)
    across = calendar.working_days(dt.date(2026, 12, 28), dt.date(2027, 1, 8))
    assert across.count == 9 and [s.year for s in across.supplied] == [2027]
    assert calendar.working_days(dt.date(2026, 3, 2), dt.date(2026, 3, 6)).note is None  # the package's year


def test_without_the_supply_the_year_is_unknown_as_before(tmp_path):
    _needs_2027_unknown()
    counted = Calendar().working_days(dt.date(2027, 2, 1), dt.date(2027, 2, 21))
    assert counted.unknown_years == (2027,) and counted.count == 0
    assert Calendar(_load(_profile(tmp_path, "")).calendar).working_days(
        dt.date(2027, 3, 1), dt.date(2027, 3, 5)
    ).unknown_years == (2027,)


def test_a_supplied_year_the_package_knows_is_ignored_with_a_warning(tmp_path, capsys):
    known = package_years()[-1]
    path = _profile(tmp_path, f"calendar:\n  {known}:\n    source: 某通知\n    holidays: [{known}-03-03]\n")
    profile = _load(path)
    assert known not in profile.calendar
    warned = capsys.readouterr().err
    assert "mine.yaml:5:" in warned and f"knows {known}" in warned and "已包含" in warned
    day = dt.date(known, 3, 3)
    assert Calendar(profile.calendar).working_days(day, day) == Calendar().working_days(day, day)


def test_an_extending_profile_replaces_a_year_wholly(tmp_path):
    _needs_2027_unknown()
    _profile(tmp_path, SUPPLY, "base.yaml")
    (tmp_path / "mine.yaml").write_text(
        "extends: base.yaml\ncalendar:\n  2027:\n    source: 更正通知\n    holidays: [2027-01-01]\n", "utf-8"
    )
    supplied = _load(tmp_path / "mine.yaml").calendar[2027]
    assert supplied.holidays == {dt.date(2027, 1, 1)} and not supplied.workdays and supplied.source.zh == "更正通知"


def _entry(holidays="[2027-01-01]", workdays=None, year="2027", source="某通知"):
    body = f"calendar:\n  {year}:\n"
    body += f"    source: {source}\n" if source is not None else ""
    body += f"    holidays: {holidays}\n" if holidays is not None else ""
    body += f"    workdays: {workdays}\n" if workdays is not None else ""
    return body


@pytest.mark.parametrize(
    "body,line,expected",
    [
        (_entry(holidays="[2027-13-01]"), 6, "'2027-13-01' is not a date in YYYY-MM-DD form"),
        (_entry(holidays="[2027/1/1]"), 6, "is not a date in YYYY-MM-DD form"),
        (_entry(holidays="[2026-12-31]"), 6, "2026-12-31 is not in 2027"),
        (_entry(holidays="[2027-01-01, 2027-01-01]"), 6, "2027-01-01 is listed twice"),
        (_entry(workdays="[2027-02-15]"), 7, "2027-02-15 is a Monday: workdays lists only the Saturdays and Sundays"),
        (_entry(holidays="[2027-02-20]", workdays="[2027-02-20]"), 7, "listed under both holidays and workdays"),
        (_entry(holidays=None), 5, "calendar 2027 has no 'holidays'"),
        (_entry(source=None), 5, "calendar 2027 has no 'source'"),
        (_entry(holidays="2027-01-01"), 6, "'holidays' must be a list of dates"),
        (_entry(year="next"), 5, "the keys under 'calendar' must be years"),
        (_entry() + "    note: x\n", 7, "unknown key 'note' under calendar 2027"),
        ("calendar:\n  2027: [2027-01-01]\n", 4, "2027 must be a mapping"),
    ],
)
def test_bad_calendar_entries_are_refused_at_their_line(tmp_path, body, line, expected):
    path = _profile(tmp_path, body)
    with pytest.raises(ProfileError) as caught:
        _load(path)
    message = str(caught.value)
    assert f"mine.yaml:{line}:" in message and expected in message, message
    assert " / " in message  # Chinese, then English


def _publicised_in_2027(tmp_path):
    """The reference branch with one hardship file publicised 2027-02-01 … 02-12 and opened on 02-15."""
    data = tmp_path / "data"
    shutil.copytree(REFERENCE.parent, data)
    target = data / REFERENCE.name
    text = target.read_text("utf-8")
    text = text.replace(
        "publicity: {from: 2024-08-26, to: 2024-08-30}", "publicity: {from: 2027-02-01, to: 2027-02-12}"
    )
    text = text.replace("opened_on: 2024-09-02", "opened_on: 2027-02-15")
    target.write_text(text, "utf-8")
    return data


def test_hrd004_counts_on_the_profiles_year_and_names_it(tmp_path):
    _needs_2027_unknown()
    data = _publicised_in_2027(tmp_path)
    mine = _profile(tmp_path, SUPPLY)
    (found,) = [r for r in check([data], as_of="2027-03-01", select=("HRD004",), profile=mine).branches[0].results]
    assert found.status.value == "pass"  # 1–12 Feb: 10 weekdays, 5 of them holidays: 5 working days
    assert "公示 5 个工作日" in found.message.zh
    assert "2027 年节假日取自配置 my-county（国务院办公厅关于2027年部分节假日安排的通知）" in found.message.zh
    assert "the 2027 holidays are taken from profile my-county" in found.message.en
    (unknown,) = check([data], as_of="2027-03-01", select=("HRD004",)).branches[0].results
    assert unknown.status.value == "warn" and "no holidays for 2027" in unknown.message.en


def test_the_cache_key_includes_the_supplied_calendar(tmp_path):
    _needs_2027_unknown()
    data = _publicised_in_2027(tmp_path)
    mine = _profile(tmp_path, SUPPLY)

    def hrd004():
        out = tmp_path / "out.json"
        run = cli(
            "check",
            data,
            "--as-of",
            "2027-03-01",
            "--select",
            "HRD004",
            "--profile",
            mine,
            "-f",
            f"json:{out}",
            cwd=tmp_path,
        )
        assert run.returncode in (0, 1), run.stderr
        return json.loads(out.read_text("utf-8"))["branches"][0]["results"][0]["messages"]["zh"]

    assert "公示 5 个工作日" in hrd004()
    mine.write_text(mine.read_text("utf-8").replace(", 2027-02-05,", ","), "utf-8")  # 5 Feb a working day after all
    assert "公示 6 个工作日" in hrd004()
