"""Burn-rate alerts benchmark (issue 21, part 2): the vectorised episodes of
``domain.burn`` against a minute-by-minute loop, on one period of generated outages.

``--minutes`` minutes of a period (default a year, the longest a clause measures: the
rolling 12 months of 003), ``--outages`` random outages of 1 to 120 minutes in it, the
default rules. Baseline in the same run: a plain Python loop over the minute marks with
running window sums (the same arithmetic, one minute at a time), checked to give the
same episodes. Prints both timings and their ratio.

Run:  .venv/bin/python benchmarks/bench_burn.py [--minutes 527040] [--outages 400]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from slaledger.domain.burn import (
    DEFAULT_RULES,
    MINUTE,
    PAGE,
    SEVERITIES,
    SHARE_SCALE,
    Episode,
    burn_report,
    cumulative_minutes,
)
from slaledger.domain.intervals import Intervals

START = 1_704_067_200  # 2024-01-01T00:00Z


def looped(cum: list[int], allowed: int) -> list[Episode]:
    """The episodes one minute at a time (the baseline)."""
    found = []
    for severity in SEVERITIES:
        rules = [r for r in DEFAULT_RULES if r.severity == severity]
        on, opened = False, 0
        for k in range(1, len(cum)):
            fire, clear = False, True
            for rule in rules:
                fast = []
                for window in (rule.long_seconds, rule.short_seconds):
                    down = cum[k] - cum[max(k - window // MINUTE, 0)]
                    right = rule.share_units * allowed * window
                    fast.append(down > 0 and down * rule.long_seconds * SHARE_SCALE >= right)
                fire = fire or all(fast)
                clear = clear and not any(fast)
            if not on and fire:
                on, opened = True, START + MINUTE * k
            elif on and clear:
                found.append(Episode(severity, opened, START + MINUTE * k))
                on = False
        if on:
            found.append(Episode(severity, opened, None))
    return sorted(found, key=lambda e: (e.started, e.severity))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=527_040)
    parser.add_argument("--outages", type=int, default=400)
    args = parser.parse_args()
    rng = np.random.default_rng(21)
    period = args.minutes * MINUTE
    starts = START + rng.integers(0, period - 7200, size=args.outages)
    down = Intervals.of(starts, starts + rng.integers(60, 7200, size=args.outages))
    allowed = period * 5 // 1000  # 99.5 %
    began = time.perf_counter()
    report = burn_report(down, start=START, until=START + period, period_seconds=period,
                         allowed=allowed)  # fmt: skip
    vectorised = time.perf_counter() - began
    cum = cumulative_minutes(down, START, args.minutes).tolist()
    began = time.perf_counter()
    expected = looped(cum, allowed)
    loop = time.perf_counter() - began
    assert list(report.episodes) == expected, "the two give different episodes"
    pages = sum(1 for e in report.episodes if e.severity == PAGE)
    print(f"{args.minutes} minutes, {len(down)} outages: {len(report.episodes)} episodes "
          f"({pages} pages)")  # fmt: skip
    print(f"vectorised (domain.burn): {vectorised:.3f} s")
    print(f"minute loop (baseline):   {loop:.3f} s")
    print(f"ratio: {loop / vectorised:.0f}x faster")


if __name__ == "__main__":
    main()
