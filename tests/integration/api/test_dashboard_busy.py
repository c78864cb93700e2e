"""The dashboard when the service is busy (adapters/web/busy_page.py): a page in the
visitor's language with 503 and Retry-After — not the API's JSON problem, not a 500 —
for a full expensive-request gate and for a database with no free connection."""

from __future__ import annotations

import re
import warnings
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import pytest

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.conftest import NOW

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.api.busy import busy
from slaledger.adapters.db.engine import PoolSettings
from slaledger.adapters.db.store import Store, session_factory

EMAIL, PASSWORD = "admin@provider.test", "the right password"


@pytest.fixture
def client(database_url: str, world_tokens: dict[str, str]) -> Iterator[TestClient]:
    """A dashboard signed in as the admin, on a pool of one connection that a request
    waits 0.2 s for (``world_tokens``: a copy of the seeded world)."""
    tokens = world_tokens
    factory = session_factory(database_url)
    with Store.transaction(factory, actor="test") as store:
        store.set_password(EMAIL, PASSWORD)
    factory.kw["bind"].dispose()
    settings = Settings(secret="test-secret", pool=PoolSettings(size=1, overflow=0, timeout=0.2))
    app = create_app(database_url=database_url, settings=settings, clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        form = client.get("/dashboard/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf is not None
        done = client.post(
            "/dashboard/login",
            data={"csrf": csrf.group(1), "email": EMAIL, "password": PASSWORD},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert client.get("/dashboard/").status_code == 200
        client.app.state.test_token = tokens["admin"]  # type: ignore[attr-defined]
        yield client
    app.state.engine.dispose()


class _FullGate:
    """A gate whose every slot is taken: each request is turned away at once."""

    limit, wait = 1, 0.0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        raise busy("1 expensive requests are running", retry_after=3)
        yield  # pragma: no cover


def _is_busy_page(response: object, retry_after: str) -> str:
    assert response.status_code == 503, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("text/html")  # type: ignore[attr-defined]
    assert response.headers["retry-after"] == retry_after  # type: ignore[attr-defined]
    text: str = response.text  # type: ignore[attr-defined]
    assert '<p id="busy">' in text
    return text


def test_a_full_gate_answers_a_page_in_english_and_in_french(client: TestClient) -> None:
    client.app.state.gate = _FullGate()  # type: ignore[attr-defined]
    english = _is_busy_page(client.get("/dashboard/credits"), "3")
    assert "The service is busy" in english
    assert "Try again in 3 seconds." in english
    assert 'href="/dashboard/credits"' in english
    client.get("/dashboard/lang/fr")
    french = _is_busy_page(client.get("/dashboard/contracts/previsoft-cgv/kpis"), "3")
    assert "Le service est occupé" in french
    assert "Réessayez dans 3 secondes." in french
    assert '<html lang="fr">' in french


def test_no_free_database_connection_answers_the_page(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    taken = engine.connect()
    try:
        page = client.get("/dashboard/contracts/previsoft-cgv")
        listing = client.get("/dashboard/")
    finally:
        taken.close()
    assert "Nothing was changed." in _is_busy_page(page, "2")
    _is_busy_page(listing, "2")
    assert client.get("/dashboard/contracts/previsoft-cgv").status_code == 200  # served again


def test_the_api_keeps_its_json_problem(client: TestClient) -> None:
    client.app.state.gate = _FullGate()  # type: ignore[attr-defined]
    token = client.app.state.test_token  # type: ignore[attr-defined]
    answer = client.get(
        "/api/contracts/previsoft-cgv/availability/months",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["retry-after"] == "3"
