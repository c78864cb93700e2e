"""Payment due dates and late-payment penalties, from invoices and a legal-rate series.

- Due date: the invoice's own due date when it gives one, else the contract's payment
  term from the issue date (PREVISOFT: 30 days; IMRI: on receipt, read as the issue
  date). The invoice is due by the end of that day.
- Lateness runs from the day after the due date to the payment date (or the date of the
  computation, for an unpaid invoice), both included: paid one day late is one day.
- Interest is simple, on the invoice amount, at the annual rate the contract gives
  (PREVISOFT: 3 x the legal rate; IMRI: the legal rate + 5 points), day by day:
  ``amount x rate / 100 x days / 365`` (days / 365 also in leap years). Which day's
  legal rate is the clause's ``legal_rate_on``: ``quote-date`` fixes it on the day the
  quote was issued, for every day late (PREVISOFT: "en vigueur à la date d'émission du
  devis"): the invoice's own quote date when it gives one, else the contract's
  ``quote_date``, and an error when neither is known; ``each-day`` reads the rate in force
  on each day late (IMRI). A date given by the caller overrides both.
- A late invoice also owes the contract's fixed recovery fee (PREVISOFT: 40 EUR), once.
- Interest and totals are rounded once, at the end, to the cent, half up.
- More than N days of late payment opens the right to terminate: from the day N + 1
  days after the due date (PREVISOFT: 90).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from slaledger.domain.commercial.money import HUNDRED, round_money
from slaledger.domain.contract.commercial import LatePenalty, LegalRateDate, PaymentTerms
from slaledger.domain.contract.values import Blank
from slaledger.domain.obligations.dates import add_civil_to_date, is_civil

DAYS_PER_YEAR = Decimal(365)


class MissingQuoteDateError(LookupError):
    """The clause fixes the legal rate on the quote's date, and no quote date is known."""

    def __init__(self, invoice: str, clause_id: str) -> None:
        self.invoice = invoice
        self.clause_id = clause_id
        super().__init__(
            f"invoice {invoice}: clause {clause_id} reads the legal rate on the quote's date, "
            "and no quote date is known"
        )


class MissingRateError(LookupError):
    """The legal-rate series does not reach back to a day that needs a rate."""

    def __init__(self, day: date) -> None:
        self.day = day
        super().__init__(f"no legal rate in force on {day.isoformat()}")


@dataclass(frozen=True)
class Invoice:
    id: str
    issued: date
    amount: Decimal
    paid: date | None = None
    due: date | None = None
    quoted: date | None = None  # the day its quote (devis) was issued, when known


@dataclass(frozen=True)
class LegalRate:
    """The legal interest rate, in percent a year, in force from ``start``."""

    start: date
    percent: Decimal


@dataclass(frozen=True)
class LegalRates:
    rates: tuple[LegalRate, ...]

    @classmethod
    def of(cls, rates: Sequence[LegalRate]) -> LegalRates:
        ordered = tuple(sorted(rates, key=lambda r: r.start))
        if len({r.start for r in ordered}) != len(ordered):
            raise ValueError("a legal-rate series gives each start date once")
        return cls(ordered)

    def at(self, day: date) -> LegalRate:
        index = bisect.bisect_right([r.start for r in self.rates], day) - 1
        if index < 0:
            raise MissingRateError(day)
        return self.rates[index]

    def pieces(self, first: date, last: date) -> list[tuple[date, date, LegalRate]]:
        """[first, last] cut where the rate changes: (first day, last day, rate)."""
        pieces = []
        day = first
        while day <= last:
            rate = self.at(day)
            following = [r.start for r in self.rates if r.start > day]
            end = min(last, following[0] - timedelta(days=1)) if following else last
            pieces.append((day, end, rate))
            day = end + timedelta(days=1)
        return pieces


def due_date(invoice: Invoice, terms: PaymentTerms | None) -> date:
    """The last day to pay ``invoice`` (see the module docs)."""
    if invoice.due is not None:
        return invoice.due
    if terms is None or terms.due is None:
        return invoice.issued
    duration = terms.due.duration
    if isinstance(duration, Blank):
        raise ValueError(f"clause {terms.clause.id}: the payment term is blank")
    if is_civil(duration):
        return add_civil_to_date(invoice.issued, duration)
    if duration.fixed_seconds == 0:
        return invoice.issued
    raise ValueError(f"clause {terms.clause.id}: a payment term in days, not '{duration}'")


