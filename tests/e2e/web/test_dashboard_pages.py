"""Each dashboard page as a person sees it in Chromium, against the demo database."""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page

from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.observations import read_maintenance, read_outages
from slaledger.bootstrap import contract_calendars
from slaledger.domain.lint import lint_contract
from slaledger.domain.maintenance import kind_names
from slaledger.domain.periods import Month
from slaledger.domain.readable_figures import readable
from slaledger.services.availability import Observations, availability_for_month
from tests.e2e.web.conftest import log_in

ROOT = Path(__file__).resolve().parents[3]
PREVISOFT = ROOT / "examples" / "contracts" / "003-previsoft.yaml"
PREVISOFT_DATA = ROOT / "examples" / "data" / "003-previsoft"


def _previsoft_availability(month: str) -> str:
    """The figure the services compute from the example files themselves, as pages and
    statements show it: rounded for people (issue 19: 003's target plus one digit)."""
    contract = load_contract(PREVISOFT).contract
    observations = Observations(
        # complete for 2024, as the folder's coverage.csv declares (and the demo imports)
        outages=declared_outages(
            read_outages(PREVISOFT_DATA / "outages.csv"), (), contract.timezone, PREVISOFT_DATA
        ),
        maintenance=read_maintenance(
            PREVISOFT_DATA / "maintenance.csv", kinds=kind_names(contract.maintenance)
        ),
    )
    figure = availability_for_month(
        contract=contract,
        month=Month.parse(month),
        observations=observations,
        calendars=contract_calendars(contract),
    )
    assert figure.availability is not None
    shown = readable(figure.availability, figure.target, fallback=figure.shown_rounding.decimals)
    return str(shown.shown)


def _cell(page: Page, selector: str) -> str:
    return page.locator(selector).first.inner_text().strip()


def test_the_contracts_page_shows_the_five_seeds_with_last_months_availability(
    admin: Page,
) -> None:
    assert admin.locator("#contracts tbody tr").count() == 5
    shown = _cell(admin, 'tr[data-contract="previsoft-cgv"] td.availability')
    assert shown == f"{_previsoft_availability('2024-11')}%"
    assert "error" in _cell(admin, 'tr[data-contract="previsoft-cgv"] td.findings')


def test_the_language_switch_changes_labels_and_number_formats(admin: Page, server: str) -> None:
    admin.click("#lang-fr")
    admin.wait_for_selector("text=Contrats")
    shown = _cell(admin, 'tr[data-contract="previsoft-cgv"] td.availability')
    expected = _previsoft_availability("2024-11").replace(".", ",")
    assert shown.replace("\u00a0", " ").replace("\u202f", " ") == f"{expected} %"
    assert admin.locator("th", has_text="Disponibilité").count() == 1
    admin.click("#lang-en")
    admin.wait_for_selector("th:has-text('Availability')")


def test_a_contract_page_lists_its_lint_findings(admin: Page, server: str) -> None:
    admin.goto(f"{server}/dashboard/contracts/imri-cgv")
    rows = admin.locator("#findings tbody tr")
    assert rows.count() >= 3
    assert "formula-units" in admin.locator("#findings").inner_text()


def test_live_incident_countdowns_are_shown_and_decrease(admin: Page, server: str) -> None:
    admin.goto(f"{server}/dashboard/incidents")
    countdown = admin.locator(".countdown").first
    countdown.wait_for()
    first = int(countdown.get_attribute("data-left") or "0")
    time.sleep(2.2)
    second = int(countdown.get_attribute("data-left") or "0")
    assert second < first
    assert re.match(r"-?\d+ h \d\d min \d\d s", countdown.inner_text())


def test_the_availability_chart_links_each_month_to_its_trace(admin: Page, server: str) -> None:
    admin.goto(f"{server}/dashboard/contracts/previsoft-cgv/availability")
    # a bar for each month with a figure; the rolling years reaching before the data
    # (records complete for 2024) say "insufficient data" and draw none
    figures = [c.inner_text() for c in admin.locator("#availability td.figure").all()]
    assert "insufficient data" in figures
    assert admin.locator("svg.chart rect.bar").count() == sum("%" in f for f in figures) >= 1
    figure = _cell(admin, 'tr[data-month="2024-11"] td.figure')
    assert figure == f"{_previsoft_availability('2024-11')}%"
    admin.locator('svg.chart a[href$="/availability/2024-11"]').click()
    admin.wait_for_selector("#trace")
    assert _cell(admin, "#figure dd.availability") == figure


