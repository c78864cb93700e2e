"""The claims page on 001's example year (SQLite and PostgreSQL): the customer's viewer
sees February 2024's credit open until 1 April and claims it; the provider-admin grants
two days with a reason and the page shows the credit note; a form without the session's
CSRF token, an agent's decision, another customer's viewer: refused, nothing written;
the audit log verifies."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from starlette.testclient import TestClient
from tests.integration.api.admin_client import csrf_of
from tests.integration.api.claims_service import KEY, PARIS, Service, claims_service

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db import audit
from slaledger.adapters.db.models import CreditClaim
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL, DEMO_PASSWORD

PAGE = "/dashboard/claims"
FEBRUARY = f"{PAGE}/{KEY}/2024-02"


@pytest.fixture
def service(database_url: str, claims_tokens: dict[str, str]) -> Iterator[Service]:
    with claims_service(
        database_url, datetime(2024, 3, 15, 10, tzinfo=PARIS), claims_tokens
    ) as built:
        yield built


def _claims(url: str) -> list[CreditClaim]:
    factory = session_factory(url)
    try:
        with Store.transaction(factory, write=False) as store:
            found = store.claims()
            assert audit.verify(store.session).ok
            return found
    finally:
        factory.kw["bind"].dispose()


def test_a_viewer_claims_and_the_admin_grants_from_the_claims_page(service, database_url):
    service.sign_in("viewer")
    page = service.client.get(PAGE)
    assert page.status_code == 200
    assert 'data-month="2024-02" data-standing="open"' in page.text
    assert "Apr 1, 2024" in page.text  # the deadline, in the contract's zone
    claimed = service.client.post(
        f"{FEBRUARY}/claim",
        data={"csrf": csrf_of(page.text), "note": "outage of 12 February"},
        follow_redirects=False,
    )
    assert claimed.status_code == 303
    after = service.client.get(claimed.headers["location"])
    assert "Credit of 2024-02 claimed for saas-annexes." in after.text
    assert 'data-standing="requested"' in after.text
    assert "claim-form" not in after.text  # claimed once: no second form
    service.sign_in("admin")
    page = service.client.get(PAGE)
    granted = service.client.post(
        f"{FEBRUARY}/decision",
        data={"csrf": csrf_of(page.text), "decision": "grant", "granted": "2", "reason": "agreed"},
        follow_redirects=False,
    )
    assert granted.status_code == 303
    shown = service.client.get(PAGE).text
    assert "credit note CN-2024-0001" in shown
    assert 'data-standing="granted"' in shown
    claims = _claims(database_url)
    assert [(c.month, c.status, c.claimed_by, c.decided_by) for c in claims] == [
        ("2024-02", "granted", "it@le-client.test", "admin@provider.test")
    ]
    # the note was issued on 15 March: March's statement lists it as credited, February's not
    statement = f"/dashboard/contracts/{KEY}/statement"
    english = service.client.get(statement, params={"month": "2024-03"}).text
    assert "Credited on this statement" in english
    assert 'data-note="CN-2024-0001"' in english
    assert "CN-2024-0001" not in service.client.get(statement, params={"month": "2024-02"}).text
    service.client.get("/dashboard/lang/fr")
    french = service.client.get(statement, params={"month": "2024-03"}).text
    assert "Crédité sur ce relevé" in french
    document = service.client.get(
        f"/api/contracts/{KEY}/statements/2024-03", headers=service.bearer("viewer")
    ).json()
    assert [(n["number"], n["month"], n["granted"]) for n in document["credited"]] == [
        ("CN-2024-0001", "2024-02", "2")
    ]


def test_a_refused_decision_names_the_field_and_writes_nothing(service, database_url):
    service.sign_in("viewer")
    page = service.client.get(PAGE)
    service.client.post(f"{FEBRUARY}/claim", data={"csrf": csrf_of(page.text)})
    service.sign_in("admin")
    page = service.client.get(PAGE)
    # 001 leaves the days blank: the provider must say how many it grants
    blank = service.client.post(
        f"{FEBRUARY}/decision", data={"csrf": csrf_of(page.text), "decision": "grant"}
    )
    assert blank.status_code == 200
    assert "Nothing was written" in blank.text
    assert "Granted: expected" in blank.text
    assert [c.status for c in _claims(database_url)] == ["requested"]


@pytest.mark.parametrize(
    ("who", "step", "status"),
    [
        ("agent", "decision", 403),  # an agent does not decide
        ("viewer", "decision", 403),  # a customer does not decide
        ("foreign", "claim", 404),  # another customer's contract is not there
        ("admin", "other", 404),  # no such step
    ],
)
def test_the_claim_forms_refuse_who_may_not_post_them(service, database_url, who, step, status):
    service.sign_in(who)
    page = service.client.get(PAGE)
    answer = service.client.post(
        f"{FEBRUARY}/{step}", data={"csrf": csrf_of(page.text), "decision": "refuse"}
    )
    assert answer.status_code == status
    assert _claims(database_url) == []


def test_a_claim_without_the_sessions_csrf_token_is_refused(service, database_url):
    service.sign_in("viewer")
    answer = service.client.post(f"{FEBRUARY}/claim", data={"csrf": "forged"})
    assert answer.status_code == 403
    assert _claims(database_url) == []


def test_the_demos_claims_page_shows_the_credit_in_money(database_url, demo_template):
    """(The database is a copy of ``demo_template``: the demo loaded.)"""
    app = create_app(
        database_url=database_url,
        settings=Settings(secret="t"),
        clock=lambda: datetime(2024, 12, 20, 13, tzinfo=PARIS),
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        form = client.get("/dashboard/login")
        client.post(
            "/dashboard/login",
            data={"csrf": csrf_of(form.text), "email": ADMIN_EMAIL, "password": DEMO_PASSWORD},
        )
        page = client.get(PAGE)
    app.state.engine.dispose()
    assert page.status_code == 200
    row = page.text.split('data-month="2024-03" data-standing="granted"')[1].split("</tr>")[0]
    # 000's March: 25 % of the 1000.00 EUR invoiced (examples/data/billing.csv) = 250.00 EUR
    assert '<td class="amount num">€250.00</td>' in row
