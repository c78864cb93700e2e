"""Tokens and roles: who may read and write what."""

from __future__ import annotations

import pytest
from tests.integration.api.conftest import CLEAN, World

INCIDENTS = "/api/contracts/previsoft-cgv/incidents"
NEW_INCIDENT = {"incident": "INC-ROLE", "notified_at": "2024-03-29T10:00:00+01:00"}


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no token
        {"Authorization": "Bearer sla_not-a-token"},  # unknown
        {"Authorization": "Basic YWRtaW46YWRtaW4="},  # another scheme
    ],
)
def test_a_request_without_a_valid_token_is_401_with_a_bearer_challenge(
    world: World, headers: dict[str, str]
) -> None:
    response = world.client.get("/api/contracts", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"


def test_a_revoked_token_is_refused(world: World) -> None:
    assert world.client.get("/api/me", headers=world.headers("revoked")).status_code == 401


def test_an_agent_writes_incidents_but_may_not_upload_a_contract(world: World) -> None:
    created = world.client.post(INCIDENTS, headers=world.headers("agent"), json=NEW_INCIDENT)
    assert created.status_code == 201, created.text
    upload = world.client.post(
        "/api/contracts",
        headers=world.headers("agent"),
        files={"file": ("invented-clean.yaml", CLEAN.read_bytes())},
    )
    assert upload.status_code == 403
    assert upload.json()["type"].endswith("/forbidden")


def test_a_customer_viewer_may_not_write_even_under_its_own_contract(world: World) -> None:
    response = world.client.post(INCIDENTS, headers=world.headers("viewer"), json=NEW_INCIDENT)
    assert response.status_code == 404
    listed = world.client.get(INCIDENTS + "?limit=500", headers=world.headers("admin")).json()
    assert "INC-ROLE" not in {i["incident"] for i in listed["items"]}


def test_writes_are_audited_under_the_token_s_user(world: World) -> None:
    from slaledger.adapters.db.audit import verify
    from slaledger.adapters.db.models import AuditEntry
    from slaledger.adapters.db.store import session_factory

    world.client.post(INCIDENTS, headers=world.headers("agent"), json=NEW_INCIDENT)
    factory = session_factory(world.url)
    with factory() as session:
        actors = {e.actor for e in session.query(AuditEntry).filter_by(entity="incident_event")}
        assert "agent@provider.test" in actors
        assert verify(session).ok
    factory.kw["bind"].dispose()
