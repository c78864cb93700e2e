"""A job runs once per database: with PostgreSQL the advisory lock admits one holder at a
time across connections (and processes); with a SQLite file, the first process to lock
it runs the jobs and a second process does not."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from slaledger.adapters.jobs.locks import (
    AdvisoryLock,
    FileLock,
    LeaderLock,
    LocalLock,
    lock_for,
    scheduler_lock_for,
)
from tests.integration.conftest import fresh_postgres_database


@pytest.mark.postgres
def test_postgres_advisory_lock_admits_one_holder_across_engines() -> None:
    with fresh_postgres_database() as url:
        first, second = create_engine(url), create_engine(url)
        try:
            a, b = lock_for(first), lock_for(second)
            assert isinstance(a, AdvisoryLock)
            with a.hold("alerts") as mine:
                assert mine
                with b.hold("alerts") as theirs:
                    assert not theirs  # another worker runs it now
                with b.hold("statements") as other:
                    assert other  # a different job is free
            with b.hold("alerts") as later:
                assert later  # released after the run
        finally:
            first.dispose()
            second.dispose()


def test_sqlite_file_lock_keeps_the_jobs_in_the_first_process(tmp_path: Path) -> None:
    database = tmp_path / "ledger.db"
    engine = create_engine(f"sqlite:///{database}")
    lock = lock_for(engine)
    assert isinstance(lock, FileLock)
    with lock.hold("alerts") as mine:
        assert mine
    probe = textwrap.dedent(
        f"""
        from pathlib import Path
        from slaledger.adapters.jobs.locks import FileLock
        with FileLock(Path({str(database) + ".jobs.lock"!r})).hold("alerts") as got:
            print("got" if got else "refused")
        """
    )
    other = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert other.stdout.strip() == "refused"
    lock.close()
    again = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert again.stdout.strip() == "got"
    engine.dispose()


def test_an_in_memory_database_uses_a_process_lock() -> None:
    engine = create_engine("sqlite://")
    lock = lock_for(engine)
    assert isinstance(lock, LocalLock)
    with lock.hold("alerts") as mine, lock.hold("alerts") as again:
        assert mine
        assert not again


@pytest.mark.postgres
def test_postgres_scheduler_leader_runs_every_job_until_it_gives_the_lock_back() -> None:
    with fresh_postgres_database() as url:
        first, second = create_engine(url), create_engine(url)
        try:
            a, b = scheduler_lock_for(first), scheduler_lock_for(second)
            assert isinstance(a, LeaderLock)
            assert isinstance(b, LeaderLock)
            with a.hold("alerts") as mine:
                assert mine
            with b.hold("statements") as theirs:
                assert not theirs  # the first worker leads, even between its runs
            with a.hold("statements") as again:
                assert again
            assert a.leading
            assert not b.leading
            a.close()  # the leader stops (or dies): the other takes over at its next try
            with b.hold("alerts") as taken:
                assert taken
            assert b.leading
            b.close()
        finally:
            first.dispose()
            second.dispose()


def test_sqlite_scheduler_lock_is_the_file_lock(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert isinstance(scheduler_lock_for(engine), FileLock)
    engine.dispose()
