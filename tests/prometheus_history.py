"""The history the test Prometheus serves, and the same facts as the files they stand for.

- Seed 001's request counts for March 2024 (Paris), as a recording rule would keep them:
  ``solution:http_requests:increase1m`` and ``solution:http_server_errors:increase1m``,
  one sample in the middle of each minute the seed counted (its gaps stay gaps), the
  errors only where there were some (Prometheus has no sample for an error that never
  happened). Read back with ``sum_over_time(...[1m])`` at one-minute steps.
- Probe results of invented-clean's ``platform`` for the first quarter of 2025 (Berlin):
  ``probe_success{job="platform"}`` each minute, with failed checks and a 20-minute gap.
- Cumulative counters for 1 June 2024 (UTC): ``http_requests_total{job="api", code=...}``
  scraped on each minute, and ``job="api-restarted"`` whose counter resets at noon.
- Bad answers: ``weird_ratio`` with a NaN, ``fractional_requests`` with a non-whole count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from numpy.typing import NDArray

from tests.conftest import ROOT
from tests.prometheus_server import Family

I64 = NDArray[np.int64]
PARIS, BERLIN = ZoneInfo("Europe/Paris"), ZoneInfo("Europe/Berlin")
SEED_COUNTS = ROOT / "examples" / "data" / "001-saas-annexes" / "counts.parquet"

MARCH_START = int(datetime(2024, 3, 1, tzinfo=PARIS).timestamp())
MARCH_END = int(datetime(2024, 4, 1, tzinfo=PARIS).timestamp())
QUARTER_START = int(datetime(2025, 1, 1, tzinfo=BERLIN).timestamp())
QUARTER_END = int(datetime(2025, 4, 1, tzinfo=BERLIN).timestamp())
DAY_START = int(datetime(2024, 6, 1, tzinfo=ZoneInfo("UTC")).timestamp())
DAY_END = DAY_START + 86_400
#: the probe gap of the quarter: 20 minutes without a result
PROBE_GAP = (QUARTER_START + 40 * 86_400 + 600, QUARTER_START + 40 * 86_400 + 1_800)


@dataclass(frozen=True)
class Counts:
    start: I64
    total: I64
    errors: I64


@dataclass(frozen=True)
class Probes:
    at: I64
    up: NDArray[np.bool_]


def seed_march() -> Counts:
    """Seed 001's counts rows of March 2024 (Paris), as in its counts file."""
    table = pq.read_table(SEED_COUNTS)
    micros = table["interval_start"].cast(pa.timestamp("us", tz="UTC")).cast(pa.int64())
    start = micros.to_numpy() // 1_000_000
    keep = (start >= MARCH_START) & (start < MARCH_END)
    total = table["total"].to_numpy().astype(np.int64)[keep]
    errors = table["server_errors"].to_numpy().astype(np.int64)[keep]
    return Counts(start[keep], total, errors)


def platform_quarter() -> Probes:
    """One check a minute; one in 400 fails, a 50-minute outage on 3 March, one gap."""
    at = np.arange(QUARTER_START, QUARTER_END, 60, dtype=np.int64)
    rng = np.random.default_rng(14)
    up = rng.random(at.size) >= 1 / 400
    outage = int(datetime(2025, 3, 3, 14, 0, tzinfo=BERLIN).timestamp())
    up[(at >= outage) & (at < outage + 3_000)] = False
    keep = (at < PROBE_GAP[0]) | (at >= PROBE_GAP[1])
    return Probes(at[keep], up[keep])


def api_day() -> tuple[I64, I64, I64]:
    """Per-minute requests and server errors of 1 June 2024, and the minute starts."""
    rng = np.random.default_rng(6)
    start = np.arange(DAY_START, DAY_END, 60, dtype=np.int64)
    total = rng.integers(50, 150, size=start.size).astype(np.int64)
    errors = np.where(rng.random(start.size) < 0.05, total // 3, 0).astype(np.int64)
    return start, total, errors


def families() -> list[Family]:
    march = seed_march()
    probes = platform_quarter()
    start, total, errors = api_day()
    scrapes = np.append(start, DAY_END)  # the counters at each minute's two ends
    ok = np.concatenate(([0], np.cumsum(total - errors)))
    failed = np.concatenate(([0], np.cumsum(errors)))
    restarted = ok.copy()
    noon = scrapes.size // 2
    restarted[noon:] = ok[noon:] - ok[noon - 1] + 7  # back to a few requests after a restart
    job = {"job": "solution"}
    errored = march.errors > 0
    minutes = np.arange(DAY_START, DAY_START + 600, 60)
    weird = np.full(minutes.size, 0.01)
    weird[4] = np.nan
    fractional = np.arange(minutes.size, dtype=np.float64) + 40
    fractional[3] = 41.5
    return [
        Family(
            "solution:http_requests:increase1m", "gauge", [(job, march.start + 30, march.total)]
        ),
        Family(
            "solution:http_server_errors:increase1m",
            "gauge",
            [(job, march.start[errored] + 30, march.errors[errored])],
        ),
        Family("probe_success", "gauge", [({"job": "platform"}, probes.at + 30, probes.up)]),
        Family(
            "http_requests",
            "counter",
            [
                ({"job": "api", "code": "200"}, scrapes, ok),
                ({"job": "api", "code": "500"}, scrapes, failed),
                ({"job": "api-restarted", "code": "200"}, scrapes, restarted),
            ],
        ),
        Family("weird_ratio", "gauge", [({"job": "nan"}, minutes + 30, weird)]),
        Family("fractional_requests", "gauge", [({"job": "half"}, minutes + 30, fractional)]),
    ]
