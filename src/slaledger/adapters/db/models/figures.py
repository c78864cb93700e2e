"""The figure cache: a month's computed figures and what they were computed from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from slaledger.adapters.db.models.base import Base, id_column


class FigureCache(Base):
    """A month's computed figures of a contract (and service; "" for the contract's
    headline figures), as JSON, with what they were computed from: the contract version
    (its sha256) and a fingerprint of the month's inputs. ``dirty``: a write changed an
    input since; ``generation`` grows with every mark, so that a result computed before
    a mark is never stored as fresh (docs/figure-cache.md). Derived data: not audited."""

    __tablename__ = "figure_cache"
    __table_args__ = (UniqueConstraint("contract_id", "service", "month"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    service: Mapped[str] = mapped_column(String(200), default="")
    month: Mapped[str] = mapped_column(String(7))  # 2024-03
    version_sha256: Mapped[str] = mapped_column(String(64), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[str | None] = mapped_column(Text)
    computed_at: Mapped[datetime | None]
    #: the earliest input instant after the evaluation instant: reading at or after it,
    #: the figures are computed again (an event dated later than "now" becomes visible)
    stale_after: Mapped[datetime | None]
    dirty: Mapped[bool] = mapped_column(Boolean, default=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
