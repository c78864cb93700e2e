"""Credit days carried to the end of the contract: SaaS Annexes (001) A1 1.2.

"Les Crédits de service sont exclusivement reportables au terme du Contrat, ils ne peuvent
faire l'objet d'une compensation pécuniaire ou d'un avoir": a schedule settled
``carried-to-term-end`` pays nothing month by month. Each month's days (already capped at
the schedule's monthly cap by ``domain.credits``) add to a running balance, redeemed as
days of subscription at the end of the contract; its cash value is zero, always.

A month whose credit the contract leaves undefined (a tier with blank days, a value in
no tier) adds nothing to the known balance and is listed: the balance is then "at least"
the known days, and says so (``complete`` is False). No number is invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from slaledger.domain.contract.credits import CreditUnit, Settlement
from slaledger.domain.credits import Credit
from slaledger.domain.periods import Month


@dataclass(frozen=True)
class BalanceMonth:
    """One month that earned days or left them undefined, and the balance after it."""

    month: Month
    days: Decimal | None  # None: undetermined
    capped: bool
    balance: Decimal  # known days carried after this month
    claim_deadline: datetime | None


@dataclass(frozen=True)
class CreditDaysBalance:
    schedule: str
    settlement: Settlement
    first: Month
    last: Month
    months: tuple[BalanceMonth, ...]
    days: Decimal  # the known days carried
    undetermined: tuple[Month, ...]

    @property
    def complete(self) -> bool:
        """Whether every month's credit is known (else ``days`` is a lower bound)."""
        return not self.undetermined

    @property
    def cash(self) -> Decimal:
        """What the balance pays in money: nothing (no cash, no credit note)."""
        return Decimal(0)


def credit_days_balance(
    schedule: str,
    settlement: Settlement,
    credits: Sequence[tuple[Month, Credit]],
) -> CreditDaysBalance:
    """The running balance of days of ``credits`` (one per month, in any order)."""
    if not credits:
        raise ValueError("a balance needs at least one month")
    ordered = sorted(credits, key=lambda item: item[0])
    for _, credit in ordered:
        if credit.unit is not CreditUnit.DAYS_OF_SUBSCRIPTION:
            raise ValueError(f"schedule {schedule}: a balance of days, not {credit.unit.value}")
    balance = Decimal(0)
    months: list[BalanceMonth] = []
    undetermined: list[Month] = []
    for month, credit in ordered:
        if credit.undetermined:
            undetermined.append(month)
            months.append(BalanceMonth(month, None, False, balance, credit.claim_deadline))
        elif credit.owed and credit.days is not None:
            balance += credit.days
            months.append(
                BalanceMonth(month, credit.days, credit.capped, balance, credit.claim_deadline)
            )
    return CreditDaysBalance(
        schedule=schedule,
        settlement=settlement,
        first=ordered[0][0],
        last=ordered[-1][0],
        months=tuple(months),
        days=balance,
        undetermined=tuple(undetermined),
    )
