"""Invoiced fees in the store: a billing file's fees (already checked by the file reader)
imported all or nothing, set through the API, and read back.

A fee is known by its contract, service ("" for the whole contract) and month: importing
it again replaces the amount; months a file does not name stay as they were. A row naming
an unknown contract or a service the contract does not have refuses the whole import,
naming the row and the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from slaledger.adapters.db import figure_marks
from slaledger.adapters.db.errors import ImportRefused, NotFound
from slaledger.adapters.db.models import Contract, InvoicedFeeRecord
from slaledger.adapters.db.writer import Writer, audit_import
from slaledger.adapters.files.problems import Problem
from slaledger.domain.commercial.prices import InvoicedFee
from slaledger.domain.contract.values import Money
from slaledger.domain.message import Items, msg
from slaledger.domain.periods import Month
from slaledger.services.currency import currency_decimals


def _problems(store: Writer, fees: Sequence[InvoicedFee], file: str) -> list[Problem]:
    problems = []
    for index, fee in enumerate(fees, start=1):
        row = fee.row or index
        try:
            contract = store.contract(fee.contract)
        except NotFound:
            problems.append(
                Problem(
                    file,
                    "contract",
                    msg("store.expected.stored-contract"),
                    repr(fee.contract),
                    row=row,
                )
            )
            continue
        names = {s.name for s in contract.services}
        if fee.service is not None and fee.service not in names:
            known = (
                msg(
                    "store.expected.service-or-nothing",
                    contract=fee.contract,
                    known=Items(tuple(sorted(names)), "comma"),
                )
                if names
                else msg("store.expected.service-or-nothing-none", contract=fee.contract)
            )
            problems.append(
                Problem(
                    file,
                    "service",
                    known,
                    repr(fee.service),
                    row=row,
                )
            )
    return problems


def import_fees(store: Writer, fees: Sequence[InvoicedFee], file: str) -> int:
    """Store the fees (all or nothing: ``ImportRefused`` names each bad row)."""
    problems = _problems(store, fees, file)
    if problems:
        raise ImportRefused(problems)
    now = store.clock()
    by_contract: dict[str, list[InvoicedFee]] = {}
    for fee in fees:
        by_contract.setdefault(fee.contract, []).append(fee)
    for key, group in by_contract.items():
        contract = store.contract(key)
        known = {
            (r.service, r.month): r
            for r in store.session.scalars(
                select(InvoicedFeeRecord).where(InvoicedFeeRecord.contract_id == contract.id)
            )
        }
        for fee in group:
            where = (fee.service or "", str(fee.month))
            record = known.get(where)
            if record is None:
                record = InvoicedFeeRecord(
                    contract_id=contract.id, service=where[0], month=where[1]
                )
                store.session.add(record)
                known[where] = record
            record.amount = fee.fee.amount
            record.currency = fee.fee.currency
            record.source = fee.source[:500]
            record.imported_at = now
        store.session.flush()
        figure_marks.fees_written(store.session, contract.id)
        lines = (f"{f.service or ''},{f.month},{f.fee.amount},{f.fee.currency}" for f in group)
        audit_import(store, "invoiced_fee", key, file, lines)
    return len(fees)


def replace_fees(store: Writer, contract_key: str, fees: Sequence[InvoicedFee], source: str) -> int:
    """The contract's invoiced fees become ``fees`` (those it does not name are removed)."""
    contract = store.contract(contract_key)
    store.session.execute(
        delete(InvoicedFeeRecord).where(InvoicedFeeRecord.contract_id == contract.id)
    )
    figure_marks.fees_written(store.session, contract.id)
    store.session.flush()
    return import_fees(store, fees, source)


def _amount(value: Decimal, currency: str) -> Decimal:
    """The stored amount (6 decimals in the column) in the currency's minor unit."""
    return value.quantize(Decimal(1).scaleb(-currency_decimals(currency)))


def stored_fees(session: Session, contract: Contract) -> tuple[InvoicedFee, ...]:
    """The contract's invoiced fees, by month then service."""
    return fees_of(session, {contract.id: contract.key}).get(contract.id, ())


def fees_of(session: Session, keys: Mapping[int, str]) -> dict[int, tuple[InvoicedFee, ...]]:
    """The invoiced fees of each contract id -> key, by month then service: one query for
    all (the pages that list contracts)."""
    found: dict[int, list[InvoicedFee]] = {cid: [] for cid in keys}
    if not keys:
        return {}
    records = session.scalars(
        select(InvoicedFeeRecord)
        .where(InvoicedFeeRecord.contract_id.in_(sorted(keys)))
        .order_by(InvoicedFeeRecord.month, InvoicedFeeRecord.service)
    )
    for r in records:
        found[r.contract_id].append(
            InvoicedFee(
                contract=keys[r.contract_id],
                service=r.service or None,
                month=Month.parse(r.month),
                fee=Money(_amount(r.amount, r.currency), r.currency),
                source=r.source,
            )
        )
    return {cid: tuple(fees) for cid, fees in found.items()}
