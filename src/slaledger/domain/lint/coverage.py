"""Which values a set of ranges leaves out, and which it covers twice.

Ranges become half-open intervals on an ordered line where each value ``v`` has two
positions, "at v" ``(v, 0)`` and "just after v" ``(v, 1)``: a range from v (included)
starts at ``(v, 0)``, above v at ``(v, 1)``; up to w (included) ends at ``(w, 1)``,
below w at ``(w, 0)``. The single value v is then ``[(v, 0), (v, 1))``, and gaps and
overlaps are plain interval arithmetic. With a ``step`` (values rounded to 0.01, whole
days), a gap or overlap counts only if it holds a value of the grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from slaledger.domain.contract.ranges import Bound, Range, RangeKind, shown
from slaledger.domain.message import Items, Message, Param, msg

INFINITY = Decimal("Infinity")
Position = tuple[Decimal, int]


def _start(r: Range) -> Position:
    if r.lower is None:
        return (-INFINITY, 0)
    return (r.lower.value, 0 if r.lower.inclusive else 1)


def _end(r: Range) -> Position:
    if r.upper is None:
        return (INFINITY, 0)
    return (r.upper.value, 1 if r.upper.inclusive else 0)


def _range(start: Position, end: Position, kind: RangeKind) -> Range:
    lower = None if start[0] == -INFINITY else Bound(start[0], start[1] == 0)
    upper = None if end[0] == INFINITY else Bound(end[0], end[1] == 1)
    return Range(lower, upper, kind)


def on_grid(r: Range, step: Decimal | None) -> Range | None:
    """The part of ``r`` on the grid of ``step`` as a closed range, or None if empty."""
    if step is None:
        return r
    low = r.lower
    high = r.upper
    first = None
    if low is not None:
        first = (low.value / step).to_integral_value(ROUND_CEILING) * step
        if first == low.value and not low.inclusive:
            first += step
    last = None
    if high is not None:
        last = (high.value / step).to_integral_value(ROUND_FLOOR) * step
        if last == high.value and not high.inclusive:
            last -= step
    if first is not None and last is not None and first > last:
        return None
    return Range(
        None if first is None else Bound(first.quantize(step), True),
        None if last is None else Bound(last.quantize(step), True),
        r.kind,
    )


def gaps(ranges: Sequence[Range], domain: Range, step: Decimal | None = None) -> list[Range]:
    """The parts of ``domain`` that no range covers."""
    lo, hi = _start(domain), _end(domain)
    spans = sorted((max(_start(r), lo), min(_end(r), hi)) for r in ranges if _start(r) < _end(r))
    found: list[Range] = []
    frontier = lo
    for start, end in spans:
        if start > frontier:
            found.append(_range(frontier, start, domain.kind))
        frontier = max(frontier, end)
    if frontier < hi:
        found.append(_range(frontier, hi, domain.kind))
    snapped = [on_grid(g, step) for g in found]
    return [g for g in snapped if g is not None]


@dataclass(frozen=True)
class Overlap:
    first: int
    second: int
    common: Range


def overlaps(ranges: Sequence[Range], step: Decimal | None = None) -> list[Overlap]:
    """Every pair of ranges (by index) that share values, with what they share."""
    found = []
    for i, a in enumerate(ranges):
        for j in range(i + 1, len(ranges)):
            b = ranges[j]
            start, end = max(_start(a), _start(b)), min(_end(a), _end(b))
            if start < end:
                common = on_grid(_range(start, end, a.kind), step)
                if common is not None:
                    found.append(Overlap(i, j, common))
    return found


def describe(r: Range) -> Message:
    """A range in words: 'exactly 4 years', 'above 99.4 % and below 99.5 %'."""
    low, high, kind = r.lower, r.upper, r.kind
    if kind is RangeKind.DAY_OF_YEAR:
        return _days(r)
    if low and high and low.value == high.value:
        return msg("range.exactly", value=show(low.value, kind))
    if low and high:
        left, right = show(low.value, kind), show(high.value, kind)
        if low.inclusive and high.inclusive:
            return msg("range.from-to", low=left, high=right)
        if low.inclusive:
            return msg("range.included-to-excluded", low=left, high=right)
        if high.inclusive:
            return msg("range.above-up-to", low=left, high=right)
        return msg("range.above-and-below", low=left, high=right)
    if low:
        value = show(low.value, kind)
        return (
            msg("range.or-more", value=value) if low.inclusive else msg("range.above", value=value)
        )
    if high:
        value = show(high.value, kind)
        return (
            msg("range.or-less", value=value) if high.inclusive else msg("range.below", value=value)
        )
    return msg("range.any-value")


def show(value: Decimal, kind: RangeKind) -> Param:
    """A value as a person reads it: '99.4 %', '4 years', '30 September', '4h'."""
    return shown(value, kind)


def _days(r: Range) -> Message:
    """Days of the year in a contract's words: 'before 30 September', '30 June to 1 July'."""
    low, high = r.lower, r.upper
    if low and high and low.inclusive and high.inclusive:
        first, last = show(low.value, r.kind), show(high.value, r.kind)
        if low.value == high.value:
            return msg("range.day", day=first)
        return msg("range.any-day-from-to", first=first, last=last)
    parts: list[Param] = []
    if low:
        day = show(low.value, r.kind)
        parts.append(
            msg("range.from-day", day=day) if low.inclusive else msg("range.after-day", day=day)
        )
    if high:
        day = show(high.value, r.kind)
        parts.append(
            msg("range.until-day", day=day) if high.inclusive else msg("range.before-day", day=day)
        )
    if not parts:
        return msg("range.any-day")
    return msg("range.days", days=Items(tuple(parts)))
