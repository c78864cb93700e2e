"""The tables, as SQLAlchemy 2 typed declarative models. Alembic owns the schema.

Every instant is a ``UTCDateTime``: it refuses naive datetimes, stores UTC and gives back
aware UTC datetimes on SQLite and PostgreSQL alike. Raw probe samples and per-minute
request counts are not stored: ``Interruption`` keeps the intervals derived from them under
the contract's interruption definition, and ``ObservationMonth`` the monthly totals
(see docs/storage.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

#: roles a user (and so each of the user's tokens) can have
ROLES = ("provider-admin", "provider-agent", "customer-viewer")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC; naive datetimes are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, found {type(value).__name__}: {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime refused (give a time zone): {value.isoformat()}")
        utc = value.astimezone(UTC)
        # SQLite has no zone-aware type: store the UTC wall clock
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):  # pragma: no cover - the driver parses dates
            raise TypeError(f"expected a datetime from the database, found {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        Decimal: Numeric(18, 6),
    }


def _id() -> Mapped[int]:
    return mapped_column(Integer, primary_key=True, autoincrement=True)


# ------------------------------------------------------------------ parties
class Provider(Base):
    __tablename__ = "provider"
    id: Mapped[int] = _id()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]


class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = _id()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]


# ---------------------------------------------------------------- contracts
class Contract(Base):
    """A contract between a provider and a customer; its text lives in its versions."""

    __tablename__ = "contract"
    id: Mapped[int] = _id()
    key: Mapped[str] = mapped_column(String(200), unique=True)  # the id in the YAML file
    title: Mapped[str] = mapped_column(String(500))
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    created_at: Mapped[datetime]

    provider: Mapped[Provider] = relationship()
    customer: Mapped[Customer] = relationship()
    versions: Mapped[list[ContractVersion]] = relationship(
        back_populates="contract", order_by="ContractVersion.number"
    )
    services: Mapped[list[Service]] = relationship(
        back_populates="contract", order_by="Service.name"
    )


class ContractVersion(Base):
    """One uploaded text of a contract, in force from ``effective_from``."""

    __tablename__ = "contract_version"
    __table_args__ = (UniqueConstraint("contract_id", "number"),)
    id: Mapped[int] = _id()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    number: Mapped[int]
    yaml_text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(500))
    effective_from: Mapped[datetime]
    uploaded_at: Mapped[datetime]
    uploaded_by: Mapped[str] = mapped_column(String(320))

    contract: Mapped[Contract] = relationship(back_populates="versions")


class Service(Base):
    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("contract_id", "name"),)
    id: Mapped[int] = _id()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    opened_on: Mapped[str | None] = mapped_column(String(10))  # YYYY-MM-DD, contract years

    contract: Mapped[Contract] = relationship(back_populates="services")


# ------------------------------------------------------------- observations
class Outage(Base):
    """An outage record (declared or reported), as read from an outages file or the API."""

    __tablename__ = "outage"
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)
    origin: Mapped[str] = mapped_column(String(20))  # outages | counts | samples
    start: Mapped[datetime] = mapped_column(index=True)
    end: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(500), default="")


class SourceState(Base):
    """A source the scheduler syncs into the store (docs/sources.md): the instant it
    resumes from and how its runs went. ``failing_since``: the first failure since the
    last success (none while it works); ``alerted_at``: when that failure was announced."""

    __tablename__ = "source_state"
    __table_args__ = (UniqueConstraint("contract_id", "key"),)
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
    source_state_id: Mapped[int] = mapped_column(ForeignKey("source_state.id"), index=True)
    episode: Mapped[datetime]
    transition: Mapped[str] = mapped_column(String(20))  # failing | recovered
    channel: Mapped[str] = mapped_column(String(200))  # webhook:<url> | email:<address>
    sent_at: Mapped[datetime]


class BurnAlert(Base):
    """A burn-rate episode announced on a channel (``episode``: the minute it fired):
    at most one per clause, severity, episode and channel (docs/alerts.md)."""

    __tablename__ = "burn_alert"
    __table_args__ = (UniqueConstraint("contract_id", "clause", "severity", "episode", "channel"),)
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), unique=True)
    rules: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(320))


class HelpdeskVerdict(Base):
    """A helpdesk's own SLA verdict on one ticket, for the contract clock the mapping
    pairs with the helpdesk's timer (docs/helpdesks.md): ``timer`` empty when the
    helpdesk has none for that clock (silent). ``breached`` is the helpdesk's word (none
    when it gives none), ``target_at`` its deadline, ``goal_seconds`` its target as a
    duration, ``observed_at`` when it saw the goal reached; ``verdict`` as of
    ``synced_at``. Replaced per ticket at each sync of its source."""

    __tablename__ = "helpdesk_verdict"
    __table_args__ = (UniqueConstraint("contract_id", "source", "ticket", "clock"),)
    id: Mapped[int] = _id()
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


class MaintenanceWindow(Base):
    __tablename__ = "maintenance_window"
    id: Mapped[int] = _id()
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


# ---------------------------------------------------------------- incidents
class Incident(Base):
    __tablename__ = "incident"
    __table_args__ = (UniqueConstraint("contract_id", "key"),)
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True)
    at: Mapped[datetime]
    event: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime]

    incident: Mapped[Incident] = relationship(back_populates="events")


class AlertDelivery(Base):
    """A notification sent for a clock transition: at most one per channel."""

    __tablename__ = "alert_delivery"
    __table_args__ = (UniqueConstraint("incident_id", "clock", "transition", "channel"),)
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
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


# ------------------------------------------------------------------ credits
class CreditClaim(Base):
    """A customer's claim for the credit of a service and month."""

    __tablename__ = "credit_claim"
    __table_args__ = (UniqueConstraint("contract_id", "service", "month"),)
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    service: Mapped[str] = mapped_column(String(200))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    kind: Mapped[str] = mapped_column(String(20))  # deadline | decision
    channel: Mapped[str] = mapped_column(String(200))  # webhook:<url> | email:<address>
    sent_at: Mapped[datetime]


