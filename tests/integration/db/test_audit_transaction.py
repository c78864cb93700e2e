"""Several audited writes in one transaction: each entry links to the one before it,
even when a savepoint between them was rolled back, and the chain verifies."""

from __future__ import annotations

import json

from sqlalchemy import select

from slaledger.adapters.db import audit
from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.db.models import AuditEntry
from slaledger.adapters.db.store import Store


def _chain(store: Store) -> list[AuditEntry]:
    return list(store.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def test_writes_of_one_transaction_chain_one_after_another(store: Store) -> None:
    store.ensure_provider("Acme")
    store.commit()
    for name in ("Globex", "Initech", "Umbrella"):
        store.ensure_customer(name)
    store.commit()
    entries = _chain(store)
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert audit.verify(store.session).ok


def test_a_savepoint_rolled_back_between_writes_leaves_no_gap(store: Store) -> None:
    store.ensure_customer("Globex")
    try:
        with store.session.begin_nested():
            store.ensure_customer("Initech")
            raise StoreError("refused")
    except StoreError:
        pass
    store.ensure_customer("Umbrella")
    store.commit()
    entries = _chain(store)
    assert [json.loads(e.payload)["name"] for e in entries] == ["Globex", "Umbrella"]
    assert [e.seq for e in entries] == [1, 2]
    assert entries[1].prev_hash == entries[0].hash
    assert audit.verify(store.session).ok


def test_a_transaction_rolled_back_after_writes_lets_the_next_one_continue_the_chain(
    store: Store,
) -> None:
    store.ensure_customer("Globex")
    store.commit()
    store.ensure_customer("Initech")
    store.rollback()
    store.ensure_customer("Umbrella")
    store.commit()
    assert [e.seq for e in _chain(store)] == [1, 2]
    assert audit.verify(store.session).ok
