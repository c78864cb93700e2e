"""The dashboard's server-side sessions (table ``web_session``): the cookie carries
only a random session id, of which the sha256 is stored with the user, when it was
opened and last seen, and the client's address and user agent. Deleting the row ends
the session at once: logout, a password change, a deactivation, an administrator's
``sla users end-sessions``. A session idle for ``idle`` or older than ``longest`` is
over (and deleted when next presented)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import WebSession

#: last_seen_at is written again only when older than this (a page view is no write)
TOUCH_EVERY = timedelta(seconds=60)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def session_hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def end_user_sessions(session: Session, user_id: int) -> int:
    """Delete every session of ``user_id`` (in the caller's transaction); how many."""
    found = session.scalars(select(WebSession.id).where(WebSession.user_id == user_id)).all()
    if found:
        session.execute(delete(WebSession).where(WebSession.user_id == user_id))
    return len(found)


class StoreSessions:
    """``idle`` and ``longest``: the idle and absolute timeouts; ``clock``: real time."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        idle: timedelta,
        longest: timedelta,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.factory, self.idle, self.longest, self.clock = factory, idle, longest, clock

    def open(self, sid: str, user_id: str, *, ip: str, user_agent: str) -> None:
        now = self.clock()
        with self.factory() as session, session.begin():
            session.add(
                WebSession(
                    token_hash=session_hash(sid),
                    user_id=int(user_id),
                    created_at=now,
                    last_seen_at=now,
                    ip=ip[:64],
                    user_agent=user_agent[:300],
                )
            )

    def user_of(self, sid: str) -> str | None:
        """The user of a live session (None: unknown, ended or timed out)."""
        now = self.clock()
        with self.factory() as session, session.begin():
            row = session.scalar(
                select(WebSession).where(WebSession.token_hash == session_hash(sid))
            )
            if row is None:
                return None
            if now - row.last_seen_at >= self.idle or now - row.created_at >= self.longest:
                session.delete(row)
                return None
            if now - row.last_seen_at >= TOUCH_EVERY:
                row.last_seen_at = now
            return str(row.user_id)

    def end(self, sid: str) -> None:
        with self.factory() as session, session.begin():
            session.execute(delete(WebSession).where(WebSession.token_hash == session_hash(sid)))


class MemorySessions:
    """The same, in memory (a dashboard without storage, in tests); no timeouts."""

    def __init__(self) -> None:
        self.users: dict[str, str] = {}

    def open(self, sid: str, user_id: str, *, ip: str, user_agent: str) -> None:
        self.users[session_hash(sid)] = user_id

    def user_of(self, sid: str) -> str | None:
        return self.users.get(session_hash(sid))

    def end(self, sid: str) -> None:
        self.users.pop(session_hash(sid), None)
