"""An API over a fresh database (SQLite and PostgreSQL, via ``database_url``): two
customers' contracts, a year of PREVISOFT data, and a token per role. The data is seeded
once per test process (``world_template``); each test's database is a copy of it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

with warnings.catch_warnings():
    # Starlette prefers httpx2 for its test client; httpx (pinned) works the same
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.conftest import fresh_postgres_database
from tests.integration.templates import Template, TemplateFactory

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import read_maintenance, read_outages

ROOT = Path(__file__).resolve().parents[3]
PREVISOFT = ROOT / "examples" / "contracts" / "003-previsoft.yaml"
PREVISOFT_DATA = ROOT / "examples" / "data" / "003-previsoft"
CLEAN = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"
#: the service's "now": the night after March 2024, in Paris
NOW = datetime(2024, 4, 1, 0, 0, tzinfo=ZoneInfo("Europe/Paris"))
OPENED = "2024-01-08"
#: small, so that the 413 test needs no big body
MAX_UPLOAD = 256 * 1024


@dataclass
class World:
    client: TestClient
    url: str
    tokens: dict[str, str]  # role name -> token
    previsoft: str = "previsoft-cgv"  # customer "Le Client"
    clean: str = "northwind-hosting-clean"  # customer "Contoso AG"

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, path: str, who: str = "admin", **kwargs: object) -> object:
        return self.client.get(path, headers=self.headers(who), **kwargs)  # type: ignore[arg-type]


def seed(url: str) -> dict[str, str]:
    """Two contracts of two customers, PREVISOFT's example year, five API tokens and
    two feed tokens (``feed:viewer`` of PREVISOFT, ``feed:foreign`` of the other)."""
    upgrade(url)
    factory = session_factory(url)
    try:
        with Store.transaction(factory, actor="test") as store:
            store.upload_contract_file(str(PREVISOFT), accept_lint_errors=True)
            store.upload_contract_file(str(CLEAN))
            # complete for 2024, as the folder's coverage.csv declares
            outages = declared_outages(
                read_outages(PREVISOFT_DATA / "outages.csv"), (), "Europe/Paris", PREVISOFT_DATA
            )
            assert outages is not None
            store.import_outages("previsoft-cgv", outages)
            store.import_maintenance(
                "previsoft-cgv", read_maintenance(PREVISOFT_DATA / "maintenance.csv")
            )
            store.import_events("previsoft-cgv", read_events(PREVISOFT_DATA / "events.csv"))
            for service in store.contract("previsoft-cgv").services:
                service.opened_on = OPENED  # the credentials were sent that day
            people = {
                "admin": ("admin@provider.test", "provider-admin", None),
                "agent": ("agent@provider.test", "provider-agent", None),
                "viewer": ("it@le-client.test", "customer-viewer", "Le Client"),
                "foreign": ("it@contoso.test", "customer-viewer", "Contoso AG"),
            }
            tokens = {}
            for who, (email, role, customer) in people.items():
                store.add_user(email, role=role, customer=customer)
                tokens[who] = store.create_token(email, name=who)[1]
            for who, key in (("viewer", "previsoft-cgv"), ("foreign", "northwind-hosting-clean")):
                email = people[who][0]
                contract = store.contract(key)
                tokens[f"feed:{who}"] = store.create_feed_token(email, contract, name="cal")[1]
            revoked, tokens["revoked"] = store.create_token("admin@provider.test", name="old")
            store.revoke_token(revoked.id)
    finally:
        factory.kw["bind"].dispose()
    return tokens


@contextmanager
def running(url: str, tokens: dict[str, str] | None = None) -> Iterator[World]:
    """The API over ``url``: seeded here, unless ``tokens`` says it already is."""
    tokens = seed(url) if tokens is None else tokens
    app = create_app(
        database_url=url,
        settings=Settings(max_upload_bytes=MAX_UPLOAD, secret="test-secret"),
        clock=lambda: NOW,
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield World(client, url, tokens)
    app.state.engine.dispose()


@pytest.fixture(scope="session")
def world_template(template_factory: TemplateFactory) -> Template:
    """The seeded world (``seed``), its tokens as the build's result."""
    return template_factory("world", seed)


@pytest.fixture
def world_tokens(database_url: str, world_template: Template) -> dict[str, str]:
    """The tokens ``seed`` gave: a test using this fixture has a ``database_url`` that is
    a copy of ``world_template`` (the seeded world)."""
    return dict(world_template.result(database_url))


@pytest.fixture(scope="session")
def admin_template(template_factory: TemplateFactory) -> Template:
    """The seeded world (``seed``) with each person of ``admin_client.PEOPLE`` given
    ``admin_client.PASSWORD`` (``set_passwords``), the world's tokens as the result."""
    from tests.integration.api.admin_client import set_passwords

    def build(url: str) -> dict[str, str]:
        tokens = seed(url)
        set_passwords(url)
        return tokens

    return template_factory("world-passwords", build)


@pytest.fixture
def admin_tokens(database_url: str, admin_template: Template) -> dict[str, str]:
    """The world's tokens: a test using this fixture has a ``database_url`` that is a
    copy of ``admin_template`` (the seeded world, the people's passwords set)."""
    return dict(admin_template.result(database_url))


@pytest.fixture
def world(database_url: str, world_tokens: dict[str, str]) -> Iterator[World]:
    """A fresh world per test (``database_url`` is a copy of ``world_template``)."""
    with running(database_url, world_tokens) as built:
        yield built


@pytest.fixture(
    scope="module",
    params=[pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def shared_world(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    world_template: Template,
) -> Iterator[World]:
    """One world for a module's tests that change nothing (refused writes, reads)."""
    if request.param == "sqlite":
        url = world_template.sqlite_copy(tmp_path_factory.mktemp("shared") / "slaledger.db")
        with running(url, dict(world_template.result(url))) as built:
            yield built
        return
    with (
        fresh_postgres_database(world_template) as url,
        running(url, dict(world_template.result(url))) as built,
    ):
        yield built
