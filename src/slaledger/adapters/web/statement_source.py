"""The dashboard's statement from the store: the very statement the API gives (its
number, issue day, audit anchor and credited notes), kept rendered by
``adapters/db/statement_cache`` until the audit chain moves. ``StoreSource`` has it; any
other source (``MemorySource``) builds the statement from its records."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.statement_cache import rendered_statement
from slaledger.adapters.db.store import Store
from slaledger.adapters.web.source import WebUser
from slaledger.domain.periods import Month


@runtime_checkable
class StatementSource(Protocol):
    def rendered_statement(
        self, user: WebUser, key: str, month: Month | None, *, at: int, language: str, format: str
    ) -> tuple[Month, bytes] | None: ...


class StoredStatements:
    """``rendered_statement`` for a source holding a session factory."""

    factory: sessionmaker[Session]

    def rendered_statement(
        self, user: WebUser, key: str, month: Month | None, *, at: int, language: str, format: str
    ) -> tuple[Month, bytes] | None:
        """The statement of ``month`` (default: the last complete month at ``at``, in the
        contract's zone) rendered for the user's side; None when the contract does not
        exist or the user may not see it."""
        with Store.transaction(self.factory, actor="dashboard", write=False) as store:
            row = visible_contract(store, user, key)
            if row is None:
                return None
            loaded = store.loaded_contract(key)
            if month is None:
                local = datetime.fromtimestamp(at, tz=ZoneInfo(loaded.contract.timezone))
                month = Month(local.year, local.month).shift(-1)
            body = rendered_statement(
                store,
                row,
                month=month,
                loaded=loaded,
                fee=None,
                audience="provider" if user.is_provider else "customer",
                language=language,
                format=format,
            )
            return month, body


def visible_contract(store: Store, user: WebUser, key: str) -> Contract | None:
    """The stored contract ``key`` if it exists and ``user`` may see it, else None."""
    try:
        row = store.contract(key)
    except NotFound:
        return None
    return row if user.may_see(row.customer.name) else None
