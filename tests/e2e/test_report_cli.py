"""``sla report`` end to end: PDF rendered to PNG and text, HTML and JSON, golden statements.

Regenerate the golden statements after a deliberate change with
``SLALEDGER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/e2e/test_report_cli.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from slaledger.adapters.cli.main import main
from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import read_counts, read_maintenance, read_outages
from slaledger.adapters.reports.statement import Formatter
from slaledger.bootstrap import contract_calendars
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations, availability_for_month, credits_for_month
from slaledger.services.kpis import kpis_for_month
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"
GOLDEN = ROOT / "tests" / "golden" / "statements"
UPDATE = os.environ.get("SLALEDGER_UPDATE_GOLDEN") == "1"
MARCH = Month(2024, 3)
SEEDS = ["000-ipfolio", "001-saas-annexes", "002-maintenance-us", "003-previsoft", "004-imri"]
#: options a seed needs beyond its data (004 runs by contract year from the opening)
#: and 003 and 004 compute their liability caps from the example invoices
INVOICES = str(DATA / "invoices.csv")
EXTRA = {
    "000-ipfolio": ["--fee", "1000 EUR"],
    "003-previsoft": ["--invoices", INVOICES],
    "004-imri": ["--opened", "2024-01-15", "--invoices", INVOICES],
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def report(capsys: pytest.CaptureFixture[str], stem: str, *args: str) -> None:
    code, _, err = run(
        capsys,
        "report",
        str(CONTRACTS / f"{stem}.yaml"),
        "--month",
        "2024-03",
        "--data",
        str(DATA / stem),
        *EXTRA.get(stem, []),
        *args,
    )
    assert code == 0, err


def pdf_text(pdf: Path, folder: Path) -> str:
    """The PDF's first page as PNG (checked not blank) and its text, spaces normalised."""
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf),
                    str(folder / "page")], check=True)  # fmt: skip
    (png,) = folder.glob("page*.png")
    _assert_not_blank(png)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"[\u00a0\u202f ]+", " ", text)


def _assert_not_blank(png: Path) -> None:
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        low, high = grey.getextrema()
        dark = sum(grey.histogram()[:128])
    assert png.stat().st_size > 5_000
    assert (low, high) != (high, high)
    assert dark > 1_000  # text and charts, not an empty page


def spaced(text: str) -> str:
    return re.sub(r"[\u00a0\u202f ]+", " ", text)


# ------------------------------------------------------------------------------ PDF
def test_the_previsoft_march_statement_in_french_shows_the_service_figures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "003.pdf"
    report(capsys, "003-previsoft", "--lang", "fr", "--format", "pdf", "--output", str(pdf))
    text = pdf_text(pdf, tmp_path)
    loaded = load_contract(CONTRACTS / "003-previsoft.yaml")
    folder = DATA / "003-previsoft"
    calendars = contract_calendars(loaded.contract)
    figure = availability_for_month(
        contract=loaded.contract,
        month=MARCH,
        observations=Observations(
            # complete for the year, as the folder's coverage.csv declares
            outages=declared_outages(
                read_outages(folder / "outages.csv"), (), loaded.contract.timezone, folder
            ),
            maintenance=read_maintenance(folder / "maintenance.csv"),
        ),
        calendars=calendars,
    )
    # the rolling 12 months to March 2024 hold 3 months of data (records complete for
    # 2024): insufficient data, said in French, no percentage and no verdict
    assert figure.availability is None
    assert figure.coverage is not None
    assert figure.coverage.state.value == "insufficient"
    # 91 days of 366 observed
    flat = " ".join(spaced(text).split())  # table cells wrap in the PDF
    assert "Données insuffisantes : 24,85 % de la période observés" in flat
    assert "pas de verdict" in flat  # "aucune donnée" wraps into the next cell
    assert "mars 2024" in text
    assert "Disponibilité" in text
    events = read_events(folder / "events.csv")
    windows = read_maintenance(folder / "maintenance.csv")
    from slaledger.services.statements import build_statement

    kpis = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        events=events,
        maintenance=windows,
    ).kpis
    direct = kpis_for_month(
        contract=loaded.contract, month=MARCH, calendars=calendars, log=events.log,
        kinds=events.kind,
    )  # fmt: skip
    fr = Formatter("fr")
    measured = [v for v in direct if v.value is not None]
    assert measured
    for view in measured:
        assert spaced(fr.duration(Decimal(round(view.value or 0)))) in text, view.kpi
    assert "Avoirs de service" in text
    assert any(k.kpi == "KPI1" for k in kpis)


