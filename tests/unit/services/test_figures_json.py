"""The figures' JSON (services/figures_json.py): one shape per figure, whoever prints it."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.bootstrap import contract_calendars
from slaledger.domain.availability import Measure
from slaledger.domain.contract.values import Money
from slaledger.domain.coverage import Coverage, DataState, SourceCoverage
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    Observations,
    availability_for_month,
    credits_for_month,
)
from slaledger.services.figures_json import (
    coverage_json,
    credit_json,
    kpis_json,
    measure_json,
    minutes,
    month_point_json,
)
from slaledger.services.kpis import KpiPoint, KpiView
from slaledger.services.statement_figures import coverage_line
from tests.conftest import ROOT

IPFOLIO = ROOT / "examples" / "contracts" / "000-ipfolio.yaml"
MARCH = Month(2024, 3)
PARIS = ZoneInfo("Europe/Paris")


def march_without_data() -> Measure:
    """000's March 2024 with nothing observed: no data, no figure."""
    contract = load_contract(IPFOLIO).contract
    return availability_for_month(
        contract=contract,
        month=MARCH,
        observations=Observations(),
        calendars=contract_calendars(contract),
    )


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (120, 2),  # whole minutes stay whole
        (90, 1.5),
        (100, 1.6667),  # else four decimals
        (0, 0),
    ],
)
def test_durations_are_minutes_whole_when_they_are(seconds: int, expected: float) -> None:
    shown = minutes(seconds)
    assert shown == expected
    assert isinstance(shown, int) == (seconds % 60 == 0)


@pytest.mark.parametrize(
    ("observed", "period", "percent"),
    [
        (89_996, 100_000, "89.99"),  # below a 90 % threshold: never shown as 90.00
        (2, 3, "66.66"),
        (99_999, 100_000, "99.99"),  # partial: never shown as complete
        (100_000, 100_000, "100.00"),
        (0, 100_000, "0.00"),
    ],
)
def test_the_observed_percentage_is_truncated_the_same_in_the_json_and_the_statement(
    observed: int, period: int, percent: str
) -> None:
    coverage = Coverage(
        period_seconds=period,
        measurable_seconds=period,
        observed_seconds=observed,
        sources=(SourceCoverage("samples", "probe.csv", observed),),
        state=DataState.PARTIAL,
        reason="test",
    )
    figure = dataclasses.replace(march_without_data(), coverage=coverage)
    document = coverage_json(figure)
    assert document is not None
    assert document["percent"] == percent
    line = coverage_line(figure, Fraction(9, 10))
    assert line is not None
    assert str(line.percent) == percent


def test_a_month_without_data_has_no_figure_no_verdict_and_says_why() -> None:
    figure = march_without_data()
    point = month_point_json("2024-03", figure)
    assert point["month"] == "2024-03"
    assert point["period"] == figure.window.label
    assert (point["availability"], point["met"], point["data"]) == (None, None, "none")
    assert point["no_data"]
    document = measure_json(figure, PARIS)
    assert document["availability"] is None
    assert document["coverage"]["state"] == "none"
    # 000's month is UTC's; the instants are written in the zone given, with its offset
    assert document["period"]["start"] == "2024-03-01T01:00:00+01:00"


def test_a_credit_document_is_its_figure_then_the_credit_with_the_trace_last() -> None:
    contract = load_contract(IPFOLIO).contract
    report = credits_for_month(
        contract=contract,
        month=MARCH,
        observations=Observations(),
        calendars=contract_calendars(contract),
        fee=Decimal("1000"),
    )
    document = credit_json(report, PARIS, Money(Decimal("1000"), "EUR"))
    keys = list(document)
    figure_keys = [k for k in measure_json(report.measure, PARIS) if k != "trace"]
    assert keys[: len(figure_keys)] == figure_keys
    assert keys[-1] == "trace"
    assert (document["outcome"], document["fee"], document["currency"]) == (
        "no-data",
        "1000",
        "EUR",
    )
    assert document["credit_amount"] is None


def test_every_kpi_is_listed_with_its_target_value_and_series() -> None:
    view = KpiView(
        kpi="KPI2",
        name="Mean time to restore",
        clause="5.2",
        measure="clock-mean",
        unit="seconds",
        target="at most 4 hours",
        limit=14_400.0,
        value=3_600.0,
        count=2,
        met=True,
        series=(KpiPoint("2024-02", None, 0, None), KpiPoint("2024-03", 3_600.0, 2, True)),
    )
    document = kpis_json("previsoft-cgv", "2024-03", [view])
    assert (document["contract"], document["month"]) == ("previsoft-cgv", "2024-03")
    (kpi,) = document["kpis"]
    assert (kpi["kpi"], kpi["value"], kpi["target_value"], kpi["met"]) == (
        "KPI2",
        3_600.0,
        14_400.0,
        True,
    )
    assert kpi["note"] is None
    assert kpi["series"] == [
        {"month": "2024-02", "value": None, "count": 0, "met": None},
        {"month": "2024-03", "value": 3_600.0, "count": 2, "met": True},
    ]
