"""Raw request logs aggregated into per-minute request counts, by DuckDB.

Formats, chosen by the file name (or ``log_format``):
- ``combined``: Apache / nginx access logs in combined (or common) log format,
  ``host ident user [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 2326 ...``;
  names like ``access.log``, ``access.log.1``, ``x.txt``, optionally ``.gz``.
- ``jsonl``: one JSON object per line with a timestamp (ISO 8601 text with its UTC
  offset) and an HTTP status; ``.jsonl`` / ``.ndjson``, optionally ``.gz``.
- ``parquet``: a timestamp column (TIMESTAMP WITH TIME ZONE, or ISO 8601 text with its
  offset) and an integer status column.
The output is the counts file of docs/inputs.md, in Parquet: ``service``,
``interval_start`` (UTC timestamp), ``interval_seconds`` (60), ``total``,
``server_errors``, one row per minute from the first to the last minute seen — a minute
in between without any request has a total of 0: the log shows that nobody asked, which
is not a monitoring gap. A request is a server error when ``server_error(status)`` is
true (by default a status of 500 or more); the predicate is asked once per possible
status (100-599), never per row, so the work stays inside DuckDB.
All-or-nothing by default: one line without a readable timestamp with an offset, or
without an HTTP status, fails the run with an InputError naming the file and line (or
row). With ``malformed="skip"`` such rows are counted per reason and the first of them
returned as a sample instead (``log_rules``: the grammar and reasons every engine shares;
``spark_logs``: the same aggregation on Apache Spark). The output is written beside its
destination and moved into place only when complete.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import duckdb

from slaledger.adapters.files.instants import INSTANT_EXPECTED
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.ingest.log_rules import (
    COMBINED_EXPECTED,
    COMBINED_LINE,
    COMBINED_TIME,
    INTERVAL_SECONDS,
    ISO_INSTANT,
    MAX_LISTED,
    REASON_OF_CODE,
    REASONS,
    STATUS_EXPECTED,
    STATUS_TEXT,
    LogSummary,
    Malformed,
    status_test,
)
from slaledger.domain.message import msg

__all__ = ["INTERVAL_SECONDS", "LogFormat", "LogSummary", "aggregate_logs", "log_format_of"]

LogFormat = Literal["combined", "jsonl", "parquet"]
STATUSES = range(100, 600)
#: How often the progress callback is fed while DuckDB works.
PROGRESS_EVERY = 0.2

#: a simple prefix keeps RE2 fast (~1.5 million lines a second on two cores)
_COMBINED = COMBINED_LINE
_COMBINED_TIME = "%d/%b/%Y:%H:%M:%S %z"
_COMBINED_EXPECTED = COMBINED_EXPECTED
_COMBINED_TIME_EXPECTED = msg("input.ingest.combined-time")
#: Never in a log line: read_csv then hands over each whole line as one value.
_NO_DELIMITER = "\\x1f\\x1e\\x1d\\x1c"
_NAMES: list[tuple[str, LogFormat]] = [
    (r"\.parquet$", "parquet"),
    (r"\.(jsonl|ndjson)(\.gz)?$", "jsonl"),
    (r"\.(log(\.\d+)?|txt)(\.gz)?$", "combined"),
]


def is_server_error(status: int) -> bool:
    """The default rule: a status of 500 or more."""
    return status >= 500


def log_format_of(path: str | Path) -> LogFormat:
    """The format a log file's name implies; an InputError when it implies none."""
    name = Path(path).name.lower()
    for pattern, kind in _NAMES:
        if re.search(pattern, name):
            return kind
    expected = msg("input.ingest.log-name")
    raise InputError([Problem(str(path), "", expected, describe(Path(path).name))])