def test_the_ipfolio_statement_in_english_shows_the_credit_for_the_fee(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "000.pdf"
    report(capsys, "000-ipfolio", "--lang", "en", "--output", str(pdf))  # format from suffix
    text = pdf_text(pdf, tmp_path)
    loaded = load_contract(CONTRACTS / "000-ipfolio.yaml")
    folder = DATA / "000-ipfolio"
    credit = credits_for_month(
        contract=loaded.contract,
        month=MARCH,
        observations=Observations(
            # complete for the year, as the folder's coverage.csv declares
            outages=declared_outages(
                read_outages(folder / "outages.csv"), (), loaded.contract.timezone, folder
            ),
            maintenance=read_maintenance(folder / "maintenance.csv"),
        ),
        calendars=contract_calendars(loaded.contract),
        fee=Decimal(1000),
    ).credit
    en = Formatter("en")
    assert credit.amount is not None
    assert credit.percent is not None
    assert en.percent(credit.rated) in text  # e.g. 98.97%
    assert re.fullmatch(r"\d{2}\.\d{2}%", en.percent(credit.rated))
    assert f"{en.percent(credit.percent, truncate=False)} of the monthly fee = " in text
    assert f"= €{en.number(credit.amount)}" in text  # = €250.00, Babel's English currency form
    assert "March 2024" in text
    assert "Service credits" in text


def test_the_french_statement_writes_the_credit_amount_in_euros_the_french_way(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    html = tmp_path / "000.html"
    report(capsys, "000-ipfolio", "--lang", "fr", "--format", "html", "--output", str(html))
    text = re.sub(r"[\u00a0\u202f ]+", " ", html.read_text("utf-8"))
    assert "1 000,00 €" in text  # the monthly fee
    assert re.search(r"= \d+,\d{2} €", text)  # the credit, e.g. "= 250,00 €"
    assert "arrondi une seule fois, à la fin, à 0,01 EUR" in text  # the rounding rule


# ------------------------------------------------------------------- JSON and HTML
@pytest.mark.parametrize("stem", SEEDS)
def test_each_seed_gives_its_golden_march_statement(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stem: str
) -> None:
    output = tmp_path / "statement.json"
    report(capsys, stem, "--format", "json", "--output", str(output))
    # the data files' paths are stored from the checkout's root, so any worktree compares
    text = output.read_text(encoding="utf-8").replace(f"{ROOT}/", "")
    document = json.loads(text)
    assert document["format"] == "slaledger/statement/v1"
    assert document["period"]["month"] == "2024-03"
    golden = GOLDEN / f"{stem}.json"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert document == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("format_", "language"), [("json", "fr"), ("html", "fr"), ("html", "en")])
def test_a_statement_rendered_twice_is_byte_identical(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, format_: str, language: str
) -> None:
    first, second = tmp_path / f"a.{format_}", tmp_path / f"b.{format_}"
    for output in (first, second):
        report(capsys, "001-saas-annexes", "--lang", language, "--output", str(output))
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_bytes()) > 1_000


def test_the_html_statement_is_in_the_language_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    french, english = tmp_path / "fr.html", tmp_path / "en.html"
    report(capsys, "001-saas-annexes", "--lang", "fr", "--output", str(french))
    report(capsys, "001-saas-annexes", "--lang", "en", "--output", str(english))
    fr_text, en_text = french.read_text("utf-8"), english.read_text("utf-8")
    assert '<html lang="fr">' in fr_text
    assert "Relevé mensuel" in fr_text
    assert '<html lang="en">' in en_text
    assert "Monthly statement" in en_text
    assert "Relevé mensuel" not in en_text
    assert "<svg" in fr_text
    assert "objectif 99,95" in spaced(fr_text)
    assert "March 2024" in en_text
    assert "mars 2024" in fr_text


def test_the_previsoft_statement_shows_the_liability_cap_beside_the_credits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """003 CGV 11.3: « le montant maximum du prix payé par le Client [...] au cours des
    douze (12) mois précédant immédiatement la violation invoquée »: on the statement's
    day, 31 March 2025, the payments of 31 March 2024 to 30 March 2025."""
    output, html = tmp_path / "s.json", tmp_path / "s.html"
    for target in (output, html):
        code, _, err = run(
            capsys, "report", str(CONTRACTS / "003-previsoft.yaml"), "--month", "2025-03",
            "--invoices", INVOICES, "--lang", "fr", "--output", str(target),
        )  # fmt: skip
        assert code == 0, err
    document = json.loads(output.read_text("utf-8"))
    assert document["liability_on"] == "2025-03-31"
    [cap] = document["liability"]
    assert (cap["clause"], cap["first"], cap["last"], cap["cap"]) == (
        "liability-cap",
        "2024-03-31",
        "2025-03-30",
        "14850.00",
    )
    assert cap["invoices"] == ["F2024-001", "F2024-002", "F2024-004"]
    text = spaced(html.read_text("utf-8"))
    assert "Plafonds de responsabilité au 31 mars 2025" in text
    assert "prix payé au cours des douze mois précédant la violation" in text
    assert "14 850,00" in text


