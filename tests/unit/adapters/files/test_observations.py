"""Reading observation files: every format, every bad row reported, nothing half-read."""

from __future__ import annotations

import csv
import json
from datetime import datetime

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from slaledger.adapters.files import sheet
from slaledger.adapters.files.observations import (
    read_counts,
    read_maintenance,
    read_outages,
    read_samples,
    read_window,
)
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english

FORMATS = ["csv", "jsonl", "parquet"]


def write(tmp_path, name: str, rows: list[dict[str, object]], columns=None):
    """A file of the given rows in the format its extension names."""
    path = tmp_path / name
    columns = columns or list(dict.fromkeys(k for row in rows for k in row))
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    else:
        table = pa.table({c: [row.get(c) for row in rows] for c in columns})
        pq.write_table(table, path)
    return path


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def problems_of(excinfo) -> list[tuple[int | None, str, str]]:
    return [(p.row, p.field, english(p.found)) for p in excinfo.value.problems]


OUTAGE = {
    "service": "web",
    "start": "2024-03-01T10:00:00+01:00",
    "end": "2024-03-01T11:00:00+01:00",
    "category": "unplanned",
    "reported_at": "2024-03-01T10:05:00+01:00",
    "reference": "INC-1",
    "note": "database failover",
}


# ------------------------------------------------------------------------ outages
@pytest.mark.parametrize("fmt", FORMATS)
def test_outages_are_read_the_same_from_every_format(tmp_path, fmt):
    second = OUTAGE | {"service": "api", "reported_at": "", "category": "force-majeure"}
    table = read_outages(write(tmp_path, f"outages.{fmt}", [OUTAGE, second]))
    assert table.services == ("api", "web")
    assert table.service.tolist() == [1, 0]
    assert table.start.tolist() == [epoch("2024-03-01T09:00:00+00:00")] * 2
    assert table.end.tolist() == [epoch("2024-03-01T10:00:00+00:00")] * 2
    assert table.category.tolist() == ["unplanned", "force-majeure"]
    assert table.reported.tolist() == [True, False]
    assert table.reported_at[0] == epoch("2024-03-01T09:05:00+00:00")
    assert table.reference.tolist() == ["INC-1", "INC-1"]
    assert table.row.tolist() == [1, 2]
    assert len(table) == 2


def test_optional_outage_columns_may_be_left_out(tmp_path):
    row = {k: OUTAGE[k] for k in ("service", "start", "end", "category")}
    table = read_outages(write(tmp_path, "outages.csv", [row]))
    assert table.reported.tolist() == [False]
    assert table.note.tolist() == [""]


def test_an_outage_that_ends_before_it_starts_is_refused(tmp_path):
    bad = OUTAGE | {"end": "2024-03-01T09:59:59+01:00"}
    with pytest.raises(InputError) as excinfo:
        read_outages(write(tmp_path, "outages.csv", [OUTAGE, bad]))
    (problem,) = excinfo.value.problems
    assert (problem.row, problem.line, problem.field) == (2, 3, "end")
    assert english(problem.expected) == "an end at or after the start"
    assert "2024-03-01T08:59:59+00:00" in english(problem.found)


def test_an_unknown_outage_category_is_refused_unless_the_contract_adds_it(tmp_path):
    path = write(tmp_path, "outages.csv", [OUTAGE | {"category": "act-of-god"}])
    with pytest.raises(InputError) as excinfo:
        read_outages(path)
    assert problems_of(excinfo) == [(1, "category", "'act-of-god'")]
    assert "unplanned" in english(excinfo.value.problems[0].expected)
    assert read_outages(path, extra_categories={"act-of-god"}).category.tolist() == ["act-of-god"]


@pytest.mark.parametrize(
    "instant",
    [
        "2024-03-01T10:00:00",  # no offset
        "2024-03-01",  # a date
        "yesterday",
        "1709283600",  # epoch seconds: no offset either
    ],
)
def test_an_instant_without_a_utc_offset_is_refused(tmp_path, instant):
    with pytest.raises(InputError) as excinfo:
        read_outages(write(tmp_path, "outages.jsonl", [OUTAGE | {"start": instant}]))
    (problem,) = excinfo.value.problems
    assert (problem.row, problem.line, problem.field) == (1, 1, "start")
    assert "UTC offset" in english(problem.expected)
    assert english(problem.found) == f"'{instant}'"


def test_every_bad_row_is_reported_and_nothing_is_returned(tmp_path):
    rows = [
        OUTAGE | {"service": ""},
        OUTAGE,
        OUTAGE | {"start": "2024-03-01T10:00:00", "category": "oops"},
    ]
    with pytest.raises(InputError) as excinfo:
        read_outages(write(tmp_path, "outages.csv", rows))
    assert problems_of(excinfo) == [
        (1, "service", "nothing"),
        (3, "start", "'2024-03-01T10:00:00'"),
        (3, "category", "'oops'"),
    ]
    assert [p.line for p in excinfo.value.problems] == [2, 4, 4]


