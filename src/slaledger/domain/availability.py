"""Availability of a service over a period, computed the way its contract defines it.

A period is a calendar month in the contract's zone (in real minutes: March 2024 has
44,580 of them in Paris, 44,640 in UTC), the 12 months ending with a month (evaluated at
each month end), or a contract year from the service opening date. Its *reference* is
the period's real length, or 365 days when the file fixes "a year" at 365 days (004).

Every interval that may matter arrives as a ``Spans`` row with a category. The contract
gives each category an effect (``ExclusionEffect``): ``counted`` is downtime, ``excused``
counts as available time, ``removed`` leaves the period (numerator and denominator). Where
rows overlap, removed wins over excused, and excused over counted, so no second is
counted twice. Then::

    denominator  = reference - removed
    availability = 100 * (denominator - down) / denominator      (exact, a Fraction)

which is the formula of 000 and 001 ("(period - downtime) / period"), of 003 ("(year -
maintenance - downtime) / (year - maintenance)", year = the window's real length) and of
004 as its file reads it (``100 * (1 - downtime / (365 * 24 h - maintenance))``; the text
as written lacks "× 100", and ``formula_as_written`` shows what it would give).

References:
    examples/contracts/00[0134]-*.yaml, sections ``availability`` and their interpretations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, localcontext
from fractions import Fraction
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.contract.availability import (
    Availability,
    ExclusionEffect,
    OutageCategory,
    Period,
    YearLength,
)
from slaledger.domain.contract.credits import Rounding, RoundingMode
from slaledger.domain.contract.values import Blank
from slaledger.domain.coverage import Coverage
from slaledger.domain.credits import round_percent
from slaledger.domain.intervals import Intervals
from slaledger.domain.message import Message, Text, msg
from slaledger.domain.periods import Month

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]

#: "a year" when the file fixes it at 365 days (004: « 365*24 »)
YEAR_365_SECONDS = 365 * 86_400
#: the effects in precedence order: a second removed is neither excused nor counted
PRECEDENCE = (ExclusionEffect.REMOVED, ExclusionEffect.EXCUSED, ExclusionEffect.COUNTED)
#: what the trace says of a row the credit's eligibility leaves out
NOT_ELIGIBLE = "not-eligible"
#: the category of time a suspension clause lifts the guarantee from (IMRI 3.3, 3.6): it
#: leaves the period like removed time, before any other category claims it
#: (``slaledger.domain.suspensions``)
NOT_GUARANTEED = "not-guaranteed"
#: how a figure is shown when its contract rounds none: two decimals, truncated, so a
#: shown figure is never above the exact one (99.949 % is not shown as a met 99.95 %)
SHOWN_BY_DEFAULT = Rounding(2, RoundingMode.DOWN)


# ----------------------------------------------------------------------- periods
@dataclass(frozen=True)
class Window:
    """The period measured: ``[start, end)`` in epoch seconds, and how it was chosen."""

    start: int
    end: int
    kind: Period
    label: str
    #: the period in words for people (``label`` is its stable code): "2023-04 to 2024-03"
    words: Text = field(default="", compare=False)

    @property
    def title(self) -> Text:
        return self.words or self.label

    @property
    def seconds(self) -> int:
        return self.end - self.start


def calendar_month(month: Month, zone: str) -> Window:
    """The month from local midnight on its first day to local midnight on the next."""
    return Window(month.start(zone), month.end(zone), Period.CALENDAR_MONTH, str(month))


def rolling_months(month: Month, zone: str, months: int = 12) -> Window:
    """The ``months`` months ending with ``month``, as evaluated at its end."""
    first = month.shift(1 - months)
    label = f"{first} to {month}"
    words = msg("period.from-to", first=str(first), last=str(month))
    return Window(first.start(zone), month.end(zone), Period.ROLLING_12_MONTHS, label, words)


def contract_year(opened: date, month: Month, zone: str) -> Window:
    """The contract year (from the opening date, year after year) holding ``month``'s
    first day; a 29 February opening falls back to 28 February in other years."""
    tz = ZoneInfo(zone)
    first_day = date(month.year, month.month, 1)
    years = first_day.year - opened.year
    if _anniversary(opened, opened.year + years) > first_day:
        years -= 1
    begin = _anniversary(opened, opened.year + years)
    finish = _anniversary(opened, opened.year + years + 1)
    start = int(datetime(begin.year, begin.month, begin.day, tzinfo=tz).timestamp())
    end = int(datetime(finish.year, finish.month, finish.day, tzinfo=tz).timestamp())
    words = msg("period.from-to", first=begin.isoformat(), last=finish.isoformat())
    return Window(start, end, Period.CONTRACT_YEAR, f"{begin} to {finish}", words)


def _anniversary(opened: date, year: int) -> date:
    if opened.month == 2 and opened.day == 29 and not _leap(year):
        return date(year, 2, 28)
    return opened.replace(year=year)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def reference_seconds(availability: Availability, window: Window) -> int:
    """The period's length in the formula: real, or a fixed 365-day year (004)."""
    if window.kind is not Period.CALENDAR_MONTH and availability.year_length is (
        YearLength.DAYS_365
    ):
        return YEAR_365_SECONDS
    return window.seconds