def test_the_kpi_page_shows_each_kpi_against_its_target(admin: Page, server: str) -> None:
    admin.goto(f"{server}/dashboard/contracts/previsoft-cgv/kpis")
    sections = admin.locator("section.kpi")
    assert sections.count() >= 3
    assert admin.locator("section.kpi svg.chart").count() == sections.count()
    assert admin.locator("section.kpi .target").first.inner_text().strip() != ""


def test_the_credits_page_lists_claim_deadlines(admin: Page, server: str) -> None:
    admin.goto(f"{server}/dashboard/credits")
    assert admin.locator("section.contract").count() == 5


def test_the_maintenance_check_answers_with_reasons(admin: Page, server: str) -> None:
    admin.goto(f"{server}/dashboard/contracts/imri-cgv/maintenance")
    assert admin.locator("#recurring tbody tr").count() == 12
    admin.select_option("#kind", "exceptional")
    admin.fill("#start", "2024-12-21T10:00")
    admin.fill("#end", "2024-12-21T20:00")
    admin.fill("#announced", "2024-12-20T13:00")
    admin.click("#check")
    admin.wait_for_selector("#verdict")
    assert "refused" in (admin.locator("#verdict").get_attribute("class") or "")
    assert admin.locator("#verdict li.broken").count() >= 1


def test_the_obligations_page_lists_dated_obligations(admin: Page, server: str) -> None:
    admin.goto(f"{server}/dashboard/contracts/saas-annexes/obligations")
    assert "credit" in admin.locator("#obligations").inner_text().lower()
    assert admin.locator("#obligations tbody tr.kind-credit-claim").count() >= 1


def test_logging_out_ends_the_session(admin: Page, server: str) -> None:
    admin.click("#logout")
    admin.wait_for_url(re.compile(r".*/dashboard/login$"))
    admin.goto(f"{server}/dashboard/")
    assert "/dashboard/login" in admin.url


def test_a_forged_post_without_the_csrf_token_is_refused(admin: Page, server: str) -> None:
    answer = admin.request.post(
        f"{server}/dashboard/contracts/imri-cgv/maintenance",
        form={"csrf": "forged", "kind": "exceptional", "start": "2024-12-21T10:00"},
    )
    assert answer.status == 403


def test_a_customer_viewer_cannot_open_another_customers_contract(page: Page, server: str) -> None:
    log_in(page, server, "viewer-maintenance-us@demo.slaledger.test")
    assert page.locator("#contracts tbody tr").count() == 1
    answer = page.goto(f"{server}/dashboard/contracts/previsoft-cgv")
    assert answer is not None
    assert answer.status == 404


def test_a_contract_page_hands_out_its_monthly_statement_in_the_pages_language(
    admin: Page, server: str
) -> None:
    admin.click("#lang-fr")
    admin.wait_for_selector("text=Contrats")
    admin.goto(f"{server}/dashboard/contracts/previsoft-cgv")
    admin.fill("#statement input[name=month]", "2024-11")
    admin.select_option("#statement select[name=format]", "html")
    admin.click("#make-statement")
    admin.wait_for_url(re.compile(r".*/statement\?month=2024-11&format=html"))
    text = admin.locator("body").inner_text().replace("\u00a0", " ").replace("\u202f", " ")
    # the statement shows availability rounded for people, French style
    assert _previsoft_availability("2024-11").replace(".", ",") + " %" in text
    assert "novembre 2024" in text
    pdf = admin.request.get(
        f"{server}/dashboard/contracts/previsoft-cgv/statement?month=2024-03&format=pdf"
    )
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_another_customers_statement_is_not_found(page: Page, server: str) -> None:
    log_in(page, server, "viewer-maintenance-us@demo.slaledger.test")
    answer = page.request.get(f"{server}/dashboard/contracts/previsoft-cgv/statement?month=2024-03")
    assert answer.status == 404


