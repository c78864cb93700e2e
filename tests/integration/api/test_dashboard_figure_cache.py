"""The contracts page reads the month's stored figures, says when they were computed (in
English and French), and a new event recorded afterwards changes them at once (the
write marked the month, the page computed it again)."""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from pathlib import Path

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from sqlalchemy import select
from tests.integration.api.incident_history import NOW, seed_history

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.models import FigureCache
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL, DEMO_PASSWORD


def _client(app: object, language: str) -> TestClient:
    client = TestClient(app, raise_server_exceptions=False)  # type: ignore[arg-type]
    login = client.get("/dashboard/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf is not None
    client.post(
        "/dashboard/login",
        data={"csrf": csrf.group(1), "email": ADMIN_EMAIL, "password": DEMO_PASSWORD},
        follow_redirects=False,
    )
    client.get(f"/dashboard/lang/{language}")
    return client


def _breached(page: str) -> str:
    found = re.search(r'<td class="breached[^"]*">(\d+)</td>', page)
    assert found is not None, page
    return found.group(1)


def test_the_contracts_page_reads_stored_figures_and_a_new_event_changes_them(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'slaledger.db'}"
    key = seed_history(url)
    app = create_app(database_url=url, settings=Settings(secret="test-secret"), clock=lambda: NOW)
    try:
        english, french = _client(app, "en"), _client(app, "fr")
        first = english.get("/dashboard/")
        assert first.status_code == 200
        assert "Figures computed at" in first.text
        assert _breached(first.text) == "0"  # February: INC-FEB met its deadline
        assert "Chiffres calculés le" in french.get("/dashboard/").text
        factory = session_factory(url)
        with factory() as session:
            stored = session.scalar(select(FigureCache).where(FigureCache.month == "2024-02"))
            assert stored is not None
            assert not stored.dirty
        # a critical incident of February acknowledged two days late: one breach
        with Store.transaction(factory, actor="tests") as store:
            for at, event, value in (
                ("2024-02-20T10:00", "notified", None),
                ("2024-02-20T10:00", "classified", "critical"),
                ("2024-02-22T10:00", "acknowledged", None),
                ("2024-02-22T11:00", "restored", None),
            ):
                store.record_event(
                    key, "INC-LATE", event=event, value=value, service="solution",
                    at=datetime.fromisoformat(f"{at}:00+01:00"),
                )  # fmt: skip
        factory.kw["bind"].dispose()
        again = english.get("/dashboard/")
        assert _breached(again.text) != "0"
    finally:
        app.state.engine.dispose()
