"""Rules on brackets other than credit tiers: values in no bracket, values in two.

Brackets are the ages of an equipment-age surcharge, the volumes of a volume-variation
clause, the days of the year of a licence-period rule, and the unavailability that
sorts maintenance of one type into kinds (high or low impact).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.maintenance import Maintenance
from slaledger.domain.contract.ranges import Bound, Range, RangeKind
from slaledger.domain.contract.values import Blank, plain_number
from slaledger.domain.lint.coverage import describe, gaps, overlaps
from slaledger.domain.lint.finding import Draft


@dataclass(frozen=True)
class BracketSet:
    clause: ClauseInfo
    subject: str
    ranges: tuple[Range, ...]
    outcomes: tuple[str, ...]
    wheres: tuple[str, ...]
    domain: Range
    step: Decimal | None = None


def _from_zero(kind: RangeKind) -> Range:
    return Range(Bound(Decimal(0), True), None, kind)


def bracket_sets(contract: Contract) -> list[BracketSet]:
    sets: list[BracketSet] = []
    commercial = contract.commercial
    for surcharge in commercial.surcharges:
        b = surcharge.brackets
        sets.append(
            BracketSet(
                surcharge.clause,
                f"{surcharge.basis} of",
                tuple(x.range for x in b),
                tuple(
                    "blank" if isinstance(x.percent, Blank) else f"+{_num(x.percent)} %" for x in b
                ),
                tuple(x.where for x in b),
                _from_zero(surcharge.kind),
            )
        )
    for volume in commercial.volume_variation:
        b = volume.brackets
        sets.append(
            BracketSet(
                volume.clause,
                "a volume of",
                tuple(x.range for x in b),
                tuple(x.effect or "?" for x in b),
                tuple(x.where for x in b),
                _from_zero(RangeKind.PERCENT),
            )
        )
    for licence in commercial.licence_periods:
        lb = licence.brackets
        sets.append(
            BracketSet(
                licence.clause,
                "a subscription on",
                tuple(x.subscribed for x in lb),
                tuple(
                    f"ends {x.ends} of year N{f'+{x.years_after}' if x.years_after else ''}"
                    for x in lb
                ),
                tuple(x.where for x in lb),
                Range(Bound(Decimal(1), True), Bound(Decimal(366), True), RangeKind.DAY_OF_YEAR),
                Decimal(1),
            )
        )
    sets += _maintenance_sets(contract.maintenance)
    return sets


def _maintenance_sets(kinds: Sequence[Maintenance]) -> list[BracketSet]:
    by_type: dict[str, list[Maintenance]] = defaultdict(list)
    for kind in kinds:
        if kind.impact is not None:
            by_type[kind.type.value].append(kind)
    return [
        BracketSet(
            group[0].clause,
            f"{type_} maintenance with an unavailability of",
            tuple(k.impact for k in group if k.impact),
            tuple(k.clause.id for k in group),
            tuple(k.clause.where for k in group),
            _from_zero(RangeKind.SECONDS),
        )
        for type_, group in by_type.items()
        if len(group) > 1
    ]


def _num(value: Decimal | None) -> str:
    return "?" if value is None else plain_number(value)


def _listing(s: BracketSet) -> str:
    return "; ".join(f"{describe(r)}: {o}" for r, o in zip(s.ranges, s.outcomes, strict=True))


def boundary_gaps(contract: Contract) -> Iterator[Draft]:
    for s in bracket_sets(contract):
        for gap in gaps(s.ranges, s.domain, s.step):
            yield Draft(
                s.clause,
                f"{s.subject} {describe(gap)} falls in no bracket ({_listing(s)})",
                _next_to(s, gap),
            )


def boundary_overlaps(contract: Contract) -> Iterator[Draft]:
    for s in bracket_sets(contract):
        for overlap in overlaps(s.ranges, s.step):
            first, second = s.outcomes[overlap.first], s.outcomes[overlap.second]
            yield Draft(
                s.clause,
                f"{s.subject} {describe(overlap.common)} is in two brackets: "
                f"{describe(s.ranges[overlap.first])} ({first}) and "
                f"{describe(s.ranges[overlap.second])} ({second})",
                s.wheres[overlap.second],
            )


def _next_to(s: BracketSet, gap: Range) -> str:
    """The bracket that starts right after the gap, else the last one before it."""
    edge = gap.upper.value if gap.upper else None
    after = [
        (r.lower.value, w)
        for r, w in zip(s.ranges, s.wheres, strict=True)
        if r.lower is not None and edge is not None and r.lower.value >= edge
    ]
    if after:
        return min(after, key=lambda pair: pair[0])[1]
    return s.wheres[-1] if s.wheres else s.clause.where
