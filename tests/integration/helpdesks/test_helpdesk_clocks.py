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
VENDORS = sorted(ROUTES)


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