# ------------------------------------------------------------------------- inputs
@dataclass(frozen=True, eq=False)
class Spans:
    """Intervals of one service that may count, one row each, with where they came from.

    ``category`` is an ``OutageCategory`` value (or a category the contract defines);
    ``reason`` says why the row has that category, ``clause`` which clause says so,
    ``source`` where the row came from (file and row, reference); ``eligible`` is false
    for rows a credit's eligibility leaves out (000: not reported by the customer).
    """

    start: I64
    end: I64
    category: tuple[str, ...]
    reason: tuple[Text, ...]
    clause: tuple[str, ...]
    source: tuple[str, ...]
    eligible: Mask

    def __post_init__(self) -> None:
        sizes = {self.start.size, self.end.size, len(self.category), len(self.reason)}
        sizes |= {len(self.clause), len(self.source), self.eligible.size}
        if len(sizes) > 1:
            raise ValueError(f"the columns of Spans differ in length: {sorted(sizes)}")

    @staticmethod
    def empty() -> Spans:
        nothing = np.empty(0, dtype=np.int64)
        return Spans(nothing, nothing, (), (), (), (), np.empty(0, dtype=np.bool_))

    @staticmethod
    def concat(parts: list[Spans]) -> Spans:
        if not parts:
            return Spans.empty()
        return Spans(
            np.concatenate([p.start for p in parts]),
            np.concatenate([p.end for p in parts]),
            sum((p.category for p in parts), ()),
            sum((p.reason for p in parts), ()),
            sum((p.clause for p in parts), ()),
            sum((p.source for p in parts), ()),
            np.concatenate([p.eligible for p in parts]),
        )

    def __len__(self) -> int:
        return int(self.start.size)