@dataclass(frozen=True)
class PenaltyPiece:
    first: date
    last: date
    days: int
    legal_rate: Decimal
    annual_rate: Decimal
    interest: Decimal  # unrounded


@dataclass(frozen=True)
class LatePayment:
    invoice: Invoice
    clause_id: str
    article: str
    due: date
    until: date
    days_late: int
    rate_rule: str
    rate_fixed_on: date | None
    #: where ``rate_fixed_on`` comes from: "invoice-quote-date", "contract-quote-date",
    #: "given" (by the caller), "each-day" (no fixed day), or "unknown" (paid on time,
    #: no quote date needed)
    rate_day_source: str
    pieces: tuple[PenaltyPiece, ...]
    interest: Decimal
    fixed_fee: Decimal
    termination_right_from: date | None

    @property
    def total(self) -> Decimal:
        return self.interest + self.fixed_fee

    @property
    def paid(self) -> bool:
        return self.invoice.paid is not None and self.invoice.paid <= self.until


def annual_rate(penalty: LatePenalty, legal: Decimal) -> Decimal:
    if penalty.legal_rate_multiple is not None:
        return legal * penalty.legal_rate_multiple
    if penalty.legal_rate_plus_points is not None:
        return legal + penalty.legal_rate_plus_points
    return Decimal(0)


def rate_rule(penalty: LatePenalty) -> str:
    if penalty.legal_rate_multiple is not None:
        return f"{penalty.legal_rate_multiple} x the legal rate"
    if penalty.legal_rate_plus_points is not None:
        return f"the legal rate + {penalty.legal_rate_plus_points} points"
    return "no interest"


def legal_rate_day(
    invoice: Invoice,
    penalty: LatePenalty,
    *,
    quote_date: date | None = None,
    given: date | None = None,
) -> tuple[date | None, str]:
    """The one day whose legal rate applies to every day late (None: each day's own),
    and where it comes from (see the module docs)."""
    if given is not None:
        return given, "given"
    if penalty.legal_rate_on is LegalRateDate.EACH_DAY:
        return None, "each-day"
    if invoice.quoted is not None:
        return invoice.quoted, "invoice-quote-date"
    if quote_date is not None:
        return quote_date, "contract-quote-date"
    raise MissingQuoteDateError(invoice.id, penalty.clause.id)


def late_payment(
    invoice: Invoice,
    *,
    penalty: LatePenalty,
    terms: PaymentTerms | None,
    rates: LegalRates,
    at: date,
    quote_date: date | None = None,
    rate_fixed_on: date | None = None,
) -> LatePayment:
    """What ``invoice`` owes for late payment, computed on ``at``. ``quote_date`` is the
    contract's; ``rate_fixed_on`` overrides the clause's choice of day."""
    due = due_date(invoice, terms)
    until = min(invoice.paid, at) if invoice.paid is not None else at
    days_late = max((until - due).days, 0)
    try:
        fixed, source = legal_rate_day(invoice, penalty, quote_date=quote_date, given=rate_fixed_on)
    except MissingQuoteDateError:
        if days_late:
            raise
        fixed, source = None, "unknown"  # on time: no rate needed
    pieces: list[PenaltyPiece] = []
    if days_late:
        first, last = due + timedelta(days=1), until
        spans = [(first, last, rates.at(fixed))] if fixed is not None else rates.pieces(first, last)
        for begin, end, legal in spans:
            days = (end - begin).days + 1
            rate = annual_rate(penalty, legal.percent)
            interest = invoice.amount * rate / HUNDRED * days / DAYS_PER_YEAR
            pieces.append(PenaltyPiece(begin, end, days, legal.percent, rate, interest))
    fee = Decimal(0)
    if days_late and penalty.fixed_fee is not None:
        fee = penalty.fixed_fee.amount
    right = None
    if penalty.termination_after is not None:
        right = add_civil_to_date(due, penalty.termination_after) + timedelta(days=1)
    return LatePayment(
        invoice=invoice,
        clause_id=penalty.clause.id,
        article=penalty.clause.article,
        due=due,
        until=until,
        days_late=days_late,
        rate_rule=rate_rule(penalty),
        rate_fixed_on=fixed,
        rate_day_source=source,
        pieces=tuple(pieces),
        interest=round_money(sum((p.interest for p in pieces), Decimal(0))),
        fixed_fee=round_money(fee),
        termination_right_from=right,
    )
