"""Alerting: clock-transition deliveries, burn-rate episodes, and the contracts' own
alert and burn-rate settings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from slaledger.adapters.db.models.base import Base, id_column
from slaledger.adapters.db.models.contracts import Contract


class AlertDelivery(Base):
    """A notification sent for a clock transition: at most one per channel."""

    __tablename__ = "alert_delivery"
    __table_args__ = (UniqueConstraint("incident_id", "clock", "transition", "channel"),)
    id: Mapped[int] = id_column()
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    clock: Mapped[str] = mapped_column(String(200))
    transition: Mapped[str] = mapped_column(String(20))  # at-risk | breached
    channel: Mapped[str] = mapped_column(String(200))  # webhook:<url> | email:<address>
    sent_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="sent")
    detail: Mapped[str] = mapped_column(Text, default="")


class AlertSetting(Base):
    """A contract's own alert and statement e-mail settings (one row per contract, made
    on the dashboard); a null column: the service's default (docs/alerts.md). Addresses
    and languages are comma-separated; ``alert_kinds`` lists the transitions sent."""

    __tablename__ = "alert_setting"
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), unique=True)
    alert_recipients: Mapped[str | None] = mapped_column(Text)
    statement_recipients: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[str | None] = mapped_column(String(20))  # fr,en | en | fr | en,fr
    risk_share: Mapped[Decimal | None]
    alert_kinds: Mapped[str | None] = mapped_column(String(200))  # at-risk,breached
    statement_emails: Mapped[bool | None] = mapped_column(Boolean)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(320))

    contract: Mapped[Contract] = relationship()


class BurnAlert(Base):
    """A burn-rate episode announced on a channel (``episode``: the minute it fired):
    at most one per clause, severity, episode and channel (docs/alerts.md)."""

    __tablename__ = "burn_alert"
    __table_args__ = (UniqueConstraint("contract_id", "clause", "severity", "episode", "channel"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    clause: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(20))  # page | ticket
    episode: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(200))  # webhook:<url> | email:<address>
    sent_at: Mapped[datetime]


class BurnSetting(Base):
    """A contract's own burn-rate rules (``domain.burn.parse_rules`` text); no row: the
    defaults."""

    __tablename__ = "burn_setting"
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), unique=True)
    rules: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(320))
