"""Incident event files: CSV and JSON lines, all or nothing, errors by row."""

from __future__ import annotations

import json

import pytest

from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english

HEADER = "incident,at,event,value,service,kind\n"


def write(tmp_path, text: str, name: str = "events.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_log_is_read_ordered_with_service_and_kind(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "INC-2,2024-03-15T17:00:00+01:00,notified,,app,request\n"
        + "INC-1,2024-03-15T16:30:00+01:00,classified,P2,app,\n"
        + "INC-1,2024-03-15T16:00:00+01:00,notified,,app,\n",
    )
    table = read_events(path)
    assert table.log.names == ("INC-1", "INC-2")
    assert table.log.row.tolist() == [3, 2, 1]  # INC-1 by instant, then INC-2
    assert table.kind == ("incident", "request")
    assert table.service == ("app", "app")


def test_json_lines_are_accepted(tmp_path):
    lines = [
        {"incident": "A", "at": "2024-03-15T16:00:00Z", "event": "notified", "value": None},
        {"incident": "A", "at": "2024-03-15T16:10:00Z", "event": "classified", "value": "S1/C2"},
    ]
    path = write(tmp_path, "\n".join(json.dumps(x) for x in lines) + "\n", "events.jsonl")
    table = read_events(path)
    assert table.log.value.tolist() == [None, "S1/C2"]


@pytest.mark.parametrize(
    ("row", "field", "fragment"),
    [
        ("A,2024-03-15T16:00:00+01:00,exploded,,,\n", "event", "'exploded'"),
        ("A,2024-03-15T16:00:00,notified,,,\n", "at", "2024-03-15T16:00:00"),
        ("A,2024-03-15T16:00:00+01:00,notified,,,bug\n", "kind", "'bug'"),
    ],
)
def test_a_bad_row_names_file_row_field_and_what_was_found(tmp_path, row, field, fragment):
    path = write(tmp_path, HEADER + "B,2024-03-15T15:00:00+01:00,notified,,,\n" + row)
    with pytest.raises(InputError) as caught:
        read_events(path)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.line, problem.field) == (str(path), 2, 3, field)
    assert fragment in english(problem.found)


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ("A,2024-03-15T16:00:00Z,notified,,,\nA,2024-03-15T15:00:00Z,restored,,,\n", "before it"),
        ("A,2024-03-15T16:00:00Z,notified,,,\nA,2024-03-15T17:00:00Z,resumed,,,\n", "not paused"),
        ("A,2024-03-15T16:00:00Z,notified,,,\nA,2024-03-15T17:00:00Z,notified,,,\n", "second"),
    ],
)
def test_a_log_that_breaks_the_event_grammar_is_refused_whole(tmp_path, rows, fragment):
    path = write(tmp_path, HEADER + rows)
    with pytest.raises(InputError) as caught:
        read_events(path)
    assert caught.value.problems[0].row == 2
    assert fragment in english(caught.value.problems[0].found)


def test_missing_columns_are_named(tmp_path):
    path = write(tmp_path, "incident,at\nA,2024-03-15T16:00:00Z\n")
    with pytest.raises(InputError, match="event, value"):
        read_events(path)


def test_a_bare_date_is_not_taken_for_an_instant_with_an_offset(tmp_path):
    # "2024-03-15" ends in "-15", which must not read as a UTC offset of -15 h
    path = write(tmp_path, HEADER + "A,2024-03-15,notified,,,\n")
    with pytest.raises(InputError) as caught:
        read_events(path)
    assert caught.value.problems[0].field == "at"


def test_notes_are_kept_by_row_and_empty_ones_left_out(tmp_path):
    path = write(
        tmp_path,
        "incident,at,event,value,note\n"
        + "INC-1,2024-03-15T16:30:00+01:00,paused,customer,Waiting for the VPN\n"
        + "INC-1,2024-03-15T16:00:00+01:00,notified,,\n",
    )
    table = read_events(path)
    assert table.log.row.tolist() == [2, 1]
    assert table.notes == {1: "Waiting for the VPN"}
