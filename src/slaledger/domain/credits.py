"""Service credits: the tier an availability falls in, and what it is worth.

The availability is first rounded when the schedule says so (000: 2 decimals, half up,
so 500 min down in March 2024 gives 98.88 %), then compared with each tier's range. A
tier gives a percentage of the monthly fee, a formula of the availability (000: "100 %
minus availability") or a number of days of subscription (001: blank in the text).

Three outcomes besides a tier:
- ``above``: the value is above every tier (or in none and the target is met): no credit.
- ``gap``: the value lies between two tiers, or below the lowest one (000's 99.41-99.49 %,
  001's 99.89-99.90 % and 99.00 % or less). The contract files leave these gaps
  unfilled, so the engine gives *no* credit figure and says so, naming the neighbouring
  tiers: picking the nearer tier would write a term nobody signed.
- a tier whose credit is blank (001): the tier is found, the credit stays unknown.
- a tier whose credit is "none" (``NO_CREDIT``): outcome ``no-credit``, the tier is found
  and owes nothing (0, like ``above``), which is not undetermined.

Comparisons are exact: the availability is a fraction ``100 * num / den`` and tier bounds
are decimals, compared in integers, for one service or for arrays of them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.contract.credits import (
    CreditSchedule,
    CreditTier,
    CreditUnit,
    NoCredit,
    Rounding,
    RoundingMode,
)
from slaledger.domain.contract.ranges import Bound, notation
from slaledger.domain.contract.values import Blank
from slaledger.domain.message import Items, Message, Number, Percent, Text, msg

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]

ABOVE = -1  # above every tier: no credit
GAP = -2  # in no tier, not above them: undetermined

#: how a note names the rounding of the availability (the contract file's words)
ROUNDING_NAMES = {
    RoundingMode.HALF_UP: msg("credit.mode.half-up"),
    RoundingMode.HALF_EVEN: msg("credit.mode.half-even"),
    RoundingMode.DOWN: msg("credit.mode.down"),
    RoundingMode.UP: msg("credit.mode.up"),
}

#: how a note names the period of a cap (``CreditCap.period``)
CAP_PERIODS = {
    "calendar-month": msg("credit.cap-per.calendar-month"),
    "contract-year": msg("credit.cap-per.contract-year"),
}

_MODES = {
    RoundingMode.HALF_UP: ROUND_HALF_UP,
    RoundingMode.HALF_EVEN: ROUND_HALF_EVEN,
    RoundingMode.DOWN: ROUND_DOWN,
    RoundingMode.UP: ROUND_CEILING,
}


class Outcome(enum.Enum):
    TIER = "tier"
    ABOVE = "above-tiers"
    GAP = "gap"
    #: the period's measurements give no figure (no data, insufficient data): no credit
    NO_DATA = "no-data"
    #: a tier whose credit the contract states as "none": nothing owed, not undetermined
    NO_CREDIT = "no-credit"


@dataclass(frozen=True)
class Credit:
    """The credit one availability earns under a schedule, and why."""

    schedule: str  # the clause id
    unit: CreditUnit
    availability: Fraction | None  # exact percent; None: no data
    rated: Decimal | None  # the value compared with the tiers (rounded when the schedule says)
    outcome: Outcome
    tier: int | None  # index in the schedule
    tier_range: str | None
    percent: Decimal | None
    days: Decimal | None
    amount: Decimal | None
    capped: bool
    claim_deadline: datetime | None
    notes: tuple[Message, ...]

    @property
    def owed(self) -> bool:
        """Whether the month earns something: a percentage or days above zero (a zero
        tier, a month above the tiers or in a gap owes nothing, and has nothing to claim)."""
        value = self.percent if self.percent is not None else self.days
        return value is not None and value > 0

    @property
    def undetermined(self) -> bool:
        """The contract leaves the credit undefined: a value in no tier (a gap), or a tier
        whose credit is blank (001). Neither "owed" nor "none": to be settled by the parties."""
        blank = self.outcome is Outcome.TIER and self.percent is None and self.days is None
        return self.outcome is Outcome.GAP or blank


def round_percent(value: Fraction, rounding: Rounding | None) -> Decimal:
    """The availability as the schedule compares it: rounded, or exact to 28 digits."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if rounding is None:
        return exact
    # round from the exact fraction, not from a 28-digit decimal, so half-up is exact
    scaled = value * 10**rounding.decimals
    whole = Decimal(scaled.numerator // scaled.denominator)
    rest = scaled - (scaled.numerator // scaled.denominator)
    if rest:
        whole += _round_rest(rest, rounding.mode, whole)
    return (whole / Decimal(10**rounding.decimals)).quantize(rounding.step)


def _round_rest(rest: Fraction, mode: RoundingMode, whole: Decimal) -> int:
    if mode is RoundingMode.DOWN:
        return 0
    if mode is RoundingMode.UP:
        return 1
    if rest != Fraction(1, 2):
        return 1 if rest > Fraction(1, 2) else 0
    return 1 if mode is RoundingMode.HALF_UP or int(whole) % 2 else 0


def round_amount(value: Decimal, rounding: Rounding | None) -> Decimal:
    if rounding is None:
        return value
    return value.quantize(rounding.step, rounding=_MODES[rounding.mode])


# ------------------------------------------------------------------ tier choice
def tier_indices(schedule: CreditSchedule, numerator: I64, denominator: I64) -> I64:
    """For each availability ``100 * num / den`` (already rounded when the schedule rounds:
    pass the rounded value as num / den), the index of its tier, ``ABOVE`` or ``GAP``."""
    num = np.asarray(numerator, dtype=np.int64)
    den = np.asarray(denominator, dtype=np.int64)
    result = np.full(num.shape, GAP, dtype=np.int64)
    for index, tier in enumerate(schedule.tiers):
        inside = _within(tier, num, den)
        result = np.where((result == GAP) & inside, index, result)
    tops = [t.availability.upper for t in schedule.tiers]
    top = max((b for b in tops if b is not None), key=lambda b: b.value, default=None)
    if top is not None:
        above = _beyond(top, num, den)
        result = np.where((result == GAP) & above, ABOVE, result)
    return result


def _within(tier: CreditTier, num: I64, den: I64) -> Mask:
    low, high = tier.availability.lower, tier.availability.upper
    ok = np.ones(num.shape, dtype=np.bool_)
    if low is not None:
        ok &= _compare(low, num, den, above=True)
    if high is not None:
        ok &= _compare(high, num, den, above=False)
    return ok


def _compare(bound: Bound, num: I64, den: I64, *, above: bool) -> Mask:
    """``100 * num / den`` on the allowed side of ``bound``, exactly."""
    exact = Fraction(bound.value)
    left = num * 100 * exact.denominator
    right = den * exact.numerator
    if above:
        result: Mask = left >= right if bound.inclusive else left > right
    else:
        result = left <= right if bound.inclusive else left < right
    return result


def _beyond(top: Bound, num: I64, den: I64) -> Mask:
    exact = Fraction(top.value)
    left = num * 100 * exact.denominator
    right = den * exact.numerator
    result: Mask = left >= right if not top.inclusive else left > right
    return result


def as_fraction(value: Decimal) -> tuple[int, int]:
    """A percent as ``(num, den)`` with ``100 * num / den == value``."""
    exact = Fraction(value) / 100
    return exact.numerator, exact.denominator


# ---------------------------------------------------------------------- one credit
def credit_for(
    schedule: CreditSchedule,
    availability: Fraction | None,
    *,
    fee: Decimal | None = None,
    claim_deadline: datetime | None = None,
    target_met: bool | None = None,
    no_data: Text = "no data for the period",
) -> Credit:
    """The credit ``availability`` (exact percent) earns; see the module docs. Without a
    figure (``None``: no data, insufficient data) there is no credit and nothing to claim;
    ``no_data`` says why."""
    if availability is None:
        return Credit(
            schedule=schedule.clause.id, unit=schedule.unit, availability=None, rated=None,
            outcome=Outcome.NO_DATA, tier=None, tier_range=None, percent=None, days=None,
            amount=None, capped=False, claim_deadline=None,
            notes=(msg("credit.note.no-data", reason=no_data),),
        )  # fmt: skip
    rated = round_percent(availability, schedule.availability_rounding)
    if schedule.availability_rounding is None:
        num, den = availability.numerator, availability.denominator * 100
    else:
        num, den = as_fraction(rated)
    index = int(tier_indices(schedule, np.asarray([num]), np.asarray([den]))[0])
    notes: list[Message] = []
    if schedule.availability_rounding is not None:
        r = schedule.availability_rounding
        notes.append(
            msg(
                "credit.note.rounded",
                decimals=r.decimals,
                mode=ROUNDING_NAMES[r.mode],
                rated=Percent(rated),
            )
        )
    base = dict(
        schedule=schedule.clause.id,
        unit=schedule.unit,
        availability=availability,
        rated=rated,
        claim_deadline=claim_deadline,
    )
    if index == GAP and target_met is True:
        index = ABOVE
    if index == ABOVE:
        notes.append(msg("credit.note.above"))
        return Credit(
            **base,  # type: ignore[arg-type]
            outcome=Outcome.ABOVE,
            tier=None,
            tier_range=None,
            percent=Decimal(0) if schedule.unit is CreditUnit.PERCENT_OF_FEE else None,
            days=Decimal(0) if schedule.unit is CreditUnit.DAYS_OF_SUBSCRIPTION else None,
            amount=Decimal(0) if fee is not None else None,
            capped=False,
            notes=tuple(notes),
        )
    if index == GAP:
        notes.append(_gap_note(schedule, rated))
        return Credit(
            **base,  # type: ignore[arg-type]
            outcome=Outcome.GAP,
            tier=None,
            tier_range=None,
            percent=None,
            days=None,
            amount=None,
            capped=False,
            notes=tuple(notes),
        )
    tier = schedule.tiers[index]
    if isinstance(tier.amount, NoCredit):
        notes.append(msg("credit.note.no-credit", tier=notation(tier.availability)))
        return Credit(
            **base,  # type: ignore[arg-type]
            outcome=Outcome.NO_CREDIT,
            tier=index,
            tier_range=str(tier.availability),
            percent=Decimal(0) if schedule.unit is CreditUnit.PERCENT_OF_FEE else None,
            days=Decimal(0) if schedule.unit is CreditUnit.DAYS_OF_SUBSCRIPTION else None,
            amount=Decimal(0) if fee is not None else None,
            capped=False,
            notes=tuple(notes),
        )
    value = _tier_value(tier, rated)
    percent = days = amount = None
    capped = False
    if value is None:
        notes.append(msg("credit.note.blank", tier=notation(tier.availability)))
    else:
        value, capped = _capped(schedule, value, notes)
        if schedule.unit is CreditUnit.PERCENT_OF_FEE:
            percent = round_amount(value, schedule.credit_rounding)
            if fee is not None:
                amount = round_amount(fee * value / 100, schedule.credit_rounding)
        else:
            days = value
    if tier.formula is not None:
        notes.append(
            msg("credit.note.formula", expression=tier.formula.expression, rated=Number(rated))
        )
    return Credit(
        **base,  # type: ignore[arg-type]
        outcome=Outcome.TIER,
        tier=index,
        tier_range=str(tier.availability),
        percent=percent,
        days=days,
        amount=amount,
        capped=capped,
        notes=tuple(notes),
    )


def _tier_value(tier: CreditTier, rated: Decimal) -> Decimal | None:
    if tier.formula is not None:
        return tier.formula.evaluate({"availability": rated})
    if isinstance(tier.amount, Blank | NoCredit) or tier.amount is None:
        return None
    return tier.amount


def _capped(schedule: CreditSchedule, value: Decimal, notes: list[Message]) -> tuple[Decimal, bool]:
    cap = schedule.cap
    if cap is None or isinstance(cap.amount, Blank) or value <= cap.amount:
        return value, False
    period = CAP_PERIODS.get(cap.period, cap.period)
    notes.append(msg("credit.note.capped", amount=Number(cap.amount), period=period))
    return cap.amount, True


def _gap_note(schedule: CreditSchedule, rated: Decimal) -> Message:
    tops = [(t.availability.upper.value, t) for t in schedule.tiers if t.availability.upper]
    bottoms = [(t.availability.lower.value, t) for t in schedule.tiers if t.availability.lower]
    below = [(value, t) for value, t in tops if value < rated]
    above = [(value, t) for value, t in bottoms if value > rated]
    neighbours: list[Message] = []
    if below:
        nearest = max(below, key=lambda p: p[0])[1]
        neighbours.append(msg("credit.note.gap-above", tier=notation(nearest.availability)))
    if above:
        nearest = min(above, key=lambda p: p[0])[1]
        neighbours.append(msg("credit.note.gap-below", tier=notation(nearest.availability)))
    where = Items(tuple(neighbours), "and") if neighbours else msg("credit.note.gap-outside")
    return msg("credit.note.gap", rated=Percent(rated), where=where)


# ------------------------------------------------------------- many at once (hot path)
def rounded_hundredths(numerator: I64, denominator: I64, decimals: int) -> I64:
    """``100 * num / den`` rounded half up to ``decimals``, as integers scaled by
    ``10**decimals`` (98.88 % with 2 decimals is 9888)."""
    scale = 100 * 10**decimals
    result: I64 = (2 * numerator * scale + denominator) // (2 * denominator)
    return result


def credit_percents(schedule: CreditSchedule, numerator: I64, denominator: I64) -> tuple[I64, I64]:
    """Tier index and credit in hundredths of a percent for arrays of availabilities
    (percent-of-fee schedules; half-up rounding when the schedule rounds). Gaps and blank
    credits give -1 hundredths; a tier stating no credit gives 0."""
    num, den = np.asarray(numerator, dtype=np.int64), np.asarray(denominator, dtype=np.int64)
    rounding = schedule.availability_rounding
    if rounding is not None:
        scaled = rounded_hundredths(num, den, rounding.decimals)
        num, den = scaled, np.full_like(scaled, 100 * 10**rounding.decimals)
    tiers = tier_indices(schedule, num, den)
    hundredths = np.where(tiers == ABOVE, 0, -1).astype(np.int64)
    for index, tier in enumerate(schedule.tiers):
        mine = tiers == index
        if tier.formula is not None:  # "100 % - availability": linear in the availability
            at_zero = tier.formula.evaluate({"availability": Decimal(0)})
            at_hundred = tier.formula.evaluate({"availability": Decimal(100)})
            slope = (at_hundred - at_zero) / 100
            value = (int(at_zero * 100) * den + int(slope * 100) * num * 100) // den
            hundredths = np.where(mine, value, hundredths)
        elif isinstance(tier.amount, Decimal):
            hundredths = np.where(mine, int(tier.amount * 100), hundredths)
        elif isinstance(tier.amount, NoCredit):
            hundredths = np.where(mine, 0, hundredths)
    return tiers, hundredths
