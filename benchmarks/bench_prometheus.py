"""Prometheus benchmark (issue 14): a year of one-minute data ingested from a real
Prometheus, against a bare ``query_range`` fetch of the same range in the same run.

A Prometheus (Debian's package, as in the tests) is started on a loopback port with a
backfilled year, 2023, of one series at one-minute resolution: ``probe_success`` (525,600
points; backfilling is not timed). Timed, best of ``--repeat``:

- baseline: the same requests ``sla ingest prometheus`` makes (chunks of 10,000 steps),
  each answer only decoded from JSON (httpx, ``response.json()``);
- ingest: ``PrometheusSource.fetch`` (requests, decoding, checks, the SampleTable), then
  the same written as the samples file (Parquet and CSV).

With ``--counts``, the same for two series (requests and server errors: 1,051,200 points)
read as counts rows.

Run:  .venv/bin/python benchmarks/bench_prometheus.py [--repeat 3] [--counts]
      (the port is SLALEDGER_TEST_PROMETHEUS_PORT, else one the system assigns)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' Prometheus harness

from tests.prometheus_server import Family, PrometheusServer  # noqa: E402

from slaledger.adapters.files.observation_writers import write_counts, write_samples  # noqa: E402
from slaledger.adapters.ingest.prometheus import PrometheusSource, chunks  # noqa: E402
from slaledger.adapters.ingest.prometheus_api import PrometheusClient  # noqa: E402

START = int(datetime(2023, 1, 1, tzinfo=UTC).timestamp())
END = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
STEP = 60
UP = 'min_over_time(probe_success{job="bench"}[1m])'
TOTAL = 'sum_over_time(bench:http_requests:increase1m{job="bench"}[1m])'
ERRORS = 'sum_over_time(bench:http_server_errors:increase1m{job="bench"}[1m])'


def history(counts: bool) -> list[Family]:
    rng = np.random.default_rng(14)
    at = np.arange(START, END, STEP, dtype=np.int64) + 30
    job = {"job": "bench"}
    families = [Family("probe_success", "gauge", [(job, at, rng.random(at.size) >= 0.002)])]
    if counts:
        total = rng.integers(20, 400, size=at.size)
        errors = np.where(rng.random(at.size) < 0.01, total // 10, 0)
        families += [
            Family("bench:http_requests:increase1m", "gauge", [(job, at, total)]),
            Family("bench:http_server_errors:increase1m", "gauge", [(job, at, errors)]),
        ]
    return families


def bare_fetch(url: str, queries: list[str]) -> int:
    """The requests of an ingest, answers decoded and nothing more; returns the points."""
    points = 0
    with httpx.Client(base_url=url, timeout=120) as http:
        for query in queries:
            for low, high in chunks(START + STEP, END, STEP):
                form = {"query": query, "start": str(low), "end": str(high), "step": str(STEP)}
                body = http.post("/api/v1/query_range", data=form).json()
                points += sum(len(s["values"]) for s in body["data"]["result"])
    return points


def best(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - began)
    return min(timings), result


def run(
    server: PrometheusServer, folder: Path, repeat: int, name: str, source: PrometheusSource
) -> None:
    baseline, points = best(repeat, lambda: bare_fetch(server.url, source.queries()))
    assert isinstance(points, int)

    def ingest() -> object:
        with PrometheusClient(server.url, timeout=120) as client:
            return source.fetch(client, start=START, end=END).table

    fetch_seconds, table = best(repeat, ingest)
    writer: Callable[..., Path] = write_samples if source.kind == "samples" else write_counts
    files = {}
    for suffix in (".parquet", ".csv"):
        seconds, _ = best(repeat, lambda s=suffix: writer(table, folder / f"{name}{s}"))
        files[suffix] = seconds
    rows = len(table)  # type: ignore[arg-type]
    requests = len(source.queries()) * len(chunks(START + STEP, END, STEP))
    print(
        f"{name}: {points:,} points in {requests} requests; bare query_range fetch "
        f"{baseline:.2f} s ({points / baseline:,.0f} points/s)"
    )
    print(
        f"{name}: fetch to a table of {rows:,} rows {fetch_seconds:.2f} s "
        f"(x{fetch_seconds / baseline:.2f} the bare fetch); + Parquet {files['.parquet']:.2f} s "
        f"(x{(fetch_seconds + files['.parquet']) / baseline:.2f}); + CSV {files['.csv']:.2f} s "
        f"(x{(fetch_seconds + files['.csv']) / baseline:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--counts", action="store_true", help="also two series as counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        server = PrometheusServer(folder, history(args.counts))
        print(
            f"backfilled and started Prometheus in {time.perf_counter() - began:.1f} s "
            f"({server.url})",
            flush=True,
        )
        try:
            run(server, folder, args.repeat, "up", PrometheusSource("bench", up_query=UP))
            if args.counts:
                counts = PrometheusSource("bench", total_query=TOTAL, errors_query=ERRORS)
                run(server, folder, args.repeat, "counts", counts)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
