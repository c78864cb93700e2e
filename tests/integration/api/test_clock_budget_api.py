"""GET /api/contracts/{id}/clock-budget on SQLite and PostgreSQL: the stored incidents
of PREVISOFT give the KPI budgets ``sla clock-budget`` gives on the same files."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner
from tests.integration.api.conftest import PREVISOFT, PREVISOFT_DATA, World

from slaledger.adapters.cli.main import cli

AT = "2024-02-02T05:00:00+01:00"


def _json(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def test_the_route_agrees_with_the_command(shared_world: World) -> None:
    found = _json(shared_world.get("/api/contracts/previsoft-cgv/clock-budget", params={"at": AT}))
    result = CliRunner().invoke(
        cli,
        ["clock-budget", str(PREVISOFT), "--at", AT, "--json", "--covers", "2024-01..2024-12",
         "--events", str(PREVISOFT_DATA / "events.csv"),
         "--outages", str(PREVISOFT_DATA / "outages.csv"),
         "--maintenance", str(PREVISOFT_DATA / "maintenance.csv")],
        catch_exceptions=False,
    )  # fmt: skip
    expected = json.loads(result.output)
    assert found["kpis"] == expected["kpis"]
    assert found["at_risk"] == expected["at_risk"]
    kpi3 = next(k for k in found["kpis"] if k["kpi"] == "KPI3")
    assert kpi3["minutes_remaining"] == 284


def test_a_foreign_customer_may_not_read_it(shared_world: World) -> None:
    response = shared_world.get(
        "/api/contracts/previsoft-cgv/clock-budget", who="foreign", params={"at": AT}
    )
    assert response.status_code in (403, 404)
