"""build_statement on small hand-made inputs, checked against the services it gathers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.coverage import covers_option, declare
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import read_maintenance, read_outages
from slaledger.adapters.i18n import english
from slaledger.bootstrap import contract_calendars
from slaledger.domain.availability import to_decimal
from slaledger.domain.contract.values import Money
from slaledger.domain.lint import Severity, lint_contract
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    Observations,
    availability_for_month,
    credits_for_month,
)
from slaledger.services.incidents import evaluate_incidents
from slaledger.services.kpis import kpis_for_month
from slaledger.services.statements import build_statement
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
MARCH = Month(2024, 3)
OUTAGES = "service,start,end,category,reported_at,reference,note\n"
WINDOWS = "service,kind,announced_at,start,end,agreed_by_customer,reference\n"
EVENTS = "incident,at,event,value\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ipfolio(tmp_path: Path):  # type: ignore[no-untyped-def]
    """000 with the worked example's 500 reported minutes, a window and three tickets."""
    loaded = load_contract(CONTRACTS / "000-ipfolio.yaml")
    outages = read_outages(
        write(
            tmp_path,
            "outages.csv",
            OUTAGES + "ipfolio,2024-03-05T10:00:00Z,2024-03-05T18:20:00Z,unplanned,"
            "2024-03-05T10:05:00Z,I-1,\n",
        )
    )
    # the records are declared complete for March 2024 only
    outages = declare(outages, covers_option(["2024-03..2024-03"], ZoneInfo("UTC")))
    windows = read_maintenance(
        write(
            tmp_path,
            "windows.csv",
            WINDOWS + "ipfolio,scheduled-maintenance,2024-03-20T12:00:00Z,2024-03-21T10:00:00Z,"
            "2024-03-21T11:00:00Z,false,M-1\n",
        )
    )
    events = read_events(
        write(
            tmp_path,
            "events.csv",
            EVENTS
            # started in March: listed
            + "T-MARCH,2024-03-06T09:00:00+00:00,notified,\n"
            + "T-MARCH,2024-03-06T09:01:00+00:00,classified,High\n"
            + "T-MARCH,2024-03-06T09:20:00+00:00,acknowledged,\n"
            # started and answered in February: not listed
            + "T-FEB-DONE,2024-02-06T09:00:00+00:00,notified,\n"
            + "T-FEB-DONE,2024-02-06T09:01:00+00:00,classified,High\n"
            + "T-FEB-DONE,2024-02-06T09:10:00+00:00,acknowledged,\n"
            # started in February, never answered: still open, listed
            + "T-FEB-OPEN,2024-02-27T09:00:00+00:00,notified,\n"
            + "T-FEB-OPEN,2024-02-27T09:01:00+00:00,classified,Low\n",
        )
    )
    return loaded, outages, windows, events


def test_the_availability_section_is_what_the_availability_service_computes(ipfolio) -> None:
    loaded, outages, windows, events = ipfolio
    statement = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        outages=outages,
        maintenance=windows,
        events=events,
    )
    direct = availability_for_month(
        contract=loaded.contract,
        month=MARCH,
        observations=Observations(outages=outages, maintenance=windows),
        calendars=contract_calendars(loaded.contract),
        service="ipfolio",
    )
    (section,) = statement.availability
    assert section.exact == to_decimal(direct.availability)
    # shown as the credit schedule rates it (« arrondi » half up to 2 decimals)
    assert section.availability == direct.shown == Decimal("98.88")
    assert section.down_seconds == direct.down_seconds
    assert section.reference_seconds == 44_640 * 60
    # 000's maintenance is "reasonable efforts": the window is excused, not downtime
    summary = {(line.category, line.effect): line for line in section.summary}
    assert summary[("unplanned", "counted")].seconds == 500 * 60
    assert summary[("unplanned", "counted")].intervals == 1
    assert summary[("planned-maintenance", "excused")].seconds == 3600
    assert section.down_seconds == 500 * 60


def test_the_history_holds_twelve_months_ending_with_the_statement_month(ipfolio) -> None:
    loaded, outages, _windows, _events = ipfolio
    statement = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month="2024-03",
        outages=outages,
    )
    (section,) = statement.availability
    assert [p.month for p in section.history] == [str(MARCH.shift(-k)) for k in range(11, -1, -1)]
    assert section.history[-1].availability == section.availability
    # April 2023: no record, and none declared complete for it: no data, not 100 %
    assert section.history[0].availability is None
    assert section.history[0].met is None


