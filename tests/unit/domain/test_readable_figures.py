"""Availability rounded for people: the precision its target uses plus one digit, and
never across the target (the shown figure read against the target gives the exact
verdict)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaledger.domain.readable_figures import decimals_of, readable, readable_decimals


@pytest.mark.parametrize(
    ("target", "fallback", "decimals"),
    [
        (Decimal("99.95"), 2, 3),  # two decimals written: three shown
        (Decimal("99.9"), 2, 2),
        (Decimal("99"), 2, 1),
        (Decimal("99.90"), 2, 3),  # the target as written, trailing zero included
        (None, 2, 3),  # no target: the contract's shown rounding plus one
        (None, 4, 5),
    ],
)
def test_a_figure_is_shown_to_its_targets_precision_plus_one_digit(
    target: Decimal | None, fallback: int, decimals: int
) -> None:
    assert readable_decimals(target, fallback) == decimals


def test_decimals_of_a_whole_target_are_none() -> None:
    assert decimals_of(Decimal("100")) == 0


def test_a_figure_far_from_its_target_is_rounded_to_the_nearest_step() -> None:
    figure = readable(Fraction("99.88799283154121863799283154"), Decimal("99.95"))
    assert figure.shown == Decimal("99.888")
    assert figure.exact_shown is None  # nothing to say beside it


def test_a_missing_figure_the_nearest_step_would_show_at_its_target_is_rounded_down() -> None:
    figure = readable(Fraction("99.9497"), Decimal("99.95"))
    assert figure.shown == Decimal("99.949")
    assert figure.met is False
    assert figure.turned
    assert figure.exact_shown == Decimal("99.9497")


def test_a_meeting_figure_that_looks_equal_to_its_target_gives_its_exact_digits() -> None:
    figure = readable(Fraction("99.95004"), Decimal("99.95"))
    assert figure.shown == Decimal("99.950")
    assert figure.looks_equal
    # 99.9500 still reads as the target: the first digit that parts from it is the fifth
    assert figure.exact_shown == Decimal("99.95004")


def test_a_figure_exactly_at_its_target_needs_no_note() -> None:
    figure = readable(Fraction("99.95"), Decimal("99.95"))
    assert figure.shown == Decimal("99.950")
    assert not figure.looks_equal
    assert figure.exact_shown is None


def test_a_coarse_step_rounds_a_meeting_figure_up_rather_than_below_its_target() -> None:
    figure = readable(Fraction("99.951"), Decimal("99.951"), decimals=1)
    assert figure.shown == Decimal("100.0")


targets = st.decimals(min_value=Decimal("50"), max_value=Decimal("100"), places=3).map(
    lambda d: d.normalize() if d == d.to_integral_value() else d
)
figures = st.fractions(min_value=Fraction(0), max_value=Fraction(100), max_denominator=10**9)


@given(exact=figures, target=targets, decimals=st.none() | st.integers(0, 6))
def test_the_shown_figure_read_against_its_target_gives_the_exact_verdict(
    exact: Fraction, target: Decimal, decimals: int | None
) -> None:
    figure = readable(exact, target, decimals=decimals)
    assert (Fraction(figure.shown) >= Fraction(target)) == (exact >= Fraction(target))


@given(exact=figures, target=targets)
def test_the_shown_figure_is_within_one_step_of_the_exact_one(
    exact: Fraction, target: Decimal
) -> None:
    figure = readable(exact, target)
    step = Fraction(1, 10**figure.decimals)
    assert abs(Fraction(figure.shown) - exact) < step
    if figure.exact_shown is not None:
        # the note's digits part from the target on the verdict's side
        assert (Fraction(figure.exact_shown) >= Fraction(target)) == (exact >= Fraction(target))
        assert Fraction(figure.exact_shown) != Fraction(target)
