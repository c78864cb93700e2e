"""Sources defined through the API (table ``source_definition``, docs/sync.md): per
contract and source name, the mapping a sources file holds for the source, who created
it and who last replaced it, and when. Each create, replace and delete is an audit
entry (``create`` / ``update`` / ``delete`` of ``source_definition``) carrying the
definition, which never holds a secret (``adapters/sync/definitions.py``).

The scheduler reads them all (``stored_sources()``) to run them beside the file's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select

from slaledger.adapters.db.errors import NotFound, StoreError
from slaledger.adapters.db.models import Contract, SourceDefinition
from slaledger.adapters.db.unit_of_work import add_or_refuse
from slaledger.adapters.db.writer import Writer
from slaledger.domain.message import msg

AUDIT_ENTITY = "source_definition"


class DefinitionStore(Writer, Protocol):
    actor: str


class SourceExists(StoreError):  # noqa: N818 - reads as HTTP 409
    """A source of that name is already defined for the contract."""


@dataclass(frozen=True)
class StoredSource:
    """One stored definition, read."""

    contract: str
    key: str
    kind: str
    definition: dict[str, Any]
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str

    @property
    def text(self) -> str:
        """The definition as canonical JSON (equal texts: the same source)."""
        return canonical(self.definition)


def canonical(definition: Mapping[str, Any]) -> str:
    return json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _read(row: SourceDefinition, contract: str) -> StoredSource:
    return StoredSource(
        contract=contract,
        key=row.key,
        kind=row.kind,
        definition=json.loads(row.definition),
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def stored_sources(store: Writer, contract_key: str | None = None) -> list[StoredSource]:
    """The definitions of a contract (every contract's when None), by contract and name."""
    query = select(SourceDefinition, Contract.key).join(Contract)
    if contract_key is not None:
        query = query.where(SourceDefinition.contract_id == store.contract(contract_key).id)
    rows = store.session.execute(query.order_by(Contract.key, SourceDefinition.key))
    return [_read(row, key) for row, key in rows]


def _row(store: Writer, contract: Contract, key: str) -> SourceDefinition | None:
    return store.session.scalar(
        select(SourceDefinition).where(
            SourceDefinition.contract_id == contract.id, SourceDefinition.key == key
        )
    )


def _audit(store: DefinitionStore, action: str, contract: str, row: SourceDefinition) -> None:
    store.append_audit(
        action,
        AUDIT_ENTITY,
        f"{contract}/{row.key}",
        {
            "contract": contract,
            "source": row.key,
            "kind": row.kind,
            "definition": json.loads(row.definition),
        },
    )


def create_source(
    store: DefinitionStore, contract_key: str, key: str, kind: str, definition: Mapping[str, Any]
) -> StoredSource:
    """Store a new definition; SourceExists when the contract has one of that name."""
    contract = store.contract(contract_key)
    taken = msg("store.source-exists", contract=contract_key, key=key, method="PUT")
    if _row(store, contract, key) is not None:
        raise SourceExists(taken)
    now = store.clock()
    row = SourceDefinition(
        contract_id=contract.id, key=key, kind=kind, definition=canonical(definition),
        created_at=now, created_by=store.actor, updated_at=now, updated_by=store.actor,
    )  # fmt: skip
    add_or_refuse(store.session, row, taken)  # two creations at once: one gets through
    _audit(store, "create", contract_key, row)
    return _read(row, contract_key)


def replace_source(
    store: DefinitionStore, contract_key: str, key: str, kind: str, definition: Mapping[str, Any]
) -> StoredSource:
    """Replace the definition of ``key``; NotFound when there is none."""
    contract = store.contract(contract_key)
    row = _row(store, contract, key)
    if row is None:
        raise NotFound(msg("store.no-source", contract=contract_key, key=key))
    row.kind, row.definition = kind, canonical(definition)
    row.updated_at, row.updated_by = store.clock(), store.actor
    store.session.flush()
    _audit(store, "update", contract_key, row)
    return _read(row, contract_key)


def delete_source(store: DefinitionStore, contract_key: str, key: str) -> StoredSource:
    """Remove the definition of ``key`` (what it synced stays, with its state);
    NotFound when there is none."""
    contract = store.contract(contract_key)
    row = _row(store, contract, key)
    if row is None:
        raise NotFound(msg("store.no-source", contract=contract_key, key=key))
    gone = _read(row, contract_key)
    store.session.delete(row)
    store.session.flush()
    _audit(store, "delete", contract_key, row)
    return gone
