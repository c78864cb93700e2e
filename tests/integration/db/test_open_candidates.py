"""The incidents that may be open at an instant, kept while the audit chain does not move:
a write of an event changes the answer at once, and an event dated later than the
instant counts once the instant passes it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.open_candidates import open_candidates
from slaledger.adapters.db.store import Store

CLEAN = Path(__file__).resolve().parents[2] / "fixtures" / "contracts" / "invented-clean.yaml"
KEY = "northwind-hosting-clean"
T0 = datetime(2025, 3, 3, 10, tzinfo=UTC)
NOW = datetime(2025, 3, 10, tzinfo=UTC)


def _record(sessions: sessionmaker[Session], incident: str, event: str, at: datetime) -> int:
    with Store.transaction(sessions, actor="tests") as store:
        store.record_event(KEY, incident, event=event, at=at, service="platform")
        return store.contract(KEY).id


def _open(sessions: sessionmaker[Session], cid: int, moment: datetime) -> list[str]:
    with sessions() as session:
        return open_candidates(session, {cid}, moment).get(cid, [])


def test_a_write_or_a_later_dated_event_changes_the_incidents_that_may_be_open(
    sessions: sessionmaker[Session],
) -> None:
    with Store.transaction(sessions, actor="tests") as store:
        store.upload_contract_file(str(CLEAN))
    cid = _record(sessions, "INC-1", "notified", T0)
    assert _open(sessions, cid, NOW) == ["INC-1"]
    assert _open(sessions, cid, NOW) == ["INC-1"]  # kept
    assert _open(sessions, cid, T0 - timedelta(hours=1)) == []  # before its notice
    _record(sessions, "INC-1", "restored", T0 + timedelta(hours=2))
    assert _open(sessions, cid, NOW) == []
    # notified later than "now": not open now, open once "now" passes it
    later = NOW + timedelta(days=1)
    _record(sessions, "INC-2", "notified", later)
    assert _open(sessions, cid, NOW) == []
    assert _open(sessions, cid, later) == ["INC-2"]
    assert _open(sessions, cid, T0 + timedelta(hours=1)) == ["INC-1"]  # between its events
