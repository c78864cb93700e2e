"""Where the database is: explicit URL, SLALEDGER_DB, else the user data folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from sqlalchemy import inspect

from slaledger.adapters.db import engine
from slaledger.adapters.db.models import TABLES


def test_a_bare_path_is_read_as_a_sqlite_file(tmp_path: Path) -> None:
    assert engine.resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"


def test_postgresql_urls_get_the_psycopg_driver() -> None:
    url = engine.resolve_url("postgresql://postgres@127.0.0.1:5432/db")
    assert url == "postgresql+psycopg://postgres@127.0.0.1:5432/db"


def test_the_environment_variable_chooses_the_default_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SLALEDGER_DB", str(tmp_path / "env.db"))
    assert engine.default_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert engine.resolve_url(None) == engine.default_url()
    assert engine.resolve_url("sqlite:///other.db") == "sqlite:///other.db"


def test_without_configuration_the_database_is_a_file_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SLALEDGER_DB", raising=False)
    folder = Path(platformdirs.user_data_dir("slaledger"))
    assert engine.default_url() == f"sqlite:///{folder / 'slaledger.db'}"


def test_migrations_create_every_table_and_remove_them_all_going_down(database_url: str) -> None:
    assert engine.current(database_url) is None
    engine.upgrade(database_url)
    assert engine.current(database_url) == engine.head()
    assert _tables(database_url) == {t.name for t in TABLES} | {"alembic_version"}
    engine.downgrade(database_url, "base")
    assert engine.current(database_url) is None
    assert _tables(database_url) <= {"alembic_version"}
    engine.upgrade(database_url)  # and up again, from base
    assert engine.current(database_url) == engine.head()


def test_the_migrated_schema_matches_the_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from slaledger.adapters.db.models import Base

    engine.upgrade(database_url)
    bind = engine.make_engine(database_url)
    try:
        with bind.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        bind.dispose()


def _tables(url: str) -> set[str]:
    bind = engine.make_engine(url)
    try:
        return set(inspect(bind).get_table_names())
    finally:
        bind.dispose()
