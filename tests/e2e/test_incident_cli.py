"""``sla incidents`` and ``sla kpis`` on the seed contracts, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slaledger.adapters.files.contract_file import load_contract
from tests.e2e.test_calendar_cli import run
from tests.language_words import contract_words, foreign_sentences

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"


def events(tmp_path: Path, rows: str) -> str:
    path = tmp_path / "events.csv"
    path.write_text("incident,at,event,value\n" + rows, encoding="utf-8")
    return str(path)


def clocks_of(capsys, contract: str, events_file: str, at: str) -> dict[str, dict]:
    code, out, err = run(
        capsys,
        "incidents",
        str(CONTRACTS / contract),
        "--events",
        events_file,
        "--at",
        at,
        "--json",
    )
    assert code == 0, err
    payload = json.loads(out)
    return {
        (incident["incident"], clock["name"]): clock
        for incident in payload["incidents"]
        for clock in incident["clocks"]
    }


def test_previsoft_p2_and_p1_restore_times_match_the_worked_examples(capsys, tmp_path):
    path = events(
        tmp_path,
        (
            "P2,2024-03-15T16:00:00+01:00,notified,\n"
            "P2,2024-03-15T16:05:00+01:00,classified,S2/C1\n"
            "P2,2024-03-18T11:00:00+01:00,restored,\n"
            "P1,2024-03-31T01:00:00+01:00,notified,\n"
            "P1,2024-03-31T01:01:00+01:00,classified,S1/C1\n"
            "P1,2024-03-31T04:00:00+02:00,restored,\n"
        ),
    )
    clocks = clocks_of(capsys, "003-previsoft.yaml", path, "2024-04-01T00:00:00+02:00")
    assert clocks[("P2", "restore")]["elapsed_seconds"] == 14_400
    assert clocks[("P1", "restore")]["elapsed_seconds"] == 7_200


def test_an_imri_server_call_on_friday_afternoon_is_due_on_site_monday_noon(capsys, tmp_path):
    path = events(
        tmp_path,
        (
            "SRV,2024-03-15T16:00:00+01:00,notified,\n"
            "SRV,2024-03-15T16:00:00+01:00,onsite-requested,servers-network\n"
        ),
    )
    clocks = clocks_of(capsys, "004-imri.yaml", path, "2024-03-15T16:30:00+01:00")
    clock = clocks[("SRV", "intervention")]
    assert clock["deadline"] == "2024-03-18T12:00:00+01:00"
    assert clock["status"] == "running"


def test_an_ipfolio_critical_ticket_on_saturday_night_is_due_monday_08_15(capsys, tmp_path):
    path = events(
        tmp_path,
        (
            "T,2024-03-16T01:45:00+00:00,notified,\n"
            "T,2024-03-16T01:45:00+00:00,classified,Critical\n"
        ),
    )
    clocks = clocks_of(capsys, "000-ipfolio.yaml", path, "2024-03-16T01:50:00+00:00")
    assert clocks[("T", "response")]["deadline"] == "2024-03-18T08:15:00+00:00"


def test_a_critical_incident_started_out_of_hours_gets_the_out_of_hours_target(capsys, tmp_path):
    # 001: Saturday is outside working hours: 6 h counted round the clock, not 4 working h
    path = events(
        tmp_path,
        (
            "C,2024-03-16T10:00:00+01:00,notified,\n"
            "C,2024-03-16T10:05:00+01:00,classified,critical\n"
        ),
    )
    clocks = clocks_of(capsys, "001-saas-annexes.yaml", path, "2024-03-16T11:00:00+01:00")
    clock = clocks[("C", "take-into-account")]
    assert clock["started_in_hours"] is False
    assert clock["target"] == "6h"
    assert clock["deadline"] == "2024-03-16T16:00:00+01:00"


def test_a_reclassification_from_p3_to_p1_applies_the_new_target_from_the_start(capsys, tmp_path):
    path = events(
        tmp_path,
        (
            "R,2024-03-18T10:30:00+01:00,notified,\n"
            "R,2024-03-18T10:30:00+01:00,classified,minor\n"
            "R,2024-03-18T11:00:00+01:00,classified,critical\n"
        ),
    )
    clocks = clocks_of(capsys, "001-saas-annexes.yaml", path, "2024-03-18T12:00:00+01:00")
    clock = clocks[("R", "take-into-account")]
    assert clock["target"] == "4h"
    assert clock["deadline"] == "2024-03-18T14:30:00+01:00"  # 10:00-18:00 working hours
    assert clock["status"] == "running"


def test_an_incident_attributed_to_the_customer_has_its_targets_suspended(capsys, tmp_path):
    path = events(
        tmp_path,
        (
            "X,2024-03-18T10:00:00+01:00,notified,\n"
            "X,2024-03-18T10:00:00+01:00,classified,critical\n"
            "X,2024-03-18T11:00:00+01:00,attributed,customer\n"
        ),
    )
    clocks = clocks_of(capsys, "001-saas-annexes.yaml", path, "2024-03-19T10:00:00+01:00")
    clock = clocks[("X", "take-into-account")]
    assert clock["status"] == "no-target"
    assert "customer" in clock["reason"]


def test_a_bad_events_file_is_refused_with_its_row(capsys, tmp_path):
    path = events(tmp_path, "X,2024-03-18T10:00:00+01:00,exploded,\n")
    code, out, err = run(
        capsys, "incidents", str(CONTRACTS / "003-previsoft.yaml"), "--events", path, "--json"
    )
    assert code == 2
    assert out == ""
    assert "row 1" in err
    assert "exploded" in err


@pytest.mark.parametrize("month", ["2024-03", "2024-12"])
def test_kpis_of_previsoft_on_the_example_year_have_values_targets_and_series(capsys, month):
    code, out, err = run(
        capsys,
        "kpis",
        str(CONTRACTS / "003-previsoft.yaml"),
        "--month",
        month,
        "--events",
        str(DATA / "003-previsoft" / "events.csv"),
        "--json",
    )
    assert code == 0, err
    kpis = {k["kpi"]: k for k in json.loads(out)["kpis"]}
    kpi3 = kpis["KPI3"]
    assert kpi3["target_value"] == 4 * 3600
    assert kpi3["count"] > 0
    assert kpi3["met"] == (kpi3["value"] <= 4 * 3600)
    assert len(kpi3["series"]) == 12
    assert kpi3["series"][-1]["month"] == month


def test_a_previsoft_user_request_runs_only_the_take_into_account_clock(capsys, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "incident,at,event,value,kind\n"
        "REQ,2024-03-18T12:00:00+01:00,notified,,request\n"
        "REQ,2024-03-18T14:30:00+01:00,acknowledged,,request\n"
        "INC,2024-03-18T12:00:00+01:00,notified,,incident\n",
        encoding="utf-8",
    )
    clocks = clocks_of(capsys, "003-previsoft.yaml", str(path), "2024-03-19T00:00:00+01:00")
    assert set(clocks) == {("REQ", "take-into-account"), ("INC", "restore")}
    # 12:00-12:30 then 14:00-14:30 of the assistance hours (lunch break excluded)
    assert clocks[("REQ", "take-into-account")]["elapsed_seconds"] == 3600


def test_an_ipfolio_request_past_four_hours_of_effort_is_flagged_out_of_scope(capsys, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "incident,at,event,value,effort\n"
        "BIG,2024-03-18T09:00:00+00:00,notified,,\n"
        "BIG,2024-03-18T09:00:00+00:00,classified,Low,\n"
        "BIG,2024-03-18T12:00:00+00:00,acknowledged,,3h\n"
        "BIG,2024-03-19T12:00:00+00:00,escalated,2,90min\n"
        "SMALL,2024-03-18T09:00:00+00:00,notified,,4h\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys,
        "incidents",
        str(CONTRACTS / "000-ipfolio.yaml"),
        "--events",
        str(path),
        "--at",
        "2024-03-20T00:00:00+00:00",
        "--json",
    )
    assert code == 0, err
    tickets = {i["incident"]: i for i in json.loads(out)["incidents"]}
    assert tickets["BIG"]["effort_seconds"] == 4.5 * 3600
    assert "out of scope" in tickets["BIG"]["out_of_scope"]
    assert tickets["BIG"]["support_level"] == "2"
    assert tickets["SMALL"]["out_of_scope"] is None  # exactly 4 h is within the limit


def test_an_effort_that_is_not_a_duration_is_refused_with_its_row(capsys, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "incident,at,event,value,effort\nA,2024-03-18T09:00:00Z,notified,,lots\n", encoding="utf-8"
    )
    code, _, err = run(
        capsys, "incidents", str(CONTRACTS / "000-ipfolio.yaml"), "--events", str(path)
    )
    assert code == 2
    assert "effort" in err
    assert "'lots'" in err


def test_a_minor_diagnosis_of_seven_days_is_seven_calendar_days_across_the_dst_change(
    capsys, tmp_path
):
    # 001 reads « 7 jours » as 7 calendar days: the same local time a week later
    path = events(
        tmp_path,
        ("M,2024-03-27T11:00:00+01:00,notified,\nM,2024-03-27T11:00:00+01:00,classified,minor\n"),
    )
    clocks = clocks_of(capsys, "001-saas-annexes.yaml", path, "2024-03-28T00:00:00+01:00")
    assert clocks[("M", "diagnosis")]["deadline"] == "2024-04-03T11:00:00+02:00"


def test_kpi1_is_the_rolling_availability_of_previsoft_from_its_outages(capsys):
    """KPI1 is the availability commitment's own figure, month by month."""
    outages = str(DATA / "003-previsoft" / "outages.csv")
    maintenance = str(DATA / "003-previsoft" / "maintenance.csv")
    contract = str(CONTRACTS / "003-previsoft.yaml")
    covers = ("--covers", "2024-01..2024-12")  # the example records' year
    code, out, err = run(capsys, "kpis", contract, "--month", "2024-12", "--outages", outages,
                         *covers, "--maintenance", maintenance, "--json")  # fmt: skip
    assert code == 0, err
    kpi1 = {k["kpi"]: k for k in json.loads(out)["kpis"]}["KPI1"]
    assert kpi1["unit"] == "percent"
    assert kpi1["target_value"] == 99.5
    assert len(kpi1["series"]) == 12
    inputs = ["--outages", outages, *covers, "--maintenance", maintenance, "--json"]
    for point in kpi1["series"]:
        code, out, err = run(capsys, "availability", contract, "--month", point["month"], *inputs)
        assert code == 0, err
        figure = json.loads(out)
        if figure["availability"] is None:  # rolling 12 months reaching before the data
            assert figure["coverage"]["state"] == "insufficient"
            assert point["value"] is None
            assert point["met"] is None
            continue
        assert point["value"] == pytest.approx(float(figure["availability"]), abs=1e-12)
        assert point["met"] == (float(figure["availability"]) >= 99.5)
    # the 12 months ending in November hold 11 of data (91.7 %, above 90 %), October 10
    shown = [p["month"] for p in kpi1["series"] if p["value"] is not None]
    assert shown == ["2024-11", "2024-12"]
    assert kpi1["value"] == kpi1["series"][-1]["value"]


