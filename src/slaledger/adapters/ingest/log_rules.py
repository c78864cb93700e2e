"""The rules of raw request logs that every engine (DuckDB, Spark) applies the same way.

One grammar, written once as regular expressions that RE2 (DuckDB) and Java (Spark) read
alike, so that both engines accept and reject exactly the same lines:
- an access-log line: ``_COMBINED`` finds the bracketed time and the status;
- its time: ``COMBINED_TIME``, ``10/Oct/2000:13:55:36 -0700`` (day of one or two digits,
  English month abbreviation in any case, offset ``-0700`` or ``-07:00``);
- ISO 8601 text (JSON lines, Parquet text columns): ``ISO_INSTANT``, a date, ``T`` or a
  space, hours and minutes, optional seconds and a fraction after ``.``, and an offset
  (``Z``, ``+01``, ``+0100``, ``+01:00``); leading and trailing blanks are trimmed;
- a status: three digits from 100 to 599 (text may be blank-padded).
A row that breaks them is *rejected* for one reason (``REASONS``): the line is not an
access-log line, its time is unreadable (or before 1970), or its status is not an HTTP
status. What a run read, kept and rejected per reason goes in its ``LogSummary``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from slaledger.adapters.files.problems import Problem
from slaledger.domain.message import msg

#: What to do with rejected rows: fail the run (all or nothing, the default) or skip them,
#: counted per reason with a sample reported.
Malformed = Literal["fail", "skip"]
INTERVAL_SECONDS = 60
#: Rejected rows listed (the sample); the others are counted.
MAX_LISTED = 20

#: up to the first '[' (host ident user), the time, the quoted request, the status
COMBINED_LINE = r'^[^\[]*\[([^\]]+)\] "(?:[^"\\]|\\.)*" ([0-9]{3})(?: |\z)'
#: the same for Java's regular expressions: possessive (no deep backtracking on long
#: requests) and ``.`` matching any character, as RE2's does but for a newline
COMBINED_LINE_JAVA = r'(?s)^[^\[]*+\[([^\]]+)\] "(?:[^"\\]++|\\.)*+" ([0-9]{3})(?: |\z)'
#: offsets from -14:59 to +14:59: every real zone, and within what Java accepts
_OFFSET = r"[+-](0[0-9]|1[0-4])"
COMBINED_TIME = (
    r"^([0-9]{1,2})/([A-Za-z]{3})/([0-9]{4}):([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) "
    rf"({_OFFSET}:?[0-5][0-9])\z"
)
COMBINED_EXPECTED = msg("input.ingest.combined-line")
ISO_INSTANT = (
    r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[T ]([01][0-9]|2[0-3]):([0-5][0-9])"
    rf"(:([0-5][0-9])(\.[0-9]+)?)?(Z|{_OFFSET}(:?[0-5][0-9])?)\z"
)
#: the offset at the end of an ISO instant or an access-log time: sign, hours, minutes
OFFSET_PARTS = r"([+-])([0-9]{2}):?([0-9]{2})?\z"
STATUS_TEXT = r"^[0-9]{3}\z"
STATUS_EXPECTED = msg("input.ingest.http-status")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

#: reason of a rejected row -> the negative code the engines group it under
REASONS = {"not-a-log-line": -1, "unreadable-time": -2, "unreadable-status": -3}
REASON_OF_CODE = {code: reason for reason, code in REASONS.items()}


@dataclass(frozen=True)
class LogSummary:
    """What an aggregation read and wrote.

    ``read`` counts the rows of the input (the non-blank lines of an access log or of JSON
    lines, the rows of a Parquet file), ``requests`` those kept, ``rejected`` the others
    per reason, and ``samples`` the first rejected rows (file, line or row, reason).
    """

    output: Path | str  # a URL (the Spark engine's output to object storage) stays text
    requests: int
    server_errors: int
    minutes: int
    first_minute: int | None
    last_minute: int | None
    read: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    samples: tuple[Problem, ...] = ()
    engine: str = "duckdb"

    @property
    def kept(self) -> int:
        return self.requests


def summary_lines(summary: LogSummary) -> list[str]:
    """The run's summary for people: rows read, kept, rejected per reason, the sample."""
    rejected = sum(summary.rejected.values())
    lines = [
        f"{summary.engine}: {summary.read:,} rows read, {summary.requests:,} kept, "
        f"{rejected:,} rejected"
        + "".join(f", {reason} {n:,}" for reason, n in sorted(summary.rejected.items()) if n)
    ]
    lines.extend(f"  rejected: {problem}" for problem in summary.samples)
    return lines


def server_error_ranges(statuses: list[int]) -> list[tuple[int, int]]:
    """Sorted statuses as inclusive ranges, e.g. [500..599] rather than 100 values."""
    ranges: list[list[int]] = []
    for status in sorted(statuses):
        if ranges and status == ranges[-1][1] + 1:
            ranges[-1][1] = status
        else:
            ranges.append([status, status])
    return [(low, high) for low, high in ranges]


def status_test(statuses: list[int], column: str = "status") -> str:
    """SQL (DuckDB and Spark alike) true for the given statuses, as ranges."""
    ranges = server_error_ranges(statuses)
    if not ranges:
        return "false"
    return " OR ".join(f"{column} BETWEEN {lo} AND {hi}" for lo, hi in ranges)
