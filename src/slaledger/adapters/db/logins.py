"""The sign-in throttle, in the database so that every worker sees the same counts
(table ``login_attempt``; the delays are ``domain/throttle.py``'s).

Each failure counts for the account (the e-mail as typed: an unknown one is counted
alike, so the answers never tell whether an account exists) and for the client address.
While either is locked, a sign-in is refused before its password is checked — the
right one too — and the caller answers 429 with ``Retry-After``. Every failure, every
lockout and every refused attempt is an audit entry (entity ``login``) and calls
``observe`` (the service counts them in ``/metrics``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import LoginAttempt
from slaledger.adapters.db.store import Store
from slaledger.domain.throttle import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    failures_now,
    lock_after,
    seconds_left,
)

ACCOUNT, ADDRESS = "account", "address"
LIMITS = {ACCOUNT: ACCOUNT_LIMIT, ADDRESS: ADDRESS_LIMIT}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def account_key(email: str) -> str:
    return email.strip().lower()[:320]


class LoginThrottle:
    """``clock``: real time (never the demo's replayed one); ``observe`` is told
    ``"failure"``, ``"lockout"`` or ``"refused"`` at each event."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        clock: Callable[[], datetime] = _utc_now,
        observe: Callable[[str], None] = lambda event: None,
    ) -> None:
        self.factory, self.clock, self.observe = factory, clock, observe

    def _keys(self, email: str, address: str) -> dict[str, str]:
        return {ACCOUNT: account_key(email), ADDRESS: address[:320] or "unknown"}

    def wait(self, email: str, address: str) -> int:
        """Seconds before this account may try from this address (0: now)."""
        now = self.clock()
        with self.factory() as session:
            rows = self._rows(session, self._keys(email, address))
            return max((seconds_left(r.locked_until, now) for r in rows.values()), default=0)

    def refused(self, email: str, address: str, wait: int) -> None:
        """An attempt refused while locked: in the audit log."""
        with Store.transaction(self.factory, actor="anonymous") as store:
            store.clock = self.clock
            payload = {"email": account_key(email), "address": address, "retry_after": wait}
            store.append_audit("refused", "login", account_key(email), payload)
        self.observe("refused")

    def failed(self, email: str, address: str) -> int:
        """Count a wrong password (or unknown account); the seconds now to wait."""
        now = self.clock()
        keys = self._keys(email, address)
        locks: dict[str, int] = {}
        with Store.transaction(self.factory, actor="anonymous") as store:
            store.clock = self.clock
            rows = self._rows(store.session, keys, create=True, lock=True)
            for scope, row in rows.items():
                row.failures = failures_now(row.failures, row.last_failure_at, now) + 1
                row.last_failure_at = now
                delay = lock_after(row.failures, LIMITS[scope])
                if delay:
                    row.locked_until = now + delay
                    locks[scope] = seconds_left(row.locked_until, now)
            store.session.flush()
            email_key = keys[ACCOUNT]
            failures = {scope: row.failures for scope, row in rows.items()}
            payload = {"email": email_key, "address": address, "failures": failures}
            store.append_audit("failed", "login", email_key, payload)
            if locks:
                store.append_audit("locked", "login", email_key, payload | {"seconds": locks})
        self.observe("failure")
        if locks:
            self.observe("lockout")
        return max(locks.values(), default=0)

    def succeeded(self, email: str) -> None:
        """A right password outside any lock: the account's count starts again."""
        with self.factory() as session, session.begin():
            session.execute(
                delete(LoginAttempt).where(
                    LoginAttempt.scope == ACCOUNT, LoginAttempt.key == account_key(email)
                )
            )

    def _rows(
        self, session: Session, keys: dict[str, str], *, create: bool = False, lock: bool = False
    ) -> dict[str, LoginAttempt]:
        found: dict[str, LoginAttempt] = {}
        for scope, key in keys.items():
            query = select(LoginAttempt).where(LoginAttempt.scope == scope, LoginAttempt.key == key)
            if lock:
                query = query.with_for_update()
            row = session.scalar(query)
            if row is None and create:
                row = LoginAttempt(scope=scope, key=key, failures=0)
                try:
                    with session.begin_nested():
                        session.add(row)
                except IntegrityError:  # another worker counted this key first
                    row = session.scalar(query)
            if row is not None:
                found[scope] = row
        return found