@pytest.mark.parametrize(
    ("contract", "event", "value"),
    [
        ("000-ipfolio.yaml", "classified", "criticalx"),  # a typo of a class id
        ("003-previsoft.yaml", "classified", "S4/C1"),  # outside the 003 matrix
        ("004-imri.yaml", "onsite-requested", "server"),  # not an equipment class of 004
    ],
)
def test_a_class_the_contract_does_not_know_is_refused_with_its_row(
    capsys, tmp_path, contract, event, value
):
    rows = f"A,2024-03-15T16:00:00+01:00,notified,\nA,2024-03-15T16:00:00+01:00,{event},{value}\n"
    path = events(tmp_path, rows)
    for command in (["incidents"], ["kpis", "--month", "2024-03"]):
        code, out, err = run(capsys, command[0], str(CONTRACTS / contract), *command[1:],
                             "--events", path)  # fmt: skip
        assert code == 2
        assert out == ""
        assert "row 2: value:" in err
        assert f"'{value}'" in err


def test_incidents_at_an_instant_leave_out_tickets_notified_later(capsys, tmp_path):
    """Evaluated at 1 April 2024, a ticket notified in December does not exist yet (it was
    listed as "unclassified")."""
    path = events(
        tmp_path,
        (
            "MARCH,2024-03-15T16:00:00+01:00,notified,\n"
            "MARCH,2024-03-15T16:05:00+01:00,classified,S2/C1\n"
            "DECEMBER,2024-12-02T10:00:00+01:00,notified,\n"
            "DECEMBER,2024-12-02T10:05:00+01:00,classified,S1/C1\n"
        ),
    )
    code, out, err = run(
        capsys,
        "incidents",
        str(CONTRACTS / "003-previsoft.yaml"),
        "--events",
        path,
        "--at",
        "2024-04-01T00:00:00+02:00",
        "--json",
    )
    assert code == 0, err
    names = [incident["incident"] for incident in json.loads(out)["incidents"]]
    assert names == ["MARCH"]


