"""The credit notes' rows for billing exports (``services/credit_exports``), read from the
store: each note with its claim, contract, customer and the clause of the credit
schedule that earned it. A month or year of issue is the contract's local one (as the
note's number: a grant at 00:30 on 1 January in Paris is of the new year)."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import select

from slaledger.adapters.db.models import Contract, CreditClaim, CreditNote
from slaledger.adapters.db.store import Store
from slaledger.domain.contract.contract import Contract as Terms
from slaledger.domain.contract.credits import CreditUnit
from slaledger.domain.periods import Month
from slaledger.services.availability import AvailabilityError
from slaledger.services.claims import credit_schedule
from slaledger.services.credit_exports import NoteRow, note_status


def note_rows(
    store: Store, *, year: int, month: Month | None = None, customer_id: int | None = None
) -> list[NoteRow]:
    """The notes issued in ``year`` (in ``month`` of it when given), of one customer when
    ``customer_id`` is given, in the order of their numbers."""
    query = (
        select(CreditNote, CreditClaim, Contract)
        .join(CreditClaim, CreditNote.claim_id == CreditClaim.id)
        .join(Contract, CreditClaim.contract_id == Contract.id)
        .where(CreditNote.year == year)
        .order_by(CreditNote.provider_id, CreditNote.year, CreditNote.seq)
    )
    if customer_id is not None:
        query = query.where(Contract.customer_id == customer_id)
    terms = cache(lambda key: store.loaded_contract(key).contract)
    rows = []
    for note, claim, contract in store.session.execute(query):
        contract_terms = terms(contract.key)
        local = note.issued_at.astimezone(ZoneInfo(contract_terms.timezone))
        if month is not None and (local.year, local.month) != (month.year, month.month):
            continue
        owed = claim.percent if claim.unit == CreditUnit.PERCENT_OF_FEE.value else claim.days
        rows.append(
            NoteRow(
                number=note.number,
                issued_at=local,
                contract=contract.key,
                customer=contract.customer.name,
                service=claim.service,
                month=claim.month,
                granted=None if claim.granted is None else claim.granted.normalize(),
                unit=claim.unit,
                amount=claim.amount,
                currency=claim.currency,
                clause=_clause(contract_terms, claim.service),
                status=note_status(owed, claim.granted),
            )
        )
    return rows


def _clause(terms: Terms, service: str) -> str:
    """The credit schedule's clause id (the service's, else the contract's default)."""
    for named in (service, None):
        try:
            return credit_schedule(terms, named).clause.id
        except AvailabilityError:
            continue
    return ""
