"""A store refusal on a dashboard page in the page's language (docs/i18n.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.integration.api.admin_client import Admin, signed_in_admin
from tests.language_words import foreign_sentences, visible_text


@pytest.fixture
def admin(database_url: str, admin_tokens: dict[str, str]) -> Iterator[Admin]:
    with signed_in_admin(database_url, admin_tokens) as built:
        yield built


def _refused(admin: Admin) -> str:
    csrf = admin.csrf("/dashboard/admin/tokens")
    form = {"csrf": csrf, "kind": "api", "user": "nobody@provider.test", "name": "ci"}
    page = admin.client.post("/dashboard/admin/tokens", data=form)
    assert page.status_code == 422
    return page.text


def test_a_token_for_an_unknown_user_is_refused_in_french(admin: Admin) -> None:
    admin.client.get("/dashboard/lang/fr")
    page = _refused(admin)
    assert "aucun utilisateur nobody@provider.test" in page
    refusal = [
        line for line in visible_text(page, "fr").splitlines() if "nobody@provider.test" in line
    ]
    assert refusal
    assert foreign_sentences(refusal, "fr") == []


def test_the_same_refusal_reads_as_before_in_english(admin: Admin) -> None:
    admin.client.get("/dashboard/lang/en")
    assert "no user nobody@provider.test" in _refused(admin)
