"""``sla liability``, ``sla surcharge``, ``sla fees``, ``sla volumes``,
``sla credit-balance``, run through the ``sla`` group as a user runs them, on the seed
contracts and the example data files."""

from __future__ import annotations

import json

from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from slaledger.adapters.files.problems import InputError
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"
SAAS = str(CONTRACTS / "001-saas-annexes.yaml")
PREVISOFT = str(CONTRACTS / "003-previsoft.yaml")
IMRI = str(CONTRACTS / "004-imri.yaml")
INVOICES = str(DATA / "invoices.csv")


def run(*args: str):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, InputError | SystemExit):
        raise result.exception
    return result


def test_sla_liability_gives_previsoft_s_cap_from_the_payments_of_twelve_months():
    """003 CGV 11.3: « le montant maximum du prix payé par le Client [...] au cours des
    douze (12) mois précédant immédiatement la violation invoquée des CGV »."""
    result = run("liability", PREVISOFT, "--invoices", INVOICES, "--at", "2025-03-10", "--json")
    assert result.exit_code == 0, result.output
    [cap] = json.loads(result.output)["caps"]
    assert (cap["clause"], cap["from"], cap["to"], cap["cap"]) == (
        "liability-cap",
        "2024-03-10",
        "2025-03-09",
        "14850.00",
    )


def test_sla_liability_gives_imri_s_cap_from_the_year_s_invoices_as_text():
    """004 Article VIII: « les sommes qui lui auront été facturées [...] sur l'année en
    cours »: all four 2024 invoices for a breach on 20 December 2024."""
    result = run("liability", IMRI, "--invoices", INVOICES, "--at", "2024-12-20")
    assert result.exit_code == 0, result.output
    assert "25050.00  [liability-cap, cgv Article VIII] fees-invoiced-current-year" in result.output


def test_sla_surcharge_adds_ten_percent_to_equipment_between_three_and_four_years():
    """004 Article XI: « une majoration de 10% pour les équipements de plus de 3 ans et
    moins de 4 ans »."""
    result = run(
        "surcharge",
        IMRI,
        "--in-service",
        "2021-03-15",
        "--on",
        "2025-01-10",
        "--price",
        "1000",
        "--json",
    )
    assert result.exit_code == 0, result.output
    [found] = json.loads(result.output)["surcharges"]
    assert (found["percent"], found["amount"], found["in_a_bracket"]) == ("10", "100.00", True)


def test_sla_surcharge_says_when_an_age_is_in_no_bracket():
    result = run("surcharge", IMRI, "--in-service", "2021-03-15", "--on", "2025-03-15")
    assert result.exit_code == 0, result.output
    assert "no surcharge [equipment-age-surcharge" in result.output
    assert "4.00 years is in no bracket" in result.output


def test_sla_surcharge_refuses_a_bad_day():
    result = run("surcharge", IMRI, "--in-service", "2021-02-30")
    [problem] = result.exception.problems
    assert problem.field == "--in-service"


def test_sla_fees_bills_imri_s_restitution_by_two_engineer_days():
    """004 Article XIV: « facturé (par deux jours Ingénieur) : 890 euros HT / jour /
    ingénieur »: 3 engineer-days are billed as 4."""
    result = run("fees", IMRI, "--engineer-days", "3", "--on", "2025-02-03", "--json")
    assert result.exit_code == 0, result.output
    [fee] = json.loads(result.output)["fees"]
    assert (fee["billed_days"], fee["amount"], fee["currency"]) == ("4", "3560.00", "EUR")


def test_sla_volumes_asks_previsoft_for_a_new_offer_in_the_third_month(tmp_path):
    """003 CGV 8: « sur une période de plus de deux (2) mois [...] égal ou supérieur à
    120% [...] LDL émettra une nouvelle offre »."""
    volumes = tmp_path / "volumes.csv"
    volumes.write_text(
        "month,volume\n2024-01,500\n2024-02,610\n2024-03,600\n2024-04,650\n", encoding="utf-8"
    )
    result = run("volumes", PREVISOFT, "--volumes", volumes, "--contracted", "500", "--json")
    assert result.exit_code == 0, result.output
    [clause] = json.loads(result.output)["clauses"]
    [finding] = clause["findings"]
    assert (finding["effect"], finding["first_month"], finding["reached_in"]) == (
        "new-offer",
        "2024-02",
        "2024-04",
    )


