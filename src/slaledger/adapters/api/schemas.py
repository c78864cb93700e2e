"""Request and response bodies (separate Create and Public shapes), as the OpenAPI
document shows them. Instants are ISO 8601 with an offset: a naive one is refused."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from slaledger.adapters.api.validation import RefusalError
from slaledger.adapters.files.limits import CONTROL_CHARACTERS, shown
from slaledger.domain.incidents.log import EVENTS
from slaledger.domain.message import msg
from slaledger.domain.observations import OUTAGE_CATEGORIES

if TYPE_CHECKING:
    EventName = str
    OutageCategory = str
else:  # the vocabularies of the file formats, as enums in the OpenAPI document
    EventName = Literal[EVENTS]
    OutageCategory = Literal[tuple(sorted(OUTAGE_CATEGORIES))]
#: identifiers in addresses: letters, digits and - _ . (no slash, no space)
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$"


class Strict(BaseModel):
    """A request body: unknown fields refused, and no text with a control character
    (PostgreSQL cannot store NUL; none is meant in a note or a reference)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        found = re.search(CONTROL_CHARACTERS, value) if isinstance(value, str) else None
        if found is not None:
            raise RefusalError(
                msg(
                    "problem.validator.control-character",
                    character=f"U+{ord(found.group()):04X}",
                    position=found.start() + 1,
                    text=shown(value),
                )
            )
        return value


# ------------------------------------------------------------------- contracts
class ServicePublic(BaseModel):
    name: str
    opened_on: date | None = None


class ContractPublic(BaseModel):
    id: str = Field(description="the contract's id in its file")
    title: str
    provider: str
    customer: str
    language: str
    timezone: str
    version: int = Field(description="number of the latest version")
    services: list[ServicePublic]


class VersionPublic(BaseModel):
    number: int
    sha256: str
    file_name: str
    effective_from: AwareDatetime
    uploaded_at: AwareDatetime
    uploaded_by: str


class FindingPublic(BaseModel):
    rule: str
    severity: str
    clause: str
    message: str
    #: the message as data: its catalog id and parameters (docs/i18n.md)
    message_id: str
    message_params: dict[str, Any]
    interpretation: str | None = None
    path: str
    line: int | None = None


class ContractUploaded(BaseModel):
    contract: ContractPublic
    version: VersionPublic
    findings: list[FindingPublic] = Field(description="warnings and notes that did not refuse it")


# ------------------------------------------------------------------- incidents
class IncidentCreate(Strict):
    incident: str = Field(pattern=KEY_PATTERN, description="the ticket id, e.g. INC-2024-0001")
    notified_at: AwareDatetime = Field(description="when it was notified: the clocks start")
    classified: str | None = Field(
        default=None, max_length=200, description="a class id or name, a priority, or S1/C2"
    )
    service: str | None = Field(default=None, max_length=200)
    kind: Literal["incident", "request"] = "incident"
    note: str = Field(default="", max_length=10_000)


class EventCreate(Strict):
    event: EventName
    at: AwareDatetime
    value: str | None = Field(default=None, max_length=200)
    note: str = Field(default="", max_length=10_000)
    effort_seconds: int = Field(default=0, ge=0, le=10**7)


class EventPublic(BaseModel):
    event: str
    at: AwareDatetime
    value: str | None
    note: str


class ClockPublic(BaseModel):
    name: str
    title: str
    clause: str
    target: str | None
    calendar: str | None
    started_in_hours: bool
    deadline: AwareDatetime | None
    original_deadline: AwareDatetime | None
    elapsed_seconds: int
    left_seconds: int | None = Field(description="business time to the deadline; null once stopped")
    status: str
    breached_at: AwareDatetime | None
    reason: str | None
    #: the reason as data (docs/i18n.md)
    reason_id: str | None = None
    reason_params: dict[str, Any] | None = None
    stopped_at: AwareDatetime | None = Field(
        default=None, description="when the clock's stop event came (met or late)"
    )


class IncidentPublic(BaseModel):
    incident: str
    service: str | None
    kind: str
    priority: str | None
    started: AwareDatetime | None
    attributed_to: str | None
    support_level: str | None
    effort_seconds: int
    out_of_scope: str | None
    open: bool = Field(description="notified and neither restored nor closed")
    resolved_at: AwareDatetime | None = Field(description="its first 'restored' or 'closed'")
    clocks: list[ClockPublic]


class IncidentDetail(IncidentPublic):
    events: list[EventPublic]


# ---------------------------------------------------------------- observations
class OutageCreate(Strict):
    service: str = Field(min_length=1, max_length=200)
    start: AwareDatetime
    end: AwareDatetime
    category: OutageCategory = "unplanned"
    reported_at: AwareDatetime | None = None
    reference: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=10_000)


class OutagePublic(BaseModel):
    id: int
    service: str
    start: AwareDatetime
    end: AwareDatetime
    category: str
    reported_at: AwareDatetime | None
    reference: str
    note: str
    source: str


class UploadResult(BaseModel):
    file: str
    rows: int = Field(description="rows stored")
    services: list[str]
    detail: dict[str, Any] = Field(default_factory=dict)


# ----------------------------------------------------------------- maintenance
class MaintenanceCreate(Strict):
    service: str = Field(min_length=1, max_length=200)
    kind: str = Field(min_length=1, max_length=100, description="a maintenance clause id or type")
    start: AwareDatetime
    end: AwareDatetime
    announced_at: AwareDatetime | None = None
    agreed_by_customer: bool = False
    reference: str = Field(default="", max_length=200)
    accept_outside_rules: bool = Field(
        default=False,
        description="record a window the rules refuse (it then counts as downtime)",
    )


class ReasonPublic(BaseModel):
    rule: str
    ok: bool
    binding: bool = Field(
        description="false for a rule owed as best efforts: broken, it is reported, not a breach"
    )
    message: str
    #: the message as data (docs/i18n.md)
    message_id: str | None = None
    message_params: dict[str, Any] | None = None
    clause: str | None
    article: str | None


class VerdictPublic(BaseModel):
    kind: str
    start: AwareDatetime
    end: AwareDatetime
    allowed: bool = Field(description="no binding rule broken (also true when there is no rule)")
    answer: Literal["allowed", "refused", "no-rule"] = Field(
        description="no-rule: the contract sets no rule for this kind of window (not a yes)"
    )
    summary: str = Field(description="the answer in words")
    clause: str | None
    reasons: list[ReasonPublic]


class MaintenancePublic(BaseModel):
    id: int
    service: str
    kind: str
    start: AwareDatetime
    end: AwareDatetime
    announced_at: AwareDatetime | None
    agreed_by_customer: bool
    reference: str
    verdict: VerdictPublic | None = None


class Me(BaseModel):
    user: str
    role: str
    customer: str | None
