"""KPI headroom and the money a clock puts at stake."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from slaledger.domain.budget import BudgetLine
from slaledger.domain.clock_budget import MeanHeadroom, reached_money, stake


def test_the_mean_s_headroom_counts_the_open_incidents_at_their_time_so_far() -> None:
    """Three P1 restored in 1 h, 3 h and 2 h (6 h), one open for 1 h; limit 2 h:
    (3 + 1) * 2 h - (6 h + 1 h) = 1 h left; the next incident may take 3 h."""
    found = MeanHeadroom(counted=3, open=1, total_seconds=6 * 3600, open_seconds=3600,
                         limit_seconds=7200)  # fmt: skip
    assert found.remaining_seconds == 3600
    assert found.next_incident_seconds == 3 * 3600
    assert not found.missed
    over = MeanHeadroom(counted=2, open=0, total_seconds=5 * 3600, open_seconds=0,
                        limit_seconds=7200)  # fmt: skip
    assert over.remaining_seconds == -3600
    assert over.missed


def _tier(allowed: int, money: str | None) -> BudgetLine:
    return BudgetLine("tier", "credits", "t", allowed, 0, Fraction(0), tier=0,
                      money=None if money is None else Decimal(money))  # fmt: skip


LINES = [
    BudgetLine("target", "availability", "99.5 %", 100, 0, Fraction(0)),
    _tier(200, "100"),
    _tier(1000, "500"),
]


def test_the_worst_tier_reached_gives_the_money() -> None:
    assert reached_money(LINES, 150) == (None, Decimal(0))  # the target is not a tier
    assert reached_money(LINES, 201)[1] == Decimal(100)
    assert reached_money(LINES, 1001)[1] == Decimal(500)


def test_the_stake_is_the_credit_then_less_the_credit_now() -> None:
    assert stake(LINES, consumed=150, extra=100).money == Decimal(100)
    assert stake(LINES, consumed=300, extra=800).money == Decimal(400)
    assert stake(LINES, consumed=300, extra=100).money == Decimal(0)
    assert stake(LINES, consumed=150, extra=-5).money == Decimal(0)
