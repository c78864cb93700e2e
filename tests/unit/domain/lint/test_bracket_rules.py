"""boundary-gap and boundary-overlap: ages, days of the year, volumes, maintenance."""

from __future__ import annotations

from decimal import Decimal

from slaledger.adapters.i18n import english
from slaledger.domain.contract import (
    Bound,
    Bracket,
    Commercial,
    LicenceBracket,
    LicencePeriod,
    Maintenance,
    MaintenanceType,
    MonthDay,
    Range,
    RangeKind,
    Surcharge,
    VolumeVariation,
)
from slaledger.domain.contract.ranges import day_of_year_range
from slaledger.domain.lint import lint_contract

from .builders import clause, contract

D = Decimal


def _years(low, high, low_in=False, high_in=False):
    return Range(
        None if low is None else Bound(D(low), low_in),
        None if high is None else Bound(D(high), high_in),
        RangeKind.YEARS,
    )


def _rules(c, rule):
    return [f for f in lint_contract(c) if f.rule == rule]


def _surcharge(*ranges):
    brackets = tuple(Bracket(r, D(10 * i)) for i, r in enumerate(ranges))
    return contract(
        commercial=Commercial(
            surcharges=(Surcharge(clause("age"), "equipment-age", RangeKind.YEARS, brackets),)
        )
    )


def test_more_than_3_and_less_than_4_years_leaves_exactly_4_years_out():
    c = _surcharge(_years(None, "3", high_in=True), _years("3", "4"), _years("4", None))
    [finding] = _rules(c, "boundary-gap")
    assert "exactly 4 years" in english(finding.message)


def test_brackets_that_include_their_lower_bound_leave_no_age_out():
    c = _surcharge(_years(None, "3", high_in=True), _years("3", "4"), _years("4", None, True))
    assert _rules(c, "boundary-gap") == []


def _licence(*ranges):
    brackets = tuple(LicenceBracket(r, MonthDay(12, 31), i) for i, r in enumerate(ranges))
    return contract(
        commercial=Commercial(
            licence_periods=(LicencePeriod(clause("licence"), "credentials-sent", brackets),)
        )
    )


def test_before_30_september_and_from_1_october_leave_30_september_out():
    c = _licence(
        day_of_year_range(before=MonthDay(9, 30)), day_of_year_range(start=MonthDay(10, 1))
    )
    [finding] = _rules(c, "boundary-gap")
    assert "a subscription on 30 September falls in no bracket" in english(finding.message)


def test_until_30_september_and_from_1_october_cover_the_year():
    c = _licence(day_of_year_range(until=MonthDay(9, 30)), day_of_year_range(start=MonthDay(10, 1)))
    assert _rules(c, "boundary-gap") == []


def _volumes(first: Range, second: Range):
    brackets = (Bracket(first, effect="no-change"), Bracket(second, effect="new-offer"))
    return contract(
        commercial=Commercial(volume_variation=(VolumeVariation(clause("volume"), brackets),))
    )


def _pct(low, high, low_in=True, high_in=True):
    return Range(
        None if low is None else Bound(D(low), low_in),
        None if high is None else Bound(D(high), high_in),
        RangeKind.PERCENT,
    )


def test_not_exceeding_120_and_at_least_120_overlap_at_exactly_120():
    [finding] = _rules(_volumes(_pct("0", "120"), _pct("120", None)), "boundary-overlap")
    assert "exactly 120 %" in english(finding.message)
    assert "no-change" in english(finding.message)
    assert "new-offer" in english(finding.message)


def test_below_120_and_at_least_120_neither_overlap_nor_leave_a_gap():
    c = _volumes(_pct("0", "120", high_in=False), _pct("120", None))
    assert _rules(c, "boundary-overlap") == []
    assert _rules(c, "boundary-gap") == []


def _impact(kind_id, r):
    return Maintenance(clause(kind_id), kind_id, MaintenanceType.EVOLUTIVE, impact=r)


def test_high_impact_at_2h_or_more_and_low_below_2h_sort_every_window():
    high = Range(Bound(D(7200), True), None, RangeKind.SECONDS)
    low = Range(None, Bound(D(7200), False), RangeKind.SECONDS)
    c = contract(maintenance=(_impact("high", high), _impact("low", low)))
    assert _rules(c, "boundary-gap") == []
    assert _rules(c, "boundary-overlap") == []


def test_impact_brackets_that_skip_a_duration_are_reported():
    high = Range(Bound(D(7200), False), None, RangeKind.SECONDS)
    low = Range(None, Bound(D(7200), False), RangeKind.SECONDS)
    c = contract(maintenance=(_impact("high", high), _impact("low", low)))
    [finding] = _rules(c, "boundary-gap")
    assert "exactly 2h" in english(finding.message)
