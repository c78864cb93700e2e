"""Contracts made from seed 001 with other rules, and the per-minute counts of their
services around March 2024 (Paris: the month starts at 23:00 UTC, DST on the 31st):
empty minutes, bursts of errors (one across the start of the month, one across its end),
monitoring gaps (one at each edge), and a service that no counts row names."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
START = int(datetime(2024, 2, 27, tzinfo=UTC).timestamp())
END = int(datetime(2024, 4, 3, tzinfo=UTC).timestamp())
MONTH_START = int(datetime(2024, 2, 29, 23, tzinfo=UTC).timestamp())
MONTH_END = int(datetime(2024, 3, 31, 22, tzinfo=UTC).timestamp())

#: service -> (error_rate_above, min_requests, empty_intervals, monitoring_gaps, min_duration)
VARIANTS = {
    "svc-a": ("5", "1", "up", "previous", None),
    "svc-b": ("2", "10", "up", "previous", None),
    "svc-c": ("5", "1", "down", "down", None),
    "svc-d": ("5", "1", "previous", "up", None),
    "svc-e": ("0.5", "1", "up", "previous", "5min"),
    "svc-missing": ("5", "1", "up", "previous", None),
}


def write_contracts(folder: Path) -> dict[str, Path]:
    text = SEED.read_text(encoding="utf-8")
    found = {}
    for service, (rate, minimum, empty, gaps, duration) in VARIANTS.items():
        variant = (
            text.replace("id: saas-annexes", f"id: saas-{service}")
            .replace("  - id: solution\n", f"  - id: {service}\n")
            .replace("service: solution\n", f"service: {service}\n")
            .replace("error_rate_above: 5\n", f"error_rate_above: {rate}\n")
            .replace("min_requests: 1\n", f"min_requests: {minimum}\n")
            .replace("empty_intervals: up\n", f"empty_intervals: {empty}\n")
            .replace("monitoring_gaps: previous\n", f"monitoring_gaps: {gaps}\n")
        )
        if duration:
            variant = variant.replace(
                f"min_requests: {minimum}\n",
                f"min_requests: {minimum}\n      min_duration: {duration}\n",
            )
        path = folder / f"{service}.yaml"
        path.write_text(variant, encoding="utf-8")
        found[service] = path
    return found


def write_counts(path: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    services, starts, totals, errors = [], [], [], []
    for service in sorted(VARIANTS):
        if service == "svc-missing":
            continue
        gaps = [(MONTH_START - 600, MONTH_START + 1200), (MONTH_END - 300, MONTH_END + 300)]
        for _ in range(6):
            at = rng.randrange(START, END)
            gaps.append((at, at + rng.choice((60, 300, 3600, 7200))))
        bursts = [(MONTH_START - 180, MONTH_START + 240), (MONTH_END - 120, MONTH_END + 180)]
        for _ in range(20):
            at = rng.randrange(START, END)
            bursts.append((at, at + 60 * rng.randrange(1, 30)))
        for minute in range(START, END, 60):
            if any(lo <= minute < hi for lo, hi in gaps):
                continue
            total = 0 if rng.random() < 0.05 else rng.randrange(1, 40)
            burst = any(lo <= minute < hi for lo, hi in bursts)
            failed = rng.randrange(0, total + 1) if burst else int(rng.random() < 0.02)
            services.append(service)
            starts.append(minute * 1_000_000)
            totals.append(total)
            errors.append(min(failed, total))
    table = pa.table(
        {
            "service": pa.array(services, pa.string()),
            "interval_start": pa.array(starts, pa.timestamp("us", "UTC")),
            "interval_seconds": pa.array([60] * len(starts), pa.int32()),
            "total": pa.array(totals, pa.int64()),
            "server_errors": pa.array(errors, pa.int64()),
        }
    )
    pq.write_table(table, path)
    return path
