"""``sla burn`` end to end on the SaaS example (001): the 17-minute interruption of
1 February 2024 13:00-13:17 (Paris) against February's 20.87 min budget."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from slaledger.adapters.files.problems import InputError
from tests.e2e.test_budget_cli import SAAS


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, ["burn", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def run(*args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(invoke(*args, "--json"))
    return document


def test_the_february_interruption_pages_then_tickets() -> None:
    """2 % of 1 252 s is 25.04 s: the 1 h window passes it in the first minute (60 s
    down), the 5 min window's 2.09 s too: the page fires at 13:01. The ticket (10 % =
    125.2 s in 3 days, 6 h window 10.4 s) at 13:03, after 180 s. The page's 6 h rule keeps
    it on until 6 h after the last down minute (13:17 + 6 h, less the 5 % = 62.6 s that
    may stay in the window: the 6 h window drops under 62.6 s at 19:16); the ticket's 3 d
    window keeps it on until 4 February 13:15 (3 d after 13:17, less the 125.2 s)."""
    found = run(*SAAS, "--at", "2024-02-05T00:00:00+01:00")
    assert found["budget"]["minutes_allowed"] == 20.8667
    assert found["episodes"] == [
        {"severity": "page", "started": "2024-02-01T13:01:00+01:00",
         "ended": "2024-02-01T19:16:00+01:00"},
        {"severity": "ticket", "started": "2024-02-01T13:03:00+01:00",
         "ended": "2024-02-04T13:15:00+01:00"},
    ]  # fmt: skip
    assert [r["rule"] for r in found["rules"]] == [
        "page:2%/1h/5min", "page:5%/6h/30min", "ticket:10%/3d/6h",
    ]  # fmt: skip
    assert not any(r["firing"] for r in found["rules"])


def test_during_the_interruption_the_page_is_firing_and_said_in_both_languages() -> None:
    """At 13:10, 600 s down in the last hour: (600 / 3 600) / (1 252 / 2 505 600) = 333.55
    times the even burn; the threshold is 2 % * 2 505 600 / 3 600 = 13.92."""
    english = invoke(*SAAS, "--at", "2024-02-01T13:10:00+01:00", "--lang", "en")
    assert "page 2%/1h/5min: burn rate 333.5 over 1h" in english
    assert "(threshold 13.9) — FIRING" in english
    assert "page episode since 2024-02-01T13:01:00+01:00, still on" in english
    french = invoke(*SAAS, "--at", "2024-02-01T13:10:00+01:00", "--lang", "fr")
    assert "astreinte 2%/1h/5min\u00a0: taux 333,5 sur 1h" in french
    assert "DÉCLENCHÉE" in french
    assert "épisode astreinte depuis le 2024-02-01T13:01:00+01:00, en cours" in french


def test_a_contract_s_rules_may_be_given() -> None:
    found = run(*SAAS, "--at", "2024-02-05T00:00:00+01:00", "--rules", "ticket:90%/1d/1h")
    assert found["episodes"] == []  # 17 min is 81 % of the budget, under 90 %


def test_bad_rules_are_named() -> None:
    with pytest.raises(InputError, match="--rules"):
        CliRunner().invoke(
            cli, ["burn", *SAAS, "--at", "2024-02-05T00:00:00+01:00", "--rules", "page:2%/1h"],
            catch_exceptions=False,
        )  # fmt: skip
