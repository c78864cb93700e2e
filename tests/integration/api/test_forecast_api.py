"""GET /api/contracts/{id}/forecast on SQLite and PostgreSQL: the stored observations
give what ``sla forecast`` gives on the same files."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner
from tests.integration.api.conftest import PREVISOFT, PREVISOFT_DATA, World

from slaledger.adapters.cli.main import cli

AT = "2024-03-15T00:00:00+01:00"


def _json(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def test_the_forecast_route_agrees_with_the_command(shared_world: World) -> None:
    """PREVISOFT's rolling year at 15 March 2024 from the stored observations, as
    ``sla forecast`` gives it on the same files (the same seed: the same draws)."""
    found = _json(
        shared_world.get(
            "/api/contracts/previsoft-cgv/forecast", params={"at": AT, "fee": "900 EUR"}
        )
    )
    result = CliRunner().invoke(
        cli,
        ["forecast", str(PREVISOFT), "--at", AT, "--json", "--covers", "2024-01..2024-12",
         "--outages", str(PREVISOFT_DATA / "outages.csv"), "--fee", "900 EUR",
         "--maintenance", str(PREVISOFT_DATA / "maintenance.csv"), "--opened", "2024-01-08"],
        catch_exceptions=False,
    )  # fmt: skip
    expected = json.loads(result.output)
    assert found["contract"] == "previsoft-cgv"
    for key in ("model", "if_current_burn_continues", "minutes_down_at_end", "lines"):
        assert found[key] == expected[key], key
    assert found["model"]["history_days"] > 60


def test_a_bad_draw_count_is_a_422(shared_world: World) -> None:
    response = shared_world.get(
        "/api/contracts/previsoft-cgv/forecast", params={"at": AT, "draws": "5"}
    )
    assert response.status_code == 422