def test_a_stopped_clock_shows_when_it_stopped_not_time_left(capsys, tmp_path):
    """IPfolio « Critique 30 minutes »: a Critical ticket acknowledged after 10 minutes has
    its response clock met, shows when it stopped and no time left; not restored, it stays
    open; a restored one is no longer open."""
    path = events(
        tmp_path,
        (
            "WAITING,2024-03-18T09:00:00+00:00,notified,\n"
            "WAITING,2024-03-18T09:01:00+00:00,classified,critical\n"
            "WAITING,2024-03-18T09:10:00+00:00,acknowledged,\n"
            "DONE,2024-03-18T09:00:00+00:00,notified,\n"
            "DONE,2024-03-18T09:01:00+00:00,classified,critical\n"
            "DONE,2024-03-18T09:10:00+00:00,acknowledged,\n"
            "DONE,2024-03-18T10:00:00+00:00,restored,\n"
            "RUNNING,2024-03-18T11:50:00+00:00,notified,\n"
            "RUNNING,2024-03-18T11:51:00+00:00,classified,critical\n"
        ),
    )
    code, out, err = run(
        capsys,
        "incidents",
        str(CONTRACTS / "000-ipfolio.yaml"),
        "--events",
        path,
        "--at",
        "2024-03-18T12:00:00+00:00",
        "--json",
    )
    assert code == 0, err
    incidents = {i["incident"]: i for i in json.loads(out)["incidents"]}
    (response,) = incidents["WAITING"]["clocks"]
    assert response["status"] == "met"
    assert response["left_seconds"] is None
    assert response["stopped_at"] == "2024-03-18T09:10:00+00:00"
    assert incidents["WAITING"]["open"] is True
    assert incidents["WAITING"]["resolved_at"] is None
    assert incidents["DONE"]["open"] is False
    assert incidents["DONE"]["resolved_at"] == "2024-03-18T10:00:00+00:00"
    (running,) = incidents["RUNNING"]["clocks"]
    assert running["stopped_at"] is None
    assert running["left_seconds"] == 20 * 60


