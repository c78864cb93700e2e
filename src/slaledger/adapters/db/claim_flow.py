"""The claim workflow's steps on a Store, shared by the API's claims router and the
dashboard's claims page: the month's credit as the service computes it, the customer's
claim, the provider's decision. The rules are ``services.claims``'s (and
``domain.claims``'s); this module gathers the inputs from the store and writes what was
decided. Refusals raise ``ClaimRefusedError`` (the rules), ``StoreError`` (a claim
written meanwhile by another request) or ``AvailabilityError`` (a service that earns no
credit), before anything is written; the caller translates them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from slaledger.adapters.db.models import Contract, CreditClaim, CreditNote
from slaledger.adapters.db.store import Store
from slaledger.domain.claims import ClaimState
from slaledger.domain.commercial.credit_money import days_worth
from slaledger.domain.commercial.money import percent_of, round_to_minor_unit
from slaledger.domain.contract.contract import Contract as Terms
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    CreditReport,
    Observations,
    credits_for_month,
)
from slaledger.services.claim_book import ClaimRow, claim_rows
from slaledger.services.claims import claimed_service, decide_claim, request_claim
from slaledger.services.credit_pricing import PricedCredit, price_credit
from slaledger.services.currency import currency_decimals
from slaledger.services.fees import FeeBook, PricedMoney
from slaledger.services.incidents import CalendarFor
from slaledger.services.statement_model import CreditedLine

#: complete months looked at for credits to settle (the claims page's twelve)
BOOK_MONTHS = 12
#: the note of a claim the provider opens itself, for a credit granted without a claim
AUTOMATIC_NOTE = "granted without a claim (the contract asks for none)"


@dataclass(frozen=True)
class MonthCredit(PricedMoney):
    """A month's credit of one service and its stored claim, if any."""

    month: Month
    service: str
    report: CreditReport
    claim: CreditClaim | None
    priced: PricedCredit | None = None

    @property
    def state(self) -> ClaimState | None:
        return None if self.claim is None else ClaimState(self.claim.status)


def month_credit(
    store: Store,
    contract: Contract,
    terms: Terms,
    *,
    calendars: CalendarFor,
    month: Month,
    service: str | None,
    now: datetime,
    opened: date | None,
) -> MonthCredit:
    """The month's credit of ``service`` (the availability clause's when None) as of
    ``now``, priced (``services.fees``'s precedence: the invoiced fee stored, else the
    contract's price), and its stored claim."""
    observations = store.observations(contract.key, now=now)
    report = credits_for_month(
        contract=terms,
        month=month,
        observations=observations,
        calendars=calendars,
        fee=None,
        service=service,
        opened=opened,
    )
    priced = pricer(
        store, contract, terms, observations, calendars=calendars, service=service, opened=opened
    )(month, report)
    name = claimed_service(terms, service)
    return MonthCredit(month, name, report, store.claim_of(contract, name, str(month)), priced)


def pricer(
    store: Store,
    contract: Contract,
    terms: Terms,
    observations: Observations,
    *,
    calendars: CalendarFor,
    service: str | None,
    opened: date | None,
) -> Callable[[Month, CreditReport], PricedCredit]:
    """Prices a month's credit report as the statements do: the fee by precedence from
    the invoiced fees stored (``FeeBook``), the caps in money with the earlier months."""
    book = FeeBook(invoiced=store.invoiced_fees(contract.key))

    def report_for(at: Month) -> CreditReport | None:
        try:
            return credits_for_month(
                contract=terms, month=at, observations=observations,
                calendars=calendars, fee=None, service=service, opened=opened,
            )  # fmt: skip
        except AvailabilityError:
            return None

    def price(month: Month, report: CreditReport) -> PricedCredit:
        return price_credit(
            report,
            contract=terms,
            service=service or report.measure.service or None,
            month=month,
            book=book,
            report_for=report_for,
        )

    return price


def file_claim(
    store: Store,
    contract: Contract,
    terms: Terms,
    credit: MonthCredit,
    *,
    service: str | None,
    note: str,
    now: datetime,
) -> CreditClaim:
    """The customer's claim of ``credit`` at ``now``, checked and written (audited)."""
    request = request_claim(
        contract=terms,
        month=credit.month,
        report=credit.report,
        service=service,
        existing=credit.state,
        at=now,
    )
    request = dataclasses.replace(request, amount=credit.amount, currency=credit.currency)
    return store.add_claim(contract, note=note, at=now, **vars(request))


