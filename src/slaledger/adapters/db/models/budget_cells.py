"""The budget cells: the contracts list's error-budget cell of a contract's current month."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from slaledger.adapters.db.models.base import Base, id_column


class StoredBudgetCell(Base):
    """A contract's (and service's; "" for the contract's headline clause) error-budget
    cell of one month as the contracts page shows it, as JSON (``services.figure_codec``),
    with the contract version (its sha256) and a fingerprint of the inputs and fee book it
    was computed from. Valid before ``stale_after`` (the next dated input, or the month's
    end); a write that marks the contract's figure months deletes it (``figure_marks``).
    Derived data: not audited (docs/figure-cache.md)."""

    __tablename__ = "budget_cell"
    __table_args__ = (UniqueConstraint("contract_id", "service", "month"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    service: Mapped[str] = mapped_column(String(200), default="")
    month: Mapped[str] = mapped_column(String(7))  # 2024-03, in the contract's zone
    version_sha256: Mapped[str] = mapped_column(String(64), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime]
    stale_after: Mapped[datetime]
