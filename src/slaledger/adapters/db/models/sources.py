"""The sources the scheduler syncs (their state, the API-defined ones, their failure
notices) and the helpdesks' own verdicts they bring."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from slaledger.adapters.db.models.base import Base, id_column
from slaledger.adapters.db.models.contracts import Contract


class SourceState(Base):
    """A source the scheduler syncs into the store (docs/sources.md): the instant it
    resumes from and how its runs went. ``failing_since``: the first failure since the
    last success (none while it works); ``alerted_at``: when that failure was announced."""

    __tablename__ = "source_state"
    __table_args__ = (UniqueConstraint("contract_id", "key"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    synced_until: Mapped[datetime | None]
    last_attempt: Mapped[datetime | None]
    last_success: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    failing_since: Mapped[datetime | None]
    alerted_at: Mapped[datetime | None]
    runs: Mapped[int] = mapped_column(Integer, default=0)
    facts: Mapped[int] = mapped_column(Integer, default=0)


class SourceDefinition(Base):
    """A source defined through the API (docs/sync.md), synced like the sources file's:
    ``definition`` is the mapping a sources file holds for it, as canonical JSON (no
    secret: only the names of the environment variables holding them)."""

    __tablename__ = "source_definition"
    __table_args__ = (UniqueConstraint("contract_id", "key"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    definition: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(320))
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(320))

    contract: Mapped[Contract] = relationship()


class SourceAlert(Base):
    """A notice sent for a source's failure episode (``episode``: its first failure,
    ``failing_since`` while it lasts): at most one per transition and channel."""

    __tablename__ = "source_alert"
    __table_args__ = (UniqueConstraint("source_state_id", "episode", "transition", "channel"),)
    id: Mapped[int] = id_column()
    source_state_id: Mapped[int] = mapped_column(ForeignKey("source_state.id"), index=True)
    episode: Mapped[datetime]
    transition: Mapped[str] = mapped_column(String(20))  # failing | recovered
    channel: Mapped[str] = mapped_column(String(200))  # webhook:<url> | email:<address>
    sent_at: Mapped[datetime]


class HelpdeskVerdict(Base):
    """A helpdesk's own SLA verdict on one ticket, for the contract clock the mapping
    pairs with the helpdesk's timer (docs/helpdesks.md): ``timer`` empty when the
    helpdesk has none for that clock (silent). ``breached`` is the helpdesk's word (none
    when it gives none), ``target_at`` its deadline, ``goal_seconds`` its target as a
    duration, ``observed_at`` when it saw the goal reached; ``verdict`` as of
    ``synced_at``. Replaced per ticket at each sync of its source."""

    __tablename__ = "helpdesk_verdict"
    __table_args__ = (UniqueConstraint("contract_id", "source", "ticket", "clock"),)
    id: Mapped[int] = id_column()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    source: Mapped[str] = mapped_column(String(200))
    ticket: Mapped[str] = mapped_column(String(200))
    clock: Mapped[str] = mapped_column(String(100))
    timer: Mapped[str] = mapped_column(String(200), default="")
    verdict: Mapped[str] = mapped_column(String(20))
    breached: Mapped[bool | None] = mapped_column(Boolean)
    target_at: Mapped[datetime | None]
    goal_seconds: Mapped[int | None] = mapped_column(BigInteger)
    observed_at: Mapped[datetime | None]
    synced_at: Mapped[datetime]
