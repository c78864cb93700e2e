"""A helpdesk's own SLA verdicts stored by its sync, in the transaction of its events,
and the API setting them beside the contract's clocks (SQLite and PostgreSQL)."""

from __future__ import annotations

import warnings
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.audit_data import verify_data
from slaledger.adapters.db.models import AuditEntry, HelpdeskVerdict
from slaledger.adapters.db.store import Store
from slaledger.adapters.sync.config import Source
from slaledger.adapters.sync.runner import sync_source

from .loopback import FIXTURES, ROOT
from .recorded import ROUTES, jira_source, store_seed_001

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

NOW = datetime(2024, 4, 1, tzinfo=UTC)
CONTRACT = ROOT / "examples/contracts/001-saas-annexes.yaml"


def _source(url: str, mapping: str = "jira/mapping.yaml") -> Source:
    return jira_source(url, mapping)


def _rows(sessions: sessionmaker[Session]) -> list[tuple[int, str, str, str, str, bool | None]]:
    with sessions() as session:
        return [
            (r.id, r.source, r.ticket, r.clock, r.verdict, r.breached)
            for r in session.scalars(select(HelpdeskVerdict).order_by(HelpdeskVerdict.ticket))
        ]


@pytest.fixture
def synced(sessions: sessionmaker[Session], helpdesk, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SLALEDGER_HELPDESK_TOKEN", "jira-token")
    ROUTES["jira"](helpdesk)
    store_seed_001(sessions)
    sync_source(sessions, _source(helpdesk.url), now=NOW)
    return helpdesk


def test_a_helpdesk_sync_stores_its_verdicts_once(sessions, synced) -> None:
    first = _rows(sessions)
    assert [row[1:] for row in first] == [
        ("helpdesk:jira", "SUP-1", "take-into-account", "met", False),
        ("helpdesk:jira", "SUP-2", "take-into-account", "met", False),
    ]
    with sessions() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry))
    sync_source(sessions, _source(synced.url), now=NOW)
    assert _rows(sessions) == first  # the same rows, not written again
    with sessions() as session:
        # the second sync's entries (its events, its source): none for verdicts unchanged
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries + 2
        assert verify_data(session).ok


def test_a_clock_the_mapping_no_longer_pairs_loses_its_stored_verdicts(
    sessions, synced, tmp_path
) -> None:
    text = (FIXTURES / "jira/mapping.yaml").read_text(encoding="utf-8")
    unpaired = tmp_path / "mapping.yaml"
    unpaired.write_text(text.replace("sla:\n  Time to first response: take-into-account\n", ""))
    assert "sla:" not in unpaired.read_text()
    source = _source(synced.url)
    source = replace(source, options={**source.options, "mapping": str(unpaired)})
    sync_source(sessions, source, now=NOW)
    assert _rows(sessions) == []
    with sessions() as session:
        assert verify_data(session).ok  # the rows removed are recorded as gone


def _client(database_url: str, sessions: sessionmaker[Session]) -> tuple[TestClient, dict]:
    with Store.transaction(sessions) as store:
        customer = store.contract("saas-annexes").customer.name
        store.add_user("admin@provider.test", role="provider-admin", customer=None)
        store.add_user("it@customer.test", role="customer-viewer", customer=customer)
        tokens = {
            "admin": store.create_token("admin@provider.test", name="a")[1],
            "viewer": store.create_token("it@customer.test", name="v")[1],
        }
    app = create_app(database_url=database_url, settings=Settings(secret="s"), clock=lambda: NOW)
    return TestClient(app, raise_server_exceptions=False), tokens


def test_the_api_counts_where_the_helpdesk_and_the_contract_disagree(
    database_url, sessions, synced
) -> None:
    client, tokens = _client(database_url, sessions)
    path = "/api/contracts/saas-annexes/helpdesk-verdicts"
    with client:
        answer = client.get(path, headers={"Authorization": f"Bearer {tokens['admin']}"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        # Jira's own 8 h met; the contract's 6 working hours from Friday 16:00 breached
        assert body["disagreements"] == 1
        assert body["at"] == "2024-04-01T02:00:00+02:00"  # in the contract's zone
        assert body["clocks"] == [
            {
                "clock": "take-into-account",
                "disagree": 1,
                "agree": 1,
                "helpdesk_silent": 0,
                "total": 2,
            }
        ]
        first, second = body["tickets"]
        assert (first["ticket"], first["helpdesk"], first["contract"], first["outcome"]) == (
            "SUP-2",
            "met",
            "breached",
            "disagree",
        )
        assert first["helpdesk_goal_seconds"] == 8 * 3600
        assert first["helpdesk_target"].startswith("2024-03-18T16:00:00+01:00")
        assert (second["ticket"], second["outcome"]) == ("SUP-1", "agree")
        only = client.get(
            path,
            params={"outcome": "agree"},
            headers={"Authorization": f"Bearer {tokens['admin']}"},
        )
        assert [t["ticket"] for t in only.json()["tickets"]] == ["SUP-1"]
        refused = client.get(path, headers={"Authorization": f"Bearer {tokens['viewer']}"})
        assert refused.status_code == 403
    client.app.state.engine.dispose()  # type: ignore[attr-defined]
