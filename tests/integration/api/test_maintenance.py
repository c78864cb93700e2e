"""The maintenance check and window records read a window as the CLI and the dashboard
do (one reader): field-level refusals, and "no rule" said as such, never as a yes."""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration.api.conftest import World

PREVISOFT = "/api/contracts/previsoft-cgv"
START = "2024-03-13T18:00:00+01:00"


def _check(world: World, **params: str) -> Any:
    return world.client.get(
        PREVISOFT + "/maintenance/check", headers=world.headers("agent"), params=params
    )


@pytest.mark.parametrize(
    "end",
    [
        "2024-03-13T14:00:00+01:00",  # four hours before the start: "-240 min" it said
        START,  # a window of no length
    ],
)
def test_a_check_of_a_window_ending_before_or_at_its_start_names_the_end(
    world: World, end: str
) -> None:
    response = _check(world, kind="preventive", start=START, end=end)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["errors"] == [
        {
            "field": "end",
            "expected": f"after start {START}",
            "expected_id": "input.files.after",
            "expected_params": {"field": "start", "start": START},
            "found": f"'{end}'",
        }
    ]
    assert body["detail"] == f"end: expected after start {START}, found '{end}'"


def test_recording_a_window_ending_before_its_start_is_refused_and_stores_nothing(
    world: World,
) -> None:
    listed = PREVISOFT + "/maintenance?from=2024-03-13&to=2024-03-13"
    before = world.get(listed).json()["total"]  # type: ignore[attr-defined]
    response = world.client.post(
        PREVISOFT + "/maintenance",
        headers=world.headers("agent"),
        json={
            "service": "saas",
            "kind": "preventive",
            "start": START,
            "end": "2024-03-13T14:00:00+01:00",
            "accept_outside_rules": True,
        },
    )
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["end"]
    assert world.get(listed).json()["total"] == before  # type: ignore[attr-defined]


def test_an_unknown_kind_is_refused_naming_the_contracts_kinds(world: World) -> None:
    response = _check(world, kind="weekly", start=START, end="2024-03-13T19:00:00+01:00")
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["field"] == "kind"
    assert "preventive" in error["expected"]
    assert error["found"] == "'weekly'"


def test_a_kind_the_contract_sets_no_rule_on_answers_no_rule_not_yes(world: World) -> None:
    response = _check(world, kind="corrective", start=START, end="2024-03-13T19:00:00+01:00")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["answer"] == "no-rule"
    assert body["summary"] == "the contract sets no rule for this kind of window"
    assert body["allowed"] is True  # nothing refuses it (it is not counted as downtime)


def test_a_window_with_rules_answers_allowed_or_refused(world: World) -> None:
    body = _check(world, kind="preventive", start=START, end="2024-03-13T19:00:00+01:00").json()
    assert body["answer"] == ("allowed" if body["allowed"] else "refused")


def test_the_instants_of_a_reason_read_in_french_and_keep_iso_in_the_parameters(
    world: World,
) -> None:
    """The announcement inside a notice reason is written as French writes an instant, in
    the contract's zone; ``message_params`` keep it as ISO with the zone."""
    response = world.client.get(
        PREVISOFT + "/maintenance/check",
        headers=world.headers("agent") | {"Accept-Language": "fr"},
        params={
            "kind": "preventive",
            "start": START,
            "end": "2024-03-13T19:00:00+01:00",
            "announced_at": "2024-03-08T17:00:00+01:00",
        },
    )
    assert response.status_code == 200, response.text
    (notice,) = [r for r in response.json()["reasons"] if r["rule"] == "maintenance.notice"]
    assert "annoncée le 8 mars 2024, 17:00 UTC+01:00" in notice["message"]
    assert notice["message_params"]["announced"] == {
        "instant": "2024-03-08T17:00:00+01:00",
        "zone": "Europe/Paris",
    }
