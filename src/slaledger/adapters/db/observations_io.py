"""Imports of observation and event tables into the store, each all or nothing.

The tables come from the file readers (adapters/files), which have already checked every
row. Outage records and maintenance windows are stored as they are. Request counts and
probe samples are not: the interruptions the contract's definition derives from them
(through the same service code as the file path, gap rule applied) are stored, plus
per-month totals of what was consumed (docs/storage.md gives the sizes).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import delete, insert, select, text

from slaledger.adapters.db import audit_data, figure_marks
from slaledger.adapters.db.errors import ImportRefused
from slaledger.adapters.db.models import (
    Incident,
    IncidentEvent,
    Interruption,
    MaintenanceWindow,
    ObservationMonth,
    ObservedPeriod,
    Outage,
    Service,
)
from slaledger.adapters.db.writer import Writer
from slaledger.adapters.files.problems import Problem
from slaledger.adapters.i18n import english
from slaledger.domain.availability import Window
from slaledger.domain.contract.availability import Period
from slaledger.domain.coverage import count_intervals, sample_intervals
from slaledger.domain.incidents.log import EVENTS
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.message import Items, Text, encoded, msg
from slaledger.domain.observations import CountTable, MaintenanceTable, OutageTable, SampleTable
from slaledger.services.availability import (
    AvailabilityError,
    Observations,
    availability_clause,
    measured_spans,
    sample_seconds,
)

#: the measured-spans function ignores its window; this one only satisfies its signature
_ANY_WINDOW = Window(0, 2**62, Period.CALENDAR_MONTH, "import")


def instant(epoch: int) -> datetime:
    return datetime.fromtimestamp(int(epoch), UTC)


def _services(
    store: Writer, contract_key: str, source: str, names: tuple[str, ...], codes: NDArray[Any]
) -> list[Service]:
    """The stored service of each name, or ImportRefused naming the unknown ones."""
    contract = store.contract(contract_key)
    known = {s.name: s for s in contract.services}
    problems = []
    for index, name in enumerate(names):
        if name not in known:
            rows = np.flatnonzero(codes == index)
            problems.append(
                Problem(
                    file=source,
                    field="service",
                    expected=msg(
                        "store.expected.service-of-known",
                        contract=contract_key,
                        known=Items(tuple(sorted(known)), "comma"),
                    ),
                    found=repr(name),
                    row=int(rows[0]) + 1 if rows.size else None,
                )
            )
    if problems:
        raise ImportRefused(problems)
    return [known[name] for name in names]


def _insert(store: Writer, model: Any, rows: list[dict[str, Any]]) -> None:
    """A bulk insert (executemany, no RETURNING: psycopg's is much slower) whose rows,
    with their ids, the next audit entry vouches for."""
    if not rows:
        return
    session = store.session
    name = model.__tablename__
    if session.get_bind().dialect.name == "postgresql":
        ids = sorted(
            session.scalars(
                text("SELECT nextval(pg_get_serial_sequence(:name, 'id')) "
                     "FROM generate_series(1, :count)"),
                {"name": name, "count": len(rows)},
            )
        )  # fmt: skip
        rows = [row | {"id": row_id} for row, row_id in zip(rows, ids, strict=True)]
        session.execute(insert(model), rows)
    else:
        # the transaction holds SQLite's write lock from its first write: the new rows
        # are the table's last ones
        session.execute(insert(model), rows)
        ids = sorted(session.scalars(select(model.id).order_by(model.id.desc()).limit(len(rows))))
        rows = [row | {"id": row_id} for row, row_id in zip(rows, ids, strict=True)]
    audit_data.inserted(session, name, [_completed(model, row) for row in rows])
    figure_marks.rows_written(session, model, rows)


def _completed(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    """The row with every column (those left out take their scalar default)."""
    for column in model.__table__.columns:
        if column.name not in row:
            default = column.default.arg if column.default is not None else None
            if callable(default):  # pragma: no cover - no bulk-inserted column has one
                raise TypeError(f"{model.__tablename__}.{column.name}: give its value")
            row[column.name] = default
    return row


def _delete(store: Writer, model: Any, *where: Any) -> None:
    """A bulk delete whose rows the next audit entry records as gone."""
    figure_marks.before_delete(store.session, model, *where)
    ids = store.session.scalars(delete(model).where(*where).returning(model.id)).all()
    audit_data.deleted(store.session, model.__tablename__, ids)


def _digest(*columns: NDArray[Any]) -> str:
    sha = hashlib.sha256()
    for column in columns:
        sha.update(np.ascontiguousarray(column).astype(str).tobytes())
    return sha.hexdigest()


def import_outages(store: Writer, contract_key: str, table: OutageTable) -> int:
    services = _services(store, contract_key, table.source, table.services, table.service)
    rows = [
        {
            "service_id": services[int(table.service[i])].id,
            "start": instant(table.start[i]),
            "end": instant(table.end[i]),
            "category": str(table.category[i]),
            "reported_at": instant(table.reported_at[i]) if table.reported[i] else None,
            "reference": str(table.reference[i]),
            "note": str(table.note[i]),
            "source": table.source,
            "row": int(table.row[i]),
        }
        for i in range(len(table))
    ]
    _insert(store, Outage, rows)
    covers = _declared(store, contract_key, table)
    store.append_audit(
        "import",
        "outage",
        contract_key,
        {
            "source": table.source,
            "rows": len(rows),
            "sha256": _digest(table.start, table.end),
            "covers": covers,
        },
    )
    return len(rows)


def sync_outages(store: Writer, contract_key: str, table: OutageTable) -> int:
    """A synced export's outage records as the export now tells them: the outages and
    declared periods stored before from the same source (``table.source``) for this
    contract are replaced, so pulling the same export twice changes nothing."""
    contract = store.contract(contract_key)
    services = [s.id for s in contract.services]
    _delete(store, Outage, Outage.service_id.in_(services), Outage.source == table.source)
    _delete(
        store,
        ObservedPeriod,
        ObservedPeriod.contract_id == contract.id,
        ObservedPeriod.origin == "outages",
        ObservedPeriod.source == table.source,
    )
    return import_outages(store, contract_key, table)


def _declared(store: Writer, contract_key: str, table: OutageTable) -> list[str]:
    """Store the periods the import declares its records complete for; returns them as
    ``start/end`` texts for the audit entry."""
    contract = store.contract(contract_key)
    known = {s.name: s for s in contract.services}
    unknown = sorted({c[0] for c in table.covers if c[0] is not None and c[0] not in known})
    if unknown:
        raise ImportRefused(
            [
                Problem(
                    table.source, "covers", msg("store.expected.service-of", contract=contract_key),
                    ", ".join(repr(u) for u in unknown),
                )
            ]
        )  # fmt: skip
    rows = [
        {
            "contract_id": contract.id,
            "service_id": None if who is None else known[who].id,
            "origin": "outages",
            "start": instant(start),
            "end": instant(end),
            "source": table.source,
        }
        for who, start, end, _origin in table.covers
    ]
    _insert(store, ObservedPeriod, rows)
    return [f"{instant(c[1]).isoformat()}/{instant(c[2]).isoformat()}" for c in table.covers]


def _observed(
    store: Writer, contract_key: str, service: Service, origin: str, source: str, runs: Any
) -> None:
    """Store the runs of time a service's counts or samples observed, merged with those
    of the same origin they overlap or touch (a re-import of the same stretch, a sync
    continuing the last one), so the periods stay few and never overlap."""
    if not len(runs):
        return
    contract = store.contract(contract_key)
    first, last = instant(int(runs.starts[0])), instant(int(runs.ends[-1]))
    touching = store.session.execute(
        select(ObservedPeriod.start, ObservedPeriod.end).where(
            ObservedPeriod.service_id == service.id,
            ObservedPeriod.origin == origin,
            ObservedPeriod.start <= last,
            ObservedPeriod.end >= first,
        )
    ).all()
    spans = sorted(
        [(int(s), int(e)) for s, e in zip(runs.starts, runs.ends, strict=True)]
        + [(int(s.timestamp()), int(e.timestamp())) for s, e in touching]
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if touching:
        low = min(min(s for s, _ in touching), first)
        _delete(
            store,
            ObservedPeriod,
            ObservedPeriod.service_id == service.id,
            ObservedPeriod.origin == origin,
            ObservedPeriod.start >= low,
            ObservedPeriod.start <= last,
            ObservedPeriod.end >= first,
        )
    runs = _Runs(merged)
    _insert(
        store,
        ObservedPeriod,
        [
            {
                "contract_id": contract.id,
                "service_id": service.id,
                "origin": origin,
                "start": instant(int(s)),
                "end": instant(int(e)),
                "source": source,
            }
            for s, e in zip(runs.starts, runs.ends, strict=True)
        ],
    )


class _Runs:
    """Merged runs as the insert below reads them."""

    def __init__(self, spans: list[list[int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]


def import_maintenance(store: Writer, contract_key: str, table: MaintenanceTable) -> int:
    services = _services(store, contract_key, table.source, table.services, table.service)
    rows = [
        {
            "service_id": services[int(table.service[i])].id,
            "kind": str(table.kind[i]),
            "announced_at": instant(table.announced_at[i]) if table.announced[i] else None,
            "start": instant(table.start[i]),
            "end": instant(table.end[i]),
            "agreed_by_customer": bool(table.agreed_by_customer[i]),
            "reference": str(table.reference[i]),
            "source": table.source,
            "row": int(table.row[i]),
        }
        for i in range(len(table))
    ]
    _insert(store, MaintenanceWindow, rows)
    store.append_audit(
        "import",
        "maintenance_window",
        contract_key,
        {"source": table.source, "rows": len(rows), "sha256": _digest(table.start, table.end)},
    )
    return len(rows)


def import_counts(store: Writer, contract_key: str, table: CountTable) -> int:
    """Store the interruptions the counts show, replacing those already derived from
    counts over the same stretch of time, and the monthly totals."""
    services = _services(store, contract_key, table.source, table.services, table.service)
    observations = Observations(counts=table)
    stored = 0
    for code, service in enumerate(services):
        rows = table.service == code
        if not rows.any():
            continue
        starts = table.interval_start[rows]
        ends = starts + table.interval_seconds[rows]
        stored += _replace(store, contract_key, service, "counts", table.source, observations,
                           int(starts.min()), int(ends.max()))  # fmt: skip
        runs = count_intervals(starts, table.interval_seconds[rows])
        _observed(store, contract_key, service, "counts", table.source, runs)
        months = _months(starts)
        _store_months(
            store,
            service,
            "counts",
            months,
            rows=np.bincount(months.inverse),
            covered=np.bincount(months.inverse, weights=table.interval_seconds[rows]),
            total=np.bincount(months.inverse, weights=table.total[rows]),
            errors=np.bincount(months.inverse, weights=table.server_errors[rows]),
            down=np.zeros(months.labels.size),
        )
    store.append_audit(
        "import",
        "request_counts",
        contract_key,
        {
            "source": table.source,
            "rows": len(table),
            "interruptions": stored,
            "sha256": _digest(table.interval_start, table.total, table.server_errors),
        },
    )
    return stored


def import_samples(store: Writer, contract_key: str, table: SampleTable) -> int:
    """Store the interruptions the probe samples show (as ``import_counts``)."""
    services = _services(store, contract_key, table.source, table.services, table.service)
    observations = Observations(samples=table)
    stored = 0
    for code, service in enumerate(services):
        rows = table.service == code
        if not rows.any():
            continue
        at = table.at[rows]
        _supersede(store, service, "samples", int(at.min()))
        stored += _replace(store, contract_key, service, "samples", table.source, observations,
                           int(at.min()), int(at.max()) + 1)  # fmt: skip
        gap = _sample_gap(store, contract_key, service)
        _observed(store, contract_key, service, "samples", table.source,
                  sample_intervals(at, gap))  # fmt: skip
        months = _months(at)
        _store_months(
            store,
            service,
            "samples",
            months,
            rows=np.bincount(months.inverse),
            covered=np.zeros(months.labels.size),
            total=np.zeros(months.labels.size),
            errors=np.zeros(months.labels.size),
            down=np.bincount(months.inverse, weights=~table.up[rows]),
        )
    store.append_audit(
        "import",
        "probe_samples",
        contract_key,
        {
            "source": table.source,
            "rows": len(table),
            "interruptions": stored,
            "sha256": _digest(table.at, table.up),
        },
    )
    return stored


def _replace(
    store: Writer,
    contract_key: str,
    service: Service,
    origin: str,
    source: str,
    observations: Observations,
    start: int,
    end: int,
) -> int:
    contract = store.contract(contract_key)
    version = store.latest_version(contract)
    loaded = store.loaded_contract(contract_key)
    try:
        clause = availability_clause(loaded.contract, service.name)
    except AvailabilityError as exc:
        raise ImportRefused(
            [Problem(source, "service", msg("store.expected.availability-service"), str(exc))]
        ) from None
    spans = measured_spans(clause, observations, service.name, _ANY_WINDOW)
    _delete(
        store,
        Interruption,
        Interruption.service_id == service.id,
        Interruption.origin == origin,
        Interruption.start >= instant(start),
        Interruption.start < instant(end),
    )
    rows = [
        {
            "service_id": service.id,
            "contract_version_id": version.id if version else None,
            "origin": origin,
            "start": instant(spans.start[i]),
            "end": instant(spans.end[i]),
            # stored as the message (read back as the span's note, rendered in the
            # reader's language); a message too long for the column as its English sentence
            "reason": _kept_reason(spans.reason[i]),
            "clause": spans.clause[i],
            "source": source,
        }
        for i in range(spans.start.size)
        if spans.end[i] > spans.start[i]
    ]
    _insert(store, Interruption, rows)
    return len(rows)


#: the length of ``Interruption.reason``
_REASON_LENGTH = 500


def _kept_reason(reason: Text) -> str:
    kept = encoded(reason)
    return kept if len(kept) <= _REASON_LENGTH else english(reason)[:_REASON_LENGTH]


def _supersede(store: Writer, service: Service, origin: str, first: int) -> None:
    """A stored interruption that runs past ``first``, the first sample of a later
    import, ends there: it was derived without that sample (a last sample stands for at
    most the gap), and the new import knows what happened from then on. So probes
    imported round by round give the figure of the same samples imported at once."""
    at = instant(first)
    straddling = store.session.scalars(
        select(Interruption).where(
            Interruption.service_id == service.id,
            Interruption.origin == origin,
            Interruption.start < at,
            Interruption.end > at,
        )
    ).all()
    for interruption in straddling:
        interruption.end = at
    if straddling:
        store.session.flush()


def _sample_gap(store: Writer, contract_key: str, service: Service) -> int:
    """How long a probe sample stands under the service's availability clause."""
    clause = availability_clause(store.loaded_contract(contract_key).contract, service.name)
    return sample_seconds(clause)


class _Months:
    def __init__(self, labels: NDArray[Any], inverse: NDArray[np.intp]) -> None:
        self.labels = labels
        self.inverse = inverse


def _months(epochs: NDArray[np.int64]) -> _Months:
    months = epochs.astype("datetime64[s]").astype("datetime64[M]")
    labels, inverse = np.unique(months, return_inverse=True)
    return _Months(labels, inverse)


def _store_months(
    store: Writer,
    service: Service,
    origin: str,
    months: _Months,
    **columns: NDArray[Any],
) -> None:
    labels = [str(label) for label in months.labels]  # "2024-03"
    _delete(
        store,
        ObservationMonth,
        ObservationMonth.service_id == service.id,
        ObservationMonth.origin == origin,
        ObservationMonth.month.in_(labels),
    )
    _insert(
        store,
        ObservationMonth,
        [
            {
                "service_id": service.id,
                "origin": origin,
                "month": label,
                "rows": int(columns["rows"][i]),
                "covered_seconds": int(columns["covered"][i]),
                "total_requests": int(columns["total"][i]),
                "server_errors": int(columns["errors"][i]),
                "down_samples": int(columns["down"][i]),
            }
            for i, label in enumerate(labels)
        ],
    )


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
        {"incidents": len(names), "events": int(log.at.size), "sha256": _digest(log.at)},
    )
    return len(names)


def _insert_events(
    store: Writer, incidents: list[Incident], table: IncidentTable, now: datetime
) -> None:
    """The table's events, each under its incident's stored row."""
    log = table.log
    _insert(
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
        _delete(store, IncidentEvent, IncidentEvent.incident_id.in_(ids))
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
            "sha256": _digest(log.at),
        },
    )
    return int(log.at.size)