def test_the_credit_is_the_credit_service_figure_with_the_fee(ipfolio) -> None:
    loaded, outages, _windows, _events = ipfolio
    statement = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        outages=outages,
        fee=Money(Decimal(1000), "EUR"),
    )
    direct = credits_for_month(
        contract=loaded.contract,
        month=MARCH,
        observations=Observations(outages=outages),
        calendars=contract_calendars(loaded.contract),
        fee=Decimal(1000),
    )
    (credit,) = statement.credits
    assert (credit.rated_availability, credit.percent, credit.amount) == (
        direct.credit.rated,
        direct.credit.percent,
        direct.credit.amount,
    )
    assert credit.amount == Decimal("250.00")  # the brief's worked example
    assert (credit.currency, statement.currency) == ("EUR", "EUR")
    assert credit.rounding_rule is not None
    assert "0.01 EUR" in english(credit.rounding_rule)


def test_incidents_of_the_month_are_those_started_in_it_or_still_open(ipfolio) -> None:
    loaded, _outages, _windows, events = ipfolio
    statement = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        events=events,
    )
    assert [i.incident for i in statement.incidents] == ["T-FEB-OPEN", "T-MARCH"]
    at = MARCH.end("UTC")
    views = {
        v.incident: v
        for v in evaluate_incidents(
            contract=loaded.contract,
            log=events.log,
            at=at,
            calendars=contract_calendars(loaded.contract),
            kinds=events.kind,
        )
    }
    for line in statement.incidents:
        expected = views[line.incident].clocks
        assert [c.status for c in line.clocks] == [c.status for c in expected]
        assert [int(c.deadline.timestamp()) if c.deadline else None for c in line.clocks] == [
            c.deadline for c in expected
        ]


def test_now_defaults_to_the_end_of_the_month_and_must_carry_a_zone(ipfolio) -> None:
    loaded, *_ = ipfolio
    statement = build_statement(
        loaded_contract=loaded, calendars=contract_calendars(loaded.contract), month=MARCH
    )
    assert statement.now == datetime(2024, 4, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="time zone"):
        build_statement(
            loaded_contract=loaded,
            calendars=contract_calendars(loaded.contract),
            month=MARCH,
            now=datetime(2024, 4, 2),
        )


def test_a_window_outside_the_rules_is_listed_with_the_rules_it_broke(tmp_path: Path) -> None:
    """003 annex 1, 1.1: a window with any notice is planned; KPI5's 2-day mean is a note on
    it, and only a window never announced breaks the rules."""
    loaded = load_contract(CONTRACTS / "003-previsoft.yaml")
    windows = read_maintenance(
        write(
            tmp_path,
            "windows.csv",
            WINDOWS
            # preventive maintenance announced one hour ahead: planned, below KPI5's mean
            + "saas,preventive,2024-03-06T19:00:00+01:00,2024-03-06T20:00:00+01:00,"
            "2024-03-06T20:30:00+01:00,false,M-LATE\n"
            # never announced: notice is required
            + "saas,preventive,,2024-03-13T20:00:00+01:00,2024-03-13T20:30:00+01:00,false,M-NONE\n"
            # a window of February is not of the month
            + "saas,preventive,2024-02-01T19:00:00+01:00,2024-02-20T20:00:00+01:00,"
            "2024-02-20T20:30:00+01:00,false,M-FEB\n",
        )
    )
    statement = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        maintenance=windows,
    )
    late, never = statement.maintenance
    assert (late.reference, late.compliant, late.broken) == ("M-LATE", True, ())
    assert [n.clause for n in late.notes] == ["KPI5"]
    assert (never.reference, never.compliant) == ("M-NONE", False)
    assert never.broken
    assert all(rule.message for rule in never.broken)
    summary = {(line.category, line.effect) for line in statement.availability[0].summary}
    assert ("maintenance-outside-rules", "counted") in summary


def test_lint_lines_are_the_errors_and_warnings_of_the_linter(ipfolio) -> None:
    loaded, *_ = ipfolio
    statement = build_statement(
        loaded_contract=loaded, calendars=contract_calendars(loaded.contract), month=MARCH
    )
    expected = [
        (f.rule, f.clause)
        for f in lint_contract(loaded.contract, loaded.lines)
        if f.severity in (Severity.ERROR, Severity.WARNING)
    ]
    assert [(w.rule, w.clause) for w in statement.lint] == expected
    assert any(w.rule == "tier-gap" for w in statement.lint)


