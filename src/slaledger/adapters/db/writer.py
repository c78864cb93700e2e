"""What the import modules (``observations_io``, ``invoices_io``) need of the Store: its
session, clock and audit chain, and the contract lookups. A protocol, so that the Store
can call them and they never import it back (no import cycle)."""

from __future__ import annotations

from collections.abc import Callable
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
