"""The claim workflow in Chromium, from the dashboard: on 20 March 2024 001's customer
claims February's credit (open until the end of March) on the claims page, in French;
the provider-admin grants two days with a reason, in English, and gets a credit note;
March's statement lists the note as credited, in both languages; the audit log then
verifies.

These tests write (a claim, a grant): they run against their own demo database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from slaledger.adapters.db import audit
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL, customer_email
from slaledger.adapters.web.app import replayed_clock
from tests.e2e.web.conftest import demo_database, log_in, serving

KEY = "saas-annexes"
MARCH_20 = datetime.fromisoformat("2024-03-20T10:00:00+01:00")


@pytest.fixture(scope="module")
def own_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_database(tmp_path_factory.mktemp("claim-flow"))


@pytest.fixture(scope="module")
def own_server(own_database: str) -> Iterator[str]:
    with serving(own_database, replayed_clock(MARCH_20)) as address:
        yield address


def test_a_claim_granted_on_the_dashboard_is_credited_on_the_statement(
    browser: Browser, own_server: str, own_database: str
) -> None:
    customer = browser.new_context()
    tab = customer.new_page()
    log_in(tab, own_server, customer_email(KEY))
    tab.goto(f"{own_server}/dashboard/lang/fr?next=/dashboard/claims")
    row = tab.locator(f'section[data-contract="{KEY}"] tr[data-month="2024-02"]')
    expect(row).to_have_attribute("data-standing", "open")
    expect(row.locator(".standing")).to_contain_text("à demander")
    row.locator('input[name="note"]').fill("indisponibilité du 12 février")
    row.locator("button.claim").click()
    expect(tab.locator("#claim-flash")).to_contain_text("Crédit de 2024-02 demandé pour")
    expect(row).to_have_attribute("data-standing", "requested")
    tab.reload()  # POST/redirect/GET: a reload claims nothing again, says nothing again
    expect(tab.locator("#claim-flash")).to_have_count(0)
    customer.close()

    provider = browser.new_context()
    tab = provider.new_page()
    log_in(tab, own_server, ADMIN_EMAIL)
    tab.goto(f"{own_server}/dashboard/lang/en?next=/dashboard/claims")
    row = tab.locator(f'section[data-contract="{KEY}"] tr[data-month="2024-02"]')
    expect(row.locator(".standing")).to_contain_text("claimed by " + customer_email(KEY))
    row.locator('input[name="granted"]').fill("2")
    row.locator('input[name="reason"]').fill("two days agreed for the outage")
    row.locator("button.decide").click()
    flash = tab.locator("#claim-flash")
    expect(flash).to_contain_text(re.compile(r"credit note CN-2024-\d{4}"))
    number = re.search(r"CN-2024-\d{4}", flash.inner_text())
    assert number is not None
    expect(row).to_have_attribute("data-standing", "granted")
    expect(row.locator(".note-number")).to_have_text(number.group())

    tab.goto(f"{own_server}/dashboard/contracts/{KEY}/statement?month=2024-03")
    credited = tab.locator("#credited")
    expect(credited).to_have_text("Credited on this statement")
    expect(tab.locator(f'tr[data-note="{number.group()}"]')).to_contain_text(
        "2.00 days of subscription"
    )
    tab.goto(
        f"{own_server}/dashboard/lang/fr?next=/dashboard/contracts/{KEY}/statement?month=2024-03"
    )
    expect(tab.locator("#credited")).to_have_text("Crédité sur ce relevé")
    provider.close()

    factory = session_factory(own_database)
    try:
        with Store.transaction(factory, write=False) as store:
            assert audit.verify(store.session).ok
    finally:
        factory.kw["bind"].dispose()


def test_the_claims_page_shows_the_demos_granted_waiting_and_expired_credits(
    admin: Page, server: str
) -> None:
    """On 20 December 2024: 000's March credit granted without a claim (its credit
    note), 001's October claim waiting with the decision form, 001's February expired."""
    admin.goto(f"{server}/dashboard/claims")
    granted = admin.locator(
        'section[data-contract="ipfolio-support-policy"] tr[data-month="2024-03"]'
    )
    expect(granted).to_have_attribute("data-standing", "granted")
    expect(granted.locator(".note-number")).to_have_text(re.compile(r"CN-2024-\d{4}"))
    saas = admin.locator(f'section[data-contract="{KEY}"]')
    expect(saas.locator('tr[data-month="2024-10"]')).to_have_attribute("data-standing", "requested")
    expect(saas.locator('tr[data-month="2024-10"] form.decision-form')).to_have_count(1)
    expect(saas.locator('tr[data-month="2024-02"]')).to_have_attribute("data-standing", "expired")
    expect(saas.locator('tr[data-month="2024-02"] form')).to_have_count(0)
