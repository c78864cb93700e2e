"""Service credits: tiers, formula tiers, days, caps, gaps and explicit rounding."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from functools import cache

import numpy as np
import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.i18n import english
from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.credits import (
    NO_CREDIT,
    CreditSchedule,
    CreditTier,
    CreditUnit,
    Rounding,
    RoundingMode,
)
from slaledger.domain.contract.ranges import Bound, Range, RangeKind
from slaledger.domain.contract.values import BLANK
from slaledger.domain.credits import (
    ABOVE,
    GAP,
    Outcome,
    credit_for,
    credit_percents,
    round_percent,
)
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
MARCH_UTC = 44_640  # minutes


@cache
def schedule(stem: str) -> CreditSchedule:
    return load_contract(CONTRACTS / f"{stem}.yaml").contract.credits[0]


def down_in_march(minutes: int) -> Fraction:
    return Fraction(100 * (MARCH_UTC - minutes), MARCH_UTC)


# ------------------------------------------------------------------------- IPfolio
@pytest.mark.parametrize(
    ("minutes_down", "rated", "percent", "amount"),
    [
        (0, "100.00", "0.00", "0.00"),
        (216, "99.52", "0.00", "0.00"),
        (500, "98.88", "25.00", "250.00"),  # MISSION.md worked example
        (2_500, "94.40", "50.00", "500.00"),
        (26_784, "40.00", "60.00", "600.00"),  # formula tier: 100 % - 40 %
        (44_640, "0.00", "100.00", "1000.00"),
    ],
)
def test_ipfolio_credits_follow_the_tiers_of_the_rounded_availability(
    minutes_down: int, rated: str, percent: str, amount: str
) -> None:
    credit = credit_for(schedule("000-ipfolio"), down_in_march(minutes_down), fee=Decimal(1000))
    assert credit.outcome is Outcome.TIER
    assert str(credit.rated) == rated
    assert str(credit.percent) == percent
    assert str(credit.amount) == amount


def test_a_value_between_two_ipfolio_tiers_gets_no_credit_and_says_why() -> None:
    credit = credit_for(schedule("000-ipfolio"), Fraction(9945, 100), fee=Decimal(1000))
    assert credit.outcome is Outcome.GAP
    assert credit.percent is None
    assert credit.amount is None
    assert "above [95 %, 99.4 %] and below [99.5 %, 100 %]" in english(credit.notes[-1])


def test_rounding_half_up_lifts_99_495_into_the_top_tier() -> None:
    credit = credit_for(schedule("000-ipfolio"), Fraction(99495, 1000), fee=Decimal(1000))
    assert str(credit.rated) == "99.50"
    assert credit.tier == 0


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [
        (RoundingMode.HALF_UP, Fraction(99495, 1000), "99.50"),
        (RoundingMode.HALF_EVEN, Fraction(99495, 1000), "99.50"),
        (RoundingMode.HALF_EVEN, Fraction(99485, 1000), "99.48"),
        (RoundingMode.DOWN, Fraction(99499, 1000), "99.49"),
        (RoundingMode.UP, Fraction(99491, 1000), "99.50"),
        (RoundingMode.HALF_UP, Fraction(1, 3), "0.33"),
    ],
)
def test_rounding_is_exact_and_follows_its_mode(
    mode: RoundingMode, value: Fraction, expected: str
) -> None:
    assert str(round_percent(value, Rounding(2, mode))) == expected


# ------------------------------------------------------------------ SaaS annexes
def test_saas_annexes_99_9497_percent_finds_its_tier_but_not_a_number_of_days() -> None:
    credit = credit_for(schedule("001-saas-annexes"), Fraction(100 * (41_760 - 21), 41_760))
    assert credit.outcome is Outcome.TIER
    assert credit.tier_range == "[99.9 %, 99.95 %)"
    assert credit.days is None
    assert "blank" in english(credit.notes[-1])


def test_saas_annexes_at_the_target_earns_nothing() -> None:
    credit = credit_for(schedule("001-saas-annexes"), Fraction(9995, 100), target_met=True)
    assert credit.outcome is Outcome.ABOVE
    assert credit.days == 0


@pytest.mark.parametrize(
    "value",
    [Fraction(99895, 1000), Fraction(9900, 100), Fraction(50)],  # 99.89-99.90, 99 and below
)
def test_saas_annexes_values_outside_every_tier_are_flagged_as_gaps(value: Fraction) -> None:
    assert credit_for(schedule("001-saas-annexes"), value).outcome is Outcome.GAP


def test_days_above_the_monthly_cap_are_cut_to_ten() -> None:
    base = schedule("001-saas-annexes")
    tiers = (replace(base.tiers[0], amount=Decimal(5)), replace(base.tiers[1], amount=Decimal(15)))
    agreed = replace(base, tiers=tiers)
    credit = credit_for(agreed, Fraction(995, 10))
    assert credit.days == Decimal(10)
    assert credit.capped is True
    assert credit_for(agreed, Fraction(9992, 100)).days == Decimal(5)


# ------------------------------------------------------------------ many at once
def test_the_vectorised_credits_agree_with_one_credit_at_a_time() -> None:
    ipfolio = schedule("000-ipfolio")
    down = np.random.default_rng(3).integers(0, MARCH_UTC, size=400)
    num = MARCH_UTC - down
    den = np.full_like(num, MARCH_UTC)
    tiers, hundredths = credit_percents(ipfolio, num, den)
    for i in range(down.size):
        one = credit_for(ipfolio, down_in_march(int(down[i])))
        if one.outcome is Outcome.GAP:
            assert (tiers[i], hundredths[i]) == (GAP, -1)
        else:
            assert tiers[i] in (one.tier, ABOVE)
            assert Decimal(int(hundredths[i])) / 100 == one.percent


def _none_schedule(unit: CreditUnit) -> CreditSchedule:
    """99.5-99.9 %: "no credit"; 99-99.5 %: 0; below 99 %: blank."""

    def tier(low: str | None, high: str, amount: object) -> CreditTier:
        lower = Bound(Decimal(low), True) if low else None
        upper = Bound(Decimal(high), False)
        return CreditTier(Range(lower, upper, RangeKind.PERCENT), amount)  # type: ignore[arg-type]

    return CreditSchedule(
        clause=ClauseInfo("none-credits", ()),
        availability="a",
        unit=unit,
        tiers=(
            tier("99.5", "99.9", NO_CREDIT),
            tier("99", "99.5", Decimal(0)),
            tier(None, "99", BLANK),
        ),
    )


@pytest.mark.parametrize("unit", list(CreditUnit))
def test_a_tier_that_states_no_credit_owes_nothing_and_is_not_undetermined(
    unit: CreditUnit,
) -> None:
    credit = credit_for(_none_schedule(unit), Fraction(9970, 100), fee=Decimal(1000))
    assert credit.outcome is Outcome.NO_CREDIT
    assert (credit.tier, credit.amount) == (0, Decimal(0))
    assert (credit.percent if unit is CreditUnit.PERCENT_OF_FEE else credit.days) == 0
    assert not credit.owed
    assert not credit.undetermined


def test_none_zero_and_blank_are_three_different_credits() -> None:
    schedule = _none_schedule(CreditUnit.PERCENT_OF_FEE)
    zero = credit_for(schedule, Fraction(9920, 100))
    blank = credit_for(schedule, Fraction(9800, 100))
    assert (zero.outcome, zero.percent, zero.undetermined) == (Outcome.TIER, Decimal(0), False)
    assert (blank.outcome, blank.percent, blank.undetermined) == (Outcome.TIER, None, True)
    tiers, hundredths = credit_percents(
        schedule, np.array([9970, 9920, 9800]), np.array([10000] * 3)
    )
    assert tiers.tolist() == [0, 1, 2]
    assert hundredths.tolist() == [0, 0, -1]  # "none" and 0 owe nothing; blank is unknown
