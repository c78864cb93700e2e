"""KPI and clock budgets (docs/budgets.md, "KPI and clock budgets").

A mean KPI ("mean restore time of P1 incidents over 12 rolling months at most 2 h")
has a budget of restore time: with ``n`` incidents counted in the window, ``T`` their
total, and ``k`` incidents still open whose clocks have run ``E`` so far (they will
count, with at least that much, once they stop), the mean stays within the limit ``L``
as long as the total does not pass ``(n + k) * L``::

    remaining        = (n + k) * L - (T + E)     (negative: the KPI is missed already)
    next incident    = (n + k + 1) * L - (T + E) (the longest one more incident may take)

An open incident's clock puts money at stake when the service stays down until its
deadline: the downtime that adds to the period (in the availability clause's counted
time) may reach credit tiers; the money at stake is the credit then owed less the credit
owed already, from the budget's tier lines (``budget.tier_lines``: the money each tier
credits at its boundary).

Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from slaledger.domain.budget import TIER, BudgetLine


@dataclass(frozen=True)
class MeanHeadroom:
    counted: int  # incidents stopped in the window
    open: int  # incidents whose clock still runs
    total_seconds: int
    open_seconds: int
    limit_seconds: int

    @property
    def remaining_seconds(self) -> int:
        return (self.counted + self.open) * self.limit_seconds - (
            self.total_seconds + self.open_seconds
        )

    @property
    def next_incident_seconds(self) -> int:
        return self.remaining_seconds + self.limit_seconds

    @property
    def missed(self) -> bool:
        return self.remaining_seconds < 0


def reached_money(lines: Sequence[BudgetLine], down: int) -> tuple[BudgetLine | None, Decimal]:
    """The worst tier ``down`` seconds of downtime reach, and what it credits (0 with no
    tier reached, or no money known)."""
    reached = [line for line in lines if line.kind == TIER and down > line.allowed_seconds]
    if not reached:
        return None, Decimal(0)
    worst = max(reached, key=lambda line: line.allowed_seconds)
    return worst, worst.money if worst.money is not None else Decimal(0)


@dataclass(frozen=True)
class Stake:
    tier_now: BudgetLine | None
    tier_then: BudgetLine | None
    money: Decimal  # the credit then owed less the credit owed now


def stake(lines: Sequence[BudgetLine], consumed: int, extra: int) -> Stake:
    """What ``extra`` seconds more downtime, on top of ``consumed``, put at stake."""
    now_line, now_money = reached_money(lines, consumed)
    then_line, then_money = reached_money(lines, consumed + max(0, extra))
    return Stake(now_line, then_line, max(Decimal(0), then_money - now_money))
