"""SQLite takes concurrent writers (issue 22): WAL mode, writers that queue for the lock
(BEGIN IMMEDIATE) for up to the busy timeout, readers that never wait."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import audit_data
from slaledger.adapters.db.engine import PoolSettings, begin_write, make_engine, upgrade
from slaledger.adapters.db.models import Contract, Outage, Service
from slaledger.adapters.db.store import Store, session_factory
from slaledger.domain.observations import Origin, OutageTable
from tests.integration.db.seeds import seed

CLEAN = Path(__file__).resolve().parents[2] / "fixtures" / "contracts" / "invented-clean.yaml"


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


def _outage_table(source: str, service: str, rows: int, offset: int) -> OutageTable:
    start = 1_700_000_000 + offset + 600 * np.arange(rows, dtype=np.int64)
    return OutageTable(
        origin=Origin(source),
        services=(service,),
        service=np.zeros(rows, dtype=np.int64),
        start=start,
        end=start + 180,
        category=np.array(["unplanned"] * rows, dtype=object),
        reported_at=np.zeros(rows, dtype=np.int64),
        reported=np.zeros(rows, dtype=bool),
        reference=np.array([f"{source}-{n}" for n in range(rows)], dtype=object),
        note=np.array([""] * rows, dtype=object),
        row=np.arange(1, rows + 1, dtype=np.int64),
    )


def test_two_concurrent_bulk_imports_read_back_their_own_row_ids(
    sessions: sessionmaker[Session],
) -> None:
    """Outages go in by one executemany per import, their ids read back afterwards
    (SQLite: the table's last rows, under the write lock; PostgreSQL: ids drawn from the
    sequence first). Two imports at once to two contracts, several rounds: each
    contract's rows are its own file's, and each audit entry vouches for exactly the
    rows its import wrote (crossed ids would break ``verify_data``)."""
    with Store.transaction(sessions, actor="test") as store:
        first = seed(store, "003-previsoft")
        second = store.upload_contract_file(str(CLEAN), accept_lint_errors=True).contract.key
    services = {first: "saas", second: "platform"}
    rounds, rows = 4, 3000
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def imports(key: str) -> None:
        try:
            for number in range(rounds):
                table = _outage_table(f"{key}-{number}.csv", services[key], rows, number)
                barrier.wait(30)
                with Store.transaction(sessions, actor=key) as store:
                    store.import_outages(key, table)
        except BaseException as exc:
            failures.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=imports, args=(key,)) for key in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    with sessions() as session:
        for key in services:
            found = session.execute(
                select(Outage.source, func.count())
                .join(Service, Service.id == Outage.service_id)
                .join(Contract, Contract.id == Service.contract_id)
                .where(Contract.key == key, Outage.source.like(f"{key}-%"))
                .group_by(Outage.source)
            ).all()
            assert sorted(found) == [(f"{key}-{n}.csv", rows) for n in range(rounds)]
        verified = audit_data.verify_data(session)
        assert verified.ok, [str(b) for b in verified.breaks[:5]]
