"""Backups restore into an empty database only, all or nothing, with the same rows, the
audit chain intact and the same figures computed — SQLite to PostgreSQL too."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db import audit
from slaledger.adapters.db.backup import BackupError, backup, restore
from slaledger.adapters.db.engine import current, upgrade
from slaledger.adapters.db.models import TABLES
from slaledger.adapters.db.store import Store, session_factory
from tests.integration.conftest import fresh_postgres_database, store_template
from tests.integration.db.seeds import seed
from tests.integration.db.test_loaders import figures
from tests.integration.templates import Template, TemplateFactory

STEMS = ("001-saas-annexes", "003-previsoft")


@pytest.fixture(scope="session")
def backup_template(template_factory: TemplateFactory) -> Template:
    return store_template(template_factory, "backup", _fill)


@pytest.fixture
def seeded(database_url: str, backup_template: Template) -> str:
    """The database at ``database_url`` with two seeds, a user, a token and a claim (a
    copy of ``backup_template``)."""
    return database_url


def _fill(store: Store) -> None:
    for stem in STEMS:
        seed(store, stem)
    store.ensure_customer("Globex")
    store.add_user("viewer@globex.example", role="customer-viewer", customer="Globex")
    store.create_token("viewer@globex.example", name="ci")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Another fresh, empty database to restore into."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    with fresh_postgres_database() as url:
        yield url


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    factory = session_factory(url)
    try:
        with factory() as session:
            return {
                t.name: [tuple(r) for r in session.execute(select(t).order_by(*t.primary_key))]
                for t in TABLES
            }
    finally:
        factory.kw["bind"].dispose()


def _figures(url: str) -> list[object]:
    factory: sessionmaker[Session] = session_factory(url)
    try:
        with factory() as session:
            store = Store(session)
            return [figures(store, stem, store.contract_keys()[i]) for i, stem in enumerate(STEMS)]
    finally:
        factory.kw["bind"].dispose()


def test_a_restored_backup_has_the_same_rows_chain_and_figures(
    seeded: str, target_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.zip"
    written = backup(seeded, archive)
    restored = restore(target_url, archive)
    assert [(s.name, s.rows) for s in restored] == [(s.name, s.rows) for s in written]
    assert _rows(target_url) == _rows(seeded)
    factory = session_factory(target_url)
    try:
        with factory() as session:
            assert audit.verify(session).ok
            store = Store(session, actor="after-restore")
            store.ensure_customer("Initech")  # ids and the chain continue after the restore
            store.commit()
            assert audit.verify(session).ok
    finally:
        factory.kw["bind"].dispose()
    assert _figures(target_url) == _figures(seeded)


def test_the_manifest_lists_each_table_with_its_rows_and_digest(
    seeded: str, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.zip"
    backup(seeded, archive)
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        assert manifest["format"] == "slaledger-backup"
        assert set(manifest["tables"]) == {t.name for t in TABLES}
        lines = opened.read("tables/user_account.jsonl").decode().splitlines()
    assert manifest["tables"]["user_account"]["rows"] == len(lines) == 1
    assert json.loads(lines[0])["email"] == "viewer@globex.example"


def test_a_restore_into_a_database_with_data_is_refused_and_changes_nothing(
    seeded: str, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.zip"
    backup(seeded, archive)
    before = _rows(seeded)
    with pytest.raises(BackupError, match="empty database only"):
        restore(seeded, archive)
    assert _rows(seeded) == before


def test_a_tampered_archive_is_refused_and_nothing_is_written(
    seeded: str, target_url: str, tmp_path: Path
) -> None:
    archive, tampered = tmp_path / "backup.zip", tmp_path / "tampered.zip"
    backup(seeded, archive)
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "tables/outage.jsonl":
                data = data.replace(b'"category": "unplanned"', b'"category": "customer"', 1)
            target.writestr(item, data)
    with pytest.raises(BackupError, match="table outage: expected"):
        restore(target_url, tampered)
    assert current(target_url) is None  # refused before even the schema was written


def test_backup_and_restore_commands(seeded: str, tmp_path: Path) -> None:
    archive = tmp_path / "cli.zip"
    target = f"sqlite:///{tmp_path / 'cli-restored.db'}"
    runner = CliRunner()
    made = runner.invoke(cli, ["backup", str(archive), "--db", seeded])
    assert made.exit_code == 0, made.output
    assert f"{len(TABLES)} tables" in made.output
    loaded = runner.invoke(cli, ["restore", str(archive), "--db", target])
    assert loaded.exit_code == 0, loaded.output
    assert "audit chain verified" in loaded.output
    again = runner.invoke(cli, ["restore", str(archive), "--db", target])
    assert again.exit_code == 1
    assert "restore goes into an empty database only" in again.output
    upgrade(target)  # already at head: nothing to do
