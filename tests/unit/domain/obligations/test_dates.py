"""Deadline arithmetic: civil days and months, open hours, business days, DST."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest

from slaledger.adapters.i18n import english, render
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.values import parse_duration
from slaledger.domain.obligations.dates import (
    DeadlineError,
    add_months,
    end_of_day,
    last_day,
    shift,
)
from tests.unit.domain.obligations.conftest import PARIS, paris


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # no 31 February: the month's last day
        (date(2023, 1, 31), 1, date(2023, 2, 28)),  # not a leap year
        (date(2024, 3, 31), -1, date(2024, 2, 29)),  # backwards too
        (date(2024, 3, 15), 12, date(2025, 3, 15)),  # a year keeps the day
        (date(2024, 12, 31), 1, date(2025, 1, 31)),  # across the year
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_two_civil_days_across_the_spring_change_keep_the_wall_time():
    due = shift(paris(2024, 3, 30, 10), parse_duration("2 days"), sign=1, zone=PARIS)
    assert due == paris(2024, 4, 1, 10)
    assert due.astimezone(UTC) - paris(2024, 3, 30, 10).astimezone(UTC) == timedelta(hours=47)


def test_hours_without_a_calendar_are_elapsed_even_across_dst():
    due = shift(paris(2024, 3, 31, 1), parse_duration("48h"), sign=1, zone=PARIS)
    assert due == paris(2024, 4, 2, 2)  # 48 real hours: the clock jumped one hour


def test_hours_in_a_business_calendar_count_its_open_time(calendars):
    business = calendars["previsoft-business"]
    due = shift(paris(2024, 3, 15, 16), parse_duration("4h"), sign=1, zone=PARIS, calendar=business)
    assert due == paris(2024, 3, 18, 11)


def test_business_days_skip_weekends_and_holidays(calendars):
    business: BusinessCalendar = calendars["previsoft-business"]
    # Tue 7 May 2024 + 2 business days: 8 and 9 May are holidays, so Mon 13 May
    due = shift(
        paris(2024, 5, 7, 10),
        parse_duration("2 business days"),
        sign=1,
        zone=PARIS,
        calendar=business,
    )
    assert due == paris(2024, 5, 13, 10)


def test_business_days_without_a_calendar_are_refused():
    with pytest.raises(DeadlineError) as caught:
        shift(paris(2024, 5, 7, 10), parse_duration("2 business days"), sign=1, zone=PARIS)
    assert "needs a calendar" in english(caught.value.message)


def test_a_fraction_of_a_month_has_no_civil_meaning():
    with pytest.raises(DeadlineError) as caught:
        shift(paris(2024, 5, 7), parse_duration("1.5 months"), sign=1, zone=PARIS)
    assert english(caught.value.message).endswith("is not a whole number of months")
    assert render(caught.value.message, "fr").endswith("n'est pas un nombre entier de mois")


def test_a_deadline_at_midnight_reads_as_the_end_of_the_day_before():
    assert last_day(end_of_day(date(2024, 12, 31), PARIS), PARIS) == date(2024, 12, 31)
    assert last_day(paris(2024, 12, 31, 10), PARIS) == date(2024, 12, 31)
