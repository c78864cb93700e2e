"""What a grant is worth in money (``claim_flow.granted_amount``): the whole credit's
amount for a grant in full, the granted share of the fee for a partial one — a
percentage of it, or days at the value the clause gives a day — rounded once."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace
from typing import Any, cast

import pytest

from slaledger.adapters.db.claim_flow import granted_amount
from slaledger.domain.commercial.credit_money import credit_amount
from slaledger.domain.contract.credits import DayValue
from slaledger.domain.contract.values import Money
from slaledger.domain.credits import Credit, CreditUnit, Outcome

FEE = Money(Decimal("2400.00"), "EUR")
PERCENT = Credit(
    schedule="credits", unit=CreditUnit.PERCENT_OF_FEE, availability=Fraction(9888, 100),
    rated=Decimal("98.88"), outcome=Outcome.TIER, tier=1, tier_range="[95 %, 99.4 %]",
    percent=Decimal(25), days=None, amount=None, capped=False, claim_deadline=None, notes=(),
)  # fmt: skip
DAYS = replace(PERCENT, unit=CreditUnit.DAYS_OF_SUBSCRIPTION, percent=None, days=Decimal(2))


def _month(credit: Credit, day_value: DayValue | None = None) -> Any:
    money = credit_amount(credit, FEE, decimals=2, day_value=day_value)
    report = SimpleNamespace(credit=credit, day_value=day_value)
    priced = SimpleNamespace(money=money)
    return cast(Any, SimpleNamespace(report=report, priced=priced, currency="EUR"))


@pytest.mark.parametrize(
    ("credit", "day_value", "granted", "expected"),
    [
        (PERCENT, None, "25", "600.00"),  # in full: 25 % of 2400
        (PERCENT, None, "10", "240.00"),  # a part: 10 % of the fee
        (DAYS, DayValue(30), "2", "160.00"),  # in full: 2 days of 2400 / 30
        (DAYS, DayValue(30), "1", "80.00"),  # one day of the two
        (DAYS, DayValue(7), "1", "342.86"),  # 342.857... rounded once, half up
    ],
)
def test_a_grant_is_worth_the_share_of_the_fee_it_grants(credit, day_value, granted, expected):
    amount, currency = granted_amount(_month(credit, day_value), Decimal(granted), None)
    assert (str(amount), currency) == (expected, "EUR")


def test_days_without_a_day_value_keep_what_the_claim_recorded():
    assert granted_amount(_month(DAYS), Decimal(1), None) == (None, "EUR")
