"""``sla clock-budget`` end to end: PREVISOFT's rolling mean restore-time KPIs (003) and
IPfolio's open clocks ordered by the credit a breach would make owed (000)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from tests.e2e.test_budget_cli import CONTRACTS, ROOT
from tests.e2e.test_forecast_cli import IPFOLIO

PREVISOFT_DATA = ROOT / "examples" / "data" / "003-previsoft"
PREVISOFT = [
    str(CONTRACTS / "003-previsoft.yaml"),
    "--events", str(PREVISOFT_DATA / "events.csv"),
    "--outages", str(PREVISOFT_DATA / "outages.csv"),
    "--covers", "2024-01..2024-12",
]  # fmt: skip


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, ["clock-budget", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def run(*args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(invoke(*args, "--json"))
    return document


def test_the_restore_time_left_before_each_mean_kpi_is_missed() -> None:
    """On 2 February 2024 at 05:00: ``sla kpis --month 2024-01`` gives KPI3 (P2, at most
    4 h) one incident of 11 760 s = 196 min, and KPI4 (P3, at most 8 h) ten of 6 521.4 s
    on average = 1 086.9 min. INC-2024-0012 (P2, notified 01:14) is open, with no
    business time yet (the P2 calendar is 9:00-18:00 on working days): KPI3 has
    (1 + 1) * 240 - 196 = 284 min left, the next incident may take 524; KPI4 has
    10 * 480 - 1 086.9 = 3 713.1 min left."""
    found = {k["kpi"]: k for k in run(*PREVISOFT, "--at", "2024-02-02T05:00:00+01:00")["kpis"]}
    assert (found["KPI3"]["incidents_counted"], found["KPI3"]["incidents_open"]) == (1, 1)
    assert found["KPI3"]["minutes_remaining"] == 284
    assert found["KPI3"]["minutes_next_incident"] == 524
    assert found["KPI4"]["minutes_remaining"] == 3713.1
    assert found["KPI2"]["incidents_counted"] == 0
    assert not any(k["missed"] for k in found.values())
    assert found["KPI3"]["window_start"] == "2023-03-01T00:00:00+01:00"


def test_the_kpi_budget_in_both_languages() -> None:
    french = invoke(*PREVISOFT, "--at", "2024-02-02T05:00:00+01:00", "--lang", "fr")
    assert "KPI3 " in french
    assert "reste 284\u00a0min de délai avant de manquer le KPI" in french
    english = invoke(*PREVISOFT, "--at", "2024-02-02T05:00:00+01:00", "--lang", "en")
    assert "284 min of clock time left before the KPI is missed" in english


def events(folder: Path) -> str:
    path = folder / "events.csv"
    path.write_text(
        "incident,at,event,value,service,kind,note\n"
        "T-1,2024-03-14T23:50:00+00:00,notified,,app,incident,\n"
        "T-1,2024-03-14T23:51:00+00:00,classified,Critical,app,incident,\n"
        "T-2,2024-03-14T23:40:00+00:00,notified,,app,incident,\n"
        "T-2,2024-03-14T23:41:00+00:00,classified,Low,app,incident,\n"
        "T-3,2024-03-14T20:00:00+00:00,notified,,app,incident,\n"
        "T-3,2024-03-14T20:01:00+00:00,classified,Critical,app,incident,\n",
        encoding="utf-8",
    )
    return str(path)


def test_open_clocks_come_most_money_first(tmp_path: Path) -> None:
    """15 March 2024 00:00 UTC, 263 min reported down: 2.6 min before the 25 % tier
    (312.50 EUR of 1 250), 2 011.4 min before the 50 % one (625.00 EUR). T-2 (Low, 2
    business days, deadline Monday 18 March 23:40) adds 5 740 min by its deadline: the
    50 % tier, 625.00 EUR. T-1 (Critical, 30 min from 23:50) adds 20 min: the 25 % tier,
    312.50 EUR. T-3 (Critical, notified 20:00) breached at 20:30: nothing more at stake."""
    found = run(*IPFOLIO, "--events", events(tmp_path), "--at", "2024-03-15T00:00:00Z",
                "--fee", "1250 EUR")  # fmt: skip
    rows = [(r["incident"], r["status"], r["money_at_stake"]) for r in found["at_risk"]]
    assert rows == [("T-2", "running", "625.00"), ("T-1", "running", "312.50"),
                    ("T-3", "breached", "0")]  # fmt: skip
    assert found["at_risk"][1]["minutes_down_by_deadline"] == 20
    assert found["at_risk"][1]["tier_then"] == "[95 %, 99.4 %]"
    assert found["currency"] == "EUR"
    text = invoke(*IPFOLIO, "--events", events(tmp_path), "--at", "2024-03-15T00:00:00Z",
                  "--fee", "1250 EUR", "--lang", "fr")  # fmt: skip
    assert "T-2 Réponse en attente (en cours, échéance 2024-03-18T23:40:00+00:00)" in text
    assert "625,00\u00a0€ en jeu ([50 %, 94.9 %])" in text