def test_the_home_page_and_the_credits_page_tell_the_same_credits(admin: Page, server: str) -> None:
    """A month that owes nothing shows no credit and no claim date at a glance (it read
    "0.0 days, claim by January 1, 2025" beside "No credit owed" on the credits page); a
    month that owes or leaves the credit undefined is listed on the credits page too."""
    admin.goto(f"{server}/dashboard/")
    rows = admin.locator("tr[data-contract]")
    glance = {}
    for index in range(rows.count()):
        row = rows.nth(index)
        key = row.get_attribute("data-contract")
        credit = row.locator("td.credit").inner_text().strip()
        claim = row.locator("td.claim").inner_text().strip()
        glance[key] = (credit, claim)
    assert glance["saas-annexes"][0] in ("none owed", "undetermined") or glance["saas-annexes"][
        0
    ].endswith("days")
    admin.goto(f"{server}/dashboard/credits")
    for key, (credit, claim) in glance.items():
        section = admin.locator(f'section[data-contract="{key}"]')
        if credit == "–":
            continue
        listed = section.locator("tr[data-month]").count()
        if credit == "none owed":
            assert claim == "–", key
        else:
            assert listed >= 1, (key, credit)
            assert claim != "–", (key, credit)
    assert any(credit == "none owed" for credit, _ in glance.values())


def test_a_customer_viewer_sees_its_figures_but_not_the_providers_lint_notes(
    page: Page, server: str
) -> None:
    """Lint findings and the maintenance "may I?" check are the provider's: a customer sees
    figures, clocks, credits and statements (it saw every lint error of its contract)."""
    log_in(page, server, "viewer-previsoft-cgv@demo.slaledger.test")
    assert page.locator("#contracts tbody tr").count() == 1
    assert page.locator("td.findings").count() == 0
    page.goto(f"{server}/dashboard/contracts/previsoft-cgv")
    assert page.locator("#glance dd.availability").count() == 1
    assert page.locator("#findings").count() == 0
    statement = page.request.get(
        f"{server}/dashboard/contracts/previsoft-cgv/statement?month=2024-03&format=json"
    )
    assert statement.status == 200
    document = statement.json()
    assert document["audience"] == "customer"
    assert document["lint"] == []
    html = page.request.get(
        f"{server}/dashboard/contracts/previsoft-cgv/statement?month=2024-03&format=html"
    ).text()
    assert 'id="lint"' not in html
    pdf = page.request.get(
        f"{server}/dashboard/contracts/previsoft-cgv/statement?month=2024-03&format=pdf"
    )
    text = _pdf_text(pdf.body())
    assert "2024" in text  # a statement, read
    assert "Warnings on the contract" not in text
    assert not any(rule in text for rule in _lint_rules("previsoft-cgv", server))
    assert "Interpretation" not in page.locator("body").inner_text()
    page.goto(f"{server}/dashboard/contracts/previsoft-cgv/maintenance")
    assert page.locator("#may-i").count() == 0
    assert page.locator("#recurring").count() == 1
    csrf = (
        page.locator("input[name=csrf]").first.get_attribute("value")
        if page.locator("input[name=csrf]").count()
        else "x"
    )
    answer = page.request.post(
        f"{server}/dashboard/contracts/previsoft-cgv/maintenance",
        form={
            "csrf": csrf or "x",
            "kind": "preventive",
            "start": "2024-03-16T22:00",
            "end": "2024-03-16T23:00",
            "announced": "2024-03-01T10:00",
        },
    )
    assert answer.status == 403


