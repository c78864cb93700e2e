"""The burn service's pure parts: which budget line burns, and the spans a recorded
episode start may lie in."""

from __future__ import annotations

from fractions import Fraction

from slaledger.domain.budget import BudgetLine
from slaledger.domain.burn import PAGE, Episode
from slaledger.services.burn_alerts import budget_line, episode_spans


def test_each_episode_spans_from_the_end_of_the_one_before() -> None:
    episodes = [Episode(PAGE, 100, 200), Episode(PAGE, 500, None)]
    assert episode_spans(episodes, start=0, now=900) == [
        (episodes[0], 0, 200),
        (episodes[1], 200, 900),
    ]


def test_the_line_burnt_is_the_target_else_the_allowance_else_a_tier() -> None:
    class Found:
        def __init__(self, lines: tuple[BudgetLine, ...]) -> None:
            self.lines = lines

    tier = BudgetLine("tier", "c", "t", 50, 0, Fraction(0), tier=0)
    allowance = BudgetLine("allowance", "a", "n", 30, 0, Fraction(0))
    target = BudgetLine("target", "a", "99 %", 40, 0, Fraction(0))
    assert budget_line(Found((tier, allowance, target))) is target  # type: ignore[arg-type]
    assert budget_line(Found((tier, allowance))) is allowance  # type: ignore[arg-type]
    assert budget_line(Found((tier,))) is tier  # type: ignore[arg-type]
    assert budget_line(Found(())) is None  # type: ignore[arg-type]
