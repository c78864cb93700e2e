"""Interruptions: when each service was down, and when nobody knows, from what was observed.

Each source gives, per service (an int code shared by every source of one computation),
*down* time and *unknown* time:
- outage records: down over each record; they observe nothing else, so no unknown time.
- probe samples ``(at, up)``: a sample stands for the time until the next sample of its
  service, for at most ``max_gap`` seconds; the rest of the way to the next sample is
  unknown. A down sample makes its whole stretch down.
- request counts per interval: an interval is interrupted when its server-error rate is
  *strictly* above the threshold (at 5 %, a 5.0 % interval is not, a 5.01 % one is), and
  only when it had at least ``min_requests`` requests (fewer is too little evidence: up).
  Intervals without requests follow the ``empty`` rule, the time no interval covers
  (monitoring gaps) the ``missing`` rule: up, down or unknown. Runs of consecutive down
  time shorter than ``min_duration`` are dropped.
``merge_interruptions`` combines sources per service: down if any source says so; unknown
only where every source watching the service is blind. The contract's gap rule then says
whether unknown time counts as up or down, or is left out of the period
(``apply_gap_rule``). The comparison with the threshold is exact (integers, no floats).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from slaledger.domain.intervals import GroupedIntervals, sorted_unique

I64 = NDArray[np.int64]
#: Rows per block of the counts scan: large enough for NumPy, small enough for the cache.
_BLOCK = 1 << 20
_INT64_LIMIT = 2**63 - 1


class NoData(Enum):
    """What an interval without requests, or a time without any interval, counts as."""

    UP = "up"
    DOWN = "down"
    UNKNOWN = "unknown"


class GapRule(Enum):
    """What unknown time counts as: up, down, or excluded from the period."""

    UP = "up"
    DOWN = "down"
    EXCLUDED = "excluded"


@dataclass(frozen=True, eq=False)
class Interruptions:
    """Down and unknown time per service code, and the services the source watched."""

    down: GroupedIntervals
    unknown: GroupedIntervals
    observed: I64

    def __post_init__(self) -> None:
        observed = sorted_unique(self.observed)
        observed.flags.writeable = False
        object.__setattr__(self, "observed", observed)


class Verdict(NamedTuple):
    """Time after the gap rule: down, and excluded from the period."""

    down: GroupedIntervals
    excluded: GroupedIntervals


# ------------------------------------------------------------------------ sources
def interruptions_from_outages(
    *, service: ArrayLike, start: ArrayLike, end: ArrayLike
) -> Interruptions:
    """Down time over each outage record (overlapping records merge)."""
    return Interruptions(
        down=GroupedIntervals.of(service, start, end),
        unknown=GroupedIntervals.empty(),
        observed=np.empty(0, dtype=np.int64),
    )


def interruptions_from_samples(
    *,
    service: ArrayLike,
    at: ArrayLike,
    up: ArrayLike,
    max_gap: int,
    coverage: tuple[int, int] | None = None,
) -> Interruptions:
    """Down and unknown time from probe samples (see the module docs).

    With ``coverage``, the time of that period before a service's first sample and after
    its last one is unknown, and everything is clipped to it. Two samples of one service
    at the same instant are a ValueError.
    """
    if max_gap <= 0:
        raise ValueError(f"max_gap must be positive, got {max_gap}")
    svc = _codes(service)
    t = np.asarray(at, dtype=np.int64)
    ok = np.asarray(up, dtype=np.bool_)
    if not svc.shape == t.shape == ok.shape:
        raise ValueError(f"{svc.size} services, {t.size} instants, {ok.size} states")
    if t.size == 0:
        return _nothing_observed()
    if not _sorted_by_service_then_time(svc, t):
        order = np.lexsort((t, svc))
        svc, t, ok = svc[order], t[order], ok[order]
    same_next = svc[1:] == svc[:-1]
    duplicate = np.flatnonzero(same_next & (t[1:] == t[:-1]))
    if duplicate.size:
        i = int(duplicate[0])
        raise ValueError(f"two samples of service {svc[i]} at the same instant {t[i]}")
    horizon = t + max_gap
    last = np.concatenate((~same_next, [True]))  # last sample of its service
    following = np.concatenate((t[1:], [0]))
    stretch_end = np.where(last, horizon, np.minimum(following, horizon))
    down = GroupedIntervals.of(svc[~ok], t[~ok], stretch_end[~ok])

    blind = ~last & (horizon < following)
    gaps = [(svc[blind], horizon[blind], following[blind])]
    if coverage is not None:
        first = np.concatenate(([True], ~same_next))
        gaps.append((svc[first], np.full(int(first.sum()), coverage[0]), t[first]))
        gaps.append((svc[last], horizon[last], np.full(int(last.sum()), coverage[1])))
    unknown = _grouped_from_parts(gaps)
    return _clipped(Interruptions(down, unknown, sorted_unique(svc)), coverage)


def interruptions_from_counts(
    *,
    service: ArrayLike,
    interval_start: ArrayLike,
    interval_seconds: ArrayLike,
    total: ArrayLike,
    server_errors: ArrayLike,
    error_rate_above: Decimal | Fraction | int | float | str,
    min_requests: int = 1,
    empty: NoData = NoData.UP,
    missing: NoData = NoData.UNKNOWN,
    min_duration: int = 0,
    coverage: tuple[int, int] | None = None,
) -> Interruptions:
    """Down and unknown time from request counts per interval (see the module docs).

    ``error_rate_above`` is the threshold in percent ("5" or Decimal("5.0")); an
    interval is interrupted when ``server_errors / total`` is strictly above it. A float
    is read through its shortest text (5.01 means 5.01). ``interval_seconds`` is one
    number or one per row. Rows are best sorted by service, then start (else they are
    sorted here); two intervals of one service that overlap are a ValueError. With
    ``coverage``, time of that period before a service's first interval and after its
    last one is missing, and everything is clipped to it.
    """
    threshold = _percent(error_rate_above)
    svc = _codes(service)
    start = np.asarray(interval_start, dtype=np.int64)
    seconds = np.asarray(interval_seconds, dtype=np.int64)
    requests = _integer_array(total, "total")
    errors = _integer_array(server_errors, "server_errors")
    if not svc.shape == start.shape == requests.shape == errors.shape:
        raise ValueError("service, interval_start, total and server_errors differ in length")
    if seconds.ndim and seconds.shape != start.shape:
        raise ValueError("interval_seconds is neither one number nor one per row")
    if start.size == 0:
        return _nothing_observed()
    if not seconds.ndim and int(seconds) <= 0:
        raise ValueError(f"interval_seconds must be positive, got {seconds}")

    scan = _scan_counts(svc, start, seconds, requests, errors)
    if scan is None:  # not sorted: sort once, then the scan must pass
        order = np.lexsort((start, svc))
        svc, start, requests, errors = svc[order], start[order], requests[order], errors[order]
        seconds = seconds[order] if seconds.ndim else seconds
        scan = _scan_counts(svc, start, seconds, requests, errors)
        assert scan is not None
    boundaries, candidates, empties = scan

    def end_of(rows: I64) -> I64:
        length = seconds[rows] if seconds.ndim else seconds
        result: I64 = start[rows] + length
        return result

    # which rows with errors are interrupted: errors / total > num / den, in integers
    num, den = threshold.numerator, threshold.denominator * 100
    counted = candidates[requests[candidates] >= min_requests]
    largest = int(requests[counted].max(initial=0))
    if largest * max(num, den) > _INT64_LIMIT:
        raise ValueError(f"a count of {largest} requests is too large to compare exactly")
    above = errors[counted].astype(np.int64) * den > requests[counted].astype(np.int64) * num
    interrupted = counted[above]

    # time no interval covers: between intervals of one service, and around them
    after = boundaries
    same = svc[after] == svc[after - 1]
    before_end = end_of(after - 1)
    hole = same & (start[after] > before_end)
    holes = [(svc[after[hole]], before_end[hole], start[after[hole]])]
    if coverage is not None:
        firsts = np.concatenate(([0], after[~same]))
        lasts = np.concatenate((after[~same] - 1, [start.size - 1]))
        holes.append((svc[firsts], np.full(firsts.size, coverage[0]), start[firsts]))
        holes.append((svc[lasts], end_of(lasts), np.full(lasts.size, coverage[1])))
    holes_set = _grouped_from_parts(holes)
    empty_set = GroupedIntervals.of(svc[empties], start[empties], end_of(empties))

    down_rows = interrupted
    if empty is NoData.DOWN:
        down_rows = np.sort(np.concatenate((interrupted, empties)))
    down = GroupedIntervals.of(svc[down_rows], start[down_rows], end_of(down_rows))
    if missing is NoData.DOWN:
        down = down | holes_set
    down = down.at_least(min_duration)

    unknown = GroupedIntervals.empty()
    if empty is NoData.UNKNOWN:
        unknown = unknown | empty_set
    if missing is NoData.UNKNOWN:
        unknown = unknown | holes_set
    observed = svc[np.concatenate(([0], boundaries[~same]))].astype(np.int64)
    return _clipped(Interruptions(down, unknown, observed), coverage)


def _scan_counts(
    svc: NDArray[np.integer],
    start: I64,
    seconds: I64,
    requests: NDArray[np.integer],
    errors: NDArray[np.integer],
) -> tuple[I64, I64, I64] | None:
    """One pass in blocks over the counts; None when the rows are not sorted.

    Returns the rows that do not simply follow the previous one (a new service or a
    hole), the rows with any server error, and the rows without requests — usually few,
    so the rest of the work is on small arrays.
    """
    boundaries: list[I64] = []
    candidates: list[I64] = []
    empties: list[I64] = []
    for lo in range(0, start.size, _BLOCK):
        hi = min(lo + _BLOCK, start.size)
        block = slice(lo, hi)
        count, error = requests[block], errors[block]
        if int(count.min()) < 0 or int(error.min()) < 0 or bool(np.any(error > count)):
            raise ValueError(f"negative counts or server_errors above total in rows {lo}-{hi}")
        if seconds.ndim and int(seconds[block].min()) <= 0:
            raise ValueError(f"an interval_seconds is not positive in rows {lo}-{hi}")
        candidates.append(np.flatnonzero(error > 0) + lo)
        empties.append(np.flatnonzero(count == 0) + lo)
        first = max(lo, 1)
        previous = slice(first - 1, hi - 1)
        current = slice(first, hi)
        expected = start[previous] + (seconds[previous] if seconds.ndim else seconds)
        irregular = (start[current] != expected) | (svc[current] != svc[previous])
        rows = np.flatnonzero(irregular) + first
        same = svc[rows] == svc[rows - 1]
        if bool(np.any(svc[rows] < svc[rows - 1])) or bool(
            np.any(same & (start[rows] < start[rows - 1]))
        ):
            return None
        overlap = same & (start[rows] < expected[rows - first])
        if overlap.any():
            i = int(rows[overlap][0])
            raise ValueError(
                f"intervals of service {svc[i]} overlap: rows {i - 1} and {i} "
                f"(starts {start[i - 1]} and {start[i]})"
            )
        boundaries.append(rows)
    return (
        np.concatenate(boundaries).astype(np.int64),
        np.concatenate(candidates).astype(np.int64),
        np.concatenate(empties).astype(np.int64),
    )


# ------------------------------------------------------------------ combination
def merge_interruptions(parts: Sequence[Interruptions]) -> Interruptions:
    """Sources combined per service: down where any source is down; unknown where every
    source that watches the service is blind (and nobody saw it down)."""
    down = GroupedIntervals.empty()
    for part in parts:
        down = down | part.down
    watchers = [part for part in parts if part.observed.size]
    observed = sorted_unique(
        np.concatenate([p.observed for p in watchers] or [np.empty(0, np.int64)])
    )
    unknowns = [p.unknown for p in watchers if len(p.unknown)]
    if not unknowns:
        return Interruptions(down, GroupedIntervals.empty(), observed)
    lo = min(int(u.starts.min()) for u in unknowns)
    hi = max(int(u.ends.max()) for u in unknowns)
    # a source that does not watch a service is blind to all of it
    blind_everywhere = GroupedIntervals.spans(observed, lo, hi)
    for part in watchers:
        unwatched = np.setdiff1d(observed, part.observed, assume_unique=True)
        blind_everywhere = blind_everywhere & (
            part.unknown | GroupedIntervals.spans(unwatched, lo, hi)
        )
    return Interruptions(down, blind_everywhere - down, observed)


def apply_gap_rule(interruptions: Interruptions, rule: GapRule) -> Verdict:
    """Down and excluded time once unknown time is judged by the contract's gap rule."""
    if rule is GapRule.DOWN:
        return Verdict(interruptions.down | interruptions.unknown, GroupedIntervals.empty())
    if rule is GapRule.EXCLUDED:
        return Verdict(interruptions.down, interruptions.unknown - interruptions.down)
    return Verdict(interruptions.down, GroupedIntervals.empty())


