"""Incidents and their events: open one, append an event, list them with every clock's
status as of now (computed by services/incidents.py from the stored log)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, status

from slaledger.adapters.api import queries
from slaledger.adapters.api.auth import Write
from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import (
    CalendarsDep,
    ContractDep,
    LanguageDep,
    LoadedDep,
    NowDep,
    PagingDep,
    PeriodDep,
    SettingsDep,
    StoreDep,
    may_write,
)
from slaledger.adapters.api.pagination import Page
from slaledger.adapters.api.presenters import event_public, incident_public
from slaledger.adapters.api.problems import conflict, invalid, not_found
from slaledger.adapters.api.schemas import (
    KEY_PATTERN,
    EventCreate,
    EventPublic,
    IncidentCreate,
    IncidentDetail,
    IncidentPublic,
)
from slaledger.adapters.db import loaders
from slaledger.adapters.db.models import Contract, Incident, IncidentEvent
from slaledger.adapters.db.store import Store
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.message import msg
from slaledger.services.incidents import CalendarFor, evaluate_incidents, unknown_classes

router = APIRouter(prefix="/api/contracts/{contract_id}/incidents", tags=["incidents"])
IncidentKey = Annotated[str, Path(pattern=KEY_PATTERN, description="the ticket id")]
StatusFilter = Literal["open", "at-risk", "breached", "any"]


def _views(
    store: Store,
    contract: Contract,
    loaded: LoadedContract,
    calendars: CalendarFor,
    keys: list[str],
    at: datetime,
    risk_share: float,
    language: str = "en",
) -> list[IncidentPublic]:
    """The incidents of ``keys`` with their clocks as of ``at`` (their logs read, the
    connection given back, then the clocks computed)."""
    if not keys:
        return []
    table = store.incident_table(contract.key, keys=keys)
    store.release()
    return _present(table, loaded, calendars, at, risk_share, language)


def _table(
    row: Incident,
    loaded: LoadedContract,
    *,
    written: Sequence[IncidentEvent] = (),
    field: str = "value",
) -> IncidentTable:
    """The log of one incident at hand (just written, or just read), from its events as
    the session sees them, without reading them again. A ``written`` event whose class
    the contract does not know is refused (422 naming the body's ``field``; the request's
    transaction is rolled back)."""
    table = loaders.incidents_table([row])
    rows = {event.id for event in written}
    for unknown in unknown_classes(loaded.contract, table.log):
        if unknown.row in rows:
            raise invalid(field, unknown.expected, unknown.found)
    return table


def _answer(
    store: Store,
    table: IncidentTable,
    loaded: LoadedContract,
    calendars: CalendarFor,
    at: datetime,
    risk_share: float,
    language: str = "en",
) -> IncidentPublic:
    """Commit the checked writes, then compute the clocks to answer: the audit chain's
    lock (held from a write's audit entry to its commit) is not held meanwhile."""
    store.commit()
    return _present(table, loaded, calendars, at, risk_share, language)[0]


def _present(
    table: IncidentTable,
    loaded: LoadedContract,
    calendars: CalendarFor,
    at: datetime,
    risk_share: float,
    language: str = "en",
) -> list[IncidentPublic]:
    """The views as the API shows them, clock reasons in ``language``."""
    terms = loaded.contract
    views = evaluate_incidents(
        contract=terms,
        log=table.log,
        at=to_epoch(at),
        calendars=calendars,
        risk_share=risk_share,
        kinds=table.kind,
        effort_seconds=table.effort_seconds,
    )
    zones = {name: spec.timezone for name, spec in terms.calendars.items()}
    return [
        incident_public(view, table.service[view.index], zones, terms.timezone, language)
        for view in views
    ]


def _matches(incident: IncidentPublic, wanted: StatusFilter) -> bool:
    statuses = {clock.status for clock in incident.clocks}
    if wanted == "any":
        return True
    if wanted == "open":
        return incident.open
    return wanted in statuses


@router.get(
    "",
    response_model=Page[IncidentPublic],
    summary="Incidents with their clocks",
    dependencies=[EXPENSIVE],
)
def list_incidents(
    request: Request,
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    settings: SettingsDep,
    paging: PagingDep,
    period: PeriodDep,
    now: NowDep,
    language: LanguageDep,
    clock_status: Annotated[
        StatusFilter, Query(alias="status", description="keep incidents with a clock in it")
    ] = "any",
) -> Page[IncidentPublic]:
    start, end = period.bounds(loaded.contract.timezone)
    keys = queries.incidents_started(store, contract, start, end)
    if clock_status == "any":
        views = _views(
            store,
            contract,
            loaded,
            calendars,
            paging.slice(keys),
            now,
            settings.risk_share,
            language,
        )
        return paging.page(request, views, len(keys))
    chosen = [
        v
        for v in _views(
            store, contract, loaded, calendars, keys, now, settings.risk_share, language
        )
        if _matches(v, clock_status)
    ]
    return paging.page(request, paging.slice(chosen), len(chosen))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=IncidentPublic,
    summary="Open an incident (its 'notified' event, and 'classified' when given)",
    dependencies=[may_write(Write.INCIDENTS)],
)
def create_incident(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    settings: SettingsDep,
    body: IncidentCreate,
    now: NowDep,
    language: LanguageDep,
) -> IncidentPublic:
    if store.incident(contract, body.incident) is not None:
        raise conflict(msg("problem.conflict.incident-exists", incident=body.incident))
    written = [
        store.record_event(
            contract.key,
            body.incident,
            event="notified",
            at=body.notified_at,
            note=body.note,
            service=body.service,
            kind=body.kind,
        )
    ]
    if body.classified:
        written.append(
            store.record_event(
                contract.key,
                body.incident,
                event="classified",
                at=body.notified_at,
                value=body.classified,
                service=body.service,
                kind=body.kind,
            )
        )
    table = _table(written[0].incident, loaded, written=written, field="classified")
    return _answer(store, table, loaded, calendars, now, settings.risk_share, language)