def test_kpis_of_a_contract_without_kpis_says_so_instead_of_printing_nothing(capsys):
    contract = str(CONTRACTS / "002-maintenance-us.yaml")
    code, out, _ = run(capsys, "kpis", contract, "--month", "2024-03")
    assert code == 0
    assert out.strip() == f"maintenance-us states no KPIs (no 'kpis' section in {contract})"
    code, out, _ = run(capsys, "kpis", contract, "--month", "2024-03", "--json")
    assert json.loads(out)["kpis"] == []


def test_kpi6_counts_a_generic_evolutive_row_classed_high_impact(capsys, tmp_path):
    """003 annex 1, 1.4: "La maintenance évolutive de fort impact est une maintenance
    évolutive qui occasionne une indisponibilité égale ou supérieure à 2 heures dans la
    plage de jours ouvrés". A row saying only `evolutive`, of 3 business hours, is the
    high-impact kind for KPI6 as for availability (one classification)."""
    windows = tmp_path / "windows.csv"
    windows.write_text(
        "service,kind,announced_at,start,end,agreed_by_customer,reference\n"
        # announced Monday 9:00, 1 business day (9 h) before Tuesday 9:00; 3 h long
        "saas,evolutive,2024-03-11T09:00:00+01:00,2024-03-12T09:00:00+01:00,"
        "2024-03-12T12:00:00+01:00,false,M-1\n"
        # 1 business hour long: low impact, not a KPI6 item
        "saas,evolutive,2024-03-11T09:00:00+01:00,2024-03-13T09:00:00+01:00,"
        "2024-03-13T10:00:00+01:00,false,M-2\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "kpis", str(CONTRACTS / "003-previsoft.yaml"), "--month", "2024-03",
        "--maintenance", str(windows), "--json",
    )  # fmt: skip
    assert code == 0, err
    kpi6 = {k["kpi"]: k for k in json.loads(out)["kpis"]}["KPI6"]
    assert kpi6["count"] == 1
    assert kpi6["value"] == 9 * 3600  # one business day of 9h-18h
    assert kpi6["met"] is False  # a mean of 1 day, below "2 jours minimum"