def aggregate_logs(
    paths: Sequence[str | Path],
    *,
    service: str,
    output: str | Path,
    server_error: Callable[[int], bool] = is_server_error,
    log_format: LogFormat | None = None,
    timestamp_field: str = "timestamp",
    status_field: str = "status",
    on_progress: Callable[[float], None] | None = None,
    malformed: Malformed = "fail",
) -> LogSummary:
    """Per-minute counts of the requests in ``paths``, written to ``output`` (Parquet).

    ``on_progress`` receives the fraction done (0 to 1) from the calling thread while
    DuckDB reads, and 1.0 at the end. ``malformed``: fail on the first rejected rows
    (listed in the InputError), or skip them (counted and sampled in the summary).
    """
    if not paths:
        raise ValueError("no log files given")
    errors = sorted(status for status in STATUSES if server_error(status))
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        sources = [
            _Source(con, Path(p), log_format or log_format_of(p), timestamp_field, status_field)
            for p in paths
        ]
        union = " UNION ALL ".join(
            f"SELECT ts, status, reason FROM ({s.sql}) WHERE keep" for s in sources
        )
        error_test = _status_test(errors)
        aggregate = f"""
            CREATE TEMP TABLE minutes AS
            SELECT coalesce(reason, epoch_us(ts) // 60000000) AS minute,
                   count(*) AS total,
                   count(*) FILTER (WHERE {error_test}) AS server_errors
            FROM ({union})
            GROUP BY 1
        """
        _run_with_progress(con, aggregate, on_progress)
        rejected = {reason: 0 for reason in REASONS}
        for code, total in con.execute(
            "SELECT minute, total FROM minutes WHERE minute < 0"
        ).fetchall():
            rejected[REASON_OF_CODE[int(code)]] = int(total)
        samples: list[Problem] = []
        if sum(rejected.values()):
            if malformed == "fail":
                _raise_unreadable(con, sources, sum(rejected.values()))
            samples = _samples(con, sources)
        summary = _write(con, service, Path(output))
        read = summary.requests + sum(rejected.values())
        summary = dataclasses.replace(summary, read=read, rejected=rejected, samples=tuple(samples))
    except duckdb.Error as exc:
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
    finally:
        con.close()
    if on_progress is not None:
        on_progress(1.0)
    return summary


#: Why a row is rejected (a negative code of ``REASONS``), NULL when it counts.
_REASON = (
    f"CASE WHEN NOT matched THEN {REASONS['not-a-log-line']} "
    f"WHEN ts IS NULL OR ts < TIMESTAMPTZ '1970-01-01 00:00:00+00' "
    f"THEN {REASONS['unreadable-time']} "
    f"WHEN status IS NULL OR status NOT BETWEEN 100 AND 599 "
    f"THEN {REASONS['unreadable-status']} END"
)


