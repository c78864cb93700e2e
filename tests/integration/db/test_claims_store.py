"""Credit claims and notes in the store (SQLite and PostgreSQL): a claim once per month,
a decision once per claim, credit notes numbered CN-<year>-<seq> per provider and year
without gaps or duplicates even when two grants run at once; the audit chain verifies."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import audit
from slaledger.adapters.db.audit_data import verify_data
from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.db.models import AuditEntry, CreditClaim, CreditNote
from slaledger.adapters.db.store import Store
from slaledger.domain.claims import ClaimState, Decision

ROOT = Path(__file__).resolve().parents[3]
PREVISOFT = ROOT / "examples" / "contracts" / "003-previsoft.yaml"
GRANTED = Decision(ClaimState.GRANTED, Decimal("5"), "", partial=False)
APRIL = datetime(2024, 4, 10, 9, tzinfo=UTC)


@pytest.fixture
def loaded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with Store.transaction(sessions, actor="tests") as store:
        store.upload_contract_file(str(PREVISOFT), accept_lint_errors=True)
    return sessions


def _claim(store: Store, month: str) -> CreditClaim:
    return store.add_claim(
        store.contract("previsoft-cgv"),
        service="saas",
        month=month,
        unit="percent-of-fee",
        percent=Decimal("5"),
    )


def test_a_granted_claim_gets_the_next_credit_note_and_every_step_is_audited(loaded):
    with Store.transaction(loaded, actor="viewer@client.test") as store:
        store.clock = lambda: APRIL
        claim = _claim(store, "2024-03")
    with Store.transaction(loaded, actor="admin@provider.test") as store:
        store.clock = lambda: APRIL
        note = store.record_decision(store.claim(claim.id), GRANTED)
        assert note is not None
        assert note.number == "CN-2024-0001"
        second = store.record_decision(_claim(store, "2024-02"), GRANTED)
        assert second is not None
        assert second.number == "CN-2024-0002"
    with Store.transaction(loaded) as store:
        stored = store.claim(claim.id)
        assert (stored.status, stored.granted, stored.decided_by) == (
            "granted",
            Decimal("5"),
            "admin@provider.test",
        )
        assert [n.number for n in store.credit_notes(stored.contract)] == [
            "CN-2024-0001",
            "CN-2024-0002",
        ]
        assert audit.verify(store.session).ok
        assert verify_data(store.session).ok


def test_a_second_claim_or_decision_is_refused_and_writes_nothing(loaded):
    with Store.transaction(loaded) as store:
        claim = _claim(store, "2024-03")
        store.record_decision(claim, Decision(ClaimState.REFUSED, None, "reported late", False))
    with Store.transaction(loaded) as store:
        entries = store.count(AuditEntry)
        with pytest.raises(StoreError, match="claimed already"):
            _claim(store, "2024-03")
        with pytest.raises(StoreError, match="waiting for a decision, found refused"):
            store.record_decision(store.claim(claim.id), GRANTED)
        assert store.count(AuditEntry) == entries
        assert store.count(CreditNote) == 0


def test_grants_at_once_draw_distinct_numbers_without_gaps(loaded):
    with Store.transaction(loaded) as store:
        ids = [_claim(store, f"2023-{m:02d}").id for m in range(1, 9)]
    errors: list[BaseException] = []

    def grant(claim_id: int) -> None:
        try:
            with Store.transaction(loaded, actor="admin") as store:
                store.record_decision(store.claim(claim_id), GRANTED)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=grant, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store.transaction(loaded) as store:
        seqs = sorted(store.session.scalars(select(CreditNote.seq)))
        assert seqs == list(range(1, 9))
        assert audit.verify(store.session).ok


def test_a_credit_note_takes_the_year_of_the_contract_s_zone(loaded):
    """003 is in Europe/Paris: 23:30 UTC on 31 December 2024 is 00:30 on 1 January 2025."""
    new_year = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)
    with Store.transaction(loaded, actor="admin@provider.test") as store:
        store.clock = lambda: new_year
        note = store.record_decision(_claim(store, "2024-11"), GRANTED)
        assert note is not None
        assert note.number == "CN-2025-0001"