def test_sla_volumes_names_a_bad_row(tmp_path):
    volumes = tmp_path / "volumes.csv"
    volumes.write_text("month,volume\n2024-01,500\n2024-13,610\n", encoding="utf-8")
    result = run("volumes", PREVISOFT, "--volumes", volumes, "--contracted", "500")
    [problem] = result.exception.problems
    assert (problem.row, problem.field) == (2, "month")


def test_sla_credit_balance_carries_001_s_days_and_names_the_blank_month():
    """001 A1 1.2: credits « reportables sur la durée du Contrat », « exclusivement
    reportables au terme du Contrat, ils ne peuvent faire l'objet d'une compensation
    pécuniaire »; the days column is blank, so February 2024 is undetermined."""
    folder = DATA / "001-saas-annexes"
    result = run(
        "credit-balance",
        SAAS,
        "--from",
        "2024-01",
        "--to",
        "2024-06",
        "--counts",
        folder / "counts.parquet",
        "--maintenance",
        folder / "maintenance.csv",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["settlement"], data["days"], data["cash"], data["complete"]) == (
        "carried-to-term-end",
        "0",
        "0",
        False,
    )
    assert data["undetermined_months"] == ["2024-02"]
    assert data["months"][0]["claim_deadline"] == "2024-04-01T00:00:00+02:00"


def test_sla_credit_balance_refuses_a_contract_that_pays_its_credits():
    result = run("credit-balance", PREVISOFT, "--from", "2024-01", "--to", "2024-02")
    assert result.exit_code != 0
    assert "carries no credit days" in result.output


def test_sla_limits_says_when_nomad_vpns_go_over_20_percent_of_the_seats():
    """004 3.4: « les VPN nomades sont limités à 20% des postes sous contrat »: 3 VPNs
    for 12 seats is one over; 3 for the 15 seats counted from September is allowed."""
    result = run("limits", IMRI, "--quantities", DATA / "004-imri" / "quantities.csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "2024-01-15  allowed  [nomad-vpn-limit, cgv Article VII, 3.4] 2 nomad-vpn for 12 "
        "seats: at most 2 (20 %)",
        "2024-06-03  OVER THE LIMIT by 1  [nomad-vpn-limit, cgv Article VII, 3.4] 3 "
        "nomad-vpn for 12 seats: at most 2 (20 %)",
        "2024-09-02  allowed  [nomad-vpn-limit, cgv Article VII, 3.4] 3 nomad-vpn for 15 "
        "seats: at most 3 (20 %)",
    ]
    given = run(
        "limits", IMRI, "--count", "seats=25", "--count", "nomad-vpn=6", "--on", "2024-03-01",
        "--json",
    )  # fmt: skip
    [check] = json.loads(given.output)["checks"]
    assert (check["allowed"], check["over_by"], check["percent"]) == (5, 1, "24.00")


def said(*args: object) -> str:
    """What a refused command tells its user (the problems it raised)."""
    result = run(*map(str, args))
    assert result.exit_code != 0
    return str(result.exception)


def test_sla_limits_names_what_is_wrong():
    assert "--count: expected NAME=N" in said("limits", IMRI, "--count", "seats=x")
    assert "neither" in said("limits", IMRI)
    refused = said("limits", PREVISOFT, "--count", "seats=3")
    assert "CONTRACT: expected a quantity limit of the contract previsoft-cgv" in refused


def test_a_bad_quantities_file_names_its_row_and_field(tmp_path):
    bad = tmp_path / "q.csv"
    bad.write_text(
        "on,quantity,count\n2024-01-15,seats,12\n2024-01-15,seats,13\n2024-02-30,x y,-1\n"
    )
    problems = said("limits", IMRI, "--quantities", bad)
    assert "q.csv:3 row 2: quantity: expected each quantity once a day (also on row 1)" in problems
    assert "row 3: on: expected a date YYYY-MM-DD that exists" in problems
    assert "row 3: count: expected a whole number of zero or more, found '-1'" in problems
