"""001's example year in a service (SQLite or PostgreSQL), its people with passwords
and API tokens, "now" held in a list the test may move: what the claims tests share."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.admin_client import csrf_of

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.observations import read_counts

ROOT = Path(__file__).resolve().parents[3]
SAAS = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
CLEAN = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"
PARIS = ZoneInfo("Europe/Paris")
KEY = "saas-annexes"
PASSWORD = "a long enough password"
PEOPLE = {
    "admin": ("admin@provider.test", "provider-admin", None),
    "agent": ("agent@provider.test", "provider-agent", None),
    "viewer": ("it@le-client.test", "customer-viewer", "Le Client"),
    "foreign": ("it@contoso.test", "customer-viewer", "Contoso AG"),
}


@dataclass
class Service:
    client: TestClient
    url: str
    tokens: dict[str, str]
    now: list[datetime]

    def sign_in(self, who: str) -> None:
        self.client.cookies.clear()
        form = self.client.get("/dashboard/login")
        done = self.client.post(
            "/dashboard/login",
            data={"csrf": csrf_of(form.text), "email": PEOPLE[who][0], "password": PASSWORD},
            follow_redirects=False,
        )
        assert done.status_code == 303

    def bearer(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def seed_claims(url: str) -> dict[str, str]:
    """Migrate the empty database at ``url`` and store 001 (Le Client's, with its
    counts), Contoso AG's clean contract, the people with ``PASSWORD``, an API token each
    and the viewer's feed token: the tokens, by person (``feed``: the feed's). Built
    once per test process as ``claims_template`` (tests/integration/conftest.py)."""
    upgrade(url)
    factory = session_factory(url)
    with Store.transaction(factory, actor="test") as store:
        store.upload_contract(
            SAAS.read_text(encoding="utf-8"),
            file_name=SAAS.name,
            accept_lint_errors=True,
            customer="Le Client",
        )
        store.upload_contract_file(str(CLEAN))  # Contoso AG's
        store.import_counts(
            KEY, read_counts(ROOT / "examples/data/001-saas-annexes/counts.parquet")
        )
        tokens = {}
        for who, (email, role, customer) in PEOPLE.items():
            store.add_user(email, role=role, customer=customer, password=PASSWORD)
            tokens[who] = store.create_token(email, name=who)[1]
        tokens["feed"] = store.create_feed_token(
            PEOPLE["viewer"][0], store.contract(KEY), name="cal"
        )[1]
    factory.kw["bind"].dispose()
    return tokens


@contextmanager
def claims_service(database_url: str, now: datetime, tokens: dict[str, str]) -> Iterator[Service]:
    """The service over ``database_url``, a copy of ``claims_template`` whose ``tokens``
    are given (the ``claims_tokens`` fixture), "now" being ``now`` until moved."""
    clock = [now]
    app = create_app(
        database_url=database_url, settings=Settings(secret="t"), clock=lambda: clock[0]
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Service(client, database_url, tokens, clock)
    app.state.engine.dispose()
