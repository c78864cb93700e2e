"""Rules on credit tiers: gaps, overlaps, formula tiers, and minute equivalents that do
not match their percentages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.credits import CreditSchedule, CreditTier, NoCredit
from slaledger.domain.contract.ranges import Bound, Range, RangeKind
from slaledger.domain.contract.values import Blank, plain_number
from slaledger.domain.lint.coverage import describe, gaps, on_grid, overlaps
from slaledger.domain.lint.finding import Draft
from slaledger.domain.message import Items, Message, Number, Param, Percent, msg

HUNDRED = Decimal(100)
MONTH_DAYS = (28, 29, 30, 31)


def _domain(contract: Contract, schedule: CreditSchedule) -> Range:
    """Availability values that need a tier: 0-100 %, below the target if there is one."""
    target = next(
        (a.target for a in contract.availability if a.clause.id == schedule.availability),
        None,
    )
    if isinstance(target, Decimal):
        return Range(Bound(Decimal(0), True), Bound(target, False), RangeKind.PERCENT)
    return Range(Bound(Decimal(0), True), Bound(HUNDRED, True), RangeKind.PERCENT)


def _step(schedule: CreditSchedule) -> Decimal | None:
    rounding = schedule.availability_rounding
    return rounding.step if rounding else None


def tier_gaps(contract: Contract) -> Iterator[Draft]:
    for schedule in contract.credits:
        domain = _domain(contract, schedule)
        step = _step(schedule)
        ranges = [t.availability for t in schedule.tiers]
        for gap in gaps(ranges, domain):
            grid = on_grid(gap, step)
            if grid is None:
                continue
            cover = Items(tuple(describe(r) for r in ranges), "semicolon")
            yield Draft(
                schedule.clause,
                msg(
                    "lint.tier-gap-rounded",
                    gap=describe(gap),
                    grid=describe(grid),
                    step=Number(step),
                    tiers=cover,
                    domain=describe(domain),
                )
                if step
                else msg("lint.tier-gap", gap=describe(gap), tiers=cover, domain=describe(domain)),
                _nearest_tier(schedule, gap),
            )


def _nearest_tier(schedule: CreditSchedule, gap: Range) -> str:
    """The tier just above the gap (else the highest below it): where a reader looks."""
    edge = gap.upper.value if gap.upper else None
    above = [
        t
        for t in schedule.tiers
        if t.availability.lower and edge is not None and t.availability.lower.value >= edge
    ]
    if above:
        return min(above, key=lambda t: _low(t)).where
    below = [t for t in schedule.tiers if t.availability.upper]
    if below:
        return max(below, key=lambda t: _high(t)).where
    return schedule.clause.where


def _low(tier: CreditTier) -> Decimal:
    return tier.availability.lower.value if tier.availability.lower else Decimal(0)


def _high(tier: CreditTier) -> Decimal:
    return tier.availability.upper.value if tier.availability.upper else HUNDRED


def tier_overlaps(contract: Contract) -> Iterator[Draft]:
    for schedule in contract.credits:
        tiers = schedule.tiers
        for overlap in overlaps([t.availability for t in tiers], _step(schedule)):
            a, b = tiers[overlap.first], tiers[overlap.second]
            yield Draft(
                schedule.clause,
                msg(
                    "lint.tier-overlap",
                    common=describe(overlap.common),
                    first=describe(a.availability),
                    first_credit=_credit(a),
                    second=describe(b.availability),
                    second_credit=_credit(b),
                ),
                b.where,
            )


def _credit(tier: CreditTier) -> Message:
    if tier.formula is not None:
        return msg("lint.credit-formula", formula=str(tier.formula))
    if isinstance(tier.amount, Blank) or tier.amount is None:
        return msg("lint.credit-blank")
    if isinstance(tier.amount, NoCredit):
        return msg("lint.credit-none")
    return msg("lint.credit-amount", amount=Number(Decimal(plain_number(tier.amount))))


def formula_tiers(contract: Contract) -> Iterator[Draft]:
    for schedule in contract.credits:
        for tier in schedule.tiers:
            if tier.formula is None:
                continue
            ends = [b.value for b in (tier.availability.lower, tier.availability.upper) if b]
            values: list[Param] = []
            for end in ends:
                try:
                    result = tier.formula.evaluate({"availability": end})
                except (KeyError, ZeroDivisionError):
                    continue
                values.append(
                    msg(
                        "lint.formula-value",
                        result=Number(Decimal(plain_number(result))),
                        end=Percent(Decimal(plain_number(end))),
                    )
                )
            tier_range, formula = describe(tier.availability), str(tier.formula)
            yield Draft(
                schedule.clause,
                msg(
                    "lint.formula-tier-values",
                    range=tier_range,
                    formula=formula,
                    values=Items(tuple(values), "comma"),
                )
                if values
                else msg("lint.formula-tier", range=tier_range, formula=formula),
                tier.where,
            )


_MINUTES = re.compile(
    r"^(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>min|mins|minutes?|h|hours?|s|sec|seconds?)$"
)
_PER_MINUTE: dict[str, Decimal] = {"min": Decimal(1), "h": Decimal(60), "s": Decimal(1) / 60}
#: the availability bound each downtime bound mirrors
_MIRROR = {"at_most": "lower", "below": "lower", "above": "upper", "at_least": "upper"}


def read_minutes(text: str) -> Decimal | None:
    """'21 600 min' -> 21600; None when the text is not one well-formed figure."""
    match = _MINUTES.match(text.strip())
    if not match:
        return None
    digits = re.sub(r"[ \u00a0\u202f]", "", match["number"]).replace(",", ".")
    unit = match["unit"][0] if match["unit"][0] in "hs" else "min"
    return Decimal(digits) * _PER_MINUTE[unit]


def threshold_mismatches(contract: Contract) -> Iterator[Draft]:
    for schedule in contract.credits:
        for tier in schedule.tiers:
            problems = [p for s in tier.stated_downtime if (p := _check(tier, s.bound, s.text))]
            if problems:
                yield Draft(
                    schedule.clause,
                    problems[0]
                    if len(problems) == 1
                    else msg("lint.several", items=Items(tuple(problems), "semicolon")),
                    tier.where,
                )


def _check(tier: CreditTier, bound: str, text: str) -> Message | None:
    side = tier.availability.lower if _MIRROR.get(bound) == "lower" else tier.availability.upper
    if side is None:
        return None
    percent = side.value
    expected = {days: (HUNDRED - percent) / HUNDRED * days * 1440 for days in MONTH_DAYS}
    minutes = read_minutes(text)
    if minutes is None:
        low, high = min(expected.values()), max(expected.values())
        return msg(
            "lint.minutes-malformed",
            text=text,
            percent=Percent(Decimal(plain_number(percent))),
            share=Percent(Decimal(plain_number(HUNDRED - percent))),
            low=_fig(low),
            high=_fig(high),
        )
    agree = [d for d, m in expected.items() if abs(m - minutes) <= Decimal("0.5")]
    if len(agree) == len(MONTH_DAYS):
        return None
    table = Items(
        tuple(msg("lint.minutes-for-days", minutes=_fig(m), days=d) for d, m in expected.items()),
        "comma",
    )
    which = (
        msg("lint.agree-only", days=Items(tuple(agree), "or")) if agree else msg("lint.agree-never")
    )
    return msg(
        "lint.minutes-mismatch",
        text=text,
        percent=Percent(Decimal(plain_number(percent))),
        share=Percent(Decimal(plain_number(HUNDRED - percent))),
        table=table,
        which=which,
    )


def _fig(value: Decimal) -> Number:
    return Number(Decimal(plain_number(value.quantize(Decimal("0.1")).normalize())))
