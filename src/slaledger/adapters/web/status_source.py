"""What a status page reads from the store: whether the reader may see it (its setting,
its token) and, if so, the contract's record, as the dashboard loads it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.status_pages import OFF, PUBLIC
from slaledger.adapters.db.store import Store
from slaledger.adapters.web.source import ContractRecord, WebUser
from slaledger.adapters.web.store_source import StoreSource

#: the reader the records are loaded for, once the page's own rule let it in (never a
#: session's user: it signs nothing in and sees one contract's page)
STATUS_READER = WebUser(id="status-page", email="", role="provider-agent")
#: what a request may get: the page, "protected" (no token, or not one of its live
#: tokens), or "missing" (no such contract, or its page is off)
ALLOWED, DENIED, MISSING = "allowed", "denied", "missing"


class StatusSource:
    def __init__(
        self, factory: sessionmaker[Session], clock: Callable[[], datetime] | None = None
    ) -> None:
        self.factory = factory
        self.records = StoreSource(factory, clock)

    def access(self, key: str, token: str | None) -> str:
        with self.factory() as session:
            store = Store(session)
            try:
                visibility = store.status_visibility(key)
            except NotFound:
                return MISSING
            if visibility == OFF:
                return MISSING
            if visibility == PUBLIC or store.may_read_status(key, token):
                return ALLOWED
            return DENIED

    def record(self, key: str) -> ContractRecord | None:
        return self.records.contract(STATUS_READER, key)