def test_kpis_are_the_kpi_service_figures_and_kpi1_is_the_availability(tmp_path: Path) -> None:
    loaded = load_contract(CONTRACTS / "003-previsoft.yaml")
    events = read_events(
        write(
            tmp_path,
            "events.csv",
            EVENTS
            # the P2 worked example: 4 h of business time
            + "INC-1,2024-03-15T16:00:00+01:00,notified,\n"
            + "INC-1,2024-03-15T16:05:00+01:00,classified,P2\n"
            + "INC-1,2024-03-18T11:00:00+01:00,restored,\n",
        )
    )
    statement = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        events=events,
    )
    direct = {
        v.kpi: v
        for v in kpis_for_month(
            contract=loaded.contract,
            month=MARCH,
            calendars=contract_calendars(loaded.contract),
            log=events.log,
            kinds=events.kind,
        )
    }
    lines = {k.kpi: k for k in statement.kpis}
    assert lines["KPI3"].value == Decimal(4 * 3600) == Decimal(round(direct["KPI3"].value or 0))
    assert lines["KPI3"].met is direct["KPI3"].met is True
    assert lines["KPI3"].limit == Decimal(4 * 3600)
    kpi1 = lines["KPI1"]
    # no measurement at all: no figure and no verdict, on the KPI as on the availability
    assert kpi1.value is None
    assert kpi1.met is None
    assert kpi1.unit == "percent"
    assert statement.availability[0].availability is None
    assert statement.availability[0].no_data is not None


def test_a_contract_year_without_its_opening_date_says_why_instead_of_failing() -> None:
    loaded = load_contract(CONTRACTS / "004-imri.yaml")
    statement = build_statement(
        loaded_contract=loaded, calendars=contract_calendars(loaded.contract), month=MARCH
    )
    (section,) = statement.availability
    assert section.availability is None
    assert section.error is not None
    assert "--opened" in english(section.error)
    opened = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        opened=date(2024, 1, 15),
    )
    # the contract year is known, but nothing was measured: no data, not 100 %
    assert opened.availability[0].availability is None
    assert "no measurement" in english(opened.availability[0].no_data)
    assert opened.period.start == datetime(2024, 3, 1, tzinfo=opened.period.start.tzinfo)


def test_the_liability_caps_stand_on_the_statement_s_day() -> None:
    """004 Article VIII: « les sommes qui lui auront été facturées [...] sur l'année en
    cours »: a statement of December 2024 as of 1 December noon counts the invoices issued
    up to that day, not F2024-003 issued on 2 December."""
    from slaledger.domain.commercial.payments import Invoice

    loaded = load_contract(CONTRACTS / "004-imri.yaml")
    invoices = [
        Invoice("A", date(2024, 6, 3), Decimal(100)),
        Invoice("B", date(2024, 12, 2), Decimal(50)),
    ]
    noon = datetime(2024, 12, 1, 11, tzinfo=UTC)
    statement = build_statement(
        loaded_contract=loaded, calendars=contract_calendars(loaded.contract),
        month="2024-12", now=noon, opened=date(2024, 1, 15), invoices=invoices,
    )  # fmt: skip
    assert statement.liability_on == date(2024, 12, 1)
    [cap] = statement.liability
    assert (cap.invoices, cap.cap) == (("A",), Decimal("100.00"))
    whole = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month="2024-12",
        opened=date(2024, 1, 15),
        invoices=invoices,
    )
    assert whole.liability_on == date(2024, 12, 31)
    assert whole.liability[0].cap == Decimal("150.00")
    assert (
        build_statement(
            loaded_contract=loaded, calendars=contract_calendars(loaded.contract), month="2024-12"
        ).liability_on
        is None
    )


def test_the_carried_credit_days_run_from_the_service_opening() -> None:
    loaded = load_contract(CONTRACTS / "001-saas-annexes.yaml")
    statement = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        opened=date(2024, 2, 10),
    )
    balance = statement.credit_balance
    assert balance is not None
    assert (balance.first, balance.last, balance.schedule) == (
        "2024-02",
        "2024-03",
        "service-credits",
    )
    ipfolio = load_contract(CONTRACTS / "000-ipfolio.yaml")
    assert (
        build_statement(
            loaded_contract=ipfolio,
            calendars=contract_calendars(ipfolio.contract),
            month=MARCH,
        ).credit_balance
        is None
    )
