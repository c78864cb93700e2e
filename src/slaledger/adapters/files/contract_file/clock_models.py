"""Clocks, their target tables and exemptions; KPIs."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import Field, PlainValidator, WithJsonSchema, model_validator

from slaledger.adapters.files.contract_file.clause_model import ClauseModel, ConversionContext
from slaledger.adapters.files.contract_file.fields import (
    AvailabilityRef,
    CalendarRef,
    ClassificationRef,
    ClassRef,
    ClockRef,
    DurationText,
    Id,
    MaintenanceRef,
    StrictModel,
    blankable,
    fail,
    number_value,
)
from slaledger.adapters.files.contract_file.formula_model import FormulaModel
from slaledger.domain.contract.availability import Period
from slaledger.domain.contract.clocks import (
    Clock,
    ClockScope,
    ClockTarget,
    Event,
    Exemption,
    When,
)
from slaledger.domain.contract.formula import FormulaContext
from slaledger.domain.contract.kpis import Direction, Frequency, Kpi, KpiMeasure, KpiTarget
from slaledger.domain.contract.parties import Obligation, Party
from slaledger.domain.contract.values import (
    BLANK,
    DURATION_PATTERN,
    Blank,
    Duration,
    parse_duration,
)
from slaledger.domain.message import msg


class TargetModel(StrictModel):
    """One cell: a class, which tickets (by where their start falls), the target."""

    class_: ClassRef = Field(alias="class")
    when: When = When.ANY
    target: DurationText | None = Field(
        default=None,
        description="null: the text leaves the cell blank; absent: measured, no target",
    )
    calendar: CalendarRef | None = Field(
        default=None, description="the calendar the target counts in (default: the clock's)"
    )

    def to_domain(self, where: str) -> ClockTarget:
        value = blankable(self, "target")
        return ClockTarget(
            class_id=self.class_,
            when=self.when,
            target=parse_duration(value) if isinstance(value, str) else value,
            calendar=self.calendar,
            where=where,
        )


class ExemptionModel(StrictModel):
    event: Event
    to: list[Party] = Field(default_factory=list, description="for 'attributed': to whom")
    causes: list[str] = Field(default_factory=list, description="the causes the text lists")

    def to_domain(self, where: str) -> Exemption:
        return Exemption(self.event, tuple(self.to), tuple(self.causes), where=where)


class ClockScopeModel(StrictModel):
    """Which incidents the clock applies to, by their category in the events data."""

    categories: list[Id] = Field(
        min_length=1,
        description="the values of a 'categorised' event the clock applies to (hardware...)",
    )
    description: str | None = Field(
        default=None, description="the scope in the text's words ('hardware faults only')"
    )

    def to_domain(self) -> ClockScope:
        return ClockScope(tuple(self.categories), self.description)


class ClockModel(ClauseModel):
    name: str
    classification: ClassificationRef | None = None
    start: Event = Event.NOTIFIED
    stop: list[Event] = Field(min_length=1)
    pause: list[Event] = Field(default_factory=list)
    resume: list[Event] = Field(default_factory=list)
    calendar: CalendarRef | None = Field(
        default=None, description="the calendar targets count in, unless a row names one"
    )
    service_hours: CalendarRef | None = Field(
        default=None,
        description="the calendar that decides whether a ticket started in or out of hours",
    )
    obligation: Obligation = Obligation.RESULT
    applies_to: list[Literal["incident", "request"]] = Field(
        default_factory=list,
        description="the kinds of ticket the clock runs for (default: all)",
    )
    conditions: list[str] = Field(
        default_factory=list, description="conditions the text puts on the targets, as text"
    )
    exemptions: list[ExemptionModel] = Field(default_factory=list)
    targets: list[TargetModel] = Field(default_factory=list)
    scope: ClockScopeModel | None = Field(
        default=None,
        description="the incidents the clock applies to, by category (default: all)",
    )

    @model_validator(mode="after")
    def _check_rows(self) -> Self:
        seen: set[tuple[str, When]] = set()
        for row in self.targets:
            key = (row.class_, row.when)
            if key in seen:
                raise fail(
                    "targets",
                    msg("input.files.row-per-class"),
                    msg("input.found.twice", what=f"{key[0]} {key[1].value}"),
                )
            seen.add(key)
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> Clock:
        return Clock(
            clause=self.clause_info(where, ctx),
            name=self.name,
            start=self.start,
            stop=tuple(self.stop),
            pause=tuple(self.pause),
            resume=tuple(self.resume),
            classification=self.classification,
            calendar=self.calendar,
            service_hours=self.service_hours,
            targets=tuple(t.to_domain(f"{where}.targets[{i}]") for i, t in enumerate(self.targets)),
            exemptions=tuple(
                e.to_domain(f"{where}.exemptions[{i}]") for i, e in enumerate(self.exemptions)
            ),
            conditions=tuple(self.conditions),
            obligation=self.obligation,
            applies_to=tuple(self.applies_to),
            scope=self.scope.to_domain() if self.scope else None,
        )


def _kpi_value(value: Any) -> str | Decimal | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            parse_duration(value)
        except ValueError as exc:
            raise fail("kpi_target", str(exc), value) from None
        return value
    number = number_value(value)
    if not 0 <= number <= 100:
        raise fail("kpi_target", msg("input.files.percentage"), value)
    return number


KpiValue = Annotated[
    str | Decimal | None,
    PlainValidator(_kpi_value),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": DURATION_PATTERN},
                {"type": "number", "minimum": 0, "maximum": 100},
                {"type": "null"},
            ]
        }
    ),
]


class KpiTargetModel(StrictModel):
    """``{at_most: 2h}``, ``{at_least: 2 business days}`` or ``{at_least: 99.5}`` (percent)."""

    at_least: KpiValue = None
    at_most: KpiValue = None

    @model_validator(mode="after")
    def _one(self) -> Self:
        given = [k for k in ("at_least", "at_most") if k in self.model_fields_set]
        if len(given) != 1:
            raise fail(
                "kpi_target",
                msg("input.files.one-of-exactly", names="at_least, at_most"),
                " and ".join(given) or msg("input.found.quoted-none"),
            )
        return self


class KpiModel(ClauseModel):
    name: str
    measure: KpiMeasure
    target: KpiTargetModel
    period: Period
    frequency: Frequency = Frequency.MONTHLY
    calendar: CalendarRef | None = Field(default=None, description="the KPI's service hours")
    availability: AvailabilityRef | None = None
    clock: ClockRef | None = None
    classes: list[ClassRef] = Field(default_factory=list)
    maintenance_kinds: list[MaintenanceRef] = Field(default_factory=list)
    formula: FormulaModel | None = None

    @model_validator(mode="after")
    def _measure(self) -> Self:
        needs = {
            KpiMeasure.AVAILABILITY: ("availability", self.availability),
            KpiMeasure.CLOCK_MEAN: ("clock", self.clock),
            KpiMeasure.NOTICE_MEAN: ("maintenance_kinds", self.maintenance_kinds),
        }[self.measure]
        if not needs[1]:
            raise fail(
                "kpi",
                msg("input.files.kpi-needs", name=needs[0], measure=self.measure.value),
                msg("input.found.quoted-none"),
            )
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> Kpi:
        t = self.target
        direction = Direction.AT_LEAST if "at_least" in t.model_fields_set else Direction.AT_MOST
        raw = t.at_least if direction is Direction.AT_LEAST else t.at_most
        duration: Duration | Blank | None = None
        percent: Decimal | Blank | None = None
        if isinstance(raw, str):
            duration = parse_duration(raw)
        elif raw is not None:
            percent = raw
        elif self.measure is KpiMeasure.AVAILABILITY:
            percent = BLANK
        else:
            duration = BLANK
        return Kpi(
            clause=self.clause_info(where, ctx),
            name=self.name,
            measure=self.measure,
            target=KpiTarget(direction, duration=duration, percent=percent),
            period=self.period,
            frequency=self.frequency,
            calendar=self.calendar,
            availability=self.availability,
            clock=self.clock,
            classes=tuple(self.classes),
            maintenance_kinds=tuple(self.maintenance_kinds),
            formula=self.formula.to_domain(FormulaContext.KPI) if self.formula else None,
        )
