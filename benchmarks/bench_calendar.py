"""Business-time engine benchmark (issue 2).

1,000,000 random (start, hours) pairs over 2024-2025 on ``previsoft-business``
(Mon-Fri 09:00-18:00 Paris, French holidays), as datetime64 arrays: deadlines and
business time between. Baselines measured in the same run on a subset:
- businesstimedelta (WorkDayRule + HolidayRule, pytz), one pair at a time;
- pandas CustomBusinessHour with the same holidays, one pair at a time (whole hours,
  since CustomBusinessHour only adds whole multiples of an hour).
Both baselines are also checked against the engine's answers on the subset.

Run:  .venv/bin/python benchmarks/bench_calendar.py [--pairs 1000000] [--subset 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import businesstimedelta
import holidays
import numpy as np
import pandas as pd
import pytz

from slaledger.adapters.files.calendar_file import load_calendar_file
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar

ROOT = Path(__file__).resolve().parent.parent
PARIS = pytz.timezone("Europe/Paris")


def best_of(runs: int, function, *args):
    """Best wall time of ``runs`` calls, and the last result."""
    best = float("inf")
    result = None
    for _ in range(runs):
        began = time.perf_counter()
        result = function(*args)
        best = min(best, time.perf_counter() - began)
    return best, result


def random_inputs(pairs: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    lo = np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64)
    hi = np.datetime64("2025-12-01T00:00:00", "s").astype(np.int64)
    starts = rng.integers(lo, hi, size=pairs).astype("datetime64[s]")
    # whole minutes between 1 minute and 60 business hours
    seconds = rng.integers(1, 60 * 60, size=pairs) * 60
    return starts, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--subset", type=int, default=2_000)
    args = parser.parse_args()

    spec = load_calendar_file(ROOT / "examples" / "calendars.yaml")["previsoft-business"]
    engine = BusinessCalendar(spec, HolidaysPackage())
    starts, seconds = random_inputs(args.pairs)

    cold, _ = best_of(1, engine.add_seconds_array, starts[:10], seconds[:10])
    add_time, deadlines = best_of(5, engine.add_seconds_array, starts, seconds)
    ends = deadlines.astype("datetime64[s]")
    between_time, spans = best_of(5, engine.seconds_between_array, starts, ends)
    assert np.array_equal(spans, seconds), "between(start, add(start, d)) must give d back"

    add_rate = args.pairs / add_time
    between_rate = args.pairs / between_time
    print(f"engine: {args.pairs:,} pairs on previsoft-business (first compile {cold * 1e3:.1f} ms)")
    print(f"  deadlines      {add_rate:>14,.0f} /s  ({add_time * 1e3:.1f} ms)")
    print(f"  between        {between_rate:>14,.0f} /s  ({between_time * 1e3:.1f} ms)")

    subset = min(args.subset, args.pairs)
    fr = holidays.country_holidays("FR", years=range(2023, 2028))
    workday = businesstimedelta.WorkDayRule(
        start_time=dt.time(9), end_time=dt.time(18), working_days=[0, 1, 2, 3, 4], tz=PARIS
    )
    rules = businesstimedelta.Rules([workday, businesstimedelta.HolidayRule(fr, tz=PARIS)])
    py_starts = [
        dt.datetime.fromtimestamp(int(s), tz=dt.UTC).astimezone(PARIS)
        for s in starts[:subset].astype(np.int64)
    ]
    py_hours = [int(s) for s in seconds[:subset]]

    def btd_add() -> list[dt.datetime]:
        return [
            s + businesstimedelta.BusinessTimeDelta(rules, seconds=d)
            for s, d in zip(py_starts, py_hours, strict=True)
        ]

    btd_time, btd_deadlines = best_of(1, btd_add)
    btd_rate = subset / btd_time
    agree = np.mean(
        [
            int(d.timestamp()) == int(e)
            for d, e in zip(btd_deadlines, deadlines[:subset], strict=True)
        ]
    )
    print(f"businesstimedelta: {subset:,} deadlines one by one")
    print(
        f"  deadlines      {btd_rate:>14,.0f} /s  -> engine is {add_rate / btd_rate:,.0f}x faster"
        f"  (agrees on {agree:.1%} of the subset)"
    )

    cbh = pd.offsets.CustomBusinessHour(
        start="09:00", end="18:00", holidays=[d for d in fr if 2023 <= d.year <= 2027]
    )
    whole_hours = np.maximum(seconds[:subset] // 3600, 1)
    naive_local = [s.replace(tzinfo=None) for s in py_starts]

    def pandas_add() -> list[pd.Timestamp]:
        return [
            pd.Timestamp(s) + int(h) * cbh for s, h in zip(naive_local, whole_hours, strict=True)
        ]

    pd_time, pd_deadlines = best_of(1, pandas_add)
    pd_rate = subset / pd_time
    engine_whole = engine.add_seconds_array(starts[:subset], whole_hours * 3600)
    pd_epoch = [int(PARIS.localize(t.to_pydatetime()).timestamp()) for t in pd_deadlines]
    pd_agree = np.mean(np.asarray(pd_epoch) == engine_whole)
    print(f"pandas CustomBusinessHour: {subset:,} deadlines one by one (whole hours)")
    print(
        f"  deadlines      {pd_rate:>14,.0f} /s  -> engine is {add_rate / pd_rate:,.0f}x faster"
        f"  (agrees on {pd_agree:.1%}; it returns the next opening instead of the closing time)"
    )


if __name__ == "__main__":
    main()
