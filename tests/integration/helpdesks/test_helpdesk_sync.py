"""A helpdesk kept in sync by the service: its tickets reach the store over real HTTP,
and a second sync of the same answers adds nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import Incident, IncidentEvent, SourceState
from slaledger.adapters.sync.runner import sync_source

from .recorded import ROUTES, jira_source, store_seed_001

NOW = datetime(2024, 4, 1, tzinfo=UTC)


def _count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_jira_source_syncs_its_tickets_once(
    sessions: sessionmaker[Session], helpdesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_HELPDESK_TOKEN", "jira-token")
    ROUTES["jira"](helpdesk)
    store_seed_001(sessions)
    source = jira_source(helpdesk.url)
    sync_source(sessions, source, now=NOW)
    incidents, events = _count(sessions, Incident), _count(sessions, IncidentEvent)
    assert incidents == 2
    assert events > 4
    sync_source(sessions, source, now=NOW)
    assert (_count(sessions, Incident), _count(sessions, IncidentEvent)) == (incidents, events)
    with sessions() as session:
        state = session.scalars(select(SourceState)).one()
        keys = sorted(session.scalars(select(Incident.key)))
    assert (state.runs, state.last_error) == (2, "")
    assert keys == ["SUP-1", "SUP-2"]
