"""``/metrics`` in the Prometheus text format (``prometheus_client``).

Per process (summed over the workers in multiprocess mode, ``PROMETHEUS_MULTIPROC_DIR``
set, as ``sla serve --workers N`` does): request latency by method, route template and
status; scheduler job runs, failures, skips and durations (the scheduler's observer).
From the database, the same whichever worker answers, computed at most every
``CACHE_SECONDS``: each synced source's lag and failing time (table ``source_state``),
and the clocks of open incidents by status.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import Contract, SourceState
from slaledger.adapters.db.store import Store
from slaledger.adapters.jobs.scheduler import JobRun
from slaledger.adapters.notify.storage import StoreAlerts
from slaledger.domain.calendar.engine import to_epoch
from slaledger.services.incidents import evaluate_incidents

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: the figures read from the database are recomputed at most this often, in seconds
CACHE_SECONDS = 30.0
MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
#: open incidents' clock statuses as counted: running, paused and met are on time
CLOCK_STATUSES = {
    "breached": "breached",
    "at-risk": "at-risk",
    "running": "on-time",
    "paused": "on-time",
    "met": "on-time",
}


class ProcessMetrics:
    """The metrics each process records (created once per process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Histogram(
            "slaledger_http_request_duration_seconds",
            "Time to answer a request, by method, route template and status.",
            ("method", "route", "status"),
            registry=self.registry,
        )
        self.logins = Counter(
            "slaledger_login_events",
            "Dashboard sign-in failures, lockouts and attempts refused while locked.",
            ("event",),
            registry=self.registry,
        )
        self.job_runs = Counter(
            "slaledger_job_runs",
            "Scheduler job runs that completed.",
            ("job",),
            registry=self.registry,
        )
        self.job_failures = Counter(
            "slaledger_job_failures",
            "Scheduler job runs that failed.",
            ("job",),
            registry=self.registry,
        )
        self.job_skipped = Counter(
            "slaledger_job_skipped",
            "Scheduler job runs skipped: another worker or process runs the jobs.",
            ("job",),
            registry=self.registry,
        )
        self.job_seconds = Histogram(
            "slaledger_job_duration_seconds",
            "Duration of the scheduler's job runs (completed or failed).",
            ("job",),
            buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900),
            registry=self.registry,
        )

    def time_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).observe(seconds)

    def job_run(self, run: JobRun) -> None:
        if run.outcome == "skipped":
            self.job_skipped.labels(run.job).inc()
            return
        (self.job_runs if run.outcome == "ran" else self.job_failures).labels(run.job).inc()
        self.job_seconds.labels(run.job).observe(run.seconds)

    def families(self) -> Iterable[Metric]:
        """This process's metrics, or every worker's in multiprocess mode."""
        if os.environ.get(MULTIPROC_VARIABLE):
            merged = CollectorRegistry(auto_describe=False)
            MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
            return list(merged.collect())
        return list(self.registry.collect())


_metrics: ProcessMetrics | None = None
_metrics_guard = threading.Lock()


def process_metrics() -> ProcessMetrics:
    global _metrics
    with _metrics_guard:
        if _metrics is None:
            _metrics = ProcessMetrics()
        return _metrics


# ------------------------------------------------------------------ from the database
def source_families(session: Session, now: datetime) -> list[Metric]:
    lag = GaugeMetricFamily(
        "slaledger_source_lag_seconds",
        "Seconds between now and where a source's sync has reached (synced_until).",
        labels=("contract", "source", "kind"),
    )
    failing = GaugeMetricFamily(
        "slaledger_source_failing_seconds",
        "Seconds a source has been failing since its last success (0 while it works).",
        labels=("contract", "source", "kind"),
    )
    rows = session.execute(
        select(Contract.key, SourceState).join(Contract, Contract.id == SourceState.contract_id)
    ).all()
    for contract, state in sorted(rows, key=lambda row: (row[0], row[1].key)):
        labels = (contract, state.key, state.kind)
        if state.synced_until is not None:
            lag.add_metric(labels, max((now - state.synced_until).total_seconds(), 0.0))
        since = state.failing_since
        failing.add_metric(
            labels, 0.0 if since is None else max((now - since).total_seconds(), 0.0)
        )
    return [lag, failing]


def clock_families(store: Store, now: datetime, risk_share: float) -> list[Metric]:
    family = GaugeMetricFamily(
        "slaledger_open_incident_clocks",
        "Clocks of open incidents by status: breached, at-risk, on-time (running, paused or met).",
        labels=("contract", "status"),
    )
    at = to_epoch(now)
    for watched in StoreAlerts(store).watched(since=now, now=now):
        counts = dict.fromkeys(("breached", "at-risk", "on-time"), 0)
        views = evaluate_incidents(
            contract=watched.contract,
            log=watched.table.log,
            at=at,
            calendars=watched.calendars,
            risk_share=risk_share,
            kinds=watched.table.kind,
            effort_seconds=watched.table.effort_seconds,
        )
        for view in views:
            if not view.open:
                continue
            for clock in view.clocks:
                status = CLOCK_STATUSES.get(clock.status)
                if status is not None:
                    counts[status] += 1
        for status, count in counts.items():
            family.add_metric((watched.contract.id, status), count)
    return [family]


@dataclass
class StoredFigures:
    """The database's figures, kept ``CACHE_SECONDS`` (one computation at a time)."""

    sessions: sessionmaker[Session]
    clock: Callable[[], datetime]
    risk_share: float
    seconds: float = CACHE_SECONDS

    def __post_init__(self) -> None:
        self._guard = threading.Lock()
        self._kept: tuple[float, list[Metric]] | None = None

    def families(self) -> list[Metric]:
        with self._guard:
            if self._kept is not None and time.monotonic() < self._kept[0]:
                return self._kept[1]
            now = self.clock()
            with self.sessions() as session:
                store = Store(session, actor="metrics")
                found = source_families(session, now) + clock_families(store, now, self.risk_share)
                session.rollback()
            self._kept = (time.monotonic() + self.seconds, found)
            return found


class _Families(Collector):
    def __init__(self, families: Callable[[], Iterable[Metric]]) -> None:
        self._families = families

    def collect(self) -> Iterator[Metric]:
        yield from self._families()


def exposition(stored: StoredFigures) -> bytes:
    """The text of one scrape: the processes' metrics, then the database's."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Families(process_metrics().families))
    registry.register(_Families(stored.families))
    return generate_latest(registry)
