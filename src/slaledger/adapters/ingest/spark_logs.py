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
from typing import Any

from pyspark.errors import PySparkException
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as sf
from pyspark.sql import types as st

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
from slaledger.adapters.spark_session import is_url
from slaledger.domain.message import msg


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
                sf.coalesce(sf.col("reason"), sf.col("minute")).alias("minute"),
                sf.expr(status_test(errors)).alias("error"),
            )
            .groupBy("minute")
            .agg(
                sf.count(sf.lit(1)).alias("total"),
                sf.sum(sf.when(sf.col("error"), 1).otherwise(0)).cast("long").alias("errors"),
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
            [
                Problem(
                    ", ".join(map(str, paths)),
                    "",
                    msg("input.ingest.readable-logs"),
                    _first_line(exc),
                )
            ]
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
    when it is rejected (``raw_time``, ``raw_status``) and where it is: the file
    (``_file``: a URL may be a folder or a pattern of many), the split of it a partition
    read (``_block``: its first byte) and the position (``_id``: increasing along a split;
    the row itself in a Parquet file)."""

    def __init__(
        self, spark: SparkSession, path: str, kind: LogFormat, timestamp_field: str,
        status_field: str,
    ) -> None:  # fmt: skip
        if not is_url(path) and not Path(path).is_file():
            raise InputError([Problem(path, "", msg("input.ingest.log-file"), "no such file")])
        self.path, self.kind = path, kind
        self.timestamp_field, self.status_field = timestamp_field, status_field
        self.numbered: DataFrame | None = None
        if kind == "parquet":
            frame = spark.read.parquet(path)
            ts, status = self._parquet_columns(frame.schema)
            frame = frame.select(
                ts.alias("epoch"),
                status.alias("status"),
                sf.lit(True).alias("matched"),
                sf.col(f"`{timestamp_field}`").cast("string").alias("raw_time"),
                sf.col(f"`{status_field}`").cast("string").alias("raw_status"),
                sf.col("_metadata.file_path").alias("_file"),
                sf.lit(0).cast("long").alias("_block"),
                (sf.col("_metadata.row_index") + 1).alias("_id"),
            )
        else:
            lines = spark.read.text(path).select(
                "value",
                sf.col("_metadata.file_path").alias("_file"),
                sf.col("_metadata.file_block_start").alias("_block"),
            )
            if kind == "jsonl":  # rows are numbered without the blank lines
                lines = lines.filter(sf.trim("value") != "")
            lines = lines.withColumn("_id", sf.monotonically_increasing_id())
            self.numbered = lines
            if kind == "combined":
                time_text = sf.regexp_extract("value", COMBINED_LINE_JAVA, 1)
                frame = lines.filter(sf.trim("value") != "").select(
                    _combined_epoch(time_text).alias("epoch"),
                    sf.regexp_extract("value", COMBINED_LINE_JAVA, 2)
                    .try_cast("int")
                    .alias("status"),
                    (time_text != "").alias("matched"),
                    sf.col("value").alias("raw_time"),
                    sf.col("value").alias("raw_status"),
                    "_file",
                    "_block",
                    "_id",
                )
            else:
                schema = st.StructType(
                    [st.StructField(timestamp_field, st.StringType()),
                     st.StructField(status_field, st.StringType())]
                )  # fmt: skip
                parsed = sf.from_json("value", schema, {"mode": "FAILFAST"})
                frame = lines.select(
                    parsed[timestamp_field].alias("raw_time"),
                    parsed[status_field].alias("raw_status"),
                    "_file",
                    "_block",
                    "_id",
                ).select(
                    _iso_epoch(sf.col("raw_time")).alias("epoch"),
                    _text_status(sf.col("raw_status")).alias("status"),
                    sf.lit(True).alias("matched"),
                    "raw_time",
                    "raw_status",
                    "_file",
                    "_block",
                    "_id",
                )
        reason = (
            sf.when(~sf.col("matched"), REASONS["not-a-log-line"])
            .when(sf.col("epoch").isNull() | (sf.col("epoch") < 0), REASONS["unreadable-time"])
            .when(
                sf.col("status").isNull() | ~sf.col("status").between(100, 599),
                REASONS["unreadable-status"],
            )
        )
        self.frame = frame.withColumn("reason", reason)
        self.rows = self.frame.select(
            sf.floor(sf.col("epoch") / INTERVAL_SECONDS).alias("minute"), "status", "reason"
        )

    def _parquet_columns(self, schema: Any) -> tuple[Column, Column]:

        types = {f.name: f.dataType for f in schema.fields}
        problems = [
            Problem(
                self.path,
                field,
                msg("input.ingest.column", name=field),
                "columns " + ", ".join(types),
            )
            for field in (self.timestamp_field, self.status_field)
            if field not in types
        ]
        kind = types.get(self.timestamp_field)
        if not problems and not isinstance(kind, st.TimestampType | st.StringType):
            found = (
                msg("input.found.typed-column-no-zone", type=str(kind))
                if isinstance(kind, st.TimestampNTZType)
                else msg("input.found.typed-column", type=str(kind))
            )
            problems.append(Problem(self.path, self.timestamp_field, INSTANT_EXPECTED, found))
        if problems:
            raise InputError(problems)
        ts, status = sf.col(f"`{self.timestamp_field}`"), sf.col(f"`{self.status_field}`")
        epoch = sf.unix_seconds(ts) if isinstance(kind, st.TimestampType) else _iso_epoch(ts)
        integral = st.ByteType | st.ShortType | st.IntegerType | st.LongType
        if isinstance(types[self.status_field], integral):
            return epoch, status.cast("int")
        return epoch, _text_status(status.cast("string"))

    def rejected(self, limit: int) -> list[Problem]:
        """The first rejected rows, numbered as in their file (lines for access logs)."""

        found = (
            self.frame.filter(sf.col("reason").isNotNull())
            .orderBy("_file", "_block", "_id")
            .limit(limit)
            .collect()
        )
        if not found:
            return []
        first: dict[tuple[str, int], int] = {}  # a split's first _id, minus the lines before
        if self.kind != "parquet":
            assert self.numbered is not None
            splits = self.numbered.groupBy("_file", "_block").agg(
                sf.min("_id").alias("first"), sf.count(sf.lit(1)).alias("lines")
            )
            before: dict[str, int] = {}
            for split in sorted(splits.collect(), key=lambda r: (r["_file"], r["_block"])):
                done = before.get(split["_file"], 0)
                first[(split["_file"], int(split["_block"]))] = int(split["first"]) - done
                before[split["_file"]] = done + int(split["lines"])
        return [
            rejected_problem(
                self._file(row), self.kind, self._line(row, first), row["raw_time"],
                row["raw_status"], int(row["reason"]), self.timestamp_field, self.status_field,
            )
            for row in found
        ]  # fmt: skip

    def _file(self, row: Any) -> str:
        """The path as given, or for a URL (maybe a folder, a pattern) the file itself."""
        return str(row["_file"]) if is_url(self.path) else self.path

    def _line(self, row: Any, first: dict[tuple[str, int], int]) -> int:
        if self.kind == "parquet":
            return int(row["_id"])
        return int(row["_id"]) - first[(row["_file"], int(row["_block"]))] + 1


def _combined_epoch(text: Column) -> Column:
    """``10/Oct/2000:13:55:36 -0700`` to epoch seconds, NULL outside ``COMBINED_TIME``."""

    def part(group: int) -> Column:
        return sf.regexp_extract(text, COMBINED_TIME, group).try_cast("int")

    month = sf.array_position(
        sf.array(*[sf.lit(m) for m in MONTHS]), sf.lower(sf.regexp_extract(text, COMBINED_TIME, 2))
    ).try_cast("int")
    offset = sf.regexp_extract(text, COMBINED_TIME, 7)
    return sf.when(
        text.rlike(COMBINED_TIME),
        _epoch(part(3), month, part(1), part(4), part(5), part(6)) - _offset_seconds(offset),
    )


def _iso_epoch(column: Column) -> Column:
    """ISO 8601 text (``ISO_INSTANT``) to epoch seconds (fractions floored), else NULL."""

    text = sf.trim(column)

    def part(group: int) -> Column:
        return sf.regexp_extract(text, ISO_INSTANT, group)

    seconds = sf.when(part(7) == "", 0).otherwise(part(7).try_cast("int"))
    offset = sf.when(part(9) == "Z", sf.lit(0)).otherwise(_offset_seconds(part(9)))
    epoch = _epoch(
        part(1).try_cast("int"), part(2).try_cast("int"), part(3).try_cast("int"),
        part(4).try_cast("int"), part(5).try_cast("int"), seconds,
    )  # fmt: skip
    return sf.when(text.rlike(ISO_INSTANT), epoch - offset)


def _epoch(
    year: Column, month: Column, day: Column, hour: Column, minute: Column, second: Column
) -> Column:
    """Epoch seconds of a UTC wall time; NULL for a date that does not exist (Feb 30)."""

    stamp = sf.try_make_timestamp(year, month, day, hour, minute, second, sf.lit("UTC"))
    return sf.unix_seconds(stamp)


def _offset_seconds(offset: Column) -> Column:

    sign = sf.when(sf.regexp_extract(offset, OFFSET_PARTS, 1) == "-", -1).otherwise(1)
    hours = sf.regexp_extract(offset, OFFSET_PARTS, 2).try_cast("int")
    minutes_text = sf.regexp_extract(offset, OFFSET_PARTS, 3)
    minutes = sf.when(minutes_text == "", 0).otherwise(minutes_text.try_cast("int"))
    return sign * (hours * 3600 + minutes * 60)


def _text_status(column: Column) -> Column:

    text = sf.trim(column)
    return sf.when(text.rlike(STATUS_TEXT), text.try_cast("int"))


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
                msg("input.ingest.no-more-rows"),
                msg("input.found.more-not-listed", n=count - len(problems)),
            ),
        ]
    raise InputError(problems)


def _write(spark: SparkSession, minutes: DataFrame, service: str, output: str) -> LogSummary:
    """Every minute from the first to the last, zeros where nobody asked, one part file."""

    totals = minutes.agg(
        sf.min("minute"), sf.max("minute"), sf.sum("total"), sf.sum("errors")
    ).collect()[0]
    first, last = totals[0], totals[1]
    requests, errors = int(totals[2] or 0), int(totals[3] or 0)
    every = spark.range(0).withColumnRenamed("id", "minute")
    if first is not None:
        every = spark.range(int(first), int(last) + 1).withColumnRenamed("id", "minute")
    known = sf.col("minute") >= 0  # nullable where DuckDB's columns are, required elsewhere

    def nullable(column: Column) -> Column:
        return sf.when(known, column)

    table = (
        every.join(minutes, "minute", "left")
        .select(
            sf.lit(service).alias("service"),
            nullable(sf.timestamp_seconds(sf.col("minute") * INTERVAL_SECONDS)).alias(
                "interval_start"
            ),
            sf.lit(INTERVAL_SECONDS).cast("int").alias("interval_seconds"),
            nullable(sf.coalesce("total", sf.lit(0)).cast("long")).alias("total"),
            nullable(sf.coalesce("errors", sf.lit(0)).cast("long")).alias("server_errors"),
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


def write_one_parquet(spark: SparkSession, table: DataFrame, output: str) -> Path | str:
    """``table`` as Parquet: one file moved into place for a local ``output``, a Spark
    output directory for any other URL. Instants as microseconds with UTC, as DuckDB's."""
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    if is_url(output):  # kept as text: a Path would fold its "//"
        table.coalesce(1).write.mode("overwrite").parquet(output)
        return output
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