# ---------------------------------------------------------------- invoices
class InvoiceRecord(Base):
    """An invoice of a contract (liability caps, late payment), as read from an invoices
    file; days are YYYY-MM-DD, as the file gives them. ``number`` is the invoice's id."""

    __tablename__ = "invoice"
    __table_args__ = (UniqueConstraint("contract_id", "number"),)
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
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


# ----------------------------------------------------------- users, tokens
class User(Base):
    """A person: ``role`` is one of ROLES; customer viewers belong to one customer."""

    __tablename__ = "user_account"
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # first characters, to recognise it
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")

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
    id: Mapped[int] = _id()
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
    id: Mapped[int] = _id()
    scope: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(320))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]


class WebSession(Base):
    """A dashboard session: the cookie carries only its id, of which the sha256 is
    stored; deleting the row ends the session (adapters/db/web_sessions.py)."""

    __tablename__ = "web_session"
    id: Mapped[int] = _id()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")


# --------------------------------------------------------------------- audit
class AuditEntry(Base):
    """One link of the hash chain: ``hash`` = sha256 over the canonical fields and
    ``prev_hash`` (see adapters/db/audit.py)."""

    __tablename__ = "audit_entry"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditData(Base):
    """The digests of the rows one audit entry wrote, for one table: base64 of
    (big-endian id, 16-byte digest) pairs sorted by id (see adapters/db/audit_data.py);
    the entry's payload carries their sha256, so the chain covers them."""

    __tablename__ = "audit_data"
    #: the entry's seq (no foreign key: the verification, not the schema, says when an
    #: entry and its data record part)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    table_name: Mapped[str] = mapped_column(String(60), primary_key=True)
    rows: Mapped[int] = mapped_column(BigInteger)
    digests: Mapped[str] = mapped_column(Text)


# ------------------------------------------------------------ figure cache
class FigureCache(Base):
    """A month's computed figures of a contract (and service; "" for the contract's
    headline figures), as JSON, with what they were computed from: the contract version
    (its sha256) and a fingerprint of the month's inputs. ``dirty``: a write changed an
    input since; ``generation`` grows with every mark, so that a result computed before
    a mark is never stored as fresh (docs/figure-cache.md). Derived data: not audited."""

    __tablename__ = "figure_cache"
    __table_args__ = (UniqueConstraint("contract_id", "service", "month"),)
    id: Mapped[int] = _id()
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


#: every table in dependency order (parents first): backups write and restore in it
TABLES = tuple(Base.metadata.sorted_tables)
