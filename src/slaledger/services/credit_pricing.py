"""A credit report priced: the fee chosen by precedence (``services.fees``), the amount
in its currency, and the caps in money applied with the credits of the earlier months of
the cap's period (each itself priced and capped, computed once)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month
from slaledger.services.availability import CreditReport
from slaledger.services.fees import FeeBook, PricedCredit, apply_caps, choose_fee
from slaledger.services.figures_json import money_of

#: the month's credit report of the same service (None: no figure for that month)
ReportFor = Callable[[Month], CreditReport | None]

__all__ = ["PricedCredit", "ReportFor", "price_credit"]


def price_credit(
    report: CreditReport,
    *,
    contract: Contract,
    service: str | None,
    month: Month,
    explicit: Money | None = None,
    book: FeeBook | None = None,
    report_for: ReportFor | None = None,
) -> PricedCredit:
    """The credit of ``report`` (``month``'s) in money. ``report_for`` gives the reports
    of earlier months, for the caps per year and the liability caps; without it those
    caps count this month's credit only, and a note says so."""
    memo: dict[Month, PricedCredit | None] = {}

    def priced(at: Month, current: CreditReport | None) -> PricedCredit | None:
        if at in memo:
            return memo[at]
        memo[at] = None  # no cycle: only earlier months are asked for
        if current is None:
            return None
        chosen = choose_fee(
            contract=contract, service=service, month=at, explicit=explicit, book=book
        )
        money = money_of(current, None if chosen is None else chosen.fee)
        if money is None or not current.credit.owed:
            result = PricedCredit(chosen, money)
            memo[at] = result
            return result

        def earlier(before: Month) -> Decimal | None:
            if report_for is None:
                return None
            found = priced(before, report_for(before))
            if found is None or found.money is None:
                return Decimal(0) if found is not None else None
            if not (found.money.unrounded is not None and found.money.currency == money.currency):
                return Decimal(0)
            return found.money.unrounded if _owed(found) else Decimal(0)

        capped_money, cap, notes = apply_caps(
            money,
            contract=contract,
            schedule=current.credit.schedule,
            service=service,
            month=at,
            explicit=explicit,
            book=book,
            earlier=earlier,
        )
        result = PricedCredit(chosen, capped_money, cap, notes)
        memo[at] = result
        return result

    outcome = priced(month, report)
    assert outcome is not None
    return outcome


def _owed(priced: PricedCredit) -> bool:
    return priced.money is not None and priced.money.amount is not None
