"""The contracts page's error-budget cells, stored: each contract's cell of its current
month (``services.budget_cell``) with the contract version, a fingerprint of the inputs
and fee book it was computed from, and the instant it goes stale (``stale_after``: the
next dated input, or the month's end).

``budget_cells`` answers the contracts asked in one query: a stored cell is read when it
is of the month asked, of the contract's latest version, and "now" is before its
``stale_after``; any other is computed from the contract's observations, stored (unless
it changes by the second: an interruption in progress) and returned. A write that marks
the contract's figure months deletes its cells, and bumps its generation: a cell
computed from inputs read before the write is not stored (``figure_marks``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from slaledger.adapters.db import figure_cache
from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.models import Contract, ContractVersion, StoredBudgetCell
from slaledger.adapters.db.store import Store
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.periods import Month
from slaledger.services import figure_codec
from slaledger.services.budget_cell import BudgetCell, SteadyCell, steady_cell
from slaledger.services.fees import FeeBook
from slaledger.services.month_figures import MonthInputs


@dataclass(frozen=True)
class Asked:
    """A contract whose cell is asked, with what the page already read of it."""

    key: str
    loaded: LoadedContract
    opened: date | None
    book: FeeBook


def asked_of(store: Store, key: str) -> Asked:
    """What the contracts page reads of the contract to ask its cell (``store_source``)."""
    return Asked(
        key=key, loaded=store.loaded_contract(key), opened=opening_date(store.contract(key)),
        book=FeeBook(invoiced=store.invoiced_fees(key)),
    )  # fmt: skip


def current_month(zone: str, at: int) -> Month:
    local = datetime.fromtimestamp(at, tz=ZoneInfo(zone))
    return Month(local.year, local.month)


def budget_cells(store: Store, asked: Sequence[Asked], *, at: int) -> dict[str, BudgetCell | None]:
    """Each asked contract's cell of the month ``at`` falls in (in its zone), as known
    at ``at``: stored ones when valid, the others computed (and stored when steady).
    Commits nothing: the caller's transaction does."""
    if not asked:
        return {}
    session = store.session
    keys = [a.key for a in asked]
    ids: dict[str, int] = {
        key: cid
        for key, cid in session.execute(
            select(Contract.key, Contract.id).where(Contract.key.in_(keys))
        )
    }
    versions = _latest_versions(session, list(ids.values()))
    months = {a.key: str(current_month(a.loaded.contract.timezone, at)) for a in asked}
    moment = figure_cache.instant(at)
    stored: dict[int, tuple[str, str, str, datetime]] = {
        r.contract_id: (r.month, r.version_sha256, r.payload, r.stale_after)
        for r in session.execute(
            select(
                StoredBudgetCell.contract_id, StoredBudgetCell.month,
                StoredBudgetCell.version_sha256, StoredBudgetCell.payload,
                StoredBudgetCell.stale_after,
            ).where(
                StoredBudgetCell.contract_id.in_(sorted(ids.values())),
                StoredBudgetCell.service == "",
                StoredBudgetCell.month.in_(sorted(set(months.values()))),
            )
        )
    }  # fmt: skip
    found: dict[str, BudgetCell | None] = {}
    for item in asked:
        cid = ids[item.key]
        version = versions.get(cid, "")
        row = stored.get(cid)
        if row is not None and row[0] == months[item.key] and row[1] == version and row[3] > moment:
            value = figure_codec.loads(row[2])
            if value is None or isinstance(value, BudgetCell):
                found[item.key] = value
                continue
        found[item.key] = _computed(store, item, cid, version, at)
    return found


def stored_cells(store: Store, key: str, *, at: int) -> list[StoredBudgetCell]:
    """The contract's stored cells a read at ``at`` would use: of the month ``at`` falls
    in, of the contract's latest version, not stale yet."""
    contract = store.contract(key)
    version = _latest_versions(store.session, [contract.id]).get(contract.id)
    if version is None:
        return []
    month = str(current_month(store.loaded_contract(key).contract.timezone, at))
    rows = store.session.scalars(
        select(StoredBudgetCell).where(
            StoredBudgetCell.contract_id == contract.id,
            StoredBudgetCell.service == "",
            StoredBudgetCell.month == month,
            StoredBudgetCell.version_sha256 == version,
        )
    )
    moment = figure_cache.instant(at)
    return [row for row in rows if row.stale_after > moment]


def _latest_versions(session: Session, ids: Sequence[int]) -> dict[int, str]:
    latest: dict[int, tuple[int, str]] = {}
    for cid, number, sha in session.execute(
        select(ContractVersion.contract_id, ContractVersion.number, ContractVersion.sha256).where(
            ContractVersion.contract_id.in_(sorted(ids))
        )
    ):
        if cid not in latest or number > latest[cid][0]:
            latest[cid] = (number, sha)
    return {cid: sha for cid, (_, sha) in latest.items()}


def computed_cell(store: Store, item: Asked, *, at: int) -> SteadyCell:
    """The cell computed from the contract's inputs as stored now (nothing read from or
    written to the cells)."""
    return _steady(store, item, at)[0]


def _steady(store: Store, item: Asked, at: int) -> tuple[SteadyCell, MonthInputs]:
    contract = item.loaded.contract
    calendars = contract_calendars(contract)
    observations = store.observations(item.key, now=figure_cache.instant(at))
    steady = steady_cell(
        contract=contract, month=current_month(contract.timezone, at), at=at,
        observations=observations, calendars=calendars, opened=item.opened, book=item.book,
    )  # fmt: skip
    inputs = MonthInputs(contract, calendars, observations, None, None, item.opened)
    return steady, inputs


def _computed(store: Store, item: Asked, cid: int, version: str, at: int) -> BudgetCell | None:
    session = store.session
    generation = figure_cache.contract_generation(session, cid)
    steady, inputs = _steady(store, item, at)
    if steady.until is None or not figure_cache.claim(session, cid, generation):
        return steady.cell
    month = str(current_month(item.loaded.contract.timezone, at))
    session.execute(
        delete(StoredBudgetCell)
        .where(StoredBudgetCell.contract_id == cid, StoredBudgetCell.month != month)
        .execution_options(synchronize_session=False)
    )
    values = {
        "contract_id": cid,
        "service": "",
        "month": month,
        "version_sha256": version,
        "fingerprint": cell_fingerprint(inputs, version, item.book),
        "payload": figure_codec.dumps(steady.cell),
        "computed_at": store.clock(),
        "stale_after": figure_cache.instant(steady.until),
    }
    maker: Any = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = maker(StoredBudgetCell.__table__).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["contract_id", "service", "month"],
            set_={k: statement.excluded[k] for k in values},
        )
    )
    return steady.cell


def cell_fingerprint(inputs: MonthInputs, version: str, book: FeeBook) -> str:
    """sha256 of what a cell is computed from: the figure cache's fingerprint of the
    inputs and version, and the fee book."""
    sha = hashlib.sha256(figure_cache.inputs_fingerprint(inputs, version).encode())
    sha.update(repr((tuple(book.invoiced), sorted(book.indexes.items()))).encode())
    return sha.hexdigest()
