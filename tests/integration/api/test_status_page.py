"""The customer status pages through the app (TestClient) over the demo database: who
may read them (off, public, protected with or without a token, a revoked token, another
contract's token), their figures (90 daily bars that add up to the month, last month's
figure equal to the statement's), the Atom feed read back by feedparser, the badge, the
languages, the CSP; and the settings through the API (provider-admins only)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.templates import Template

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL
from slaledger.adapters.web import figures
from slaledger.adapters.web.i18n import Formatter
from slaledger.adapters.web.status_source import StatusSource
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.availability import Period
from slaledger.domain.periods import Month
from slaledger.services.status_page import status_view

NOW = datetime.fromisoformat("2024-12-20T13:00:00+01:00")
PUBLIC, PROTECTED, OFF = "saas-annexes", "previsoft-cgv", "imri-cgv"


@dataclass
class Site:
    client: TestClient
    url: str
    token: str  # PROTECTED's
    revoked: str  # PROTECTED's, revoked
    other: str  # a token of another contract
    admin: str  # a provider-admin's API token
    viewer: str  # a customer-viewer's API token


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, demo_template: Template) -> Iterator[Site]:
    path: Path = tmp_path_factory.mktemp("status-pages") / "demo.db"
    url = demo_template.sqlite_copy(path)
    factory = session_factory(url)
    with Store.transaction(factory, actor="tests") as store:
        store.set_status_visibility(PUBLIC, "public")
        store.set_status_visibility(PROTECTED, "protected")
        token = store.create_status_token(PROTECTED, name="customer")[1]
        old, revoked = store.create_status_token(PROTECTED, name="old")
        store.revoke_status_token(old.id)
        store.set_status_visibility("ipfolio-support-policy", "protected")
        other = store.create_status_token("ipfolio-support-policy")[1]
        admin = store.create_token(ADMIN_EMAIL, name="tests")[1]
        viewer_email = "viewer-saas-annexes@demo.slaledger.test"
        viewer = store.create_token(viewer_email, name="tests")[1]
    factory.kw["bind"].dispose()
    app = create_app(database_url=url, settings=Settings(secret="test-secret"), clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Site(client, url, token, revoked, other, admin, viewer)
    app.state.engine.dispose()


# ------------------------------------------------------------------ who may read
@pytest.mark.parametrize("tail", ["", "/feed.atom", "/badge.svg"])
def test_a_public_page_opens_without_a_token(site: Site, tail: str) -> None:
    answer = site.client.get(f"/status/{PUBLIC}{tail}")
    assert answer.status_code == 200
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert "unsafe-inline" not in answer.headers["content-security-policy"]


@pytest.mark.parametrize("tail", ["", "/feed.atom", "/badge.svg"])
def test_a_protected_page_needs_its_own_live_token(site: Site, tail: str) -> None:
    page = f"/status/{PROTECTED}{tail}"
    assert site.client.get(page).status_code == 403
    assert site.client.get(page, params={"token": site.revoked}).status_code == 403
    assert site.client.get(page, params={"token": site.other}).status_code == 403
    assert site.client.get(page, params={"token": site.admin}).status_code == 403  # API token
    opened = site.client.get(page, params={"token": site.token})
    assert opened.status_code == 200
    assert opened.headers["cache-control"] == "private, no-store"
    assert opened.headers["referrer-policy"] == "no-referrer"


def test_a_page_that_is_off_or_unknown_is_not_found(site: Site) -> None:
    assert site.client.get(f"/status/{OFF}").status_code == 404
    assert site.client.get("/status/no-such-contract").status_code == 404


def test_revoking_a_token_closes_the_page_at_once(site: Site) -> None:
    with Store.transaction(session_factory(site.url), actor="tests") as store:
        made, secret = store.create_status_token(PROTECTED, name="short-lived")
    assert site.client.get(f"/status/{PROTECTED}", params={"token": secret}).status_code == 200
    with Store.transaction(session_factory(site.url), actor="tests") as store:
        store.revoke_status_token(made.id)
    assert site.client.get(f"/status/{PROTECTED}", params={"token": secret}).status_code == 403


# ------------------------------------------------------------------ what it shows
def test_the_page_names_the_zone_and_keeps_the_token_in_its_links(site: Site) -> None:
    html = site.client.get(f"/status/{PROTECTED}", params={"token": site.token}).text
    assert "Europe/Paris" in html
    assert f"feed.atom?token={site.token}" in html
    assert f"badge.svg?token={site.token}" in html
    assert html.count('class="day ') == 90


@pytest.mark.parametrize(
    ("headers", "params", "heading"),
    [
        ({"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"}, {}, "État du service"),
        ({"accept-language": "de, en;q=0.3"}, {}, "Service status"),
        ({"accept-language": "fr"}, {"lang": "en"}, "Service status"),  # ?lang= wins
        ({}, {"lang": "fr"}, "État du service"),
    ],
)
def test_the_language_comes_from_lang_then_accept_language(
    site: Site, headers: dict[str, str], params: dict[str, str], heading: str
) -> None:
    html = site.client.get(f"/status/{PUBLIC}", headers=headers, params=params).text
    assert f"<h1>{heading}</h1>" in html


def _record(site: Site, key: str) -> figures.ContractRecord:
    record = StatusSource(session_factory(site.url)).record(key)
    assert record is not None
    return record


@pytest.mark.parametrize("key", [PUBLIC, PROTECTED])
def test_last_months_figure_is_the_statements(site: Site, key: str) -> None:
    """The page's figure for November 2024 (a calendar month for 001, the rolling year for
    003) is the one November's statement shows, in both languages."""
    record = _record(site, key)
    statement = figures.statement(record, Month(2024, 11))
    expected = statement.availability[0].availability
    assert expected is not None
    params = {"token": site.token} if key == PROTECTED else {}
    for language in ("en", "fr"):
        html = site.client.get(f"/status/{key}", params={**params, "lang": language}).text
        found = re.search(
            r'class="last-month" data-month="2024-11"><span class="figure">([^<]+)</span>', html
        )
        assert found is not None
        assert found.group(1) == Formatter(language).percent(expected)


