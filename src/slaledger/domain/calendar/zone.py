"""Vectorised conversions between UTC instants and local wall-clock seconds.

``zoneinfo`` converts one datetime at a time; the engine converts millions. A ZoneTable
holds the UTC offset transitions of a zone over a range of years, found by probing
``zoneinfo`` every six hours and bisecting each change to the second (no real zone
changes its offset twice within six hours), and converts whole arrays with
``numpy.searchsorted``.

Local wall-clock time is counted as "local seconds": seconds since 1970-01-01 00:00 on
the local clock, as if the clock never jumped.

Rules for wall times that do not exist or exist twice (stated once, used everywhere):
- in a DST gap (spring forward), a wall time is moved forward by the gap's length:
  02:30 on the night Paris jumps from 02:00 to 03:00 is 03:30 CEST (as RFC 5545 and
  java.time do);
- in a DST overlap (fall back), a wall time means its first occurrence, the one with
  the offset in force before the change (Python's ``fold=0``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
_PROBE_STEP = 6 * 3600
_FAR_PAST = np.int64(-(2**62))


def year_start_utc(year: int) -> int:
    """Epoch seconds of 1 January ``year`` 00:00 UTC."""
    return int((np.datetime64(f"{year:04d}-01-01", "s") - np.datetime64(0, "s")).astype(np.int64))


def _offset(zone: ZoneInfo, epoch: int) -> int:
    delta = datetime.fromtimestamp(epoch, tz=UTC).astimezone(zone).utcoffset()
    assert delta is not None
    return int(delta.total_seconds())


class ZoneTable:
    """Offsets of one zone from 1 January ``first_year`` to 1 January ``last_year + 1``."""

    def __init__(self, name: str, first_year: int, last_year: int) -> None:
        self.name = name
        self.zone = ZoneInfo(name)
        self.first_year = first_year
        self.last_year = last_year
        lo = year_start_utc(first_year) - 2 * 86_400
        hi = year_start_utc(last_year + 1) + 2 * 86_400
        transitions = [int(_FAR_PAST)]
        offsets = [_offset(self.zone, lo)]
        previous_at, previous = lo, offsets[0]
        for at in range(lo + _PROBE_STEP, hi + _PROBE_STEP, _PROBE_STEP):
            current = _offset(self.zone, at)
            if current != previous:
                transitions.append(self._bisect(previous_at, at, previous))
                offsets.append(current)
            previous_at, previous = at, current
        self.transitions: I64 = np.asarray(transitions, dtype=np.int64)
        self.offsets: I64 = np.asarray(offsets, dtype=np.int64)
        # local seconds at which each offset period starts
        self._local_starts: I64 = self.transitions + self.offsets
        self._local_starts[0] = _FAR_PAST

    def _bisect(self, lo: int, hi: int, before: int) -> int:
        """First instant in (lo, hi] whose offset differs from ``before``."""
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _offset(self.zone, mid) == before:
                lo = mid
            else:
                hi = mid
        return hi

    def offset_at(self, utc: I64) -> I64:
        """UTC offset in seconds in force at each instant."""
        index = np.searchsorted(self.transitions, utc, side="right") - 1
        return self.offsets[index]

    def to_local(self, utc: I64) -> I64:
        return utc + self.offset_at(utc)

    def to_utc(self, local: I64) -> I64:
        """UTC instants of local wall times (gap: moved forward; overlap: first)."""
        period = np.searchsorted(self._local_starts, local, side="right") - 1
        earlier = np.maximum(period - 1, 0)
        # inside an overlap the wall time also belongs to the previous period: take it
        in_previous = (period > 0) & (local < self.transitions[period] + self.offsets[earlier])
        chosen = np.where(in_previous, earlier, period)
        result: I64 = local - self.offsets[chosen]
        return result


@lru_cache(maxsize=256)
def zone_table(name: str, first_year: int, last_year: int) -> ZoneTable:
    """The ZoneTable of ``name`` over the years, built once per process and shared by
    every calendar in that zone (a table is never changed once built)."""
    return ZoneTable(name, first_year, last_year)