@router.get("/{incident_id}", response_model=IncidentDetail, summary="One incident and its log")
def get_incident(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    settings: SettingsDep,
    incident_id: IncidentKey,
    now: NowDep,
    language: LanguageDep,
) -> IncidentDetail:
    row = store.incident(contract, incident_id)
    if row is None:
        raise not_found("incident", incident_id)
    view = _present(_table(row, loaded), loaded, calendars, now, settings.risk_share, language)[0]
    zone = loaded.contract.timezone
    events = sorted(row.events, key=lambda e: (e.at, e.id))  # as queries.events orders them
    return IncidentDetail(**view.model_dump(), events=[event_public(e, zone) for e in events])


@router.get(
    "/{incident_id}/events",
    response_model=Page[EventPublic],
    summary="An incident's events, in time order",
)
def list_events(
    request: Request,
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    incident_id: IncidentKey,
    paging: PagingDep,
) -> Page[EventPublic]:
    row = queries.incident(store, contract, incident_id)
    if row is None:
        raise not_found("incident", incident_id)
    rows = queries.events(store, row)
    zone = loaded.contract.timezone
    return paging.page(request, [event_public(e, zone) for e in paging.slice(rows)], len(rows))


@router.post(
    "/{incident_id}/events",
    status_code=status.HTTP_201_CREATED,
    response_model=IncidentPublic,
    summary="Append an event; answers the incident with its clocks recomputed",
    dependencies=[may_write(Write.INCIDENTS)],
)
def append_event(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    settings: SettingsDep,
    incident_id: IncidentKey,
    body: EventCreate,
    now: NowDep,
    language: LanguageDep,
) -> IncidentPublic:
    if store.incident(contract, incident_id) is None:
        raise not_found("incident", incident_id)
    row = store.record_event(
        contract.key,
        incident_id,
        event=body.event,
        at=body.at,
        value=body.value,
        note=body.note,
        effort_seconds=body.effort_seconds,
    )
    table = _table(row.incident, loaded, written=[row])
    return _answer(store, table, loaded, calendars, now, settings.risk_share, language)
