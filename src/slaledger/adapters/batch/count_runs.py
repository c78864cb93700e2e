"""The heavy step of the availability batch: request counts reduced to runs, in the engine.

Every counts row of a requested service is classified for each availability clause that
measures it (``CountClause``): *down* (at least ``min_requests`` requests and a server-error
rate strictly above the threshold, compared in integers), *empty* (no request) or *up*.
Consecutive rows of one state with no time between them become one *run*; the runs that
touch the clause's period, and the one just before and just after it (they decide the
monitoring gaps at its edges and the length of a run that crosses them), go back to the
domain as a few rows instead of a month of minutes. The domain measures runs exactly as
it measures the minutes they stand for: down time, empty time, gaps and their rules,
minimum durations and coverage only see where states change. The rows are checked on
the way (counts that are negative, errors above the total, intervals that overlap).

One SQL text serves DuckDB and Spark; ``{epoch}`` is each engine's epoch seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from slaledger.adapters.files.problems import InputError, Problem
from slaledger.services.availability_batch import CountClause, CountRun

#: bad counts rows listed; the others are counted
MAX_LISTED = 20


EPOCH = {"duckdb": "epoch_us(interval_start) // 1000000", "spark": "unix_seconds(interval_start)"}

ROWS_SQL = """
SELECT c.key, k.service,
       {epoch} AS s,
       CAST(k.interval_seconds AS BIGINT) AS len,
       CAST(k.total AS BIGINT) AS total,
       CAST(k.server_errors AS BIGINT) AS errors,
       c.num, c.den, c.min_requests
FROM sla_counts k JOIN sla_clauses c ON k.service = c.service
"""

MARKED_SQL = """
SELECT key, service, s, s + len AS e, len, total, errors,
       CASE WHEN total = 0 THEN 'E'
            WHEN total >= min_requests AND errors * den > total * num THEN 'D'
            ELSE 'U' END AS state,
       lag(s + len) OVER w AS prev_end,
       lag(CASE WHEN total = 0 THEN 'E'
                WHEN total >= min_requests AND errors * den > total * num THEN 'D'
                ELSE 'U' END) OVER w AS prev_state
FROM sla_rows
WINDOW w AS (PARTITION BY key ORDER BY s)
"""

BAD_SQL = """
SELECT service, s,
       CASE WHEN total IS NULL OR total < 0 THEN 'total: expected a whole number >= 0'
            WHEN errors IS NULL OR errors < 0
                 THEN 'server_errors: expected a whole number >= 0'
            WHEN errors > total THEN 'server_errors: expected at most total'
            WHEN len IS NULL OR len < 1 THEN 'interval_seconds: expected at least 1'
            WHEN s IS NULL THEN 'interval_start: expected an instant'
            ELSE 'interval_start: expected no overlap with the interval before' END
            AS reason
FROM sla_marked
WHERE total IS NULL OR total < 0 OR errors IS NULL OR errors < 0 OR errors > total
   OR len IS NULL OR len < 1 OR s IS NULL OR prev_end > s
