"""The claim workflow over HTTP (SQLite and PostgreSQL), on 001's example year: the
customer's viewer claims February 2024 before its deadline, the provider grants it and
gets a credit note; a second claim, a late claim, a month without a credit, another
customer's viewer, an agent's decision: refused, naming the field, nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from tests.integration.api.claims_service import KEY, PARIS, claims_service

from slaledger.adapters.db import audit
from slaledger.adapters.db.models import AuditEntry, CreditClaim
from slaledger.adapters.db.store import Store, session_factory
from slaledger.domain.commercial.prices import InvoicedFee
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month

CLAIMS = f"/api/contracts/{KEY}/claims"


@pytest.fixture
def api(
    database_url: str, claims_tokens: dict[str, str]
) -> Iterator[tuple[TestClient, dict[str, str], list[datetime]]]:
    # February's credit is claimable on 15 March
    with claims_service(
        database_url, datetime(2024, 3, 15, 10, tzinfo=PARIS), claims_tokens
    ) as service:
        yield service.client, service.tokens, service.now


def _as(tokens: dict[str, str], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[who]}"}


@contextmanager
def _reading(url: str) -> Iterator[Store]:
    factory = session_factory(url)
    try:
        with Store.transaction(factory, write=False) as store:
            yield store
    finally:
        factory.kw["bind"].dispose()


def _entries(url: str) -> int:
    with _reading(url) as store:
        return store.count(AuditEntry)


def test_a_claim_granted_by_the_provider_gets_a_credit_note(api, database_url):
    client, tokens, _ = api
    claimed = client.post(CLAIMS, json={"month": "2024-02"}, headers=_as(tokens, "viewer"))
    assert claimed.status_code == 201, claimed.text
    assert claimed.json()["status"] == "requested"
    assert claimed.json()["claimed_by"] == "it@le-client.test"
    # 001 leaves the days blank: the provider says how many it grants
    blank = client.post(
        f"{CLAIMS}/2024-02/decision", json={"decision": "grant"}, headers=_as(tokens, "admin")
    )
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "granted"
    granted = client.post(
        f"{CLAIMS}/2024-02/decision",
        json={"decision": "grant", "granted": "2", "reason": "days agreed by phone"},
        headers=_as(tokens, "admin"),
    )
    assert granted.status_code == 200, granted.text
    body = granted.json()
    assert (body["status"], body["granted"], body["credit_note"]) == (
        "granted",
        "2",
        "CN-2024-0001",
    )
    assert body["amount"] is None  # money is the fees work's
    listed = client.get(CLAIMS, headers=_as(tokens, "viewer")).json()["claims"]
    assert [c["credit_note"] for c in listed] == ["CN-2024-0001"]
    with _reading(database_url) as store:
        assert audit.verify(store.session).ok


@pytest.mark.parametrize(
    ("who", "month", "status", "field"),
    [
        ("viewer", "2024-05", 422, "month"),  # May earns no credit
        ("foreign", "2024-02", 404, None),  # another customer's viewer
        ("agent", "2024-02", 403, None),  # an agent does not claim
    ],
)
def test_a_refused_claim_names_the_field_and_writes_nothing(
    api, database_url, who, month, status, field
):
    client, tokens, _ = api
    before = _entries(database_url)
    refused = client.post(CLAIMS, json={"month": month}, headers=_as(tokens, who))
    assert refused.status_code == status, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    if field is not None:
        assert refused.json()["errors"][0]["field"] == field
    assert _entries(database_url) == before


def test_a_second_or_late_claim_is_refused_quoting_the_clause(api, database_url):
    client, tokens, now = api
    assert (
        client.post(CLAIMS, json={"month": "2024-02"}, headers=_as(tokens, "viewer")).status_code
        == 201
    )
    twice = client.post(CLAIMS, json={"month": "2024-02"}, headers=_as(tokens, "viewer"))
    assert twice.status_code == 422
    assert "requested" in twice.json()["detail"]
    now[0] = datetime(2024, 12, 5, tzinfo=PARIS)  # October's deadline was 1 December
    before = _entries(database_url)
    late = client.post(CLAIMS, json={"month": "2024-10"}, headers=_as(tokens, "viewer"))
    assert late.status_code == 422
    assert late.json()["errors"][0]["field"] == "month"
    assert "solliciter le Crédit de service" in late.json()["detail"]
    assert _entries(database_url) == before
    with _reading(database_url) as store:
        assert store.count(CreditClaim) == 1


def test_only_a_provider_admin_decides(api):
    client, tokens, _ = api
    client.post(CLAIMS, json={"month": "2024-02"}, headers=_as(tokens, "viewer"))
    body = {"decision": "refuse", "reason": "not reported"}
    assert (
        client.post(
            f"{CLAIMS}/2024-02/decision", json=body, headers=_as(tokens, "viewer")
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{CLAIMS}/2024-02/decision", json=body, headers=_as(tokens, "agent")
        ).status_code
        == 403
    )
    no_reason = client.post(
        f"{CLAIMS}/2024-02/decision", json={"decision": "refuse"}, headers=_as(tokens, "admin")
    )
    assert no_reason.json()["errors"][0]["field"] == "reason"
    refused = client.post(f"{CLAIMS}/2024-02/decision", json=body, headers=_as(tokens, "admin"))
    assert (refused.json()["status"], refused.json()["credit_note"]) == ("refused", None)


def test_a_claim_carries_the_currency_of_the_invoiced_fee_and_says_where_it_came_from(
    api, database_url
):
    client, tokens, _ = api
    factory = session_factory(database_url)
    with Store.transaction(factory, actor="test") as store:
        fee = Money(Decimal("2400.00"), "EUR")
        store.import_invoiced_fees(
            [InvoicedFee(KEY, "solution", Month(2024, 2), fee, "billing")], "billing.csv"
        )
    factory.kw["bind"].dispose()
    claimed = client.post(CLAIMS, json={"month": "2024-02"}, headers=_as(tokens, "viewer"))
    assert claimed.status_code == 201, claimed.text
    body = claimed.json()
    # 001's credit is in days, left blank, never offset in cash: a currency, no amount
    assert (body["amount"], body["currency"], body["fee_source"]) == (None, "EUR", "invoiced")
    granted = client.post(
        f"{CLAIMS}/2024-02/decision",
        json={"decision": "grant", "granted": "2", "reason": "days agreed by phone"},
        headers=_as(tokens, "admin"),
    ).json()
    assert (granted["amount"], granted["currency"], granted["fee_source"]) == (
        None,
        "EUR",
        "invoiced",
    )
    with _reading(database_url) as store:
        [claim] = store.claims()
        assert (claim.amount, claim.currency) == (None, "EUR")


def test_a_refused_decision_says_what_it_expected_in_the_accept_language(api):
    client, tokens, _ = api
    assert client.post(CLAIMS, json={"month": "2024-02"}, headers=_as(tokens, "viewer")).is_success
    french = _as(tokens, "admin") | {"Accept-Language": "fr-FR,fr;q=0.9"}
    decision = f"{CLAIMS}/2024-02/decision"
    refused = client.post(decision, json={"decision": "refuse"}, headers=french)
    assert refused.status_code == 422, refused.text
    error = refused.json()["errors"][0]
    assert (error["field"], error["expected"]) == ("reason", "le motif du refus")
    assert error["expected_id"] == "input.claims.refusal-reason"
    english = client.post(decision, json={"decision": "refuse"}, headers=_as(tokens, "admin"))
    assert english.json()["errors"][0]["expected"] == "the reason for the refusal"
