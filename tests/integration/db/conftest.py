"""Storage tests sign backups with a key of their own, never the user's. The seed
templates: a migrated database holding one seed contract and its year (``seed``), built
once per test process and copied for each test that names one."""

from __future__ import annotations

from pathlib import Path

import pytest

from slaledger.adapters.db.store import Store
from tests.integration.conftest import store_template
from tests.integration.db.seeds import contract, seed
from tests.integration.templates import Template, TemplateFactory


@pytest.fixture(autouse=True)
def backup_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The backup key file of the test (created by the first backup)."""
    path = tmp_path / "config" / "backup.key"
    monkeypatch.delenv("SLALEDGER_BACKUP_KEY", raising=False)
    monkeypatch.setenv("SLALEDGER_BACKUP_KEY_FILE", str(path))
    return path


def seed_template(factory: TemplateFactory, stem: str) -> Template:
    """The template ``seed-<stem>``: ``seed(store, stem)`` (actor ``test``); the
    contract's key is ``contract(stem).id``."""

    def fill(store: Store) -> None:
        assert seed(store, stem) == contract(stem).id

    return store_template(factory, f"seed-{stem}", fill)


@pytest.fixture(scope="session")
def ipfolio_template(template_factory: TemplateFactory) -> Template:
    """000-ipfolio and its year, seeded."""
    return seed_template(template_factory, "000-ipfolio")


@pytest.fixture(scope="session")
def saas_template(template_factory: TemplateFactory) -> Template:
    """001-saas-annexes and its year (per-minute request counts), seeded."""
    return seed_template(template_factory, "001-saas-annexes")


@pytest.fixture(scope="session")
def previsoft_template(template_factory: TemplateFactory) -> Template:
    """003-previsoft and its year, seeded."""
    return seed_template(template_factory, "003-previsoft")
