"""One sync of one source: pull from where it stopped, store what came (all or nothing,
audited), move its state on; on failure, record the error in words and since when it
fails, and log a source failing for longer than ``stale_after`` once per failure.

``SourceAlerter`` announces it on the contract's alert channels after each sync, once
per failure episode, and "recovered" once it syncs again (``services/source_alerts``).
``source_jobs`` turns sources into jobs of the service's scheduler.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.helpdesk_verdicts import store_verdicts
from slaledger.adapters.db.source_alerts import StoreSourceAlerts
from slaledger.adapters.db.source_state import state_of
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.jobs.scheduler import Job
from slaledger.adapters.sync.config import Source, duration_seconds
from slaledger.adapters.sync.pullers import PULLERS, Pulled, Puller
from slaledger.domain.message import msg
from slaledger.services.alerts import Channels
from slaledger.services.source_alerts import SourceReport, announce_source

log = logging.getLogger(__name__)

#: a source failing for longer than this is reported (``SLALEDGER_SOURCE_STALE_AFTER``)
STALE_AFTER = timedelta(hours=1)
STALE_VARIABLE = "SLALEDGER_SOURCE_STALE_AFTER"


def stale_after_from(environ: Mapping[str, str]) -> timedelta:
    """``SLALEDGER_SOURCE_STALE_AFTER`` (a duration in s, min or h; default 1 h)."""
    text = environ.get(STALE_VARIABLE, "").strip()
    if not text:
        return STALE_AFTER
    seconds = duration_seconds(text)
    if seconds is None or seconds <= 0:
        expected = msg("input.sync.stale-after")
        raise InputError([Problem("environment", STALE_VARIABLE, expected, text)])
    return timedelta(seconds=seconds)


def stale_after_of(source: Source, default: timedelta) -> timedelta:
    """How long ``source`` may fail before it is announced: its own ``stale_after``,
    else ``default`` (the service's)."""
    if source.stale_after_seconds is None:
        return default
    return timedelta(seconds=source.stale_after_seconds)


@dataclass(frozen=True)
class SyncResult:
    source: str
    since: datetime | None
    reached: datetime
    facts: int


def describe_error(exc: BaseException) -> str:
    """The failure in words, for the sources page (an InputError lists its problems)."""
    if isinstance(exc, InputError):
        return "; ".join(str(p) for p in exc.problems)
    return str(exc) or type(exc).__name__


def _store(pulled: Pulled, store: Store, source: Source, now: datetime | None = None) -> int:
    facts = 0
    if pulled.counts is not None:
        store.import_counts(source.contract, pulled.counts)
        facts += len(pulled.counts)
    if pulled.samples is not None:
        store.import_samples(source.contract, pulled.samples)
        facts += len(pulled.samples)
    if pulled.outages is not None:
        facts += store.sync_outages(source.contract, pulled.outages)
    if pulled.events is not None:
        facts += store.sync_events(source.contract, pulled.events, f"{source.kind}:{source.id}")
    if pulled.verdicts is not None:
        found = pulled.verdicts
        label = f"{source.kind}:{source.id}"
        moment = now or store.clock()
        store_verdicts(store, source.contract, label, found.found, tickets=found.tickets, at=moment)
    return facts


def sync_source(
    sessions: sessionmaker[Session],
    source: Source,
    *,
    now: datetime,
    pullers: Mapping[str, Puller] = PULLERS,
    stale_after: timedelta = STALE_AFTER,
    on_stale: Callable[[Source, str, datetime], None] | None = None,
) -> SyncResult:
    """Sync ``source`` up to ``now``; raises what the pull or the import raised, after
    recording it in the source's state."""
    with Store.transaction(sessions, actor=f"source:{source.id}") as store:
        state = state_of(store, source.contract, source.id, source.kind)
        since = state.synced_until or source.since
    pull_from = since
    if state.synced_until is not None and source.overlap_seconds:
        pull_from = state.synced_until - timedelta(seconds=source.overlap_seconds)
        if source.since is not None:
            pull_from = max(pull_from, source.since)
    try:
        pulled = pullers[source.kind](source, pull_from, now)
        with Store.transaction(sessions, actor=f"source:{source.id}") as store:
            facts = _store(pulled, store, source, now)
            state = state_of(store, source.contract, source.id, source.kind)
            state.synced_until = max(pulled.reached, since) if since else pulled.reached
            state.last_attempt = state.last_success = now
            state.last_error, state.failing_since, state.alerted_at = "", None, None
            state.runs += 1
            state.facts += facts
            store.append_audit(
                "sync",
                "source",
                f"{source.contract}/{source.id}",
                {
                    "kind": source.kind,
                    "since": None if since is None else since.isoformat(),
                    "until": state.synced_until.isoformat(),
                    "facts": facts,
                },
            )
    except Exception as exc:
        message = describe_error(exc)
        with Store.transaction(sessions, actor=f"source:{source.id}") as store:
            state = state_of(store, source.contract, source.id, source.kind)
            state.last_attempt = now
            state.last_error = message[:4000]
            state.failing_since = state.failing_since or now
            stale = (
                now - state.failing_since >= stale_after_of(source, stale_after)
                and state.alerted_at is None
            )
            if stale:
                state.alerted_at = now
        if stale:
            log.error(
                "source %s has been failing since %s: %s", source.job, state.failing_since, message
            )
            if on_stale is not None:
                on_stale(source, message, state.failing_since)
        raise
    return SyncResult(source.job, since, state.synced_until, facts)


@dataclass(frozen=True)
class SourceAlerter:
    """Announces sources failing and recovered on their contract's ``channels``."""

    sessions: sessionmaker[Session]
    channels: Channels
    #: the service's delay (a source's own ``stale_after`` wins)
    stale_after: timedelta = STALE_AFTER

    def announce(self, source: Source, *, now: datetime) -> SourceReport:
        """What is due for ``source`` now; never raises (a sync's error stays its own)."""
        try:
            with self.sessions() as session:
                store = Store(session, actor=f"source:{source.id}")
                return announce_source(
                    store=StoreSourceAlerts(store),
                    channels=self.channels,
                    contract=source.contract,
                    source=source.id,
                    service=source.service,
                    now=now,
                    stale_after=stale_after_of(source, self.stale_after),
                )
        except Exception:
            log.exception("source %s: its notices could not be sent", source.job)
            return SourceReport()


def source_job(
    source: Source,
    sessions: sessionmaker[Session],
    clock: Callable[[], datetime],
    *,
    alerter: SourceAlerter | None = None,
    **options: object,
) -> Job:
    """The scheduler job of ``source``: a sync every ``interval``, then its notices."""

    def run() -> None:
        now = clock()
        try:
            sync_source(sessions, source, now=now, **options)  # type: ignore[arg-type]
        finally:
            if alerter is not None:
                alerter.announce(source, now=now)

    return Job(source.job, run, float(source.interval_seconds))


def source_jobs(
    sources: list[Source],
    sessions: sessionmaker[Session],
    clock: Callable[[], datetime],
    *,
    alerter: SourceAlerter | None = None,
    **options: object,
) -> list[Job]:
    """One scheduler job per source, pulled every ``interval``."""
    return [source_job(s, sessions, clock, alerter=alerter, **options) for s in sources]