def test_problems_beyond_the_limit_are_counted_not_listed(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet, "MAX_PROBLEMS", 3)
    rows = [OUTAGE | {"category": f"bad-{i}"} for i in range(5)]
    with pytest.raises(InputError) as excinfo:
        read_outages(write(tmp_path, "outages.csv", rows))
    assert [p.row for p in excinfo.value.problems] == [1, 2, 3, None]
    assert english(excinfo.value.problems[-1].found) == "2 more problem(s), not listed"


def test_a_missing_column_and_an_unknown_one_are_reported_by_name(tmp_path):
    row = {k: v for k, v in OUTAGE.items() if k != "category"} | {"categroy": "unplanned"}
    with pytest.raises(InputError) as excinfo:
        read_outages(write(tmp_path, "outages.csv", [row]))
    fields = {p.field: p for p in excinfo.value.problems}
    assert english(fields["category"].expected) == "a column 'category'"
    assert english(fields["categroy"].expected).startswith("only the columns service, start, end")


def test_a_csv_row_with_the_wrong_number_of_fields_is_reported_with_its_line(tmp_path):
    path = tmp_path / "outages.csv"
    path.write_text(
        "service,start,end,category\n\n"
        "web,2024-03-01T10:00:00Z,2024-03-01T11:00:00Z,unplanned,extra\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as excinfo:
        read_outages(path)
    (problem,) = excinfo.value.problems
    assert (problem.row, problem.line) == (1, 3)
    assert (english(problem.expected), english(problem.found)) == (
        "4 fields, as in the header",
        "5 fields",
    )


def test_a_line_that_is_not_a_json_object_is_reported(tmp_path):
    path = tmp_path / "outages.jsonl"
    path.write_text(json.dumps(OUTAGE) + "\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        read_outages(path)
    assert [(p.row, p.line, english(p.expected)) for p in excinfo.value.problems] == [
        (2, 2, "a JSON object on one line")
    ]


def test_a_file_of_an_unknown_format_is_refused(tmp_path):
    path = tmp_path / "outages.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"a file ending in \.csv, \.jsonl, \.ndjson, \.parquet"):
        read_outages(path)


def test_an_unreadable_parquet_file_is_refused(tmp_path):
    path = tmp_path / "outages.parquet"
    path.write_bytes(b"not parquet")
    with pytest.raises(InputError, match="expected a Parquet file"):
        read_outages(path)


def test_parquet_timestamps_with_a_time_zone_are_instants(tmp_path):
    start = pa.array([datetime.fromisoformat(OUTAGE["start"])], pa.timestamp("us", tz="UTC"))
    end = pa.array([datetime.fromisoformat(OUTAGE["end"])], pa.timestamp("ms", tz="+01:00"))
    path = tmp_path / "outages.parquet"
    table = pa.table({"service": ["web"], "start": start, "end": end, "category": ["customer"]})
    pq.write_table(table, path)
    result = read_outages(path)
    assert result.start.tolist() == [epoch(OUTAGE["start"])]
    assert result.end.tolist() == [epoch(OUTAGE["end"])]


def test_parquet_timestamps_without_a_time_zone_are_refused(tmp_path):
    naive = pa.array([datetime(2024, 3, 1, 10)], pa.timestamp("us"))
    path = tmp_path / "outages.parquet"
    table = pa.table({"service": ["web"], "start": naive, "end": naive, "category": ["customer"]})
    pq.write_table(table, path)
    with pytest.raises(InputError) as excinfo:
        read_outages(path)
    assert [(p.field, english(p.found)) for p in excinfo.value.problems] == [
        ("start", "timestamp[us] without a time zone"),
        ("end", "timestamp[us] without a time zone"),
    ]


# ------------------------------------------------------------------------ samples
@pytest.mark.parametrize("fmt", FORMATS)
def test_samples_are_sorted_by_service_then_instant(tmp_path, fmt):
    rows = [
        {"service": "web", "at": "2024-03-01T00:01:00Z", "up": "down", "latency_ms": ""},
        {"service": "web", "at": "2024-03-01T00:00:00Z", "up": "up", "latency_ms": "12.5"},
        {"service": "api", "at": "2024-03-01T00:00:30Z", "up": "true", "latency_ms": "3"},
    ]
    table = read_samples(write(tmp_path, f"samples.{fmt}", rows))
    assert table.services == ("api", "web")
    assert table.service.tolist() == [0, 1, 1]
    assert table.up.tolist() == [True, True, False]
    assert table.row.tolist() == [3, 2, 1]
    assert table.latency_ms[:2].tolist() == [3.0, 12.5]
    assert np.isnan(table.latency_ms[2])


def test_json_booleans_say_whether_a_sample_was_up(tmp_path):
    rows = [{"service": "web", "at": "2024-03-01T00:00:00Z", "up": False}]
    assert read_samples(write(tmp_path, "samples.jsonl", rows)).up.tolist() == [False]


def test_two_samples_of_one_service_at_the_same_instant_are_refused(tmp_path):
    rows = [
        {"service": "web", "at": "2024-03-01T00:00:00Z", "up": "up"},
        {"service": "api", "at": "2024-03-01T00:00:00Z", "up": "up"},
        {"service": "web", "at": "2024-03-01T01:00:00+01:00", "up": "down"},
    ]
    with pytest.raises(InputError) as excinfo:
        read_samples(write(tmp_path, "samples.csv", rows))
    (problem,) = excinfo.value.problems
    assert (problem.row, problem.field) == (3, "at")
    assert english(problem.found) == "2024-03-01T00:00:00+00:00 again, as in row 1"


def test_a_sample_state_that_is_neither_up_nor_down_is_refused(tmp_path):
    rows = [{"service": "web", "at": "2024-03-01T00:00:00Z", "up": "maybe"}]
    with pytest.raises(InputError, match="expected up or down"):
        read_samples(write(tmp_path, "samples.csv", rows))


# ------------------------------------------------------------------------- counts
def count(minute: int, total: object = 100, errors: object = 0, **extra):
    at = f"2024-03-01T00:{minute:02d}:00Z"
    return {"service": "web", "interval_start": at, "interval_seconds": 60} | {
        "total": total,
        "server_errors": errors,
        **extra,
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_counts_are_read_from_every_format_sorted_by_service_then_start(tmp_path, fmt):
    rows = [count(1, 100, 6), count(0, 0, 0), count(0) | {"service": "api"}]
    table = read_counts(write(tmp_path, f"counts.{fmt}", rows))
    assert table.services == ("api", "web")
    assert table.service.tolist() == [0, 1, 1]
    assert (table.interval_start - table.interval_start[0]).tolist() == [0, 0, 60]
    assert table.interval_seconds.tolist() == [60, 60, 60]
    assert table.total.tolist() == [100, 0, 100]
    assert table.server_errors.tolist() == [0, 0, 6]
    assert table.row.tolist() == [3, 2, 1]


def test_parquet_counts_may_be_integer_columns_with_a_timestamp(tmp_path):
    path = tmp_path / "counts.parquet"
    start = pa.array(
        [datetime.fromisoformat("2024-03-01T00:00:00+00:00")], pa.timestamp("s", "UTC")
    )
    table = pa.table(
        {
            "service": ["web"],
            "interval_start": start,
            "interval_seconds": pa.array([60], pa.int32()),
            "total": pa.array([10], pa.int64()),
            "server_errors": pa.array([1.0], pa.float64()),  # whole, though a float
        }
    )
    pq.write_table(table, path)
    result = read_counts(path)
    assert result.interval_start.tolist() == [epoch("2024-03-01T00:00:00+00:00")]
    assert result.server_errors.tolist() == [1]


@pytest.mark.parametrize(
    ("row", "field", "found"),
    [
        (count(0, 10, 11), "server_errors", "11 server errors for a total of 10"),
        (count(0, -1, 0), "total", "'-1'"),
        (count(0, 10, -2), "server_errors", "'-2'"),
        (count(0, "ten", 0), "total", "'ten'"),
        (count(0, 10.5, 0), "total", "'10.5'"),
        (count(0) | {"interval_seconds": 0}, "interval_seconds", "'0'"),
    ],
    ids=["errors-above-total", "negative-total", "negative-errors", "text", "fraction", "zero"],
)
def test_impossible_counts_are_refused(tmp_path, row, field, found):
    with pytest.raises(InputError) as excinfo:
        read_counts(write(tmp_path, "counts.csv", [row]))
    assert problems_of(excinfo) == [(1, field, found)]


def test_overlapping_intervals_of_one_service_are_refused(tmp_path):
    rows = [count(0), count(2), count(1) | {"interval_seconds": 120}, count(1, service="api")]
    with pytest.raises(InputError) as excinfo:
        read_counts(write(tmp_path, "counts.csv", rows))
    (problem,) = excinfo.value.problems
    assert (problem.row, problem.field) == (2, "interval_start")
    assert english(problem.found) == (
        "2024-03-01T00:02:00+00:00, inside row 3 (2024-03-01T00:01:00+00:00 for 120 s)"
    )


def test_a_bad_count_does_not_also_raise_a_false_overlap(tmp_path):
    rows = [count(0), count(1) | {"interval_start": "2024-03-01T00:01:00"}]
    with pytest.raises(InputError) as excinfo:
        read_counts(write(tmp_path, "counts.csv", rows))
    assert problems_of(excinfo) == [(2, "interval_start", "'2024-03-01T00:01:00'")]


# -------------------------------------------------------------------- maintenance
WINDOW = {
    "service": "web",
    "kind": "preventive",
    "announced_at": "2024-03-01T09:00:00+01:00",
    "start": "2024-03-09T22:00:00+01:00",
    "end": "2024-03-10T00:00:00+01:00",
    "agreed_by_customer": "yes",
    "reference": "CHG-7",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_maintenance_windows_are_read_from_every_format(tmp_path, fmt):
    unannounced = WINDOW | {"announced_at": "", "agreed_by_customer": "", "kind": "exceptional"}
    table = read_maintenance(write(tmp_path, f"maintenance.{fmt}", [WINDOW, unannounced]))
    assert table.kind.tolist() == ["preventive", "exceptional"]
    assert table.announced.tolist() == [True, False]
    assert table.announced_at[0] == epoch("2024-03-01T08:00:00+00:00")
    assert (table.end - table.start).tolist() == [7200, 7200]
    assert table.agreed_by_customer.tolist() == [True, False]
    assert table.reference.tolist() == ["CHG-7", "CHG-7"]


def test_maintenance_kinds_are_checked_against_the_contracts_when_given(tmp_path):
    path = write(tmp_path, "maintenance.csv", [WINDOW | {"kind": "evolutive-high-impact"}])
    assert read_maintenance(path).kind.tolist() == ["evolutive-high-impact"]
    with pytest.raises(InputError, match="one of exceptional, preventive"):
        read_maintenance(path, kinds={"preventive", "exceptional"})


def test_a_maintenance_kind_that_is_not_a_name_is_refused(tmp_path):
    path = write(tmp_path, "maintenance.csv", [WINDOW | {"kind": "Big Change!"}])
    with pytest.raises(InputError, match="a kind in lower-case letters"):
        read_maintenance(path)


def test_a_maintenance_window_that_ends_before_it_starts_is_refused(tmp_path):
    path = write(tmp_path, "maintenance.csv", [WINDOW | {"end": WINDOW["announced_at"]}])
    with pytest.raises(InputError) as excinfo:
        read_maintenance(path)
    assert [(p.row, p.field) for p in excinfo.value.problems] == [(1, "end")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_maintenance_window_that_ends_when_it_starts_is_refused_quoting_both(tmp_path, fmt):
    """A window of no length is no window (it read "0 min outside the allowed slots")."""
    path = write(tmp_path, f"maintenance.{fmt}", [WINDOW, WINDOW | {"end": WINDOW["start"]}])
    with pytest.raises(InputError) as excinfo:
        read_maintenance(path)
    (problem,) = excinfo.value.problems
    assert (problem.row, problem.field) == (2, "end")
    assert problem.line == {"csv": 3, "jsonl": 2, "parquet": None}[fmt]  # CSV: header line 1
    assert english(problem.expected) == "after start 2024-03-09T22:00:00+01:00"
    assert english(problem.found) == "'2024-03-09T22:00:00+01:00'"
    assert problem.template == "after {field} {start}"


def test_one_window_given_field_by_field_is_checked_as_a_file_row_is() -> None:
    fields = {
        "kind": "exceptional",
        "start": "2024-03-13T18:00+01:00",
        "end": "2024-03-13T14:00+01:00",
        "announced_at": "soon",
    }
    with pytest.raises(InputError) as excinfo:
        read_window(fields, source="form", kinds=["exceptional"])
    problems = {p.field: p for p in excinfo.value.problems}
    assert set(problems) == {"announced_at"}  # an unreadable instant first, as in a file
    with pytest.raises(InputError) as excinfo:
        read_window(fields | {"announced_at": ""}, source="form", kinds=["exceptional"])
    (problem,) = excinfo.value.problems
    assert problem.row is None  # a form has fields, not rows
    assert str(problem) == (
        "form: end: expected after start 2024-03-13T18:00+01:00, found '2024-03-13T14:00+01:00'"
    )
    with pytest.raises(InputError, match="kind: expected one of exceptional, found 'nope'"):
        read_window(
            fields | {"kind": "nope", "announced_at": ""}, source="form", kinds=["exceptional"]
        )


def test_one_window_reads_into_a_one_row_table_of_any_service() -> None:
    table = read_window(
        {"kind": "preventive", "start": WINDOW["start"], "end": WINDOW["end"]}, source="query"
    )
    assert (len(table), table.services, table.row.tolist()) == (1, ("*",), [1])
    assert table.announced.tolist() == [False]
    assert (table.end - table.start).tolist() == [7200]


def test_an_empty_json_lines_file_is_an_empty_table(tmp_path):
    path = tmp_path / "maintenance.jsonl"
    path.write_text("\n", encoding="utf-8")
    assert len(read_maintenance(path)) == 0
