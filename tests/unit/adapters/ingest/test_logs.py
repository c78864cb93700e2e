"""Raw request logs of each format aggregated into per-minute counts by DuckDB."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from slaledger.adapters.files.observations import read_counts
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.adapters.ingest.log_rules import summary_lines
from slaledger.adapters.ingest.logs import aggregate_logs, log_format_of

T0 = int(datetime(2024, 3, 1, 10, 0, tzinfo=UTC).timestamp())


def access_line(at: str, status: int, request: str = "GET /index.html HTTP/1.1") -> str:
    return f'10.0.0.1 - alice [{at}] "{request}" {status} 512 "-" "Mozilla/5.0 (X11; Linux)"\n'


def counts_of(path) -> list[tuple[int, int, int]]:
    """(seconds after T0, total, server_errors) per minute of a counts file."""
    table = read_counts(path)
    assert set(table.services) == {"web"}
    assert table.interval_seconds.tolist() == [60] * len(table)
    return list(
        zip(
            (table.interval_start - T0).tolist(),
            table.total.tolist(),
            table.server_errors.tolist(),
            strict=True,
        )
    )


# ---------------------------------------------------------------- access logs
def test_an_access_log_becomes_per_minute_counts_in_utc(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        access_line("01/Mar/2024:11:00:05 +0100", 200)
        + access_line("01/Mar/2024:11:00:59 +0100", 503)
        + access_line("01/Mar/2024:10:01:00 +0000", 500)
        + "\n"  # blank lines are skipped
        + access_line("01/Mar/2024:05:03:30 -0500", 404),
        encoding="utf-8",
    )
    summary = aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")
    assert counts_of(tmp_path / "counts.parquet") == [
        (0, 2, 1),
        (60, 1, 1),
        (120, 0, 0),  # nobody asked: an empty minute, not a gap
        (180, 1, 0),
    ]
    assert (summary.requests, summary.server_errors, summary.minutes) == (4, 2, 4)
    assert summary.first_minute == T0


def test_common_log_lines_and_escaped_quotes_in_requests_are_read(tmp_path):
    log = tmp_path / "access.log.1.gz"
    with gzip.open(log, "wt", encoding="utf-8") as handle:
        handle.write('127.0.0.1 - - [01/Mar/2024:10:00:00 +0000] "GET / HTTP/1.0" 502 -\n')
        handle.write(access_line("01/Mar/2024:10:00:01 +0000", 200, r"GET /a\" 500 b HTTP/1.1"))
    aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")
    assert counts_of(tmp_path / "counts.parquet") == [(0, 2, 1)]


def test_the_server_error_rule_can_be_replaced(tmp_path):
    log = tmp_path / "access.log"
    statuses = [200, 429, 500, 503]
    log.write_text("".join(access_line("01/Mar/2024:10:00:00 +0000", s) for s in statuses))
    aggregate_logs(
        [log],
        service="web",
        output=tmp_path / "counts.parquet",
        server_error=lambda status: status == 429 or status >= 503,
    )
    assert counts_of(tmp_path / "counts.parquet") == [(0, 4, 2)]


def test_an_unreadable_line_fails_the_run_naming_its_line_and_writes_nothing(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        access_line("01/Mar/2024:10:00:00 +0000", 200)
        + "\n"
        + "not a log line\n"
        + access_line("01/Mar/2024:10:00:00", 200)  # no offset
    )
    output = tmp_path / "counts.parquet"
    with pytest.raises(InputError) as excinfo:
        aggregate_logs([log], service="web", output=output)
    assert [(p.file, p.line) for p in excinfo.value.problems] == [(str(log), 3), (str(log), 4)]
    assert english(excinfo.value.problems[0].found) == "'not a log line'"
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [log]


# ----------------------------------------------------------------- JSON lines
def test_json_lines_with_text_or_number_statuses_are_counted(tmp_path):
    log = tmp_path / "requests.jsonl"
    rows = [
        {"timestamp": "2024-03-01T11:00:10+01:00", "status": 200, "path": "/a"},
        {"timestamp": "2024-03-01T10:00:20Z", "status": "500", "extra": {"nested": True}},
        {"timestamp": "2024-03-01T10:02:00.250+00:00", "status": 201},
    ]
    log.write_text("".join(json.dumps(r) + "\n" for r in rows))
    aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")
    assert counts_of(tmp_path / "counts.parquet") == [(0, 2, 1), (60, 0, 0), (120, 1, 0)]


def test_json_field_names_can_be_chosen(tmp_path):
    log = tmp_path / "requests.ndjson"
    log.write_text(json.dumps({"@timestamp": "2024-03-01T10:00:00Z", "code": 504}) + "\n")
    aggregate_logs(
        [log],
        service="web",
        output=tmp_path / "counts.parquet",
        timestamp_field="@timestamp",
        status_field="code",
    )
    assert counts_of(tmp_path / "counts.parquet") == [(0, 1, 1)]


@pytest.mark.parametrize(
    ("row", "field", "found"),
    [
        ({"timestamp": "2024-03-01T10:00:00", "status": 200}, "timestamp", "'2024-03-01T10:00:00'"),
        ({"timestamp": "2024-03-01", "status": 200}, "timestamp", "'2024-03-01'"),
        ({"status": 200}, "timestamp", "nothing"),
        ({"timestamp": "2024-03-01T10:00:00Z", "status": "OK"}, "status", "'OK'"),
        ({"timestamp": "2024-03-01T10:00:00Z", "status": 42}, "status", "'42'"),
    ],
    ids=["naive", "date", "missing", "text-status", "not-http"],
)
def test_an_unreadable_json_row_is_named_with_its_field(tmp_path, row, field, found):
    log = tmp_path / "requests.jsonl"
    good = {"timestamp": "2024-03-01T10:00:00Z", "status": 200}
    log.write_text(json.dumps(good) + "\n" + json.dumps(row) + "\n")
    with pytest.raises(InputError) as excinfo:
        aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")
    assert [(p.row, p.field, english(p.found)) for p in excinfo.value.problems] == [
        (2, field, found)
    ]


def test_a_line_that_is_not_json_fails_the_run(tmp_path):
    log = tmp_path / "requests.jsonl"
    log.write_text('{"timestamp": "2024-03-01T10:00:00Z", "status": 200}\n{oops\n')
    with pytest.raises(InputError, match="readable log files"):
        aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")


# -------------------------------------------------------------------- Parquet
def parquet_log(path, timestamps, statuses, *, timestamp_type=None):
    table = pa.table(
        {
            "timestamp": pa.array(timestamps, timestamp_type),
            "status": pa.array(statuses, pa.int16()),
        }
    )
    pq.write_table(table, path)
    return path


def test_parquet_logs_with_a_time_zone_are_counted(tmp_path):
    at = [datetime(2024, 3, 1, 10, 0, 1, tzinfo=UTC), datetime(2024, 3, 1, 10, 1, tzinfo=UTC)]
    log = parquet_log(
        tmp_path / "logs.parquet", at, [500, 200], timestamp_type=pa.timestamp("us", "UTC")
    )
    aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")
    assert counts_of(tmp_path / "counts.parquet") == [(0, 1, 1), (60, 1, 0)]


def test_parquet_logs_may_carry_iso_text_timestamps(tmp_path):
    log = parquet_log(tmp_path / "logs.parquet", ["2024-03-01T11:00:00+01:00"], [503])
    aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")
    assert counts_of(tmp_path / "counts.parquet") == [(0, 1, 1)]


def test_parquet_timestamps_without_a_time_zone_are_refused(tmp_path):
    at = [datetime(2024, 3, 1, 10, 0)]
    log = parquet_log(tmp_path / "logs.parquet", at, [200], timestamp_type=pa.timestamp("us"))
    with pytest.raises(InputError) as excinfo:
        aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")
    (problem,) = excinfo.value.problems
    assert (problem.field, english(problem.found)) == (
        "timestamp",
        "a TIMESTAMP column (no time zone)",
    )


def test_a_parquet_log_without_the_status_column_is_refused(tmp_path):
    log = tmp_path / "logs.parquet"
    pq.write_table(pa.table({"timestamp": ["2024-03-01T10:00:00Z"], "code": [200]}), log)
    with pytest.raises(InputError, match="a column 'status'"):
        aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")


# --------------------------------------------------------------- many files
def test_requests_of_the_same_minute_in_several_files_of_any_format_add_up(tmp_path):
    access = tmp_path / "access.log"
    access.write_text(access_line("01/Mar/2024:10:00:00 +0000", 500))
    lines = tmp_path / "requests.jsonl"
    lines.write_text(json.dumps({"timestamp": "2024-03-01T10:00:30Z", "status": 200}) + "\n")
    table = parquet_log(tmp_path / "logs.parquet", ["2024-03-01T10:00:59Z"], [502])
    progress: list[float] = []
    aggregate_logs(
        [access, lines, table],
        service="web",
        output=tmp_path / "counts.parquet",
        on_progress=progress.append,
    )
    assert counts_of(tmp_path / "counts.parquet") == [(0, 3, 2)]
    assert progress[-1] == 1.0
    assert progress == sorted(progress)


def test_empty_logs_give_an_empty_counts_file(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("")
    summary = aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")
    assert summary.minutes == 0
    assert len(read_counts(tmp_path / "counts.parquet")) == 0


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("access.log", "combined"),
        ("access.log.3", "combined"),
        ("access.log.gz", "combined"),
        ("trace.txt", "combined"),
        ("api.jsonl", "jsonl"),
        ("api.ndjson.gz", "jsonl"),
        ("api.parquet", "parquet"),
    ],
)
def test_the_format_follows_the_file_name(name, kind):
    assert log_format_of(name) == kind


def test_a_file_name_that_names_no_format_is_refused_unless_the_format_is_given(tmp_path):
    log = tmp_path / "requests"
    log.write_text(access_line("01/Mar/2024:10:00:00 +0000", 200))
    with pytest.raises(InputError, match=r"a \.log, \.log\.N"):
        aggregate_logs([log], service="web", output=tmp_path / "counts.parquet")
    aggregate_logs([log], service="web", output=tmp_path / "counts.parquet", log_format="combined")
    assert counts_of(tmp_path / "counts.parquet") == [(0, 1, 0)]


def test_a_missing_log_file_is_refused(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        aggregate_logs([tmp_path / "gone.log"], service="web", output=tmp_path / "c.parquet")


# ------------------------------------------------------------- skipping bad rows
def test_unreadable_rows_can_be_skipped_counted_per_reason_with_a_sample(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        access_line("01/Mar/2024:10:00:00 +0000", 500)
        + "not a log line\n"
        + access_line("01/Mar/2024:10:00:00", 200)  # no offset
        + access_line("30/Feb/2024:10:00:00 +0000", 200)  # no such day
        + access_line("01/Mar/2024:10:00:00 +0000", 700)  # not an HTTP status
        + "\n"
        + access_line("01/Mar/2024:10:00:30 +0000", 200)
    )
    summary = aggregate_logs(
        [log], service="web", output=tmp_path / "counts.parquet", malformed="skip"
    )
    assert counts_of(tmp_path / "counts.parquet") == [(0, 2, 1)]
    assert (summary.read, summary.kept) == (6, 2)
    assert summary.rejected == {"not-a-log-line": 1, "unreadable-time": 2, "unreadable-status": 1}
    assert [(p.line, p.field) for p in summary.samples] == [
        (2, ""), (3, "time"), (4, "time"), (5, "status"),
    ]  # fmt: skip
    assert summary_lines(summary)[0] == (
        "duckdb: 6 rows read, 2 kept, 4 rejected, not-a-log-line 1, unreadable-status 1, "
        "unreadable-time 2"
    )


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("2024-03-01T10:00:00+01:00", True),
        ("2024-03-01 10:00:00.250Z", True),
        ("2024-3-1T10:00+0100", True),
        (" 2024-03-01T10:00:00+01 ", True),
        ("2024-03-01T10:00:00 +01:00", False),  # a blank before the offset
        ("2024-03-01T10:00:00z", False),
        ("2024-03-01T10:00:00,5+01:00", False),
        ("2024-03-01T10:00:00+15:00", False),  # no zone is that far
    ],
)
def test_iso_instants_follow_the_one_grammar_of_every_engine(tmp_path, text, readable):
    log = tmp_path / "requests.jsonl"
    log.write_text(json.dumps({"timestamp": text, "status": 200}) + "\n")
    summary = aggregate_logs(
        [log], service="web", output=tmp_path / "counts.parquet", malformed="skip"
    )
    assert summary.requests == (1 if readable else 0)
