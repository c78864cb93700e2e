"""The unit of work every Store part shares: one Session, one actor, one clock, and the
audit entry each write appends in the same transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Self

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import audit, audit_data
from slaledger.adapters.db.engine import begin_write, make_engine
from slaledger.adapters.db.errors import StoreError
from slaledger.domain.message import Text


def utc_now() -> datetime:
    return datetime.now(UTC)


def session_factory(url: str | None = None, engine: Engine | None = None) -> sessionmaker[Session]:
    """Sessions on ``engine`` (or a new engine for ``url``); objects survive commits."""
    return sessionmaker(engine or make_engine(url), expire_on_commit=False)


class UnitOfWork:
    """One Session, the ``actor`` writes are attributed to (an e-mail, "cli"...), a clock."""

    def __init__(
        self, session: Session, *, actor: str = "system", clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.session = session
        self.actor = actor
        self.clock = clock

    @classmethod
    @contextmanager
    def transaction(
        cls, factory: sessionmaker[Session], *, actor: str = "system", write: bool = True
    ) -> Iterator[Self]:
        """A Store whose writes are committed together at the end, or not at all.
        ``write``: the transaction starts as a writer (on SQLite it takes the write lock
        first, waiting for it up to the busy timeout: see ``engine.begin_write``)."""
        with factory() as session:
            if write:
                begin_write(session)
            store = cls(session, actor=actor)
            try:
                yield store
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def commit(self) -> None:
        self.session.commit()

    def release(self) -> None:
        """End the session's transaction and give its connection back to the pool
        (the objects read stay usable): call it once everything a long computation
        needs is loaded, so that no connection waits on the computation."""
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def append_audit(self, action: str, entity: str, entity_id: object, payload: Any) -> None:
        """Append the entry of a write; it records the digest of every row the write
        created, changed or deleted since the previous entry (``payload["data"]``)."""
        sealed = audit_data.seal(self.session)
        if sealed:
            payload = dict(payload) | {"data": audit_data.summary(sealed)}
        entry = audit.append(
            self.session,
            at=self.clock(),
            actor=self.actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            payload=payload,
        )
        audit_data.store(self.session, entry.seq, sealed)

    def count(self, model: type[Any]) -> int:
        return int(self.session.scalar(select(func.count()).select_from(model)) or 0)


def add_or_refuse(session: Session, row: object, message: Text) -> None:
    """Add ``row`` in a savepoint: a unique constraint it breaks leaves the session clean."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise StoreError(message) from None


def record_delivery_once(store: UnitOfWork, row: Any, entity: str, payload: Any) -> bool:
    """Add a delivery ``row`` with its audit entry and commit both at once (a crash after
    a send loses at most that one record); False, nothing written, when a unique
    constraint says another process recorded it meanwhile."""
    try:
        with store.session.begin_nested():
            store.session.add(row)
    except IntegrityError:
        return False
    store.append_audit("create", entity, row.id, payload)
    store.commit()
    return True
