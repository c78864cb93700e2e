"""Commercial terms: revision, payment, penalties, surcharges, volumes, licence periods,
term and renewal, liability, claim limits, fees, unilateral changes."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Self

from pydantic import Field, model_validator

from slaledger.adapters.files.contract_file.clause_model import ClauseModel, ConversionContext
from slaledger.adapters.files.contract_file.fields import (
    DurationText,
    MonthDayText,
    Number,
    ServiceRef,
    StrictModel,
    TriggerName,
    blankable,
    fail,
)
from slaledger.adapters.files.contract_file.formula_model import PriceFormula
from slaledger.adapters.files.contract_file.ranges import DayRange, NumberRange
from slaledger.adapters.files.contract_file.service_models import DeadlineModel
from slaledger.adapters.i18n import english
from slaledger.domain.contract.commercial import (
    Billing,
    Bracket,
    CapBasis,
    CapPer,
    ClaimLimit,
    Commercial,
    CreditCapMoney,
    Fee,
    LatePenalty,
    LegalRateDate,
    LiabilityCap,
    LicenceBracket,
    LicencePeriod,
    PaymentTerms,
    Price,
    PricePer,
    PriceRevision,
    QuantityLimit,
    Surcharge,
    Term,
    UnilateralChange,
    VolumeVariation,
)
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.ranges import RangeKind
from slaledger.domain.contract.values import Duration, Money, parse_duration, parse_month_day
from slaledger.domain.message import Text, msg
from slaledger.services.currency import FeeError, currency_decimals


def _duration(text: str | None) -> Duration | None:
    return parse_duration(text) if text else None


class MoneyModel(StrictModel):
    amount: Number
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. EUR")

    def to_domain(self) -> Money:
        return Money(self.amount, self.currency)


class PriceRevisionModel(ClauseModel):
    index: str = Field(description="the index's name, e.g. SYNTEC")
    revision_day: MonthDayText = Field(description="the day of the year prices are revised, MM-DD")
    formula: PriceFormula
    floor_percent: Number | None = Field(
        default=None, description="the increase applied when the index rises less"
    )
    upward_only: bool = False
    notified_by: list[Party] = Field(
        default_factory=list,
        description="who must notify the revised prices in the revision's month; "
        "none: the revision is a right",
    )

    def to_domain(self, where: str, ctx: ConversionContext) -> PriceRevision:
        return PriceRevision(
            clause=self.clause_info(where, ctx),
            index=self.index,
            on=parse_month_day(self.revision_day),
            formula=self.formula.to_domain(),
            floor_percent=self.floor_percent,
            upward_only=self.upward_only,
            notified_by=tuple(self.notified_by),
        )


class PaymentTermsModel(ClauseModel):
    billing: Billing
    due: DeadlineModel | None = None
    schedule: str | None = None
    discount: bool = False

    def to_domain(self, where: str, ctx: ConversionContext) -> PaymentTerms:
        return PaymentTerms(
            clause=self.clause_info(where, ctx),
            billing=self.billing,
            due=self.due.to_domain(f"{where}.due") if self.due else None,
            schedule=self.schedule,
            discount=self.discount,
        )


class LatePenaltyModel(ClauseModel):
    starts: TriggerName
    legal_rate_multiple: Number | None = None
    legal_rate_plus_points: Number | None = None
    fixed_fee: MoneyModel | None = None
    suspension: bool = False
    termination_after: DurationText | None = None
    legal_rate_on: LegalRateDate | None = Field(
        default=None,
        description="which day's legal rate: quote-date (the rate in force when the quote "
        "was issued, for every day late; give commercial.quote_date) or each-day (the rate "
        "in force on each day late); required with a legal rate",
    )

    @model_validator(mode="after")
    def _rate_day(self) -> Self:
        rated = self.legal_rate_multiple is not None or self.legal_rate_plus_points is not None
        if rated and self.legal_rate_on is None:
            raise fail(
                "legal_rate_on",
                msg("input.files.legal-rate-on"),
                msg("input.found.quoted-none"),
            )
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> LatePenalty:
        return LatePenalty(
            clause=self.clause_info(where, ctx),
            starts=self.starts,
            legal_rate_multiple=self.legal_rate_multiple,
            legal_rate_plus_points=self.legal_rate_plus_points,
            fixed_fee=self.fixed_fee.to_domain() if self.fixed_fee else None,
            suspension=self.suspension,
            termination_after=_duration(self.termination_after),
            legal_rate_on=self.legal_rate_on or LegalRateDate.EACH_DAY,
        )


class BracketModel(StrictModel):
    range: NumberRange
    percent: Number | None = Field(default=None, description="null: left blank in the text")
    effect: str | None = None

    def to_domain(self, where: str, kind: RangeKind) -> Bracket:
        return Bracket(
            self.range.to_range(kind), blankable(self, "percent"), self.effect, where=where
        )


_KINDS = {
    "years": RangeKind.YEARS,
    "months": RangeKind.MONTHS,
    "percent": RangeKind.PERCENT,
    "number": RangeKind.NUMBER,
}


class SurchargeModel(ClauseModel):
    basis: str = Field(description="what the brackets measure, e.g. equipment-age")
    unit: Literal["years", "months", "percent", "number"]
    brackets: list[BracketModel] = Field(min_length=1)

    def to_domain(self, where: str, ctx: ConversionContext) -> Surcharge:
        kind = _KINDS[self.unit]
        return Surcharge(
            clause=self.clause_info(where, ctx),
            basis=self.basis,
            kind=kind,
            brackets=tuple(
                b.to_domain(f"{where}.brackets[{i}]", kind) for i, b in enumerate(self.brackets)
            ),
        )


class VolumeVariationModel(ClauseModel):
    observed_longer_than: DurationText | None = None
    brackets: list[BracketModel] = Field(
        min_length=1, description="new volume as a percentage of the contracted volume"
    )

    def to_domain(self, where: str, ctx: ConversionContext) -> VolumeVariation:
        return VolumeVariation(
            clause=self.clause_info(where, ctx),
            brackets=tuple(
                b.to_domain(f"{where}.brackets[{i}]", RangeKind.PERCENT)
                for i, b in enumerate(self.brackets)
            ),
            observed_longer_than=_duration(self.observed_longer_than),
        )


class LicenceBracketModel(StrictModel):
    subscribed: DayRange
    ends: MonthDayText
    years_after: int = Field(ge=0)


class LicencePeriodModel(ClauseModel):
    starts: TriggerName
    brackets: list[LicenceBracketModel] = Field(min_length=1)

    def to_domain(self, where: str, ctx: ConversionContext) -> LicencePeriod:
        return LicencePeriod(
            clause=self.clause_info(where, ctx),
            starts=self.starts,
            brackets=tuple(
                LicenceBracket(
                    b.subscribed.to_range(),
                    parse_month_day(b.ends),
                    b.years_after,
                    where=f"{where}.brackets[{i}]",
                )
                for i, b in enumerate(self.brackets)
            ),
        )


class TermModel(ClauseModel):
    service: ServiceRef | None = None
    initial: DurationText | None = None
    starts: TriggerName
    renewal: DurationText | None = None
    tacit_renewal: bool = False
    renews_on: MonthDayText | None = None
    notice: DeadlineModel | None = None
    notice_form: str | None = None
    provider_reminder: DeadlineModel | None = None

    def to_domain(self, where: str, ctx: ConversionContext) -> Term:
        return Term(
            clause=self.clause_info(where, ctx),
            initial=_duration(self.initial),
            starts=self.starts,
            renewal=_duration(self.renewal),
            tacit_renewal=self.tacit_renewal,
            notice=self.notice.to_domain(f"{where}.notice") if self.notice else None,
            notice_form=self.notice_form,
            provider_reminder=self.provider_reminder.to_domain(f"{where}.provider_reminder")
            if self.provider_reminder
            else None,
            service=self.service,
            renews_on=parse_month_day(self.renews_on) if self.renews_on else None,
        )


class LiabilityModel(ClauseModel):
    basis: CapBasis
    direct_damage_only: bool = True

    def to_domain(self, where: str, ctx: ConversionContext) -> LiabilityCap:
        return LiabilityCap(self.clause_info(where, ctx), self.basis, self.direct_damage_only)


class ClaimLimitModel(ClauseModel):
    subject: str
    deadline: DeadlineModel

    def to_domain(self, where: str, ctx: ConversionContext) -> ClaimLimit:
        return ClaimLimit(
            self.clause_info(where, ctx), self.deadline.to_domain(f"{where}.deadline"), self.subject
        )


class FeeModel(ClauseModel):
    name: str
    amount: MoneyModel | None
    per: str
    minimum: DurationText | None = None

    def to_domain(self, where: str, ctx: ConversionContext) -> Fee:
        amount = self.amount.to_domain() if self.amount else blankable(self, "amount")
        return Fee(
            self.clause_info(where, ctx), self.name, amount, self.per, _duration(self.minimum)
        )


class ChangeModel(ClauseModel):
    by: Party
    notice: DurationText | None = None

    def to_domain(self, where: str, ctx: ConversionContext) -> UnilateralChange:
        return UnilateralChange(self.clause_info(where, ctx), self.by, _duration(self.notice))


class QuantityLimitModel(ClauseModel):
    counted: TriggerName = Field(description="what is counted, as the counts name it: nomad-vpn")
    base: TriggerName = Field(description="the count it is a share of: seats")
    at_most_percent: Number = Field(
        ge=0, description="the most ``counted`` may be, as a percentage of ``base``"
    )
    description: str | None = None

    @model_validator(mode="after")
    def _two_quantities(self) -> Self:
        if self.counted == self.base:
            raise fail("base", msg("input.files.other-quantity", counted=self.counted), self.base)
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> QuantityLimit:
        return QuantityLimit(
            clause=self.clause_info(where, ctx),
            counted=self.counted,
            base=self.base,
            at_most_percent=self.at_most_percent,
            description=self.description,
        )


def _iso_currency(code: str) -> None:
    try:
        currency_decimals(code)
    except FeeError as exc:
        raise fail("currency", english(exc.expected), code) from None


class PriceModel(ClauseModel):
    """A priced item a credit is computed on (docs/billing.md)."""

    service: ServiceRef | None = Field(
        default=None, description="the service priced; none: the whole contract"
    )
    name: str | None = None
    amount: MoneyModel | None = Field(description="null: the text leaves the price blank")
    per: PricePer = Field(description="the period the amount is for: month, quarter or year")
    revised_by: str | None = Field(
        default=None, description="the id of the price_revisions clause that revises it yearly"
    )

    @model_validator(mode="after")
    def _amount(self) -> Self:
        if self.amount is not None and self.amount.amount < 0:
            raise fail("amount", msg("input.files.price-zero-or-more"), str(self.amount.amount))
        if self.amount is not None:
            _iso_currency(self.amount.currency)
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> Price:
        amount = self.amount.to_domain() if self.amount else blankable(self, "amount")
        return Price(
            clause=self.clause_info(where, ctx),
            amount=amount,
            per=self.per,
            service=self.service,
            revised_by=self.revised_by,
            name=self.name,
        )


class CreditCapMoneyModel(ClauseModel):
    """A cap on the credits owed, in money: a fixed amount or a percentage of the year's
    fees, per month or per calendar year."""

    per: CapPer
    amount: MoneyModel | None = None
    percent_of_annual_fee: Number | None = Field(default=None, gt=0, le=100)
    schedule: str | None = Field(default=None, description="a credit schedule id; none: all")

    @model_validator(mode="after")
    def _one_limit(self) -> Self:
        if (self.amount is None) == (self.percent_of_annual_fee is None):
            given = "both" if self.amount is not None else "neither"
            raise fail("amount", msg("input.files.amount-or-percent"), given)
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> CreditCapMoney:
        return CreditCapMoney(
            clause=self.clause_info(where, ctx),
            per=self.per,
            amount=self.amount.to_domain() if self.amount else None,
            percent_of_annual_fee=self.percent_of_annual_fee,
            schedule=self.schedule,
        )


class CommercialModel(StrictModel):
    quote_date: date | None = Field(
        default=None,
        description="the day the quote (devis) was issued, YYYY-MM-DD: the legal rate of a "
        "late_payment clause with legal_rate_on: quote-date is read on this day",
    )
    price_revisions: list[PriceRevisionModel] = Field(default_factory=list)
    payment_terms: list[PaymentTermsModel] = Field(default_factory=list)
    late_payment: list[LatePenaltyModel] = Field(default_factory=list)
    surcharges: list[SurchargeModel] = Field(default_factory=list)
    volume_variation: list[VolumeVariationModel] = Field(default_factory=list)
    licence_periods: list[LicencePeriodModel] = Field(default_factory=list)
    terms: list[TermModel] = Field(default_factory=list)
    liability: list[LiabilityModel] = Field(default_factory=list)
    claim_limits: list[ClaimLimitModel] = Field(default_factory=list)
    fees: list[FeeModel] = Field(default_factory=list)
    changes: list[ChangeModel] = Field(default_factory=list)
    quantity_limits: list[QuantityLimitModel] = Field(
        default_factory=list, description="counts limited to a share of another count"
    )
    prices: list[PriceModel] = Field(
        default_factory=list, description="the fees credits are computed on (docs/billing.md)"
    )
    credit_caps: list[CreditCapMoneyModel] = Field(
        default_factory=list, description="caps on the credits owed, in money"
    )

    @model_validator(mode="after")
    def _revisions_known(self) -> Self:
        known = {r.id for r in self.price_revisions}
        for i, price in enumerate(self.prices):
            if price.revised_by is not None and price.revised_by not in known:
                ids: Text = ", ".join(sorted(known)) or msg("input.found.none")
                expected = msg("input.files.revised-by", field=f"prices[{i}].revised_by", ids=ids)
                raise fail("revised_by", expected, price.revised_by)
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> Commercial:
        def convert(name: str) -> tuple[Any, ...]:
            return tuple(
                item.to_domain(f"{where}.{name}[{i}]", ctx)
                for i, item in enumerate(getattr(self, name))
            )

        return Commercial(
            quote_date=self.quote_date,
            **{name: convert(name) for name in CLAUSE_LISTS},
        )


#: the lists of clauses of ``commercial:`` (its other fields are the deal's data)
CLAUSE_LISTS = tuple(n for n in CommercialModel.model_fields if n not in ("quote_date",))
