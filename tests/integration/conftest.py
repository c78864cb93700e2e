"""Shared storage fixtures: the same tests on SQLite and PostgreSQL.

``database_url`` gives a fresh database per test: a SQLite file in the test's
temporary folder, or a PostgreSQL database ``slaledger_test_<random>`` created on
postgresql://postgres@127.0.0.1:5432/test and dropped afterwards. It is empty, unless the
test uses ``sessions`` (or ``store``): then it is a copy of a database migrated once per
test process (tests/integration/templates.py); a test whose fixtures use a template
(a session fixture named ``<something>_template``, such as the API's seeded
``world_template``) gets a copy of that one. PostgreSQL being down makes the postgres
tests fail (never skip): CI starts it (scripts/prereqs). ``store`` gives a Store on an
upgraded database; its writes are committed by the test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import load_demo
from tests.integration.templates import Template, TemplateFactory, templates

#: the server the postgres tests use; override with SLALEDGER_TEST_PG
SERVER = os.environ.get("SLALEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def template_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[TemplateFactory]:
    """``template_factory(name, build)``: the test process's template of that name."""
    with templates(tmp_path_factory.mktemp("templates"), SERVER) as make:
        yield make


@pytest.fixture(scope="session")
def migrated_template(
    template_factory: TemplateFactory,
) -> Template:
    """An empty database migrated to the latest revision."""
    return template_factory("migrated", upgrade)


@pytest.fixture(scope="session")
def demo_template(template_factory: TemplateFactory) -> Template:
    """The demo (``load_demo``: the seeds, their year, the demo users and claims), loaded
    by actor ``tests``."""

    def fill(store: Store) -> None:
        assert load_demo(store)  # loaded, not found already there

    return store_template(template_factory, "demo", fill, actor="tests")


@pytest.fixture(scope="session")
def claims_template(template_factory: TemplateFactory) -> Template:
    """001's year with its people and tokens (``claims_service.seed_claims``), the tokens
    as the build's result."""
    from tests.integration.api.claims_service import seed_claims

    return template_factory("claims", seed_claims)


@pytest.fixture
def claims_tokens(database_url: str, claims_template: Template) -> dict[str, str]:
    """The tokens ``seed_claims`` gave: a test using this fixture has a ``database_url``
    that is a copy of ``claims_template``."""
    return dict(claims_template.result(database_url))


def store_template(
    factory: TemplateFactory, name: str, fill: Callable[[Store], object], actor: str = "test"
) -> Template:
    """The template ``name``: a migrated database that ``fill(store)`` wrote into
    (``actor``, committed)."""

    def build(url: str) -> None:
        upgrade(url)
        sessions = session_factory(url)
        try:
            with Store.transaction(sessions, actor=actor) as store:
                fill(store)
        finally:
            sessions.kw["bind"].dispose()

    return factory(name, build)


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database URL: a copy of the template the test's fixtures name (a fixture
    called ``<something>_template``: at most one), else of ``migrated_template`` if the
    test uses ``sessions``, else empty (not migrated)."""
    named = [name for name in request.fixturenames if name.endswith("_template")]
    if len(named) > 1:
        pytest.fail(f"a database from one template only, not {sorted(named)}")
    template: Template | None = None
    if named:
        template = request.getfixturevalue(named[0])
    elif "sessions" in request.fixturenames:
        template = request.getfixturevalue("migrated_template")
    if request.param == "sqlite":
        path = tmp_path / "slaledger.db"
        yield f"sqlite:///{path}" if template is None else template.sqlite_copy(path)
        return
    with fresh_postgres_database(template) as url:
        yield url


class fresh_postgres_database:  # noqa: N801 - used as a context manager, like a function
    """Create ``slaledger_test_<random>`` on the test server (empty, or a copy of
    ``template``), drop it on exit."""

    def __init__(self, template: Template | None = None) -> None:
        self.name = f"slaledger_test_{secrets.token_hex(6)}"
        self.template = template

    def __enter__(self) -> str:
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name))
        if self.template is not None:
            source = self.template.postgres_name()
            create = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(self.name), sql.Identifier(source)
            )
        with psycopg.connect(SERVER, autocommit=True, connect_timeout=5) as admin:
            admin.execute(create)
        base, _, _ = SERVER.rpartition("/")
        return f"{base}/{self.name}"

    def __exit__(self, *_exc: object) -> None:
        with psycopg.connect(SERVER, autocommit=True, connect_timeout=5) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on the upgraded database (a copy of ``migrated_template``); the engine
    is disposed after the test."""
    factory = session_factory(database_url)
    yield factory
    bind = factory.kw["bind"]
    bind.dispose()


@pytest.fixture
def store(sessions: sessionmaker[Session]) -> Iterator[Store]:
    """A Store on an upgraded, empty database (actor ``test``); call ``store.commit()``."""
    with sessions() as session:
        yield Store(session, actor="test")
