"""How much of a period the measurements cover, and whether that is enough for a figure.

An availability figure is only as good as what was observed: a month without a single
probe sample, request count or declared outage record is not "100 %, met", it is *no
data*. Each source says which seconds of the period it observed:

- probe samples: a sample at ``t`` stands until the next one, for at most the interval
  the contract sets (``max_gap``), as the interruption rules read them;
- request counts: the intervals they have rows for — a minute without a row is a minute
  nobody counted (a monitoring gap, which the contract's ``monitoring_gaps`` rule judges),
  unlike a row with a total of 0, a minute without requests (``empty_intervals``);
- outage records: only records of downtime, so their completeness is *declared* — by the
  period an import says it covers — never assumed from the records themselves.

The period's measurable part ends at ``now`` (the future is never observed) and starts
at the contract's effective date (or the service's opening, when later). ``state`` is:

- ``none``: nothing observed in the measurable part (or it is empty: a period wholly in
  the future or before the contract took effect) — no percentage, no verdict, no credit;
- ``insufficient``: observed, but less than the threshold of the measurable part (90 %
  unless configured) — no percentage, no verdict, no credit; the contract's gap rule
  (what an unobserved interval counts as) decides figures only above the threshold;
- ``partial``: some of the period is not observed (it has not ended yet, or short gaps):
  a figure, said to be partial;
- ``complete``: every second of the period observed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.intervals import Intervals
from slaledger.domain.message import Message, Percent, msg

I64 = NDArray[np.int64]

#: the share of a period that must be observed for a verdict, unless configured
DEFAULT_MIN_COVERAGE = Fraction(90, 100)


class DataState(Enum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    INSUFFICIENT = "insufficient"
    NONE = "none"


@dataclass(frozen=True)
class SourceCoverage:
    """The seconds of the period one source observed."""

    source: str  # "samples", "counts" or "outages"
    name: str  # the file or import it came from
    observed_seconds: int


@dataclass(frozen=True)
class Coverage:
    period_seconds: int
    #: the part of the period that can be observed: from the effective date to now
    measurable_seconds: int
    observed_seconds: int  # the union of every source, within the measurable part
    sources: tuple[SourceCoverage, ...]
    state: DataState
    reason: Message
    #: why, as a code the statements translate: not-begun, before-effect, no-source,
    #: nothing-observed, insufficient, running, partial, complete
    cause: str = ""

    @property
    def share(self) -> Fraction:
        """Observed seconds over the period's seconds (0 for an empty period)."""
        if self.period_seconds <= 0:
            return Fraction(0)
        return Fraction(self.observed_seconds, self.period_seconds)

    @property
    def has_figure(self) -> bool:
        return self.state in (DataState.COMPLETE, DataState.PARTIAL)


def sample_intervals(at: I64, max_gap: int) -> Intervals:
    """What probe samples observed: each from its instant to the next sample, for at most
    ``max_gap`` seconds (the last one stands ``max_gap``)."""
    instants = np.sort(np.asarray(at, dtype=np.int64))
    if instants.size == 0:
        return Intervals.empty()
    following = np.append(instants[1:], np.iinfo(np.int64).max)
    ends = np.minimum(following, instants + max_gap)
    keep = ends > instants
    return Intervals.of(instants[keep], ends[keep])


def count_intervals(start: I64, seconds: I64) -> Intervals:
    """What request counts observed: the union of their rows' intervals; the time between
    two rows is a gap."""
    begin = np.asarray(start, dtype=np.int64)
    if begin.size == 0:
        return Intervals.empty()
    return Intervals.of(begin, begin + np.asarray(seconds, dtype=np.int64))


def coverage_of(
    *,
    start: int,
    end: int,
    observed: list[tuple[str, str, Intervals]],
    now: int,
    effective_from: int | None = None,
    min_share: Fraction = DEFAULT_MIN_COVERAGE,
    evaluated_from: int | None = None,
) -> Coverage:
    """The coverage of ``[start, end)`` by ``observed`` (source kind, name, intervals):
    less than ``min_share`` of the measurable part observed is ``insufficient``. A figure
    evaluated for a month (a rolling year "ending with" it) has not begun before that
    month does: ``evaluated_from`` is its first instant (default: the period's start)."""
    first = start if effective_from is None else max(start, effective_from)
    last = min(end, now)
    period = max(end - start, 0)
    measurable = max(last - first, 0)
    union = Intervals.empty()
    sources = []
    for kind, name, intervals in observed:
        seen = intervals.clip(first, last) if measurable else Intervals.empty()
        sources.append(SourceCoverage(kind, name, seen.total()))
        union = union | seen
    seen_total = union.total()
    state, cause, reason = _state(
        start=start if evaluated_from is None else max(start, evaluated_from), end=end,
        first=first, last=last, now=now, effective_from=effective_from,
        observed=seen_total, sources=len(observed), min_share=min_share, period=period,
    )  # fmt: skip
    return Coverage(period, measurable, seen_total, tuple(sources), state, reason, cause)


def _state(
    *,
    start: int,
    end: int,
    first: int,
    last: int,
    now: int,
    effective_from: int | None,
    observed: int,
    sources: int,
    min_share: Fraction,
    period: int,
) -> tuple[DataState, str, Message]:
    if start >= now:
        return DataState.NONE, "not-begun", msg("coverage.not-begun")
    if effective_from is not None and end <= effective_from:
        return DataState.NONE, "before-effect", msg("coverage.before-effect")
    if observed == 0:
        if sources == 0:
            return DataState.NONE, "no-source", msg("coverage.no-source")
        return DataState.NONE, "nothing-observed", msg("coverage.nothing-observed")
    measurable = last - first
    share = Fraction(observed, measurable)
    # to one decimal, as written ("93.5 %")
    percent = Percent(Decimal(f"{float(100 * share):.1f}"))
    if observed == period:
        return DataState.COMPLETE, "complete", msg("coverage.complete")
    if share < min_share:
        wanted = Percent(Decimal(f"{float(100 * min_share):g}"))
        return (
            DataState.INSUFFICIENT,
            "insufficient",
            msg("coverage.insufficient", percent=percent, wanted=wanted),
        )
    if last < end:
        return DataState.PARTIAL, "running", msg("coverage.running", percent=percent)
    return DataState.PARTIAL, "partial", msg("coverage.partial", percent=percent)
