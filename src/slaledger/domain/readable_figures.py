"""An availability figure rounded for people, without ever flipping its verdict.

Texts, pages and statements show a figure to the precision its target is written to
plus one digit (a 99.95 % target: three decimals, "99.888 %"; no target: the contract's
shown rounding plus one, three decimals by default). The exact figure is a ``Fraction``;
it is rounded to the nearest step (half up: 99.88799 % reads 99.888 %) unless that
would cross its target, in which case it goes towards the verdict's side, so that
reading the shown figure against the target always gives the exact verdict:

- a figure that misses is never shown at or above its target: when the nearest step
  reaches the target (99.9497 % against 99.95 %), it is rounded down (99.949 %);
- a figure that meets is never shown below its target: when the nearest step falls
  below it (only possible with a step coarser than the target's, a caller's
  ``decimals``), it is rounded up.

When the shown figure equals its target but the exact one does not (99.9504 % shown as
99.950 % against 99.95 %), or was turned from the nearest step, ``exact_shown`` gives
the exact figure truncated to the first digit where it parts from the target, which the
surfaces print beside the figure with
the verdict: "99.950 % (99.9504 % exact) — target met", "99.949 % (99.9497 % exact) —
target missed".

JSON and the API keep the exact decimal and the fraction; nothing here changes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

#: digits beyond the target's own (the precision the contract uses plus one)
EXTRA_DIGITS = 1
#: the most decimals an exact figure is shown with
MAX_DECIMALS = 26


def decimals_of(value: Decimal) -> int:
    """How many decimals a target is written with (99.95 -> 2, 99 -> 0, 99.90 -> 2)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def readable_decimals(target: Decimal | None, fallback: int = 2) -> int:
    """The decimals a figure is shown with: the target's plus one; without a target, the
    contract's own shown rounding (``fallback``) plus one."""
    base = fallback if target is None else decimals_of(target)
    return base + EXTRA_DIGITS


def floor_to(value: Fraction, decimals: int) -> Decimal:
    scale = 10**decimals
    scaled = value * scale
    whole = scaled.numerator // scaled.denominator
    return (Decimal(whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-decimals))


def nearest_to(value: Fraction, decimals: int) -> Decimal:
    """Half up (away from zero for the positive figures availability has)."""
    scale = 10**decimals
    scaled = value * scale + Fraction(1, 2)
    whole = scaled.numerator // scaled.denominator
    return (Decimal(whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-decimals))


def ceil_to(value: Fraction, decimals: int) -> Decimal:
    scale = 10**decimals
    scaled = value * scale
    whole = -((-scaled.numerator) // scaled.denominator)
    return (Decimal(whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-decimals))


@dataclass(frozen=True)
class ReadableFigure:
    """A figure (percent) as people read it, with what it was rounded from."""

    exact: Fraction
    shown: Decimal
    decimals: int
    target: Decimal | None

    @property
    def met(self) -> bool | None:
        """The exact verdict (None without a target)."""
        return None if self.target is None else self.exact >= Fraction(self.target)

    @property
    def looks_equal(self) -> bool:
        """The shown figure equals the target while the exact one does not."""
        return (
            self.target is not None
            and self.shown == self.target
            and self.exact != Fraction(self.target)
        )

    @property
    def turned(self) -> bool:
        """Rounded away from the nearest step so as not to cross the target (99.9497 %
        shown 99.949 %, not 99.950 %, against 99.95 %)."""
        return self.shown != nearest_to(self.exact, self.decimals)

    @property
    def exact_shown(self) -> Decimal | None:
        """The exact figure truncated to the first decimal where it parts from the target
        (at least one digit more than ``shown``), when the figure ``looks_equal`` to its
        target or was ``turned``; None otherwise (the figure needs no note)."""
        if not (self.looks_equal or self.turned) or self.target is None:
            return None
        target = Fraction(self.target)
        for places in range(self.decimals + 1, MAX_DECIMALS + 1):
            truncated = floor_to(self.exact, places)
            if Fraction(truncated) != target:
                return truncated
        return floor_to(self.exact, MAX_DECIMALS)


def readable(
    exact: Fraction, target: Decimal | None, *, decimals: int | None = None, fallback: int = 2
) -> ReadableFigure:
    """``exact`` (percent) rounded for people against ``target`` (see module docs);
    ``decimals`` forces the precision, else ``readable_decimals(target, fallback)``."""
    places = readable_decimals(target, fallback) if decimals is None else decimals
    shown = nearest_to(exact, places)
    if target is not None:
        goal = Fraction(target)
        if exact >= goal and Fraction(shown) < goal:
            shown = ceil_to(exact, places)
        elif exact < goal and Fraction(shown) >= goal:
            shown = floor_to(exact, places)
    return ReadableFigure(exact=exact, shown=shown, decimals=places, target=target)
