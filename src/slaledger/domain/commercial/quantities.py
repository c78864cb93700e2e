"""Quantity limits: a count of things at most a share of another count.

IMRI 3.4: « les VPN nomades sont limités à 20% des postes sous contrat ». Counts are of
whole items, so the limit is the share rounded down to a whole item: 20 % of 12 seats is
2.4, which allows 2 nomad VPNs (a third would be 25 %). Counts arrive dated; the base in
force on a day is its latest count on or before that day (seats change rarely, VPNs are
counted more often).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from slaledger.domain.commercial.money import HUNDRED
from slaledger.domain.contract.commercial import QuantityLimit


@dataclass(frozen=True)
class QuantityCount:
    """How many of ``quantity`` there were on ``on`` (seats, nomad VPNs...)."""

    on: date
    quantity: str
    count: int
    source: str = ""


@dataclass(frozen=True)
class LimitCheck:
    """One day's count against a quantity limit: ``allowed`` is the most the base allows,
    ``over_by`` how many items are beyond it (0 when within the limit)."""

    clause_id: str
    article: str
    counted: str
    base: str
    on: date
    base_count: int
    count: int
    at_most_percent: Decimal
    allowed: int
    over_by: int

    @property
    def within(self) -> bool:
        return self.over_by == 0

    @property
    def percent(self) -> Decimal | None:
        """The count as a percentage of the base (None for a base of 0)."""
        return None if self.base_count == 0 else Decimal(self.count) * HUNDRED / self.base_count


class QuantityError(ValueError):
    """The counts cannot be checked against the limit (no base counted before a day)."""


def allowed_count(limit: QuantityLimit, base: int) -> int:
    """The most whole items ``base`` allows: the share, rounded down."""
    share = Decimal(base) * limit.at_most_percent / HUNDRED
    return int(share.to_integral_value(rounding=ROUND_FLOOR))


def check_limit(limit: QuantityLimit, *, base: int, count: int, on: date) -> LimitCheck:
    """``count`` items of ``limit.counted`` against ``base`` items of ``limit.base``."""
    if base < 0 or count < 0:
        raise QuantityError(f"counts of zero or more, found {base} {limit.base}, {count}")
    allowed = allowed_count(limit, base)
    return LimitCheck(
        clause_id=limit.clause.id,
        article=limit.clause.article,
        counted=limit.counted,
        base=limit.base,
        on=on,
        base_count=base,
        count=count,
        at_most_percent=limit.at_most_percent,
        allowed=allowed,
        over_by=max(0, count - allowed),
    )


def check_counts(limit: QuantityLimit, counts: Sequence[QuantityCount]) -> list[LimitCheck]:
    """Each day ``limit.counted`` was counted, against the base in force that day."""
    bases = sorted((c.on, c.count) for c in counts if c.quantity == limit.base)
    checks = []
    for item in sorted((c for c in counts if c.quantity == limit.counted), key=lambda c: c.on):
        known = [count for day, count in bases if day <= item.on]
        if not known:
            where = f"{item.source}: " if item.source else ""
            raise QuantityError(
                f"{where}a count of '{limit.base}' on or before {item.on} (the base of "
                f"'{limit.counted}' under {limit.clause.id}), found none"
            )
        checks.append(check_limit(limit, base=known[-1], count=item.count, on=item.on))
    return checks
