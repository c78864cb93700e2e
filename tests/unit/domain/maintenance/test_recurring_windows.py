"""IMRI's patch window, the Sunday after the second Tuesday at 04:00, 2024 to 2027,
checked against an independent computation of the date."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from slaledger.domain.maintenance import Window, assess
from tests.unit.domain.maintenance.conftest import HOUR, at

MONTHS = [(year, month) for year in range(2024, 2028) for month in range(1, 13)]


def second_tuesday_plus_five(year: int, month: int) -> date:
    tuesdays = [
        week[calendar.TUESDAY]
        for week in calendar.monthcalendar(year, month)
        if week[calendar.TUESDAY]
    ]
    return date(year, month, tuesdays[1]) + timedelta(days=5)


@pytest.mark.parametrize(("year", "month"), MONTHS)
def test_the_patch_window_is_on_the_sunday_after_the_second_tuesday(imri_rules, year, month):
    sunday = second_tuesday_plus_five(year, month)
    start = at(f"{sunday} 04:00")
    assert assess(Window("patch-window", start, start + HOUR), imri_rules).allowed
    week_later = at(f"{sunday + timedelta(days=7)} 04:00")
    if (sunday + timedelta(days=7)).month == month:
        assert not assess(Window("patch-window", week_later, week_later + HOUR), imri_rules).allowed


def test_the_independent_computation_gives_the_issue_example():
    assert second_tuesday_plus_five(2026, 11) == date(2026, 11, 15)
