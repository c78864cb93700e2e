"""The worked examples of MISSION.md, on the engine."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def test_a_p2_from_friday_afternoon_to_monday_morning_is_four_business_hours(calendars):
    business = calendars["previsoft-business"]
    start = datetime(2024, 3, 15, 16, tzinfo=PARIS)
    end = datetime(2024, 3, 18, 11, tzinfo=PARIS)
    assert business.between(start, end) == timedelta(hours=4)


def test_the_8_and_9_may_2024_holidays_are_skipped(calendars):
    business = calendars["previsoft-business"]
    start = datetime(2024, 5, 7, 17, tzinfo=PARIS)
    end = datetime(2024, 5, 10, 10, tzinfo=PARIS)
    assert business.seconds_between(start, end) == 2 * 3600


def test_a_24_7_night_with_the_spring_change_lasts_two_hours_not_three(calendars):
    always = calendars["always"]
    start = datetime(2024, 3, 31, 1, tzinfo=PARIS)  # CET
    end = datetime(2024, 3, 31, 4, tzinfo=PARIS)  # CEST
    assert always.seconds_between(start, end) == 2 * 3600


def test_an_imri_server_call_on_friday_16_00_is_due_monday_noon(calendars):
    onsite = calendars["imri-onsite"]
    due = onsite.add(datetime(2024, 3, 15, 16, tzinfo=PARIS), timedelta(hours=4))
    assert due == datetime(2024, 3, 18, 12, tzinfo=PARIS)
    assert due.utcoffset() == timedelta(hours=1)


def test_an_ipfolio_ticket_inside_fridays_overnight_shift_is_due_monday_08_15(calendars):
    support = calendars["ipfolio-support"]
    due = support.add(datetime(2024, 3, 16, 1, 45, tzinfo=UTC), timedelta(minutes=30))
    assert due == datetime(2024, 3, 18, 8, 15, tzinfo=UTC)
