"""A contract's obligation events over the API, on SQLite and PostgreSQL: uploaded all or
nothing, listed back in the contract's zone, and the deadlines they start shown by the
obligations calendar (003's events file, as ``sla obligations --events`` reads it)."""

from __future__ import annotations

import json

from tests.integration.api.conftest import ROOT, World

PREVISOFT = "/api/contracts/previsoft-cgv"
EVENTS = (ROOT / "examples" / "data" / "003-previsoft" / "obligation-events.csv").read_bytes()


def _upload(world: World, body: bytes = EVENTS, who: str = "admin"):
    return world.client.post(
        PREVISOFT + "/obligation-events/upload",
        headers=world.headers(who),
        files={"file": ("obligation-events.csv", body)},
    )


def test_uploaded_events_are_listed_in_the_contract_s_zone(world: World) -> None:
    response = _upload(world)
    assert response.status_code == 201, response.text
    assert response.json()["rows"] == EVENTS.decode().count("\n") - 1
    listed = world.get(PREVISOFT + "/obligation-events").json()
    by_ref = {e["ref"]: e for e in listed}
    # a whole day: local midnight in Paris, the date the file gives
    assert by_ref["RAR-5"]["at"] == "2024-05-06T00:00:00+02:00"
    assert by_ref["RAR-5"]["whole_day"] is True
    assert by_ref["BR-3"]["at"] == "2024-03-14T16:30:00+01:00"
    assert by_ref["MNT-4"]["end"] == "2024-04-06T03:00:00+02:00"
    assert by_ref["MNT-4"]["clause"] == "preventive"
    assert [e["at"] for e in listed] == sorted(e["at"] for e in listed)


def test_uploading_the_file_again_adds_nothing_and_updates_a_note(world: World) -> None:
    assert _upload(world).status_code == 201
    changed = EVENTS.replace(b"registered letter received", b"lettre recommandee recue")
    assert _upload(world, changed).status_code == 201
    listed = world.get(PREVISOFT + "/obligation-events").json()
    assert len(listed) == EVENTS.decode().count("\n") - 1
    assert {e["ref"]: e["note"] for e in listed}["RAR-5"] == "lettre recommandee recue"


def test_a_bad_events_file_is_refused_whole_naming_the_row_and_field(world: World) -> None:
    body = b"event,at\nbreach-discovered,2024-03-14T16:30:00+01:00\nno-such-event,2024-04-01\n"
    response = _upload(world, body)
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert (error["row"], error["field"]) == (2, "event")
    assert "no-such-event" in error["found"]
    assert world.get(PREVISOFT + "/obligation-events").json() == []


def test_only_an_admin_uploads_events(world: World) -> None:
    assert _upload(world, who="agent").status_code == 403
    assert _upload(world, who="viewer").status_code == 404
    assert world.get(PREVISOFT + "/obligation-events").json() == []


def test_the_obligations_calendar_counts_from_the_stored_events(world: World) -> None:
    query = PREVISOFT + "/obligations?from=2024-01-01&to=2024-12-31"
    before = json.dumps(world.get(query).json())
    assert "BR-3" not in before
    assert _upload(world).status_code == 201
    after = json.dumps(world.get(query).json())
    assert "BR-3" in after  # 003: the breach discovered starts its notice deadline
    assert "RAR-5" in after  # and the data return requested, its restitution deadline
