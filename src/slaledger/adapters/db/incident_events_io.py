"""Incidents and their events in the store: an events file's table (already checked by
the file reader) imported all or nothing, or a synced source's incidents replacing the
history of those already stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from slaledger.adapters.db.bulk_writes import bulk_delete, bulk_insert, digest, instant
from slaledger.adapters.db.errors import ImportRefused
from slaledger.adapters.db.models import Incident, IncidentEvent
from slaledger.adapters.db.writer import Writer
from slaledger.adapters.files.problems import Problem
from slaledger.domain.incidents.log import EVENTS
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.message import msg


def import_events(store: Writer, contract_key: str, table: IncidentTable) -> int:
    """Store every incident of the table and its events; an incident already stored
    refuses the whole import (append events one by one to extend it)."""
    contract = store.contract(contract_key)
    log = table.log
    names = log.names
    existing = set(
        store.session.scalars(
            select(Incident.key).where(Incident.contract_id == contract.id, Incident.key.in_(names))
        )
    )
    # the service column of events is informative (read_events does not check it either)
    problems = [
        Problem("events", "incident", msg("store.expected.new-incident"), repr(name))
        for name in sorted(existing)
    ]
    if problems:
        raise ImportRefused(problems)
    now = store.clock()
    incidents = [
        Incident(
            contract=contract,
            key=name,
            service=table.service[index],
            kind=table.kind[index],
            effort_seconds=table.effort_seconds[index],
            created_at=now,
        )
        for index, name in enumerate(names)
    ]
    store.session.add_all(incidents)
    store.session.flush()
    _insert_events(store, incidents, table, now)
    store.append_audit(
        "import",
        "incident",
        contract_key,
        {"incidents": len(names), "events": int(log.at.size), "sha256": digest(log.at)},
    )
    return len(names)


def _insert_events(
    store: Writer, incidents: list[Incident], table: IncidentTable, now: datetime
) -> None:
    """The table's events, each under its incident's stored row."""
    log = table.log
    bulk_insert(
        store,
        IncidentEvent,
        [
            {
                "incident_id": incidents[int(log.incident[i])].id,
                "at": instant(log.at[i]),
                "event": EVENTS[int(log.kind[i])],
                "value": log.value[i],
                "note": table.notes.get(int(log.row[i]), ""),
                "recorded_at": now,
            }
            for i in range(log.at.size)
        ],
    )


def sync_events(store: Writer, contract_key: str, table: IncidentTable, source: str) -> int:
    """Store the incidents of a synced source as the source now tells them: a new
    incident is added, a known one gets the source's history in place of what it had
    (its events replaced, its row and its alert deliveries kept), so pulling the same
    history twice changes nothing. Returns the number of events stored."""
    contract = store.contract(contract_key)
    log = table.log
    names = log.names
    known = {
        incident.key: incident
        for incident in store.session.scalars(
            select(Incident).where(Incident.contract_id == contract.id, Incident.key.in_(names))
        )
    }
    now = store.clock()
    incidents = []
    for index, name in enumerate(names):
        incident = known.get(name)
        if incident is None:
            incident = Incident(contract=contract, key=name, created_at=now)
            store.session.add(incident)
        incident.service = table.service[index]
        incident.kind = table.kind[index]
        incident.effort_seconds = table.effort_seconds[index]
        incidents.append(incident)
    store.session.flush()
    if known:
        ids = [incident.id for incident in known.values()]
        bulk_delete(store, IncidentEvent, IncidentEvent.incident_id.in_(ids))
    _insert_events(store, incidents, table, now)
    store.append_audit(
        "sync",
        "incident",
        contract_key,
        {
            "source": source,
            "incidents": len(names),
            "new": len(names) - len(known),
            "events": int(log.at.size),
            "sha256": digest(log.at),
        },
    )
    return int(log.at.size)