"""

RUNS_SQL = """
WITH numbered AS (
    SELECT *, sum(CASE WHEN prev_end = s AND prev_state = state THEN 0 ELSE 1 END)
              OVER (PARTITION BY key ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
              AS run
    FROM sla_marked
),
runs AS (
    SELECT key, run, min(s) AS s, max(e) AS e, min(state) AS state
    FROM numbered GROUP BY key, run
),
placed AS (
    SELECT r.key, r.s, r.e, r.state, c.window_start AS ws, c.window_end AS we,
           max(CASE WHEN r.e <= c.window_start THEN r.s END) OVER (PARTITION BY r.key)
               AS before_s,
           min(CASE WHEN r.s >= c.window_end THEN r.s END) OVER (PARTITION BY r.key)
               AS after_s
    FROM runs r JOIN sla_clauses c ON r.key = c.key
)
SELECT key, s, e - s AS seconds, state FROM placed
WHERE (s < we AND e > ws) OR s = before_s OR s = after_s
ORDER BY key, s
"""


def bad_row_problem(path: str, service: str, start: int | None, reason: str) -> Problem:
    field, _, expected = reason.partition(": ")
    where = "no instant" if start is None else f"the interval starting at epoch {start}"
    return Problem(path, field, expected, f"service '{service}', {where}")


@dataclass(frozen=True)
class Reduced:
    """What the engine hands back: the runs, and the bad rows found on the way."""

    runs: list[CountRun]
    bad: list[Problem]
    bad_count: int


def reduce_duckdb(path: str, clauses: Sequence[CountClause]) -> Reduced:
    """The runs of ``clauses`` from the counts Parquet at ``path``, by DuckDB."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        columns = ", ".join(
            f"{name} {'VARCHAR' if name == 'service' else 'BIGINT'}" for name in CLAUSE_COLUMNS
        )
        con.execute(f"CREATE TEMP TABLE sla_clauses ({columns})")
        if clauses:
            con.executemany(
                "INSERT INTO sla_clauses VALUES (?, ?, ?, ?, ?, ?, ?)", clause_rows(clauses)
            )
        literal = "'" + path.replace("'", "''") + "'"
        con.execute(f"CREATE TEMP VIEW sla_counts AS SELECT * FROM read_parquet({literal})")
        con.execute(f"CREATE TEMP VIEW sla_rows AS {ROWS_SQL.format(epoch=EPOCH['duckdb'])}")
        con.execute(f"CREATE TEMP TABLE sla_marked AS {MARKED_SQL}")
        bad = con.execute(f"SELECT count(*) FROM ({BAD_SQL})").fetchone()
        listed = con.execute(
            f"SELECT * FROM ({BAD_SQL}) ORDER BY service, s LIMIT {MAX_LISTED}"
        ).fetchall()
        runs = [
            CountRun(int(k), int(s), int(n), str(st))
            for k, s, n, st in con.execute(RUNS_SQL).fetchall()
        ]
    except duckdb.Error as exc:
        raise InputError(
            [Problem(path, "", "a request counts Parquet file", str(exc)[:200])]
        ) from exc
    finally:
        con.close()
    problems = [bad_row_problem(path, str(svc), s, str(why)) for svc, s, why in listed]
    return Reduced(runs, problems, int(bad[0]) if bad else 0)


def reduce_spark(spark: Any, path: str, clauses: Sequence[CountClause]) -> Reduced:
    """The runs of ``clauses`` from the counts Parquet at ``path`` (any URL Spark reads)."""
    from pyspark.errors import PySparkException
    from pyspark.sql import types as st

    schema = st.StructType(
        [
            st.StructField(name, st.StringType() if name == "service" else st.LongType())
            for name in CLAUSE_COLUMNS
        ]
    )
    try:
        spark.read.parquet(path).createOrReplaceTempView("sla_counts")
        spark.createDataFrame(clause_rows(clauses), schema).createOrReplaceTempView("sla_clauses")
        spark.sql(ROWS_SQL.format(epoch=EPOCH["spark"])).createOrReplaceTempView("sla_rows")
        marked = spark.sql(MARKED_SQL).cache()
        marked.createOrReplaceTempView("sla_marked")
        bad = spark.sql(f"SELECT count(*) FROM ({BAD_SQL})").collect()[0][0]
        listed = spark.sql(
            f"SELECT * FROM ({BAD_SQL}) ORDER BY service, s LIMIT {MAX_LISTED}"
        ).collect()
        runs = [
            CountRun(int(r["key"]), int(r["s"]), int(r["seconds"]), str(r["state"]))
            for r in spark.sql(RUNS_SQL).collect()
        ]
        marked.unpersist()
    except PySparkException as exc:
        raise InputError(
            [Problem(path, "", "a request counts Parquet file", str(exc)[:200])]
        ) from exc
    problems = [bad_row_problem(path, str(r[0]), r[1], str(r[2])) for r in listed]
    return Reduced(runs, problems, int(bad))


def clause_rows(clauses: Sequence[CountClause]) -> list[tuple[int, str, int, int, int, int, int]]:
    return [
        (c.key, c.service, c.window_start, c.window_end, c.num, c.den, c.min_requests)
        for c in clauses
    ]


CLAUSE_COLUMNS = ("key", "service", "window_start", "window_end", "num", "den", "min_requests")