def test_the_saas_statement_carries_its_credit_days_in_both_languages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """001 A1 1.2: credits « exclusivement reportables au terme du Contrat, ils ne peuvent
    faire l'objet d'une compensation pécuniaire ou d'un avoir »; February 2024's days are
    blank in the contract."""
    french, english = tmp_path / "fr.html", tmp_path / "en.html"
    report(capsys, "001-saas-annexes", "--lang", "fr", "--output", str(french))
    report(capsys, "001-saas-annexes", "--lang", "en", "--output", str(english))
    fr_text, en_text = spaced(french.read_text("utf-8")), spaced(english.read_text("utf-8"))
    assert "Jours de crédit reportés au terme du contrat" in fr_text
    assert "jamais de compensation pécuniaire ni d'avoir" in fr_text
    assert "Credit days carried to the end of the contract" in en_text
    assert "at least 0.00 days of subscription" in en_text
    assert "Months whose credit the contract leaves blank" in en_text


def test_the_now_option_sets_the_instant_of_the_figures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "s.json"
    report(capsys, "003-previsoft", "--format", "json", "--output", str(output),
           "--now", "2024-03-20T12:00:00+01:00")  # fmt: skip
    document = json.loads(output.read_text("utf-8"))
    assert document["now"] == "2024-03-20T12:00:00+01:00"
    started = [i["started"] for i in document["incidents"]]
    assert started
    assert max(started) < "2024-03-20T12:00:00+01:00"


def test_counts_in_a_data_directory_are_used(capsys: pytest.CaptureFixture[str]) -> None:
    loaded = load_contract(CONTRACTS / "001-saas-annexes.yaml")
    folder = DATA / "001-saas-annexes"
    figure = availability_for_month(
        contract=loaded.contract,
        month=MARCH,
        observations=Observations(
            outages=read_outages(folder / "outages.csv"),
            counts=read_counts(folder / "counts.parquet"),
            maintenance=read_maintenance(folder / "maintenance.csv"),
        ),
        calendars=contract_calendars(loaded.contract),
    )
    document = json.loads((GOLDEN / "001-saas-annexes.json").read_text("utf-8"))
    assert document["availability"][0]["down_seconds"] == figure.down_seconds > 0


# ------------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--month", "2024-13", "--format", "json"], "--month"),  # no 13th month
        (["--month", "March", "--format", "json"], "--month"),
        (["--month", "2024-03", "--lang", "de", "--format", "json"], "--lang"),
        (["--month", "2024-03", "--format", "docx"], "--format"),
        (["--month", "2024-03", "--format", "pdf"], "--output"),  # PDF needs a file
        (["--month", "2024-03", "--output", "/nonexistent/dir/s.json"], "--output"),
        (["--month", "2024-03", "--format", "json", "--data", "/nonexistent"], "--data"),
        (["--month", "2024-03", "--format", "json", "--fee", "-3"], "--fee"),
        (["--month", "2024-03", "--format", "json", "--fee", "1000"], "--fee"),  # no currency
        (["--month", "2024-03", "--format", "json", "--fee", "1000 EUX"], "--fee"),  # unknown
        (["--month", "2024-03", "--format", "json", "--now", "2024-04-01"], "--now"),
    ],
)
def test_bad_options_are_refused_naming_the_option(
    capsys: pytest.CaptureFixture[str], args: list[str], option: str
) -> None:
    code, out, err = run(capsys, "report", str(CONTRACTS / "000-ipfolio.yaml"), *args)
    assert code == 2
    assert option in err
    assert "Traceback" not in err
    assert out == ""


def test_an_opening_date_that_is_not_a_date_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", str(CONTRACTS / "004-imri.yaml"), "--month",
                       "2024-03", "--format", "json", "--opened", "15/01/2024")  # fmt: skip
    assert code == 2
    assert "--opened" in err
    assert date(2024, 1, 15).isoformat() not in err


