"""Users and API tokens: who may sign in, with which role, for which customer."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.base import ExecutableOption

from slaledger.adapters.db.api_tokens import ApiTokens
from slaledger.adapters.db.errors import NotFound, StoreError
from slaledger.adapters.db.models import ROLES, ApiToken, Contract, Customer, FeedToken, User
from slaledger.adapters.db.password_policy import password_problem
from slaledger.adapters.db.security import (
    FEED_TOKEN_PREFIX,
    check_password,
    hash_password,
    new_token,
    same_hash,
    token_hash,
)
from slaledger.adapters.db.unit_of_work import add_or_refuse
from slaledger.adapters.db.web_sessions import end_user_sessions
from slaledger.domain.message import Items, Message, msg

_Token = TypeVar("_Token", ApiToken, FeedToken)


class Access(ApiTokens):
    """The user and token part of the Store (audited like every write)."""

    # --------------------------------------------------------- users, tokens
    def add_user(
        self,
        email: str,
        *,
        role: str,
        customer: str | None = None,
        password: str | None = None,
    ) -> User:
        email = email.strip().lower()
        if "@" not in email:
            raise StoreError(msg("store.email-expected", example="ana@example.com", found=email))
        if role not in ROLES:
            raise StoreError(_role_expected(role))
        if password:
            _check_policy(password)
        if (role == "customer-viewer") != (customer is not None):
            raise StoreError(msg("store.viewer-customer", option="--customer"))
        customer_row = None
        if customer is not None:
            customer_row = self.session.scalar(select(Customer).where(Customer.name == customer))
            if customer_row is None:
                raise NotFound(msg("store.no-customer", name=customer))
        user = User(
            email=email,
            role=role,
            customer=customer_row,
            password_hash=hash_password(password) if password else None,
            active=True,
            created_at=self.clock(),
        )
        add_or_refuse(self.session, user, msg("store.user-exists", email=email))
        self.append_audit(
            "create",
            "user",
            user.id,
            {"email": email, "role": role, "customer": customer, "password": bool(password)},
        )
        return user

    def set_password(self, email: str, password: str) -> User:
        if not password:
            raise StoreError(msg("store.password-empty"))
        _check_policy(password)
        user = self.user(email)
        user.password_hash = hash_password(password)
        self.session.flush()
        ended = end_user_sessions(self.session, user.id)  # every session, at once
        self.append_audit("update", "user", user.id, {"password": True, "sessions_ended": ended})
        return user

    def set_role(self, email: str, role: str, *, customer: str | None = None) -> User:
        """Change the user's role (and customer); its dashboard sessions end at once."""
        if role not in ROLES:
            raise StoreError(_role_expected(role))
        if (role == "customer-viewer") != (customer is not None):
            raise StoreError(msg("store.viewer-customer", option="--customer"))
        user = self.user(email)
        customer_row = None
        if customer is not None:
            customer_row = self.session.scalar(select(Customer).where(Customer.name == customer))
            if customer_row is None:
                raise NotFound(msg("store.no-customer", name=customer))
        user.role, user.customer = role, customer_row
        self.session.flush()
        ended = end_user_sessions(self.session, user.id)
        payload = {"email": user.email, "role": role, "customer": customer, "sessions_ended": ended}
        self.append_audit("update", "user", user.id, payload)
        return user

    def end_sessions(self, email: str) -> int:
        """End every dashboard session of the user at once (an administrator's
        revocation); how many there were."""
        user = self.user(email)
        ended = end_user_sessions(self.session, user.id)
        self.append_audit("end-sessions", "user", user.id, {"email": user.email, "ended": ended})
        return ended

    def user(self, email: str) -> User:
        found = self.session.scalar(select(User).where(User.email == email.strip().lower()))
        if found is None:
            raise NotFound(msg("store.no-user", user=email))
        return found

    def users(self) -> list[User]:
        return list(self.session.scalars(select(User).order_by(User.email)))

    def revoke_token(self, token_id: int, *, owner: str | None = None) -> ApiToken:
        """Revoke the token (``owner``: only if it is this user's, else NotFound)."""
        return self._revoke(
            ApiToken, token_id, msg("store.no-token", id=str(token_id)), "api_token", owner
        )

    def set_active(self, email: str, active: bool) -> User:
        """Deactivate (or reactivate) a user: an inactive user's API and feed tokens
        answer 401 and its dashboard sessions end at their next request."""
        user = self.user(email)
        if user.active != active:
            user.active = active
            self.session.flush()
            payload: dict[str, object] = {"email": user.email, "active": active}
            if not active:
                payload["sessions_ended"] = end_user_sessions(self.session, user.id)
            self.append_audit("update", "user", user.id, payload)
        return user

    # ------------------------------------------------------------ feed tokens
    def create_feed_token(
        self, email: str, contract: Contract, *, name: str = ""
    ) -> tuple[FeedToken, str]:
        """A token reading ``contract``'s calendar feed only, for a user who may read the
        contract: the row, and the token (shown once)."""
        user = self.user(email)
        if not user.active:
            raise StoreError(msg("store.user-inactive", email=user.email))
        if user.role == "customer-viewer" and user.customer_id != contract.customer_id:
            raise NotFound(msg("store.no-contract", key=contract.key))
        secret = new_token(FEED_TOKEN_PREFIX)
        token = FeedToken(
            user=user,
            contract=contract,
            name=name,
            token_hash=token_hash(secret),
            prefix=secret[:8],
            created_at=self.clock(),
        )
        self.session.add(token)
        self.session.flush()
        self.append_audit(
            "create",
            "feed_token",
            token.id,
            {"user": user.email, "contract": contract.key, "name": name},
        )
        return token, secret

    def feed_tokens(self) -> list[FeedToken]:
        return list(self.session.scalars(select(FeedToken).order_by(FeedToken.id)))

    def revoke_feed_token(self, token_id: int, *, owner: str | None = None) -> FeedToken:
        """Revoke the feed token (``owner``: only if it is this user's, else NotFound)."""
        return self._revoke(
            FeedToken, token_id, msg("store.no-feed-token", id=str(token_id)), "feed_token", owner
        )

    def authenticate_feed(self, secret: str) -> FeedToken | None:
        """The unrevoked feed token ``secret`` of an active user, else None (an API
        token is no feed token). The caller checks its contract."""
        if not secret.startswith(FEED_TOKEN_PREFIX):
            return None
        return self._live(
            FeedToken, secret, joinedload(FeedToken.user), joinedload(FeedToken.contract)
        )

    # ------------------------------------------------- either kind of token
    def _revoke(
        self, model: type[_Token], token_id: int, missing: Message, table: str, owner: str | None
    ) -> _Token:
        """Revoke the token (audited once: revoking it again changes nothing)."""
        token = self.session.get(model, token_id)
        if token is None or (owner is not None and token.user.email != owner.strip().lower()):
            raise NotFound(missing)
        if token.revoked_at is None:
            token.revoked_at = self.clock()
            self.session.flush()
            self.append_audit("revoke", table, token.id, {"user": token.user.email})
        return token

    def _live(self, model: type[_Token], secret: str, *loads: ExecutableOption) -> _Token | None:
        """The unrevoked token ``secret`` of an active user, else None."""
        digest = token_hash(secret)
        token = self.session.scalar(
            select(model)
            .where(model.token_hash == digest, model.revoked_at.is_(None))
            .options(*loads)
        )
        if token is None or not same_hash(token.token_hash, digest) or not token.user.active:
            return None
        return token

    def authenticate_password(self, email: str, password: str) -> User | None:
        user = self.login_candidate(email)
        return user if password_matches(user, password) else None

    def login_candidate(self, email: str) -> User | None:
        """The user signing in as ``email``, whatever the password (None: no such user).
        Check it with ``password_matches`` — after the session is closed, if you can:
        scrypt takes tens of milliseconds."""
        return self.session.scalar(select(User).where(User.email == email.strip().lower()))


def _role_expected(role: str) -> Message:
    return msg("store.expected-one-of", field="role", choices=Items(ROLES, "comma"), found=role)


def _check_policy(password: str) -> None:
    problem = password_problem(password)
    if problem is not None:
        raise StoreError(problem)


def password_matches(user: User | None, password: str) -> bool:
    """True when ``user`` is active and ``password`` is its password. The scrypt runs
    whether or not the user exists (same work, same time)."""
    if user is None:
        check_password(password, _DUMMY_HASH)
        return False
    return check_password(password, user.password_hash) and user.active


_DUMMY_HASH = hash_password("not a real password")
