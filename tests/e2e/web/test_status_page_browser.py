"""The customer status page and the dashboard's budget in Chromium: the page in both
languages (the browser's Accept-Language, then the switch), its bars and badge drawn
under the strict CSP with no violation, a protected page refused without its token; the
contracts page's budget column and the availability page's burn-down charts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage

from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.web.app import replayed_clock
from tests.e2e.web.conftest import DEMO_NOW, demo_database, log_in, serving


@pytest.fixture(scope="module")
def status_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server over its own demo database (this module writes the pages' settings):
    its address and the token of previsoft's protected page."""
    url = demo_database(Path(tmp_path_factory.mktemp("status-browser")))
    factory = session_factory(url)
    with Store.transaction(factory, actor="tests") as store:
        store.set_status_visibility("saas-annexes", "public")
        store.set_status_visibility("previsoft-cgv", "protected")
        token = store.create_status_token("previsoft-cgv")[1]
    factory.kw["bind"].dispose()
    with serving(url, replayed_clock(DEMO_NOW)) as address:
        yield address, token


def _violations(messages: list[ConsoleMessage]) -> list[str]:
    return [m.text for m in messages if "Content Security Policy" in m.text or m.type == "error"]


@pytest.mark.parametrize(
    ("locale", "heading", "this_month", "switch", "other_heading"),
    [
        ("fr-FR", "État du service", "Ce mois-ci", "#lang-en", "Service status"),
        ("en-GB", "Service status", "This month", "#lang-fr", "État du service"),
    ],
)
def test_the_status_page_renders_in_both_languages(
    browser: Browser, status_server: tuple[str, str], locale: str, heading: str,
    this_month: str, switch: str, other_heading: str,
) -> None:  # fmt: skip
    address, _ = status_server
    context = browser.new_context(locale=locale)
    tab = context.new_page()
    messages: list[ConsoleMessage] = []

    def heard(message: ConsoleMessage) -> None:
        messages.append(message)

    tab.on("console", heard)
    try:
        tab.goto(f"{address}/status/saas-annexes")
        assert tab.locator("h1").inner_text() == heading
        assert this_month in tab.locator("section.service dl").inner_text()
        assert "Europe/Paris" in tab.locator("#zone").inner_text()
        assert tab.locator("svg.uptime-bars rect.day").count() == 90
        # the badge is an image the browser loaded and drew (it has a width)
        badge = tab.locator("#badge")
        tab.wait_for_function("document.querySelector('#badge').naturalWidth > 0")
        assert badge.evaluate("img => img.naturalWidth") > 50
        # the bars are coloured by the stylesheet, not by inline style
        colour = tab.locator("svg.uptime-bars rect.day").last.evaluate(
            "r => getComputedStyle(r).fill"
        )
        assert colour.startswith("rgb(")
        tab.click(switch)
        tab.wait_for_load_state()
        assert tab.locator("h1").inner_text() == other_heading
        assert _violations(messages) == []
    finally:
        context.close()


def test_a_protected_status_page_opens_with_its_token_only(
    browser: Browser, status_server: tuple[str, str]
) -> None:
    address, token = status_server
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    try:
        refused = tab.goto(f"{address}/status/previsoft-cgv")
        assert refused is not None
        assert refused.status == 403
        assert "token" in tab.locator("#refused").inner_text()
        opened = tab.goto(f"{address}/status/previsoft-cgv?token={token}")
        assert opened is not None
        assert opened.status == 200
        assert (
            tab.locator("#feed")
            .get_attribute("href")
            .endswith(  # type: ignore[union-attr]
                f"token={token}&lang=en"
            )
        )
    finally:
        context.close()


def test_the_dashboard_shows_each_contracts_budget_and_burn_down(
    browser: Browser, status_server: tuple[str, str]
) -> None:
    address, _ = status_server
    context = browser.new_context()
    tab = context.new_page()
    try:
        log_in(tab, address)
        saas = tab.locator('tr[data-contract="saas-annexes"] td.budget')
        assert "left" in saas.inner_text()
        assert "before the" in saas.inner_text()  # the next credit tier at risk
        tab.goto(f"{address}/dashboard/contracts/saas-annexes/availability")
        charts = tab.locator("figure.burn-down")
        assert charts.count() == 2  # this month's and the month chosen
        assert charts.first.get_attribute("data-month") == "2024-12"
        # a point at each midnight from 1 to 20 December, and one at the instant
        assert charts.first.locator("circle.point").count() == 21
        assert tab.locator("#budget-forecast-2024-12").count() == 1
    finally:
        context.close()
