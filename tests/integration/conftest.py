"""Shared storage fixtures: the same tests on SQLite and PostgreSQL.

``database_url`` gives a fresh, empty database per test: a SQLite file in the test's
temporary folder, or a PostgreSQL database ``slaledger_test_<random>`` created on
postgresql://postgres@127.0.0.1:5432/test and dropped afterwards. PostgreSQL being down
makes the postgres tests fail (never skip): CI starts it (scripts/prereqs).
``store`` gives a Store on an upgraded database; its writes are committed by the test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory

#: the server the postgres tests use; override with SLALEDGER_TEST_PG
SERVER = os.environ.get("SLALEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL (not migrated)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'slaledger.db'}"
        return
    with fresh_postgres_database() as url:
        yield url


class fresh_postgres_database:  # noqa: N801 - used as a context manager, like a function
    """Create ``slaledger_test_<random>`` on the test server, drop it on exit."""

    def __init__(self) -> None:
        self.name = f"slaledger_test_{secrets.token_hex(6)}"

    def __enter__(self) -> str:
        with psycopg.connect(SERVER, autocommit=True, connect_timeout=5) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        base, _, _ = SERVER.rpartition("/")
        return f"{base}/{self.name}"

    def __exit__(self, *_exc: object) -> None:
        with psycopg.connect(SERVER, autocommit=True, connect_timeout=5) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on the upgraded database; the engine is disposed after the test."""
    upgrade(database_url)
    factory = session_factory(database_url)
    yield factory
    bind = factory.kw["bind"]
    bind.dispose()


@pytest.fixture
def store(sessions: sessionmaker[Session]) -> Iterator[Store]:
    """A Store on an upgraded, empty database (actor ``test``); call ``store.commit()``."""
    with sessions() as session:
        yield Store(session, actor="test")
