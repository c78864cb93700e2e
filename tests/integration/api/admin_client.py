"""A signed-in dashboard over a seeded service (``admin_tokens`` of conftest.py), for the
administration pages' tests: sign in as admin, agent or viewer, post forms with the
session's CSRF token, read the audit log."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy import select

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.conftest import NOW

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.models import AuditEntry
from slaledger.adapters.db.store import Store, session_factory

PASSWORD = "a long enough password"
PEOPLE = {
    "admin": "admin@provider.test",
    "agent": "agent@provider.test",
    "viewer": "it@le-client.test",
}


@dataclass
class Admin:
    client: TestClient
    url: str
    tokens: dict[str, str]

    def sign_in(self, who: str) -> None:
        self.client.cookies.clear()
        form = self.client.get("/dashboard/login")
        done = self.client.post(
            "/dashboard/login",
            data={"csrf": csrf_of(form.text), "email": PEOPLE[who], "password": PASSWORD},
            follow_redirects=False,
        )
        assert done.status_code == 303

    def csrf(self, path: str = "/dashboard/admin/contracts/upload") -> str:
        return csrf_of(self.client.get(path).text)

    def upload(self, name: str, body: bytes, **fields: str) -> httpx.Response:
        return self.client.post(
            "/dashboard/admin/contracts/upload",
            data={"csrf": self.csrf(), **fields},
            files={"file": (name, body, "application/x-yaml")},
        )

    def audit(self, entity: str) -> list[AuditEntry]:
        factory = session_factory(self.url)
        try:
            with factory() as session:
                query = select(AuditEntry).where(AuditEntry.entity == entity)
                return list(session.scalars(query.order_by(AuditEntry.seq)))
        finally:
            factory.kw["bind"].dispose()

    def versions(self, key: str) -> int:
        factory = session_factory(self.url)
        try:
            with factory() as session:
                return len(Store(session).contract(key).versions)
        finally:
            factory.kw["bind"].dispose()


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def set_passwords(url: str) -> None:
    """Give each person of ``PEOPLE`` the password ``PASSWORD`` (actor ``test``)."""
    factory = session_factory(url)
    try:
        with Store.transaction(factory, actor="test") as store:
            for email in PEOPLE.values():
                store.set_password(email, PASSWORD)
    finally:
        factory.kw["bind"].dispose()


@contextmanager
def signed_in_admin(database_url: str, tokens: dict[str, str]) -> Iterator[Admin]:
    """The seeded service, each person with ``PASSWORD`` (``database_url`` a copy of
    ``admin_template``, ``tokens`` its tokens: the fixture ``admin_tokens``), the admin
    signed in."""
    app = create_app(database_url=database_url, settings=Settings(secret="s"), clock=lambda: NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        built = Admin(client, database_url, tokens)
        built.sign_in("admin")
        yield built
    app.state.engine.dispose()
