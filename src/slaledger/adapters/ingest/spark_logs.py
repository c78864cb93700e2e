"""Raw request logs aggregated into per-minute request counts, on Apache Spark.

The same rules as the DuckDB path (``logs.aggregate_logs``), applied by Spark so that
billions of lines in object storage are counted where they lie: the grammar of
``log_rules`` (the same regular expressions; instants built from their parts, so that
no parser's leniency differs), minutes in UTC epoch, duplicate lines counted as the
requests they are, rejected rows counted per reason with a sample (file, line or row,
reason), every minute from the first to the last one seen, the same Parquet schema.

Paths are anything the session's Spark can read (local, ``hdfs://``, ``s3a://``...).
A local ``output`` becomes one Parquet file, moved into place when complete; any other
URL becomes a Spark output directory of one part file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slaledger.adapters.files.instants import INSTANT_EXPECTED
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.ingest.log_rules import (
    COMBINED_LINE_JAVA,
    COMBINED_TIME,
    INTERVAL_SECONDS,
    ISO_INSTANT,
    MAX_LISTED,
    MONTHS,
    OFFSET_PARTS,
    REASON_OF_CODE,
    REASONS,
    STATUS_TEXT,
    LogSummary,
    Malformed,
    status_test,
)
from slaledger.adapters.ingest.logs import (
    STATUSES,
    LogFormat,
    is_server_error,
    log_format_of,
    rejected_problem,
)

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

_REMOTE = ("://", "s3:", "s3a:", "gs:", "hdfs:", "abfs:", "wasb:")


def aggregate_logs_spark(
    paths: Sequence[str | Path],
    *,
    spark: SparkSession,
    service: str,
    output: str | Path,
    server_error: Callable[[int], bool] = is_server_error,
    log_format: LogFormat | None = None,
    timestamp_field: str = "timestamp",
    status_field: str = "status",
    malformed: Malformed = "fail",
) -> LogSummary:
    """Per-minute counts of the requests in ``paths``, written to ``output`` (Parquet)."""
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as F

    if not paths:
        raise ValueError("no log files given")
    errors = sorted(status for status in STATUSES if server_error(status))
    sources = [
        _SparkSource(spark, str(p), log_format or log_format_of(p), timestamp_field, status_field)
        for p in paths
    ]
    rows = sources[0].rows
    for source in sources[1:]:
        rows = rows.unionByName(source.rows)
    try:
        grouped = (
            rows.select(
                F.coalesce(F.col("reason"), F.col("minute")).alias("minute"),
                F.expr(status_test(errors)).alias("error"),
            )
            .groupBy("minute")
            .agg(
                F.count(F.lit(1)).alias("total"),
                F.sum(F.when(F.col("error"), 1).otherwise(0)).cast("long").alias("errors"),
            )
            .cache()
        )
        found = grouped.filter("minute < 0").collect()
        rejected = {reason: 0 for reason in REASONS}
        for row in found:
            rejected[REASON_OF_CODE[int(row["minute"])]] = int(row["total"])
        samples: list[Problem] = []
        if sum(rejected.values()):
            samples = _samples(sources)
            if malformed == "fail":
                _raise(samples, sources, sum(rejected.values()))
        summary = _write(spark, grouped.filter("minute >= 0"), service, str(output))
        grouped.unpersist()
    except PySparkException as exc:
        raise InputError(
            [Problem(", ".join(map(str, paths)), "", "readable log files", _first_line(exc))]
        ) from exc
    return LogSummary(
        output=summary.output,
        requests=summary.requests,
        server_errors=summary.server_errors,
        minutes=summary.minutes,
        first_minute=summary.first_minute,
        last_minute=summary.last_minute,
        read=summary.requests + sum(rejected.values()),
        rejected=rejected,
        samples=tuple(samples),
        engine="spark",
    )


class _SparkSource:
    """One log file as a DataFrame of ``minute`` (UTC epoch minute or NULL), ``status``,
    ``reason`` (a negative code of ``REASONS``, NULL when the row counts), what to show
    when it is rejected (``raw_time``, ``raw_status``) and where it is (``_pid``, ``_n``:
    the partition and the position in it, or ``_n`` alone, the row of a Parquet file)."""

    def __init__(
        self, spark: SparkSession, path: str, kind: LogFormat, timestamp_field: str,
        status_field: str,
    ) -> None:  # fmt: skip
        from pyspark.sql import functions as F
        from pyspark.sql import types as T

        if not path.startswith(_REMOTE) and not Path(path).is_file():
            raise InputError([Problem(path, "", "a log file", "no such file")])
        self.path, self.kind = path, kind
        self.timestamp_field, self.status_field = timestamp_field, status_field
        self.numbered = None
        if kind == "parquet":
            frame = spark.read.parquet(path)
            ts, status = self._parquet_columns(frame.schema)
            frame = frame.select(
                ts.alias("epoch"),
                status.alias("status"),
                F.lit(True).alias("matched"),
                F.col(f"`{timestamp_field}`").cast("string").alias("raw_time"),
                F.col(f"`{status_field}`").cast("string").alias("raw_status"),
                F.lit(0).alias("_pid"),
                (F.col("_metadata.row_index") + 1).alias("_n"),
            )
        else:
            lines = spark.read.text(path)
            if kind == "jsonl":  # rows are numbered without the blank lines
                lines = lines.filter(F.trim("value") != "")
            lines = lines.select(
                "value",
                F.spark_partition_id().alias("_pid"),
                F.monotonically_increasing_id().alias("_id"),
            ).withColumn("_n", F.col("_id") - F.shiftleft(F.col("_pid").cast("long"), 33))
            self.numbered: DataFrame | None = lines
            if kind == "combined":
                time_text = F.regexp_extract("value", COMBINED_LINE_JAVA, 1)
                frame = lines.filter(F.trim("value") != "").select(
                    _combined_epoch(time_text).alias("epoch"),
                    F.regexp_extract("value", COMBINED_LINE_JAVA, 2)
                    .try_cast("int")
                    .alias("status"),
                    (time_text != "").alias("matched"),
                    F.col("value").alias("raw_time"),
                    F.col("value").alias("raw_status"),
                    "_pid",
                    "_n",
                )
            else:
                schema = T.StructType(
                    [T.StructField(timestamp_field, T.StringType()),
                     T.StructField(status_field, T.StringType())]
                )  # fmt: skip
                parsed = F.from_json("value", schema, {"mode": "FAILFAST"})
                frame = lines.select(
                    parsed[timestamp_field].alias("raw_time"),
                    parsed[status_field].alias("raw_status"),
                    "_pid",
                    "_n",
                ).select(
                    _iso_epoch(F.col("raw_time")).alias("epoch"),
                    _text_status(F.col("raw_status")).alias("status"),
                    F.lit(True).alias("matched"),
                    "raw_time",
                    "raw_status",
                    "_pid",
                    "_n",
                )
        reason = (
            F.when(~F.col("matched"), REASONS["not-a-log-line"])
            .when(F.col("epoch").isNull() | (F.col("epoch") < 0), REASONS["unreadable-time"])
            .when(
                F.col("status").isNull() | ~F.col("status").between(100, 599),
                REASONS["unreadable-status"],
            )
        )
        self.frame = frame.withColumn("reason", reason)
        self.rows = self.frame.select(
            F.floor(F.col("epoch") / INTERVAL_SECONDS).alias("minute"), "status", "reason"
        )

    def _parquet_columns(self, schema: Any) -> tuple[Column, Column]:
        from pyspark.sql import functions as F
        from pyspark.sql import types as T

        types = {f.name: f.dataType for f in schema.fields}
        problems = [
            Problem(self.path, field, f"a column '{field}'", "columns " + ", ".join(types))
            for field in (self.timestamp_field, self.status_field)
            if field not in types
        ]
        kind = types.get(self.timestamp_field)
        if not problems and not isinstance(kind, T.TimestampType | T.StringType):
            found = f"a {kind} column" + (
                " (no time zone)" if isinstance(kind, T.TimestampNTZType) else ""
            )
            problems.append(Problem(self.path, self.timestamp_field, INSTANT_EXPECTED, found))
        if problems:
            raise InputError(problems)
        ts, status = F.col(f"`{self.timestamp_field}`"), F.col(f"`{self.status_field}`")
        epoch = F.unix_seconds(ts) if isinstance(kind, T.TimestampType) else _iso_epoch(ts)
        integral = T.ByteType | T.ShortType | T.IntegerType | T.LongType
        if isinstance(types[self.status_field], integral):
            return epoch, status.cast("int")
        return epoch, _text_status(status.cast("string"))

    def rejected(self, limit: int) -> list[Problem]:
        """The first rejected rows, numbered as in the file (lines for access logs)."""
        from pyspark.sql import functions as F

        found = (
            self.frame.filter(F.col("reason").isNotNull())
            .orderBy("_pid", "_n")
            .limit(limit)
            .collect()
        )
        if not found:
            return []
        before: dict[int, int] = {}
        if self.kind != "parquet":  # a line's number: its place after earlier partitions
            assert self.numbered is not None
            sizes = dict(self.numbered.groupBy("_pid").count().collect())
            total = 0
            for pid in sorted(sizes):
                before[pid] = total
                total += sizes[pid]
        return [
            rejected_problem(
                self.path, self.kind, self._line(row, before), row["raw_time"],
                row["raw_status"], int(row["reason"]), self.timestamp_field, self.status_field,
            )
            for row in found
        ]  # fmt: skip

    def _line(self, row: Any, before: dict[int, int]) -> int:
        if self.kind == "parquet":
            return int(row["_n"])
        return before.get(int(row["_pid"]), 0) + int(row["_n"]) + 1


def _combined_epoch(text: Column) -> Column:
    """``10/Oct/2000:13:55:36 -0700`` to epoch seconds, NULL outside ``COMBINED_TIME``."""
    from pyspark.sql import functions as F

    def part(group: int) -> Column:
        return F.regexp_extract(text, COMBINED_TIME, group).try_cast("int")

    month = F.array_position(
        F.array(*[F.lit(m) for m in MONTHS]), F.lower(F.regexp_extract(text, COMBINED_TIME, 2))
    ).try_cast("int")
    offset = F.regexp_extract(text, COMBINED_TIME, 7)
    return F.when(
        text.rlike(COMBINED_TIME),
        _epoch(part(3), month, part(1), part(4), part(5), part(6)) - _offset_seconds(offset),
    )


def _iso_epoch(column: Column) -> Column:
    """ISO 8601 text (``ISO_INSTANT``) to epoch seconds (fractions floored), else NULL."""
    from pyspark.sql import functions as F

    text = F.trim(column)

    def part(group: int) -> Column:
        return F.regexp_extract(text, ISO_INSTANT, group)

    seconds = F.when(part(7) == "", 0).otherwise(part(7).try_cast("int"))
    offset = F.when(part(9) == "Z", F.lit(0)).otherwise(_offset_seconds(part(9)))
    epoch = _epoch(
        part(1).try_cast("int"), part(2).try_cast("int"), part(3).try_cast("int"),
        part(4).try_cast("int"), part(5).try_cast("int"), seconds,
    )  # fmt: skip
    return F.when(text.rlike(ISO_INSTANT), epoch - offset)


def _epoch(
    year: Column, month: Column, day: Column, hour: Column, minute: Column, second: Column
) -> Column:
    """Epoch seconds of a UTC wall time; NULL for a date that does not exist (Feb 30)."""
    from pyspark.sql import functions as F

    stamp = F.try_make_timestamp(year, month, day, hour, minute, second, F.lit("UTC"))
    return F.unix_seconds(stamp)


def _offset_seconds(offset: Column) -> Column:
    from pyspark.sql import functions as F

    sign = F.when(F.regexp_extract(offset, OFFSET_PARTS, 1) == "-", -1).otherwise(1)
    hours = F.regexp_extract(offset, OFFSET_PARTS, 2).try_cast("int")
    minutes_text = F.regexp_extract(offset, OFFSET_PARTS, 3)
    minutes = F.when(minutes_text == "", 0).otherwise(minutes_text.try_cast("int"))
    return sign * (hours * 3600 + minutes * 60)


def _text_status(column: Column) -> Column:
    from pyspark.sql import functions as F

    text = F.trim(column)
    return F.when(text.rlike(STATUS_TEXT), text.try_cast("int"))


def _samples(sources: list[_SparkSource]) -> list[Problem]:
    problems: list[Problem] = []
    for source in sources:
        problems.extend(source.rejected(MAX_LISTED - len(problems)))
        if len(problems) >= MAX_LISTED:
            break
    return problems


def _raise(problems: list[Problem], sources: list[_SparkSource], count: int) -> None:
    if count > len(problems):
        problems = [
            *problems,
            Problem(
                ", ".join(s.path for s in sources),
                "",
                "no more unreadable rows",
                f"{count - len(problems)} more, not listed",
            ),
        ]
    raise InputError(problems)


def _write(spark: SparkSession, minutes: DataFrame, service: str, output: str) -> LogSummary:
    """Every minute from the first to the last, zeros where nobody asked, one part file."""
    from pyspark.sql import functions as F

    totals = minutes.agg(
        F.min("minute"), F.max("minute"), F.sum("total"), F.sum("errors")
    ).collect()[0]
    first, last = totals[0], totals[1]
    requests, errors = int(totals[2] or 0), int(totals[3] or 0)
    every = spark.range(0).withColumnRenamed("id", "minute")
    if first is not None:
        every = spark.range(int(first), int(last) + 1).withColumnRenamed("id", "minute")
    known = F.col("minute") >= 0  # nullable where DuckDB's columns are, required elsewhere

    def nullable(column: Column) -> Column:
        return F.when(known, column)

    table = (
        every.join(minutes, "minute", "left")
        .select(
            F.lit(service).alias("service"),
            nullable(F.timestamp_seconds(F.col("minute") * INTERVAL_SECONDS)).alias(
                "interval_start"
            ),
            F.lit(INTERVAL_SECONDS).cast("int").alias("interval_seconds"),
            nullable(F.coalesce("total", F.lit(0)).cast("long")).alias("total"),
            nullable(F.coalesce("errors", F.lit(0)).cast("long")).alias("server_errors"),
        )
        .coalesce(1)
        .sortWithinPartitions("interval_start")
    )
    written = write_one_parquet(spark, table, output)
    return LogSummary(
        output=written,
        requests=requests,
        server_errors=errors,
        minutes=0 if first is None else int(last) - int(first) + 1,
        first_minute=None if first is None else int(first) * INTERVAL_SECONDS,
        last_minute=None if last is None else int(last) * INTERVAL_SECONDS,
    )


def write_one_parquet(spark: SparkSession, table: DataFrame, output: str) -> Path:
    """``table`` as Parquet: one file moved into place for a local ``output``, a Spark
    output directory for any other URL. Instants as microseconds with UTC, as DuckDB's."""
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    if output.startswith(_REMOTE):
        table.coalesce(1).write.mode("overwrite").parquet(output)
        return Path(output)
    target = Path(output)
    folder = target.with_name(f".{target.name}.partial.d")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        table.coalesce(1).write.mode("overwrite").parquet(str(folder.resolve()))
        (part,) = sorted(folder.glob("part-*.parquet"))
        os.replace(part, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return target


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return describe(text.splitlines()[0] if text else type(exc).__name__, 200)
