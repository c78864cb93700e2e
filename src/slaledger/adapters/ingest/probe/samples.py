"""A round's check results as probe samples: one sample per service and round.

A service with several checks (its home page, its API, its database port) is up in a
round only when every one of them is: the sample is down as soon as one check is, and
its latency is the slowest check's. ``carried`` results, from earlier rounds of the
service's other checks, decide ``up`` too (a service whose API failed a minute ago and is
checked again in two minutes is still down now), but not the latency.

The table's origin is ``Origin(name, kind="probe", unit="check")`` and each sample's
``row`` the 1-based position, in the probes file, of the check that decided it: the first
check down, else the service's first check; so a trace can say ``probes.yaml check 2``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.ingest.probe.checks import CheckResult
from slaledger.domain.message import msg
from slaledger.domain.observations import Origin, SampleTable

COLUMNS = ("service", "at", "up", "latency_ms")


def probe_origin(name: str) -> Origin:
    return Origin(name=name, kind="probe", unit="check")


def round_table(
    results: Sequence[CheckResult],
    rows: Sequence[int],
    *,
    at: int,
    origin: Origin,
    carried: Sequence[tuple[CheckResult, int]] = (),
) -> SampleTable:
    """The samples of one round at epoch second ``at``; ``rows`` gives each result's
    check position (1-based) and ``carried`` earlier results with theirs."""
    services = np.asarray([r.check.service for r in results], dtype=np.str_)
    names, codes = np.unique(services, return_inverse=True)
    count = names.size
    index = {str(name): code for code, name in enumerate(names.tolist())}
    kept = [(r, row) for r, row in carried if r.check.service in index]
    all_codes = np.concatenate(
        [codes, np.asarray([index[r.check.service] for r, _ in kept], dtype=np.intp)]
    ).astype(np.int64)
    all_up = np.asarray([r.up for r in results] + [r.up for r, _ in kept], dtype=np.bool_)
    all_rows = np.asarray([*rows, *(row for _, row in kept)], dtype=np.int64)
    up = np.ones(count, dtype=np.bool_)
    np.logical_and.at(up, all_codes, all_up)
    latency = np.full(count, np.nan)
    np.fmax.at(latency, codes, np.asarray([r.latency_ms for r in results], dtype=np.float64))
    # per service, the first check down (False sorts first), else the first check
    order = np.lexsort((all_rows, all_up, all_codes))
    first = np.searchsorted(all_codes[order], np.arange(count))
    return SampleTable(
        origin=origin,
        services=tuple(str(name) for name in names.tolist()),
        service=np.arange(count, dtype=np.int64),
        at=np.full(count, at, dtype=np.int64),
        up=up,
        latency_ms=latency,
        row=all_rows[order[first]],
    )


def select(table: SampleTable, keep: np.ndarray) -> SampleTable:
    """The samples where ``keep`` is true (services renumbered)."""
    names = tuple(np.asarray(table.services, dtype=object)[np.unique(table.service[keep])])
    recode = {table.services.index(name): code for code, name in enumerate(names)}
    service = np.asarray([recode[int(c)] for c in table.service[keep]], dtype=np.int64)
    return SampleTable(
        table.origin, names, service, table.at[keep], table.up[keep],
        table.latency_ms[keep], table.row[keep],
    )  # fmt: skip


# ------------------------------------------------------------------ the file
def sample_rows(table: SampleTable) -> list[dict[str, str]]:
    """The samples in the samples file's columns (docs/inputs.md)."""
    return [
        {
            "service": table.services[int(table.service[i])],
            "at": datetime.fromtimestamp(int(table.at[i]), UTC).isoformat(),
            "up": "up" if table.up[i] else "down",
            "latency_ms": "" if math.isnan(table.latency_ms[i]) else f"{table.latency_ms[i]:.3f}",
        }
        for i in range(len(table))
    ]


def append_samples(table: SampleTable, path: str | Path) -> Path:
    """Add the samples to a samples file (CSV, or JSON lines for ``.jsonl``/``.ndjson``),
    creating it with its header when absent: each run of a cron job adds its round. The
    rows are written in one call and flushed to disk."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson"):
        expected = msg("input.ingest.samples-suffix")
        raise InputError([Problem(str(path), "", expected, f"'{target.name}'")])
    rows = sample_rows(table)
    buffer = io.StringIO()
    if _lacks_final_newline(target):
        buffer.write("\n")
    if suffix == ".csv":
        fresh = not target.exists() or target.stat().st_size == 0
        if not fresh:
            _check_header(target)
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        if fresh:
            writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            values = {**row, "latency_ms": float(row["latency_ms"]) if row["latency_ms"] else None}
            buffer.write(json.dumps(values, ensure_ascii=False) + "\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())
        handle.flush()
        os.fsync(handle.fileno())
    return target


def _lacks_final_newline(target: Path) -> bool:
    if not target.exists() or target.stat().st_size == 0:
        return False
    with target.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) != b"\n"


def _check_header(target: Path) -> None:
    with target.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    if tuple(header) != COLUMNS:
        expected = msg("input.ingest.samples-header", header=",".join(COLUMNS))
        found = ",".join(header) or "an empty first line"
        raise InputError([Problem(str(target), "", expected, found, line=1)])
