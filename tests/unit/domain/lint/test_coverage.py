"""Gaps and overlaps of ranges, on continuous values and on a grid."""

from __future__ import annotations

from decimal import Decimal

from slaledger.adapters.i18n import english
from slaledger.domain.contract.ranges import Bound, Range, RangeKind
from slaledger.domain.lint.coverage import describe, gaps, overlaps

from .builders import percent

WHOLE = percent("0", "100")


def test_tiers_99_5_to_100_and_95_to_99_4_leave_the_values_between_99_4_and_99_5():
    found = gaps([percent("99.5", "100"), percent("95", "99.4")], percent("95", "100"))
    assert [english(describe(g)) for g in found] == ["above 99.4 % and below 99.5 %"]


def test_on_a_grid_of_hundredths_the_gap_is_99_41_to_99_49():
    found = gaps(
        [percent("99.5", "100"), percent("95", "99.4")], percent("95", "100"), Decimal("0.01")
    )
    assert [english(describe(g)) for g in found] == ["99.41 % to 99.49 %"]


def test_on_a_grid_of_tenths_the_same_tiers_leave_no_gap():
    tiers = [percent("99.5", "100"), percent("95", "99.4")]
    assert gaps(tiers, percent("95", "100"), Decimal("0.1")) == []


def test_more_than_3_and_less_than_4_then_more_than_4_leaves_exactly_4():
    years = [
        Range(Bound(Decimal(3), False), Bound(Decimal(4), False), RangeKind.YEARS),
        Range(Bound(Decimal(4), False), None, RangeKind.YEARS),
    ]
    domain = Range(Bound(Decimal(3), False), None, RangeKind.YEARS)
    assert [english(describe(g)) for g in gaps(years, domain)] == ["exactly 4 years"]


def test_ranges_that_meet_at_an_included_bound_leave_no_gap():
    assert gaps([percent("0", "50", high_in=False), percent("50", "100")], WHOLE) == []


def test_values_below_the_lowest_tier_are_a_gap_too():
    found = gaps([percent("99", "100", low_in=False)], WHOLE)
    assert [english(describe(g)) for g in found] == ["0 % to 99 %"]


def test_two_ranges_that_both_include_a_bound_overlap_on_it():
    found = overlaps([percent(None, "120"), percent("120", None)])
    assert [(o.first, o.second, english(describe(o.common))) for o in found] == [
        (0, 1, "exactly 120 %")
    ]


def test_ranges_that_touch_at_an_excluded_bound_do_not_overlap():
    assert overlaps([percent(None, "120", high_in=False), percent("120", None)]) == []


def test_on_a_grid_an_overlap_between_two_grid_points_is_no_overlap():
    a, b = percent("0", "99.95", high_in=False), percent("99.949", "100")
    assert overlaps([a, b]) != []
    assert overlaps([a, b], Decimal("0.1")) == []
