"""A contract's own alert settings edited on the dashboard, over the service (SQLite and
PostgreSQL): a form per contract for provider-admins (403 for anyone else), field-level
messages in English and French, audited saves, POST/redirect/GET (a reload resubmits
nothing and says "saved" no more); and the two leftovers of the administration pages: a
new token's secret shown once after its redirect, the contract page's link to its
versions."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from html import unescape

import httpx
import pytest
from tests.integration.api.admin_client import PEOPLE, Admin, csrf_of, signed_in_admin

from slaledger.adapters.db.store import Store, session_factory
from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.domain.alerts import Transition

FORM = "/dashboard/admin/alerts/previsoft-cgv"
GOOD = {
    "alert_recipients": "Oncall@Provider.test, manager@provider.test",
    "languages": "en",
    "risk_share": "0.5",
    "kinds_shown": "1",
    "kinds": "breached",
    "statement_emails": "yes",
    "statement_recipients": "dsi@le-client.test",
}


@pytest.fixture
def admin(database_url: str, admin_tokens: dict[str, str]) -> Iterator[Admin]:
    with signed_in_admin(database_url, admin_tokens) as built:
        yield built


def _post(
    admin: Admin, fields: dict[str, str], path: str = FORM, *, follow_redirects: bool = True
) -> httpx.Response:
    """Send the form at ``path`` with the session's token."""
    data = {"csrf": admin.csrf(path), **fields}
    return admin.client.post(path, data=data, follow_redirects=follow_redirects)


def _stored(admin: Admin, key: str = "previsoft-cgv") -> ContractAlertSettings | None:
    factory = session_factory(admin.url)
    try:
        with factory() as session:
            store = Store(session)
            return store.alert_settings(store.contract(key))
    finally:
        factory.kw["bind"].dispose()


def _by_id(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page, re.S)
    assert found is not None, element_id
    return unescape(found.group(1)).replace("\u00a0", " ").replace("\u202f", " ")


def _value(page: str, name: str) -> str:
    found = re.search(rf'<input type="text" name="{name}" id="{name}" value="([^"]*)"', page)
    assert found is not None, name
    return unescape(found.group(1))


