"""No data is not 100 % through the API: a month after the service's clock, and outage
records uploaded without the period they cover, give no percentage, no verdict and no
credit; ``covers=`` declares the period."""

from __future__ import annotations

from typing import Any

from tests.integration.api.conftest import ROOT, World

PREVISOFT = "/api/contracts/previsoft-cgv"
EMPTY = b"service,start,end,category\n"


def _json(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_a_month_after_the_service_clock_is_no_data(world: World) -> None:
    """The service's clock stands on 1 April 2024: May 2024 and January 2030 have not
    begun, whatever the records declare (was 100 %, met)."""
    for month in ("2024-04", "2024-05", "2030-01"):
        body = _json(world.get(PREVISOFT + "/availability", params={"month": month}))
        assert body["availability"] is None
        assert body["met"] is None
        assert body["coverage"]["state"] == "none"
        assert "not begun" in body["coverage"]["reason"]
    march = _json(world.get(PREVISOFT + "/availability", params={"month": "2024-03"}))
    assert march["availability"] is not None
    # the rolling year runs from the opening (8 January 2024): all of that observed
    assert march["coverage"]["state"] == "partial"


def test_the_months_series_and_the_credit_say_no_data_after_the_clock(world: World) -> None:
    series = _json(world.get(PREVISOFT + "/availability/months", params={"to": "2024-06"}))
    months = {m["month"]: m for m in series["months"]}
    assert months["2024-03"]["data"] == "partial"
    assert months["2024-06"]["availability"] is None
    assert months["2024-06"]["data"] == "none"


def _upload_ipfolio(world: World) -> str:
    text = (ROOT / "examples" / "contracts" / "000-ipfolio.yaml").read_bytes()
    body = _json(
        world.client.post(
            "/api/contracts",
            headers=world.headers("admin"),
            files={"file": ("000-ipfolio.yaml", text, "application/yaml")},
            params={"accept_lint_errors": "true", "customer": "IPfolio buyer"},
        )
    )
    return f"/api/contracts/{body['contract']['id']}"


def test_outages_uploaded_without_covers_give_no_data_and_with_covers_a_figure(
    world: World,
) -> None:
    base = _upload_ipfolio(world)
    records = EMPTY + b"ipfolio,2024-02-10T10:00:00Z,2024-02-10T11:00:00Z,unplanned\n"
    _json(
        world.client.post(
            base + "/outages/upload",
            headers=world.headers("admin"),
            files={"file": ("outages.csv", records, "text/csv")},
        )
    )
    before = _json(world.get(base + "/availability", params={"month": "2024-02"}))
    assert before["availability"] is None
    assert before["coverage"]["state"] == "none"
    credit = _json(world.get(base + "/credits", params={"month": "2024-02", "fee": "1000 EUR"}))
    assert credit["outcome"] == "no-data"
    assert credit["credit_amount"] is None
    # a file with no record, declared complete for February: the month had one outage
    _json(
        world.client.post(
            base + "/outages/upload",
            headers=world.headers("admin"),
            files={"file": ("none.csv", EMPTY, "text/csv")},
            params={"covers": ["2024-02..2024-02"]},
        )
    )
    after = _json(world.get(base + "/availability", params={"month": "2024-02"}))
    assert after["coverage"]["state"] == "complete"
    assert after["minutes_down"] == 60
    assert after["availability"] is not None


def test_a_malformed_covers_period_is_a_422_naming_the_parameter(world: World) -> None:
    response = world.client.post(
        PREVISOFT + "/outages/upload",
        headers=world.headers("admin"),
        files={"file": ("none.csv", EMPTY, "text/csv")},
        params={"covers": ["2024-13..2024-02"]},
    )
    assert response.status_code == 422, response.text
    assert "covers" in response.text
    assert "FROM..TO" in response.text
