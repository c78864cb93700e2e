"""The dashboard's administration pages over the service (SQLite and PostgreSQL): contract
upload (lint errors refused unless knowingly accepted, audited) and versions, tokens
created, shown once and revoked through the same store calls as ``sla tokens``, the
alert settings per contract (tests/integration/api/test_dashboard_alert_settings.py);
provider-admins only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from tests.integration.api.admin_client import PEOPLE, Admin, signed_in_admin
from tests.integration.api.admin_client import csrf_of as _csrf
from tests.integration.api.conftest import CLEAN, ROOT

from slaledger.adapters.db.models import ContractVersion
from slaledger.adapters.db.store import session_factory

SAAS = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
ADMIN_PAGES = (
    "/dashboard/admin/",
    "/dashboard/admin/contracts/upload",
    "/dashboard/admin/contracts/previsoft-cgv/versions",
    "/dashboard/admin/tokens",
    "/dashboard/admin/alerts",
    "/dashboard/admin/alerts/previsoft-cgv",
)


@pytest.fixture
def admin(database_url: str, admin_tokens: dict[str, str]) -> Iterator[Admin]:
    with signed_in_admin(database_url, admin_tokens) as built:
        yield built


# ------------------------------------------------------------------ who may
def test_a_visitor_is_sent_to_the_login_page(admin: Admin) -> None:
    admin.client.cookies.clear()
    for path in ADMIN_PAGES:
        answer = admin.client.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/dashboard/login?next=")


@pytest.mark.parametrize("who", ["agent", "viewer"])
def test_only_provider_admins_open_the_administration_pages(admin: Admin, who: str) -> None:
    admin.sign_in(who)
    for path in ADMIN_PAGES:
        answer = admin.client.get(path)
        assert answer.status_code == 403, path
        assert 'id="admin-only"' in answer.text
    home = admin.client.get("/dashboard/")
    assert 'id="nav-admin"' not in home.text


def test_a_customer_viewer_cannot_upload_or_create_tokens(admin: Admin) -> None:
    admin.sign_in("viewer")
    csrf = _csrf(admin.client.get("/dashboard/").text)
    upload = admin.client.post(
        "/dashboard/admin/contracts/upload",
        data={"csrf": csrf},
        files={"file": ("clean.yaml", CLEAN.read_bytes(), "application/x-yaml")},
    )
    token = admin.client.post(
        "/dashboard/admin/tokens", data={"csrf": csrf, "kind": "api", "user": PEOPLE["viewer"]}
    )
    assert (upload.status_code, token.status_code) == (403, 403)
    assert len(admin.audit("api_token")) == 6  # the seed's, nothing more


def test_the_admin_sees_the_administration_link_and_index(admin: Admin) -> None:
    assert 'id="nav-admin"' in admin.client.get("/dashboard/").text
    index = admin.client.get("/dashboard/admin/")
    assert index.status_code == 200
    assert "/dashboard/admin/contracts/previsoft-cgv/versions" in index.text
    assert 'href="/dashboard/static/favicon.svg"' in index.text


# ------------------------------------------------------------------ uploads
def test_a_contract_with_lint_errors_is_refused_then_stored_when_accepted(admin: Admin) -> None:
    refused = admin.upload(SAAS.name, SAAS.read_bytes())
    assert refused.status_code == 422
    text = refused.text
    assert 'id="refused"' in text
    assert "Not stored because of 8 lint errors." in text
    assert text.count('class="sev-error"') == 8
    assert not [e for e in admin.audit("contract") if "saas-annexes" in e.payload]

    stored = admin.upload(SAAS.name, SAAS.read_bytes(), accept_lint_errors="on")
    assert stored.status_code == 200
    assert 'id="accepted-note"' in stored.text
    assert admin.versions("saas-annexes") == 1
    entry = admin.audit("contract_version")[-1]
    assert entry.actor == PEOPLE["admin"]
    payload = json.loads(entry.payload)
    assert payload["contract"] == "saas-annexes"
    assert len(payload["lint_errors_accepted"]) >= 1


def test_a_clean_contract_needs_no_box_and_an_unchanged_text_adds_no_version(
    admin: Admin,
) -> None:
    before = admin.versions("northwind-hosting-clean")
    again = admin.upload("invented-clean.yaml", CLEAN.read_bytes())
    assert again.status_code == 200
    assert admin.versions("northwind-hosting-clean") == before
    new_text = CLEAN.read_text(encoding="utf-8").replace(
        "Hosting platform", "Hosting platform (v2)"
    )
    assert new_text != CLEAN.read_text(encoding="utf-8")
    stored = admin.upload("invented-clean.yaml", new_text.encode())
    assert stored.status_code == 200
    assert admin.versions("northwind-hosting-clean") == before + 1
    assert json.loads(admin.audit("contract_version")[-1].payload)["lint_errors_accepted"] == []


def test_a_new_version_naming_another_customer_needs_a_confirmation(admin: Admin) -> None:
    other = CLEAN.read_text(encoding="utf-8").replace(
        "customer: {name: Contoso AG}", "customer: {name: Fabrikam SA}"
    )
    assert "Fabrikam SA" in other
    refused = admin.upload("invented-clean.yaml", other.encode())
    assert refused.status_code == 409
    assert "Fabrikam SA" in refused.text
    assert "Contoso AG" in refused.text
    before = admin.versions("northwind-hosting-clean")
    confirmed = admin.upload("invented-clean.yaml", other.encode(), confirm_customer_change="on")
    assert confirmed.status_code == 200
    assert admin.versions("northwind-hosting-clean") == before + 1
    payload = json.loads(admin.audit("contract_version")[-1].payload)
    assert payload["customer_changed"] == ["Contoso AG", "Fabrikam SA"]


@pytest.mark.parametrize(
    ("name", "body", "status", "says"),
    [
        # not YAML: the loader's problem, naming the file
        ("broken.yaml", b"format: [unclosed\n", 422, "broken.yaml"),
        # the wrong kind of file
        ("contract.txt", b"format: slaledger/contract/v1\n", 422, ".yaml or .yml"),
        # not text
        ("latin1.yaml", "id: café".encode("latin-1"), 422, "UTF-8"),
    ],
)
def test_a_file_that_is_no_contract_is_refused_with_a_reason(
    admin: Admin, name: str, body: bytes, status: int, says: str
) -> None:
    answer = admin.upload(name, body)
    assert answer.status_code == status
    assert says in answer.text


def test_an_upload_without_the_forms_token_is_refused(admin: Admin) -> None:
    answer = admin.client.post(
        "/dashboard/admin/contracts/upload",
        data={"csrf": "forged"},
        files={"file": ("clean.yaml", CLEAN.read_bytes(), "application/x-yaml")},
    )
    assert answer.status_code == 403


def test_the_upload_page_speaks_french(admin: Admin) -> None:
    admin.client.get("/dashboard/lang/fr")
    refused = admin.upload(SAAS.name, SAAS.read_bytes())
    assert "Non enregistré en raison de 8 erreurs de lint." in refused.text.replace("\u00a0", " ")
    assert "Accepter les erreurs de lint" in refused.text


# ------------------------------------------------------------------ versions
def test_the_versions_page_lists_number_date_uploader_and_lint_counts(admin: Admin) -> None:
    page = admin.client.get("/dashboard/admin/contracts/previsoft-cgv/versions")
    assert page.status_code == 200
    row = re.search(r'<tr data-version="1">(.*?)</tr>', page.text, re.S)
    assert row is not None
    assert '<td class="by">test</td>' in row.group(1)  # the seed's actor
    assert '<td class="errors">3</td>' in row.group(1)
    # uploaded at, in force from: each instant names its zone (UTC reads "GMT" in English)
    assert row.group(1).count(" GMT</td>") == 2
    assert admin.client.get("/dashboard/admin/contracts/nope/versions").status_code == 404


# ------------------------------------------------------------------ tokens
def test_the_token_page_lists_prefixes_never_secrets(admin: Admin) -> None:
    page = admin.client.get("/dashboard/admin/tokens")
    assert page.status_code == 200
    assert page.text.count("<tr data-token=") == 7  # five API tokens, two feed tokens
    for secret in admin.tokens.values():
        assert secret not in page.text
        assert secret[:8] in page.text
    assert page.text.count('class="revoked"') == 1  # the seed's revoked token
    mine = admin.client.get("/dashboard/admin/tokens", params={"user": PEOPLE["viewer"]})
    assert mine.text.count("<tr data-token=") == 2  # its API token and its feed token


def test_a_token_created_on_the_page_works_once_shown_and_stops_when_revoked(
    admin: Admin,
) -> None:
    csrf = admin.csrf("/dashboard/admin/tokens")
    created = admin.client.post(
        "/dashboard/admin/tokens",
        data={"csrf": csrf, "kind": "api", "user": PEOPLE["agent"], "name": "ci"},
    )
    assert created.status_code == 200
    found = re.search(r'<code id="secret">([^<]+)</code>', created.text)
    assert found is not None
    secret = found.group(1)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert admin.client.get("/api/contracts", headers=bearer).status_code == 200
    listed = admin.client.get("/dashboard/admin/tokens")
    assert secret not in listed.text  # shown once
    row = admin.audit("api_token")[-1]
    assert (row.action, row.actor) == ("create", PEOPLE["admin"])

    token_id = row.entity_id
    revoked = admin.client.post(
        f"/dashboard/admin/tokens/api/{token_id}/revoke",
        data={"csrf": csrf},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert admin.client.get("/api/contracts", headers=bearer).status_code == 401
    assert admin.audit("api_token")[-1].action == "revoke"


def test_a_feed_token_needs_its_contract_and_reads_that_feed(admin: Admin) -> None:
    csrf = admin.csrf("/dashboard/admin/tokens")
    form = {"csrf": csrf, "kind": "feed", "user": PEOPLE["viewer"]}
    missing = admin.client.post("/dashboard/admin/tokens", data=form)
    assert missing.status_code == 422
    foreign = admin.client.post(
        "/dashboard/admin/tokens", data=form | {"contract": "northwind-hosting-clean"}
    )
    assert foreign.status_code == 422  # another customer's contract: the store refuses
    created = admin.client.post(
        "/dashboard/admin/tokens", data=form | {"contract": "previsoft-cgv"}
    )
    found = re.search(r'<code id="secret">([^<]+)</code>', created.text)
    assert found is not None
    feed = admin.client.get(found.group(1).replace("&amp;", "&"))
    assert feed.status_code == 200
    assert feed.text.startswith("BEGIN:VCALENDAR")


def test_revoking_an_unknown_token_answers_404(admin: Admin) -> None:
    csrf = admin.csrf("/dashboard/admin/tokens")
    for path in ("/dashboard/admin/tokens/api/999/revoke", "/dashboard/admin/tokens/x/1/revoke"):
        assert admin.client.post(path, data={"csrf": csrf}).status_code == 404


# ------------------------------------------------------------------ alert settings
def test_the_alert_settings_show_where_each_value_comes_from(
    admin: Admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_SMTP_HOST", "mail.provider.test")
    monkeypatch.setenv("SLALEDGER_ALERT_EMAILS", "oncall@provider.test")
    monkeypatch.setenv("SLALEDGER_SMTP_PASSWORD", "hunter2-secret")
    monkeypatch.setenv("SLALEDGER_ALERT_WEBHOOKS", "https://hooks.test/T0K3N/path")
    page = admin.client.get("/dashboard/admin/alerts")
    assert page.status_code == 200
    rows = dict(re.findall(r'data-variable="(\w+)".*?class="value">([^<]*)<', page.text, re.S))
    assert rows["SLALEDGER_ALERT_EMAILS"] == "oncall@provider.test"
    assert rows["SLALEDGER_SMTP_PASSWORD"] == "set"
    assert rows["SLALEDGER_RISK_SHARE"] == "0.75"
    assert "hunter2-secret" not in page.text
    assert "T0K3N" not in page.text
    assert 'id="read-only"' in page.text
    assert "<form" not in page.text.split("<main>")[1]  # nothing to edit here


def test_a_setting_the_service_refuses_is_named(
    admin: Admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_RISK_SHARE", "2")
    page = admin.client.get("/dashboard/admin/alerts")
    assert page.status_code == 200
    assert "SLALEDGER_RISK_SHARE: expected a share in (0, 1], found 2" in page.text


def test_stored_versions_hold_the_uploaders_email(admin: Admin) -> None:
    admin.upload(SAAS.name, SAAS.read_bytes(), accept_lint_errors="on")
    factory = session_factory(admin.url)
    try:
        with factory() as session:
            version = session.scalars(
                select(ContractVersion).order_by(ContractVersion.id.desc())
            ).first()
            assert version is not None
            assert version.uploaded_by == PEOPLE["admin"]
    finally:
        factory.kw["bind"].dispose()
