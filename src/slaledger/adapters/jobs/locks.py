"""Which process may run a job now: one at a time per database.

PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) keyed by the job's
name, held on its own connection while the job runs and released after, so any worker of
any process may take the next run. SQLite: an exclusive ``flock`` on a file beside the
database (``<file>.jobs.lock``), held by the one process that got it first for as long as
it lives — SQLite serves one host, so one process running the jobs is the rule; an
in-memory database is private to its process, so a process-local lock is enough.

The service's scheduler (``scheduler_lock_for``) runs once across the workers of
``sla serve --workers N``: on PostgreSQL a ``LeaderLock`` makes the first worker to take
the scheduler's advisory lock the one that runs every job for as long as it lives (the
lock is held by a connection of its own); the others skip each run and take over at
their next try once that worker is gone. Each run still takes its job's own advisory
lock, so a run never overlaps one started by another service on the same database.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (advisory locks take a bigint)."""
    digest = hashlib.sha256(f"slaledger-job:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class JobLock(Protocol):
    def hold(self, name: str) -> contextlib.AbstractContextManager[bool]:
        """Enter with True when this process may run ``name`` now (False: another holds
        it; skip this run)."""
        ...


class LocalLock:
    """One process: a job never runs twice at once inside it."""

    def __init__(self) -> None:
        self._held: set[str] = set()
        self._guard = threading.Lock()

    @contextlib.contextmanager
    def hold(self, name: str) -> Iterator[bool]:
        with self._guard:
            free = name not in self._held
            if free:
                self._held.add(name)
        try:
            yield free
        finally:
            if free:
                with self._guard:
                    self._held.discard(name)


class AdvisoryLock:
    """PostgreSQL: ``pg_try_advisory_lock`` on a connection of its own for the run."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.local = LocalLock()

    @contextlib.contextmanager
    def hold(self, name: str) -> Iterator[bool]:
        key = lock_key(name)
        with self.local.hold(name) as free:
            if not free:
                yield False
                return
            with self.engine.connect() as connection:
                got = bool(
                    connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
                )
                connection.commit()
                try:
                    yield got
                finally:
                    if got:
                        connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                        connection.commit()


class FileLock:
    """SQLite: the first process to lock ``path`` runs every job until it exits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.local = LocalLock()
        self._fd: int | None = None
        self._guard = threading.Lock()

    def _owned(self) -> bool:
        with self._guard:
            if self._fd is not None:
                return True
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            self._fd = fd
            return True

    @contextlib.contextmanager
    def hold(self, name: str) -> Iterator[bool]:
        with self.local.hold(name) as free:
            yield free and self._owned()

    def close(self) -> None:
        with self._guard:
            if self._fd is not None:
                os.close(self._fd)  # closing the descriptor releases the flock
                self._fd = None


class LeaderLock:
    """PostgreSQL, several workers: the worker holding the scheduler's advisory lock
    runs the jobs; the lock lives on a connection outside the pool (closing it gives the
    lock back, as a worker's death does)."""

    def __init__(self, engine: Engine, name: str = "scheduler") -> None:
        self.key = lock_key(name)
        self.jobs = AdvisoryLock(engine)
        self._engine = create_engine(engine.url, poolclass=NullPool)
        self._connection: Connection | None = None
        self._guard = threading.Lock()

    @property
    def leading(self) -> bool:
        """Whether this process held the lock at its last try."""
        return self._connection is not None

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def _lead(self) -> bool:
        with self._guard:
            if self._connection is not None:
                try:  # the server may have ended the connection, and the lock with it
                    self._connection.execute(text("SELECT 1"))
                    self._connection.commit()
                    return True
                except DBAPIError:
                    self._drop()
            connection = self._engine.connect()
            try:
                got = bool(
                    connection.execute(
                        text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}
                    ).scalar()
                )
                connection.commit()
            except BaseException:
                connection.close()
                raise
            if not got:
                connection.close()
                return False
            self._connection = connection
            return True

    @contextlib.contextmanager
    def hold(self, name: str) -> Iterator[bool]:
        if not self._lead():
            yield False
            return
        with self.jobs.hold(name) as free:
            yield free

    def close(self) -> None:
        """Give the lock back (the service stops): another worker may lead."""
        with self._guard:
            self._drop()
        self._engine.dispose()


def scheduler_lock_for(engine: Engine) -> JobLock:
    """The lock of the service's scheduler: one leader across workers on PostgreSQL,
    else as ``lock_for``."""
    if engine.dialect.name == "postgresql":
        return LeaderLock(engine)
    return lock_for(engine)


def lock_for(engine: Engine) -> JobLock:
    """The lock that suits the database behind ``engine``."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine)
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return FileLock(Path(f"{database}.jobs.lock"))
    return LocalLock()
