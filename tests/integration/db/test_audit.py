"""The audit chain: every write appends an entry; a modified, an inserted and a deleted
entry are each found and named."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from click.testing import CliRunner
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db import audit
from slaledger.adapters.db.models import AuditEntry
from slaledger.adapters.db.store import Store


def _three_writes(store: Store) -> None:
    store.ensure_provider("Acme")
    store.ensure_customer("Globex")
    store.ensure_customer("Initech")
    store.commit()


def test_each_write_appends_an_entry_linked_to_the_previous_one(store: Store) -> None:
    _three_writes(store)
    entries = list(store.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [e.seq for e in entries] == [1, 2, 3]
    assert [e.entity for e in entries] == ["provider", "customer", "customer"]
    assert entries[0].prev_hash == audit.GENESIS
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    assert json.loads(entries[2].payload)["name"] == "Initech"
    assert json.loads(entries[2].payload)["data"]["customer"]["rows"] == 1  # what it wrote
    assert entries[2].actor == "test"
    result = audit.verify(store.session)
    assert result.ok
    assert (result.entries, result.last_hash) == (3, entries[2].hash)


def test_a_write_rolled_back_leaves_no_entry(store: Store) -> None:
    store.ensure_provider("Acme")
    store.rollback()
    assert store.count(AuditEntry) == 0


def test_a_modified_entry_is_named(store: Store) -> None:
    _three_writes(store)
    store.session.execute(
        update(AuditEntry).where(AuditEntry.seq == 2).values(payload='{"name":"Evil"}')
    )
    store.commit()
    result = audit.verify(store.session)
    assert [(b.seq, b.problem) for b in result.breaks] == [
        (2, "its content does not match its hash (modified)")
    ]


def test_a_deleted_entry_is_named(store: Store) -> None:
    _three_writes(store)
    store.session.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    store.commit()
    result = audit.verify(store.session)
    assert result.breaks[0].seq == 3
    assert "entries 2 are missing (deleted)" in result.breaks[0].problem
    assert any("prev_hash does not match" in b.problem for b in result.breaks)


def test_an_inserted_entry_is_named(store: Store) -> None:
    _three_writes(store)
    # make room after entry 2, then forge a well-hashed entry 3 chained to entry 2
    store.session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(seq=4))
    second = store.session.get_one(AuditEntry, 2)
    at = datetime(2024, 1, 1, tzinfo=UTC)
    fields = dict(seq=3, at=at, actor="intruder", action="create", entity="customer", entity_id="9")
    forged = AuditEntry(
        **fields,
        payload="{}",
        prev_hash=second.hash,
        hash=audit.entry_hash(**fields, payload="{}", prev_hash=second.hash),
    )
    store.session.add(forged)
    store.commit()
    result = audit.verify(store.session)
    assert {b.seq for b in result.breaks} == {4}
    problems = " / ".join(b.problem for b in result.breaks)
    assert "prev_hash does not match" in problems
    assert "modified" in problems  # its seq changed under its hash


def test_audit_verify_exits_non_zero_naming_the_broken_entry(
    store: Store, database_url: str
) -> None:
    _three_writes(store)
    runner = CliRunner()
    intact = runner.invoke(cli, ["audit", "verify", "--db", database_url])
    assert intact.exit_code == 0, intact.output
    assert "3 entries" in intact.output
    store.session.execute(
        update(AuditEntry).where(AuditEntry.seq == 1).values(actor="someone else")
    )
    store.commit()
    broken = runner.invoke(cli, ["audit", "verify", "--db", database_url])
    assert broken.exit_code == 1
    assert "audit entry 1: its content does not match its hash (modified)" in broken.output


def test_concurrent_writers_extend_one_unbroken_chain(
    sessions: sessionmaker[Session],
) -> None:
    def write(worker: int) -> None:
        for number in range(8):
            with Store.transaction(sessions, actor=f"worker-{worker}") as store:
                store.ensure_customer(f"customer {worker}-{number}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))
    with sessions() as session:
        result = audit.verify(session)
    assert result.ok, result.breaks
    assert result.entries == 32
