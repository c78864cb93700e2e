"""A complete month's rendered statement is kept until the audit chain moves: the same
request answers the same bytes without reading the inputs again, any write renders it
again with the write in it, and a statement read while a write landed is not kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from slaledger.adapters.db import statement_cache
from slaledger.adapters.db.store import Store
from slaledger.domain.periods import Month
from tests.conftest import ROOT

CONTRACT = ROOT / "examples" / "contracts" / "003-previsoft.yaml"
KEY = "previsoft-cgv"
MARCH = Month(2024, 3)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Month]:
    """The months whose statement was built from the store (not answered kept)."""
    statement_cache.forget()
    made: list[Month] = []
    real = statement_cache.stored_statement

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs["month"])
        return real(*args, **kwargs)

    monkeypatch.setattr(statement_cache, "stored_statement", counting)
    yield made
    statement_cache.forget()


def _uploaded(store: Store) -> None:
    store.upload_contract(
        CONTRACT.read_text("utf-8"), file_name=CONTRACT.name, accept_lint_errors=True
    )
    store.commit()


def _render(store: Store, month: Month = MARCH, **asked: str) -> bytes:
    request = {"audience": "provider", "language": "en", "format": "json"} | asked
    return statement_cache.rendered_statement(
        store,
        store.contract(KEY),
        month=month,
        loaded=store.loaded_contract(KEY),
        fee=None,
        **request,
    )


def test_the_same_request_is_answered_the_same_bytes_once_built(
    store: Store, builds: list[Month]
) -> None:
    _uploaded(store)
    first = _render(store)
    assert _render(store) == first
    assert builds == [MARCH]
    # each language, format and audience is its own statement
    _render(store, language="fr")
    _render(store, format="html")
    _render(store, audience="customer")
    assert len(builds) == 4
    assert _render(store, language="fr") == _render(store, language="fr")
    assert len(builds) == 4


def test_a_write_renders_the_statement_again_with_the_write_in_it(
    store: Store, builds: list[Month]
) -> None:
    _uploaded(store)
    before = json.loads(_render(store))
    store.record_event(KEY, "INC-CACHE-1", event="notified", at=datetime(2024, 3, 5, 9, tzinfo=UTC))
    store.commit()
    after = json.loads(_render(store))
    assert builds == [MARCH, MARCH]
    assert after["anchor"]["seq"] > before["anchor"]["seq"]
    assert "INC-CACHE-1" in json.dumps(after)
    assert "INC-CACHE-1" not in json.dumps(before)
    assert json.loads(_render(store)) == after
    assert len(builds) == 2


def test_the_current_month_is_never_kept(store: Store, builds: list[Month]) -> None:
    _uploaded(store)
    today = datetime.now(UTC)
    current = Month(today.year, today.month)
    _render(store, current, format="html")
    _render(store, current, format="html")
    assert builds == [current, current]


def test_a_statement_read_while_a_write_landed_is_not_kept(
    store: Store, builds: list[Month], monkeypatch: pytest.MonkeyPatch
) -> None:
    _uploaded(store)
    real: Callable[..., Any] = statement_cache.stored_statement

    def written_meanwhile(*args: Any, **kwargs: Any) -> Any:
        # a write lands after the chain's last entry was read, before the inputs are
        at = datetime(2024, 3, 6, 9, tzinfo=UTC)
        store.record_event(KEY, f"INC-RACE-{len(builds)}", event="notified", at=at)
        store.commit()
        return real(*args, **kwargs)

    monkeypatch.setattr(statement_cache, "stored_statement", written_meanwhile)
    first = json.loads(_render(store))
    monkeypatch.setattr(statement_cache, "stored_statement", real)
    second = json.loads(_render(store))
    # the first was not kept under the sequence read before the write: built again
    assert len(builds) == 2
    assert second["anchor"]["seq"] == first["anchor"]["seq"]
    assert json.loads(_render(store)) == second
    assert len(builds) == 2
