"""The administration pages and the offline assets in Chromium, in English and French:
a contract with lint errors refused, then stored with the box ticked; a token created,
shown once and revoked; /docs and /redoc with no request leaving the machine; no page
asking for an icon (or anything) that answers 404.

These tests write (a version, tokens): they run against their own demo database, not
the package's shared one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Response, Route

from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import customer_email, load_demo
from slaledger.adapters.web.app import replayed_clock
from tests.e2e.web.conftest import DEMO_NOW, log_in, serving

ROOT = Path(__file__).resolve().parents[3]
SAAS = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
LABELS = {
    "en": {"refused": "Not stored because of 8 lint errors.", "accepted": "audit log"},
    "fr": {"refused": "Non enregistré en raison de 8 erreurs de lint.", "accepted": "audit"},
}


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('admin') / 'demo.db'}"
    upgrade(url)
    factory = session_factory(url)
    with Store.transaction(factory, actor="tests") as store:
        load_demo(store)
    factory.kw["bind"].dispose()
    with serving(url, replayed_clock(DEMO_NOW)) as address:
        yield address


@pytest.fixture
def admin_tab(browser: Browser, own_server: str) -> Iterator[Page]:
    context = browser.new_context()
    tab = context.new_page()
    log_in(tab, own_server)
    yield tab
    context.close()


def _in(tab: Page, server: str, language: str) -> None:
    tab.goto(f"{server}/dashboard/lang/{language}?next=/dashboard/admin/")
    assert tab.locator("html").get_attribute("lang") == language


def _text(tab: Page, selector: str) -> str:
    return tab.locator(selector).inner_text().replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_contract_with_lint_errors_is_refused_then_stored_with_the_box_ticked(
    admin_tab: Page, own_server: str, language: str
) -> None:
    _in(admin_tab, own_server, language)
    admin_tab.click("#admin-nav a[href$='/contracts/upload']")
    # a new text (a comment added), so that it is a new version of the stored seed
    body = SAAS.read_bytes() + f"\n# reviewed ({language})\n".encode()
    upload = {"name": SAAS.name, "mimeType": "application/x-yaml", "buffer": body}
    admin_tab.set_input_files("#file", upload)
    admin_tab.click("#send-contract")
    admin_tab.wait_for_selector("#refused")
    assert LABELS[language]["refused"] in _text(admin_tab, "#refused")
    assert admin_tab.locator("#findings tr.sev-error").count() == 8

    admin_tab.set_input_files("#file", upload)
    admin_tab.check("#accept-lint-errors")
    admin_tab.click("#send-contract")
    admin_tab.wait_for_selector("#uploaded")
    assert LABELS[language]["accepted"] in _text(admin_tab, "#accepted-note")
    number = admin_tab.locator("#uploaded .number").inner_text()
    admin_tab.click("#uploaded a")
    admin_tab.wait_for_selector("#versions")
    row = admin_tab.locator(f'#versions tr[data-version="{number}"]')
    assert row.locator("td.by").inner_text() == "admin@demo.slaledger.test"
    assert row.locator("td.errors").inner_text() == "8"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_token_is_created_shown_once_and_revoked(
    admin_tab: Page, own_server: str, language: str
) -> None:
    _in(admin_tab, own_server, language)
    admin_tab.click("#admin-nav a[href$='/tokens']")
    viewer = customer_email("previsoft-cgv")
    admin_tab.select_option("#token-user", viewer)
    admin_tab.fill("#token-name", f"browser-{language}")
    admin_tab.click("#create")
    admin_tab.wait_for_selector("#secret")
    secret = admin_tab.locator("#secret").inner_text()
    assert secret.startswith("sla_")
    # the token opens the API as its user
    answer = admin_tab.request.get(
        f"{own_server}/api/contracts", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200
    row = admin_tab.locator(f'#tokens tr[data-prefix="{secret[:8]}"]')
    assert row.locator("td.name").inner_text() == f"browser-{language}"

    admin_tab.goto(f"{own_server}/dashboard/admin/tokens")  # shown once: gone on the next look
    assert admin_tab.locator("#secret").count() == 0
    assert secret not in admin_tab.content()
    row.locator("button.revoke").click()
    admin_tab.wait_for_selector(f'#tokens tr.revoked[data-prefix="{secret[:8]}"]')
    answer = admin_tab.request.get(
        f"{own_server}/api/contracts", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 401


def test_a_customer_viewer_is_refused_the_administration_pages(
    browser: Browser, own_server: str
) -> None:
    context = browser.new_context()
    tab = context.new_page()
    try:
        log_in(tab, own_server, customer_email("previsoft-cgv"))
        assert tab.locator("#nav-admin").count() == 0
        answer = tab.goto(f"{own_server}/dashboard/admin/tokens")
        assert answer is not None
        assert answer.status == 403
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_render_without_any_request_leaving_the_machine(
    browser: Browser, own_server: str, path: str
) -> None:
    context = browser.new_context()
    tab = context.new_page()
    asked: list[str] = []
    local = urlsplit(own_server).netloc

    def only_local(route: Route) -> None:
        request_url = route.request.url
        asked.append(request_url)
        if urlsplit(request_url).netloc == local:
            route.continue_()
        else:
            route.abort()

    tab.route("**/*", only_local)
    try:
        tab.goto(f"{own_server}{path}")
        # the rendered operations: Swagger UI's and ReDoc's own markup
        selector = ".opblock" if path == "/docs" else "[data-section-id^='tag/']"
        tab.wait_for_selector(selector, timeout=15000)
        assert "upload_contract" in tab.content() or "Upload a contract" in tab.content()
    finally:
        context.close()
    outside = [u for u in asked if urlsplit(u).netloc != local and not u.startswith("data:")]
    assert outside == []
    assert any(u.endswith(".js") for u in asked)  # the assets came, from here


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_asks_for_anything_that_answers_404(
    admin_tab: Page, own_server: str, language: str
) -> None:
    _in(admin_tab, own_server, language)
    failed: list[str] = []
    icons: list[int] = []

    def watch(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")
        if "favicon" in response.url:
            icons.append(response.status)

    admin_tab.on("response", watch)
    pages = [
        "/dashboard/",
        "/dashboard/incidents",
        "/dashboard/credits",
        "/dashboard/contracts/previsoft-cgv",
        "/dashboard/admin/",
        "/dashboard/admin/contracts/upload",
        "/dashboard/admin/contracts/previsoft-cgv/versions",
        "/dashboard/admin/tokens",
        "/dashboard/admin/alerts",
        "/docs",
    ]
    for path in pages:
        admin_tab.goto(f"{own_server}{path}")
        admin_tab.wait_for_load_state("networkidle")
        assert admin_tab.locator("link[rel~='icon']").count() >= 1, path
    assert failed == []
    assert icons
    assert set(icons) == {200}
    direct = admin_tab.request.get(f"{own_server}/favicon.ico")
    assert direct.status == 200
    assert re.match(r"image/", direct.headers["content-type"])
