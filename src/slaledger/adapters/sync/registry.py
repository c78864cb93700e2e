"""The sources the service runs (docs/sync.md): the sources file's, fixed at start, and
the ones defined through the API (table ``source_definition``), read again at each
``refresh()``: every ``SLALEDGER_SOURCES_REFRESH`` (a scheduler job, so other workers
and processes see the changes) and at once after a change made in this process.

A refresh adds the job of a new stored source, replaces the job of one whose
definition changed, and removes the job of one removed; a stored source bearing the
name of one of the file's for the same contract is refused (logged, not run), the
file's wins. A stored source resumes from its state as the file's do, so a restart
loses and repeats nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.source_definitions import StoredSource, stored_sources
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.jobs.scheduler import Job, Scheduler
from slaledger.adapters.sync.config import Source, duration_seconds, load_sources, parse_definition
from slaledger.adapters.sync.pullers import PULLERS, check_options, checked_sources
from slaledger.adapters.sync.runner import SourceAlerter, describe_error, source_job
from slaledger.domain.message import msg

log = logging.getLogger(__name__)

REFRESH_VARIABLE = "SLALEDGER_SOURCES_REFRESH"
#: seconds between two reads of the stored sources
DEFAULT_REFRESH = 60.0
REFRESH_JOB = "sources-refresh"


def refresh_seconds_from(environ: Mapping[str, str]) -> float:
    """``SLALEDGER_SOURCES_REFRESH`` (a duration of at least 1 s; default 60 s)."""
    text = environ.get(REFRESH_VARIABLE, "").strip()
    if not text:
        return DEFAULT_REFRESH
    seconds = duration_seconds(text)
    if seconds is None or seconds < 1:
        expected = msg("input.sync.refresh")
        raise InputError([Problem("environment", REFRESH_VARIABLE, expected, text)])
    return float(seconds)


def file_conflict(contract: str, key: str) -> str:
    return (
        f"contract {contract} already has a source named '{key}' in the sources file: "
        "a stored source takes another name"
    )


@dataclass(frozen=True)
class Refreshed:
    """What a refresh changed, by job name; ``refused``: (job, why) not run."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()


@dataclass
class _Attached:
    scheduler: Scheduler
    alerter: SourceAlerter | None
    options: dict[str, object] = field(default_factory=dict)


class SourceRegistry:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime],
        *,
        sources_file: str | Path | None = None,
        kinds: set[str] | None = None,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.sources_file = sources_file
        self.kinds = set(PULLERS) if kinds is None else kinds
        self._file: list[Source] | None = None
        #: the stored sources running: job name -> definition text
        self._stored: dict[str, str] = {}
        self._refused: dict[str, str] = {}
        self._attached: _Attached | None = None
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- the file's
    def file_sources(self) -> list[Source]:
        """The sources file's sources (read once; none without a file)."""
        if self._file is None:
            found = (
                []
                if self.sources_file is None
                else checked_sources(load_sources(self.sources_file, self.kinds))
            )
            self._file = found
        return self._file

    def file_kinds(self, contract: str) -> dict[str, str]:
        """The file's sources of ``contract``: name -> kind (none when the file does not
        load: the service's start says why)."""
        try:
            sources = self.file_sources()
        except (InputError, OSError):
            return {}
        return {s.id: s.kind for s in sources if s.contract == contract}

    def refused(self) -> dict[str, str]:
        """The stored sources the last refresh did not run, by job name: why."""
        return dict(self._refused)

    # ---------------------------------------------------------------- the jobs
    def attach(
        self,
        scheduler: Scheduler,
        *,
        alerter: SourceAlerter | None = None,
        refresh_every: float = DEFAULT_REFRESH,
        **options: object,
    ) -> Refreshed:
        """Run the file's sources and the stored ones on ``scheduler``, and read the
        stored ones again every ``refresh_every`` seconds; ``options``: the runs'
        (``stale_after``...)."""
        self._attached = _Attached(scheduler, alerter, dict(options))
        for source in self.file_sources():
            scheduler.add(self._job(source))
        report = self.refresh()
        scheduler.add(Job(REFRESH_JOB, self._refresh_job, refresh_every))
        return report

    def _refresh_job(self) -> None:
        self.refresh()

    def _job(self, source: Source) -> Job:
        assert self._attached is not None
        attached = self._attached
        return source_job(
            source, self.sessions, self.clock, alerter=attached.alerter, **attached.options
        )

    def refresh(self) -> Refreshed:
        """Bring the scheduler's stored-source jobs in line with the table (nothing to
        do before ``attach``: no scheduler)."""
        if self._attached is None:
            return Refreshed()
        with self._lock:
            return self._refresh(self._attached.scheduler)

    def _refresh(self, scheduler: Scheduler) -> Refreshed:
        with self.sessions() as session:
            wanted = stored_sources(Store(session))
        taken = {s.job for s in self.file_sources()}
        added, replaced, refused = [], [], []
        seen: set[str] = set()
        for stored in wanted:
            job = f"source:{stored.contract}:{stored.key}"
            if job in taken:
                refused.append((job, file_conflict(stored.contract, stored.key)))
                continue
            source = self._parsed(stored, refused)
            if source is None:
                continue
            seen.add(job)
            if self._stored.get(job) == stored.text:
                continue
            if job in self._stored:
                scheduler.remove(job)
                replaced.append(job)
            else:
                added.append(job)
            scheduler.add(self._job(source))
            self._stored[job] = stored.text
        removed = [job for job in self._stored if job not in seen]
        for job in removed:
            scheduler.remove(job)
            del self._stored[job]
        for job, why in refused:
            if self._refused.get(job) != why:
                log.error("stored source %s not run: %s", job, why)
        self._refused = dict(refused)
        report = Refreshed(tuple(added), tuple(replaced), tuple(removed), tuple(refused))
        if added or replaced or removed:
            log.info("stored sources: %s", report)
        return report

    def _parsed(self, stored: StoredSource, refused: list[tuple[str, str]]) -> Source | None:
        """The stored definition as a source (checked again: this build's kinds); the
        row's contract and name are the source's."""
        where = f"stored source {stored.contract}/{stored.key}"
        definition = stored.definition | {"contract": stored.contract, "id": stored.key}
        try:
            source = parse_definition(definition, self.kinds, where=where)
            check_options(source)
            return source
        except InputError as exc:
            refused.append((f"source:{stored.contract}:{stored.key}", describe_error(exc)))
            return None
