"""Credit claims, the credit notes of granted ones, and the notices sent about them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from slaledger.adapters.db.models.base import Base, id_column
from slaledger.adapters.db.models.contracts import Contract


class CreditClaim(Base):
    """A customer's claim for the credit of a service and month."""

    __tablename__ = "credit_claim"
    __table_args__ = (UniqueConstraint("contract_id", "service", "month"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    service: Mapped[str] = mapped_column(String(200))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    amount: Mapped[Decimal | None]
    percent: Mapped[Decimal | None]
    #: requested|granted|refused (domain.claims.ClaimState)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    claimed_at: Mapped[datetime]
    claimed_by: Mapped[str] = mapped_column(String(320))
    note: Mapped[str] = mapped_column(Text, default="")
    # the credit as computed when claimed: its unit, days (percent above), deadline
    unit: Mapped[str | None] = mapped_column(String(30))
    days: Mapped[Decimal | None]
    deadline: Mapped[datetime | None]
    # the decision: the value granted in the unit, its money (left to the fees work)
    granted: Mapped[Decimal | None]
    currency: Mapped[str | None] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(320))

    contract: Mapped[Contract] = relationship()


class CreditNote(Base):
    """The credit note of a granted claim: ``CN-<year>-<seq>``, ``seq`` counting from 1
    per provider and year of issue, without gaps (drawn under the audit chain's lock)."""

    __tablename__ = "credit_note"
    __table_args__ = (UniqueConstraint("provider_id", "year", "seq"),)
    id: Mapped[int] = id_column()
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("credit_claim.id"), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    issued_at: Mapped[datetime]
    issued_by: Mapped[str] = mapped_column(String(320))

    claim: Mapped[CreditClaim] = relationship()


class ClaimNotice(Base):
    """A notice sent about a credit's claim: ``kind`` ``deadline`` (the customer's
    contacts, its deadline near) or ``decision`` (the provider, a claim waiting); at most
    one per credit, kind and channel."""

    __tablename__ = "claim_notice"
    __table_args__ = (UniqueConstraint("contract_id", "service", "month", "kind", "channel"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    service: Mapped[str] = mapped_column(String(200))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    kind: Mapped[str] = mapped_column(String(20))  # deadline | decision
    channel: Mapped[str] = mapped_column(String(200))  # webhook:<url> | email:<address>
    sent_at: Mapped[datetime]
