"""Instants are stored in UTC and come back aware; naive ones are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from slaledger.adapters.db.models import Provider
from slaledger.adapters.db.store import Store


def test_an_instant_comes_back_aware_in_utc_and_equal_to_what_was_stored(store: Store) -> None:
    paris_summer = timezone(timedelta(hours=2))
    stored = datetime(2024, 7, 1, 9, 30, 15, 123456, tzinfo=paris_summer)
    store.session.add(Provider(name="Acme", created_at=stored))
    store.commit()
    store.session.expire_all()
    found = store.session.scalars(select(Provider.created_at)).one()
    assert found == stored
    assert found.tzinfo is UTC
    assert found.hour == 7


def test_a_naive_instant_is_refused(store: Store) -> None:
    store.session.add(Provider(name="Acme", created_at=datetime(2024, 7, 1, 9, 30)))
    with pytest.raises(StatementError, match="naive datetime refused"):
        store.session.flush()
