"""Customer status pages: their visibility setting and their read tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from slaledger.adapters.db.models.base import Base, id_column
from slaledger.adapters.db.models.contracts import Contract

#: who may read a contract's status page: nobody (the default), anyone, or the holders
#: of one of its status tokens
STATUS_VISIBILITIES = ("off", "public", "protected")


class StatusPage(Base):
    """A contract's customer status page setting (no row: the page is off)."""

    __tablename__ = "status_page"
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), unique=True)
    visibility: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime]

    contract: Mapped[Contract] = relationship()


class StatusToken(Base):
    """A token that reads one contract's status page (its feed, its badge) and nothing
    else; only its sha256 is stored."""

    __tablename__ = "status_token"
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    contract: Mapped[Contract] = relationship()
