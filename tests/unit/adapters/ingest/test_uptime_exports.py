"""Uptime monitors' exports (tests/fixtures/uptime, in the shapes each monitor documents)
read as outage records or probe samples; bad records name file, row, field, expected and
found, and nothing is returned from a file with any."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.ingest.uptime_exports import read_export
from slaledger.domain.intervals import Intervals
from slaledger.domain.observations import OutageTable, SampleTable
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "uptime"


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def outages(table: object) -> list[tuple[int, int, str]]:
    assert isinstance(table, OutageTable)
    return [
        (int(s), int(e), str(n)) for s, e, n in zip(table.start, table.end, table.note, strict=True)
    ]


def problems(kind: str, path: Path, **options: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_export(kind, path, service="web", **options)  # type: ignore[arg-type]
    return [str(p) for p in caught.value.problems]


# ----------------------------------------------------------------- UptimeRobot
def test_uptimerobot_logs_give_the_down_events_until_the_next_event() -> None:
    export = read_export(
        "uptimerobot",
        FIXTURES / "uptimerobot-logs.csv",
        service="web",
        monitor="Web",
        timezone="Europe/Paris",
    )
    assert outages(export.table) == [
        (at("2024-03-05T10:12:33+01:00"), at("2024-03-05T10:20:41+01:00"), "Connection Timeout"),
        (
            at("2024-03-20T14:05:10+01:00"),
            at("2024-03-20T14:47:10+01:00"),
            "503 Service Unavailable",
        ),
    ]
    # watched from the start, except the paused hour; the last event for its minutes
    assert export.observed == Intervals.of(
        [at("2024-03-01T00:00:00+01:00"), at("2024-03-09T02:00:00+01:00")],
        [at("2024-03-09T01:00:00+01:00"), at("2024-03-20T14:47:10+01:00") + 16_392 * 60],
    )
    assert export.notes == ("1 paused period, not watched",)
    assert export.table.services == ("web",)
    assert export.table.origin.kind == "uptimerobot"
    assert export.table.row.tolist() == [8, 2]  # the rows of the file, for traces


def test_uptimerobot_local_times_need_the_account_time_zone() -> None:
    found = problems("uptimerobot", FIXTURES / "uptimerobot-logs.csv", monitor="Web")
    assert found[0].startswith(f"{FIXTURES / 'uptimerobot-logs.csv'}:2 row 1: Date-Time: ")
    assert "(UptimeRobot writes the account's local time: give --timezone)" in found[0]
    assert found[0].endswith("found '2024-03-20 14:47:10'")


def test_an_export_of_several_monitors_needs_one_chosen() -> None:
    found = problems("uptimerobot", FIXTURES / "uptimerobot-logs.csv", timezone="Europe/Paris")
    assert found == [
        f"{FIXTURES / 'uptimerobot-logs.csv'}: Monitor: expected one monitor, or "
        "--monitor to choose one, found 2 monitors: API, Web"
    ]
    found = problems(
        "uptimerobot", FIXTURES / "uptimerobot-logs.csv", monitor="Shop", timezone="Europe/Paris"
    )
    assert found[0].endswith("expected a monitor named or numbered 'Shop', found API, Web")


def test_bad_uptimerobot_rows_are_each_named_and_nothing_is_read(tmp_path: Path) -> None:
    path = tmp_path / "logs.csv"
    path.write_text(
        "Event,Monitor,Date-Time,Reason,Duration,Duration (in mins.)\n"
        "Up,Web,2024-03-01 00:00:00,OK,,10\n"
        "Flapping,Web,2024-03-01 00:10:00,,,5\n"  # not an event UptimeRobot writes
        "Down,Web,2024-03-31 02:30:00,Timeout,,5\n"  # Paris skipped 02:00-03:00 that night
        "Down,Web,2024-10-27 02:30:00,Timeout,,5\n"  # and lived 02:00-03:00 twice in October
        "Up,Web,2024-03-31 04:00:00,OK,,x\n",
        encoding="utf-8",
    )
    found = problems("uptimerobot", path, timezone="Europe/Paris")
    assert found == [
        f"{path}:3 row 2: Event: expected Down, Up, Started or Paused, found 'Flapping'",
        f"{path}:4 row 3: Date-Time: expected a time that exists once in Europe/Paris, found "
        "'2024-03-31 02:30:00', which does not exist (clocks went forward)",
        f"{path}:5 row 4: Date-Time: expected a time that exists once in Europe/Paris, found "
        "'2024-10-27 02:30:00', which happens twice",
        f"{path}:6 row 5: Duration (in mins.): expected a whole number of minutes, found 'x'",
    ]


def test_a_csv_without_the_log_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "monitors.csv"
    path.write_text("URL,Friendly Name,Type\nhttps://a,A,HTTP\n", encoding="utf-8")
    assert problems("uptimerobot", path, timezone="UTC") == [
        f"{path}: Event, Date-Time, Duration (in mins.): expected the columns of UptimeRobot's "
        "log export: Event, Date-Time, Duration (in mins.), found URL, Friendly Name, Type"
    ]


def test_uptimerobot_api_logs_give_outages_with_their_reason() -> None:
    export = read_export(
        "uptimerobot", FIXTURES / "uptimerobot-getmonitors.json", service="web", monitor="777001"
    )
    assert outages(export.table) == [
        (at("2024-03-05T09:12:33Z"), at("2024-03-05T09:20:41Z"), "333333 Connection Timeout"),
        (at("2024-03-20T13:05:10Z"), at("2024-03-20T13:47:10Z"), "503 Service Unavailable"),
    ]
    assert export.observed == Intervals.of(
        [at("2024-02-29T23:00:00Z"), at("2024-03-09T01:00:00Z")],
        [at("2024-03-09T00:00:00Z"), at("2024-03-31T22:00:00Z")],
    )
    # the table declares itself complete for the watched time (an import keeps it)
    assert isinstance(export.table, OutageTable)
    assert [c[1:3] for c in export.table.covers] == list(
        zip(export.observed.starts.tolist(), export.observed.ends.tolist(), strict=True)
    )


def test_a_failed_uptimerobot_answer_shows_its_error(tmp_path: Path) -> None:
    path = tmp_path / "answer.json"
    error = {"type": "invalid_parameter", "message": "api_key is wrong"}
    path.write_text(json.dumps({"stat": "fail", "error": error}), encoding="utf-8")
    assert problems("uptimerobot", path) == [
        f"{path}: stat: expected an answer with stat 'ok', found 'invalid_parameter: api_key is "
        "wrong'"
    ]


def test_an_uptimerobot_log_type_that_is_a_list_or_true_is_named(tmp_path: Path) -> None:
    """Found by the fuzzing pass: ``LOG_TYPES.get([])`` raised TypeError (unhashable);
    true, equal to 1 in Python, read as a down event."""
    path = tmp_path / "monitors.json"
    logs = [{"type": [], "datetime": 1709630000, "duration": 60}]
    logs.append({"type": True, "datetime": 1709630060, "duration": 60})
    monitors = [{"id": 1, "friendly_name": "Web", "logs": logs}]
    path.write_text(json.dumps({"stat": "ok", "monitors": monitors}), "utf-8")
    expected = "1 (down), 2 (up), 98 (started) or 99 (paused)"
    assert problems("uptimerobot", path) == [
        f"{path} row 1: monitors[0].logs[0].type: expected {expected}, found []",
        f"{path} row 2: monitors[0].logs[1].type: expected {expected}, found True",
    ]


# --------------------------------------------------------------------- Pingdom
def test_pingdom_outage_summary_gives_the_down_states_and_what_was_watched() -> None:
    export = read_export("pingdom", FIXTURES / "pingdom-summary-outage.json", service="web")
    assert [(s, e) for s, e, _ in outages(export.table)] == [
        (at("2024-03-05T09:12:00Z"), at("2024-03-05T09:21:00Z")),
        (at("2024-03-20T13:05:00Z"), at("2024-03-20T13:48:00Z")),
    ]
    assert export.observed == Intervals.of(
        [at("2024-03-01T00:00:00Z"), at("2024-03-09T01:00:00Z")],
        [at("2024-03-09T00:00:00Z"), at("2024-04-01T00:00:00Z")],
    )
    assert export.notes == ("1 unknown state, not watched",)


def test_pingdom_results_give_one_sample_a_second_down_if_any_probe_failed() -> None:
    export = read_export("pingdom", FIXTURES / "pingdom-results.json", service="web")
    table = export.table
    assert isinstance(table, SampleTable)
    base = at("2024-03-05T09:10:00Z")
    assert (table.at - base).tolist() == [0, 60, 120, 180, 240, 300]
    # 09:12: unconfirmed_down and down; 09:13: one probe down; 09:14: unknown and up
    assert table.up.tolist() == [True, True, False, False, True, True]
    assert table.latency_ms[[0, 4]].tolist() == [198.0, 199.0]  # the first result's
    assert export.notes == ("1 unknown result, no test",)


def test_bad_pingdom_records_name_their_place(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    results = [
        {"time": 1709630000, "status": "up"},
        {"time": "soon", "status": "flaky"},
        {"time": 1709630060, "status": "up", "responsetime": -3},
    ]
    path.write_text(json.dumps({"results": results}), encoding="utf-8")
    assert problems("pingdom", path) == [
        f"{path} row 2: results[1].status: expected up, down, unconfirmed_down or unknown, "
        "found 'flaky'",
        f"{path} row 2: results[1].time: expected epoch seconds, found 'soon'",
        f"{path} row 3: results[2].responsetime: expected milliseconds, at least 0, found -3",
    ]


def test_a_pingdom_status_that_is_a_list_is_named_not_a_type_error(tmp_path: Path) -> None:
    """Found by the fuzzing pass: ``status in RESULTS`` raised TypeError (unhashable)."""
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"results": [{"time": 1709630000, "status": []}]}), "utf-8")
    assert problems("pingdom", path) == [
        f"{path} row 1: results[0].status: expected up, down, unconfirmed_down or unknown, found []"
    ]


def test_a_pingdom_error_answer_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "answer.json"
    error = {"statuscode": 403, "statusdesc": "Forbidden", "errormessage": "Invalid token"}
    path.write_text(json.dumps({"error": error}), encoding="utf-8")
    assert problems("pingdom", path) == [
        f"{path}: error: expected a successful answer, found '403 Forbidden: Invalid token'"
    ]


# ----------------------------------------------------------------- Uptime Kuma
def test_uptime_kuma_status_page_beats_become_samples_in_utc() -> None:
    export = read_export(
        "uptimekuma", FIXTURES / "uptimekuma-status-page.json", service="web", monitor="1"
    )
    table = export.table
    assert isinstance(table, SampleTable)
    base = at("2024-03-05T09:10:00Z")
    assert (table.at - base).tolist() == [0, 60, 120, 180, 240, 360]  # no 09:15: maintenance
    assert table.up.tolist() == [True, True, False, False, True, True]  # pending is down
    assert np.isnan(table.latency_ms[2])
    assert table.latency_ms[0] == 41.0
    assert export.notes == ("1 maintenance beat, no check",)
    assert export.observed is None


def test_uptime_kuma_heartbeats_of_one_monitor_are_chosen_by_id() -> None:
    path = FIXTURES / "uptimekuma-heartbeats.json"
    one = read_export("uptimekuma", path, service="web", monitor="1").table
    four = read_export("uptimekuma", path, service="web", monitor="4").table
    assert len(one) == 6
    assert four.at.tolist() == [at("2024-03-05T09:10:30Z")]
    assert problems("uptimekuma", path)[0].endswith(
        "monitorID: expected one monitor, or --monitor to choose one, found 2 monitors: "
        "monitor 1, monitor 4"
    )


def test_bad_uptime_kuma_beats_are_named(tmp_path: Path) -> None:
    path = tmp_path / "beats.json"
    beats = [
        {"monitorID": 1, "status": 1, "time": "2024-03-05"},
        {"monitorID": 1, "status": 7, "time": "2024-03-05 09:00:00"},
    ]
    path.write_text(json.dumps(beats), encoding="utf-8")
    assert problems("uptimekuma", path) == [
        f"{path} row 1: [0].time: expected a UTC time YYYY-MM-DD HH:MM:SS[.mmm], or ISO 8601 "
        "with its offset, found '2024-03-05'",
        f"{path} row 2: [1].status: expected 0 (down), 1 (up), 2 (pending) or 3 (maintenance), "
        "found 7",
    ]


@pytest.mark.parametrize("kind", ["uptimerobot", "pingdom", "uptimekuma"])
def test_a_file_that_is_not_json_names_line_and_column(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "export.json"
    path.write_text('{"monitors": [\n  {"id": 1,,}\n]}', encoding="utf-8")
    found = problems(kind, path)
    assert found[0].startswith(f"{path}:2:12: expected a JSON document, found ")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    assert problems("pingdom", tmp_path / "nope.json") == [
        f"{tmp_path / 'nope.json'}: expected a pingdom export file, found no such file"
    ]


# ---------------------------------------------------------------------- Gatus
GATUS = FIXTURES / "gatus-statuses.json"


def test_gatus_results_give_one_sample_each_by_gatus_s_verdict() -> None:
    export = read_export("gatus", GATUS, service="web", monitor="portal_home")
    table = export.table
    assert isinstance(table, SampleTable)
    assert table.at.tolist() == [at("2024-03-05T09:10:30Z") + i * 60 for i in range(4)]
    assert table.up.tolist() == [True, False, False, True]
    assert table.latency_ms.tolist() == [41.3, 12.0, 5000.0, 39.0]  # from nanoseconds
    assert export.observed is None  # samples: the contract's maximum gap decides


def test_a_gatus_endpoint_is_chosen_by_key_name_or_group_and_name(tmp_path: Path) -> None:
    for name in ("portal_database", "database", "portal/database"):
        table = read_export("gatus", GATUS, service="db", monitor=name).table
        assert table.at.tolist() == [at("2024-03-05T09:10:00Z")]
    assert problems("gatus", GATUS) == [
        f"{GATUS}: key: expected one monitor, or --monitor to choose one, found 2 monitors: "
        "portal_home, portal_database"
    ]
    one = tmp_path / "one.json"  # one endpoint's /api/v1/endpoints/{key}/statuses
    one.write_text(json.dumps(json.loads(GATUS.read_text("utf-8"))[1]), encoding="utf-8")
    assert len(read_export("gatus", one, service="db").table) == 1


def test_bad_gatus_results_are_each_named_and_nothing_is_read(tmp_path: Path) -> None:
    path = tmp_path / "statuses.json"
    path.write_text(
        json.dumps({"key": "k", "results": [
            {"success": "yes", "timestamp": "2024-03-05T09:10:30Z"},
            {"success": True, "timestamp": "2024-03-05 09:10:30"},
            {"success": True, "timestamp": "2024-03-05T09:12:30Z", "duration": -1},
        ]}),
        encoding="utf-8",
    )  # fmt: skip
    assert problems("gatus", path) == [
        f"{path} row 1: results[0].success: expected true or false (Gatus's verdict on the "
        "result), found 'yes'",
        f"{path} row 2: results[1].timestamp: expected an RFC 3339 instant with its offset, "
        "found '2024-03-05 09:10:30'",
        f"{path} row 3: results[2].duration: expected nanoseconds, a whole number of at "
        "least 0, or nothing, found -1",
    ]
    (other,) = problems("gatus", FIXTURES / "uptimekuma-status-page.json")
    assert ": expected a Gatus endpoint status (an object with 'results') or a list of " in other