@pytest.mark.parametrize("key", [PUBLIC, PROTECTED])
def test_the_daily_bars_add_up_to_each_whole_months_figures(site: Site, key: str) -> None:
    """October (with its autumn change of hour: a 25-hour day) and November lie whole in
    the 90 days: their days' downtime and removed time add up to the month measured as
    a calendar month with the clause's exclusions (003 measures a rolling year: its
    months are measured here as calendar months)."""
    record = _record(site, key)
    contract = record.loaded.contract
    view = status_view(
        contract=contract, observations=record.observations,
        calendars=contract_calendars(contract), at=int(NOW.timestamp()), opened=record.opened,
    )  # fmt: skip
    [service] = view.services
    assert service.days[-1].day.isoformat() == "2024-12-20"  # up to today
    assert len(service.days) == 90
    total = 0
    for month in (Month(2024, 10), Month(2024, 11)):
        days = [d for d in service.days if (d.day.year, d.day.month) == (month.year, month.month)]
        measured = figures.availability(record, month, Period.CALENDAR_MONTH)
        assert sum(d.end - d.start for d in days) == measured.window.seconds
        assert sum(d.down_seconds for d in days) == measured.down_seconds
        assert sum(d.removed_seconds for d in days) == measured.removed_seconds
        total += measured.down_seconds + measured.removed_seconds
    assert total > 0  # something to add up


