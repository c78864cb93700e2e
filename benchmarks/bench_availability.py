"""Availability benchmark (issue 4): request logs to credits, against plain pandas.

Part 1, logs: ``--rows`` generated request-log rows (Parquet: a UTC timestamp and an HTTP
status, one year, written in a temp dir and deleted after) aggregated per minute by
DuckDB (``aggregate_logs``), then turned into interruptions (error rate strictly above
5 %). Baseline in the same run: pandas (read Parquet, floor to the minute, groupby) on
the first ``--pandas-rows`` rows, checked against the engine on the same rows.

Part 2, contracts: ``--services`` services x 12 months of per-minute counts (2024,
527,040 minutes each; generated block by block of ``--block`` services, generation not
timed) -> interruptions -> availability per service and month -> 001's target and
000's credit tiers (percent of fee, formula tier). Baseline in the same run: pandas
(boolean mask, groupby service and month, np.select over the tiers) on the first
``--pandas-services`` services, checked against the engine on them.

Run:  .venv/bin/python benchmarks/bench_availability.py [--rows 100000000]
      [--services 10000] [--pandas-rows 10000000] [--pandas-services 20]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.ingest.logs import aggregate_logs
from slaledger.domain.availability import availability_grid, target_met
from slaledger.domain.credits import credit_percents
from slaledger.domain.interruptions import interruptions_from_counts
from slaledger.domain.periods import Month, month_bounds

ROOT = Path(__file__).resolve().parent.parent
YEAR_START = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
MINUTES = 366 * 1440
CHUNK = 10_000_000


# ---------------------------------------------------------------------- part 1
def write_logs(folder: Path, rows: int, rng: np.random.Generator) -> list[Path]:
    """Parquet files of ``CHUNK`` rows: random instants of 2024, 0.3 % server errors."""
    paths = []
    for index, first in enumerate(range(0, rows, CHUNK)):
        n = min(CHUNK, rows - first)
        seconds = np.sort(rng.integers(0, MINUTES * 60, size=n)) + YEAR_START
        status = np.where(rng.random(n) < 0.003, 503, 200).astype(np.int16)
        burst = (seconds // 60) % 10_000 < 3  # a few minutes that fail badly
        status[burst & (rng.random(n) < 0.5)] = 500
        table = pa.table(
            {
                "timestamp": pa.array(seconds * 1_000_000, pa.timestamp("us", tz="UTC")),
                "status": pa.array(status),
            }
        )
        path = folder / f"requests-{index:03d}.parquet"
        pq.write_table(table, path)
        paths.append(path)
    return paths


def engine_logs(paths: list[Path], output: Path) -> tuple[float, int]:
    began = time.perf_counter()
    aggregate_logs(paths, service="api", output=output)
    counts = pq.read_table(output)
    start = counts["interval_start"].cast(pa.int64()).to_numpy() // 1_000_000
    found = interruptions_from_counts(
        service=np.zeros(start.size, dtype=np.int64),
        interval_start=start,
        interval_seconds=60,
        total=counts["total"].to_numpy(),
        server_errors=counts["server_errors"].to_numpy(),
        error_rate_above=5,
    )
    return time.perf_counter() - began, found.down.group(0).total() // 60


def pandas_logs(paths: list[Path]) -> tuple[float, int]:
    began = time.perf_counter()
    frame = pd.concat([pd.read_parquet(p) for p in paths])
    minute = frame["timestamp"].dt.floor("min")
    grouped = (frame["status"] >= 500).groupby(minute).agg(["size", "sum"])
    down = int((grouped["sum"] * 100 > grouped["size"] * 5).sum())
    return time.perf_counter() - began, down


# ---------------------------------------------------------------------- part 2
def counts_block(services: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Per-minute counts of ``services`` services for 2024, sorted by service, minute."""
    n = services * MINUTES
    service = np.repeat(np.arange(services, dtype=np.int64), MINUTES)
    start = np.tile(np.arange(MINUTES, dtype=np.int64) * 60 + YEAR_START, services)
    total = rng.integers(20, 200, size=n, dtype=np.int32)
    errors = np.zeros(n, dtype=np.int32)
    bad = rng.integers(0, n, size=services * 300)  # ~300 failing minutes a service
    errors[bad] = total[bad] // rng.integers(2, 40, size=bad.size)
    return service, start, total, errors


