"""The dashboard's data from the store: one short session per question."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import budget_cells as cell_store
from slaledger.adapters.db import figure_batch, figure_cache
from slaledger.adapters.db.access import password_matches
from slaledger.adapters.db.claim_flow import credited_notes
from slaledger.adapters.db.fees_io import fees_of
from slaledger.adapters.db.figure_cache import Cached
from slaledger.adapters.db.helpdesk_verdicts import stored_verdicts
from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.models import User
from slaledger.adapters.db.source_definitions import stored_sources
from slaledger.adapters.db.source_state import states as source_states
from slaledger.adapters.db.store import Store
from slaledger.adapters.web.source import ContractRecord, SourceView, WebUser
from slaledger.adapters.web.statement_source import StoredStatements, visible_contract
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.helpdesk.compare import HelpdeskVerdict
from slaledger.domain.periods import Month
from slaledger.services.budget_cell import BudgetCell
from slaledger.services.fees import FeeBook
from slaledger.services.obligations import stored_triggers

#: the months a page asks of a contract, given its record (its zone, its last month)
MonthsOf = Callable[[ContractRecord], Sequence[Month]]


class StoreSource(StoredStatements):
    def __init__(
        self,
        factory: sessionmaker[Session],
        clock: Callable[[], datetime] | None = None,
        *,
        file_sources: Callable[[str], Mapping[str, str]] | None = None,
    ) -> None:
        self.factory = factory
        #: the service's clock: what lies after it is no data (domain.coverage)
        self.clock = clock
        #: a contract's sources in the sources file: name -> kind
        self.file_sources = file_sources or (lambda contract: {})

    def authenticate(self, email: str, password: str) -> WebUser | None:
        """The user, if the password is right; the session is closed before the scrypt."""
        with self.factory() as session:
            user = Store(session).login_candidate(email)
            found = _web_user(user) if user is not None else None
        return found if password_matches(user, password) else None

    def user(self, user_id: str) -> WebUser | None:
        """The active user ``user_id`` (None: unknown or deactivated, its sessions are
        over at once)."""
        if not user_id.isdigit():
            return None
        with self.factory() as session:
            user = session.get(User, int(user_id))
            return _web_user(user) if user is not None and user.active else None

    def contract_keys(self, user: WebUser) -> Sequence[str]:
        with self.factory() as session:
            return [c.key for c in Store(session).contracts() if user.may_see(c.customer.name)]

    def contract(self, user: WebUser, key: str) -> ContractRecord | None:
        with self.factory() as session:
            store = Store(session)
            row = visible_contract(store, user, key)
            if row is None:
                return None
            loaded = store.loaded_contract(key)
            opened = opening_date(row)
            events = store.obligation_events(key)
            return ContractRecord(
                key=key,
                customer=row.customer.name,
                provider=row.provider.name,
                loaded=loaded,
                observations=store.observations(
                    key, now=self.clock() if self.clock is not None else None
                ),
                incidents=store.incident_table(key),
                fee_book=FeeBook(invoiced=store.invoiced_fees(key)),
                opened=opened,
                triggers=stored_triggers(contract=loaded.contract, opened=opened, events=events),
                sources=self._sources(store, key),
                credit_notes=credited_notes(store, row),
            )

    # ------------------------------------------------ the figure cache's pages
    def contract_figures(
        self, user: WebUser, key: str, months: MonthsOf, at: int, *, live: bool = False
    ) -> tuple[ContractRecord, Cached, int | None] | None:
        """The contract's terms and parties (none of its observations or incidents), the
        figures of the months ``months`` names for it from the cache (those missing
        computed and stored) and, when ``live``, how many incidents are open at ``at``;
        None when the contract does not exist or the user may not see it. One
        transaction."""
        try:
            return self._contract_figures(user, key, months, at, live=live, write=False)
        except OperationalError:  # SQLite: another writer committed since this read began
            return self._contract_figures(user, key, months, at, live=live, write=True)

    def _contract_figures(
        self, user: WebUser, key: str, months: MonthsOf, at: int, *, live: bool, write: bool,
    ) -> tuple[ContractRecord, Cached, int | None] | None:  # fmt: skip
        with Store.transaction(self.factory, actor="figure cache", write=write) as store:
            row = visible_contract(store, user, key)
            if row is None:
                return None
            record = ContractRecord(
                key=key,
                customer=row.customer.name,
                provider=row.provider.name,
                loaded=store.loaded_contract(key),
                opened=opening_date(row),
                fee_book=FeeBook(invoiced=store.invoiced_fees(key)),
            )
            cached = figure_cache.cached_figures(store, key, months(record), at=at)
            count = figure_cache.live_count(store, key, at=at) if live else None
            return record, cached, count

    def contracts_figures(
        self, user: WebUser, months: MonthsOf, at: int, *, live: bool = False
    ) -> list[tuple[ContractRecord, Cached, int | None]]:
        """``contract_figures`` of every contract the user may see, in a handful of
        queries for all of them (``figure_batch``). One transaction."""
        try:
            return self._contracts_figures(user, months, at, live=live, write=False)
        except OperationalError:  # SQLite: another writer committed since this read began
            return self._contracts_figures(user, months, at, live=live, write=True)

    def _contracts_figures(
        self, user: WebUser, months: MonthsOf, at: int, *, live: bool, write: bool
    ) -> list[tuple[ContractRecord, Cached, int | None]]:
        def months_of(loaded: LoadedContract) -> Sequence[Month]:
            return months(ContractRecord(key="", customer="", provider="", loaded=loaded))

        with Store.transaction(self.factory, actor="figure cache", write=write) as store:
            found = figure_batch.contracts_figures(
                store, may_see=user.may_see, months_of=months_of, at=at, live=live
            )
            fees = fees_of(store.session, {f.contract_id: f.key for f in found})
            return [
                (
                    ContractRecord(
                        key=f.key, customer=f.customer, provider=f.provider, loaded=f.loaded,
                        opened=f.opened, fee_book=FeeBook(invoiced=fees.get(f.contract_id, ())),
                    ),
                    f.cached,
                    f.live,
                )
                for f in found
            ]  # fmt: skip

    def budget_cells(
        self, records: Sequence[ContractRecord], at: int
    ) -> dict[str, BudgetCell | None]:
        """The contracts list's budget cell of each record (already read by the page, which
        checked the user may see it) this month, from the stored cells (those missing or
        stale computed, and stored when steady: ``adapters.db.budget_cells``). One transaction."""
        asked = [
            cell_store.Asked(key=r.key, loaded=r.loaded, opened=r.opened, book=r.fee_book)
            for r in records
        ]
        try:
            return self._budget_cells(asked, at, write=False)
        except OperationalError:  # SQLite: another writer committed since this read began
            return self._budget_cells(asked, at, write=True)

    def _budget_cells(
        self, asked: Sequence[cell_store.Asked], at: int, *, write: bool
    ) -> dict[str, BudgetCell | None]:
        with Store.transaction(self.factory, actor="figure cache", write=write) as store:
            return cell_store.budget_cells(store, asked, at=at)

    def helpdesk_verdicts(self, user: WebUser, key: str) -> tuple[tuple[str, HelpdeskVerdict], ...]:
        """The contract's stored helpdesk verdicts (read only by their page)."""
        with self.factory() as session:
            store = Store(session)
            row = visible_contract(store, user, key)
            if row is None:
                return ()
            return tuple((v.source, v.verdict) for v in stored_verdicts(store, key))

    def _sources(self, store: Store, key: str) -> tuple[SourceView, ...]:
        """Each source of the contract: synced (its state) or defined and never synced,
        with where it is defined."""
        in_file = dict(self.file_sources(key))
        stored = {s.key: s for s in stored_sources(store, key)}
        views = {
            s.key: SourceView(
                key=s.key, kind=s.kind, synced_until=s.synced_until,
                last_success=s.last_success, last_attempt=s.last_attempt,
                last_error=s.last_error, failing_since=s.failing_since, runs=s.runs,
                facts=s.facts, origin=_origin(s.key, in_file, stored),
                defined_by=stored[s.key].updated_by if s.key in stored else "",
            )
            for s in source_states(store, key)
        }  # fmt: skip
        for name, kind in in_file.items():
            views.setdefault(name, _never_synced(name, kind, "file", ""))
        for name, definition in stored.items():
            if name not in views:
                origin = _origin(name, in_file, stored)
                views[name] = _never_synced(name, definition.kind, origin, definition.updated_by)
        return tuple(views[name] for name in sorted(views))


def _origin(key: str, in_file: Collection[str], stored: Collection[str]) -> str:
    """The file wins: a stored source of the same name is not run."""
    return "file" if key in in_file else "api" if key in stored else ""


def _never_synced(key: str, kind: str, origin: str, by: str) -> SourceView:
    return SourceView(
        key=key, kind=kind, synced_until=None, last_success=None, last_attempt=None,
        last_error="", failing_since=None, runs=0, facts=0, origin=origin,
        defined_by="" if origin == "file" else by,
    )  # fmt: skip


def _web_user(user: User) -> WebUser:
    return WebUser(
        id=str(user.id),
        email=user.email,
        role=user.role,
        customer=user.customer.name if user.customer is not None else None,
        stamp=credential_stamp(user.password_hash),
    )


def credential_stamp(password_hash: str | None) -> str:
    """What a session remembers of the password it was opened with: 16 hex digits of
    sha256 over the stored hash (which itself never leaves the database)."""
    return hashlib.sha256(f"slaledger-session:{password_hash or ''}".encode()).hexdigest()[:16]
