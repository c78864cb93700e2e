"""The availability batch's rows as Parquet: one schema whichever engine computed them."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from slaledger.adapters.i18n import english
from slaledger.adapters.spark_session import is_url
from slaledger.services.availability_batch import BatchRow

_COLUMNS: dict[str, pa.DataType] = {
    "contract": pa.string(),
    "contract_file": pa.string(),
    "clause": pa.string(),
    "service": pa.string(),
    "month": pa.string(),
    "period_start": pa.string(),
    "period_end": pa.string(),
    "availability": pa.string(),
    "availability_exact": pa.string(),
    "target": pa.string(),
    "met": pa.bool_(),
    "minutes_total": pa.float64(),
    "minutes_excluded": pa.float64(),
    "minutes_down": pa.float64(),
    "coverage": pa.string(),
    "error": pa.string(),
}
SCHEMA = pa.schema(_COLUMNS)
#: the same columns for Spark (strings, booleans, doubles)
_SPARK_TYPES = {pa.string(): "string", pa.bool_(): "boolean", pa.float64(): "double"}


def batch_table(rows: list[BatchRow]) -> pa.Table:
    """The rows as a table; an error is written in English (the file is data)."""
    records = [
        {**dataclasses.asdict(r), "error": None if r.error is None else english(r.error)}
        for r in rows
    ]
    return pa.Table.from_pylist(records, schema=SCHEMA)


def write_batch(rows: list[BatchRow], output: str, spark: Any = None) -> str:
    """A local file (written beside, then moved into place), or with Spark any URL
    (``spark_session.is_url``; the command line refuses a URL without Spark)."""
    table = batch_table(rows)
    if is_url(output):
        if spark is None:
            raise ValueError(f"{output}: a URL needs --engine spark")
        from slaledger.adapters.ingest.spark_logs import write_one_parquet

        schema = ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in SCHEMA)
        values = [tuple(row[name] for name in SCHEMA.names) for row in table.to_pylist()]
        write_one_parquet(spark, spark.createDataFrame(values, schema), output)
        return output
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    pq.write_table(table, partial)
    os.replace(partial, target)
    return str(target)
