"""GET /api/contracts/{id}/budget from stored observations, on SQLite and PostgreSQL:
the budget of PREVISOFT's rolling year agrees with the availability route's figure."""

from __future__ import annotations

from typing import Any

from tests.integration.api.conftest import World

BUDGET = "/api/contracts/previsoft-cgv/budget"


def _json(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def test_the_rolling_year_budget_at_its_end_spends_the_availability_route_s_downtime(
    shared_world: World,
) -> None:
    """The 12 months to March 2024 (Paris): 1 April 2023 to 1 April 2024, 366 days =
    527 040 min, 90 min of announced maintenance removed: 526 950 min. Target 99.5 %:
    526 950 * 0.5 % = 2 634.75 min allowed; the 195 min down leave 2 439.75 min."""
    found = _json(
        shared_world.get(BUDGET, params={"at": "2024-04-01T00:00:00+02:00", "month": "2024-03"})
    )
    figure = _json(
        shared_world.get("/api/contracts/previsoft-cgv/availability", params={"month": "2024-03"})
    )
    assert found["contract"] == "previsoft-cgv"
    assert found["minutes_consumed"] == figure["minutes_down"] == 195
    assert found["minutes_denominator"] == 526_950
    (target,) = found["lines"]
    assert (target["kind"], target["clause"], target["label"]) == (
        "target",
        "availability",
        "99.5 %",
    )
    assert target["minutes_allowed"] == 2_634.75
    assert target["minutes_remaining"] == 2_439.75
    assert target["minutes_even_spend"] == 2_634.75


def test_mid_month_the_budget_counts_only_the_downtime_before_the_instant(
    shared_world: World,
) -> None:
    found = _json(shared_world.get(BUDGET, params={"at": "2024-03-15T00:00:00+01:00"}))
    assert found["month"] == "2024-03"
    (target,) = found["lines"]
    assert target["minutes_consumed"] < 195
    assert target["minutes_consumed"] + target["minutes_remaining"] == target["minutes_allowed"]
    assert target["minutes_even_spend"] < target["minutes_allowed"]


def test_an_instant_without_offset_is_a_422_naming_the_field(shared_world: World) -> None:
    response = shared_world.get(BUDGET, params={"at": "2024-03-15T00:00:00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "at"


def test_a_customer_of_another_contract_may_not_read_the_budget(shared_world: World) -> None:
    response = shared_world.get(BUDGET, who="foreign", params={"at": "2024-03-15T00:00:00Z"})
    assert response.status_code in (403, 404)
