"""The mapping file format (YAML): how one helpdesk's tickets become one contract's
incident events. Its JSON Schema (``mapping_json_schema``) is published in
docs/schemas/helpdesk-mapping.schema.json."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from slaledger.adapters.files.contract_file.fields import StrictModel, TimeZoneName, fail
from slaledger.adapters.ingest.mail.rules import MailRules
from slaledger.domain.incidents.log import EVENTS
from slaledger.domain.message import msg

FORMAT = "slaledger/helpdesk-mapping/v1"
#: events a rule may emit: 'notified' and 'classified' come from the ticket's creation and
#: priority, 'resumed' from leaving a paused status
RULE_EVENTS = tuple(e for e in EVENTS if e not in {"notified", "classified", "resumed"})
#: events that take a value, and a word on what it is
VALUED = {
    "attributed": msg(
        "input.files.valued.attributed",
        names="provider, customer, third-party",
        last="force-majeure",
    ),
    "escalated": msg("input.files.valued.escalated"),
    "categorised": msg("input.files.valued.categorised"),
    "onsite-requested": msg("input.files.valued.onsite-requested"),
    "paused": msg("input.files.valued.paused"),
}

EventName = Literal[RULE_EVENTS]  # type: ignore[valid-type]


def _event_item(value: Any) -> Any:
    if isinstance(value, str) and value.strip() in RULE_EVENTS:
        return value.strip()
    if isinstance(value, dict) and len(value) == 1:
        ((event, argument),) = value.items()
        if event in RULE_EVENTS and isinstance(argument, str | int) and str(argument).strip():
            return {str(event): str(argument).strip()}
    raise fail(
        "event",
        msg(
            "input.files.rule-event",
            events=", ".join(RULE_EVENTS),
            example="{attributed: customer}",
        ),
        value,
    )


EventItem = Annotated[
    str | dict[str, str],
    BeforeValidator(_event_item),
    Field(
        json_schema_extra={
            "anyOf": [
                {"enum": list(RULE_EVENTS)},
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "propertyNames": {"enum": list(RULE_EVENTS)},
                    "additionalProperties": {"type": ["string", "integer"]},
                },
            ]
        }
    ),
]


class TicketsModel(StrictModel):
    """Which tickets belong to the contract."""

    query: str | None = Field(
        default=None,
        description="a query the helpdesk runs (Jira JQL, Zammad search, ServiceNow "
        "sysparm_query, Freshdesk filter), combined with 'updated since'",
    )
    where: dict[str, str | list[str]] = Field(
        default_factory=dict,
        description="field -> accepted value(s), checked on every ticket read "
        "(project, organisation, group...)",
    )


class IncidentModel(StrictModel):
    notified: str = Field(
        default="created",
        description="'created' (the ticket's creation) or the field holding the instant the "
        "customer's notification was received",
    )
    service: str | None = Field(default=None, description="the service every ticket is about")
    service_field: str | None = Field(default=None, description="the field naming the service")
    kind: Literal["incident", "request"] = "incident"


class FieldRuleModel(StrictModel):
    """A field other than status and priority: its values, or the instant it holds."""

    values: dict[str, list[EventItem]] | None = Field(
        default=None, description="value -> events, emitted when the field changes to the value"
    )
    instant: EventName | None = Field(
        default=None, description="the event whose instant the field holds (a date field)"
    )

    @model_validator(mode="after")
    def _one(self) -> FieldRuleModel:
        if (self.values is None) == (self.instant is None):
            raise fail(
                "rule",
                msg("input.files.values-or-instant"),
                msg("input.found.both") if self.values else msg("input.found.neither"),
            )
        return self


class ExportModel(StrictModel):
    """The columns of a CSV export (GLPI, Freshdesk) holding the ticket's key, creation,
    priority and status, when they are not named as the vendor names them in English."""

    key: str | None = Field(default=None, min_length=1, description="the ticket's id column")
    created: str | None = Field(default=None, min_length=1, description="the creation column")
    priority: str | None = Field(default=None, min_length=1, description="the priority column")
    status: str | None = Field(default=None, min_length=1, description="the status column")


class MappingFileModel(StrictModel):
    """One helpdesk's tickets as one contract's incidents."""

    model_config = ConfigDict(extra="forbid", title="SLA Ledger helpdesk mapping file")

    format: Literal["slaledger/helpdesk-mapping/v1"] = Field(description="the format's version")
    source: str = Field(
        pattern=r"^[a-z][a-z0-9-]*$", description="the connector: jira, zammad, glpi..."
    )
    contract: str | None = Field(
        default=None, description="the id of the contract the tickets count for"
    )
    timezone: TimeZoneName | None = Field(
        default=None,
        description="the zone of the helpdesk's times that carry no UTC offset (GLPI, "
        "ServiceNow exports, Jira CSV)",
    )
    date_format: str | None = Field(
        default=None,
        description="strftime format of dates in an export file that are not ISO 8601 "
        "(Jira CSV: '%d/%b/%y %I:%M %p')",
    )
    export: ExportModel | None = Field(
        default=None,
        description="the columns of a CSV export (GLPI, Freshdesk) under other names than "
        "the vendor's English ones (a GLPI in French: ID, Date d'ouverture, Priorité, Statut)",
    )
    tickets: TicketsModel = TicketsModel()
    incident: IncidentModel = IncidentModel()
    status_field: str = "status"
    priority_field: str = "priority"
    priorities: dict[str, str] = Field(
        default_factory=dict,
        description="helpdesk priority -> the contract's class (its id or name); "
        "required unless the source is mail",
    )
    statuses: dict[str, list[EventItem]] = Field(
        default_factory=dict,
        description="helpdesk status -> events when a ticket enters it ([] for none; "
        "'paused' pauses the clocks until the ticket leaves it); required unless the "
        "source is mail",
    )
    fields: dict[str, FieldRuleModel] = Field(default_factory=dict)
    sla: dict[str, str] = Field(
        default_factory=dict,
        description="the helpdesk's own SLA timer -> the contract clock shown beside it",
    )
    mail: MailRules | None = Field(
        default=None,
        description="the e-mail rules of the contract (docs/mail.md): which messages "
        "notify an incident and which follow one; read by 'sla ingest mail --rules'",
    )

    @model_validator(mode="after")
    def _helpdesk_rules(self) -> MappingFileModel:
        if self.source == "mail":
            if self.mail is None:
                raise fail("mail", msg("input.files.mail-section"), msg("input.found.quoted-none"))
            return self
        for name in ("priorities", "statuses"):
            if name not in self.model_fields_set:  # written, if only as {}
                raise fail(
                    name,
                    msg("input.files.helpdesk-section", name=name, source=self.source),
                    msg("input.found.quoted-none"),
                )
        return self
