"""Sets of time as half-open intervals on int64 epoch seconds, vectorised with NumPy.

Semantics (each has tests):
- An interval ``[start, end)`` holds the seconds ``start <= t < end``; lengths are in
  seconds.
- An ``Intervals`` is always *normal*: starts ascending, every interval non-empty, and no
  two intervals overlapping or touching (``end < next start``). ``Intervals.of`` and
  ``normalise`` bring any arrays into that form: ``[0, 5) + [5, 9)`` becomes ``[0, 9)``.
  Two normal sets are equal exactly when they hold the same seconds.
- A ``GroupedIntervals`` is one normal set per group (a service, as an int code), stored
  as three flat arrays sorted by group and start. Its operations work group by group
  without a Python loop: each (group, instant) is encoded on one int64 axis, groups far
  enough apart never to touch, and the single-set algorithm runs once on the whole.
- No operation loops over intervals in Python; each costs a few sorts or searches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]
#: Largest encoded key allowed, leaving headroom for differences and sums.
_KEY_LIMIT = 2**62


def _frozen(values: ArrayLike) -> I64:
    """A read-only int64 view (the caller's array stays writeable)."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"interval bounds must be one-dimensional, got shape {array.shape}")
    if array.dtype != np.int64:
        if array.size and not np.issubdtype(array.dtype, np.integer):
            raise TypeError(f"interval bounds must be integers, got {array.dtype}")
        array = array.astype(np.int64)
    view: I64 = array.view()
    view.flags.writeable = False
    return view


def sorted_unique(values: ArrayLike) -> I64:
    """The distinct values, ascending. (``np.unique`` hashes large-range integers since
    NumPy 2.3 and is some 30 times slower than sorting for millions of instants.)"""
    array = np.sort(np.asarray(values, dtype=np.int64), kind="stable")
    if array.size < 2:
        return array
    result: I64 = array[np.concatenate(([True], array[1:] != array[:-1]))]
    return result


def _empty() -> I64:
    return _frozen(np.empty(0, dtype=np.int64))


def normalise(starts: ArrayLike, ends: ArrayLike) -> Intervals:
    """The normal form of any intervals: sorted, empty ones dropped, overlaps and
    touching neighbours merged. An end before its start is a ValueError."""
    s, e = _frozen(starts), _frozen(ends)
    if s.shape != e.shape:
        raise ValueError(f"{s.size} starts but {e.size} ends")
    s, e = _normal_arrays(s, e)
    return Intervals(s, e)


def _normal_arrays(starts: I64, ends: I64) -> tuple[I64, I64]:
    backwards = np.flatnonzero(ends < starts)
    if backwards.size:
        i = int(backwards[0])
        raise ValueError(f"interval {i} ends ({ends[i]}) before it starts ({starts[i]})")
    keep = starts < ends
    s, e = starts[keep], ends[keep]
    if s.size > 1 and bool(np.any(s[1:] < s[:-1])):
        order = np.argsort(s, kind="stable")
        s, e = s[order], e[order]
    if s.size == 0:
        return _empty(), _empty()
    reach = np.maximum.accumulate(e)
    begins = np.flatnonzero(np.concatenate(([True], s[1:] > reach[:-1])))
    lasts = np.concatenate((begins[1:] - 1, [s.size - 1]))
    return _frozen(s[begins]), _frozen(reach[lasts])


def _count_covering(starts: I64, ends: I64, at: I64) -> NDArray[np.intp]:
    """How many intervals of a normal set hold each instant (0 or 1)."""
    covering: NDArray[np.intp] = np.searchsorted(starts, at, side="right") - np.searchsorted(
        ends, at, side="right"
    )
    return covering


def _combine(a: Intervals, b: Intervals, keep: Callable[[Mask, Mask], Mask]) -> tuple[I64, I64]:
    """The seconds for which ``keep(in a, in b)`` holds, in normal form.

    Every boundary of either set cuts the axis into elementary segments; each segment is
    wholly in or out of each set, so testing its first second decides it.
    """
    points = sorted_unique(np.concatenate((a.starts, a.ends, b.starts, b.ends)))
    if points.size < 2:
        return _empty(), _empty()
    left = points[:-1]
    kept = keep(
        _count_covering(a.starts, a.ends, left) > 0, _count_covering(b.starts, b.ends, left) > 0
    )
    # runs of kept segments become intervals; a skipped segment has positive length, so
    # consecutive runs never touch and the result is already normal
    steps = np.diff(np.concatenate(([False], kept, [False])).astype(np.int8))
    return _frozen(points[np.flatnonzero(steps == 1)]), _frozen(points[np.flatnonzero(steps == -1)])


def _length_before(starts: I64, ends: I64, cumulative: I64, at: I64) -> I64:
    """Seconds of a normal set before each instant, from the cumulative lengths."""
    before = np.searchsorted(starts, at, side="left")  # intervals starting before ``at``
    if starts.size == 0:
        return np.zeros(at.shape, dtype=np.int64)
    last_end = ends[np.maximum(before - 1, 0)]
    # only the last interval starting before ``at`` can reach past it
    overshoot = np.where(before > 0, np.maximum(last_end - at, 0), 0)
    result: I64 = cumulative[before] - overshoot
    return result


@dataclass(frozen=True, eq=False)
class Intervals:
    """A normal set of half-open intervals ``[starts[i], ends[i])`` of epoch seconds.

    Build one with ``Intervals.of`` (any arrays) or ``Intervals(starts, ends)`` (arrays
    already normal, checked in O(n)).
    """

    starts: I64
    ends: I64

    def __post_init__(self) -> None:
        s, e = _frozen(self.starts), _frozen(self.ends)
        if s.shape != e.shape:
            raise ValueError(f"{s.size} starts but {e.size} ends")
        if s.size and (
            not bool(np.all(s < e)) or (s.size > 1 and not bool(np.all(e[:-1] < s[1:])))
        ):
            raise ValueError("intervals are not normal (sorted, non-empty, apart); use .of()")
        object.__setattr__(self, "starts", s)
        object.__setattr__(self, "ends", e)

    # ------------------------------------------------------------- construction
    @classmethod
    def of(cls, starts: ArrayLike, ends: ArrayLike) -> Intervals:
        """The normal form of any intervals (see ``normalise``)."""
        return normalise(starts, ends)

    @classmethod
    def empty(cls) -> Intervals:
        """No time at all."""
        return cls(_empty(), _empty())

    @classmethod
    def span(cls, start: int, end: int) -> Intervals:
        """The single interval ``[start, end)`` (nothing when ``end <= start``)."""
        return normalise([start], [max(start, end)])

    # ------------------------------------------------------------ comparisons
    def __len__(self) -> int:
        return int(self.starts.size)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Intervals):
            return NotImplemented
        return bool(
            np.array_equal(self.starts, other.starts) and np.array_equal(self.ends, other.ends)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        pairs = ", ".join(
            f"[{s}, {e})" for s, e in zip(self.starts[:6], self.ends[:6], strict=True)
        )
        more = f", … {len(self) - 6} more" if len(self) > 6 else ""
        return f"Intervals({pairs}{more})"

    # ----------------------------------------------------------------- algebra
    def union(self, other: Intervals) -> Intervals:
        """Seconds in either set."""
        return normalise(
            np.concatenate((self.starts, other.starts)), np.concatenate((self.ends, other.ends))
        )

    def intersection(self, other: Intervals) -> Intervals:
        """Seconds in both sets."""
        return Intervals(*_combine(self, other, np.logical_and))

    def difference(self, other: Intervals) -> Intervals:
        """Seconds in this set and not in ``other``."""
        return Intervals(*_combine(self, other, lambda a, b: a & ~b))

    __or__ = union
    __and__ = intersection
    __sub__ = difference

    def clip(self, start: int, end: int) -> Intervals:
        """The part inside ``[start, end)``."""
        s = np.maximum(self.starts, start)
        e = np.minimum(self.ends, end)
        keep = s < e
        return Intervals(s[keep], e[keep])

    def at_least(self, seconds: int) -> Intervals:
        """Only the intervals lasting ``seconds`` or more."""
        keep = (self.ends - self.starts) >= seconds
        return Intervals(self.starts[keep], self.ends[keep])

    # ----------------------------------------------------------------- measure
    def lengths(self) -> I64:
        """Length of each interval, in seconds."""
        result: I64 = self.ends - self.starts
        return result

    def total(self) -> int:
        """Seconds in the set."""
        return int(np.sum(self.ends - self.starts))

    def length_within(self, period_starts: ArrayLike, period_ends: ArrayLike) -> I64:
        """Seconds of the set inside each period ``[period_starts[i], period_ends[i])``.

        Periods may overlap and come in any order (months, rolling years...); each costs
        two binary searches into the cumulative lengths.
        """
        a, b = np.broadcast_arrays(_frozen(period_starts), _frozen(period_ends))
        cumulative = np.concatenate(([0], np.cumsum(self.ends - self.starts)))
        inside = _length_before(self.starts, self.ends, cumulative, b) - _length_before(
            self.starts, self.ends, cumulative, a
        )
        result: I64 = np.maximum(inside, 0)
        return result


# ---------------------------------------------------------------------- grouped
@dataclass(frozen=True)
class _Axis:
    """Puts each group on its own stretch of one int64 axis.

    ``key = group * stride + (t - origin)`` with ``stride`` one more than the time range:
    every start and end offset lies in ``[0, stride - 1]``, so a key decodes to its own
    group, and the last end of a group stays below the first start of the next one
    (groups can neither overlap nor touch).
    """

    origin: int
    stride: int

    @classmethod
    def covering(cls, groups: list[I64], times: list[I64]) -> _Axis:
        present = [t for t in times if t.size]
        if not present:
            return cls(0, 1)
        lo = min(int(t.min()) for t in present)
        hi = max(int(t.max()) for t in present)
        top = max((int(g.max()) for g in groups if g.size), default=0)
        stride = hi - lo + 1
        if (top + 1) * stride >= _KEY_LIMIT:
            raise OverflowError(f"{top + 1} groups over {stride} seconds do not fit one int64 axis")
        return cls(lo, stride)

    def encode(self, groups: ArrayLike, times: ArrayLike) -> I64:
        g = np.asarray(groups, dtype=np.int64)
        t = np.asarray(times, dtype=np.int64)
        key: I64 = g * self.stride + (t - self.origin)
        return key

    def decode(self, keys: I64) -> tuple[I64, I64]:
        groups, offsets = np.divmod(keys, self.stride)
        times: I64 = offsets + self.origin
        return groups, times


@dataclass(frozen=True, eq=False)
class GroupedIntervals:
    """One normal set of intervals per group, as flat arrays sorted by group, then start.

    Groups are non-negative int codes (e.g. indexes into a tuple of service names).
    """

    groups: I64
    starts: I64
    ends: I64

    def __post_init__(self) -> None:
        g, s, e = _frozen(self.groups), _frozen(self.starts), _frozen(self.ends)
        if not g.shape == s.shape == e.shape:
            raise ValueError(f"{g.size} groups, {s.size} starts, {e.size} ends")
        if g.size:
            same = g[1:] == g[:-1]
            if (
                int(g[0]) < 0
                or not bool(np.all(g[1:] >= g[:-1]))
                or not bool(np.all(s < e))
                or not bool(np.all(~same | (e[:-1] < s[1:])))
            ):
                raise ValueError("grouped intervals are not normal; use GroupedIntervals.of()")
        object.__setattr__(self, "groups", g)
        object.__setattr__(self, "starts", s)
        object.__setattr__(self, "ends", e)

    # ------------------------------------------------------------- construction
    @classmethod
    def of(cls, groups: ArrayLike, starts: ArrayLike, ends: ArrayLike) -> GroupedIntervals:
        """The normal form of any (group, start, end) triples."""
        g, s, e = _frozen(groups), _frozen(starts), _frozen(ends)
        if not g.shape == s.shape == e.shape:
            raise ValueError(f"{g.size} groups, {s.size} starts, {e.size} ends")
        if g.size and int(g.min()) < 0:
            raise ValueError("groups must be non-negative codes")
        backwards = np.flatnonzero(e < s)
        if backwards.size:
            i = int(backwards[0])
            raise ValueError(f"interval {i} ends ({e[i]}) before it starts ({s[i]})")
        axis = _Axis.covering([g], [s, e])
        merged = _normal_arrays(axis.encode(g, s), axis.encode(g, e))
        return cls._decoded(axis, Intervals(*merged))

    @classmethod
    def empty(cls) -> GroupedIntervals:
        """No time in any group."""
        return cls(_empty(), _empty(), _empty())

    @classmethod
    def spans(cls, groups: ArrayLike, start: int, end: int) -> GroupedIntervals:
        """``[start, end)`` for each of the given groups."""
        g = sorted_unique(groups)
        if end <= start:
            return cls.empty()
        return cls(g, np.full(g.size, start, dtype=np.int64), np.full(g.size, end, dtype=np.int64))

    @classmethod
    def _decoded(cls, axis: _Axis, encoded: Intervals) -> GroupedIntervals:
        groups, starts = axis.decode(encoded.starts)
        _, ends = axis.decode(encoded.ends)
        return cls(groups, starts, ends)

    def _encoded(self, axis: _Axis) -> Intervals:
        return Intervals(axis.encode(self.groups, self.starts), axis.encode(self.groups, self.ends))

    def _axis_with(self, *others: GroupedIntervals) -> _Axis:
        every = (self, *others)
        return _Axis.covering(
            [x.groups for x in every], [t for x in every for t in (x.starts, x.ends)]
        )

    # ------------------------------------------------------------ comparisons
    def __len__(self) -> int:
        return int(self.groups.size)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GroupedIntervals):
            return NotImplemented
        return all(
            np.array_equal(a, b)
            for a, b in (
                (self.groups, other.groups),
                (self.starts, other.starts),
                (self.ends, other.ends),
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        rows = zip(self.groups[:6], self.starts[:6], self.ends[:6], strict=True)
        text = ", ".join(f"{g}: [{s}, {e})" for g, s, e in rows)
        more = f", … {len(self) - 6} more" if len(self) > 6 else ""
        return f"GroupedIntervals({text}{more})"

    def group(self, group: int) -> Intervals:
        """The intervals of one group."""
        lo, hi = np.searchsorted(self.groups, [group, group + 1])
        return Intervals(self.starts[lo:hi], self.ends[lo:hi])

    def present_groups(self) -> I64:
        """The groups holding any time, ascending."""
        return sorted_unique(self.groups)

    # ----------------------------------------------------------------- algebra
    def _binary(
        self, other: GroupedIntervals, operation: Callable[[Intervals, Intervals], Intervals]
    ) -> GroupedIntervals:
        axis = self._axis_with(other)
        return self._decoded(axis, operation(self._encoded(axis), other._encoded(axis)))

    def union(self, other: GroupedIntervals) -> GroupedIntervals:
        """Seconds in either set, group by group."""
        return self._binary(other, Intervals.union)

    def intersection(self, other: GroupedIntervals) -> GroupedIntervals:
        """Seconds in both sets, group by group."""
        return self._binary(other, Intervals.intersection)

    def difference(self, other: GroupedIntervals) -> GroupedIntervals:
        """Seconds in this set and not in ``other``, group by group."""
        return self._binary(other, Intervals.difference)

    __or__ = union
    __and__ = intersection
    __sub__ = difference

    def clip(self, start: int, end: int) -> GroupedIntervals:
        """The part inside ``[start, end)`` in every group."""
        s = np.maximum(self.starts, start)
        e = np.minimum(self.ends, end)
        keep = s < e
        return GroupedIntervals(self.groups[keep], s[keep], e[keep])

    def at_least(self, seconds: int) -> GroupedIntervals:
        """Only the intervals lasting ``seconds`` or more."""
        keep = (self.ends - self.starts) >= seconds
        return GroupedIntervals(self.groups[keep], self.starts[keep], self.ends[keep])

    def select(self, keep: Mask) -> GroupedIntervals:
        """The intervals where ``keep`` is true (a normal set stays normal)."""
        return GroupedIntervals(self.groups[keep], self.starts[keep], self.ends[keep])

    # ----------------------------------------------------------------- measure
    def lengths(self) -> I64:
        """Length of each interval, in seconds."""
        result: I64 = self.ends - self.starts
        return result

    def totals(self, group_count: int) -> I64:
        """Seconds held by each group ``0 .. group_count - 1``."""
        cumulative = np.concatenate(([0], np.cumsum(self.ends - self.starts)))
        bounds = np.searchsorted(self.groups, np.arange(group_count + 1), side="left")
        result: I64 = cumulative[bounds[1:]] - cumulative[bounds[:-1]]
        return result

    def length_within(
        self, period_starts: ArrayLike, period_ends: ArrayLike, group_count: int
    ) -> I64:
        """Seconds of each group inside each period: shape ``(group_count, periods)``."""
        a, b = np.broadcast_arrays(_frozen(period_starts), _frozen(period_ends))
        everyone = np.arange(group_count, dtype=np.int64)
        axis = _Axis.covering([self.groups, everyone], [self.starts, self.ends, a, b])
        encoded = self._encoded(axis)
        key_starts = axis.encode(everyone[:, None], a[None, :])
        key_ends = axis.encode(everyone[:, None], np.maximum(a, b)[None, :])
        inside = encoded.length_within(key_starts.ravel(), key_ends.ravel())
        result: I64 = inside.reshape(group_count, a.size)
        return result
