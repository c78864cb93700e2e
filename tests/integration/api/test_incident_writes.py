"""Writing incidents: a class the contract does not know is refused and nothing of the
request is stored; the clocks a write answers are those a later read computes."""

from __future__ import annotations

from typing import Any

from tests.integration.api.conftest import World

CLEAN = "/api/contracts/northwind-hosting-clean"


def _create(world: World, key: str, classified: str | None) -> Any:
    body = {"incident": key, "notified_at": "2024-03-04T10:00:00+01:00"}
    if classified is not None:
        body["classified"] = classified
    return world.client.post(CLEAN + "/incidents", headers=world.headers("agent"), json=body)


def test_an_incident_classified_in_a_class_the_contract_lacks_is_refused_and_not_stored(
    world: World,
) -> None:
    response = _create(world, "INC-TYPO", "sev-z")
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["field"] == "classified"
    assert "sev-a" in error["expected"]
    assert error["found"] == "'sev-z'"
    assert world.get(CLEAN + "/incidents/INC-TYPO").status_code == 404


def test_an_appended_class_the_contract_lacks_is_refused_and_the_log_kept(world: World) -> None:
    assert _create(world, "INC-LATE", None).status_code == 201
    response = world.client.post(
        CLEAN + "/incidents/INC-LATE/events",
        headers=world.headers("agent"),
        json={"event": "classified", "at": "2024-03-04T10:05:00+01:00", "value": "Severity Z"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "value"
    events = world.get(CLEAN + "/incidents/INC-LATE/events").json()["items"]
    assert [e["event"] for e in events] == ["notified"]


def test_a_known_class_by_its_name_is_accepted(world: World) -> None:
    response = _create(world, "INC-NAMED", "Severity B")
    assert response.status_code == 201, response.text
    assert response.json()["priority"] == "sev-b"


def test_the_clocks_a_write_answers_are_those_a_later_read_computes(world: World) -> None:
    created = _create(world, "INC-SAME", "sev-a")
    assert created.status_code == 201, created.text
    appended = world.client.post(
        CLEAN + "/incidents/INC-SAME/events",
        headers=world.headers("agent"),
        json={"event": "acknowledged", "at": "2024-03-04T11:00:00+01:00"},
    )
    assert appended.status_code == 201, appended.text
    read = world.get(CLEAN + "/incidents/INC-SAME").json()
    assert appended.json()["clocks"] == read["clocks"]
    assert created.json()["clocks"] != read["clocks"]  # the acknowledgement stopped one
    assert [e["event"] for e in read["events"]] == ["notified", "classified", "acknowledged"]


def test_an_acknowledged_incident_not_yet_restored_stays_open(world: World) -> None:
    """ "Open" means not resolved: a met take-into-account clock does not close a ticket."""
    assert _create(world, "INC-ACK", "sev-a").status_code == 201
    acknowledged = world.client.post(
        CLEAN + "/incidents/INC-ACK/events",
        headers=world.headers("agent"),
        json={"event": "acknowledged", "at": "2024-03-04T10:10:00+01:00"},
    )
    assert acknowledged.status_code == 201, acknowledged.text
    listed = world.get(CLEAN + "/incidents?status=open&limit=500").json()["items"]
    found = [i for i in listed if i["incident"] == "INC-ACK"]
    assert len(found) == 1
    assert found[0]["open"] is True
    assert found[0]["resolved_at"] is None
    restored = world.client.post(
        CLEAN + "/incidents/INC-ACK/events",
        headers=world.headers("agent"),
        json={"event": "restored", "at": "2024-03-04T12:00:00+01:00"},
    )
    assert restored.status_code == 201, restored.text
    listed = world.get(CLEAN + "/incidents?status=open&limit=500").json()["items"]
    assert "INC-ACK" not in {i["incident"] for i in listed}
    read = world.get(CLEAN + "/incidents/INC-ACK").json()
    assert read["open"] is False
    assert read["resolved_at"].startswith("2024-03-04T12:00:00")
