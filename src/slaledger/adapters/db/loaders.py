"""Stored rows back into the objects the file readers return, so that the existing
services (availability, incidents, KPIs, maintenance) compute from storage exactly as
from files.

Measured interruptions (derived from counts and samples at import) come back as outage
records of category ``unplanned``, not reported by the customer, whose note is the
derivation's reason: the figures are those of the file path (see docs/storage.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from slaledger.adapters.db.errors import NotFound, StoreError
from slaledger.adapters.db.lru import Lru
from slaledger.adapters.db.models import (
    Contract,
    ContractVersion,
    Incident,
    IncidentEvent,
    Interruption,
    MaintenanceWindow,
    ObservedPeriod,
    Outage,
    Service,
)
from slaledger.adapters.db.obligation_events_io import stored_obligation_events
from slaledger.adapters.files.contract_file.loader import load_contract_text
from slaledger.bootstrap import min_coverage
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.incidents.log import CODE, EventLog, EventLogError
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.message import Items, Param, msg
from slaledger.domain.observations import MaintenanceTable, Origin, OutageTable
from slaledger.services.availability import Observations

MEASURED_CATEGORY = "unplanned"
#: contract versions kept parsed, by (sha256, file name): parsing a contract costs tens
#: of milliseconds and every page, API read and job asks for the terms. The contracts
#: and credits pages read every contract's terms at each request: with fewer places than
#: contracts, each request would parse them all again (500 contracts: a minute a page)
_PARSED: Lru[tuple[str, str], LoadedContract] = Lru(1024)


def epoch(at: datetime | None) -> int:
    return 0 if at is None else int(at.astimezone(UTC).timestamp())


def _i64(values: Sequence[int]) -> NDArray[np.int64]:
    return np.asarray(values, dtype=np.int64).reshape(-1)


def _text(values: Sequence[str]) -> NDArray[np.str_]:
    return np.asarray(values, dtype=np.str_).reshape(-1) if values else np.empty(0, dtype="<U1")


def opening_date(contract: Contract, service: str | None = None) -> date | None:
    """The stored opening date of ``service`` (the earliest of the contract's services'
    when none is named), None when none is stored."""
    openings = sorted(
        s.opened_on
        for s in contract.services
        if s.opened_on and (service is None or s.name == service)
    )
    return date.fromisoformat(openings[0]) if openings else None


def loaded_contract(
    session: Session, contract: Contract, *, at: datetime | None = None
) -> LoadedContract:
    """The version in force at ``at`` (the latest when not given) as load_contract gives it,
    parsed once per stored text (by its sha256) for the life of the process."""
    query = select(ContractVersion.id, ContractVersion.sha256, ContractVersion.file_name).where(
        ContractVersion.contract_id == contract.id
    )
    if at is not None:
        query = query.where(ContractVersion.effective_from <= at)
    version = session.execute(query.order_by(ContractVersion.number.desc()).limit(1)).first()
    if version is None:
        raise NotFound(msg("store.no-version-at", key=contract.key, at=str(at)))
    return parsed_version(session, version.id, version.sha256, version.file_name)


def parsed_version(
    session: Session, version_id: int, sha256: str, file_name: str
) -> LoadedContract:
    """The stored version ``version_id`` parsed, from memory when its text (``sha256``)
    was parsed before; its text is read only when it was not."""
    found = _PARSED.get((sha256, file_name))
    if found is not None:
        return found
    text = session.scalar(select(ContractVersion.yaml_text).where(ContractVersion.id == version_id))
    assert text is not None
    return _PARSED.put((sha256, file_name), load_contract_text(text, file_name))


def _overlapping(
    start_column: InstrumentedAttribute[datetime],
    end_column: InstrumentedAttribute[datetime],
    start: datetime | None,
    end: datetime | None,
) -> list[ColumnElement[bool]]:
    where = []
    if end is not None:
        where.append(start_column < end)
    if start is not None:
        where.append(end_column > start)
    return where


def outage_table(
    session: Session,
    contract: Contract,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    measured: bool = True,
) -> OutageTable:
    """Outage records of the contract's services overlapping ``[start, end)``, then the
    measured interruptions (when ``measured``)."""
    names = tuple(s.name for s in contract.services)
    code = {s.id: i for i, s in enumerate(contract.services)}
    records = list(
        session.scalars(
            select(Outage)
            .join(Service)
            .where(
                Service.contract_id == contract.id,
                *_overlapping(Outage.start, Outage.end, start, end),
            )
            .order_by(Outage.id)
        )
    )
    derived: list[Interruption] = []
    if measured:
        derived = list(
            session.scalars(
                select(Interruption)
                .join(Service)
                .where(
                    Service.contract_id == contract.id,
                    *_overlapping(Interruption.start, Interruption.end, start, end),
                )
                .order_by(Interruption.id)
            )
        )
    return OutageTable(
        Origin(f"db:{contract.key}", kind="store"),
        names,
        _i64([code[o.service_id] for o in records] + [code[i.service_id] for i in derived]),
        _i64([epoch(o.start) for o in records] + [epoch(i.start) for i in derived]),
        _i64([epoch(o.end) for o in records] + [epoch(i.end) for i in derived]),
        _text([o.category for o in records] + [MEASURED_CATEGORY] * len(derived)),
        _i64([epoch(o.reported_at) for o in records] + [0] * len(derived)),
        np.asarray(
            [o.reported_at is not None for o in records] + [False] * len(derived), dtype=np.bool_
        ).reshape(-1),
        _text([o.reference for o in records] + [f"{i.origin}: {i.source}" for i in derived]),
        _text([o.note for o in records] + [i.reason for i in derived]),
        _i64([o.row or o.id for o in records] + [i.id for i in derived]),
        covers=_covers(session, contract, start, end, measured),
    )


def _covers(
    session: Session,
    contract: Contract,
    start: datetime | None,
    end: datetime | None,
    measured: bool,
) -> tuple[tuple[str | None, int, int, str], ...]:
    """The stored periods the measurements cover (declared by outage imports; observed
    by counts and samples when ``measured``) overlapping ``[start, end)``."""
    names = {s.id: s.name for s in contract.services}
    query = select(ObservedPeriod).where(
        ObservedPeriod.contract_id == contract.id,
        *_overlapping(ObservedPeriod.start, ObservedPeriod.end, start, end),
    )
    if not measured:
        query = query.where(ObservedPeriod.origin == "outages")
    return tuple(
        (
            None if p.service_id is None else names[p.service_id],
            epoch(p.start),
            epoch(p.end),
            p.origin,
        )
        for p in session.scalars(query.order_by(ObservedPeriod.id))
    )


def maintenance_table(
    session: Session,
    contract: Contract,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> MaintenanceTable:
    names = tuple(s.name for s in contract.services)
    code = {s.id: i for i, s in enumerate(contract.services)}
    windows = list(
        session.scalars(
            select(MaintenanceWindow)
            .join(Service)
            .where(
                Service.contract_id == contract.id,
                *_overlapping(MaintenanceWindow.start, MaintenanceWindow.end, start, end),
            )
            .order_by(MaintenanceWindow.id)
        )
    )
    return MaintenanceTable(
        Origin(f"db:{contract.key}", kind="store"),
        names,
        _i64([code[w.service_id] for w in windows]),
        _text([w.kind for w in windows]),
        _i64([epoch(w.announced_at) for w in windows]),
        np.asarray([w.announced_at is not None for w in windows], dtype=np.bool_).reshape(-1),
        _i64([epoch(w.start) for w in windows]),
        _i64([epoch(w.end) for w in windows]),
        np.asarray([w.agreed_by_customer for w in windows], dtype=np.bool_).reshape(-1),
        _text([w.reference for w in windows]),
        _i64([w.row or w.id for w in windows]),
    )


def observations(
    session: Session,
    contract: Contract,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    now: datetime | None = None,
) -> Observations:
    """What ``services.availability`` needs: outages (with measured interruptions),
    maintenance windows and the periods they cover, as of ``now``; the contract's
    obligation events (its suspension clauses)."""
    return Observations(
        outages=outage_table(session, contract, start=start, end=end),
        maintenance=maintenance_table(session, contract, start=start, end=end),
        now=None if now is None else epoch(now),
        min_coverage=min_coverage(),
        contract_events=stored_obligation_events(session, contract),
    )


def incident_table(
    session: Session, contract: Contract, *, keys: Sequence[str] | None = None
) -> IncidentTable:
    """The contract's incidents (or those of ``keys``) as ``read_events`` gives them;
    an event's ``row`` is its id in the store. Read as columns, not as ORM rows (a
    year of events is thousands of them)."""
    query = select(
        Incident.id, Incident.key, Incident.service, Incident.kind, Incident.effort_seconds
    ).where(Incident.contract_id == contract.id)
    if keys is not None:
        query = query.where(Incident.key.in_(keys))
    incidents = sorted(session.execute(query), key=lambda i: i.key)
    events: Sequence[Any] = ()
    if incidents:
        chosen = select(Incident.id).where(Incident.contract_id == contract.id)
        if keys is not None:
            chosen = chosen.where(Incident.key.in_(keys))
        events = session.execute(
            select(
                IncidentEvent.id,
                IncidentEvent.incident_id,
                IncidentEvent.at,
                IncidentEvent.event,
                IncidentEvent.value,
                IncidentEvent.note,
            )
            .where(IncidentEvent.incident_id.in_(chosen))
            .order_by(IncidentEvent.id)
        ).all()
    return _of(incidents, events)


def incidents_table(incidents: Sequence[Incident]) -> IncidentTable:
    """``incident_table`` of rows already at hand, from their ``events`` (as the session
    sees them, this transaction's writes included): one query per incident whose events
    are not loaded yet, none after a write. The session must have been flushed."""
    chosen = sorted(incidents, key=lambda i: i.key)
    return _of(chosen, [event for incident in chosen for event in incident.events])


def _of(incidents: Sequence[Any], events: Sequence[Any]) -> IncidentTable:
    """The table of incident and event rows (ORM objects or column rows: the same
    attribute names)."""
    index = {incident.id: i for i, incident in enumerate(incidents)}
    log = EventLog(
        incident=_i64([index[e.incident_id] for e in events]),
        at=_i64([epoch(e.at) for e in events]),
        kind=np.asarray([CODE[e.event] for e in events], dtype=np.int8).reshape(-1),
        value=np.asarray([e.value for e in events], dtype=object).reshape(-1),
        row=_i64([e.id for e in events]),
        names=tuple(i.key for i in incidents),
    ).ordered()
    return IncidentTable(
        log,
        tuple(i.service for i in incidents),
        tuple(i.kind for i in incidents),
        tuple(i.effort_seconds for i in incidents),
        {e.id: e.note for e in events if e.note},
    )


def check_incident(session: Session, incident: Incident) -> None:
    """StoreError when the incident's log (as this session sees it, the events just
    added included) breaks the event grammar."""
    unknown = [e.event for e in incident.events if e.event not in CODE]
    if unknown:
        raise StoreError(
            msg(
                "store.expected-one-of",
                field="event",
                choices=Items(tuple(CODE), "comma"),
                found=unknown[0],
            )
        )
    session.flush()
    try:
        incidents_table([incident]).log.check()
    except EventLogError as exc:
        # the log's rows are database ids, which mean nothing to the caller: name each
        # event by its kind and instant instead
        events = {event.id: event for event in incident.events}
        described: list[Param] = []
        for violation in exc.violations:
            event = events.get(violation.row)
            where = (
                msg("store.event-at", event=event.event, at=event.at.isoformat())
                if event
                else msg("store.an-event")
            )
            described.append(
                msg(
                    "store.event-expected",
                    where=where,
                    expected=violation.expected,
                    found=violation.found,
                )
            )
        raise StoreError(
            msg(
                "store.incident-log",
                key=incident.key,
                violations=Items(tuple(described), "semicolon"),
            )
        ) from None
