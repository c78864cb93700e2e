"""Incidents (and requests) and their event logs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from slaledger.adapters.db.models.base import Base, id_column
from slaledger.adapters.db.models.contracts import Contract


class Incident(Base):
    __tablename__ = "incident"
    __table_args__ = (UniqueConstraint("contract_id", "key"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))  # INC-2024-0001
    service: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="incident")  # incident | request
    effort_seconds: Mapped[int] = mapped_column(BigInteger, default=0)  # effort logged, summed
    created_at: Mapped[datetime]

    contract: Mapped[Contract] = relationship()
    events: Mapped[list[IncidentEvent]] = relationship(
        back_populates="incident", order_by="(IncidentEvent.at, IncidentEvent.id)"
    )


class IncidentEvent(Base):
    """One event of an incident's log (notified, classified, acknowledged, restored...)."""

    __tablename__ = "incident_event"
    id: Mapped[int] = id_column()
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    at: Mapped[datetime]
    event: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime]

    incident: Mapped[Incident] = relationship(back_populates="events")
