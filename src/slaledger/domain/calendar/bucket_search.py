"""``searchsorted`` for many queries over a small, fixed sorted array.

``numpy.searchsorted`` does a binary search per query: with a million random queries
into a few hundred interval bounds it costs about 50 ns a query, most of the engine's
time. Here the query range is cut into equal buckets whose first answer is precomputed;
a query reads its bucket's answer and then moves forward over the few keys that fall
inside the bucket, in a fixed number of vectorised steps. Same answers as
``numpy.searchsorted``, three to five times faster on the calendar's arrays.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
#: Most bucket-table entries kept per index (memory bound: 8 bytes each).
_MAX_BUCKETS = 1 << 21
_INF = np.int64(2**62)


class BucketSearch:
    """Answers ``numpy.searchsorted(keys, q, side)`` for q in [lo, hi]."""

    def __init__(self, keys: I64, lo: int, hi: int, side: str) -> None:
        if side not in ("left", "right"):
            raise ValueError(side)
        self.side = side
        self.lo = int(lo)
        self.hi = int(hi)
        self._raw = keys
        span = max(int(hi) - self.lo + 1, 1)
        # smallest power-of-two bucket width keeping the table within bounds, but not
        # wider than the typical gap between keys (few corrective steps)
        gaps = np.diff(keys[(keys > lo) & (keys <= hi)]) if len(keys) > 1 else np.array([span])
        typical = int(np.median(gaps)) if len(gaps) else span
        shift = max(0, (max(span // _MAX_BUCKETS, 1)).bit_length())
        while (1 << shift) * 2 <= max(typical, 1) and (span >> (shift + 1)) > 0:
            shift += 1
        self.shift = shift
        buckets = (span >> shift) + 1
        bounds = self.lo + (np.arange(buckets + 1, dtype=np.int64) << shift)
        self.table: I64 = np.searchsorted(keys, bounds, side=side).astype(np.int64)  # type: ignore[call-overload]
        self.keys: I64 = np.concatenate((keys, [_INF])).astype(np.int64)
        self.steps = int(np.max(self.table[1:] - self.table[:-1], initial=0))

    def __call__(self, queries: I64) -> I64:
        if queries.size and (int(queries.min()) < self.lo or int(queries.max()) > self.hi):
            outside: I64 = np.searchsorted(self._raw, queries, side=self.side)  # type: ignore[call-overload]
            return outside
        bucket = (queries - self.lo) >> self.shift
        index: I64 = self.table[bucket]
        keys = self.keys
        if self.side == "left":
            for _ in range(self.steps):
                index += keys[index] < queries
        else:
            for _ in range(self.steps):
                index += keys[index] <= queries
        return index
