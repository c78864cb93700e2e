"""GET /api/contracts/{id}/burn and GET/PUT /burn-rules, on SQLite and PostgreSQL: the
stored observations give what ``sla burn`` gives on the same files; a provider-admin
sets the contract's own rules, which the route then uses."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner
from tests.integration.api.conftest import PREVISOFT, PREVISOFT_DATA, World

from slaledger.adapters.cli.main import cli

BURN = "/api/contracts/previsoft-cgv/burn"
RULES = "/api/contracts/previsoft-cgv/burn-rules"
AT = "2024-03-15T00:00:00+01:00"


def _json(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _cli(*extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli,
        ["burn", str(PREVISOFT), "--at", AT, "--json", "--covers", "2024-01..2024-12",
         "--outages", str(PREVISOFT_DATA / "outages.csv"),
         "--maintenance", str(PREVISOFT_DATA / "maintenance.csv"), *extra],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.output)
    return found


def test_the_route_agrees_with_the_command_on_the_same_observations(shared_world: World) -> None:
    """The 89 min outage of 11 February 2024 (20:37-22:06 UTC) is more than 2 % of the
    rolling year's 2 634.75 min budget (52.7 min) within an hour: one page episode."""
    found = _json(shared_world.get(BURN, params={"at": AT}))
    assert found["contract"] == "previsoft-cgv"
    assert found["settings"] == {
        "default": True,
        "rules": "page:2%/1h/5min, page:5%/6h/30min, ticket:10%/3d/6h",
    }
    expected = _cli()
    for key in ("budget", "rules", "episodes", "period", "evaluated_until"):
        assert found[key] == expected[key], key
    assert [e["severity"] for e in found["episodes"]] == ["page"]


def test_a_viewer_reads_the_rules_but_neither_it_nor_an_agent_sets_them(
    shared_world: World,
) -> None:
    assert _json(shared_world.get(RULES, who="viewer"))["default"] is True
    for who in ("viewer", "agent"):
        response = shared_world.client.put(
            RULES, json={"rules": "ticket:50%/1d/1h"}, headers=shared_world.headers(who)
        )
        assert response.status_code == 403


def test_an_admin_sets_the_contract_s_rules_and_the_route_uses_them(world: World) -> None:
    headers = world.headers("admin")
    bad = world.client.put(RULES, json={"rules": "page:2%/1h"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "rules"
    done = _json(world.client.put(RULES, json={"rules": "ticket:1%/1d/1h"}, headers=headers))
    assert done == {"contract": "previsoft-cgv", "default": False, "rules": "ticket:1%/1d/1h"}
    assert _json(world.get(RULES))["rules"] == "ticket:1%/1d/1h"
    found = _json(world.get(BURN, params={"at": AT}))
    assert found["episodes"] == _cli("--rules", "ticket:1%/1d/1h")["episodes"]
    assert {e["severity"] for e in found["episodes"]} == {"ticket"}
    back = _json(world.client.put(RULES, json={"rules": None}, headers=headers))
    assert back["default"] is True
