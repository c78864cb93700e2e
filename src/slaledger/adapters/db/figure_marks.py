"""Writes mark the stored figures they can change, in the writing transaction.

A month's figures read the inputs overlapping the month and the eleven before it (the
rolling 12 months, the rolling KPIs), and an incident's clocks read its whole log. So a
write marks dirty:

- an outage, interruption, maintenance window or observed period over ``[start, end)``:
  the months from the one before ``start`` (month boundaries are the contract's zone's,
  a UTC month either side covers them) to twelve after ``end``;
- an incident event: the same span over the incident's whole log (its first to its last
  event, the new or removed one included);
- a service opening date, a contract event (the suspension clauses): every month.

Each mark also deletes the contract's budget cells (``budget_cells``) of the months marked;
a fee write (``fees_written``) deletes them all (the stored figures read no fee).

A new contract version needs no mark: each stored month carries the version it was
computed with, and a month of another version is not read.

Each mark also bumps the contract's generation (the row of month ``*``): a computation
that read its inputs before a mark is not stored (``figure_cache.store``), so a result
computed in the background never overwrites a write that committed meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from slaledger.adapters.db.models import (
    FigureCache,
    Incident,
    IncidentEvent,
    Interruption,
    MaintenanceWindow,
    ObservedPeriod,
    Outage,
    Service,
    StoredBudgetCell,
)

#: the row holding a contract's generation
GENERATION_MONTH = "*"
#: months after an input's end that its figures reach (the rolling 12 months)
REACH_MONTHS = 12
_SPANNED = (Outage, Interruption, MaintenanceWindow, ObservedPeriod)
_FIRST, _LAST = "0000-00", "9999-99"


def month_label(at: datetime, shift: int = 0) -> str:
    at = at.astimezone(UTC)
    index = at.year * 12 + at.month - 1 + shift
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def span_months(start: datetime, end: datetime) -> tuple[str, str]:
    """The first and last month label the inputs of ``[start, end)`` can change."""
    return month_label(start, -1), month_label(end, REACH_MONTHS)


def mark(session: Session, contract_id: int, first: str = _FIRST, last: str = _LAST) -> None:
    """Mark the contract's stored months ``first``..``last`` (labels) dirty, and bump its
    generation."""
    table = FigureCache.__table__
    values = {
        "contract_id": contract_id,
        "service": "",
        "month": GENERATION_MONTH,
        "version_sha256": "",
        "fingerprint": "",
        "dirty": False,
        "generation": 1,
    }
    dialect = session.get_bind().dialect.name
    maker: Any = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = maker(table).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["contract_id", "service", "month"],
            set_={"generation": table.c.generation + 1},
        )
    )
    session.execute(
        update(FigureCache)
        .where(
            FigureCache.contract_id == contract_id,
            FigureCache.month != GENERATION_MONTH,
            FigureCache.month >= first,
            FigureCache.month <= last,
        )
        .values(dirty=True, generation=FigureCache.generation + 1)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(StoredBudgetCell)
        .where(
            StoredBudgetCell.contract_id == contract_id,
            StoredBudgetCell.month >= first,
            StoredBudgetCell.month <= last,
        )
        .execution_options(synchronize_session=False)
    )


def fees_written(session: Session, contract_id: int) -> None:
    """After a write of the contract's invoiced fees: its budget cells (they show money
    at stake) are deleted, and its generation bumped (a cell computed with the old fees
    is not stored)."""
    mark(session, contract_id, GENERATION_MONTH, GENERATION_MONTH)
    session.execute(
        delete(StoredBudgetCell)
        .where(StoredBudgetCell.contract_id == contract_id)
        .execution_options(synchronize_session=False)
    )


def mark_spans(session: Session, spans: Iterable[tuple[int, datetime, datetime]]) -> None:
    """Mark each (contract id, start, end) span's months, merged per contract."""
    merged: dict[int, tuple[str, str]] = {}
    for contract_id, start, end in spans:
        first, last = span_months(start, max(start, end))
        known = merged.get(contract_id)
        merged[contract_id] = (first, last) if known is None else (
            min(known[0], first), max(known[1], last)
        )  # fmt: skip
    for contract_id, (first, last) in sorted(merged.items()):
        mark(session, contract_id, first, last)


def incidents_written(session: Session, incident_ids: Iterable[int]) -> None:
    """Mark the months of each incident's whole log, as stored now."""
    ids = sorted(set(incident_ids))
    if not ids:
        return
    session.flush()
    rows = session.execute(
        select(Incident.contract_id, func.min(IncidentEvent.at), func.max(IncidentEvent.at))
        .join(IncidentEvent, IncidentEvent.incident_id == Incident.id)
        .where(Incident.id.in_(ids))
        .group_by(Incident.id, Incident.contract_id)
    ).all()
    mark_spans(session, [(r[0], r[1], r[2]) for r in rows])


def rows_written(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """After a bulk insert of ``rows`` (or before a bulk delete, the rows it removes)."""
    if not rows:
        return
    if model is IncidentEvent:
        incidents_written(session, (int(r["incident_id"]) for r in rows))
        return
    if model not in _SPANNED:
        return
    if model is ObservedPeriod:
        spans = [(int(r["contract_id"]), r["start"], r["end"]) for r in rows]
    else:
        services = {int(r["service_id"]) for r in rows}
        owner = {
            r[0]: r[1]
            for r in session.execute(
                select(Service.id, Service.contract_id).where(Service.id.in_(sorted(services)))
            )
        }
        spans = [(owner[int(r["service_id"])], r["start"], r["end"]) for r in rows]
    mark_spans(session, spans)


def before_delete(session: Session, model: Any, *where: Any) -> None:
    """Mark what the bulk delete of ``model`` rows matching ``where`` removes."""
    if model is IncidentEvent:
        ids = session.scalars(select(IncidentEvent.incident_id).where(*where).distinct())
        incidents_written(session, list(ids))
        return
    if model not in _SPANNED:
        return
    columns = [model.start, model.end]
    if model is ObservedPeriod:
        columns.insert(0, model.contract_id)
        found = session.execute(select(*columns).where(*where)).all()
        mark_spans(session, [(r[0], r[1], r[2]) for r in found])
        return
    found = session.execute(
        select(Service.contract_id, *columns)
        .select_from(model)
        .join(Service, Service.id == model.service_id)
        .where(*where)
    ).all()
    mark_spans(session, [(r[0], r[1], r[2]) for r in found])
