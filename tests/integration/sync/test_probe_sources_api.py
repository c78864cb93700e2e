"""Probes written through the API (SQLite and PostgreSQL): a provider admin posts a
``probe`` source whose checks are given inline; the service's scheduler runs them with
no restart and stores their samples; a bad check is refused naming its field, and
nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import AuditEntry, Interruption, SourceDefinition
from tests.integration.sync.test_source_definitions_api import (
    BASE,
    KEY,
    _runs,
    _service,
    _tokens,
    _until,
)
from tests.probe_servers import Running, http_server

JOB = f"source:{KEY}:portal"


@pytest.fixture(scope="module")
def http() -> Iterator[Running]:
    with http_server() as running:
        yield running


@pytest.fixture(autouse=True)
def _slow_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLALEDGER_SOURCES_REFRESH", "1 h")


def _probe(http: Running, **check: Any) -> dict[str, Any]:
    return {
        "id": "portal",
        "service": "solution",
        "kind": "probe",
        "interval": "10 s",
        "options": {
            "concurrency": 2,
            "checks": [
                {"id": "home", "service": "solution", "kind": "http",
                 "url": f"{http.url}/status/500",} | check,
            ],
        },
    }  # fmt: skip


def test_checks_posted_through_the_api_are_run_and_stored_without_a_restart(
    seeded: sessionmaker[Session], http: Running, tmp_path: Path
) -> None:
    admin = {"Authorization": f"Bearer {_tokens(seeded)['admin']}"}
    with _service(seeded, lambda: datetime.now(UTC), None) as client:
        bad = client.post(BASE, json=_probe(http, timeout="a while"), headers=admin)
        assert bad.status_code == 422, bad.text
        (error,) = bad.json()["errors"]
        assert error["field"] == "options.checks[0].timeout"
        assert error["found"] == "'a while'"

        created = client.post(BASE, json=_probe(http), headers=admin)
        assert created.status_code == 201, created.text
        assert created.json()["definition"]["options"]["checks"][0]["id"] == "home"
        _until(lambda: _runs(client, JOB) >= 1)  # the scheduler probed, no restart
        (state,) = [s for s in client.get(BASE, headers=admin).json() if s["id"] == "portal"]
        assert state["origin"] == "api"
        assert state["last_error"] == ""
        assert state["facts"] >= 1
    with seeded() as session:
        down = session.scalars(select(Interruption).where(Interruption.origin == "samples")).all()
        definitions = session.scalars(select(SourceDefinition)).all()
        audited = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "source_definition")
        ).all()
    assert down  # /status/500 answers 500, not the 200 expected: the service is down
    assert [d.key for d in definitions] == ["portal"]  # the refused one wrote nothing
    assert audited == ["create"]
