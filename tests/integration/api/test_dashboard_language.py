"""Every dashboard page of PREVISOFT's year, in French, holds no English sentence, and in
English no French one, outside the contract's own words (quotes, titles, names, the
file's interpretations), the data's notes, identifiers and abbreviations.
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from tests.integration.api.conftest import NOW, PREVISOFT, PREVISOFT_DATA, seed
from tests.language_words import contract_words, english_figures, foreign_sentences, visible_text

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.contract_file import load_contract

EMAIL, PASSWORD = "admin@provider.test", "the right password"
KEY = "previsoft-cgv"
PAGES = [
    "/dashboard/",
    "/dashboard/incidents",
    "/dashboard/credits",
    "/dashboard/claims",
    f"/dashboard/contracts/{KEY}",
    f"/dashboard/contracts/{KEY}/incidents",
    f"/dashboard/contracts/{KEY}/availability",
    f"/dashboard/contracts/{KEY}/availability/2024-03",
    f"/dashboard/contracts/{KEY}/kpis",
    f"/dashboard/contracts/{KEY}/sources",
    f"/dashboard/contracts/{KEY}/helpdesk-verdicts",
    f"/dashboard/contracts/{KEY}/maintenance",
    f"/dashboard/contracts/{KEY}/obligations",
]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    url = f"sqlite:///{tmp_path_factory.mktemp('language') / 'slaledger.db'}"
    seed(url)
    factory = session_factory(url)
    with Store.transaction(factory, actor="test") as store:
        store.set_password(EMAIL, PASSWORD)
    factory.kw["bind"].dispose()
    application = create_app(database_url=url, settings=Settings(secret="test"), clock=lambda: NOW)
    yield application
    application.state.engine.dispose()  # type: ignore[attr-defined]


def _client(app: object, language: str) -> TestClient:
    client = TestClient(app, raise_server_exceptions=False)  # type: ignore[arg-type]
    form = client.get("/dashboard/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    done = client.post(
        "/dashboard/login",
        data={"csrf": csrf.group(1), "email": EMAIL, "password": PASSWORD},
        follow_redirects=False,
    )
    assert done.status_code == 303
    client.get(f"/dashboard/lang/{language}")
    return client


def _allowed() -> list[str]:
    """The contract's words and the notes of its data (people's words, in their language)."""
    with (PREVISOFT_DATA / "outages.csv").open(encoding="utf-8") as handle:
        notes = [row.get("note") or "" for row in csv.DictReader(handle)]
    words = contract_words(load_contract(str(PREVISOFT)).contract, minimum=8)
    return sorted({*words, *(n for n in notes if n)}, key=len, reverse=True)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_speaks_one_language(app: object, language: str) -> None:
    client = _client(app, language)
    allowed = _allowed()
    foreign = []
    for page in PAGES:
        answer = client.get(page)
        assert answer.status_code == 200, page
        assert f'<html lang="{language}">' in answer.text, page
        text = re.sub(r"[\u00a0\u202f ]+", " ", visible_text(answer.text, language))
        foreign += [
            (page, w, s) for w, s in sorted(set(foreign_sentences([text], language, allowed)))
        ]
        if language == "fr":  # figures and instants the French way ("99,4 %", "14:56")
            for words in allowed:
                text = text.replace(words, " ")
            foreign += [(page, "figure", f) for f in english_figures([text])]
    assert foreign == [], "\n".join(f"{p}: [{w}] {s}" for p, w, s in foreign)


def test_the_trace_page_gives_the_trace_in_french(app: object) -> None:
    page = _client(app, "fr").get(f"/dashboard/contracts/{KEY}/availability/2024-03").text
    text = re.sub(r"[\u00a0\u202f ]+", " ", page)
    assert "interruption relevée, non planifiée" in text
    assert "de 2023-04 à 2024-03" in text


def test_the_obligations_page_gives_the_obligations_in_french(app: object) -> None:
    page = _client(app, "fr").get(f"/dashboard/contracts/{KEY}/obligations").text
    text = re.sub(r"[\u00a0\u202f ]+", " ", visible_text(page, "fr"))
    assert "dernier jour pour notifier la résiliation avant le terme du 2024-12-31" in text
    assert "au moins 1 mois (compté dans le calendrier « previsoft-24-7 ») avant" in text
    assert "jusqu'au 31 décembre de la même année" in text
