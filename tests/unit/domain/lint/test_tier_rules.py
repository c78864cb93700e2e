"""tier-gap, tier-overlap, threshold-unit-mismatch and formula-tier."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slaledger.adapters.i18n import english
from slaledger.domain.contract import (
    CreditUnit,
    FormulaContext,
    Rounding,
    StatedDowntime,
    parse_formula,
)
from slaledger.domain.contract.formula import PERCENT
from slaledger.domain.lint import lint_contract
from slaledger.domain.lint.rules_tiers import read_minutes

from .builders import availability, contract, percent, schedule, tier


def _rules(c, rule):
    return [f for f in lint_contract(c) if f.rule == rule]


def test_a_tier_gap_between_99_4_and_99_5_is_reported_with_the_file_s_interpretation():
    c = contract(
        availability=(availability(),),
        credits=(schedule(tier(percent("99.5", "100"), "0"), tier(percent("0", "99.4"))),),
    )
    [finding] = _rules(c, "tier-gap")
    assert "above 99.4 % and below 99.5 %" in english(finding.message)
    assert finding.clause == "credits"
    assert finding.interpretation == "as the file reads it"
    assert finding.severity.value == "error"


def test_the_availability_target_ends_the_values_the_tiers_must_cover():
    tiers = (
        tier(percent("99.90", "99.95", high_in=False), None),
        tier(percent("99.00", "99.89", low_in=False, high_in=False), None),
    )
    c = contract(availability=(availability("99.95"),), credits=(schedule(*tiers),))
    messages = [english(f.message) for f in _rules(c, "tier-gap")]
    assert len(messages) == 2
    assert "99.89 % (included) to 99.90 % (excluded)" in messages[0] + messages[1]
    assert "0 % to 99.00 %" in messages[0] + messages[1]


def test_tiers_that_meet_leave_no_gap():
    tiers = (tier(percent("99", "100"), "0"), tier(percent("0", "99", high_in=False)))
    c = contract(availability=(availability(),), credits=(schedule(*tiers),))
    assert _rules(c, "tier-gap") == []


def test_a_gap_narrower_than_the_rounding_is_no_gap():
    tiers = (tier(percent("99.5", "100"), "0"), tier(percent("0", "99.4")))
    c = contract(
        availability=(availability(),),
        credits=(schedule(*tiers, availability_rounding=Rounding(1)),),
    )
    assert _rules(c, "tier-gap") == []


def test_a_value_in_two_tiers_is_reported_and_touching_tiers_are_not():
    overlapping = (tier(percent("99", "100"), "0"), tier(percent("0", "99")))
    touching = (tier(percent("99", "100"), "0"), tier(percent("0", "99", high_in=False)))
    fires = contract(availability=(availability(),), credits=(schedule(*overlapping),))
    quiet = contract(availability=(availability(),), credits=(schedule(*touching),))
    [finding] = _rules(fires, "tier-overlap")
    assert "exactly 99 %" in english(finding.message)
    assert _rules(quiet, "tier-overlap") == []


def _with_minutes(low: str, bound: str, text: str):
    stated = (StatedDowntime(bound, text),)
    t = tier(percent(low, "100"), "0", stated_downtime=stated)
    return contract(availability=(availability(),), credits=(schedule(t),))


def test_216_minutes_for_99_5_percent_holds_only_for_30_day_months():
    [finding] = _rules(_with_minutes("99.5", "at_most", "216 min"), "threshold-unit-mismatch")
    assert "only for months of 30 days" in english(finding.message)
    assert "201.6 min (28 days)" in english(finding.message)


def test_a_minute_figure_that_is_not_a_number_is_reported():
    [finding] = _rules(_with_minutes("95", "at_most", "2 2160 min"), "threshold-unit-mismatch")
    assert "not a well-formed number" in english(finding.message)


def test_a_minute_figure_that_holds_for_every_month_is_not_reported():
    c = _with_minutes("100", "above", "0 min")  # 'above 0 min' mirrors 'below 100 %'
    assert _rules(c, "threshold-unit-mismatch") == []


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("216 min", "216"),
        ("21 600 min", "21600"),  # French thousands separator
        ("21\u202f600\u00a0min", "21600"),  # narrow no-break spaces as in the seed
        ("3.6 h", "216.0"),
        ("2 2160 min", None),  # a group of four digits: a typo
        ("about 200 min", None),
    ],
)
def test_minute_figures_are_read_with_thousands_separators(text, minutes):
    expected = None if minutes is None else Decimal(minutes)
    assert read_minutes(text) == expected


def test_a_formula_tier_is_reported_with_its_values_at_the_tier_s_bounds():
    formula = parse_formula("100% - availability", FormulaContext.CREDIT, PERCENT)
    t = tier(percent("0", "49.9"), None, formula=formula)
    [finding] = _rules(
        contract(
            availability=(availability(),), credits=(schedule(t, tier(percent("50", "100"))),)
        ),
        "formula-tier",
    )
    assert "100 at 0 %" in english(finding.message)
    assert "50.1 at 49.9 %" in english(finding.message)
    assert finding.severity.value == "info"


def test_fixed_tiers_are_not_formula_tiers():
    c = contract(availability=(availability(),), credits=(schedule(tier(percent("0", "100"))),))
    assert _rules(c, "formula-tier") == []


def test_a_days_schedule_is_checked_like_a_percent_one():
    t = tier(percent("0", "50"), "2")
    c = contract(
        availability=(availability(),),
        credits=(schedule(t, unit=CreditUnit.DAYS_OF_SUBSCRIPTION),),
    )
    assert len(_rules(c, "tier-gap")) == 1
