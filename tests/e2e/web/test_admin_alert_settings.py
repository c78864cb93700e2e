"""A contract's alert settings edited in Chromium, in English and French, as a provider
admin does it: from the contract's page to its form, a bad address refused with its
field named, the settings saved, the page reloaded without sending the form again; a
customer-viewer refused the form (403); a new token's page reloaded without creating a
second token or showing the secret again.

These tests write (settings, a token): they run against their own demo database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, Request
from sqlalchemy import func, select

from slaledger.adapters.db.models import AuditEntry
from slaledger.adapters.db.store import session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL, customer_email
from slaledger.adapters.web.app import replayed_clock
from tests.e2e.web.conftest import DEMO_NOW, demo_database, log_in, serving

#: one contract per language: each run starts from the defaults
CONTRACTS = {"en": "previsoft-cgv", "fr": "imri-cgv"}
TEXTS = {
    "en": {
        "bad": "Alert e-mail recipients: expected an e-mail address such as ana@example.com, "
        "found ana@",
        "saved": "Settings saved for {key}.",
        "share": "0.6",
        "refused": "This page is for the provider's administrators.",
    },
    "fr": {
        "bad": "Destinataires des alertes par courriel : attendu une adresse électronique "
        "telle que ana@example.com, reçu ana@",
        "saved": "Réglages enregistrés pour {key}.",
        "share": "0,6",
        "refused": "Cette page est réservée aux administrateurs du prestataire.",
    },
}


@pytest.fixture(scope="module")
def own_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_database(tmp_path_factory.mktemp("alert-settings"))


@pytest.fixture(scope="module")
def own_server(own_database: str) -> Iterator[str]:
    with serving(own_database, replayed_clock(DEMO_NOW)) as address:
        yield address


@contextmanager
def _signed_in(browser: Browser, server: str, email: str = ADMIN_EMAIL) -> Iterator[Page]:
    context = browser.new_context()
    try:
        tab = context.new_page()
        log_in(tab, server, email)
        yield tab
    finally:
        context.close()


@pytest.fixture
def admin_tab(browser: Browser, own_server: str) -> Iterator[Page]:
    with _signed_in(browser, own_server) as tab:
        yield tab


def _in(tab: Page, server: str, language: str, path: str) -> None:
    tab.goto(f"{server}/dashboard/lang/{language}?next={path}")
    assert tab.locator("html").get_attribute("lang") == language


def _text(tab: Page, selector: str) -> str:
    return tab.locator(selector).inner_text().replace("\u00a0", " ").replace("\u202f", " ")


def _entries(url: str, entity: str) -> int:
    factory = session_factory(url)
    try:
        with factory() as session:
            query = select(func.count()).where(AuditEntry.entity == entity)
            return int(session.scalar(query) or 0)
    finally:
        factory.kw["bind"].dispose()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_admin_edits_a_contracts_alert_settings_and_reloads_without_resubmitting(
    admin_tab: Page, own_server: str, own_database: str, language: str
) -> None:
    key, texts = CONTRACTS[language], TEXTS[language]
    _in(admin_tab, own_server, language, f"/dashboard/contracts/{key}")
    admin_tab.click("#alert-settings-link")
    admin_tab.wait_for_selector("#alert-settings")
    before = _entries(own_database, "alert_setting")

    admin_tab.fill("#alert_recipients", "oncall@provider.test, ana@")
    admin_tab.fill("#risk_share", texts["share"])
    admin_tab.uncheck("#kind-at-risk")
    admin_tab.select_option("#statement_emails", "yes")
    admin_tab.click("#save")
    admin_tab.wait_for_selector("#error-alert_recipients")
    assert _text(admin_tab, "#error-alert_recipients") == texts["bad"]
    assert admin_tab.input_value("#alert_recipients") == "oncall@provider.test, ana@"
    assert admin_tab.input_value("#risk_share") == texts["share"]  # nothing typed is lost
    assert not admin_tab.is_checked("#kind-at-risk")
    assert _entries(own_database, "alert_setting") == before  # nothing stored

    admin_tab.fill("#alert_recipients", "oncall@provider.test, ana@customer.test")
    admin_tab.click("#save")
    admin_tab.wait_for_selector("#saved")
    assert admin_tab.url == f"{own_server}/dashboard/admin/alerts/{key}"  # redirected: a GET
    assert _text(admin_tab, "#saved") == texts["saved"].format(key=key)
    assert admin_tab.locator(".field-error").count() == 0
    assert admin_tab.input_value("#alert_recipients") == "oncall@provider.test, ana@customer.test"
    assert admin_tab.input_value("#risk_share") == texts["share"]
    assert admin_tab.input_value("#statement_emails") == "yes"
    assert _entries(own_database, "alert_setting") == before + 1

    sent: list[str] = []

    def watch(request: Request) -> None:
        sent.append(request.method)

    admin_tab.on("request", watch)
    answer = admin_tab.reload()
    assert answer is not None
    assert answer.request.method == "GET"
    assert "POST" not in sent  # the form was not sent again
    assert admin_tab.locator("#saved").count() == 0  # said once
    assert _entries(own_database, "alert_setting") == before + 1

    admin_tab.click("#every-contract")
    row = admin_tab.locator(f'#contract-settings tr[data-contract="{key}"]')
    assert row.locator("td.alert_recipients.own").inner_text() == (
        "oncall@provider.test, ana@customer.test"
    )
    assert row.locator("td.risk_share.own").inner_text() == texts["share"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_customer_viewer_is_refused_the_alert_settings(
    browser: Browser, own_server: str, language: str
) -> None:
    with _signed_in(browser, own_server, customer_email("previsoft-cgv")) as tab:
        _in(tab, own_server, language, "/dashboard/")
        answer = tab.goto(f"{own_server}/dashboard/admin/alerts/previsoft-cgv")
        assert answer is not None
        assert answer.status == 403
        assert _text(tab, "#admin-only") == TEXTS[language]["refused"]
        contract = tab.goto(f"{own_server}/dashboard/contracts/previsoft-cgv")
        assert contract is not None
        assert contract.status == 200
        assert tab.locator("#versions-link").count() == 0
        assert tab.locator("#alert-settings-link").count() == 0


def test_the_contract_page_leads_an_admin_to_its_versions(admin_tab: Page, own_server: str) -> None:
    admin_tab.goto(f"{own_server}/dashboard/contracts/previsoft-cgv")
    admin_tab.click("#versions-link")
    admin_tab.wait_for_selector("#versions")
    assert admin_tab.url == f"{own_server}/dashboard/admin/contracts/previsoft-cgv/versions"
    assert admin_tab.locator('#versions tr[data-version="1"]').count() == 1


def test_a_new_tokens_page_reloaded_creates_nothing_and_shows_the_secret_no_more(
    admin_tab: Page, own_server: str, own_database: str
) -> None:
    before = _entries(own_database, "api_token")
    admin_tab.goto(f"{own_server}/dashboard/admin/tokens")
    admin_tab.fill("#token-name", "reload-check")
    admin_tab.click("#create")
    admin_tab.wait_for_selector("#secret")
    secret = admin_tab.locator("#secret").inner_text()
    assert admin_tab.url.startswith(f"{own_server}/dashboard/admin/tokens")
    answer = admin_tab.reload()
    assert answer is not None
    assert answer.request.method == "GET"
    assert secret not in admin_tab.content()
    assert admin_tab.locator("#secret").count() == 0
    assert _entries(own_database, "api_token") == before + 1  # one token, not two
    assert admin_tab.locator('#tokens tr td.name:text-is("reload-check")').count() == 1