def decide_credit(
    store: Store,
    contract: Contract,
    terms: Terms,
    credit: MonthCredit,
    *,
    service: str | None,
    decision: str,
    granted: Decimal | None,
    reason: str,
    now: datetime,
) -> tuple[CreditClaim, CreditNote | None]:
    """The provider's decision on ``credit`` at ``now``, checked and written (audited);
    a credit the contract grants without a claim is granted directly. A grant's credit
    note is returned beside the claim."""
    checked = decide_claim(
        contract=terms,
        report=credit.report,
        service=service,
        state=credit.state,
        decision=decision,
        granted=granted,
        reason=reason,
    )
    claim = credit.claim
    if claim is None:  # granted without a claim: the file starts with the grant
        owed = credit.report.credit
        claim = store.add_claim(
            contract,
            service=credit.service,
            month=str(credit.month),
            unit=owed.unit.value,
            percent=owed.percent,
            days=owed.days,
            deadline=owed.claim_deadline,
            amount=credit.amount,
            currency=credit.currency,
            note=AUTOMATIC_NOTE,
            at=now,
        )
    if checked.granted is not None and credit.priced is not None:
        claim.amount, claim.currency = granted_amount(credit, checked.granted, claim.amount)
    return claim, store.record_decision(claim, checked, at=now)


def granted_amount(
    credit: MonthCredit, granted: Decimal, claimed: Decimal | None
) -> tuple[Decimal | None, str | None]:
    """The money of a grant: the priced credit's amount for a grant in full, the fee's
    percentage granted for a partial grant of a percent credit (rounded once, to the
    currency's minor unit, half up), else what the claim recorded."""
    money = None if credit.priced is None else credit.priced.money
    if money is None:
        return claimed, credit.currency
    owed = credit.report.credit
    day_value = credit.report.day_value
    if owed.percent is None and owed.days is not None and day_value is not None:
        if granted == owed.days:
            return money.amount, money.currency
        exact = days_worth(money.fee.amount, granted, day_value)
        return round_to_minor_unit(exact, currency_decimals(money.currency)), money.currency
    if owed.percent is None or granted == owed.percent:
        return money.amount, money.currency
    exact = percent_of(money.fee.amount, granted)
    return round_to_minor_unit(exact, currency_decimals(money.currency)), money.currency


def credited_notes(store: Store, contract: Contract) -> tuple[CreditedLine, ...]:
    """The contract's credit notes as a statement lists them, in the order of issue."""
    return tuple(
        CreditedLine(
            number=note.number,
            issued=note.issued_at,
            month=note.claim.month,
            service=note.claim.service,
            unit=note.claim.unit,
            granted=None if note.claim.granted is None else note.claim.granted.normalize(),
            amount=note.claim.amount,
            currency=note.claim.currency,
            reason=note.claim.reason,
        )
        for note in store.credit_notes(contract)
    )


def claim_book(
    store: Store,
    contract: Contract,
    terms: Terms,
    *,
    calendars: CalendarFor,
    now: datetime,
    opened: date | None,
    months: int = BOOK_MONTHS,
) -> list[ClaimRow]:
    """Where each credit of the last ``months`` complete months (in the contract's zone)
    stands at ``now``: the rows of ``services.claim_book``."""
    local = now.astimezone(ZoneInfo(terms.timezone))
    last = Month(local.year, local.month).shift(-1)
    observations = store.observations(contract.key, now=now)
    price = pricer(
        store, contract, terms, observations, calendars=calendars, service=None, opened=opened
    )
    reports = []
    for month in (last.shift(-back) for back in range(months - 1, -1, -1)):
        try:
            report = credits_for_month(
                contract=terms, month=month, observations=observations,
                calendars=calendars, fee=None, opened=opened,
            )  # fmt: skip
        except AvailabilityError:
            return []  # no credit schedule: nothing to claim
        reports.append((month, report))
    states = {(c.service, c.month): ClaimState(c.status) for c in store.claims(contract)}
    rows = claim_rows(contract=terms, reports=reports, states=states, at=now)
    return [dataclasses.replace(row, priced=price(row.month, row.report)) for row in rows]
