"""Rules on brackets other than credit tiers: values in no bracket, values in two.

Brackets are the ages of an equipment-age surcharge, the volumes of a volume-variation
clause, the days of the year of a licence-period rule, and the unavailability that
sorts maintenance of one type into kinds (high or low impact).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.maintenance import Maintenance
from slaledger.domain.contract.ranges import Bound, Range, RangeKind
from slaledger.domain.contract.values import Blank, MonthDay, plain_number
from slaledger.domain.lint.coverage import describe, gaps, overlaps
from slaledger.domain.lint.finding import Draft
from slaledger.domain.message import Day, Items, Message, Number, Param, msg


@dataclass(frozen=True)
class BracketSet:
    clause: ClauseInfo
    subject: Message
    ranges: tuple[Range, ...]
    outcomes: tuple[Param, ...]
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
                msg("lint.subject.equipment-age")
                if surcharge.basis == "equipment-age"
                else msg("lint.subject.basis", basis=surcharge.basis),
                tuple(x.range for x in b),
                tuple(
                    msg("lint.outcome.blank")
                    if isinstance(x.percent, Blank)
                    else msg("lint.outcome.surcharge", percent=_num(x.percent))
                    for x in b
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
                msg("lint.subject.volume"),
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
                msg("lint.subject.subscription"),
                tuple(x.subscribed for x in lb),
                tuple(
                    msg("lint.outcome.ends-after", ends=_day(x.ends), years=x.years_after)
                    if x.years_after
                    else msg("lint.outcome.ends", ends=_day(x.ends))
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
            msg("lint.subject.maintenance", type=MAINTENANCE_TYPES.get(type_, type_)),
            tuple(k.impact for k in group if k.impact),
            tuple(k.clause.id for k in group),
            tuple(k.clause.where for k in group),
            _from_zero(RangeKind.SECONDS),
        )
        for type_, group in by_type.items()
        if len(group) > 1
    ]


MAINTENANCE_TYPES: dict[str, Param] = {
    "urgent-security-update": msg("maintenance.type.urgent-security-update"),
    "preventive": msg("maintenance.type.preventive"),
    "evolutive": msg("maintenance.type.evolutive"),
    "corrective": msg("maintenance.type.corrective"),
    "exceptional": msg("maintenance.type.exceptional"),
    "recurring": msg("maintenance.type.recurring"),
}


def _day(value: MonthDay) -> Day:
    return Day(date(2024, value.month, value.day), pattern="d MMMM")


def _num(value: Decimal | None) -> Param:
    return "?" if value is None else Number(Decimal(plain_number(value)))


def _listing(s: BracketSet) -> Items:
    return Items(
        tuple(
            msg("lint.bracket", range=describe(r), outcome=o)
            for r, o in zip(s.ranges, s.outcomes, strict=True)
        ),
        "semicolon",
    )


def boundary_gaps(contract: Contract) -> Iterator[Draft]:
    for s in bracket_sets(contract):
        for gap in gaps(s.ranges, s.domain, s.step):
            yield Draft(
                s.clause,
                msg(
                    "lint.boundary-gap", subject=s.subject, gap=describe(gap), brackets=_listing(s)
                ),
                _next_to(s, gap),
            )


def boundary_overlaps(contract: Contract) -> Iterator[Draft]:
    for s in bracket_sets(contract):
        for overlap in overlaps(s.ranges, s.step):
            first, second = s.outcomes[overlap.first], s.outcomes[overlap.second]
            yield Draft(
                s.clause,
                msg(
                    "lint.boundary-overlap",
                    subject=s.subject,
                    common=describe(overlap.common),
                    first=describe(s.ranges[overlap.first]),
                    first_outcome=first,
                    second=describe(s.ranges[overlap.second]),
                    second_outcome=second,
                ),
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