def _pdf_text(document: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "statement.pdf"
        path.write_bytes(document)
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def _lint_rules(key: str, server: str) -> set[str]:
    """The rule ids the linter finds in the contract (each a word no figure uses)."""
    path = {"previsoft-cgv": PREVISOFT}[key]
    loaded = load_contract(path)
    return {f.rule for f in lint_contract(loaded.contract, loaded.lines)}


def test_the_provider_sees_the_lint_findings_and_its_statement_lists_them(
    admin: Page, server: str
) -> None:
    admin.goto(f"{server}/dashboard/contracts/previsoft-cgv")
    assert admin.locator("#findings tbody tr").count() >= 1
    pdf = admin.request.get(
        f"{server}/dashboard/contracts/previsoft-cgv/statement?month=2024-03&format=pdf"
    )
    text = _pdf_text(pdf.body())
    assert "Warnings on the contract" in text
    assert any(rule in text for rule in _lint_rules("previsoft-cgv", server))
    statement = admin.request.get(
        f"{server}/dashboard/contracts/previsoft-cgv/statement?month=2024-03&format=json"
    )
    document = statement.json()
    assert document["audience"] == "provider"
    assert len(document["lint"]) >= 1


def test_a_bad_month_in_the_address_says_what_a_month_looks_like(admin: Page, server: str) -> None:
    for path, found in (
        ("availability/2024-13", "2024-13"),
        ("statement?month=mars", "mars"),
        ("availability?month=2024-13", "2024-13"),  # it was ignored (and could 404)
        ("kpis?month=2024-00", "2024-00"),
        ("kpis?month=0000-01", "0000-01"),  # a year no figure is computed for
    ):
        answer = admin.goto(f"{server}/dashboard/contracts/previsoft-cgv/{path}")
        assert answer is not None
        assert answer.status == 400, path
        message = admin.locator("#bad-month").inner_text()
        assert message.startswith("month:")
        assert "YYYY-MM, its month from 01 to 12" in message
        assert found in message


def test_a_month_in_the_address_chooses_the_availability_and_kpi_months(
    admin: Page, server: str
) -> None:
    admin.goto(f"{server}/dashboard/contracts/previsoft-cgv/availability?month=2024-06")
    assert admin.locator("tr[data-month]").last.get_attribute("data-month") == "2024-06"
    answer = admin.goto(f"{server}/dashboard/contracts/previsoft-cgv/kpis?month=2024-06")
    assert answer is not None
    assert answer.status == 200


def _ask(page: Page, server: str, kind: str, start: str, end: str) -> None:
    page.goto(f"{server}/dashboard/contracts/imri-cgv/maintenance")
    page.select_option("#kind", kind)
    page.fill("#start", start)
    page.fill("#end", end)
    page.fill("#announced", "2024-12-20T13:00")
    page.click("#check")
    page.wait_for_load_state()


def test_a_window_ending_before_or_when_it_starts_is_refused_naming_the_end_in_both_languages(
    admin: Page, server: str
) -> None:
    """It answered "-240 min outside the allowed slots": the form is read as the CLI
    reads its options and a file its rows."""
    for end in ("2024-12-21T16:00", "2024-12-21T20:00"):
        _ask(admin, server, "exceptional", "2024-12-21T20:00", end)
        assert admin.locator("#verdict").count() == 0
        assert admin.locator("#problems li").inner_text() == (
            f"End: expected after the start 2024-12-21T20:00+01:00, found '{end}+01:00'"
        )
    admin.click("#lang-fr")
    admin.wait_for_selector("text=Contrats")
    _ask(admin, server, "exceptional", "2024-12-21T20:00", "2024-12-21T16:00")
    text = admin.locator("#problems li").inner_text().replace("\u00a0", " ")
    assert (
        text == "Fin : attendu après le début 2024-12-21T20:00+01:00, reçu '2024-12-21T16:00+01:00'"
    )
    admin.click("#lang-en")


def test_a_kind_the_contract_sets_no_rule_on_is_said_so_never_yes(admin: Page, server: str) -> None:
    _ask(admin, server, "customer-windows", "2024-12-21T20:00", "2024-12-21T21:00")
    verdict = admin.locator("#verdict")
    assert "no-rule" in (verdict.get_attribute("class") or "")
    answer = verdict.locator(".answer").inner_text()
    assert answer == "The contract sets no rule for this kind of window."
    admin.click("#lang-fr")
    admin.wait_for_selector("text=Contrats")
    _ask(admin, server, "customer-windows", "2024-12-21T20:00", "2024-12-21T21:00")
    answer = admin.locator("#verdict .answer").inner_text()
    assert answer == "Le contrat ne fixe aucune règle pour ce type de fenêtre."
    admin.click("#lang-en")
