"""The same incident history, recorded in the five helpdesks' shapes and served over
real HTTP, gives the clocks of the equivalent hand-written events file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_calendar_cli import run

from .loopback import FIXTURES, ROOT
from .recorded import KEYS, ROUTES, arguments

CONTRACT = str(ROOT / "examples" / "contracts" / "001-saas-annexes.yaml")
AT = "2024-04-01T00:00:00+02:00"
#: the helpdesks whose API gives a status history: Freshdesk's does not (its own test below)
VENDORS = sorted(v for v in ROUTES if v != "freshdesk")


def clocks(capsys, events: str, keys: dict[str, str] | None = None) -> dict[tuple[str, str], dict]:
    code, out, err = run(capsys, "incidents", CONTRACT, "--events", events, "--at", AT, "--json")
    assert code == 0, err
    found = {}
    for incident in json.loads(out)["incidents"]:
        name = (keys or {}).get(incident["incident"], incident["incident"])
        for clock in incident["clocks"]:
            found[(name, clock["name"])] = {"priority": incident["priority"], **clock}
    return found


def ingest(
    capsys, helpdesk, vendor: str, output: Path, *extra: str, routes: bool = True
) -> tuple[int, str, str]:
    if routes:
        ROUTES[vendor](helpdesk)
    return run(
        capsys,
        "ingest",
        "tickets",
        "--source",
        vendor,
        "--mapping",
        str(FIXTURES / vendor / "mapping.yaml"),
        *arguments(vendor, helpdesk.url),
        "--output",
        str(output),
        *extra,
    )


@pytest.mark.parametrize("vendor", VENDORS)
def test_each_helpdesk_shape_gives_the_clocks_of_the_hand_written_events(
    capsys, helpdesk, tmp_path, vendor
):
    output = tmp_path / "events.csv"
    code, out, err = ingest(capsys, helpdesk, vendor, output)
    assert code == 0, err
    assert "2 tickets" in out
    expected = clocks(capsys, str(FIXTURES / "expected-events.csv"))
    assert clocks(capsys, str(output), KEYS[vendor]) == expected
    # the worked example: paused from 11:00 to 13:00, reclassified critical from the start
    diagnosis = expected[("INC-1", "diagnosis")]
    assert diagnosis["priority"] == "critical"
    assert diagnosis["status"] == "met"
    assert diagnosis["elapsed_seconds"] == 5 * 3600
    assert expected[("INC-2", "take-into-account")]["status"] == "breached"


def test_the_jira_connector_pages_the_search_and_reads_a_long_changelog(capsys, helpdesk, tmp_path):
    code, _, err = ingest(capsys, helpdesk, "jira", tmp_path / "events.csv")
    assert code == 0, err
    searched = [r for r in helpdesk.requests if r.path == "/rest/api/2/search"]
    assert [r.query["startAt"] for r in searched] == ["0", "1"]
    assert searched[0].query["expand"] == "changelog,names"
    assert searched[0].query["jql"].startswith("(project = SUP AND issuetype = Incident)")
    assert "/rest/api/2/issue/SUP-2/changelog" in helpdesk.paths()


def _events(path: Path) -> list[tuple[str, str, str]]:
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(row.split(",")[:3]) for row in rows]  # type: ignore[misc]


def test_freshdesk_gives_what_its_stats_and_conversations_date_and_no_more(
    capsys, helpdesk, tmp_path
):
    output = tmp_path / "events.csv"
    code, out, err = ingest(capsys, helpdesk, "freshdesk", output)
    assert code == 0, err
    assert "2 tickets" in out
    conversations = [r for r in helpdesk.requests if r.path.endswith("/conversations")]
    assert [r.path for r in conversations] == [
        "/api/v2/tickets/1/conversations",
        "/api/v2/tickets/2/conversations",
    ]
    assert not any(r.path.endswith("/activities") for r in helpdesk.requests)
    events = _events(output)
    first = [(at, event) for key, at, event in events if key == "1"]
    # notified at creation, acknowledged at stats.first_responded_at, restored at
    # stats.resolved_at, closed at stats.closed_at
    assert first == [
        ("2024-03-12T09:00:00+00:00", "notified"),
        ("2024-03-12T09:00:00+00:00", "classified"),
        ("2024-03-12T12:00:00+00:00", "acknowledged"),
        ("2024-03-13T10:00:00+00:00", "restored"),
        ("2024-03-14T09:00:00+00:00", "closed"),
    ]
    found = clocks(capsys, str(output), KEYS["freshdesk"])
    expected = clocks(capsys, str(FIXTURES / "expected-events.csv"))
    # what Freshdesk dates agrees with the full history...
    assert found[("INC-2", "take-into-account")] == expected[("INC-2", "take-into-account")]
    # ...what it cannot give is not invented: the pause of 11:00-13:00 and the diagnosis
    # of the activities are missing, so the diagnosis clock runs on (reported, not guessed)
    assert expected[("INC-1", "diagnosis")]["status"] == "met"
    assert found[("INC-1", "diagnosis")]["status"] != "met"


def test_jira_cloud_search_jql_pages_by_token_and_gives_the_same_clocks(capsys, helpdesk, tmp_path):
    output = tmp_path / "events.csv"
    code, _, err = ingest(capsys, helpdesk, "jira", output, "--option", "search=jql")
    assert code == 0, err
    searched = [r for r in helpdesk.requests if r.path == "/rest/api/3/search/jql"]
    assert [r.query.get("nextPageToken") for r in searched] == [None, "CAEQAg"]
    assert searched[0].query["fields"] == "*all"
    assert searched[0].query["expand"] == "changelog,names"
    assert "/rest/api/2/search" not in helpdesk.paths()
    assert "/rest/api/3/issue/SUP-2/changelog" in helpdesk.paths()
    expected = clocks(capsys, str(FIXTURES / "expected-events.csv"))
    assert clocks(capsys, str(output), KEYS["jira"]) == expected


def test_an_unknown_jira_search_is_refused_by_name(capsys, helpdesk, tmp_path):
    code, _, err = ingest(capsys, helpdesk, "jira", tmp_path / "e.csv", "--option", "search=v4")
    assert code != 0
    assert "search: jql or v2" in err
