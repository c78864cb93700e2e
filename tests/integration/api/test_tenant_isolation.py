"""A customer viewer's token meets another customer's data on every route of the app:
each answers 404, as for an id that does not exist. The routes are read from the app,
so a new one is tried without anyone adding it here."""

from __future__ import annotations

import pytest
from tests.integration.api.conftest import World
from tests.integration.api.routes import RouteCall, calls

CALLS = calls()
#: routes whose answer is the provider's: the owner's viewer gets 403 there
PROVIDER_ONLY = {
    "GET /api/contracts/{contract_id}/lint",
    "GET /api/contracts/{contract_id}/sources",
    # sources are the provider's plumbing, read or written (docs/sync.md)
    "POST /api/contracts/{contract_id}/sources",
    "GET /api/contracts/{contract_id}/sources/{name}",
    "PUT /api/contracts/{contract_id}/sources/{name}",
    "DELETE /api/contracts/{contract_id}/sources/{name}",
    "GET /api/contracts/{contract_id}/helpdesk-verdicts",
    # a contract's burn-rate rules are set by a provider-admin (docs/alerts.md)
    "PUT /api/contracts/{contract_id}/burn-rules",
}
#: routes that name no contract: what a foreign viewer gets there instead of a 404
#: the one write a customer viewer may do, on its own contract: claim a credit (PREVISOFT
#: has no credit schedule, so the claim is refused by the rules, naming the field)
VIEWER_WRITES = {"POST /api/contracts/{contract_id}/claims"}
NOT_TENANT_SCOPED = {
    "GET /api/me": 200,  # its own identity
    "GET /api/contracts": 200,  # its own contracts only (checked below)
    "GET /api/credit-notes": 200,  # its own customer's notes only (none here)
    "GET /api/credit-notes/summary": 200,
}


def test_every_route_is_tried() -> None:
    assert len(CALLS) >= 20
    assert {c.id for c in CALLS} >= {
        "GET /api/contracts/{contract_id}/incidents",
        "GET /feeds/{contract_id}/obligations.ics",
    }


@pytest.mark.parametrize("call", CALLS, ids=[c.id for c in CALLS])
def test_a_foreign_customer_s_token_gets_404_on_every_route(
    shared_world: World, call: RouteCall
) -> None:
    # the calls change nothing (every write is refused), so one world serves them all
    world = shared_world
    # the feed takes the foreign viewer's feed token (of its own contract) in its address
    token = world.tokens["feed:foreign" if call.token_in_query else "foreign"]
    response = call.send(world.client, token)
    expected = NOT_TENANT_SCOPED.get(call.id, 404)
    assert response.status_code == expected, response.text
    assert "previsoft" not in response.text.lower() or expected == 404
    if expected == 404:
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("call", CALLS, ids=[c.id for c in CALLS])
def test_the_owner_s_viewer_reads_and_may_not_write(shared_world: World, call: RouteCall) -> None:
    world = shared_world
    response = call.send(
        world.client, world.tokens["feed:viewer" if call.token_in_query else "viewer"]
    )
    if call.id in PROVIDER_ONLY:
        assert response.status_code == 403, response.text
    elif call.id in VIEWER_WRITES:
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == "service"
    elif call.method == "GET":
        # 200, or 422 where the contract gives no such figure (PREVISOFT has no credits)
        assert response.status_code in (200, 422), response.text
        if response.status_code == 422:
            assert response.json()["type"].endswith("/not-computable")
    else:
        assert response.status_code == 404, response.text


def test_the_foreign_viewer_s_list_holds_only_its_customer_s_contracts(world: World) -> None:
    body = world.client.get("/api/contracts", headers=world.headers("foreign")).json()
    assert [c["id"] for c in body["items"]] == ["northwind-hosting-clean"]
    assert body["total"] == 1
