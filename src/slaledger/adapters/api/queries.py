"""Read-only lookups the Store does not offer, on its session (listings for pages)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from slaledger.adapters.db.models import (
    Contract,
    Incident,
    IncidentEvent,
    MaintenanceWindow,
    Outage,
    Service,
)
from slaledger.adapters.db.store import Store


def incident(store: Store, contract: Contract, key: str) -> Incident | None:
    return store.session.scalar(
        select(Incident).where(Incident.contract_id == contract.id, Incident.key == key)
    )


def events(store: Store, row: Incident) -> list[IncidentEvent]:
    return list(
        store.session.scalars(
            select(IncidentEvent)
            .where(IncidentEvent.incident_id == row.id)
            .order_by(IncidentEvent.at, IncidentEvent.id)
        )
    )


def incidents_started(
    store: Store, contract: Contract, start: datetime | None, end: datetime | None
) -> list[str]:
    """Keys of the contract's incidents notified in ``[start, end)``, in key order."""
    first = (
        select(IncidentEvent.incident_id, func.min(IncidentEvent.at).label("at"))
        .where(IncidentEvent.event == "notified")
        .group_by(IncidentEvent.incident_id)
        .subquery()
    )
    query = (
        select(Incident.key)
        .outerjoin(first, first.c.incident_id == Incident.id)
        .where(Incident.contract_id == contract.id)
        .order_by(Incident.key)
    )
    if start is not None:
        query = query.where(first.c.at >= start)
    if end is not None:
        query = query.where(first.c.at < end)
    return list(store.session.scalars(query))


def outages(
    store: Store, contract: Contract, start: datetime | None, end: datetime | None
) -> list[Outage]:
    query = (
        select(Outage)
        .join(Service)
        .where(Service.contract_id == contract.id)
        .order_by(Outage.start, Outage.id)
    )
    if start is not None:
        query = query.where(Outage.end > start)
    if end is not None:
        query = query.where(Outage.start < end)
    return list(store.session.scalars(query))


def maintenance_windows(
    store: Store, contract: Contract, start: datetime | None, end: datetime | None
) -> list[MaintenanceWindow]:
    query = (
        select(MaintenanceWindow)
        .join(Service)
        .where(Service.contract_id == contract.id)
        .order_by(MaintenanceWindow.start, MaintenanceWindow.id)
    )
    if start is not None:
        query = query.where(MaintenanceWindow.end > start)
    if end is not None:
        query = query.where(MaintenanceWindow.start < end)
    return list(store.session.scalars(query))


def latest_window(store: Store, contract: Contract) -> MaintenanceWindow:
    """The window recorded last (the one just written)."""
    found = store.session.scalar(
        select(MaintenanceWindow)
        .join(Service)
        .where(Service.contract_id == contract.id)
        .order_by(MaintenanceWindow.id.desc())
        .limit(1)
    )
    if found is None:  # pragma: no cover - called right after a write
        raise LookupError("no maintenance window recorded")
    return found
