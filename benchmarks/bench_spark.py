"""Spark engine benchmark (issue 18): raw request logs to per-minute counts, Spark against
DuckDB measured in the same run.

``--rows`` generated request-log rows (Parquet files of 10 M rows: a UTC timestamp and an
HTTP status over one year, 0.3 % server errors; written in a temp dir, deleted after,
generation not timed) aggregated per minute by ``aggregate_logs`` (DuckDB, every core)
and by ``aggregate_logs_spark`` in local mode on 1 and then 2 cores (``local[1]``,
``local[2]``; one warm-up run on the first file before each timed run, session start-up
timed apart). The outputs are checked equal. Prints each time, rows/s, rows/s per core,
and the Spark/DuckDB time ratio: the sizing rule of docs/scale-out.md.

Run:  .venv/bin/python benchmarks/bench_spark.py              # 10 M rows
      .venv/bin/python benchmarks/bench_spark.py --rows 100000000 --driver-memory 2g
(100 M rows: about 1 GB of Parquet in the temp dir; on a 2-core machine count a few
minutes for each Spark run.)
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from slaledger.adapters.ingest.logs import aggregate_logs
from slaledger.adapters.ingest.spark_logs import aggregate_logs_spark

YEAR_START = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
MINUTES = 366 * 1440
CHUNK = 10_000_000


def write_logs(folder: Path, rows: int, rng: np.random.Generator) -> list[Path]:
    paths = []
    for index, first in enumerate(range(0, rows, CHUNK)):
        n = min(CHUNK, rows - first)
        seconds = np.sort(rng.integers(0, MINUTES * 60, size=n)) + YEAR_START
        status = np.where(rng.random(n) < 0.003, 503, 200).astype(np.int16)
        table = pa.table(
            {
                "timestamp": pa.array(seconds * 1_000_000, pa.timestamp("us", tz="UTC")),
                "status": pa.array(status),
            }
        )
        path = folder / f"requests-{index:03d}.parquet"
        pq.write_table(table, path, row_group_size=1_000_000)
        paths.append(path)
    return paths


def spark_run(paths: list[Path], folder: Path, cores: int, memory: str) -> tuple[float, float]:
    """(session start-up, aggregation) seconds on ``local[cores]`` (checked: the session's
    parallelism is ``cores``; a second session reuses the first one's JVM)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyspark.sql import SparkSession

        began = time.perf_counter()
        spark = (
            SparkSession.builder.master(f"local[{cores}]")
            .config("spark.driver.memory", memory)
            .config("spark.sql.shuffle.partitions", str(2 * cores))
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.ansi.enabled", "true")
            .getOrCreate()
        )
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - began
    assert spark.sparkContext.defaultParallelism == cores, spark.sparkContext.master
    try:
        aggregate_logs_spark(paths[:1], spark=spark, service="api", output=folder / "warm.parquet")
        began = time.perf_counter()
        aggregate_logs_spark(
            paths, spark=spark, service="api", output=folder / f"spark-{cores}.parquet"
        )
        return startup, time.perf_counter() - began
    finally:
        spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--driver-memory", default="1g")
    parser.add_argument("--cores", default="1,2", help="Spark local[N] runs, e.g. 1,2")
    args = parser.parse_args()
    rng = np.random.default_rng(18)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_logs(folder, args.rows, rng)
        began = time.perf_counter()
        aggregate_logs(paths, service="api", output=folder / "duck.parquet")
        duck = time.perf_counter() - began
        print(f"rows: {args.rows:,} Parquet log rows in {len(paths)} files")
        print(
            f"duckdb (all cores):  {duck:7.2f} s  {args.rows / duck / 1e6:7.2f} M rows/s  "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
        expected = pq.read_table(folder / "duck.parquet")
        for cores in [int(c) for c in args.cores.split(",")]:
            startup, seconds = spark_run(paths, folder, cores, args.driver_memory)
            found = pq.read_table(folder / f"spark-{cores}.parquet")
            same = found.to_pydict() == expected.to_pydict()
            rate = args.rows / seconds
            print(
                f"spark local[{cores}]:     {seconds:7.2f} s  {rate / 1e6:7.2f} M rows/s  "
                f"{rate / cores / 1e6:6.2f} M rows/s per core  "
                f"spark/duckdb x{seconds / duck:.1f}  (start-up {startup:.1f} s; "
                f"{'same counts' if same else 'COUNTS DIFFER'}; "
                f"load average {os.getloadavg()[0]:.1f})"
            )


if __name__ == "__main__":
    main()
