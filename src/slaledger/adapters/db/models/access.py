"""Who may do what: users, their API and calendar feed tokens, dashboard sessions,
failed sign-ins and token use."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from slaledger.adapters.db.models.base import Base, id_column
from slaledger.adapters.db.models.contracts import Contract, Customer

#: roles a user (and so each of the user's tokens) can have
ROLES = ("provider-admin", "provider-agent", "customer-viewer")


class User(Base):
    """A person: ``role`` is one of ROLES; customer viewers belong to one customer."""

    __tablename__ = "user_account"
    id: Mapped[int] = id_column()
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]

    customer: Mapped[Customer | None] = relationship()
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")


class ApiToken(Base):
    """An API token of a user (it carries the user's role and customer); only its
    sha256 is stored."""

    __tablename__ = "api_token"
    id: Mapped[int] = id_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # first characters, to recognise it
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    #: none: a token of before issue #20 part 4, valid until revoked
    expires_at: Mapped[datetime | None]
    #: "write" (what the role allows) or "read" (no write at all)
    scope: Mapped[str] = mapped_column(String(10), default="write")
    #: contract keys, comma-separated; empty: every contract the role may read
    contracts: Mapped[str] = mapped_column(Text, default="")
    #: after a rotation: the former secret's sha256, accepted until ``previous_until``
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    previous_until: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def contract_keys(self) -> tuple[str, ...]:
        return tuple(k for k in self.contracts.split(",") if k)

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def customer_id(self) -> int | None:
        return self.user.customer_id


class FeedToken(Base):
    """A calendar feed's token: it reads one contract's obligations feed and nothing
    else (no API call), with its user's tenant rights; only its sha256 is stored."""

    __tablename__ = "feed_token"
    id: Mapped[int] = id_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    contract: Mapped[Contract] = relationship()


class LoginAttempt(Base):
    """Failed dashboard sign-ins of one account (``scope`` "account", ``key`` the
    e-mail as typed, lowered: an unknown one is counted alike) or one client address
    (``scope`` "address"); ``locked_until``: no sign-in before (adapters/db/logins.py).
    Operational state, outside the audit data (the audit log records each failure)."""

    __tablename__ = "login_attempt"
    __table_args__ = (UniqueConstraint("scope", "key"),)
    id: Mapped[int] = id_column()
    scope: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(320))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]


class WebSession(Base):
    """A dashboard session: the cookie carries only its id, of which the sha256 is
    stored; deleting the row ends the session (adapters/db/web_sessions.py)."""

    __tablename__ = "web_session"
    id: Mapped[int] = id_column()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")


class TokenUse(Base):
    """When a token (``kind`` "api" or "feed") was last used: operational state, written
    by reads, outside the audit data (adapters/db/api_tokens.py)."""

    __tablename__ = "token_use"
    __table_args__ = (UniqueConstraint("kind", "token_id"),)
    id: Mapped[int] = id_column()
    kind: Mapped[str] = mapped_column(String(4))
    token_id: Mapped[int] = mapped_column(Integer)
    last_used_at: Mapped[datetime]
