"""Availability commitments, interruption definitions, exclusions and credit schedules."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from slaledger.adapters.files.contract_file.clause_model import ClauseModel, ConversionContext
from slaledger.adapters.files.contract_file.fields import (
    NO_CREDIT_WORD,
    AvailabilityRef,
    CalendarRef,
    CreditNumber,
    DurationText,
    Number,
    Percent,
    ServiceRef,
    StrictModel,
    TriggerName,
    blankable,
    fail,
    or_blank,
)
from slaledger.adapters.files.contract_file.formula_model import AvailabilityFormula, CreditFormula
from slaledger.adapters.files.contract_file.ranges import NumberRange
from slaledger.domain.contract.availability import (
    Availability,
    Evaluation,
    Exclusion,
    ExclusionCondition,
    ExclusionEffect,
    InterruptionDefinition,
    IntervalRule,
    Measurement,
    OutageCategory,
    Period,
    YearLength,
)
from slaledger.domain.contract.credits import (
    NO_CREDIT,
    ClaimStart,
    ClaimWindow,
    CreditCap,
    CreditSchedule,
    CreditTier,
    CreditUnit,
    DayValue,
    Eligibility,
    Rounding,
    RoundingMode,
    Settlement,
    StatedDowntime,
)
from slaledger.domain.contract.parties import Obligation
from slaledger.domain.contract.ranges import RangeKind
from slaledger.domain.contract.values import parse_duration
from slaledger.domain.message import msg


class InterruptionModel(StrictModel):
    measurement: Measurement
    error_rate_above: Percent | None = Field(
        default=None, description="percent; an interval is interrupted strictly above it"
    )
    interval: DurationText | None = None
    min_requests: int = Field(default=1, ge=0)
    min_duration: DurationText | None = None
    empty_intervals: IntervalRule = IntervalRule.UP
    monitoring_gaps: IntervalRule = IntervalRule.UP
    scope: str | None = None

    @model_validator(mode="after")
    def _rate(self) -> Self:
        if (
            self.measurement is Measurement.ERROR_RATE
            and "error_rate_above" not in self.model_fields_set
        ):
            raise fail(
                "interruption", msg("input.files.error-rate-above"), msg("input.found.quoted-none")
            )
        return self

    def to_domain(self, where: str) -> InterruptionDefinition:
        return InterruptionDefinition(
            measurement=self.measurement,
            error_rate_above=blankable(self, "error_rate_above"),
            interval=parse_duration(self.interval) if self.interval else None,
            min_requests=self.min_requests,
            min_duration=parse_duration(self.min_duration) if self.min_duration else None,
            empty_intervals=self.empty_intervals,
            monitoring_gaps=self.monitoring_gaps,
            scope=self.scope,
            where=where,
        )


class ExclusionModel(StrictModel):
    category: OutageCategory
    effect: ExclusionEffect
    conditions: list[ExclusionCondition] = Field(default_factory=list)
    description: str | None = None

    def to_domain(self, where: str) -> Exclusion:
        return Exclusion(
            self.category, self.effect, tuple(self.conditions), self.description, where=where
        )


class AvailabilityModel(ClauseModel):
    service: ServiceRef | None = None
    target: Percent | None = Field(
        default=None, description="percent; leave out when the text commits to none"
    )
    period: Period
    evaluated: Evaluation = Evaluation.PERIOD_END
    period_start: TriggerName | None = Field(
        default=None, description="for a contract year: the event it starts from"
    )
    calendar: CalendarRef | None = Field(
        default=None, description="the service hours measured, and the time zone of periods"
    )
    year_length: YearLength = YearLength.REAL
    formula: AvailabilityFormula | None = None
    statement_on_request: bool = False
    obligation: Obligation = Obligation.RESULT
    interruption: InterruptionModel
    exclusions: list[ExclusionModel] = Field(default_factory=list)
    downtime_allowance: DurationText | None = Field(
        default=None,
        description="the most downtime the text allows per period, beside the target "
        "('no more than 43 minutes per month': 43min); counted time, in min, h or s",
    )

    @model_validator(mode="after")
    def _allowance(self) -> Self:
        if self.downtime_allowance is None:
            return self
        if parse_duration(self.downtime_allowance).fixed_seconds is None:
            raise fail(
                "downtime_allowance",
                msg("input.files.allowance"),
                self.downtime_allowance,
            )
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> Availability:
        return Availability(
            clause=self.clause_info(where, ctx),
            service=self.service,
            target=blankable(self, "target"),
            period=self.period,
            calendar=self.calendar,
            interruption=self.interruption.to_domain(f"{where}.interruption"),
            exclusions=tuple(
                e.to_domain(f"{where}.exclusions[{i}]") for i, e in enumerate(self.exclusions)
            ),
            evaluated=self.evaluated,
            period_start=self.period_start,
            year_length=self.year_length,
            formula=self.formula.to_domain() if self.formula else None,
            statement_on_request=self.statement_on_request,
            obligation=self.obligation,
            downtime_allowance=parse_duration(self.downtime_allowance)
            if self.downtime_allowance
            else None,
        )


_UNIT_KEYS = {CreditUnit.PERCENT_OF_FEE: "percent", CreditUnit.DAYS_OF_SUBSCRIPTION: "days"}


class StatedDowntimeModel(StrictModel):
    """Downtime equivalents as the text writes them ("216 min"), kept as text."""

    above: str | None = None
    at_least: str | None = None
    below: str | None = None
    at_most: str | None = None


class TierModel(StrictModel):
    availability: NumberRange
    percent: CreditNumber | None = Field(
        default=None, description="credit, percent of the fee ('none': the text states none)"
    )
    days: CreditNumber | None = Field(
        default=None, description="credit, days of subscription ('none': the text states none)"
    )
    formula: CreditFormula | None = Field(default=None, description="credit as a formula")
    stated_downtime: StatedDowntimeModel | None = None

    @model_validator(mode="after")
    def _one_credit(self) -> Self:
        given = [k for k in ("percent", "days", "formula") if k in self.model_fields_set]
        if len(given) != 1:
            raise fail(
                "tier",
                msg("input.files.tier-amount", names="percent, days", last="formula"),
                " and ".join(given) or msg("input.found.quoted-none"),
            )
        return self

    def to_domain(self, where: str, unit: CreditUnit) -> CreditTier:
        amount = None
        if "formula" not in self.model_fields_set:
            value = self.percent if unit is CreditUnit.PERCENT_OF_FEE else self.days
            amount = NO_CREDIT if value == NO_CREDIT_WORD else or_blank(value)
        stated = self.stated_downtime.model_dump(exclude_none=True) if self.stated_downtime else {}
        return CreditTier(
            availability=self.availability.to_range(RangeKind.PERCENT),
            amount=amount,
            formula=self.formula.to_domain() if self.formula else None,
            stated_downtime=tuple(
                StatedDowntime(bound, str(text), where=f"{where}.stated_downtime.{bound}")
                for bound, text in stated.items()
            ),
            where=where,
        )


class CapModel(StrictModel):
    percent: Number | None = None
    days: Number | None = None
    per: Literal["calendar-month", "contract-year"] = "calendar-month"


class ClaimWindowModel(StrictModel):
    within: DurationText
    after: ClaimStart
    calendar: CalendarRef | None = None


class RoundingModel(StrictModel):
    decimals: int = Field(ge=0, le=6)
    mode: RoundingMode = RoundingMode.HALF_UP

    def to_domain(self) -> Rounding:
        return Rounding(self.decimals, self.mode)


class RoundingRulesModel(StrictModel):
    availability: RoundingModel | None = None
    credit: RoundingModel | None = None


class DayValueModel(StrictModel):
    """What a day of credit is worth, as the clause states it (docs/billing.md)."""

    monthly_fee_divided_by: int = Field(ge=1, le=366)


class CreditScheduleModel(ClauseModel):
    availability: AvailabilityRef
    unit: CreditUnit
    tiers: list[TierModel] = Field(min_length=1)
    cap: CapModel | None = None
    claim_window: ClaimWindowModel | None = None
    eligibility: list[Eligibility] = Field(default_factory=list)
    rounding: RoundingRulesModel | None = None
    settlement: Settlement = Settlement.INVOICE_CREDIT
    sole_remedy: bool = False
    day_value: DayValueModel | None = None

    @model_validator(mode="after")
    def _day_value(self) -> Self:
        if self.day_value is None:
            return self
        if self.unit is not CreditUnit.DAYS_OF_SUBSCRIPTION:
            raise fail("day_value", "a day value only in a days-of-subscription schedule", "it")
        if self.settlement is Settlement.CARRIED_TO_TERM_END:
            raise fail(
                "day_value",
                "no day value for days carried to the term's end (never paid in money)",
                "one",
            )
        return self

    @model_validator(mode="after")
    def _units(self) -> Self:
        wanted = _UNIT_KEYS[self.unit]
        for tier in self.tiers:
            other = ({"percent", "days"} - {wanted}) & tier.model_fields_set
            if other:
                raise fail(
                    "tier",
                    msg("input.files.tier-unit", wanted=wanted, unit=self.unit.value),
                    other.pop(),
                )
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> CreditSchedule:
        cap = None
        if self.cap is not None:
            key = _UNIT_KEYS[self.unit]
            cap = CreditCap(or_blank(getattr(self.cap, key)), self.cap.per)
        window = self.claim_window
        rounding = self.rounding or RoundingRulesModel()
        return CreditSchedule(
            clause=self.clause_info(where, ctx),
            availability=self.availability,
            unit=self.unit,
            tiers=tuple(
                t.to_domain(f"{where}.tiers[{i}]", self.unit) for i, t in enumerate(self.tiers)
            ),
            cap=cap,
            claim_window=ClaimWindow(parse_duration(window.within), window.after, window.calendar)
            if window
            else None,
            eligibility=tuple(self.eligibility),
            availability_rounding=rounding.availability.to_domain()
            if rounding.availability
            else None,
            credit_rounding=rounding.credit.to_domain() if rounding.credit else None,
            settlement=self.settlement,
            sole_remedy=self.sole_remedy,
            day_value=DayValue(self.day_value.monthly_fee_divided_by) if self.day_value else None,
        )
