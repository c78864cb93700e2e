"""Volume variation: PREVISOFT's new offer when volumes reach 120 % for over two months.

Volumes are observed by month. A month falls in the bracket of the file that contains
its volume as a percentage of the contracted volume. Where brackets overlap (003 at
exactly 120 %: « n'excèdent pas 120 % » and « égal ou supérieur à 120 % » both hold),
the bracket with an effect wins over ``no-change``: 120 % calls for a new offer.
A run of consecutive months in a bracket whose effect is not ``no-change`` calls for
that effect once it lasts longer than the clause's observation period: "more than two
months" is reached in the third month of the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from slaledger.domain.commercial.money import HUNDRED
from slaledger.domain.contract.commercial import Bracket, VolumeVariation
from slaledger.domain.contract.values import TimeUnit
from slaledger.domain.periods import Month

NO_CHANGE = "no-change"


@dataclass(frozen=True)
class VolumeFinding:
    clause_id: str
    effect: str
    bracket: Bracket
    first_month: Month
    reached_in: Month
    months: int
    peak_percent: Decimal


def _months(variation: VolumeVariation) -> int:
    period = variation.observed_longer_than
    if period is None:
        return 0
    if period.unit is TimeUnit.MONTH:
        return int(period.amount)
    if period.unit is TimeUnit.YEAR:
        return int(period.amount) * 12
    raise ValueError(f"clause {variation.clause.id}: an observation period in months")


def volume_findings(
    variation: VolumeVariation,
    *,
    contracted: Decimal,
    observed: Sequence[tuple[Month, Decimal]],
) -> list[VolumeFinding]:
    """Each run of months that calls for the effect of its bracket."""
    if contracted <= 0:
        raise ValueError("a contracted volume above zero")
    longer_than = _months(variation)
    findings: list[VolumeFinding] = []
    run: list[tuple[Month, Decimal]] = []
    run_bracket: Bracket | None = None
    for month, volume in sorted(observed, key=lambda item: item[0]):
        percent = volume / contracted * HUNDRED
        bracket = _bracket(variation, percent)
        contiguous = bool(run) and run[-1][0].shift(1) == month
        if bracket != run_bracket or not contiguous:
            run, run_bracket = [], bracket
        run.append((month, percent))
        if (
            bracket is not None
            and bracket.effect not in (None, NO_CHANGE)
            and len(run) == longer_than + 1
        ):
            findings.append(
                VolumeFinding(
                    variation.clause.id,
                    bracket.effect or "",
                    bracket,
                    run[0][0],
                    month,
                    len(run),
                    max(p for _, p in run),
                )
            )
    return findings


def _bracket(variation: VolumeVariation, percent: Decimal) -> Bracket | None:
    matching = [b for b in variation.brackets if b.range.contains(percent)]
    acting = [b for b in matching if b.effect not in (None, NO_CHANGE)]
    chosen = acting or matching
    return chosen[0] if chosen else None
