"""The dashboard's statement is the API's (001's example year, SQLite and PostgreSQL):
the same JSON for the same side, the customer's without the linter's findings, a foreign
contract not found, a month that is no month refused; once rendered it is answered from
the statement cache until a write lands."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from tests.integration.api.claims_service import KEY, PARIS, Service, claims_service

from slaledger.adapters.db import statement_cache

PAGE = f"/dashboard/contracts/{KEY}/statement"


@pytest.fixture
def service(database_url: str, claims_tokens: dict[str, str]) -> Iterator[Service]:
    statement_cache.forget()
    now = datetime(2024, 4, 15, 10, tzinfo=PARIS)
    with claims_service(database_url, now, claims_tokens) as built:
        yield built
    statement_cache.forget()


@pytest.mark.parametrize(("who", "audience_sees_findings"), [("admin", True), ("viewer", False)])
def test_the_dashboard_statement_is_the_api_statement_of_the_same_side(
    service: Service, who: str, audience_sees_findings: bool
) -> None:
    service.sign_in(who)
    shown = service.client.get(PAGE, params={"month": "2024-02", "format": "json"})
    assert shown.status_code == 200
    api = service.client.get(
        f"/api/contracts/{KEY}/statements/2024-02",
        params={"format": "json", "lang": "en"},
        headers=service.bearer(who),
    )
    assert api.status_code == 200
    assert shown.json() == api.json()
    assert shown.json()["anchor"]["seq"] > 0
    assert shown.json()["audience"] == ("provider" if audience_sees_findings else "customer")
    assert bool(shown.json()["lint"]) is audience_sees_findings


def test_the_last_complete_month_is_the_default_and_bad_months_are_refused(
    service: Service,
) -> None:
    service.sign_in("admin")
    default = service.client.get(PAGE, params={"format": "json"})
    assert default.status_code == 200
    # the service's clock says 15 April 2024: March is the last complete month
    assert 'filename="saas-annexes-2024-03-' in default.headers["content-disposition"]
    assert service.client.get(PAGE, params={"month": "2024-13"}).status_code == 400
    assert service.client.get(PAGE, params={"format": "docx"}).status_code == 404


def test_another_customers_contract_is_not_found(service: Service) -> None:
    service.sign_in("foreign")
    assert service.client.get(PAGE, params={"month": "2024-02"}).status_code == 404


def test_a_write_renders_the_dashboard_statement_again(service: Service) -> None:
    service.sign_in("admin")
    first = service.client.get(PAGE, params={"month": "2024-02", "format": "json"}).json()
    again = service.client.get(PAGE, params={"month": "2024-02", "format": "json"}).json()
    assert again == first
    added = service.client.post(
        f"/api/contracts/{KEY}/incidents",
        json={"incident": "INC-DASH-1", "notified_at": "2024-02-12T09:00:00+01:00"},
        headers=service.bearer("admin"),
    )
    assert added.status_code == 201, added.text
    after = service.client.get(PAGE, params={"month": "2024-02", "format": "json"}).json()
    assert after["anchor"]["seq"] > first["anchor"]["seq"]
    assert "INC-DASH-1" in str(after)
