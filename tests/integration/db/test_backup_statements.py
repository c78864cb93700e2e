"""A restore of a backup reproduces every statement identically: the March 2024 statement
of each demo seed, built from storage and rendered as JSON and HTML in French and English,
has the same bytes before the backup and after the restore into a fresh database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from slaledger.adapters.db.backup import backup, restore
from slaledger.adapters.db.statements import stored_statement
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import SEEDS
from slaledger.adapters.reports.statement import render
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month
from tests.integration.conftest import fresh_postgres_database
from tests.integration.templates import Template

MARCH = Month(2024, 3)
#: a monthly fee, so that the credits carry amounts too
FEE = Money(Decimal(1000), "EUR")
RENDERINGS = (("json", "fr"), ("html", "fr"), ("html", "en"))


def _statements(url: str) -> dict[tuple[str, str, str], bytes]:
    """Every stored contract's March statement, per (contract, format, language)."""
    factory = session_factory(url)
    try:
        with factory() as session:
            store = Store(session)
            rendered: dict[tuple[str, str, str], bytes] = {}
            for contract in store.contracts():
                built = stored_statement(store, contract, month=MARCH, fee=FEE)
                for format_, language in RENDERINGS:
                    body = render(built, language=language, format=format_)
                    rendered[(contract.key, format_, language)] = body
            return rendered
    finally:
        factory.kw["bind"].dispose()


def test_a_restored_backup_renders_every_seed_statement_byte_for_byte(
    database_url: str, demo_template: Template, tmp_path: Path
) -> None:
    """(The database is a copy of ``demo_template``: the demo loaded.)"""
    before = _statements(database_url)
    assert len(before) == len(SEEDS) * len(RENDERINGS)
    documents = [json.loads(before[key]) for key in before if key[1] == "json"]
    assert all(d["period"]["month"] == "2024-03" for d in documents)
    # real statements, not empty shells: figures, incidents and credits are there
    assert sum(len(d["availability"]) for d in documents) >= 4
    assert sum(len(d["incidents"]) for d in documents) > 10
    assert any(d["credits"] for d in documents)

    archive = tmp_path / "backup.zip"
    backup(database_url, archive)
    with _fresh_database_like(database_url, tmp_path) as target:
        restore(target, archive)
        after = _statements(target)
    assert after.keys() == before.keys()
    assert [key for key in before if after[key] != before[key]] == []


@contextmanager
def _fresh_database_like(url: str, folder: Path) -> Iterator[str]:
    """An empty database of the same kind as ``url``."""
    if url.startswith("sqlite"):
        yield f"sqlite:///{folder / 'restored.db'}"
        return
    with fresh_postgres_database() as fresh:
        yield fresh
