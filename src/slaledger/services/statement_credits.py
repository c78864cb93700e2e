"""The statement's commercial sections: the month's credit for each commitment with a
credit schedule, the credit days carried to the contract's end, and the liability caps
on the statement's day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial

from slaledger.domain.commercial.payments import Invoice
from slaledger.domain.contract.availability import Availability
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    CreditReport,
    availability_clause,
    credits_for_month,
)
from slaledger.services.commercial import (
    CommercialError,
    carried_schedules,
    credit_balance,
    liability_caps,
)
from slaledger.services.credit_pricing import price_credit
from slaledger.services.fees import FeeBook
from slaledger.services.statement_context import HISTORY_MONTHS, StatementContext
from slaledger.services.statement_model import (
    CreditBalanceLine,
    CreditBalanceMonth,
    CreditLine,
    LiabilityLine,
)


def credit_lines(
    context: StatementContext, fee: Money | None, book: FeeBook | None = None
) -> tuple[CreditLine, ...]:
    """The month's credit of each commitment a credit schedule rates (none for one whose
    figure cannot be computed: its availability section says why), in money on the fee
    chosen by precedence (``fee``, else ``book``'s invoiced fee, else the contract price)."""
    contract = context.contract
    lines = []
    for clause in contract.availability:
        if not any(s.availability == clause.clause.id for s in contract.credits):
            continue

        def report_for(
            month: Month, service: str | None = clause.service, chosen: Availability = clause
        ) -> CreditReport | None:
            try:
                return credits_for_month(
                    contract=contract,
                    month=month,
                    observations=context.observations,
                    calendars=context.calendars,
                    fee=None,
                    service=service,
                    opened=context.opened,
                    measured=(
                        (lambda: context.figure(chosen, month))
                        if service == chosen.service
                        else None
                    ),
                )
            except AvailabilityError:
                return None

        report = report_for(context.month)
        if report is None:
            continue  # the availability section says why
        credit = report.credit
        priced = price_credit(
            report,
            contract=contract,
            service=clause.service,
            month=context.month,
            explicit=fee,
            book=book,
            report_for=report_for,
        )
        chosen = priced.fee
        money = priced.money
        cap = priced.cap
        lines.append(
            CreditLine(
                service=clause.service or "",
                schedule=credit.schedule,
                unit=credit.unit.value,
                rated_availability=credit.rated,
                outcome=credit.outcome.value,
                tier_range=credit.tier_range,
                percent=credit.percent,
                days=credit.days,
                fee=None if chosen is None else chosen.fee.amount,
                amount=None if money is None else money.amount,
                capped=credit.capped or cap is not None,
                claim_deadline=(
                    None
                    if credit.claim_deadline is None
                    else credit.claim_deadline.astimezone(context.zone)
                ),
                notes=credit.notes,
                eligibility=report.eligibility,
                currency=None if chosen is None else chosen.fee.currency,
                rounding_rule=None if money is None else money.rounding_rule,
                fee_source=None if chosen is None else chosen.source,
                fee_trace=() if chosen is None else chosen.trace,
                cap_clause=None if cap is None or cap.cap is None else cap.cap.clause_id,
                cap_note=None if cap is None else cap.note,
            )
        )
    return tuple(lines)


def balance_start(context: StatementContext) -> Month:
    """The first month of the carried balance: the service opening's, else the
    contract's effective date's, else the first month of the statement's history."""
    start = context.opened or context.contract.effective_from
    if start is None:
        return context.month.shift(-(HISTORY_MONTHS - 1))
    return min(Month(start.year, start.month), context.month)


def credit_balance_line(context: StatementContext) -> CreditBalanceLine | None:
    """The credit days carried to the contract's end, when a schedule carries them."""
    if not carried_schedules(context.contract):
        return None
    try:
        balance = credit_balance(
            contract=context.contract,
            first=balance_start(context),
            last=context.month,
            observations=context.observations,
            calendars=context.calendars,
            opened=context.opened,
            measured=partial(context.figure, availability_clause(context.contract, None)),
        )
    except (CommercialError, AvailabilityError):
        return None  # the availability section says why
    return CreditBalanceLine(
        schedule=balance.schedule,
        settlement=balance.settlement.value,
        first=str(balance.first),
        last=str(balance.last),
        days=balance.days,
        complete=balance.complete,
        undetermined=tuple(str(m) for m in balance.undetermined),
        months=tuple(
            CreditBalanceMonth(
                month=str(m.month),
                days=m.days,
                capped=m.capped,
                balance=m.balance,
                claim_deadline=(
                    None if m.claim_deadline is None else m.claim_deadline.astimezone(context.zone)
                ),
            )
            for m in balance.months
        ),
    )


def liability_lines(
    context: StatementContext, invoices: Sequence[Invoice] | None, day: date
) -> tuple[LiabilityLine, ...]:
    """The liability caps on ``day`` from the invoices; none without invoices."""
    if invoices is None:
        return ()
    return tuple(
        LiabilityLine(
            clause=c.clause_id,
            article=c.article,
            basis=c.basis.value,
            first=c.first,
            last=c.last,
            invoices=c.invoices,
            cap=c.cap,
        )
        for c in liability_caps(contract=context.contract, invoices=invoices, breach=day)
    )
