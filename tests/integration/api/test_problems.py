"""Bad input answers an RFC 9457 problem naming the field or row; nothing is
half-written; an unexpected error is a 500 problem and the service keeps serving."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import APIRouter
from tests.integration.api.conftest import CLEAN, MAX_UPLOAD, World

PREVISOFT = "/api/contracts/previsoft-cgv"
PROBLEM_KEYS = {"type", "title", "status", "instance"}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body.keys() >= PROBLEM_KEYS
    assert body["status"] == status
    return body


def test_malformed_json_is_a_problem_naming_the_body(world: World) -> None:
    response = world.client.post(
        PREVISOFT + "/incidents",
        headers=world.headers("admin") | {"content-type": "application/json"},
        content=b'{"incident": "X", ',
    )
    body = _problem(response, 422)
    assert body["errors"][0]["field"] == "body"
    assert "character 18" in body["errors"][0]["expected"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"incident": "X", "notified_at": "yesterday"}, "notified_at"),  # not an instant
        ({"incident": "X", "notified_at": "2024-03-29T10:00:00"}, "notified_at"),  # naive
        ({"incident": "X y", "notified_at": "2024-03-29T10:00:00Z"}, "incident"),  # a space
        ({"notified_at": "2024-03-29T10:00:00Z"}, "incident"),  # missing
        ({"incident": "X", "notified_at": "2024-03-29T10:00:00Z", "kind": 3}, "kind"),
    ],
)
def test_a_wrong_value_is_422_naming_its_field(
    world: World, payload: dict[str, Any], field: str
) -> None:
    response = world.client.post(
        PREVISOFT + "/incidents", headers=world.headers("admin"), json=payload
    )
    body = _problem(response, 422)
    assert field in [e["field"] for e in body["errors"]]


def test_an_unknown_contract_or_incident_is_404(world: World) -> None:
    _problem(world.get("/api/contracts/nope"), 404)
    body = _problem(world.get(PREVISOFT + "/incidents/INC-NOPE"), 404)
    assert "INC-NOPE" in body["detail"]
    _problem(world.get("/api/no-such-route"), 404)


def test_an_event_that_breaks_the_log_grammar_is_refused_and_not_stored(world: World) -> None:
    world.client.post(
        PREVISOFT + "/incidents",
        headers=world.headers("admin"),
        json={"incident": "INC-G", "notified_at": "2024-03-29T10:00:00+01:00"},
    )
    response = world.client.post(
        PREVISOFT + "/incidents/INC-G/events",
        headers=world.headers("admin"),
        json={"event": "resumed", "at": "2024-03-29T11:00:00+01:00"},
    )
    _problem(response, 422)
    events = world.get(PREVISOFT + "/incidents/INC-G/events").json()
    assert [e["event"] for e in events["items"]] == ["notified"]


def test_an_oversized_upload_is_413_with_the_limit(world: World) -> None:
    big = b"service,start,end,category\n" + b"x" * (MAX_UPLOAD + 1)
    response = world.client.post(
        PREVISOFT + "/outages/upload",
        headers=world.headers("admin"),
        files={"file": ("outages.csv", big)},
    )
    body = _problem(response, 413)
    assert body["limit_bytes"] == MAX_UPLOAD


def test_a_contract_with_lint_errors_is_refused_with_its_findings(world: World) -> None:
    traps = CLEAN.with_name("invented-traps.yaml")
    response = world.client.post(
        "/api/contracts",
        headers=world.headers("admin"),
        files={"file": ("invented-traps.yaml", traps.read_bytes())},
    )
    body = _problem(response, 422)
    assert body["findings"]
    assert {f["severity"] for f in body["findings"]} == {"error"}
    assert all(f["rule"] and f["message"] for f in body["findings"])
    listed = world.get("/api/contracts").json()
    assert len(listed["items"]) == 2  # nothing stored


def test_a_contract_file_that_does_not_load_names_its_line_and_field(world: World) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace(
        "timezone: Europe/Berlin\n", "timezone: Mars/Olympus\n", 1
    )
    response = world.client.post(
        "/api/contracts",
        headers=world.headers("admin"),
        files={"file": ("broken.yaml", text.encode())},
    )
    body = _problem(response, 422)
    first = body["errors"][0]
    assert first["file"] == "broken.yaml"
    assert first["line"] is not None
    assert "timezone" in first["field"]


def test_a_csv_with_a_bad_row_is_refused_whole_naming_row_and_field(world: World) -> None:
    rows = (
        "service,start,end,category\n"
        "saas,2024-03-05T10:00:00+01:00,2024-03-05T10:10:00+01:00,unplanned\n"
        "saas,2024-03-06T10:00:00+01:00,not-a-time,unplanned\n"
    )
    before = world.get(PREVISOFT + "/outages?limit=500").json()["total"]
    response = world.client.post(
        PREVISOFT + "/outages/upload",
        headers=world.headers("agent"),
        files={"file": ("outages.csv", rows.encode())},
    )
    body = _problem(response, 422)
    bad = body["errors"][0]
    assert (bad["file"], bad["row"], bad["field"]) == ("outages.csv", 2, "end")
    assert world.get(PREVISOFT + "/outages?limit=500").json()["total"] == before


def test_an_upload_naming_an_unknown_service_stores_nothing(world: World) -> None:
    rows = (
        "service,start,end,category\n"
        "saas,2024-03-05T10:00:00+01:00,2024-03-05T10:10:00+01:00,unplanned\n"
        "nope,2024-03-06T10:00:00+01:00,2024-03-06T10:10:00+01:00,unplanned\n"
    )
    before = world.get(PREVISOFT + "/outages?limit=500").json()["total"]
    response = world.client.post(
        PREVISOFT + "/outages/upload",
        headers=world.headers("agent"),
        files={"file": ("outages.csv", rows.encode())},
    )
    body = _problem(response, 422)
    assert body["errors"][0]["field"] == "service"
    assert world.get(PREVISOFT + "/outages?limit=500").json()["total"] == before


def test_an_unexpected_error_is_a_500_problem_and_the_service_keeps_serving(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    boom = APIRouter()

    @boom.get("/api/boom")
    def explode() -> None:
        raise RuntimeError("secret internal detail")

    world.client.app.include_router(boom)  # type: ignore[attr-defined]
    with caplog.at_level("ERROR", logger="slaledger.api"):
        response = world.client.get("/api/boom")
    assert _problem(response, 500)["type"].endswith("/internal")
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" in caplog.text  # logged on the server, not sent
    assert world.get("/api/me").status_code == 200


def test_a_bad_month_says_what_a_month_looks_like_not_a_regex(world: World) -> None:
    for path in (
        PREVISOFT + "/availability?month=2024-3",
        PREVISOFT + "/statements/March-2024",
        PREVISOFT + "/availability?month=2024-13",  # no thirteenth month
    ):
        body = _problem(world.get(path), 422)
        (error,) = body["errors"]
        assert error["field"].startswith("month")
        assert (
            error["expected"]
            == "a month, YYYY-MM with its month from 01 to 12 (for example 2024-03)"
        )
        assert error["found"] == f'"{path.rpartition("=")[2].rpartition("/")[2]}"'

        assert "\\d" not in str(body)


def test_an_event_refused_names_the_incident_and_event_not_an_internal_row(
    world: World,
) -> None:
    """PREVISOFT's store holds a year of events: the refusal must not point at "row 3381"
    of a table the client never sent."""
    world.client.post(
        PREVISOFT + "/incidents",
        headers=world.headers("admin"),
        json={"incident": "INC-R", "notified_at": "2024-03-29T10:00:00+01:00"},
    )
    response = world.client.post(
        PREVISOFT + "/incidents/INC-R/events",
        headers=world.headers("admin"),
        json={"event": "resumed", "at": "2024-03-29T11:00:00+01:00"},
    )
    body = _problem(response, 422)
    assert "row" not in body["detail"].lower(), body["detail"]
    assert "INC-R" in body["detail"]
    assert "resumed" in body["detail"]
