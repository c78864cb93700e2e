"""The commercial records a contract imports: invoices, invoiced fees, and the events
that start obligations or suspension clauses."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from slaledger.adapters.db.models.base import Base, id_column
from slaledger.adapters.db.models.contracts import Contract


class InvoiceRecord(Base):
    """An invoice of a contract (liability caps, late payment), as read from an invoices
    file; days are YYYY-MM-DD, as the file gives them. ``number`` is the invoice's id."""

    __tablename__ = "invoice"
    __table_args__ = (UniqueConstraint("contract_id", "number"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    number: Mapped[str] = mapped_column(String(200))
    issued: Mapped[str] = mapped_column(String(10))
    amount: Mapped[Decimal]
    paid: Mapped[str | None] = mapped_column(String(10))
    due: Mapped[str | None] = mapped_column(String(10))
    quote_date: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(500), default="")
    row: Mapped[int] = mapped_column(default=0)

    contract: Mapped[Contract] = relationship()


class InvoicedFeeRecord(Base):
    """The fee actually invoiced for a contract's service and month (a billing export):
    it wins over the contract's price when a credit is computed. ``service`` is "" for a
    fee of the whole contract; ``month`` is YYYY-MM; ``amount`` in ``currency``."""

    __tablename__ = "invoiced_fee"
    __table_args__ = (UniqueConstraint("contract_id", "service", "month"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    service: Mapped[str] = mapped_column(String(200), default="")
    month: Mapped[str] = mapped_column(String(7))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    source: Mapped[str] = mapped_column(String(500), default="")
    imported_at: Mapped[datetime]

    contract: Mapped[Contract] = relationship()


class ObligationEventRecord(Base):
    """An event of a contract that starts an obligation or a suspension clause (service
    opening, an invoice received, a payment overdue, a customer's breach...), as read from
    an obligation events file. ``zone`` is the contract's zone the file was read in: the
    event's day is its date there. ``whole_day``: only the date is known (``at`` is local
    midnight in ``zone``). ``ref`` and ``clause`` are "" when not given, so that an event is
    known by (event, at, ref, clause) within its contract."""

    __tablename__ = "obligation_event"
    __table_args__ = (UniqueConstraint("contract_id", "event", "at", "ref", "clause"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    event: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]
    zone: Mapped[str] = mapped_column(String(64))
    whole_day: Mapped[bool] = mapped_column(Boolean, default=False)
    end: Mapped[datetime | None]
    ref: Mapped[str] = mapped_column(String(200), default="")
    clause: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    row: Mapped[int] = mapped_column(default=0)

    contract: Mapped[Contract] = relationship()
