"""Batch CLI benchmark (issue 17): ``sla calendar add|between --input`` end to end.

Generates N rows (default 1,000,000) of ``ticket,from,hours`` and ``ticket,from,to``
(instants over 2024-2025 with +01:00, +02:00 and Z offsets), then times, best of
``--runs``:
- the named baseline, measured in the same run on the same file: a pyarrow read of the
  CSV (every column as text) and a pyarrow write of that table, the I/O limit;
- ``sla calendar add`` and ``sla calendar between`` run in-process through the CLI's
  entry point (calendar loading, parsing, engine, ISO formatting, writing: everything
  but the interpreter's start), CSV to CSV and Parquet to Parquet; the CSV files have
  a quoted header (pyarrow's writer quotes it) and plain rows (the fast path), and
  ``add`` also runs on the same rows with every cell quoted (the general path);
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
        # every text cell quoted, as pyarrow's writer does by default: the reader's
        # general path (a quote in a row could hide a line break)
        add_quoted = folder / "add-quoted.csv"
        arrow_csv.write_csv(arrow_csv.read_csv(add, convert_options=as_text), add_quoted)

        def run(kind: str, source: Path, target: Path) -> Callable[[], None]:
            args = ("calendar", kind, CALENDAR, "--input", str(source), "--output", str(target))
            return lambda: cli(*args)

        def new_process() -> None:
            script = "from slaledger.adapters.cli.main import main; main()"
            arguments = ["calendar", "add", CALENDAR, "--input", str(add), "--output", str(out)]
            subprocess.run([sys.executable, "-c", script, *arguments], check=True)

        # (case, its baseline: the same input read and written by pyarrow, the case)
        pairs = [
            ("calendar add, CSV", lambda: pyarrow_csv_round_trip(add, out), run("add", add, out)),
            (
                "calendar between, CSV",
                lambda: pyarrow_csv_round_trip(between, out),
                run("between", between, out),
            ),
            (
                "calendar add, quoted CSV",
                lambda: pyarrow_csv_round_trip(add_quoted, out),
                run("add", add_quoted, out),
            ),
            (
                "calendar add, Parquet",
                lambda: pyarrow_parquet_round_trip(add_parquet, out_parquet),
                run("add", add_parquet, out_parquet),
            ),
        ]
        if args.subprocess:
            pairs.append(
                ("calendar add, CSV, new process", pairs[0][1], new_process),
            )
        # rounds interleave every baseline with its case, so that a machine whose load
        # changes during the run weighs on both alike; the best of the rounds is kept
        best: dict[tuple[str, str], tuple[float, float]] = {}
        for _ in range(args.runs):
            for label, baseline, case in pairs:
                for role, function in (("baseline", baseline), ("case", case)):
                    wall, cpu = best_of(1, function)
                    previous = best.get((label, role), (float("inf"), float("inf")))
                    best[label, role] = (min(wall, previous[0]), min(cpu, previous[1]))
        print(
            f"{'case':<32}{'wall s':>8}{'rows/s':>12}{'pyarrow s':>11}{'rows/s':>12}"
            f"{'ratio':>7}{'cpu s':>7}{'pyarrow':>9}{'ratio':>7}"
        )
        for label, _, _ in pairs:
            wall, cpu = best[label, "case"]
            base_wall, base_cpu = best[label, "baseline"]
            process = "process" in label
            cpu_text = f"{'-':>7}{'-':>9}{'-':>7}" if process else (
                f"{cpu:>7.2f}{base_cpu:>9.2f}{base_cpu / cpu:>7.0%}"
            )  # fmt: skip
            print(
                f"{label:<32}{wall:>8.3f}{rows / wall:>12,.0f}{base_wall:>11.3f}"
                f"{rows / base_wall:>12,.0f}{base_wall / wall:>7.0%}{cpu_text}"
            )
        print(
            "ratio: the case's rows/s over pyarrow's reading and writing the same input;"
            " cpu s: CPU time of this process, all threads (a new process: not counted)"
        )


if __name__ == "__main__":
    main()
