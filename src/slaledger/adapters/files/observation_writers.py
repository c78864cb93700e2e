"""Writers of the observation files that ``observations.py`` reads: counts, samples,
outages, in the documented columns (docs/inputs.md), so that what a connector fetched is
read back by every other command unchanged.

The format follows the extension, as for reading: ``.csv`` (instants as
``2024-03-01T00:00:00Z``), ``.jsonl`` / ``.ndjson``, ``.parquet`` (timestamps in UTC).
A file is written beside its destination and moved into place only when complete.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as arrow_csv
import pyarrow.parquet as pq
from numpy.typing import NDArray

from slaledger.domain.observations import CountTable, OutageTable, SampleTable

SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")
#: a CSV is written in batches of this many rows
_BATCH = 1 << 16


def suffix_of(path: str | Path) -> str:
    """The format of an output file; a ValueError (the expectation) for any other."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError("a file name ending in .csv, .jsonl, .ndjson or .parquet")
    return suffix


def write_counts(table: CountTable, path: str | Path) -> Path:
    """``service,interval_start,interval_seconds,total,server_errors``."""
    names = np.asarray(table.services, dtype=object)[table.service]
    return _write(
        Path(path),
        {
            "service": pa.array(names, pa.string()),
            "interval_start": _instants(table.interval_start),
            "interval_seconds": pa.array(table.interval_seconds.astype(np.int32)),
            "total": pa.array(table.total.astype(np.int64)),
            "server_errors": pa.array(table.server_errors.astype(np.int64)),
        },
    )


def write_samples(table: SampleTable, path: str | Path) -> Path:
    """``service,at,up,latency_ms`` (``up``/``down`` in CSV; a blank latency where NaN)."""
    names = np.asarray(table.services, dtype=object)[table.service]
    latency = table.latency_ms.astype(np.float64)
    return _write(
        Path(path),
        {
            "service": pa.array(names, pa.string()),
            "at": _instants(table.at),
            "up": pa.array(table.up.astype(np.bool_)),
            "latency_ms": pa.array(latency, mask=np.isnan(latency)),
        },
        csv_text={"up": lambda column: np.where(table.up, "up", "down")},
    )


def write_outages(table: OutageTable, path: str | Path) -> Path:
    """``service,start,end,category,reported_at,reference,note`` (a blank ``reported_at``
    where the outage was not reported)."""
    names = np.asarray(table.services, dtype=object)[table.service]
    return _write(
        Path(path),
        {
            "service": pa.array(names, pa.string()),
            "start": _instants(table.start),
            "end": _instants(table.end),
            "category": pa.array(table.category.astype(str), pa.string()),
            "reported_at": _instants(table.reported_at, mask=~table.reported),
            "reference": pa.array(table.reference.astype(str), pa.string()),
            "note": pa.array(table.note.astype(str), pa.string()),
        },
    )


# --------------------------------------------------------------------- plumbing
def _instants(epoch: NDArray[np.int64], mask: NDArray[np.bool_] | None = None) -> pa.Array[Any]:
    return pa.array(
        np.asarray(epoch, dtype=np.int64) * 1_000_000, pa.timestamp("us", tz="UTC"), mask=mask
    )


def _write(
    path: Path,
    columns: dict[str, pa.Array[Any]],
    csv_text: dict[str, Callable[[pa.ChunkedArray[Any]], NDArray[Any]]] | None = None,
) -> Path:
    suffix = suffix_of(path)
    partial = path.with_name(f".{path.name}.partial")
    table = pa.table(columns)
    try:
        if suffix == ".parquet":
            pq.write_table(table, partial)
        elif suffix == ".csv":
            _write_csv(table, partial, csv_text or {})
        else:
            _write_json_lines(table, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _write_csv(
    table: pa.Table, path: Path, csv_text: dict[str, Callable[[pa.ChunkedArray[Any]], NDArray[Any]]]
) -> None:
    for name in table.column_names:
        column = table[name]
        text: NDArray[Any]
        if name in csv_text:
            text = csv_text[name](column)
        elif pa.types.is_timestamp(column.type):
            text = _iso_text(column)
        else:
            continue
        table = table.set_column(table.column_names.index(name), name, pa.array(text))
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(table.column_names) + "\r\n")
    with path.open("ab") as out:
        for offset in range(0, max(table.num_rows, 1), _BATCH):
            batch = table.slice(offset, _BATCH)
            try:  # unquoted where no value needs quotes, as people write CSV
                options = arrow_csv.WriteOptions(include_header=False, quoting_style="none")
                arrow_csv.write_csv(batch, out, options)
            except pa.ArrowInvalid:
                options = arrow_csv.WriteOptions(include_header=False, quoting_style="needed")
                arrow_csv.write_csv(batch, out, options)


def _iso_text(column: pa.ChunkedArray[Any]) -> NDArray[np.object_]:
    """``2024-03-01T00:00:00Z`` per value, ``None`` where null."""
    micros = column.cast(pa.int64()).to_numpy(zero_copy_only=False)
    nulls = column.is_null().to_numpy(zero_copy_only=False)
    seconds = np.where(nulls, 0, micros // 1_000_000).astype("datetime64[s]")
    text = np.datetime_as_string(seconds, unit="s", timezone="UTC").astype(object)
    text[nulls] = None
    return text


def _write_json_lines(table: pa.Table, path: Path) -> None:
    frame = table.to_pandas()
    for name in table.column_names:
        if pa.types.is_timestamp(table[name].type):
            frame[name] = _iso_text(table[name])
    frame.to_json(path, orient="records", lines=True, force_ascii=False)
