"""What the import modules (``outages_io``, ``measures_io``, ``incident_events_io``,
``invoices_io`` ...) need of the Store: its session, clock and audit chain, and the
contract lookups. A protocol, so that the Store can call them and they never import it
back (no import cycle)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from slaledger.adapters.db.models import Contract, ContractVersion
from slaledger.domain.contract.loaded import LoadedContract


class Writer(Protocol):
    session: Session
    clock: Callable[[], datetime]

    def contract(self, key: str) -> Contract: ...

    def latest_version(self, contract: Contract) -> ContractVersion | None: ...

    def loaded_contract(self, key: str, *, at: datetime | None = None) -> LoadedContract: ...

    def append_audit(self, action: str, entity: str, entity_id: object, payload: Any) -> None: ...


def audit_import(
    store: Writer, entity: str, contract_key: str, source: str, lines: Iterable[str]
) -> int:
    """One audit entry for a file imported into ``entity``: its name, how many rows and
    the SHA-256 of their lines (what was read, as the import saw it); returns the rows."""
    rows = list(lines)
    digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    store.append_audit(
        "import", entity, contract_key, {"source": source, "rows": len(rows), "sha256": digest}
    )
    return len(rows)
