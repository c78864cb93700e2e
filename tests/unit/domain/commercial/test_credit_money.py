"""A credit in money: percent of the fee, rounded once to the currency's minor unit."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from slaledger.adapters.i18n import english
from slaledger.domain.commercial.credit_money import credit_amount
from slaledger.domain.contract.credits import DayValue, RoundingMode
from slaledger.domain.contract.values import Money
from slaledger.domain.credits import Credit, CreditUnit, Outcome


def _credit(percent: str | None) -> Credit:
    return Credit(
        schedule="credits", unit=CreditUnit.PERCENT_OF_FEE, availability=Fraction(9888, 100),
        rated=Decimal("98.88"), outcome=Outcome.TIER, tier=1, tier_range="95-99.4",
        percent=None if percent is None else Decimal(percent), days=None, amount=None,
        capped=False, claim_deadline=None, notes=(),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("percent", "fee", "decimals", "mode", "expected"),
    [
        ("25", "1000", 2, None, "250.00"),  # the brief's worked example
        ("60", "1000", 2, None, "600.00"),  # the formula tier: 100 % - 40 %
        ("33.333", "1250.55", 2, None, "416.85"),  # 416.8458... half up, once
        ("12.5", "1001", 0, None, "125"),  # JPY: no minor unit; 125.125 -> 125
        ("0.5", "1001", 0, RoundingMode.UP, "6"),  # 5.005 up -> 6
        ("25", "0.10", 2, RoundingMode.HALF_EVEN, "0.02"),  # 0.025 half even -> 0.02
    ],
)
def test_the_amount_is_the_percent_of_the_fee_rounded_once_to_the_minor_unit(
    percent: str, fee: str, decimals: int, mode: RoundingMode | None, expected: str
) -> None:
    found = credit_amount(
        _credit(percent), Money(Decimal(fee), "EUR"), decimals=decimals, mode=mode
    )
    assert str(found.amount) == expected
    assert found.currency == "EUR"
    assert found.unrounded == Decimal(fee) * Decimal(percent) / 100


def test_the_rounding_rule_says_the_step_the_currency_and_the_mode() -> None:
    found = credit_amount(_credit("25"), Money(Decimal(1000), "USD"), decimals=2)
    assert english(found.rounding_rule) == (
        "rounded once, at the end, to 0.01 USD (its minor unit, ISO 4217), half up"
    )


def test_a_credit_without_a_percentage_has_no_amount_but_keeps_the_currency() -> None:
    found = credit_amount(replace(_credit(None), unit=CreditUnit.DAYS_OF_SUBSCRIPTION),
                          Money(Decimal(1000), "EUR"), decimals=2)  # fmt: skip
    assert (found.amount, found.currency) == (None, "EUR")


def test_a_negative_fee_is_refused() -> None:
    with pytest.raises(ValueError, match="a fee of zero or more"):
        credit_amount(_credit("25"), Money(Decimal(-1), "EUR"), decimals=2)


def test_zero_days_of_credit_are_worth_nothing_in_any_currency() -> None:
    zero = replace(_credit(None), unit=CreditUnit.DAYS_OF_SUBSCRIPTION, days=Decimal(0))
    found = credit_amount(zero, Money(Decimal(1000), "EUR"), decimals=2)
    assert str(found.amount) == "0.00"


@pytest.mark.parametrize(
    ("days", "fee", "divided_by", "expected"),
    [
        ("2", "2400", 30, "160.00"),  # 2 days of 1/30 of 2400 EUR
        ("1", "1000", 30, "33.33"),  # 33.333... rounded once, half up
        ("0.5", "1000", 31, "16.13"),  # 16.129...
    ],
)
def test_days_of_credit_are_worth_the_fee_divided_as_the_clause_states(
    days: str, fee: str, divided_by: int, expected: str
) -> None:
    credit = replace(_credit(None), unit=CreditUnit.DAYS_OF_SUBSCRIPTION, days=Decimal(days))
    found = credit_amount(
        credit, Money(Decimal(fee), "EUR"), decimals=2, day_value=DayValue(divided_by)
    )
    assert str(found.amount) == expected
    assert found.unrounded == Decimal(fee) * Decimal(days) / divided_by
