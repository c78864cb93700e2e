"""Error budgets in the contract's own terms: how much counted downtime a period allows
before its target is missed, before each credit tier is reached, and how much of it is
spent at an instant.

Every availability definition of the contracts measures time (outage records, probe
samples, and request counts judged per interval: an interval whose error rate is above the
threshold is interrupted time), so a budget is in seconds of counted downtime, after the
exclusions. With ``denominator`` the period's reference less its removed time::

    target line   allowed = floor(denominator * (100 - target) / 100)
                  (the most downtime for which 100 * (den - d) / den >= target, exactly)
    allowance     allowed = the clause's "no more than N minutes"
    tier line     allowed = the most downtime whose rated figure (rounded as the credit
                  schedule rounds it) does not yet fall under the tier's upper bound
    remaining     = max(0, allowed - consumed); over = max(0, consumed - allowed)
    even spend    = allowed * elapsed / period   (the line a steady burn would follow)

A tier the figure is in at zero downtime (the top tier, "99.5 % to 100 %: 0 %") has no
line: there is no budget before it. Tier lines are in the order they are reached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from slaledger.domain.contract.credits import CreditSchedule, CreditTier, NoCredit, Rounding
from slaledger.domain.credits import Outcome, credit_for, round_percent

TARGET = "target"
ALLOWANCE = "allowance"
TIER = "tier"


@dataclass(frozen=True)
class Usage:
    """The figures of one period so far: the denominator (reference less removed time),
    the counted downtime, and how far into the period the instant is."""

    denominator_seconds: int
    consumed_seconds: int
    elapsed_seconds: int
    period_seconds: int

    def __post_init__(self) -> None:
        if self.denominator_seconds < 0 or self.consumed_seconds < 0:
            raise ValueError("a budget's seconds are never negative")
        if not 0 <= self.elapsed_seconds <= self.period_seconds:
            raise ValueError("the elapsed time lies within the period")


class Spent:
    """What follows from downtime allowed and spent: left, over, exceeded (shared by a
    budget line and the stored cell that shows it)."""

    allowed_seconds: int
    consumed_seconds: int

    @property
    def remaining_seconds(self) -> int:
        return max(0, self.allowed_seconds - self.consumed_seconds)

    @property
    def over_seconds(self) -> int:
        return max(0, self.consumed_seconds - self.allowed_seconds)

    @property
    def exceeded(self) -> bool:
        """Missed (target, allowance) or reached (tier): more spent than allowed."""
        return self.consumed_seconds > self.allowed_seconds


@dataclass(frozen=True)
class BudgetLine(Spent):
    """One line of the budget: downtime allowed before ``kind`` is missed or reached,
    spent, left; for a tier, what it credits (percent or days, and money with a fee)."""

    kind: str  # target, allowance, tier
    clause: str  # the availability clause (target, allowance) or the credit schedule (tier)
    label: str  # "99.95 %", "no more than 43 min", the tier's range
    allowed_seconds: int
    consumed_seconds: int
    even_spend_seconds: Fraction
    tier: int | None = None
    credit_percent: Decimal | None = None
    credit_days: Decimal | None = None
    money: Decimal | None = None

    @property
    def ahead_of_even_spend(self) -> bool:
        """Spent faster than a steady burn would have by now."""
        return self.consumed_seconds > self.even_spend_seconds


def even_spend(allowed: int, usage: Usage) -> Fraction:
    if usage.period_seconds == 0:
        return Fraction(allowed)
    return Fraction(allowed * usage.elapsed_seconds, usage.period_seconds)


def target_allowed(denominator: int, target: Decimal) -> int:
    """The most whole seconds of downtime for which the figure still meets ``target``."""
    if denominator <= 0:
        return 0
    share = (100 - Fraction(target)) / 100
    return max(0, min(denominator, int(denominator * share)))


def target_line(clause: str, target: Decimal, usage: Usage) -> BudgetLine:
    allowed = target_allowed(usage.denominator_seconds, target)
    return BudgetLine(
        TARGET, clause, f"{target} %", allowed, usage.consumed_seconds, even_spend(allowed, usage)
    )


def allowance_line(clause: str, allowance_seconds: int, usage: Usage) -> BudgetLine:
    label = f"no more than {Fraction(allowance_seconds, 60)} min"
    return BudgetLine(
        ALLOWANCE,
        clause,
        label,
        allowance_seconds,
        usage.consumed_seconds,
        even_spend(allowance_seconds, usage),
    )


def rated(denominator: int, down: int, rounding: Rounding | None) -> Fraction:
    """The figure the credit schedule compares with its tiers, for ``down`` seconds."""
    exact = Fraction(100 * (denominator - down), denominator) if denominator > 0 else Fraction(0)
    if rounding is None:
        return exact
    return Fraction(round_percent(exact, rounding))


def _reached(tier: CreditTier, value: Fraction) -> bool:
    """Whether ``value`` is at or below the tier's upper bound (the tier or worse)."""
    upper = tier.availability.upper
    if upper is None:
        return True
    bound = Fraction(upper.value)
    return value <= bound if upper.inclusive else value < bound