def _kpis_text(capsys, *extra: str) -> str:
    data = DATA / "003-previsoft"
    code, out, err = run(
        capsys, "kpis", str(CONTRACTS / "003-previsoft.yaml"), "--month", "2024-12",
        "--outages", str(data / "outages.csv"), "--covers", "2024-01..2024-12",
        "--maintenance", str(data / "maintenance.csv"), "--events", str(data / "events.csv"),
        *extra,
    )  # fmt: skip
    assert code == 0, err
    return out


def test_sla_kpis_text_is_english_by_default_and_french_with_lang_fr(capsys):
    english = _kpis_text(capsys).splitlines()
    assert english[0].startswith("KPI1      99.7700 %  target at-least 99.5          met     over ")
    assert english[1].startswith("KPI2           3h24  target at-most 2h             MISSED  over ")
    assert "target at-least 2 business days met" in english[4]
    french = _kpis_text(capsys, "--lang", "fr").splitlines()
    assert french[0].startswith(
        "KPI1      99,7700\u00a0%  objectif au moins 99,5          atteint sur "
    )
    assert "objectif au plus 2\u00a0h            MANQUÉ  sur 6 élément(s)" in french[1]
    assert "objectif au moins 2 jours ouvrés atteint" in french[4]
    contract = load_contract(str(CONTRACTS / "003-previsoft.yaml")).contract
    assert foreign_sentences(french, "fr", contract_words(contract, minimum=8)) == []


def test_sla_kpis_says_in_french_that_a_contract_states_none(capsys):
    contract = str(CONTRACTS / "002-maintenance-us.yaml")
    code, out, _ = run(capsys, "kpis", contract, "--month", "2024-03", "--lang", "fr")
    assert code == 0
    assert out.strip() == (
        f"maintenance-us ne fixe aucun KPI (pas de section «\u00a0kpis\u00a0» dans {contract})"
    )
