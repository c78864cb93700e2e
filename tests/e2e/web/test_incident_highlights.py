"""The live-incidents page highlights at-risk and breached clocks, as a person sees them.

At the demo's instant no clock is at risk, so this page gets a database of its own: the
001 seed contract with three critical incidents notified at chosen instants, seen at a
fixed "now" (Wednesday 13 March 2024, 16:00 in Paris). The take-into-account clock of a
critical incident gives 4 working hours (10:00-18:00) and is at risk from 3 hours:
- INC-RUNNING, notified at 15:30: 30 minutes used, running;
- INC-AT-RISK, notified at 12:50: 3 h 10 used, at risk;
- INC-BREACHED, notified the day before at 10:00: 14 working hours used, breached.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page

from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL, DEMO_PASSWORD
from tests.e2e.web.conftest import log_in, serving

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime.fromisoformat("2024-03-13T16:00:00+01:00")
NOTIFIED = {
    "INC-RUNNING": "2024-03-13T15:30:00+01:00",
    "INC-AT-RISK": "2024-03-13T12:50:00+01:00",
    "INC-BREACHED": "2024-03-12T10:00:00+01:00",
}
CLOCK = "take-into-account"
TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.fixture(scope="module")
def incidents_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('highlights') / 'incidents.db'}"
    upgrade(url)
    factory = session_factory(url)
    with Store.transaction(factory, actor="tests") as store:
        contract = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
        key = store.upload_contract_file(str(contract), accept_lint_errors=True).contract.key
        for incident, at in NOTIFIED.items():
            notified = datetime.fromisoformat(at)
            store.record_event(key, incident, event="notified", at=notified, service="solution")
            store.record_event(key, incident, event="classified", at=notified, value="critical")
        store.add_user(ADMIN_EMAIL, role="provider-admin", password=DEMO_PASSWORD)
    factory.kw["bind"].dispose()
    with serving(url, lambda: NOW) as address:
        yield address


@pytest.fixture
def incidents_page(browser: Browser, incidents_server: str) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    log_in(page, incidents_server)
    page.goto(f"{incidents_server}/dashboard/incidents")
    yield page
    context.close()


def _row(page: Page, incident: str) -> Locator:
    row = page.locator(f'tr[data-incident="{incident}"][data-clock="{CLOCK}"]')
    row.wait_for()
    return row


def _style(locator: Locator, prop: str) -> str:
    return str(locator.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')"))


def test_at_risk_and_breached_clocks_are_highlighted_and_a_running_one_is_not(
    incidents_page: Page,
) -> None:
    running, at_risk, breached = (_row(incidents_page, i) for i in NOTIFIED)
    assert "status-running" in (running.get_attribute("class") or "")
    assert "status-at-risk" in (at_risk.get_attribute("class") or "")
    assert "status-breached" in (breached.get_attribute("class") or "")
    assert [r.locator("td.status").inner_text().strip() for r in (running, at_risk, breached)] == [
        "running",
        "at-risk",
        "breached",
    ]
    # what the eye sees: a coloured row and a bold coloured status, none for a running clock
    backgrounds = [_style(r, "background-color") for r in (running, at_risk, breached)]
    assert backgrounds[0] == TRANSPARENT
    assert TRANSPARENT not in backgrounds[1:]
    assert backgrounds[1] != backgrounds[2]
    weights = [_style(r.locator("td.status"), "font-weight") for r in (running, at_risk, breached)]
    assert weights == ["400", "700", "700"]
    for row in (at_risk, breached):
        assert row.is_visible()
        assert _style(row.locator("td.status"), "color") != _style(
            running.locator("td.status"), "color"
        )


def test_the_breached_clock_counts_down_below_zero_and_the_others_above(
    incidents_page: Page,
) -> None:
    running, at_risk, breached = (_row(incidents_page, i) for i in NOTIFIED)
    lefts = []
    for row in (running, at_risk, breached):
        countdown = row.locator(".countdown")
        countdown.wait_for()
        lefts.append(int(countdown.get_attribute("data-left") or "0"))
    # 4 working hours (10:00-18:00): from 15:30 the deadline is tomorrow 11:30, from
    # 12:50 today 16:50; yesterday's 10:00 deadline was yesterday 14:00
    assert lefts[0] == pytest.approx(19.5 * 3600, abs=30)
    assert lefts[1] == pytest.approx(50 * 60, abs=30)
    assert lefts[2] == pytest.approx(-26 * 3600, abs=30)
    assert "overdue" in (breached.locator(".countdown").get_attribute("class") or "")
    assert "overdue" not in (at_risk.locator(".countdown").get_attribute("class") or "")
    assert breached.locator(".countdown").inner_text().startswith("-")


def test_the_highlights_are_labelled_in_french_too(
    incidents_page: Page, incidents_server: str
) -> None:
    incidents_page.click("#lang-fr")
    incidents_page.wait_for_selector("text=Incidents en cours")
    shown = [_row(incidents_page, i).locator("td.status").inner_text().strip() for i in NOTIFIED]
    assert shown == ["en cours", "à risque", "dépassé"]
    assert "status-at-risk" in (_row(incidents_page, "INC-AT-RISK").get_attribute("class") or "")
