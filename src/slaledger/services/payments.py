"""Use case: the late-payment penalties of invoices on a day (``sla penalties``, and the
ledger's figures of the late-payment clauses).

Each invoice is judged under the one late-payment clause in force on its issue day and
the payment terms in force then; the pure computation is
``slaledger.domain.commercial.payments.late_payment``. Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slaledger.domain.commercial.payments import (
    Invoice,
    LatePayment,
    LegalRates,
    MissingRateError,
    late_payment,
)
from slaledger.domain.contract.clause import in_force
from slaledger.domain.contract.commercial import LatePenalty
from slaledger.domain.contract.contract import Contract


class LatePaymentClauseError(ValueError):
    """Not exactly one late-payment clause is in force on an invoice's issue day."""

    def __init__(self, on: date, clauses: Sequence[str]) -> None:
        self.on = on
        self.clauses = tuple(clauses)
        ids = ", ".join(self.clauses) or "none"
        super().__init__(f"one late payment clause in force on {on.isoformat()} (clauses: {ids})")


class InvoiceRateError(MissingRateError):
    """The legal-rate series does not reach back to a day an invoice needs."""

    def __init__(self, invoice: str, day: date) -> None:
        super().__init__(day)
        self.invoice = invoice


def penalty_clause(contract: Contract, on: date) -> LatePenalty:
    """The one late-payment clause in force on ``on``."""
    chosen = in_force(contract.commercial.late_payment, on)
    if len(chosen) != 1:
        raise LatePaymentClauseError(on, sorted(c.clause.id for c in chosen))
    return chosen[0]


def late_payments(
    *,
    contract: Contract,
    invoices: Sequence[Invoice],
    rates: LegalRates,
    at: date,
    rate_fixed_on: date | None = None,
) -> list[LatePayment]:
    """Each invoice's due date, days late and penalty on ``at``, in the file's order.

    Raises ``LatePaymentClauseError``, the domain's ``MissingQuoteDateError`` when the
    clause needs a quote date no input gives, ``InvoiceRateError`` when it needs a rate
    the series lacks."""
    commercial = contract.commercial
    results: list[LatePayment] = []
    for invoice in invoices:
        terms = in_force(commercial.payment_terms, invoice.issued)
        penalty = penalty_clause(contract, invoice.issued)
        try:
            result = late_payment(
                invoice,
                penalty=penalty,
                terms=terms[0] if terms else None,
                rates=rates,
                at=at,
                quote_date=commercial.quote_date,
                rate_fixed_on=rate_fixed_on,
            )
        except MissingRateError as exc:
            raise InvoiceRateError(invoice.id, exc.day) from None
        results.append(result)
    return results
