"""Reference periods: calendar months in a contract's time zone, rolling windows.

A month runs from local 00:00 on its first day to local 00:00 on the next month's first
day, so its length in real minutes depends on DST (March 2024 in Paris has 44,580
minutes, in UTC 44,640).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"a month is 1-12, not {self.month}")

    @staticmethod
    def parse(text: str) -> Month:
        """'2024-03' -> Month(2024, 3); ValueError otherwise."""
        parts = text.strip().split("-")
        if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2:
            raise ValueError(f"expected YYYY-MM, found '{text}'")
        return Month(int(parts[0]), int(parts[1]))

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def start(self, zone: str) -> int:
        """Epoch seconds of local 00:00 on the first day of the month."""
        local = datetime(self.year, self.month, 1, tzinfo=ZoneInfo(zone))
        return int(local.timestamp())

    def end(self, zone: str) -> int:
        return self.shift(1).start(zone)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_bounds(first: Month, count: int, zone: str) -> I64:
    """``count + 1`` boundaries: the starts of ``count`` months and the end of the last."""
    return np.asarray([first.shift(i).start(zone) for i in range(count + 1)], dtype=np.int64)


@dataclass(frozen=True)
class WindowSeries:
    """For each month: the items in the window ending with it, their sum and mean."""

    months: tuple[Month, ...]
    sums: I64
    counts: I64

    @property
    def means(self) -> NDArray[np.float64]:
        """Mean per window (NaN where the window holds no item)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            result: NDArray[np.float64] = np.where(
                self.counts > 0, self.sums / np.maximum(self.counts, 1), np.nan
            )
        return result


def rolling_sums(
    values: I64, at: I64, *, last: Month, months: int, window: int, zone: str
) -> WindowSeries:
    """Sums and counts of ``values`` over windows of ``window`` months, evaluated at the
    end of each of the ``months`` months up to ``last``. An item belongs to the month
    containing its instant ``at``."""
    first = last.shift(-(months + window - 2))
    bounds = month_bounds(first, months + window - 1, zone)
    slot = np.searchsorted(bounds, at, side="right") - 1
    inside = (slot >= 0) & (slot < len(bounds) - 1)
    per_month_sum = np.bincount(slot[inside], weights=values[inside], minlength=len(bounds) - 1)
    per_month_count = np.bincount(slot[inside], minlength=len(bounds) - 1)
    cum_sum = np.concatenate(([0.0], np.cumsum(per_month_sum)))
    cum_count = np.concatenate(([0], np.cumsum(per_month_count)))
    ends = np.arange(window, len(bounds))
    return WindowSeries(
        months=tuple(first.shift(int(e) - 1) for e in ends),
        sums=np.rint(cum_sum[ends] - cum_sum[ends - window]).astype(np.int64),
        counts=(cum_count[ends] - cum_count[ends - window]).astype(np.int64),
    )
