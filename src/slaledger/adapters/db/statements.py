"""A stored contract's monthly statement: the Store's loaders fed to
``services.statements.build_statement`` (the API's statements and the backup tests use it,
so a statement from storage is always gathered the same way)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from slaledger.adapters.db.claim_flow import credited_notes
from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.models import AuditEntry, Contract
from slaledger.adapters.db.store import Store
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month
from slaledger.services.fees import FeeBook
from slaledger.services.statements import AuditAnchor, Statement, build_statement


def stored_statement(
    store: Store,
    contract: Contract,
    *,
    month: Month,
    loaded: LoadedContract | None = None,
    fee: Money | None = None,
    now: datetime | None = None,
    audience: str = "provider",
    release: bool = False,
) -> Statement:
    """The statement of ``month`` for the stored ``contract``, from its outages and
    measured interruptions, maintenance windows, incident events, obligation events (its
    suspension clauses), service opening, invoices (the liability caps; none stored: no
    caps shown) and credit notes (those issued in the month are credited on it). The fee:
    ``fee`` when given, else the invoiced fees stored, else the contract's prices
    (docs/billing.md).
    ``loaded`` gives the terms when the caller already holds them (default: the latest
    stored version). ``release``: give the store's connection back once everything is
    read, before the statement is computed.

    The statement's number carries the latest stored version's number, its issue date
    is the store clock's day, and its audit anchor is the chain's last entry once
    everything is read (every upload and import the figures use precedes it)."""
    terms = loaded if loaded is not None else store.loaded_contract(contract.key)
    observations = store.observations(contract.key)
    events, opened = store.incident_table(contract.key), opening_date(contract)
    invoices = store.invoices(contract.key) or None
    book = FeeBook(invoiced=store.invoiced_fees(contract.key))
    latest = store.latest_version(contract)
    account = contract.customer.name
    credited = credited_notes(store, contract)
    zone = ZoneInfo(terms.contract.timezone)
    anchor = audit_anchor(store, zone)
    issued = store.clock().astimezone(zone).date()
    if release:
        store.release()
    return build_statement(
        loaded_contract=terms,
        calendars=contract_calendars(terms.contract),
        month=month,
        outages=observations.outages,
        maintenance=observations.maintenance,
        events=events,
        fee=fee,
        fee_book=book,
        opened=opened,
        now=now,
        audience=audience,
        invoices=invoices,
        min_coverage=observations.min_coverage,
        contract_events=observations.contract_events,
        version=latest.number if latest is not None else None,
        issued=issued,
        anchor=anchor,
        account=account,
        credit_notes=credited,
    )


def audit_anchor(store: Store, zone: ZoneInfo) -> AuditAnchor | None:
    """The audit chain's last entry, its instant in ``zone`` (None: an empty chain)."""
    last = store.session.execute(
        select(AuditEntry.seq, AuditEntry.hash, AuditEntry.at)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    if last is None:
        return None
    at = last.at if last.at.tzinfo is not None else last.at.replace(tzinfo=UTC)
    return AuditAnchor(seq=last.seq, hash=last.hash, at=at.astimezone(zone))