# ---------------------------------------------------------------------- helpers
def _percent(value: Decimal | Fraction | int | float | str) -> Fraction:
    if isinstance(value, bool):
        raise TypeError("a threshold is a number of percent, not a bool")
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if not 0 <= exact <= 100:
        raise ValueError(f"a threshold in percent must be within 0-100, got {value}")
    return exact


def _codes(values: ArrayLike) -> NDArray[np.integer]:
    # kept in its own integer type: a month of per-minute rows is large
    codes = _integer_array(values, "service")
    if codes.size and int(codes.min()) < 0:
        raise ValueError("service codes must be non-negative")
    return codes


def _integer_array(values: ArrayLike, name: str) -> NDArray[np.integer]:
    array = np.asarray(values)
    if array.size == 0:
        return array.astype(np.int64)
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must be integers, got {array.dtype}")
    return array


def _sorted_by_service_then_time(svc: NDArray[np.integer], t: I64) -> bool:
    later = svc[1:] > svc[:-1]
    same = svc[1:] == svc[:-1]
    return bool(np.all(later | (same & (t[1:] >= t[:-1]))))


def _grouped_from_parts(
    parts: list[tuple[NDArray[np.integer], I64, I64]],
) -> GroupedIntervals:
    groups, starts, ends = (np.concatenate(column) for column in zip(*parts, strict=True))
    keep = starts < ends
    return GroupedIntervals.of(groups[keep], starts[keep], ends[keep])


def _nothing_observed() -> Interruptions:
    nothing = GroupedIntervals.empty()
    return Interruptions(nothing, nothing, np.empty(0, dtype=np.int64))


def _clipped(found: Interruptions, coverage: tuple[int, int] | None) -> Interruptions:
    if coverage is None:
        return found
    start, end = coverage
    return Interruptions(
        found.down.clip(start, end), found.unknown.clip(start, end), found.observed
    )
