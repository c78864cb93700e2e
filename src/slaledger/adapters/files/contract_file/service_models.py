"""Maintenance kinds, support, and dated obligations (backup, breach notice, data return)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from slaledger.adapters.files.contract_file.clause_model import ClauseModel, ConversionContext
from slaledger.adapters.files.contract_file.fields import (
    CalendarRef,
    ClockRef,
    DurationText,
    Id,
    Language,
    StrictModel,
    TimeText,
    TriggerName,
    blankable,
    fail,
    or_blank,
)
from slaledger.adapters.files.contract_file.ranges import DurationRange
from slaledger.domain.contract.availability import OutageCategory
from slaledger.domain.contract.kpis import Frequency
from slaledger.domain.contract.maintenance import (
    CapPeriod,
    Maintenance,
    MaintenanceType,
    RecurringWindow,
    parse_rrule,
)
from slaledger.domain.contract.obligations import (
    DatedObligation,
    Deadline,
    DeadlineKind,
    ObligationKind,
)
from slaledger.domain.contract.parties import Obligation, Party
from slaledger.domain.contract.support import Channel, ChannelKind, Support, SupportLevel
from slaledger.domain.contract.values import parse_duration, parse_time_of_day
from slaledger.domain.message import msg


class RecurringModel(StrictModel):
    rrule: str = Field(description="RFC 5545 rule of the anchor day, e.g. FREQ=MONTHLY;BYDAY=+2TU")
    offset: DurationText | None = Field(
        default=None, description="from the anchor day, e.g. 5 days"
    )
    start: TimeText
    max_duration: DurationText
    movable_on_request: bool = False

    @model_validator(mode="after")
    def _rrule(self) -> Self:
        try:
            parse_rrule(self.rrule)
        except ValueError as exc:
            raise fail("rrule", str(exc), self.rrule) from None
        return self

    def to_domain(self) -> RecurringWindow:
        return RecurringWindow(
            rrule=self.rrule,
            start=parse_time_of_day(self.start),
            max_duration=parse_duration(self.max_duration),
            offset=parse_duration(self.offset) if self.offset else None,
            movable_on_request=self.movable_on_request,
        )


class MaintenanceModel(ClauseModel):
    name: str
    type: MaintenanceType
    calendar: CalendarRef | None = Field(
        default=None, description="the hours this kind's notice is counted in"
    )
    minimum_notice: DurationText | None = Field(
        default=None, description="null: the text leaves it blank"
    )
    notice_required: bool = False
    notice_channel: str | None = None
    impact: DurationRange | None = Field(
        default=None, description="the unavailability that puts a window in this kind"
    )
    impact_calendar: CalendarRef | None = None
    allowed_slots: CalendarRef | None = Field(
        default=None, description="a calendar whose open time is where windows may fall"
    )
    annual_cap: DurationText | None = Field(
        default=None, description="the most maintenance of this kind one cap_period allows"
    )
    cap_period: CapPeriod | None = Field(
        default=None,
        description=(
            "the period annual_cap is counted over: calendar-year (the default), "
            "contract-year, quarter (calendar quarters), contract-quarter (quarters from "
            "the service opening) or calendar-month"
        ),
    )
    customer_agreement: bool = False
    daytime_on_customer_request: bool = False
    recurring: RecurringModel | None = None
    counts_as: OutageCategory = OutageCategory.PLANNED_MAINTENANCE
    obligation: Obligation = Field(
        default=Obligation.RESULT,
        description=(
            "result: the rules bind, a window that breaks one is refused and counts as "
            "downtime; means (best efforts): a broken rule is reported as a note, the "
            "window stays allowed"
        ),
    )

    def to_domain(self, where: str, ctx: ConversionContext) -> Maintenance:
        notice = blankable(self, "minimum_notice")
        return Maintenance(
            clause=self.clause_info(where, ctx),
            name=self.name,
            type=self.type,
            calendar=self.calendar,
            minimum_notice=parse_duration(notice) if isinstance(notice, str) else notice,
            notice_required=self.notice_required or notice is not None,
            notice_channel=self.notice_channel,
            impact=self.impact.to_range() if self.impact else None,
            impact_calendar=self.impact_calendar,
            allowed_slots=self.allowed_slots,
            annual_cap=parse_duration(self.annual_cap) if self.annual_cap else None,
            cap_period=self.cap_period,
            customer_agreement=self.customer_agreement,
            daytime_on_customer_request=self.daytime_on_customer_request,
            recurring=self.recurring.to_domain() if self.recurring else None,
            counts_as=self.counts_as,
            obligation=self.obligation,
        )


class ChannelModel(StrictModel):
    id: Id
    kind: ChannelKind
    address: str | None = Field(default=None, description="null: the text leaves it blank")
    calendar: CalendarRef | None = None

    def to_domain(self, where: str) -> Channel:
        return Channel(self.id, self.kind, blankable(self, "address"), self.calendar, where=where)


class LevelModel(StrictModel):
    level: int = Field(ge=1)
    name: str
    description: str | None = None


class SupportModel(ClauseModel):
    name: str
    channels: list[ChannelModel] = Field(default_factory=list)
    levels: list[LevelModel] = Field(default_factory=list)
    scope_limit: DurationText | None = Field(
        default=None, description="effort beyond which a request is out of scope"
    )
    languages: list[Language] = Field(default_factory=list)
    includes: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)
    clocks: list[ClockRef] = Field(default_factory=list)

    def to_domain(self, where: str, ctx: ConversionContext) -> Support:
        return Support(
            clause=self.clause_info(where, ctx),
            name=self.name,
            channels=tuple(
                c.to_domain(f"{where}.channels[{i}]") for i, c in enumerate(self.channels)
            ),
            levels=tuple(
                SupportLevel(lv.level, lv.name, lv.description, where=f"{where}.levels[{i}]")
                for i, lv in enumerate(self.levels)
            ),
            scope_limit=parse_duration(self.scope_limit) if self.scope_limit else None,
            languages=tuple(self.languages),
            includes=tuple(self.includes),
            excludes=tuple(self.excludes),
            clocks=tuple(self.clocks),
        )


class DeadlineModel(StrictModel):
    """``{within: 2 days, after: breach-discovered}``, ``{at_least: 48h, before: visit}``
    or, for a right that opens later, ``{opens: 30 days, after: force-majeure-started}``."""

    within: DurationText | None = None
    opens: DurationText | None = None
    after: TriggerName | None = None
    at_least: DurationText | None = None
    before: TriggerName | None = None
    calendar: CalendarRef | None = Field(
        default=None, description="the calendar the duration counts in (default: elapsed)"
    )

    @model_validator(mode="after")
    def _shape(self) -> Self:
        given = self.model_fields_set - {"calendar"}
        if given not in ({"within", "after"}, {"at_least", "before"}, {"opens", "after"}):
            raise fail(
                "deadline",
                msg(
                    "input.files.deadline-pairs",
                    first="within + after",
                    second="at_least + before",
                    third="opens + after",
                ),
                " + ".join(sorted(given)) or msg("input.found.quoted-none"),
            )
        return self

    def to_domain(self, where: str) -> Deadline:
        if "within" in self.model_fields_set:
            kind, text, event = DeadlineKind.WITHIN_AFTER, self.within, self.after
        elif "opens" in self.model_fields_set:
            kind, text, event = DeadlineKind.OPENS_AFTER, self.opens, self.after
        else:
            kind, text, event = DeadlineKind.AT_LEAST_BEFORE, self.at_least, self.before
        duration = or_blank(text)
        return Deadline(
            kind=kind,
            duration=parse_duration(duration) if isinstance(duration, str) else duration,
            event=str(event),
            calendar=self.calendar,
            where=where,
        )


class ObligationModel(ClauseModel):
    kind: ObligationKind
    owed_by: list[Party] = Field(min_length=1)
    description: str
    frequency: list[Frequency] = Field(default_factory=list)
    deadline: DeadlineModel | None = None
    retention: DurationText | None = None
    channel: str | None = None

    def to_domain(self, where: str, ctx: ConversionContext) -> DatedObligation:
        return DatedObligation(
            clause=self.clause_info(where, ctx),
            kind=self.kind,
            owed_by=tuple(self.owed_by),
            description=self.description,
            frequency=tuple(self.frequency),
            deadline=self.deadline.to_domain(f"{where}.deadline") if self.deadline else None,
            retention=parse_duration(self.retention) if self.retention else None,
            channel=self.channel,
        )
