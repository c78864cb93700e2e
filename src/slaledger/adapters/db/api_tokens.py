"""API tokens in the Store: created with an expiry, a scope and maybe a list of
contracts (``domain/token_rules.py``), checked with a clear reason when refused, their
last use recorded (after the answer), rotated to a new secret. Only sha256 digests are stored.

The expiry's default and maximum come from ``SLALEDGER_TOKEN_DAYS`` (90) and
``SLALEDGER_TOKEN_MAX_DAYS`` (365).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, joinedload, sessionmaker

from slaledger.adapters.db.errors import NotFound, StoreError
from slaledger.adapters.db.models import ApiToken, Contract, TokenUse, User
from slaledger.adapters.db.security import new_token, same_hash, token_hash
from slaledger.adapters.db.unit_of_work import UnitOfWork
from slaledger.domain.message import Text, msg
from slaledger.domain.token_rules import (
    DEFAULT_DAYS,
    MAX_DAYS,
    TokenPolicy,
    TokenRuleError,
    check_scope,
    contract_list,
    expired,
    grace_until,
)

_LOG = logging.getLogger(__name__)
#: a token's last use is written at most this often (a busy token costs no write a call)
LAST_USED_EVERY = timedelta(minutes=1)


def token_policy() -> TokenPolicy:
    """The expiry settings of the environment (a bad value names its variable)."""
    values = []
    settings = (("SLALEDGER_TOKEN_DAYS", DEFAULT_DAYS), ("SLALEDGER_TOKEN_MAX_DAYS", MAX_DAYS))
    for name, default in settings:
        text = os.environ.get(name, "").strip()
        try:
            values.append(int(text) if text else default)
        except ValueError:
            raise StoreError(msg("store.whole-days", name=name, found=text)) from None
    try:
        return TokenPolicy(default_days=values[0], max_days=values[1])
    except TokenRuleError as exc:
        raise StoreError(msg("store.token-days", variables=_DAYS, reason=exc.message)) from None


@dataclass(frozen=True)
class TokenCheck:
    """The token a secret names, or why it is refused (``problem``)."""

    token: ApiToken | None
    problem: Text = ""
    #: the use is to be recorded (``record_use``, once the request's connection is free)
    use_due: bool = False


UNKNOWN = msg("store.token-unknown")
#: the variables of the token lifetimes, named in their refusal
_DAYS = "SLALEDGER_TOKEN_DAYS / SLALEDGER_TOKEN_MAX_DAYS"


class ApiTokens(UnitOfWork):
    """The API token part of the Store (every write audited)."""

    def create_token(
        self,
        email: str,
        *,
        name: str = "",
        scope: str = "write",
        contracts: tuple[str, ...] | list[str] = (),
        days: int | None = None,
        policy: TokenPolicy | None = None,
    ) -> tuple[ApiToken, str]:
        """A new token for the user: the row, and the token itself (shown once)."""
        user = self._token_user(email)
        try:
            check_scope(scope)
            keys = contract_list(contracts)
            now = self.clock()
            expires = (policy or token_policy()).expiry(now, days)
        except TokenRuleError as exc:
            raise StoreError(exc.message) from None
        for key in filter(None, keys.split(",")):
            self._readable(user, key)
        secret = new_token()
        token = ApiToken(
            user=user, name=name, token_hash=token_hash(secret), prefix=secret[:8],
            created_at=now, expires_at=expires, scope=scope, contracts=keys,
        )  # fmt: skip
        self.session.add(token)
        self.session.flush()
        payload = {
            "user": user.email, "name": name, "scope": scope, "contracts": keys,
            "expires_at": expires.isoformat(),
        }  # fmt: skip
        self.append_audit("create", "api_token", token.id, payload)
        return token, secret

    def rotate_token(
        self, token_id: int, *, grace: timedelta = timedelta(0)
    ) -> tuple[ApiToken, str]:
        """A new secret for the token (same id, scope, contracts and expiry); the former
        one is refused at once, or after ``grace`` (at most 24 h)."""
        token = self.session.get(ApiToken, token_id)
        if token is None:
            raise NotFound(msg("store.no-token", id=str(token_id)))
        now = self.clock()
        if token.revoked_at is not None or expired(token.expires_at, now):
            raise StoreError(msg("store.token-revoked", id=str(token_id)))
        try:
            until = grace_until(now, grace)
        except TokenRuleError as exc:
            raise StoreError(exc.message) from None
        secret = new_token()
        token.previous_hash = token.token_hash  # kept to say "rotated" when it comes back
        token.previous_until = until
        token.token_hash, token.prefix = token_hash(secret), secret[:8]
        self.session.flush()
        payload = {
            "user": token.user.email, "prefix": token.prefix,
            "old_secret_until": until.isoformat() if until else None,
        }  # fmt: skip
        self.append_audit("rotate", "api_token", token.id, payload)
        return token, secret

    def tokens(self) -> list[ApiToken]:
        return list(self.session.scalars(select(ApiToken).order_by(ApiToken.id)))

    def check_token(self, secret: str) -> TokenCheck:
        """The live token ``secret`` names (its last use recorded), or the reason it is
        refused: unknown, revoked or of an inactive user (one answer), or expired."""
        digest, now = token_hash(secret), self.clock()
        token = self.session.scalar(
            select(ApiToken)
            .where(
                or_(ApiToken.token_hash == digest, ApiToken.previous_hash == digest),
                ApiToken.revoked_at.is_(None),
            )
            .options(joinedload(ApiToken.user))
        )
        if token is None or not token.user.active:
            return TokenCheck(None, UNKNOWN)
        old = not same_hash(token.token_hash, digest)
        if old and (token.previous_until is None or now >= token.previous_until):
            return TokenCheck(None, msg("store.token-rotated"))
        if expired(token.expires_at, now):
            assert token.expires_at is not None
            when = token.expires_at.isoformat(timespec="seconds")
            return TokenCheck(None, msg("store.token-expired", when=when))
        return TokenCheck(token, use_due=self.use_due("api", token.id, now))

    def authenticate_token(self, secret: str) -> User | None:
        """The active user owning this live token, else None."""
        token = self.check_token(secret).token
        return None if token is None else token.user

    def use_due(self, kind: str, token_id: int, now: datetime) -> bool:
        """Whether this use is to be recorded (``record_use``): at most once a minute."""
        last = self.last_used(kind).get(token_id)
        return last is None or now - last >= LAST_USED_EVERY

    def last_used(self, kind: str) -> dict[int, datetime]:
        """When each token of ``kind`` ("api", "feed") was last used, by id."""
        rows = self.session.execute(
            select(TokenUse.token_id, TokenUse.last_used_at).where(TokenUse.kind == kind)
        )
        return {token_id: at for token_id, at in rows}

    def _token_user(self, email: str) -> User:
        found = self.session.scalar(select(User).where(User.email == email.strip().lower()))
        if found is None:
            raise NotFound(msg("store.no-user", user=email))
        return found

    def _readable(self, user: User, key: str) -> Contract:
        contract = self.session.scalar(select(Contract).where(Contract.key == key))
        if contract is None or (
            user.role == "customer-viewer" and contract.customer_id != user.customer_id
        ):
            raise NotFound(msg("store.no-contract", key=key))
        return contract


def record_use(factory: sessionmaker[Session], kind: str, token_id: int, now: datetime) -> None:
    """Record a token's use in ``token_use`` (outside the audit data), in its own short
    transaction: called after the answer (a background task), so that a request never
    holds two connections; a busy database only delays the record."""
    try:
        with factory() as session, session.begin():
            _record_use(session, kind, token_id, now)
    except SQLAlchemyError as exc:  # locked, no free connection, a twin call
        _LOG.warning("%s token %s: last use not recorded (%s)", kind, token_id, exc)


def _record_use(session: Session, kind: str, token_id: int, now: datetime) -> None:
    changed = session.execute(
        update(TokenUse)
        .where(TokenUse.kind == kind, TokenUse.token_id == token_id)
        .values(last_used_at=now)
    )
    if not changed.rowcount:  # type: ignore[attr-defined]
        session.add(TokenUse(kind=kind, token_id=token_id, last_used_at=now))
        session.flush()