# ------------------------------------------------------------------------ results
@dataclass(frozen=True)
class TraceEntry:
    """One interval of the period and what it did to the figure."""

    start: int
    end: int
    category: str
    effect: str  # counted, excused, removed, or not-eligible
    reason: Text
    clause: str
    source: str

    @property
    def seconds(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class ExclusionTotal:
    """Time one category took out of the figure, and on which side of the fraction."""

    category: str
    effect: ExclusionEffect
    seconds: int
    clause: str
    description: str


@dataclass(frozen=True)
class Measure:
    """The contract's availability figure for one service and period, with its trace."""

    service: str
    clause: str
    window: Window
    reference_seconds: int
    removed_seconds: int
    excused_seconds: int
    down_seconds: int
    #: percent, exact; None when the measurements cannot give a figure (``coverage``)
    availability: Fraction | None
    target: Decimal | None
    met: bool | None
    formula: str
    formula_as_written: Decimal | None
    exclusions: tuple[ExclusionTotal, ...] = ()
    trace: tuple[TraceEntry, ...] = field(default=(), repr=False)
    #: the one rounding every surface shows the figure with (``shown``)
    shown_rounding: Rounding = SHOWN_BY_DEFAULT
    #: how much of the period was observed; None when the caller did not say
    coverage: Coverage | None = None
    #: false when a suspension lifts the guarantee over the whole period: no verdict
    guaranteed: bool = True
    #: the clause's downtime allowance in seconds ("no more than N minutes"); None: none
    allowance_seconds: int | None = None

    @property
    def allowance_met(self) -> bool | None:
        """Whether the counted downtime stays within the allowance (at most, inclusive);
        None without an allowance, without a figure, or when the period is not guaranteed."""
        if self.allowance_seconds is None or self.availability is None or not self.guaranteed:
            return None
        return self.down_seconds <= self.allowance_seconds

    @property
    def allowance_left_seconds(self) -> int | None:
        """Downtime still allowed in the period (0 once exceeded); None as ``allowance_met``."""
        if self.allowance_met is None or self.allowance_seconds is None:
            return None
        return max(0, self.allowance_seconds - self.down_seconds)

    @property
    def allowance_over_seconds(self) -> int | None:
        """Downtime beyond the allowance (0 while within it); None as ``allowance_met``."""
        if self.allowance_met is None or self.allowance_seconds is None:
            return None
        return max(0, self.down_seconds - self.allowance_seconds)

    @property
    def not_guaranteed_seconds(self) -> int:
        """Time of the period a suspension clause took out of the guarantee."""
        return sum(e.seconds for e in self.exclusions if e.category == NOT_GUARANTEED)

    @property
    def excluded_seconds(self) -> int:
        return self.removed_seconds + self.excused_seconds

    @property
    def shown(self) -> Decimal | None:
        """The figure as every page, statement, API answer and CLI line shows it: rounded
        once, by ``shown_rounding`` (the contract's own rounding of availability when it
        sets one, as its credits rate it; else two decimals, truncated); None: no data."""
        if self.availability is None:
            return None
        return round_percent(self.availability, self.shown_rounding)

    @property
    def exact(self) -> Decimal | None:
        """The exact figure to 28 significant digits (which verdicts compare); None: no data."""
        return None if self.availability is None else to_decimal(self.availability)

    @property
    def no_data(self) -> Message | None:
        """Why there is no figure (no data, insufficient data), or None."""
        if self.coverage is None or self.coverage.has_figure:
            return None
        return self.coverage.reason


# ---------------------------------------------------------------------- measuring
def effect_of(availability: Availability, category: str) -> ExclusionEffect:
    """The contract's effect for a category; a category it does not list is downtime;
    time not guaranteed leaves the period."""
    if category == NOT_GUARANTEED:
        return ExclusionEffect.REMOVED
    try:
        known = OutageCategory(category)
    except ValueError:
        return ExclusionEffect.COUNTED
    return availability.effect_of(known)


def measure(
    availability: Availability,
    *,
    service: str,
    window: Window,
    spans: Spans,
    eligible_only: bool = False,
    shown_rounding: Rounding | None = None,
    coverage: Coverage | None = None,
) -> Measure:
    """The availability of ``service`` over ``window`` from ``spans`` (see module docs).

    With ``eligible_only``, rows not eligible for credits are listed in the trace and
    otherwise ignored. ``shown_rounding`` is how the figure is shown (``Measure.shown``);
    by default two decimals, truncated. With a ``coverage`` that gives no figure (no
    data, insufficient data) the measure has no percentage and no verdict.
    """
    start = np.maximum(spans.start, window.start)
    end = np.minimum(spans.end, window.end)
    inside = start < end
    used = inside & (spans.eligible | (not eligible_only))
    effects = np.asarray([effect_of(availability, c).value for c in spans.category], dtype=object)

    taken = Intervals.empty()
    seconds: dict[ExclusionEffect, int] = {}
    totals: list[ExclusionTotal] = []
    for effect in PRECEDENCE:
        rows = used & (effects == effect.value)
        own = Intervals.of(start[rows], end[rows]) - taken
        seconds[effect] = own.total()
        if effect is not ExclusionEffect.COUNTED:
            totals.extend(_category_totals(availability, effect, rows, start, end, spans, taken))
        taken = taken | own

    reference = reference_seconds(availability, window)
    denominator = reference - seconds[ExclusionEffect.REMOVED]
    down = seconds[ExclusionEffect.COUNTED]
    rate: Fraction | None = (
        Fraction(100 * (denominator - down), denominator) if denominator > 0 else Fraction(0)
    )
    if coverage is not None and not coverage.has_figure:
        rate = None
    target = availability.target if isinstance(availability.target, Decimal) else None
    return Measure(
        service=service,
        clause=availability.clause.id,
        window=window,
        reference_seconds=reference,
        removed_seconds=seconds[ExclusionEffect.REMOVED],
        excused_seconds=seconds[ExclusionEffect.EXCUSED],
        down_seconds=down,
        availability=rate,
        target=target,
        met=None if target is None or rate is None else rate >= Fraction(target),
        formula=_formula_text(availability),
        formula_as_written=_as_written(availability, reference, seconds),
        exclusions=tuple(totals),
        trace=_trace(spans, start, end, inside, used, effects),
        shown_rounding=shown_rounding or SHOWN_BY_DEFAULT,
        coverage=coverage,
        allowance_seconds=availability.allowance_seconds,
    )


def _category_totals(
    availability: Availability,
    effect: ExclusionEffect,
    rows: Mask,
    start: I64,
    end: I64,
    spans: Spans,
    taken: Intervals,
) -> list[ExclusionTotal]:
    """Seconds per category of one effect, each second given to the first category."""
    totals: list[ExclusionTotal] = []
    categories = np.asarray(spans.category, dtype=object)
    found = {spans.category[i] for i in np.flatnonzero(rows)}
    for category in sorted(found, key=lambda c: (c != NOT_GUARANTEED, c)):
        mine = rows & (categories == category)
        own = Intervals.of(start[mine], end[mine]) - taken
        taken = taken | own
        description = next(
            (e.description or "" for e in availability.exclusions if e.category.value == category),
            "",
        )
        totals.append(
            ExclusionTotal(category, effect, own.total(), availability.clause.id, description)
        )
    return totals


def _trace(
    spans: Spans, start: I64, end: I64, inside: Mask, used: Mask, effects: NDArray[np.object_]
) -> tuple[TraceEntry, ...]:
    order = np.lexsort((end, start))
    return tuple(
        TraceEntry(
            int(start[i]),
            int(end[i]),
            spans.category[i],
            str(effects[i]) if used[i] else NOT_ELIGIBLE,
            spans.reason[i],
            spans.clause[i],
            spans.source[i],
        )
        for i in order
        if inside[i]
    )


def _formula_text(availability: Availability) -> str:
    if availability.formula is not None:
        return availability.formula.expression
    return "(period - downtime) / period"


def _as_written(
    availability: Availability, reference: int, seconds: dict[ExclusionEffect, int]
) -> Decimal | None:
    """The contract's formula evaluated literally, in hours (its « 365 * 24 » is hours)."""
    formula = availability.formula
    if formula is None:
        return None
    hour = Decimal(3600)
    values = {
        "period": Decimal(reference) / hour,
        "year": Decimal(reference) / hour,
        "month": Decimal(reference) / hour,
        "downtime": Decimal(seconds[ExclusionEffect.COUNTED]) / hour,
        "maintenance": Decimal(seconds[ExclusionEffect.REMOVED]) / hour,
        "excluded": Decimal(seconds[ExclusionEffect.EXCUSED]) / hour,
    }
    try:
        return formula.evaluate(values)
    except (KeyError, ZeroDivisionError):
        return None


# ------------------------------------------------------------- many at once (hot path)
def availability_grid(reference: I64, removed: I64, down: I64) -> tuple[I64, I64]:
    """Numerators and denominators (percent = 100 * num / den) for arrays of periods,
    e.g. shape (services, months); exact, in integers."""
    denominator = np.asarray(reference, dtype=np.int64) - removed
    numerator = denominator - down
    safe = np.where(denominator > 0, denominator, 1)
    return np.where(denominator > 0, numerator, 0), safe


def target_met(numerator: I64, denominator: I64, target: Decimal | Blank | None) -> Mask | None:
    """Whether ``100 * num / den >= target``, exactly, for whole arrays."""
    if not isinstance(target, Decimal):
        return None
    exact = Fraction(target)
    result: Mask = numerator * 100 * exact.denominator >= denominator * exact.numerator
    return result


def to_decimal(value: Fraction, places: int = 28) -> Decimal:
    """A Fraction as a Decimal with ``places`` significant digits (exact when it ends)."""
    with localcontext() as context:
        context.prec = places
        return Decimal(value.numerator) / Decimal(value.denominator)
