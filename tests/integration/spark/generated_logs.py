"""Generated request logs that exercise every rule both engines must apply alike.

Access-log lines written in the servers' local time with their offsets (New York and Paris
across their spring 2024 DST changes, Sydney across its autumn one, Kolkata +05:30,
Kathmandu +05:45, UTC; four weeks, so that the output stays small), requests at
:59 and :00 seconds, exact duplicate lines, escaped quotes, blank lines, and malformed
lines of every reason; the same instants as JSON lines and as a Parquet file.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq

ZONES = [
    "Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Asia/Kathmandu",
    "UTC",
]  # fmt: skip
#: around New York's DST change (10 March 2024, clocks forward), Paris's (31 March,
#: forward) and Sydney's (7 April, 03:00 back to 02:00 local, 16:00 UTC on the 6th)
WINDOWS = [
    datetime(2024, 3, 10, 6, 30, tzinfo=UTC),
    datetime(2024, 3, 31, 0, 30, tzinfo=UTC),
    datetime(2024, 4, 6, 15, 0, tzinfo=UTC),
]
MALFORMED = [
    "not a log line at all",
    '10.0.0.9 - - [01/Mar/2024:10:00:00] "GET / HTTP/1.1" 200 12',  # no offset
    '10.0.0.9 - - [30/Feb/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 12',  # no such day
    '10.0.0.9 - - [01/Foo/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 12',  # no such month
    '10.0.0.9 - - [01/Mar/2024:24:00:00 +0000] "GET / HTTP/1.1" 200 12',  # hour 24
    '10.0.0.9 - - [01/Mar/2024:10:00:60 +0000] "GET / HTTP/1.1" 200 12',  # second 60
    '10.0.0.9 - - [31/Dec/1969:23:59:59 +0000] "GET / HTTP/1.1" 200 12',  # before 1970
    '10.0.0.9 - - [01/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 700 12',  # not HTTP
    '10.0.0.9 - - [01/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 099 12',  # not HTTP
    '10.0.0.9 - - [01/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" abc 12',  # no status
    '10.0.0.9 - - [01/Mar/2024:10:00:00 +2500] "GET / HTTP/1.1" 200 12',  # no such offset
    '10.0.0.9 - - [1/Mar/2024:10:00:00 UTC] "GET / HTTP/1.1" 200 12',  # a zone name
]


def combined_line(at: datetime, zone: str, status: int, request: str) -> str:
    local = at.astimezone(ZoneInfo(zone))
    stamp = local.strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'10.0.0.1 - - [{stamp}] "{request}" {status} 512 "-" "agent"'


def requests(rng: random.Random, count: int) -> list[tuple[datetime, int]]:
    """Instants around the DST changes, many on minute boundaries, with statuses."""
    found = []
    for _ in range(count):
        start = rng.choice(WINDOWS)
        seconds = rng.randrange(0, 3 * 3600)
        if rng.random() < 0.3:  # on a boundary: the last or the first second of a minute
            seconds = seconds // 60 * 60 + rng.choice((0, 59))
        status = rng.choice((200, 200, 200, 201, 304, 404, 429, 500, 502, 503, 599))
        found.append((start + timedelta(seconds=seconds), status))
    return found


def write_access_log(path: Path, rng: random.Random, count: int) -> Path:
    lines = []
    for at, status in requests(rng, count):
        request = rng.choice(("GET / HTTP/1.1", 'GET /a\\"b HTTP/1.1', "POST /api HTTP/2"))
        line = combined_line(at, rng.choice(ZONES), status, request)
        lines.append(line)
        if rng.random() < 0.05:
            lines.append(line)  # the same request logged twice counts twice
        if rng.random() < 0.03:
            lines.append(rng.choice(MALFORMED))
        if rng.random() < 0.01:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_json_lines(path: Path, rng: random.Random, count: int) -> Path:
    lines = []
    for at, status in requests(rng, count):
        local = at.astimezone(ZoneInfo(rng.choice(ZONES)))
        text = local.isoformat(sep=rng.choice("T "))
        if local.utcoffset() == timedelta(0) and rng.random() < 0.5:
            text = text.replace("+00:00", "Z")
        lines.append(json.dumps({"timestamp": text, "status": rng.choice((status, str(status)))}))
        if rng.random() < 0.03:
            bad = rng.choice(
                [
                    {"timestamp": at.replace(tzinfo=None).isoformat(), "status": 200},
                    {"timestamp": "2024-03-31", "status": 200},
                    {"timestamp": text, "status": "OK"},
                    {"timestamp": text, "status": 42},
                    {"status": 500},
                ]
            )
            lines.append(json.dumps(bad))
        if rng.random() < 0.01:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_parquet(path: Path, rng: random.Random, count: int) -> Path:
    found = requests(rng, count)
    table = pa.table(
        {
            "timestamp": pa.array([at for at, _ in found], pa.timestamp("ms", "UTC")),
            "status": pa.array([status for _, status in found], pa.int16()),
        }
    )
    pq.write_table(table, path, row_group_size=max(1, count // 3))
    return path
