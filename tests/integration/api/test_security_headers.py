"""Every dashboard page carries the security headers (CSP without inline script,
no framing, nosniff, same-origin referrer; HSTS behind TLS), the session cookie is
SameSite=Strict, and a write from another site is refused 403 (issue #20 part 3)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from tests.integration.api.admin_client import Admin, csrf_of, signed_in_admin

from slaledger.adapters.api.hardening import HSTS, STRICT_POLICY
from slaledger.adapters.web.admin_source import StoreAdmin
from slaledger.adapters.web.claims_source import StoreClaims
from slaledger.adapters.web.routes import web_router

#: a value for every path parameter of the dashboard's routes
VALUES = {
    "key": "previsoft-cgv",
    "month": "2024-03",
    "incident": "INC-2024-0001",
    "language": "en",
    "name": "dashboard.css",
}


def _walk(router: Any) -> Iterator[tuple[set[str], str]]:
    for route in router.routes:
        if hasattr(route, "methods"):
            yield set(route.methods), route.path
        else:  # FastAPI includes routers lazily
            yield from _walk(route.original_router)


def dashboard_pages() -> list[str]:
    """Every GET route of the dashboard, its parameters filled in."""
    router = web_router(None, secret="s", admin=StoreAdmin(None), claims=StoreClaims(None))  # type: ignore[arg-type]
    pages = []
    for methods, path in _walk(router):
        if "GET" in methods:
            pages.append(re.sub(r"\{(\w+)\}", lambda m: VALUES[m.group(1)], path))
    return pages


@pytest.fixture
def admin(database_url: str, admin_tokens: dict[str, str]) -> Iterator[Admin]:
    with signed_in_admin(database_url, admin_tokens) as built:
        yield built


def _has_headers(answer: Any) -> None:
    headers = answer.headers
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert re.search(r"script-src 'self'(;|$)", policy), policy
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_the_dashboard_has_a_page_for_each_route_the_test_knows() -> None:
    pages = dashboard_pages()
    assert "/dashboard/login" in pages
    assert "/dashboard/contracts/previsoft-cgv/kpis" in pages
    assert len(pages) >= 20


def test_every_dashboard_page_carries_the_security_headers(admin: Admin) -> None:
    for page in dashboard_pages():
        answer = admin.client.get(page, follow_redirects=False)
        assert answer.status_code < 500, page
        _has_headers(answer)
        assert "strict-transport-security" not in answer.headers  # plain http, no flag


def test_no_dashboard_page_has_an_inline_script_or_style(admin: Admin) -> None:
    for page in dashboard_pages():
        answer = admin.client.get(page)
        if "statement" in page or not answer.headers["content-type"].startswith("text/html"):
            continue
        assert not re.search(r"<script(?![^>]*\bsrc=)", answer.text), page
        assert "<style" not in answer.text, page
        assert " style=" not in answer.text, page
        assert not re.search(r"\son[a-z]+=", answer.text), page


def test_the_statement_allows_only_its_own_stylesheet_by_digest(admin: Admin) -> None:
    answer = admin.client.get("/dashboard/contracts/previsoft-cgv/statement?month=2024-03")
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    assert re.search(r"style-src 'sha256-[A-Za-z0-9+/=]+'", policy), policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_api_answers_carry_the_headers_too(admin: Admin) -> None:
    token = admin.tokens["admin"]
    answer = admin.client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    _has_headers(answer)
    assert answer.headers["content-security-policy"] == STRICT_POLICY


def test_over_tls_every_answer_carries_hsts(admin: Admin) -> None:
    answer = admin.client.get("https://testserver/dashboard/login")
    assert answer.headers["strict-transport-security"] == HSTS


def test_the_session_cookie_is_samesite_strict_and_httponly(admin: Admin) -> None:
    answer = admin.client.get("/dashboard/login", headers={"Cookie": ""})
    cookie = answer.headers["set-cookie"].lower()
    assert "samesite=strict" in cookie
    assert "httponly" in cookie


def test_a_cross_origin_dashboard_post_is_refused_with_a_problem(admin: Admin) -> None:
    csrf = admin.csrf("/dashboard/")
    answer = admin.client.post(
        "/dashboard/logout",
        data={"csrf": csrf},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"].endswith("cross-origin")
    _has_headers(answer)
    assert admin.client.get("/dashboard/", follow_redirects=False).status_code == 200  # still in


def test_a_cross_site_referer_without_origin_is_refused(admin: Admin) -> None:
    answer = admin.client.post(
        "/dashboard/logout",
        data={"csrf": admin.csrf("/dashboard/")},
        headers={"Referer": "http://evil.example/page"},
        follow_redirects=False,
    )
    assert answer.status_code == 403


def test_a_same_origin_post_is_accepted(admin: Admin) -> None:
    answer = admin.client.post(
        "/dashboard/logout",
        data={"csrf": admin.csrf("/dashboard/")},
        headers={"Origin": "http://testserver", "Referer": "http://testserver/dashboard/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert admin.client.get("/dashboard/", follow_redirects=False).status_code == 303


def test_a_cross_origin_api_write_is_refused_and_a_tokened_one_without_origin_passes(
    admin: Admin,
) -> None:
    headers = {"Authorization": f"Bearer {admin.tokens['admin']}"}
    body = {"incident": "INC-X1", "notified_at": "2024-03-29T10:00:00+01:00"}
    url = "/api/contracts/previsoft-cgv/incidents"
    refused = admin.client.post(url, json=body, headers={**headers, "Origin": "null"})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    passed = admin.client.post(url, json=body, headers=headers)
    assert passed.status_code == 201, passed.text


def test_the_login_form_posted_from_another_site_is_refused(admin: Admin) -> None:
    admin.client.cookies.clear()
    form = admin.client.get("/dashboard/login")
    answer = admin.client.post(
        "/dashboard/login",
        data={"csrf": csrf_of(form.text), "email": "admin@provider.test", "password": "x"},
        headers={"Origin": "https://testserver.evil.example"},
    )
    assert answer.status_code == 403
