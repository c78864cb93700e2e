"""What was measured or declared of a service: outages, derived interruptions, the
monthly totals of raw observations, the periods measurements cover, maintenance windows.

Raw probe samples and per-minute request counts are not stored: ``Interruption`` keeps the
intervals derived from them under the contract's interruption definition, and
``ObservationMonth`` the monthly totals (see docs/storage.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from slaledger.adapters.db.models.base import Base, id_column
from slaledger.adapters.db.models.contracts import Service


class Outage(Base):
    """An outage record (declared or reported), as read from an outages file or the API."""

    __tablename__ = "outage"
    id: Mapped[int] = id_column()
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    start: Mapped[datetime] = mapped_column(index=True)
    end: Mapped[datetime]
    category: Mapped[str] = mapped_column(String(100))
    reported_at: Mapped[datetime | None]
    reference: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    row: Mapped[int] = mapped_column(default=0)

    service: Mapped[Service] = relationship()


class Interruption(Base):
    """Down time derived from request counts or probe samples under the interruption
    definition of the contract version ``contract_version_id`` (gap rule applied)."""

    __tablename__ = "interruption"
    id: Mapped[int] = id_column()
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    contract_version_id: Mapped[int] = mapped_column(ForeignKey("contract_version.id"))
    origin: Mapped[str] = mapped_column(String(20))  # counts | samples
    start: Mapped[datetime] = mapped_column(index=True)
    end: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(500))
    clause: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(500))

    service: Mapped[Service] = relationship()


class ObservationMonth(Base):
    """Monthly totals of one service's raw observations (what the derivation consumed)."""

    __tablename__ = "observation_month"
    __table_args__ = (UniqueConstraint("service_id", "origin", "month"),)
    id: Mapped[int] = id_column()
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    origin: Mapped[str] = mapped_column(String(20))  # counts | samples
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM (UTC)
    rows: Mapped[int] = mapped_column(BigInteger)  # intervals or samples
    covered_seconds: Mapped[int] = mapped_column(BigInteger)
    total_requests: Mapped[int] = mapped_column(BigInteger, default=0)
    server_errors: Mapped[int] = mapped_column(BigInteger, default=0)
    down_samples: Mapped[int] = mapped_column(BigInteger, default=0)


class ObservedPeriod(Base):
    """A stretch of time a service's measurements cover: observed by request counts or
    probe samples (merged runs of their intervals), or declared complete by an outages
    import (``service_id`` null: every service of the contract). See domain.coverage."""

    __tablename__ = "observed_period"
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)
    origin: Mapped[str] = mapped_column(String(20))  # outages | counts | samples
    start: Mapped[datetime] = mapped_column(index=True)
    end: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(500), default="")


class MaintenanceWindow(Base):
    __tablename__ = "maintenance_window"
    id: Mapped[int] = id_column()
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    kind: Mapped[str] = mapped_column(String(100))
    announced_at: Mapped[datetime | None]
    start: Mapped[datetime] = mapped_column(index=True)
    end: Mapped[datetime]
    agreed_by_customer: Mapped[bool] = mapped_column(Boolean, default=False)
    reference: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    row: Mapped[int] = mapped_column(default=0)

    service: Mapped[Service] = relationship()
