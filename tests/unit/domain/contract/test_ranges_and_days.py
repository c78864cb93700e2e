"""Ranges of tiers and brackets, and days of the year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slaledger.adapters.i18n import render
from slaledger.domain.contract.ranges import (
    Bound,
    Range,
    RangeKind,
    day_of_year_range,
    notation,
    show,
)
from slaledger.domain.contract.values import MonthDay, parse_month_day

D = Decimal


def test_above_and_below_exclude_their_bound_and_the_others_include_it():
    between = Range(Bound(D(3), False), Bound(D(4), False), RangeKind.YEARS)
    assert not between.contains(D(3))
    assert between.contains(D("3.5"))
    assert not between.contains(D(4))
    closed = Range(Bound(D(95), True), Bound(D("99.4"), True), RangeKind.PERCENT)
    assert closed.contains(D(95))
    assert closed.contains(D("99.4"))


def test_a_range_without_values_is_refused():
    with pytest.raises(ValueError, match="empty range"):
        Range(Bound(D(4), False), Bound(D(4), True))


def test_a_range_prints_in_interval_notation():
    assert str(Range(Bound(D(3), False), None, RangeKind.YEARS)) == "(3 years, ...)"
    assert str(Range(None, Bound(D("99.95"), False), RangeKind.PERCENT)) == "(..., 99.95 %)"


NB = "\u00a0"


@pytest.mark.parametrize(
    ("r", "english", "french"),
    [
        (Range(Bound(D(3), False), Bound(D(4), False), RangeKind.YEARS),
         "(3 years, 4 years)", f"(3{NB}ans, 4{NB}ans)"),
        (Range(Bound(D(1), True), None, RangeKind.MONTHS), "[1 month, ...)", f"[1{NB}mois, ...)"),
        (Range(Bound(D(7200), True), None, RangeKind.SECONDS), "[2h, ...)", f"[2{NB}h, ...)"),
        (Range(None, Bound(D(274), False), RangeKind.DAY_OF_YEAR),
         "(..., 30 September)", "(..., 30 septembre)"),
        (Range(Bound(D(95), True), Bound(D("99.4"), True), RangeKind.PERCENT),
         "[95 %, 99.4 %]", f"[95{NB}%, 99,4{NB}%]"),
    ],
)  # fmt: skip
def test_a_range_for_a_reader_is_written_in_the_reader_s_language(r, english, french):
    assert render(notation(r), "en") == english
    assert render(notation(r), "fr") == french


def test_30_september_is_day_274_of_a_leap_year_and_back():
    day = parse_month_day("09-30")
    assert day.ordinal == 274
    assert MonthDay.from_ordinal(274) == day
    assert str(day) == "30 September"
    assert show(D(274), RangeKind.DAY_OF_YEAR) == "30 September"


def test_before_a_day_excludes_it_and_from_a_day_includes_it():
    before = day_of_year_range(before=parse_month_day("09-30"))
    start = day_of_year_range(start=parse_month_day("10-01"))
    assert not before.contains(D(274))
    assert start.contains(D(275))


@pytest.mark.parametrize("text", ["9-30", "09/30", "02-30", "13-01"])
def test_a_day_of_the_year_is_written_mm_dd_and_exists(text):
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies with the mistake
        parse_month_day(text)
