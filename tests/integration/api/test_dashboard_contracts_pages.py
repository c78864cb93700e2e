"""The contracts page in pages (``?page=``; two rows a page here, the demo's five
contracts): each page shows its rows and links to its neighbours in English and French,
and the totals are those of every contract whatever the page."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import datetime

import pytest

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.test_dashboard_figure_cache import _client
from tests.integration.templates import Template

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.web import contracts_page

NOW = datetime.fromisoformat("2024-12-20T13:00:00+01:00")


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, demo_template: Template
) -> Iterator[TestClient]:
    url = demo_template.sqlite_copy(tmp_path_factory.mktemp("pages") / "demo.db")
    application = create_app(
        database_url=url, settings=Settings(secret="test-secret"), clock=lambda: NOW
    )
    yield _client(application, "en")
    application.state.engine.dispose()  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def two_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contracts_page, "PAGE_SIZE", 2)


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr data-contract="([^"]+)"', page)


def _totals(page: str) -> str:
    found = re.search(r'<table class="totals" id="contract-totals".*?</table>', page, re.S)
    assert found is not None
    return found.group(0)


def test_each_page_shows_its_rows_and_the_totals_of_every_contract(client: TestClient) -> None:
    pages = [client.get("/dashboard/", params={"page": n}).text for n in (1, 2, 3)]
    rows = [_rows(p) for p in pages]
    assert [len(r) for r in rows] == [2, 2, 1]
    assert len({key for r in rows for key in r}) == 5  # every contract once
    assert rows[0] == sorted(rows[0])
    assert _totals(pages[0]) == _totals(pages[1]) == _totals(pages[2])
    assert re.search(r'data-total="contracts"><th>Contracts</th><td class="num">5<', pages[0])
    assert 'rel="next" href="/dashboard/?page=2"' in pages[0]
    assert 'rel="prev"' not in pages[0]
    assert 'rel="prev" href="/dashboard/?page=1"' in pages[1]
    assert 'rel="next" href="/dashboard/?page=3"' in pages[1]
    assert "Page 3 of 3" in pages[2]
    assert "contracts 5 to 5 of 5" in pages[2]
    assert 'rel="next"' not in pages[2]
    # beyond the last page: the last; not a number: the first
    assert _rows(client.get("/dashboard/", params={"page": 9}).text) == rows[2]
    assert _rows(client.get("/dashboard/", params={"page": "x"}).text) == rows[0]
    # the budget column only on the rows shown
    assert pages[0].count('<td class="budget">') == 2


def test_the_pages_speak_french(client: TestClient) -> None:
    client.get("/dashboard/lang/fr")
    try:
        page = client.get("/dashboard/", params={"page": 2}).text
    finally:
        client.get("/dashboard/lang/en")
    words = (
        "Page précédente", "Page suivante", "Page 2 sur 3", "contrats 3 à 4 sur 5",
        "Tous les contrats que vous pouvez voir", "Objectif manqué le mois dernier",
    )  # fmt: skip
    for word in words:
        assert word in page, word