def _tier_reached(tier: CreditTier, den: int, rounding: Rounding | None) -> Callable[[int], bool]:
    def reached(down: int) -> bool:
        return _reached(tier, rated(den, down, rounding))

    return reached


def last_before(denominator: int, reached: Callable[[int], bool]) -> int | None:
    """The most downtime in ``[0, denominator]`` for which ``reached`` is still false
    (``reached`` grows with downtime); None when it is true from the first second."""
    if reached(0):
        return None
    if not reached(denominator):
        return denominator
    low, high = 0, denominator  # reached(low) false, reached(high) true
    while high - low > 1:
        middle = (low + high) // 2
        if reached(middle):
            high = middle
        else:
            low = middle
    return low


def tier_lines(
    schedule: CreditSchedule, usage: Usage, *, fee: Decimal | None = None
) -> list[BudgetLine]:
    """A line per tier the figure can fall into, in the order downtime reaches them, with
    what the tier credits at its boundary (percent or days; money when ``fee`` is known)."""
    den = usage.denominator_seconds
    lines = []
    for index, tier in enumerate(schedule.tiers):
        if isinstance(tier.amount, NoCredit):
            continue
        allowed = last_before(den, _tier_reached(tier, den, schedule.availability_rounding))
        if allowed is None:
            continue
        at_boundary = Fraction(100 * (den - min(den, allowed + 1)), den) if den else Fraction(0)
        credit = credit_for(schedule, at_boundary, fee=fee)
        lines.append(
            BudgetLine(
                TIER,
                schedule.clause.id,
                str(tier.availability),
                allowed,
                usage.consumed_seconds,
                even_spend(allowed, usage),
                tier=index,
                credit_percent=credit.percent if credit.outcome is Outcome.TIER else None,
                credit_days=credit.days if credit.outcome is Outcome.TIER else None,
                money=credit.amount if credit.outcome is Outcome.TIER else None,
            )
        )
    lines.sort(key=lambda line: (line.allowed_seconds, line.tier or 0))
    return lines


def budget_lines(
    *,
    clause: str,
    target: Decimal | None,
    allowance_seconds: int | None,
    usage: Usage,
    schedule: CreditSchedule | None = None,
    credit_usage: Usage | None = None,
    fee: Decimal | None = None,
) -> tuple[BudgetLine, ...]:
    """The budget of one availability clause and period: its target, its allowance, then
    its credit tiers (judged on ``credit_usage`` when the credits count other downtime,
    e.g. only outages the customer reported)."""
    lines: list[BudgetLine] = []
    if target is not None:
        lines.append(target_line(clause, target, usage))
    if allowance_seconds is not None:
        lines.append(allowance_line(clause, allowance_seconds, usage))
    if schedule is not None:
        lines.extend(tier_lines(schedule, credit_usage or usage, fee=fee))
    return tuple(lines)
