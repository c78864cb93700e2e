"""Batch CLI benchmark (issue 17): ``sla calendar add|between --input`` end to end.

Generates N rows (default 1,000,000) of ``ticket,from,hours`` and ``ticket,from,to``
(instants over 2024-2025 with +01:00, +02:00 and Z offsets), then times, best of
``--runs``:
- the named baseline, measured in the same run on the same file: a pyarrow read of the
  CSV (every column as text) and a pyarrow write of that table, the I/O limit;
- ``sla calendar add`` and ``sla calendar between`` run in-process through the CLI's
  entry point (calendar loading, parsing, engine, ISO formatting, writing: everything
  but the interpreter's start), CSV to CSV and Parquet to Parquet;
- with ``--subprocess``, ``add`` also as the installed command would run (a new
  interpreter, imports included).
It prints rows/s and each ratio against the baseline's rows/s (target: >= 500,000 rows/s
and >= 50 % of the baseline).

Run:  .venv/bin/python benchmarks/bench_batch_cli.py [--rows 1000000] [--runs 3] [--subprocess]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as arrow_csv
import pyarrow.parquet as pq

from slaledger.adapters.cli.main import main as sla

ROOT = Path(__file__).resolve().parent.parent
CALENDAR = f"{ROOT / 'examples' / 'calendars.yaml'}#previsoft-business"


def generate(rows: int, folder: Path, seed: int = 7) -> tuple[Path, Path]:
    """``add.csv`` (ticket,from,hours) and ``between.csv`` (ticket,from,to)."""
    rng = np.random.default_rng(seed)
    lo = np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64)
    hi = np.datetime64("2025-12-01T00:00:00", "s").astype(np.int64)
    starts = rng.integers(lo, hi, size=rows) // 60 * 60
    ends = starts + rng.integers(0, 30 * 86_400, size=rows)
    offsets = rng.choice(np.asarray([0, 3600, 7200]), size=rows)

    def iso(epoch: np.ndarray) -> np.ndarray:
        body = np.datetime_as_string((epoch + offsets).astype("datetime64[s]"), unit="s")
        suffix = np.where(offsets == 0, "Z", np.where(offsets == 3600, "+01:00", "+02:00"))
        return np.char.add(body, suffix)

    tickets = np.char.add("INC-", np.arange(rows).astype(str))
    hours = np.char.mod("%.2f", rng.integers(1, 60 * 60, size=rows) / 60)
    add, between = folder / "add.csv", folder / "between.csv"
    for path, last, values in ((add, "hours", hours), (between, "to", iso(ends))):
        table = pa.table({"ticket": tickets, "from": iso(starts), last: values})
        options = arrow_csv.WriteOptions(quoting_style="none")
        arrow_csv.write_csv(table, path, write_options=options)
    return add, between


def best_of(runs: int, function: Callable[[], object]) -> tuple[float, float]:
    """The best wall time and the best CPU time (all threads of this process) of
    ``runs`` calls; on a loaded machine the CPU time is the steadier figure."""
    wall = cpu = float("inf")
    for _ in range(runs):
        began, used = time.perf_counter(), time.process_time()
        function()
        wall = min(wall, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - used)
    return wall, cpu


def pyarrow_csv_round_trip(source: Path, target: Path) -> None:
    names = source.open(encoding="utf-8").readline().strip().split(",")
    options = arrow_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()))
    table = arrow_csv.read_csv(source, convert_options=options)
    arrow_csv.write_csv(table, target)


def pyarrow_parquet_round_trip(source: Path, target: Path) -> None:
    pq.write_table(pq.read_table(source), target)


def cli(*args: str) -> None:
    try:
        sla(list(args))
    except SystemExit as exc:
        if exc.code:
            raise RuntimeError(f"sla {' '.join(args)} exited {exc.code}") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--subprocess", action="store_true", help="also time a new process")
    parser.add_argument("--keep", help="folder for the generated files (default: a temporary one)")
    args = parser.parse_args()
    rows = args.rows

    with tempfile.TemporaryDirectory(prefix="bench-batch-", dir=args.keep) as name:
        folder = Path(name)
        began = time.perf_counter()
        add, between = generate(rows, folder)
        size = add.stat().st_size
        print(f"generated {rows:,} rows ({size / 1e6:.0f} MB a file) in "
              f"{time.perf_counter() - began:.1f} s")  # fmt: skip
        out = folder / "out.csv"
        add_parquet = folder / "add.parquet"
        as_text = arrow_csv.ConvertOptions(
            column_types=dict.fromkeys(["ticket", "from", "hours"], pa.string())
        )  # the same text columns as the CSV file
        pq.write_table(arrow_csv.read_csv(add, convert_options=as_text), add_parquet)
        out_parquet = folder / "out.parquet"

        cases = [
            ("pyarrow CSV read+write (baseline)", lambda: pyarrow_csv_round_trip(add, out)),
            ("calendar add, CSV", lambda: cli("calendar", "add", CALENDAR, "--input", str(add),
                                              "--output", str(out))),
            ("calendar between, CSV", lambda: cli("calendar", "between", CALENDAR, "--input",
                                                  str(between), "--output", str(out))),
            ("pyarrow Parquet read+write (baseline)",
             lambda: pyarrow_parquet_round_trip(add_parquet, out_parquet)),
            ("calendar add, Parquet", lambda: cli("calendar", "add", CALENDAR, "--input",
                                                  str(add_parquet), "--output", str(out_parquet))),
        ]  # fmt: skip
        if args.subprocess:
            command = [sys.executable, "-c", "from slaledger.adapters.cli.main import main; main()"]
            cases.append(
                (
                    "calendar add, CSV, new process",
                    lambda: subprocess.run(
                        [
                            *command,
                            "calendar",
                            "add",
                            CALENDAR,
                            "--input",
                            str(add),
                            "--output",
                            str(out),
                        ],
                        check=True,
                    ),
                )
            )
        # each case is compared with the baseline above it (CSV with CSV, Parquet with
        # Parquet); a new process is compared with the CSV baseline
        baseline = baseline_cpu = 0.0
        print(f"{'case':<40}{'wall s':>8}{'rows/s':>12}{'vs base':>9}{'cpu s':>8}{'vs base':>9}")
        csv_baseline = (0.0, 0.0)
        for label, function in cases:
            wall, cpu = best_of(1 if "process" in label else args.runs, function)
            if "process" in label:
                baseline, baseline_cpu = csv_baseline
            if "baseline" in label:
                baseline, baseline_cpu = rows / wall, rows / cpu
                csv_baseline = csv_baseline if csv_baseline[0] else (baseline, baseline_cpu)
                ratios = ("", "")
            else:
                cpu_ratio = "-" if "process" in label else f"{rows / cpu / baseline_cpu:.0%}"
                ratios = (f"{rows / wall / baseline:.0%}", cpu_ratio)
            print(
                f"{label:<40}{wall:>8.3f}{rows / wall:>12,.0f}{ratios[0]:>9}{cpu:>8.3f}"
                f"{ratios[1]:>9}"
            )
        print("cpu s: this process's CPU time, all threads (a new process: not counted)")


if __name__ == "__main__":
    main()