def engine_contracts(block: tuple[np.ndarray, ...], services: int, context: dict) -> tuple:
    service, start, total, errors = block
    found = interruptions_from_counts(
        service=service,
        interval_start=start,
        interval_seconds=60,
        total=total,
        server_errors=errors,
        error_rate_above=5,
    )
    bounds = context["bounds"]
    down = found.down.length_within(bounds[:-1], bounds[1:], services)
    reference = np.broadcast_to(np.diff(bounds), down.shape)
    num, den = availability_grid(reference, np.zeros_like(down), down)
    met = target_met(num, den, Decimal("99.95"))
    tiers, hundredths = credit_percents(context["schedule"], num, den)
    return down, met, tiers, hundredths


def pandas_contracts(block: tuple[np.ndarray, ...], bounds: np.ndarray) -> pd.DataFrame:
    service, start, total, errors = block
    frame = pd.DataFrame({"service": service, "start": start, "total": total, "errors": errors})
    frame["down"] = (frame["errors"] * 100 > frame["total"] * 5).astype(np.int64) * 60
    frame["month"] = np.searchsorted(bounds, frame["start"].to_numpy(), side="right") - 1
    down = frame.groupby(["service", "month"])["down"].sum().unstack(fill_value=0)
    minutes = np.diff(bounds)
    availability = 100 * (minutes - down) / minutes
    rated = availability.round(2)
    percent = np.select(
        [rated >= 99.5, rated >= 95, rated >= 50, rated <= 49.9],
        [0.0, 25.0, 50.0, 100 - rated],
        default=np.nan,
    )
    return pd.DataFrame({"down": down.to_numpy().ravel(), "percent": percent.ravel()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--pandas-rows", type=int, default=10_000_000)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--pandas-services", type=int, default=20)
    parser.add_argument("--block", type=int, default=100)
    args = parser.parse_args()
    rng = np.random.default_rng(4)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"writing {args.rows:,} request-log rows ...", flush=True)
        paths = write_logs(folder, args.rows, rng)
        seconds, engine_down = engine_logs(paths, folder / "counts.parquet")
        print(f"logs: engine {args.rows:,} rows in {seconds:.2f} s = {args.rows / seconds:,.0f}"
              f" rows/s ({engine_down:,} interrupted minutes)")  # fmt: skip
        subset = paths[: max(1, args.pandas_rows // CHUNK)]
        sub_rows = sum(pq.ParquetFile(p).metadata.num_rows for p in subset)
        p_seconds, p_down = pandas_logs(subset)
        e_seconds, e_down = engine_logs(subset, folder / "subset.parquet")
        assert p_down == e_down, (p_down, e_down)
        print(f"logs: pandas {sub_rows:,} rows in {p_seconds:.2f} s = {sub_rows / p_seconds:,.0f}"
              f" rows/s; engine on the same rows {sub_rows / e_seconds:,.0f} rows/s;"
              f" ratio x{(args.rows / seconds) / (sub_rows / p_seconds):.1f}")  # fmt: skip

    schedule = load_contract(ROOT / "examples/contracts/000-ipfolio.yaml").contract.credits[0]
    context = {"bounds": month_bounds(Month(2024, 1), 12, "UTC"), "schedule": schedule}
    elapsed, done, missed = 0.0, 0, 0
    while done < args.services:
        size = min(args.block, args.services - done)
        block = counts_block(size, rng)
        began = time.perf_counter()
        _, met, _, _ = engine_contracts(block, size, context)
        elapsed += time.perf_counter() - began
        missed += int((~met).sum()) if met is not None else 0
        if done == 0:
            first = block, size
        done += size
    rows = args.services * MINUTES
    print(f"contracts: engine {args.services:,} services x 12 months ({rows:,} minute rows)"
          f" in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s; {missed:,} service-months"
          " below 99.95 %")  # fmt: skip

    block, size = first
    few = min(args.pandas_services, size)
    cut = few * MINUTES
    small = tuple(column[:cut] for column in block)
    began = time.perf_counter()
    baseline = pandas_contracts(small, context["bounds"])
    p_seconds = time.perf_counter() - began
    began = time.perf_counter()
    down, _, _, hundredths = engine_contracts(small, few, context)
    e_seconds = time.perf_counter() - began
    assert (baseline["down"].to_numpy() == down.ravel()).all()
    gaps = hundredths.ravel() < 0
    assert np.allclose(baseline["percent"].to_numpy()[~gaps], hundredths.ravel()[~gaps] / 100)
    print(f"contracts: pandas {few} services in {p_seconds:.2f} s = {cut / p_seconds:,.0f}"
          f" rows/s; engine on the same {cut / e_seconds:,.0f} rows/s;"
          f" ratio x{(rows / elapsed) / (cut / p_seconds):.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