def test_the_004_statement_says_which_spans_are_not_guaranteed_and_why(capsys):
    """004 3.3 « la disponibilité du service ne serait plus garantie » while a tool is
    refused (5 August – 2 September 2024 in the example events), in French and English."""
    base = ["report", str(CONTRACTS / "004-imri.yaml"), "--month", "2024-08",
            "--data", str(DATA / "004-imri"), "--opened", "2024-01-15"]  # fmt: skip
    code, out, err = run(capsys, *base, "--format", "json")
    assert code == 0, err
    [section] = json.loads(out)["availability"]
    assert (section["guaranteed"], section["not_guaranteed_seconds"]) == (True, 70_560 * 60)
    assert [(g["clause"], g["start"][:10], g["end"][:10]) for g in section["not_guaranteed"]] == [
        ("monitoring-refused", "2024-08-05", "2024-09-02"),
        ("patch-windows-refused", "2024-11-18", "2024-12-09"),
    ]
    code, french, err = run(capsys, *base, "--format", "html", "--lang", "fr")
    assert code == 0, err
    assert (
        "Disponibilité non garantie 5 août 2024, 00:00 UTC+02:00 → "
        "2 septembre 2024, 00:00 UTC+02:00" in french
    )
    assert "cgv Article VII, 3.3" in french
    code, english, err = run(capsys, *base, "--format", "html", "--lang", "en")
    assert "Availability not guaranteed" in english


# ------------------------------------------------------- a statement a customer checks
def test_the_statement_quotes_the_contract_and_says_its_number(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """001 A1 1.1 « le Prestataire s’engage à assurer la disponibilité de la solution
    selon un Taux de disponibilité mensuel de 99,95 % », quoted in each language."""
    french, english = tmp_path / "fr.html", tmp_path / "en.html"
    report(capsys, "001-saas-annexes", "--lang", "fr", "--output", str(french))
    report(capsys, "001-saas-annexes", "--lang", "en", "--output", str(english))
    fr_text, en_text = (" ".join(re.sub(r"<[^>]+>", " ", spaced(p.read_text("utf-8"))).split())
                        for p in (french, english))  # fmt: skip
    assert "Annexe 1 : Niveaux de service, 1.1" in fr_text
    assert "Taux de disponibilité mensuel de 99,95" in fr_text
    assert "Appendix 1: Levels of Service, 1.1" in en_text
    assert "Monthly Availability Rate of 99.95%" in en_text
    assert "SAAS-ANNEXES-2024-03-v1" in fr_text
    assert "Émis le 1er avril 2024" in fr_text
    assert "non ancré : calculé à partir de fichiers" in fr_text
    assert "not anchored: computed from files" in en_text
    assert "avant le aucun" not in fr_text


def test_the_customer_option_names_the_account_beside_the_generic_party(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "s.html"
    report(capsys, "003-previsoft", "--lang", "fr", "--output", str(output),
           "--customer", "Groupe Hospitalier Est")  # fmt: skip
    text = " ".join(re.sub(r"<[^>]+>", " ", spaced(output.read_text("utf-8"))).split())
    assert "Groupe Hospitalier Est" in text
    assert "désigné « Le Client » dans le contrat" in text
    code, out, err = run(capsys, "report", str(CONTRACTS / "003-previsoft.yaml"), "--month",
                         "2024-03", "--format", "json", "--customer", " ")  # fmt: skip
    assert code == 2
    assert "--customer" in err
    assert out == ""


def test_the_provider_statement_prints_each_interpretation_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "s.html"
    report(capsys, "001-saas-annexes", "--lang", "en", "--output", str(output))
    html = output.read_text("utf-8")
    loaded = load_contract(CONTRACTS / "001-saas-annexes.yaml")
    readings = {
        " ".join(c.clause.interpretation.split())
        for c in loaded.contract.clauses()
        if c.clause.interpretation and c.clause.id in {"availability", "take-into-account"}
    }
    assert len(readings) == 2
    from markupsafe import escape

    for reading in readings:
        assert html.count(str(escape(reading))) == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # 001, March 2024: 1 337 s allowed by 99.95 %, 1 200 s counted, 137 s left
        ("fr", "Budget d’erreur : 20 min consommées sur 22,28 min (89,80 %) — 2,28 min"),
        ("en", "Error budget: 20 min of 22.28 min used (89.80%) — 2.28 min left"),
    ],
)
def test_the_statement_gives_the_months_budget_use_in_html_and_pdf(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, language: str, expected: str
) -> None:
    html, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    report(
        capsys, "001-saas-annexes", "--lang", language, "--format", "html", "--output", str(html)
    )
    report(capsys, "001-saas-annexes", "--lang", language, "--format", "pdf", "--output", str(pdf))
    page = re.sub(r"<[^>]+>", "", html.read_text(encoding="utf-8"))
    assert expected in re.sub(r"[\u00a0\u202f ]+", " ", page)
    assert expected.split(" — ")[0] in pdf_text(pdf, tmp_path)
