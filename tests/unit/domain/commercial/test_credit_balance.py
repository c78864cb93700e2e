"""Credit days carried to the end of the contract (001 A1 1.2)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from slaledger.domain.commercial.credit_balance import credit_days_balance
from slaledger.domain.contract.credits import CreditUnit, Settlement
from slaledger.domain.credits import Credit, Outcome
from slaledger.domain.periods import Month

CARRIED = Settlement.CARRIED_TO_TERM_END


def _credit(
    days: Decimal | None,
    *,
    outcome: Outcome = Outcome.TIER,
    capped: bool = False,
    unit: CreditUnit = CreditUnit.DAYS_OF_SUBSCRIPTION,
) -> Credit:
    return Credit(
        schedule="service-credits",
        unit=unit,
        availability=Fraction(9984, 100),
        rated=Decimal("99.84"),
        outcome=outcome,
        tier=None if outcome is not Outcome.TIER else 1,
        tier_range=None,
        percent=None,
        days=days,
        amount=None,
        capped=capped,
        claim_deadline=datetime(2024, 3, 31, 22, tzinfo=UTC),
        notes=(),
    )


def test_credit_days_add_up_month_after_month_and_are_never_cash():
    """001 A1 1.2: « Les Crédits de service sont exclusivement reportables au terme du
    Contrat, ils ne peuvent faire l'objet d'une compensation pécuniaire ou d'un avoir »."""
    balance = credit_days_balance(
        "service-credits",
        CARRIED,
        [
            (Month(2024, 3), _credit(Decimal(10), capped=True)),  # order does not matter
            (Month(2024, 1), _credit(Decimal(2))),
            (Month(2024, 2), _credit(None, outcome=Outcome.ABOVE)),  # target met: nothing
        ],
    )
    assert [(str(m.month), m.days, m.balance) for m in balance.months] == [
        ("2024-01", Decimal(2), Decimal(2)),
        ("2024-03", Decimal(10), Decimal(12)),
    ]
    assert (balance.days, balance.complete, balance.cash) == (Decimal(12), True, Decimal(0))
    assert (str(balance.first), str(balance.last)) == ("2024-01", "2024-03")
    assert balance.months[1].capped


def test_a_blank_credit_leaves_the_balance_a_lower_bound_and_names_the_month():
    """001 A1 1.2: the « Crédit de service (en jours) » column is empty: a month in a tier
    adds no invented number; the balance says it is incomplete."""
    balance = credit_days_balance(
        "service-credits",
        CARRIED,
        [(Month(2024, 1), _credit(Decimal(3))), (Month(2024, 2), _credit(None))],
    )
    assert balance.days == Decimal(3)
    assert not balance.complete
    assert balance.undetermined == (Month(2024, 2),)
    assert balance.months[-1].days is None


def test_a_balance_is_of_days_and_of_at_least_one_month():
    with pytest.raises(ValueError, match="balance of days"):
        credit_days_balance(
            "s",
            CARRIED,
            [(Month(2024, 1), _credit(Decimal(3), unit=CreditUnit.PERCENT_OF_FEE))],
        )
    with pytest.raises(ValueError, match="at least one month"):
        credit_days_balance("s", CARRIED, [])
