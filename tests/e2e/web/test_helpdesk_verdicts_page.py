"""The side-by-side page in Chromium: a Jira helpdesk synced by the service, its own SLA
verdicts beside the contract's clocks, the disagreements counted first, in English and
in French; provider roles only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page

from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.sync.runner import sync_source
from tests.e2e.web.conftest import serving
from tests.integration.helpdesks.loopback import ROOT, serve
from tests.integration.helpdesks.recorded import ROUTES, jira_source

NOW = datetime(2024, 4, 1, tzinfo=UTC)
PASSWORD = "verdicts-password"
ADMIN, VIEWER = "admin@provider.test", "it@customer.test"


@pytest.fixture(scope="module")
def verdicts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('verdicts') / 'ledger.db'}"
    upgrade(url)
    sessions = session_factory(url)
    with Store.transaction(sessions, actor="tests") as store:
        store.upload_contract_file(
            str(ROOT / "examples/contracts/001-saas-annexes.yaml"), accept_lint_errors=True
        )
        customer = store.contract("saas-annexes").customer.name
        store.add_user(ADMIN, role="provider-admin", password=PASSWORD)
        store.add_user(VIEWER, role="customer-viewer", customer=customer, password=PASSWORD)
    with contextmanager(serve)() as helpdesk, pytest.MonkeyPatch.context() as patch:
        patch.setenv("SLALEDGER_HELPDESK_TOKEN", "jira-token")
        ROUTES["jira"](helpdesk)
        source = jira_source(helpdesk.url)
        sync_source(sessions, source, now=NOW)
    sessions.kw["bind"].dispose()
    with serving(url, lambda: NOW) as address:
        yield address


def _log_in(page: Page, server: str, email: str) -> None:
    page.goto(f"{server}/dashboard/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url(f"{server}/dashboard/")


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_the_page_counts_the_disagreements_first_in_english_and_french(
    tab: Page, verdicts_server: str
) -> None:
    server = verdicts_server
    _log_in(tab, server, ADMIN)
    tab.goto(f"{server}/dashboard/contracts/saas-annexes")
    tab.click("#nav-helpdesk-verdicts")
    tab.wait_for_url("**/contracts/saas-annexes/helpdesk-verdicts")
    headline = tab.inner_text("#disagreements")
    assert headline.startswith("1 disagreement between the helpdesk")
    assert tab.inner_text("#verdict-clocks tr[data-clock='take-into-account'] td.disagree") == "1"
    rows = tab.locator("#verdicts tbody tr")
    assert rows.count() == 2
    first = rows.nth(0)  # the disagreement comes first
    assert first.get_attribute("data-ticket") == "SUP-2"
    assert first.locator("td.helpdesk").inner_text() == "met"
    assert first.locator("td.contract").inner_text() == "breached"
    assert first.locator("td.outcome").inner_text() == "disagree"
    assert rows.nth(1).locator("td.outcome").inner_text() == "agree"
    tab.select_option("#filter-outcome", "agree")
    tab.click("#apply-outcome")
    tab.wait_for_url("**outcome=agree")
    assert [r.get_attribute("data-ticket") for r in tab.locator("#verdicts tbody tr").all()] == [
        "SUP-1"
    ]
    tab.goto(f"{server}/dashboard/lang/fr?next=/dashboard/contracts/saas-annexes/helpdesk-verdicts")
    assert tab.inner_text("h1").startswith("Verdicts de l'outil de support")
    assert tab.inner_text("#disagreements").startswith("1 divergence entre")
    first = tab.locator("#verdicts tbody tr").nth(0)
    assert first.locator("td.helpdesk").inner_text() == "respecté"
    assert first.locator("td.contract").inner_text() == "dépassé"
    assert first.locator("td.outcome").inner_text() == "divergent"


def test_a_customer_viewer_neither_sees_the_link_nor_opens_the_page(
    tab: Page, verdicts_server: str
) -> None:
    server = verdicts_server
    _log_in(tab, server, VIEWER)
    tab.goto(f"{server}/dashboard/contracts/saas-annexes")
    assert tab.locator("#nav-helpdesk-verdicts").count() == 0
    answer = tab.goto(f"{server}/dashboard/contracts/saas-annexes/helpdesk-verdicts")
    assert answer is not None
    assert answer.status == 403
