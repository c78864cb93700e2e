"""Sources defined through the API, in the store (SQLite and PostgreSQL): read back as
written with who and when, a name taken refused, a replacement and a removal each
audited with the definition, the ledger vouching for the rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from slaledger.adapters.db.audit_data import verify_data
from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.models import AuditEntry
from slaledger.adapters.db.source_definitions import (
    SourceExists,
    create_source,
    delete_source,
    replace_source,
    stored_sources,
)
from slaledger.adapters.db.store import Store

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
KEY = "saas-annexes"
DEFINITION = {"id": "errors", "contract": KEY, "kind": "counts-file",
              "interval": "1 min", "options": {"path": "/exports/counts.csv"}}  # fmt: skip


@pytest.fixture
def seeded(store: Store) -> Store:
    store.upload_contract_file(str(SEED), accept_lint_errors=True)
    store.commit()
    return store


def test_a_definition_is_read_back_with_who_made_it_and_a_name_is_taken_once(
    seeded: Store,
) -> None:
    create_source(seeded, KEY, "errors", "counts-file", DEFINITION)
    seeded.commit()
    (stored,) = stored_sources(seeded)
    assert (stored.contract, stored.key, stored.kind) == (KEY, "errors", "counts-file")
    assert stored.definition == DEFINITION
    assert stored.created_by == stored.updated_by == "test"
    assert stored.created_at.utcoffset() is not None
    with pytest.raises(SourceExists, match="already has a source named 'errors'"):
        create_source(seeded, KEY, "errors", "counts-file", DEFINITION)
    assert stored_sources(seeded, KEY) == [stored]


def test_a_replacement_and_a_removal_are_audited_with_the_definition(seeded: Store) -> None:
    create_source(seeded, KEY, "errors", "counts-file", DEFINITION)
    replaced = DEFINITION | {"interval": "5 min"}
    replace_source(seeded, KEY, "errors", "counts-file", replaced)
    seeded.commit()
    assert stored_sources(seeded)[0].definition["interval"] == "5 min"
    delete_source(seeded, KEY, "errors")
    seeded.commit()
    assert stored_sources(seeded) == []
    entries = seeded.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "source_definition").order_by(AuditEntry.seq)
    ).all()
    assert [(e.action, e.entity_id) for e in entries] == [
        ("create", f"{KEY}/errors"), ("update", f"{KEY}/errors"), ("delete", f"{KEY}/errors"),
    ]  # fmt: skip
    assert '"interval":"5 min"' in entries[1].payload
    assert verify_data(seeded.session).ok


def test_replacing_or_removing_an_undefined_source_is_not_found(seeded: Store) -> None:
    with pytest.raises(NotFound):
        replace_source(seeded, KEY, "nothing", "counts-file", DEFINITION)
    with pytest.raises(NotFound):
        delete_source(seeded, KEY, "nothing")
