"""Date arithmetic the rules rest on: months added with the day clamped, period labels."""

import datetime as dt

from unioncheck_rules.dates import add_months, period_of


def test_months_added_keep_the_day_or_the_end_of_a_shorter_month():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)  # leap year
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 12, 31), 2) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 3, 15), 60) == dt.date(2030, 3, 15)  # a five-year term
    assert add_months(dt.date(2025, 8, 31), -2) == dt.date(2025, 6, 30)


def test_period_labels_cover_their_months_to_the_last_day():
    assert period_of("2024-H1") == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert period_of("2024-Q1") == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert period_of("2024-Q4") == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert period_of(2025) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period_of("2025-13") is None
