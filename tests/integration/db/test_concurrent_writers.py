"""SQLite takes concurrent writers (issue 22): WAL mode, writers that queue for the lock
(BEGIN IMMEDIATE) for up to the busy timeout, readers that never wait."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.engine import PoolSettings, begin_write, make_engine, upgrade
from slaledger.adapters.db.store import Store, session_factory


def _factory(tmp_path: Path, busy: float) -> tuple[str, sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    upgrade(url)
    return url, session_factory(engine=make_engine(url, pool=PoolSettings(busy_timeout=busy)))


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    _, factory = _factory(tmp_path, 1)
    with factory() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 1000


def test_a_second_writer_waits_for_the_first_then_lands(tmp_path: Path) -> None:
    """Before: both began deferred, read, then tried to write: one failed at once with
    "database is locked", whatever the busy timeout."""
    _, factory = _factory(tmp_path, 10)
    first_holds = threading.Event()
    done: list[str] = []

    def first() -> None:
        with Store.transaction(factory, actor="a") as store:
            store.ensure_customer("First")
            first_holds.set()
            time.sleep(0.5)
        done.append("first")

    thread = threading.Thread(target=first)
    thread.start()
    first_holds.wait(5)
    began = time.monotonic()
    with Store.transaction(factory, actor="b") as store:
        store.ensure_customer("Second")
    waited = time.monotonic() - began
    thread.join()
    done.append("second")
    assert done == ["first", "second"]
    assert waited >= 0.3  # it queued behind the first writer
    with factory() as session:
        assert session.execute(text("SELECT count(*) FROM customer")).scalar() == 2


def test_a_reader_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    _, factory = _factory(tmp_path, 10)
    with factory() as writer:
        begin_write(writer)
        Store(writer, actor="w").ensure_customer("Pending")
        began = time.monotonic()
        with factory() as reader:
            seen = reader.execute(text("SELECT count(*) FROM customer")).scalar()
        assert time.monotonic() - began < 0.5
        assert seen == 0  # the snapshot before the writer's commit
        writer.commit()


def test_a_writer_that_cannot_get_the_lock_fails_after_the_busy_timeout(tmp_path: Path) -> None:
    _, factory = _factory(tmp_path, 0.3)
    with factory() as holder:
        begin_write(holder)
        holder.execute(text("SELECT 1"))
        began = time.monotonic()
        with (
            pytest.raises(OperationalError, match="database is locked"),
            Store.transaction(factory, actor="late") as store,
        ):
            store.ensure_customer("Late")
        assert time.monotonic() - began >= 0.3