def test_the_atom_feed_is_valid_atom_with_an_entry_per_incident_and_window(site: Site) -> None:
    body = site.client.get(f"/status/{PUBLIC}/feed.atom", params={"lang": "fr"})
    assert body.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(body.content)
    assert parsed.bozo == 0
    assert parsed.version == "atom10"
    assert parsed.feed.id == "tag:slaledger.invalid,2024:status/saas-annexes"
    assert parsed.feed.updated_parsed is not None
    assert parsed.feed.language == "fr"
    record = _record(site, PUBLIC)
    at = int(NOW.timestamp())
    view = status_view(
        contract=record.loaded.contract, observations=record.observations,
        calendars=contract_calendars(record.loaded.contract), at=at,
        incidents=figures.incidents(record, at),
    )  # fmt: skip
    # every incident open or resolved in the last 90 days, every window of them
    assert len(view.incidents) > 10
    assert len(parsed.entries) == len(view.incidents) + len(view.maintenance)
    ids = [entry.id for entry in parsed.entries]
    assert len(set(ids)) == len(ids)
    for entry in parsed.entries:
        assert entry.title
        assert entry.updated_parsed is not None
        assert entry.link.startswith("http://testserver/status/saas-annexes?lang=fr#")
    assert "token=" not in body.text
    # the latest change first, none after the clock
    stamps = [entry.updated_parsed for entry in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)


def test_the_badge_shows_this_months_figure(site: Site) -> None:
    svg = site.client.get(f"/status/{PUBLIC}/badge.svg", params={"lang": "fr"})
    assert svg.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(svg.text)
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None
    record = _record(site, PUBLIC)
    month = figures.availability(record, Month(2024, 12))
    assert title.text == f"disponibilité: {Formatter('fr').percent(month.shown)}"


# ------------------------------------------------------------------ the settings API
def test_a_provider_admin_sets_the_visibility_and_manages_tokens(site: Site) -> None:
    admin = {"Authorization": f"Bearer {site.admin}"}
    base = f"/api/contracts/{OFF}/status-page"
    assert site.client.get(base, headers=admin).json() == {
        "contract": OFF, "visibility": "off", "path": None,
    }  # fmt: skip
    changed = site.client.put(base, headers=admin, json={"visibility": "protected"})
    assert changed.json()["visibility"] == "protected"
    made = site.client.post(f"{base}/tokens", headers=admin, json={"name": "ops"})
    assert made.status_code == 201
    secret = made.json()["token"]
    assert secret.startswith("sls_")
    assert site.client.get(f"/status/{OFF}", params={"token": secret}).status_code == 200
    listed = site.client.get(f"{base}/tokens", headers=admin).json()
    assert [t["name"] for t in listed] == ["ops"]
    assert "token" not in listed[0]
    gone = site.client.delete(f"{base}/tokens/{made.json()['id']}", headers=admin)
    assert gone.json()["revoked_at"] is not None
    assert site.client.get(f"/status/{OFF}", params={"token": secret}).status_code == 403
    site.client.put(base, headers=admin, json={"visibility": "off"})
    assert site.client.get(f"/status/{OFF}", params={"token": secret}).status_code == 404


def test_a_customer_viewer_may_not_change_the_setting(site: Site) -> None:
    viewer = {"Authorization": f"Bearer {site.viewer}"}
    base = f"/api/contracts/{PUBLIC}/status-page"
    assert site.client.get(base, headers=viewer).json()["visibility"] == "public"
    refused = site.client.put(base, headers=viewer, json={"visibility": "off"})
    assert refused.status_code == 404
    assert site.client.post(f"{base}/tokens", headers=viewer, json={}).status_code == 404
    assert site.client.get(f"/status/{PUBLIC}").status_code == 200


def test_a_visibility_that_is_not_one_is_refused_naming_the_field(site: Site) -> None:
    admin = {"Authorization": f"Bearer {site.admin}"}
    refused = site.client.put(
        f"/api/contracts/{PUBLIC}/status-page", headers=admin, json={"visibility": "secret"}
    )
    assert refused.status_code == 422
    assert "visibility" in refused.text
