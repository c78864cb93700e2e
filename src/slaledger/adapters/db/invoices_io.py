"""Invoices in the store: an invoices file (already checked by the file reader) imported
all or nothing, and read back as the domain's ``Invoice`` objects.

An invoice is known by its number within its contract: uploading a file again updates the
invoices it names (a payment day that arrived since) and adds the others; invoices the
file does not name stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from slaledger.adapters.db.models import Contract, InvoiceRecord
from slaledger.adapters.db.writer import Writer, audit_import
from slaledger.domain.commercial.money import CENT
from slaledger.domain.commercial.payments import Invoice


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def import_invoices(
    store: Writer, contract_key: str, invoices: Sequence[Invoice], source: str = ""
) -> int:
    contract = store.contract(contract_key)
    known = {
        r.number: r
        for r in store.session.scalars(
            select(InvoiceRecord).where(InvoiceRecord.contract_id == contract.id)
        )
    }
    for row, invoice in enumerate(invoices, start=1):
        record = known.get(invoice.id)
        if record is None:
            record = InvoiceRecord(contract_id=contract.id, number=invoice.id)
            store.session.add(record)
        record.issued = invoice.issued.isoformat()
        record.amount = invoice.amount
        record.paid = _day(invoice.paid)
        record.due = _day(invoice.due)
        record.quote_date = _day(invoice.quoted)
        record.source = source
        record.row = row
    store.session.flush()
    lines = (f"{i.id},{i.issued},{i.amount},{i.paid},{i.due},{i.quoted}" for i in invoices)
    return audit_import(store, "invoice", contract_key, source, lines)


def _amount(value: Decimal) -> Decimal:
    """The stored amount (6 decimals in the column) with the cents it was given with."""
    cents = value.quantize(CENT)
    return cents if cents == value else value.normalize()


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def stored_invoices(session: Session, contract: Contract) -> tuple[Invoice, ...]:
    """The contract's invoices, by issue day then number."""
    records = session.scalars(
        select(InvoiceRecord)
        .where(InvoiceRecord.contract_id == contract.id)
        .order_by(InvoiceRecord.issued, InvoiceRecord.number)
    )
    return tuple(
        Invoice(
            id=r.number,
            issued=date.fromisoformat(r.issued),
            amount=_amount(r.amount),
            paid=_date(r.paid),
            due=_date(r.due),
            quoted=_date(r.quote_date),
        )
        for r in records
    )