# ------------------------------------------------------------------ saving
def test_the_form_saves_the_settings_audited_then_redirects_to_a_page_saying_it_once(
    admin: Admin,
) -> None:
    form = admin.client.get(FORM)
    assert form.status_code == 200
    assert _value(form.text, "alert_recipients") == ""  # nothing stored: the defaults
    assert 'id="kind-at-risk" checked' in form.text

    sent = _post(admin, GOOD, follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == FORM

    shown = admin.client.get(FORM)
    assert _by_id(shown.text, "saved") == "Settings saved for previsoft-cgv."
    assert _value(shown.text, "alert_recipients") == "oncall@provider.test, manager@provider.test"
    assert _value(shown.text, "risk_share") == "0.5"
    assert 'id="kind-at-risk" checked' not in shown.text
    assert 'id="kind-breached" checked' in shown.text
    assert _by_id(shown.text, "last-change").startswith(f"Last changed by {PEOPLE['admin']}")
    again = admin.client.get(FORM)  # a reload: the same page, no message, nothing sent
    assert 'id="saved"' not in again.text

    assert _stored(admin) == ContractAlertSettings(
        alert_recipients=("oncall@provider.test", "manager@provider.test"),
        statement_recipients=("dsi@le-client.test",),
        languages=("en",),
        risk_share=Decimal("0.5"),
        kinds=frozenset({Transition.BREACHED}),
        statement_emails=True,
    )
    [entry] = admin.audit("alert_setting")
    assert (entry.action, entry.actor) == ("create", PEOPLE["admin"])
    payload = json.loads(entry.payload)
    assert payload["contract"] == "previsoft-cgv"
    assert payload["kinds"] == ["breached"]
    assert payload["risk_share"] == "0.5"
    assert payload["alert_recipients"] == ["oncall@provider.test", "manager@provider.test"]


def test_the_same_settings_sent_again_change_nothing_and_write_no_entry(admin: Admin) -> None:
    _post(admin, GOOD)
    second = _post(admin, GOOD)  # followed to the page
    assert _by_id(second.text, "saved") == "Nothing changed for previsoft-cgv."
    assert len(admin.audit("alert_setting")) == 1


def test_an_emptied_field_returns_to_the_default_and_the_change_is_audited(admin: Admin) -> None:
    _post(admin, GOOD)
    _post(admin, GOOD | {"alert_recipients": "", "risk_share": "", "kinds": "at-risk"})
    stored = _stored(admin)
    assert stored is not None
    assert stored.alert_recipients is None
    assert stored.risk_share is None
    assert stored.kinds == frozenset({Transition.AT_RISK})
    update = admin.audit("alert_setting")[-1]
    assert update.action == "update"
    assert json.loads(update.payload)["changed"] == ["alert_recipients", "risk_share", "kinds"]


def test_every_kind_ticked_is_the_default_and_none_ticked_switches_the_alerts_off(
    admin: Admin,
) -> None:
    both = admin.client.post(
        FORM,
        data={"csrf": admin.csrf(FORM), "kinds_shown": "1", "kinds": ["at-risk", "breached"]},
    )
    assert both.status_code == 200
    assert _stored(admin) is None  # the defaults, as before: nothing stored
    _post(admin, {"kinds_shown": "1"})
    stored = _stored(admin)
    assert stored is not None
    assert stored.kinds == frozenset()


# ------------------------------------------------------------------ refused fields
MESSAGES = {
    "en": {
        "alert_recipients": "Alert e-mail recipients: expected an e-mail address such as "
        "ana@example.com, found ana@",
        "risk_share": "At-risk share of a target: expected a share above 0 and at most 1, "
        "such as 0.75, found 1.5",
        "languages": "Alert languages: expected fr, en or both, each once (fr, en), found de",
        "statement_recipients": "Statement recipients: expected an e-mail address such as "
        "ana@example.com, found dsi.le-client.test",
        "not-saved": "Not saved: correct the fields marked below.",
    },
    "fr": {
        "alert_recipients": "Destinataires des alertes par courriel : attendu une adresse "
        "électronique telle que ana@example.com, reçu ana@",
        "risk_share": "Part d’un objectif au-delà de laquelle un délai est menacé : attendu une "
        "part supérieure à 0 et au plus égale à 1, telle que 0,75, reçu 1.5",
        "languages": "Langues des alertes : attendu fr, en ou les deux, chacune une fois "
        "(fr, en), reçu de",
        "statement_recipients": "Destinataires des relevés : attendu une adresse électronique "
        "telle que ana@example.com, reçu dsi.le-client.test",
        "not-saved": "Non enregistré : corrigez les champs signalés ci-dessous.",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_refused_field_is_named_with_what_was_expected_in_the_readers_language(
    admin: Admin, language: str
) -> None:
    admin.client.get(f"/dashboard/lang/{language}")
    bad = GOOD | {
        "alert_recipients": "oncall@provider.test, ana@",
        "risk_share": "1.5",
        "languages": "de",
        "statement_recipients": "dsi.le-client.test",
    }
    refused = _post(admin, bad)
    assert refused.status_code == 422
    for element, message in MESSAGES[language].items():
        shown = element if element == "not-saved" else f"error-{element}"
        assert _by_id(refused.text, shown) == message
    assert 'id="alert_recipients" value="oncall@provider.test, ana@" aria-describedby' in (
        refused.text
    )  # what was typed stays in the field
    assert 'aria-invalid="true"' in refused.text
    assert _stored(admin) is None
    assert admin.audit("alert_setting") == []


@pytest.mark.parametrize(
    ("share", "accepted"),
    [
        ("0,8", Decimal("0.8")),  # a French decimal comma
        ("1", Decimal("1")),  # the whole target: at risk when breached
        ("0", None),  # never at risk is no share
        ("-0.5", None),
        ("abc", None),
        ("NaN", None),
    ],
)
def test_a_risk_share_must_be_above_0_and_at_most_1(
    admin: Admin, share: str, accepted: Decimal | None
) -> None:
    answer = _post(admin, {"risk_share": share})
    stored = _stored(admin)
    if accepted is None:
        assert answer.status_code == 422
        assert 'id="error-risk_share"' in answer.text
        assert stored is None
    else:
        assert answer.status_code == 200
        assert stored is not None
        assert stored.risk_share == accepted


# ------------------------------------------------------------------ who may
@pytest.mark.parametrize("who", ["agent", "viewer"])
def test_only_provider_admins_see_or_send_the_form(admin: Admin, who: str) -> None:
    csrf = admin.csrf(FORM)
    admin.sign_in(who)
    assert admin.client.get(FORM).status_code == 403
    own_csrf = csrf_of(admin.client.get("/dashboard/").text)
    refused = admin.client.post(FORM, data={"csrf": own_csrf, **GOOD})
    assert refused.status_code == 403
    assert 'id="admin-only"' in refused.text
    assert csrf != own_csrf
    assert _stored(admin) is None


def test_a_form_without_the_sessions_token_or_for_no_contract_is_refused(admin: Admin) -> None:
    assert admin.client.post(FORM, data={"csrf": "forged", **GOOD}).status_code == 403
    assert _post(admin, GOOD, path="/dashboard/admin/alerts/nope").status_code == 404
    assert admin.client.get("/dashboard/admin/alerts/nope").status_code == 404
    assert _stored(admin) is None


# ------------------------------------------------------------------ the overview
def test_the_overview_shows_each_contracts_settings_own_or_default(
    admin: Admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_SMTP_HOST", "mail.provider.test")
    monkeypatch.setenv("SLALEDGER_ALERT_EMAILS", "oncall@provider.test")
    _post(admin, {"alert_recipients": "boss@provider.test", "risk_share": "0.6"})
    page = admin.client.get("/dashboard/admin/alerts").text
    row = re.search(r'<tr data-contract="previsoft-cgv">(.*?)</tr>', page, re.S)
    other = re.search(r'<tr data-contract="northwind-hosting-clean">(.*?)</tr>', page, re.S)
    assert row is not None
    assert other is not None
    assert '<td class="alert_recipients own">boss@provider.test</td>' in row.group(1)
    assert '<td class="risk_share own">0.6</td>' in row.group(1)
    assert "alert_recipients default" in other.group(1)
    assert "oncall@provider.test" in other.group(1)  # the environment's
    assert f'href="{FORM}"' in row.group(1)
    assert 'id="precedence"' in page


def test_without_an_smtp_server_the_form_says_no_e_mail_is_sent(
    admin: Admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLALEDGER_SMTP_HOST", raising=False)
    assert 'id="no-smtp"' in admin.client.get(FORM).text
    monkeypatch.setenv("SLALEDGER_SMTP_HOST", "mail.provider.test")
    assert 'id="no-smtp"' not in admin.client.get(FORM).text


# ------------------------------------------------------------------ leftovers
def test_a_new_tokens_secret_is_shown_once_after_the_redirect_and_never_in_the_cookie(
    admin: Admin,
) -> None:
    created = _post(
        admin,
        {"kind": "api", "user": PEOPLE["agent"], "name": "prg"},
        path="/dashboard/admin/tokens",
        follow_redirects=False,
    )
    assert created.status_code == 303
    cookie = admin.client.cookies.get("sla_flash") or ""  # the flash travels in its own
    shown = admin.client.get(created.headers["location"])
    found = re.search(r'<code id="secret">([^<]+)</code>', shown.text)
    assert found is not None
    secret = found.group(1)
    assert secret.startswith("sla_")
    assert shown.headers["cache-control"] == "no-store"
    assert secret not in cookie  # the cookie carried a reference, not the secret
    assert secret[:8] not in cookie
    # a reload, even with the redirect's cookie again, shows it no more
    admin.client.cookies.set("sla_flash", cookie)
    again = admin.client.get(created.headers["location"])
    assert secret not in again.text
    assert 'id="secret-gone"' in again.text
    # created once: the seed's five and this one
    assert len([e for e in admin.audit("api_token") if e.action == "create"]) == 6


@pytest.mark.parametrize(("who", "linked"), [("admin", True), ("agent", False), ("viewer", False)])
def test_the_contract_page_links_its_versions_for_provider_admins(
    admin: Admin, who: str, linked: bool
) -> None:
    admin.sign_in(who)
    page = admin.client.get("/dashboard/contracts/previsoft-cgv").text
    versions = 'href="/dashboard/admin/contracts/previsoft-cgv/versions"'
    assert (versions in page) is linked
    assert (f'href="{FORM}"' in page) is linked
