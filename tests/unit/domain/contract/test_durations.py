"""The one duration syntax of contract files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slaledger.domain.contract.values import TimeUnit, parse_duration


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("30min", "30", TimeUnit.MINUTE),  # IPfolio's Critical response
        ("4h", "4", TimeUnit.HOUR),  # written without a space
        ("2.5h", "2.5", TimeUnit.HOUR),  # PREVISOFT KPI7
        ("4 hours", "4", TimeUnit.HOUR),  # words work too
        ("7 days", "7", TimeUnit.DAY),  # civil days
        ("1 month", "1", TimeUnit.MONTH),
        ("12 months", "12", TimeUnit.MONTH),
        ("1 year", "1", TimeUnit.YEAR),
        ("2 business days", "2", TimeUnit.BUSINESS_DAY),  # the calendar's open days
        ("1 Business  Day", "1", TimeUnit.BUSINESS_DAY),  # case and spaces do not matter
        ("immediately", "0", TimeUnit.SECOND),
    ],
)
def test_a_duration_is_read_as_an_amount_and_a_unit(text, amount, unit):
    duration = parse_duration(text)
    assert (duration.amount, duration.unit) == (Decimal(amount), unit)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("4 heures", "known unit"),  # French units are not part of the syntax
        ("4", "duration such as"),  # a bare number has no unit
        ("4 business hours", "only before days"),  # hours count in the calendar already
        ("four hours", "duration such as"),
    ],
)
def test_a_malformed_duration_says_what_was_expected(text, hint):
    with pytest.raises(ValueError, match=hint):
        parse_duration(text)


def test_only_hours_minutes_and_seconds_have_a_fixed_length():
    assert parse_duration("2h").fixed_seconds == 7200
    assert parse_duration("30min").fixed_seconds == 1800
    assert parse_duration("2 days").fixed_seconds is None
    assert parse_duration("1 business day").is_business


def test_a_duration_prints_as_the_file_wrote_it():
    assert str(parse_duration("2 Business Days")) == "2 business days"
