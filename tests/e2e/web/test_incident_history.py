"""The incident history as a service manager and a customer use it, in English and in
French: find a past incident by searching, open its timeline, export the month's
incidents and the compliance table to CSV (and read the files), pick a month.

The store is ``tests/integration/api/incident_history.py``'s: the 001 seed contract with
five incidents whose clocks end in every way, seen on Wednesday 13 March 2024 at 16:00.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.web.conftest import log_in, serving
from tests.integration.api.incident_history import NOTE, NOW, VIEWER_EMAIL, seed_history

#: what each language calls things: (a column of the export, the "resolved" status, the
#: CSV separator, the compliance column)
WORDS = {
    "en": ("Notified (Europe/Paris)", "resolved", ",", "Compliance (%)"),
    "fr": ("Signalé (Europe/Paris)", "résolu", ";", "Conformité (en\u00a0%)"),
}


@pytest.fixture(scope="module")
def history_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'incidents.db'}"
    key = seed_history(url)
    with serving(url, lambda: NOW) as address:
        yield address, key


def _open(browser: Browser, server: str, language: str, email: str | None = None) -> Page:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    if email is None:
        log_in(page, server)
    else:
        log_in(page, server, email)
    if language == "fr":
        page.click("#lang-fr")
        page.wait_for_selector("html[lang=fr]")
    return page


@pytest.fixture(params=["en", "fr"])
def manager(
    request: pytest.FixtureRequest, browser: Browser, history_server: tuple[str, str]
) -> Iterator[tuple[Page, str]]:
    page = _open(browser, history_server[0], request.param)
    yield page, request.param
    page.context.close()


def _to_history(page: Page, server: str, key: str) -> None:
    page.goto(f"{server}/dashboard/contracts/{key}")
    page.click("#nav-incidents")
    page.wait_for_selector("#incident-list")


def _listed(page: Page) -> list[str]:
    return [
        row.get_attribute("data-incident") or ""
        for row in page.locator("#incident-list tbody tr").all()
    ]


def _read_csv(path: Path, separator: str) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel reads UTF-8 by
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=separator))


def test_a_past_incident_is_found_by_search_and_its_timeline_opened(
    manager: tuple[Page, str], history_server: tuple[str, str]
) -> None:
    page, language = manager
    server, key = history_server
    _to_history(page, server, key)
    assert len(_listed(page)) == 5  # resolved ones too
    page.fill("#search", "vpn")  # words of the provider's note on its pause
    page.click("#apply-filters")
    page.wait_for_url("**q=vpn**")
    assert _listed(page) == ["INC-HIST-1"]
    row = page.locator('#incident-list tr[data-incident="INC-HIST-1"]')
    assert row.locator("td.status").inner_text() == WORDS[language][1]
    row.locator("a.incident").click()
    page.wait_for_selector("#timeline svg")
    lane = page.locator('#timeline g.lane[data-clock="take-into-account"]')
    assert lane.is_visible()
    marks = [m.get_attribute("data-mark") for m in lane.locator("[data-mark]").all()]
    assert marks == ["pause", "start", "reclassified", "original-deadline", "deadline", "met"]
    reclassified = lane.locator('[data-mark="reclassified"] title').text_content() or ""
    assert "critical" in reclassified
    assert page.locator('td.note:has-text("VPN")').count() == 1
    outcome = page.locator('#clocks tr[data-clock="take-into-account"] td.outcome').inner_text()
    assert "0 h 30" in outcome  # met half an hour before its (moved) deadline
    left = "Temps ouvré restant" if language == "fr" else "Business time left"
    assert left not in page.locator("#clocks").inner_text()  # a met clock has no time left
    page.click("#back-to-incidents")
    page.wait_for_selector("#incident-list")


def test_the_months_incidents_export_to_a_csv_file_in_the_pages_language(
    manager: tuple[Page, str], history_server: tuple[str, str]
) -> None:
    page, language = manager
    server, key = history_server
    _to_history(page, server, key)
    page.select_option("#pick-month", "2024-03")
    page.click("#apply-filters")
    page.wait_for_url("**month=2024-03**")
    shown = _listed(page)
    assert shown == ["INC-RUNNING", "INC-OPEN", "INC-HIST-1", "INC-HIST-2"]
    with page.expect_download() as download:
        page.click("#export-incidents")
    done = download.value
    assert done.suggested_filename == f"{key}-incidents-{language}.csv"
    header, *rows = _read_csv(Path(done.path()), WORDS[language][2])
    assert header[1] == WORDS[language][0]
    assert [r[0] for r in rows] == shown
    assert rows[2][-1] == NOTE
    with page.expect_download() as download:
        page.click("#export-compliance")
    header, *rows = _read_csv(Path(download.value.path()), WORDS[language][2])
    assert header[-1] == WORDS[language][3]
    march = [r for r in rows if r[:2] == ["2024-03", "critical"]]
    assert march == [["2024-03", "critical", "4", "6", "66,67" if language == "fr" else "66.67"]]


def test_a_month_is_picked_on_the_kpi_availability_and_credit_pages(
    manager: tuple[Page, str], history_server: tuple[str, str]
) -> None:
    page, language = manager
    server, key = history_server
    for path in (f"contracts/{key}/kpis", f"contracts/{key}/availability", "credits"):
        page.goto(f"{server}/dashboard/{path}")
        page.select_option("#pick-month", "2024-01")
        page.click("#show-month")
        page.wait_for_url(f"**/dashboard/{path}?month=2024-01")
        assert page.locator("#pick-month").input_value() == "2024-01"
    page.goto(f"{server}/dashboard/contracts/{key}/kpis")
    page.select_option("#pick-month", "2024-02")
    page.click("#show-month")
    page.wait_for_url("**month=2024-02")
    expected = "févr. 2024" if language == "fr" else "Feb 2024"
    assert expected in page.locator("main > p").first.inner_text()


def test_a_customer_viewer_finds_its_incidents_without_the_providers_notes(
    browser: Browser, history_server: tuple[str, str]
) -> None:
    server, key = history_server
    page = _open(browser, server, "fr", VIEWER_EMAIL)
    try:
        _to_history(page, server, key)
        page.fill("#search", "vpn")
        page.click("#apply-filters")
        page.wait_for_url("**q=vpn**")
        assert page.locator("#incident-list").count() == 0  # notes are not searched
        page.fill("#search", "hist-1")
        page.click("#apply-filters")
        page.wait_for_url("**q=hist-1**")
        assert _listed(page) == ["INC-HIST-1"]
        page.click('a.incident:has-text("INC-HIST-1")')
        page.wait_for_selector("#timeline svg")
        assert "VPN" not in page.content()
        assert page.locator("td.note").count() == 0
    finally:
        page.context.close()