class _Source:
    """One log file as SQL giving, for each line or row: ``ts`` (TIMESTAMPTZ or NULL),
    ``status`` (INTEGER or NULL), what to show when either is unreadable (``raw_time``,
    ``raw_status``), and ``keep`` (false for the blank lines of an access log)."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: Path,
        kind: LogFormat,
        timestamp_field: str,
        status_field: str,
    ) -> None:
        if not path.is_file():
            raise InputError([Problem(str(path), "", msg("input.ingest.log-file"), "no such file")])
        self.path = path
        self.kind = kind
        self.timestamp_field = timestamp_field
        self.status_field = status_field
        file = _literal(str(path))
        if kind == "combined":
            reader = (
                f"read_csv({file}, columns={{'line': 'VARCHAR'}}, delim=E'{_NO_DELIMITER}', "
                "quote='', escape='', header=false, auto_detect=false)"
            )
            parts = f"regexp_extract(line, {_literal(_COMBINED)}, ['ts', 'status'])"
            self.sql = _with_reason(f"""
                SELECT CASE WHEN regexp_full_match(p.ts, {_literal(COMBINED_TIME)})
                            THEN try_strptime(p.ts, {_literal(_COMBINED_TIME)}) END AS ts,
                       try_cast(p.status AS INTEGER) AS status,
                       p.ts <> '' AS matched,
                       line AS raw_time, line AS raw_status,
                       line IS NOT NULL AND trim(line) <> '' AS keep
                FROM (SELECT {parts} AS p, line FROM {reader})
            """)
            return
        ts, status = _identifier(timestamp_field), _identifier(status_field)
        if kind == "jsonl":
            columns = (
                f"{{{_literal(timestamp_field)}: 'VARCHAR', {_literal(status_field)}: 'VARCHAR'}}"
            )
            reader = f"read_json({file}, format='newline_delimited', columns={columns})"
            time_sql, status_sql = _text_instant(ts), _text_status(status)
        else:
            reader = f"read_parquet({file})"
            time_sql, status_sql = self._parquet_columns(con, reader)
        self.sql = _with_reason(f"""
            SELECT {time_sql} AS ts, {status_sql} AS status, true AS matched,
                   {ts}::VARCHAR AS raw_time, {status}::VARCHAR AS raw_status, true AS keep
            FROM {reader}
        """)

    def _parquet_columns(self, con: duckdb.DuckDBPyConnection, reader: str) -> tuple[str, str]:
        types = {
            name: kind
            for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
        }
        problems = [
            Problem(
                str(self.path),
                field,
                msg("input.ingest.column", name=field),
                "columns " + ", ".join(types),
            )
            for field in (self.timestamp_field, self.status_field)
            if field not in types
        ]
        kind = types.get(self.timestamp_field, "")
        if not problems and kind not in ("TIMESTAMP WITH TIME ZONE", "VARCHAR"):
            found = (
                msg("input.found.typed-column-no-zone", type=kind)
                if kind.startswith("TIMESTAMP")
                else msg("input.found.typed-column", type=kind)
            )
            problems.append(Problem(str(self.path), self.timestamp_field, INSTANT_EXPECTED, found))
        if problems:
            raise InputError(problems)
        ts, status = _identifier(self.timestamp_field), _identifier(self.status_field)
        time_sql = ts if kind == "TIMESTAMP WITH TIME ZONE" else _text_instant(ts)
        integer = types[self.status_field] in _INTEGER_TYPES
        return time_sql, f"{status}::INTEGER" if integer else _text_status(status)

    def unreadable_rows(self, con: duckdb.DuckDBPyConnection, limit: int) -> list[Problem]:
        """The first unreadable rows, numbered as in the file (lines for access logs)."""
        con.execute("SET threads = 1")  # one thread keeps row_number() in file order
        rows = con.execute(
            f"""
            SELECT n, raw_time, raw_status, reason
            FROM (SELECT row_number() OVER () AS n, * FROM ({self.sql}))
            WHERE keep AND reason IS NOT NULL
            ORDER BY n LIMIT {int(limit)}
            """
        ).fetchall()
        return [
            rejected_problem(
                str(self.path), self.kind, n, raw_time, raw_status, int(reason),
                self.timestamp_field, self.status_field,
            )
            for n, raw_time, raw_status, reason in rows
        ]  # fmt: skip


def rejected_problem(
    source: str, kind: LogFormat, number: int, raw_time: object, raw_status: object,
    reason: int, timestamp_field: str, status_field: str,
) -> Problem:  # fmt: skip
    """The Problem every engine reports for a rejected row: access-log lines by their line
    (blank ones numbered too), JSON lines and Parquet rows by their row."""
    if kind == "combined":  # the reason as the field: the line, its time or its status
        field, expected = "", _COMBINED_EXPECTED
        if reason == REASONS["unreadable-time"]:
            field, expected = "time", _COMBINED_TIME_EXPECTED
        elif reason == REASONS["unreadable-status"]:
            field, expected = "status", STATUS_EXPECTED
        return Problem(source, field, expected, describe(raw_time), line=number)
    if reason == REASONS["unreadable-time"]:
        return Problem(source, timestamp_field, INSTANT_EXPECTED, describe(raw_time), row=number)
    return Problem(source, status_field, STATUS_EXPECTED, describe(raw_status), row=number)


def _samples(con: duckdb.DuckDBPyConnection, sources: list[_Source]) -> list[Problem]:
    problems: list[Problem] = []
    for source in sources:
        problems.extend(source.unreadable_rows(con, MAX_LISTED - len(problems)))
        if len(problems) >= MAX_LISTED:
            break
    return problems


def _run_with_progress(
    con: duckdb.DuckDBPyConnection, sql: str, on_progress: Callable[[float], None] | None
) -> None:
    """Run ``sql`` in a worker thread and feed ``on_progress`` from this one."""
    failure: list[BaseException] = []

    def work() -> None:
        try:
            con.execute(sql)
        except BaseException as exc:  # handed to the calling thread
            failure.append(exc)

    worker = threading.Thread(target=work, name="aggregate-logs")
    worker.start()
    shown = -1.0
    while worker.is_alive():
        worker.join(PROGRESS_EVERY)
        if on_progress is not None and worker.is_alive():
            percent = con.query_progress()
            if percent >= 0 and percent / 100 > shown:
                shown = percent / 100
                on_progress(min(shown, 0.99))
    if failure:
        raise failure[0]


def _raise_unreadable(con: duckdb.DuckDBPyConnection, sources: list[_Source], count: int) -> None:
    problems = _samples(con, sources)
    if count > len(problems):
        problems.append(
            Problem(
                ", ".join(str(s.path) for s in sources),
                "",
                msg("input.ingest.no-more-rows"),
                msg("input.found.more-not-listed", n=count - len(problems)),
            )
        )
    raise InputError(problems)


def _write(con: duckdb.DuckDBPyConnection, service: str, output: Path) -> LogSummary:
    totals = con.execute(
        "SELECT min(minute), max(minute), coalesce(sum(total), 0), "
        "coalesce(sum(server_errors), 0) FROM minutes WHERE minute >= 0"
    ).fetchone()
    assert totals is not None
    first, last, requests, errors = totals
    every_minute = "SELECT NULL::BIGINT AS minute WHERE false"
    if first is not None:
        every_minute = f"SELECT range AS minute FROM range({int(first)}, {int(last) + 1})"
    partial = output.with_name(f".{output.name}.partial")
    con.execute(
        f"""
        COPY (
            SELECT {_literal(service)} AS service,
                   to_timestamp(m.minute * {INTERVAL_SECONDS}) AS interval_start,
                   {INTERVAL_SECONDS}::INTEGER AS interval_seconds,
                   coalesce(c.total, 0)::BIGINT AS total,
                   coalesce(c.server_errors, 0)::BIGINT AS server_errors
            FROM ({every_minute}) m
            LEFT JOIN (SELECT * FROM minutes WHERE minute >= 0) c USING (minute)
            ORDER BY m.minute
        ) TO {_literal(str(partial))} (FORMAT parquet)
        """
    )
    os.replace(partial, output)
    minutes = 0 if first is None else int(last) - int(first) + 1
    return LogSummary(
        output=output,
        requests=int(requests),
        server_errors=int(errors),
        minutes=minutes,
        first_minute=None if first is None else int(first) * INTERVAL_SECONDS,
        last_minute=None if last is None else int(last) * INTERVAL_SECONDS,
    )


def _status_test(statuses: list[int]) -> str:
    """SQL true for the given statuses, as ranges: far faster than a long IN list."""
    return status_test(statuses)


_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}


def _with_reason(sql: str) -> str:
    return f"SELECT *, {_REASON} AS reason FROM ({sql})"


def _text_instant(column: str) -> str:
    """ISO 8601 text (``log_rules.ISO_INSTANT``) to TIMESTAMPTZ; NULL otherwise."""
    return (
        f"CASE WHEN regexp_full_match(trim({column}::VARCHAR), {_literal(ISO_INSTANT)}) "
        f"THEN try_cast(trim({column}::VARCHAR) AS TIMESTAMPTZ) END"
    )


def _text_status(column: str) -> str:
    """Three digits (blank-padded text, or a JSON number) to INTEGER; NULL otherwise."""
    return (
        f"CASE WHEN regexp_full_match(trim({column}::VARCHAR), {_literal(STATUS_TEXT)}) "
        f"THEN trim({column}::VARCHAR)::INTEGER END"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(exc: BaseException) -> str:
    return describe(
        str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, 200
    )
