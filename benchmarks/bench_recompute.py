"""Recomputation benchmark (issue 17): one new event, then its month's figures again.

Generated as ``bench_provider`` generates a provider (its ``generate``): ``--contracts``
copies of tests/fixtures/contracts/invented-clean.yaml, each with a year of
``--incidents`` incidents and two outages a month, in a fresh PostgreSQL database (or a
SQLite file with ``--sqlite``). Every complete month of the last year is computed and
stored first (the figures job's ``refresh``), then, ``--rounds`` times:

- the case: one new incident (notified, classified and restored within a random past
  month of ``bench-000``) is written and committed; then its month is read as a page
  reads it (``cached_figures``: the month was marked, so it is recomputed and stored),
  timed to the commit; then the scheduler's ``refresh`` recomputes the other months
  the write marked (the rolling year after it), timed apart;
- the named baseline, in the same rounds: the same contract's twelve months computed
  from scratch (``month_figures`` on its inputs, nothing stored): what a page would cost
  without the cache.

Prints p50/p99 of each, how many months a write marked, and each p50 as a ratio of the
baseline's. Target: under 50 ms for the month of the event.

Run:  .venv/bin/python benchmarks/bench_recompute.py [--contracts 5] [--incidents 200]
      [--rounds 30] [--server postgresql://postgres@127.0.0.1:5432/test] [--sqlite]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from slaledger.adapters.db import figure_cache
from slaledger.adapters.db.store import Store, session_factory
from slaledger.domain.periods import Month
from slaledger.services.month_figures import month_figures

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_provider import fresh_database, generate, months_back

KEY = "bench-000"


def new_incident(store: Store, number: int, rng: random.Random, months: list[Month]) -> Month:
    """One incident inside a random month of the year (not the last day): its month."""
    month = rng.choice(months)
    at = datetime(month.year, month.month, rng.randrange(1, 27), 9, tzinfo=UTC)
    at += timedelta(minutes=rng.randrange(600))
    name = f"bench-new-{number:05d}"
    store.record_event(KEY, name, event="notified", at=at)
    store.record_event(KEY, name, event="classified", at=at, value="sev-b")
    store.record_event(KEY, name, event="restored", at=at + timedelta(minutes=45))
    return month


def percentiles(values: list[float]) -> tuple[float, float]:
    array = np.asarray(values) * 1000
    return float(np.percentile(array, 50)), float(np.percentile(array, 99))


def run(url: str, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        generate(url, args.contracts, args.incidents, Path(folder))
    print(f"generated {args.contracts} contracts x {args.incidents} incidents "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    factory = session_factory(url)
    at = int(datetime.now(UTC).timestamp())
    months = [Month(y, m) for y, m in months_back(datetime.now(UTC), 12)]
    began = time.perf_counter()
    with Store.transaction(factory, actor="bench") as store:
        stored = figure_cache.refresh(store, at=at)
    print(f"first refresh: {sum(stored.values())} months of {len(stored)} contracts "
          f"in {time.perf_counter() - began:.1f} s")  # fmt: skip
    rng = random.Random(5)
    own: list[float] = []
    rest: list[float] = []
    baseline: list[float] = []
    recomputed: list[int] = []
    for number in range(args.rounds):
        with Store.transaction(factory, actor="bench") as store:
            month = new_incident(store, number, rng, months)
        began = time.perf_counter()
        with Store.transaction(factory, actor="bench") as store:
            first = figure_cache.cached_figures(store, KEY, [month], at=at)
        own.append(time.perf_counter() - began)
        assert first.computed == (month,), f"{month} was not marked by the write"
        began = time.perf_counter()
        with Store.transaction(factory, actor="bench") as store:
            done = figure_cache.refresh(store, at=at, keys=[KEY])
        rest.append(time.perf_counter() - began)
        recomputed.append(done[KEY] + 1)
        with Store.transaction(factory, actor="bench") as store:
            began = time.perf_counter()
            inputs = figure_cache.inputs_of(store, KEY, now=datetime.now(UTC))
            month_figures(inputs=inputs, months=months, at=at)
            baseline.append(time.perf_counter() - began)
    factory.kw["bind"].dispose()
    o50, o99 = percentiles(own)
    r50, r99 = percentiles(rest)
    b50, b99 = percentiles(baseline)
    print(f"\n{args.rounds} rounds; months a write marked (its month and the rolling "
          f"year after it): min {min(recomputed)}, max {max(recomputed)}")  # fmt: skip
    print(f"{'':<52}{'p50 ms':>9}{'p99 ms':>9}{'×base':>7}")
    rows = [
        ("baseline: 12 months from scratch (no cache)", b50, b99),
        ("the event's month, read after the write", o50, o99),
        ("the scheduler's refresh of the other marked months", r50, r99),
    ]
    for label, p50, p99 in rows:
        print(f"{label:<52}{p50:>9.1f}{p99:>9.1f}{p50 / b50:>7.2f}")
    print("target: the event's month under 50 ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contracts", type=int, default=5)
    parser.add_argument("--incidents", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead")
    args = parser.parse_args()
    if args.sqlite:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{folder}/bench.db", args)
        return 0
    with fresh_database(args.server) as url:
        run(url, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
