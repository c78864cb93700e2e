"""The dashboard's budget panel and burn-down chart, on IPfolio's March 2024 with one
outage of 500 min reported on 5 March and a fee of 1 250 EUR (the case worked by hand in
tests/e2e/test_budget_cli.py): the next tier at risk in money, the forecast's place,
and a chart whose points are the budget re-measured day by day."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.files.observations import read_counts, read_maintenance, read_outages
from slaledger.adapters.web.budget_panel import BudgetPanel, budget_panel, current_cell
from slaledger.adapters.web.budget_views import budget_charts
from slaledger.adapters.web.i18n import Formatter
from slaledger.adapters.web.page import environment
from slaledger.adapters.web.source import ContractRecord
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations
from tests.conftest import ROOT

IPFOLIO = ROOT / "examples" / "contracts" / "000-ipfolio.yaml"
MARCH = Month(2024, 3)
AT = int(datetime(2024, 3, 10, tzinfo=UTC).timestamp())
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> ContractRecord:
    folder: Path = tmp_path_factory.mktemp("budget-panel")
    outages = folder / "outages.csv"
    outages.write_text(
        "service,start,end,category,reported_at,reference,note\n"
        "ipfolio,2024-03-05T10:00:00Z,2024-03-05T18:20:00Z,unplanned,"
        "2024-03-05T10:05:00Z,I-1,\n",
        encoding="utf-8",
    )
    loaded = load_contract(IPFOLIO)
    table = declared_outages(read_outages(outages), ["2024-03..2024-03"], "UTC")
    return ContractRecord(
        key=loaded.contract.id, customer="c", provider="p", loaded=loaded,
        observations=Observations(outages=table), monthly_fee=Money(Decimal(1250), "EUR"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def panel(record: ContractRecord) -> BudgetPanel:
    found = budget_panel(record, MARCH, AT)
    assert found is not None
    return found


def test_the_next_tier_at_risk_is_the_first_not_reached_with_its_money(panel: BudgetPanel) -> None:
    # the 25 % tier is already reached (234.4 min beyond it): the 50 % one is at risk
    assert panel.at_risk is not None
    assert panel.at_risk.credit_percent == Decimal("50.00")
    assert panel.at_risk.remaining_seconds == 106_464
    assert (panel.at_risk.money, panel.currency) == (Decimal("625.00"), "EUR")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1,774.4\xa0min left before the 50% tier: €625.00 at stake"),
        ("fr", "1\u202f774,4\xa0min restantes avant le palier à 50\xa0%\xa0: 625,00\xa0€ en jeu"),
    ],
)
def test_the_contracts_cell_words_the_tier_at_risk_in_money(
    record: ContractRecord, language: str, expected: str
) -> None:
    fmt = Formatter(language)
    cell = environment().from_string(
        '{% from "_budget.html" import budget_cell with context %}{{ budget_cell(cell) }}'
    )
    html = cell.render(_=fmt.gettext, fmt=fmt, cell=current_cell(record, AT))
    assert expected in html.replace("&nbsp;", "\xa0")


def test_the_panel_keeps_a_named_place_for_the_forecast(panel: BudgetPanel) -> None:
    fmt = Formatter("en")
    box = environment().from_string(
        '{% from "_budget.html" import budget_panel with context %}{{ budget_panel(p, m) }}'
    )
    html = box.render(_=fmt.gettext, fmt=fmt, p=panel, m=MARCH)
    assert 'id="budget-forecast-2024-03"' in html
    assert "Next credit tier at risk" in html


def test_a_running_month_shows_its_forecast_in_both_languages(panel: BudgetPanel) -> None:
    forecast = panel.forecast
    assert forecast is not None  # 10 March: the month runs
    usage = forecast.budget.usage
    assert usage.consumed_seconds == 500 * 60
    # the pace so far (500 min in 9 days) carried to the month's 31 days
    pace = 500 * 60 * usage.period_seconds / usage.elapsed_seconds
    assert abs(forecast.projected_down_seconds - pace) <= 1
    assert forecast.history_days == 9  # the observed days of March before the 10th
    box = environment().from_string(
        '{% from "_budget.html" import budget_panel with context %}{{ budget_panel(p, m) }}'
    )
    for language, words in (
        ("en", ("Month-end forecast", "If the current pace continues", "Probability of")),
        ("fr", ("Prévision de fin de mois", "Si le rythme actuel se maintient", "Probabilité")),
    ):
        fmt = Formatter(language)
        html = box.render(_=fmt.gettext, fmt=fmt, p=panel, m=MARCH)
        for word in words:
            assert word in html, (language, word)
        assert fmt.percent(forecast.projected_availability, 3) in html


def test_a_finished_month_has_no_forecast(record: ContractRecord) -> None:
    later = int(datetime(2024, 4, 10, tzinfo=UTC).timestamp())
    found = budget_panel(record, MARCH, later)
    assert found is not None
    assert found.forecast is None


def test_a_clause_without_target_nor_allowance_has_no_burn_down(record: ContractRecord) -> None:
    # IPfolio commits to no target ("nous nous efforçons"): only its tiers have budgets
    [(month, panel, chart)] = budget_charts(record, [MARCH], AT, Formatter("en"))
    assert month == MARCH
    assert (panel.main, panel.burn, chart) == (None, None, None)


def test_the_burn_down_of_a_target_re_measures_each_day() -> None:
    """SaaS annexes (001), February 2024 at 5 February: 17 min down on 1 February, so
    every point from 2 February on has 1 020 s consumed; the even-spend line falls from
    the 1 252 s allowed to nothing at the month's end."""
    data = ROOT / "examples" / "data" / "001-saas-annexes"
    loaded = load_contract(ROOT / "examples" / "contracts" / "001-saas-annexes.yaml")
    zone = loaded.contract.timezone
    observations = Observations(
        outages=declared_outages(read_outages(data / "outages.csv"), ["2024-01..2024-12"], zone),
        counts=read_counts(data / "counts.parquet"),
        maintenance=read_maintenance(data / "maintenance.csv"),
    )
    record = ContractRecord(key="saas", customer="c", provider="p", loaded=loaded,
                            observations=observations)  # fmt: skip
    at = int(datetime.fromisoformat("2024-02-05T00:00:00+01:00").timestamp())
    [(_, panel, chart)] = budget_charts(record, [Month(2024, 2)], at, Formatter("en"))
    assert panel.main is not None
    assert panel.main.allowed_seconds == 1_252
    assert panel.burn is not None
    points = panel.burn.points
    assert [p.consumed_seconds for p in points] == [0, 1_020, 1_020, 1_020, 1_020]
    assert points[0].even_remaining_seconds == 1_252
    assert points[-1].remaining_seconds == 1_252 - panel.main.consumed_seconds
    svg = ET.fromstring(str(chart))
    circles = svg.findall(f"{SVG}circle")
    assert [int(c.get("data-remaining", "")) for c in circles] == [1_252, 232, 232, 232, 232]
    assert svg.find(f"{SVG}line[@class='even-spend']") is not None
