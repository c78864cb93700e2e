"""Feed tokens are separate, read-only, per contract and never logged; a contract
version naming another customer is refused unless confirmed (issue 22)."""

from __future__ import annotations

import logging

import httpx
import pytest
from tests.integration.api.conftest import CLEAN, World
from tests.integration.api.server import served

FEED = "/feeds/previsoft-cgv/obligations.ics"


def test_the_feed_takes_its_feed_token(world: World) -> None:
    answer = world.client.get(FEED, params={"token": world.tokens["feed:viewer"]})
    assert answer.status_code == 200, answer.text
    assert answer.text.startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize("who", ["admin", "viewer"])
def test_the_feed_refuses_api_tokens(world: World, who: str) -> None:
    """Before: any API token, a provider admin's included, read the feed — and ended
    in calendar settings and access logs."""
    answer = world.client.get(FEED, params={"token": world.tokens[who]})
    assert answer.status_code == 401, answer.text


def test_a_feed_token_reads_its_contract_s_feed_only(world: World) -> None:
    other = world.client.get(FEED, params={"token": world.tokens["feed:foreign"]})
    assert other.status_code == 404
    api = world.client.get(
        "/api/contracts/previsoft-cgv",
        headers={"Authorization": f"Bearer {world.tokens['feed:viewer']}"},
    )
    assert api.status_code == 401


def test_tokens_in_the_address_are_not_written_in_the_access_log(world: World) -> None:
    """Before: uvicorn's access log held ``?token=sla_...`` in clear."""
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    keep = Keep()
    access = logging.getLogger("uvicorn.access")
    app = world.client.app
    with served(app) as base:  # type: ignore[arg-type]
        access.addHandler(keep)
        try:
            token = world.tokens["feed:viewer"]
            assert httpx.get(base + FEED, params={"token": token}, timeout=60).status_code == 200
            httpx.get(base + FEED, params={"token": world.tokens["admin"]}, timeout=60)
        finally:
            access.removeHandler(keep)
    lines = [line for line in records if "/feeds/" in line]
    assert len(lines) == 2, records
    assert all("token=[redacted]" in line for line in lines), lines
    assert not any(world.tokens[k] in line for line in lines for k in ("feed:viewer", "admin"))


def _changed_customer() -> bytes:
    text = CLEAN.read_text(encoding="utf-8")
    assert "customer: {name: Contoso AG}" in text
    return text.replace("customer: {name: Contoso AG}", "customer: {name: Fabrikam SA}").encode()


def test_a_version_naming_another_customer_is_refused_unless_confirmed(world: World) -> None:
    """Before: the new version was stored and the contract's statements named another
    customer, silently."""
    files = {"file": ("invented-clean.yaml", _changed_customer())}
    refused = world.client.post("/api/contracts", files=files, headers=world.headers("admin"))
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["type"].endswith("/customer-changed")
    assert (problem["customer_before"], problem["customer_after"]) == ("Contoso AG", "Fabrikam SA")
    assert "confirm_customer_change" in problem["detail"]
    versions = world.get(f"/api/contracts/{world.clean}/versions").json()  # type: ignore[attr-defined]
    assert versions["total"] == 1
    stored = world.client.post(
        "/api/contracts",
        params={"confirm_customer_change": "true"},
        files=files,
        headers=world.headers("admin"),
    )
    assert stored.status_code == 201, stored.text
    assert stored.json()["version"]["number"] == 2
