"""Liability caps from what the customer paid or was invoiced.

- PREVISOFT (003): the price paid in the twelve months immediately before the breach:
  payments made from the same day twelve months earlier up to the day before the
  breach (a payment on the day of the breach is not "before" it).
- IMRI (004): the sums invoiced "sur l'année en cours": invoices issued from 1 January
  of the breach's year up to the breach's day included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from slaledger.domain.commercial.money import round_money
from slaledger.domain.commercial.payments import Invoice
from slaledger.domain.contract.commercial import CapBasis, LiabilityCap
from slaledger.domain.obligations.dates import add_months


@dataclass(frozen=True)
class CapResult:
    clause_id: str
    article: str
    basis: CapBasis
    first: date
    last: date
    invoices: tuple[str, ...]
    cap: Decimal


def liability_cap(cap: LiabilityCap, *, invoices: Sequence[Invoice], breach: date) -> CapResult:
    if cap.basis is CapBasis.FEES_PAID_PRECEDING_12_MONTHS:
        first, last = add_months(breach, -12), breach - timedelta(days=1)
        counted = [i for i in invoices if i.paid is not None and first <= i.paid <= last]
    else:
        first, last = date(breach.year, 1, 1), breach
        counted = [i for i in invoices if first <= i.issued <= last]
    return CapResult(
        clause_id=cap.clause.id,
        article=cap.clause.article,
        basis=cap.basis,
        first=first,
        last=last,
        invoices=tuple(i.id for i in counted),
        cap=round_money(sum((i.amount for i in counted), Decimal(0))),
    )
