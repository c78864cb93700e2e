"""Request counts and probe samples in the store, each import all or nothing.

The tables come from the file readers (adapters/files), which have already checked every
row. They are not stored as they are: the interruptions the contract's definition
derives from them (through the same service code as the file path, gap rule applied)
are stored, with the runs of time they observed and per-month totals of what was
consumed (docs/storage.md gives the sizes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select

from slaledger.adapters.db.bulk_writes import (
    bulk_delete,
    bulk_insert,
    digest,
    instant,
    known_services,
)
from slaledger.adapters.db.errors import ImportRefused
from slaledger.adapters.db.models import Interruption, ObservationMonth, ObservedPeriod, Service
from slaledger.adapters.db.writer import Writer
from slaledger.adapters.files.problems import Problem
from slaledger.adapters.i18n import english
from slaledger.domain.availability import Window
from slaledger.domain.contract.availability import Period
from slaledger.domain.coverage import count_intervals, sample_intervals
from slaledger.domain.message import Text, encoded, msg
from slaledger.domain.observations import CountTable, SampleTable
from slaledger.services.availability import (
    AvailabilityError,
    Observations,
    availability_clause,
    measured_spans,
    sample_seconds,
)

#: the measured-spans function ignores its window; this one only satisfies its signature
_ANY_WINDOW = Window(0, 2**62, Period.CALENDAR_MONTH, "import")


def _by_service(
    services: list[Service], codes: NDArray[Any]
) -> Iterator[tuple[Service, NDArray[np.bool_]]]:
    """Each service with rows in the table, and the mask of its rows."""
    for code, service in enumerate(services):
        rows = codes == code
        if rows.any():
            yield service, rows


def import_counts(store: Writer, contract_key: str, table: CountTable) -> int:
    """Store the interruptions the counts show, replacing those already derived from
    counts over the same stretch of time, and the monthly totals."""
    services = known_services(store, contract_key, table.source, table.services, table.service)
    observations = Observations(counts=table)
    stored = 0
    for service, rows in _by_service(services, table.service):
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
            "sha256": digest(table.interval_start, table.total, table.server_errors),
        },
    )
    return stored


def import_samples(store: Writer, contract_key: str, table: SampleTable) -> int:
    """Store the interruptions the probe samples show (as ``import_counts``)."""
    services = known_services(store, contract_key, table.source, table.services, table.service)
    observations = Observations(samples=table)
    stored = 0
    for service, rows in _by_service(services, table.service):
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
            "sha256": digest(table.at, table.up),
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
    bulk_delete(
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
    bulk_insert(store, Interruption, rows)
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
    bulk_delete(
        store,
        ObservationMonth,
        ObservationMonth.service_id == service.id,
        ObservationMonth.origin == origin,
        ObservationMonth.month.in_(labels),
    )
    bulk_insert(
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
        bulk_delete(
            store,
            ObservedPeriod,
            ObservedPeriod.service_id == service.id,
            ObservedPeriod.origin == origin,
            ObservedPeriod.start >= low,
            ObservedPeriod.start <= last,
            ObservedPeriod.end >= first,
        )
    runs = _Runs(merged)
    bulk_insert(
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
