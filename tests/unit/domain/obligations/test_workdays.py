"""A deadline on a weekend or a holiday does not move; ``act_by`` says when to act."""

from __future__ import annotations

from datetime import date

from slaledger.domain.obligations.workdays import act_by, is_working_day


def test_a_saturday_deadline_gives_the_friday_before_to_act():
    assert act_by(date(2024, 11, 30)) == date(2024, 11, 29)


def test_a_weekday_deadline_needs_no_earlier_day():
    assert act_by(date(2024, 11, 29)) is None


def test_a_public_holiday_counts_with_a_calendar_that_knows_it(calendars):
    business = calendars["previsoft-business"]
    assert is_working_day(date(2025, 1, 1))  # a Wednesday, without holidays
    assert not is_working_day(date(2025, 1, 1), business)  # New Year's Day in France
    assert act_by(date(2025, 1, 1), business) == date(2024, 12, 31)


def test_a_holiday_after_a_weekend_goes_back_to_the_friday(calendars):
    # Easter Monday 2024 is 1 April: act on Friday 29 March
    assert act_by(date(2024, 4, 1), calendars["previsoft-business"]) == date(2024, 3, 29)
