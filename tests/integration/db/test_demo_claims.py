"""The demo's credits on 20 December 2024: one granted (000 March, CN-2024-0001), one
claimed (001 October), one expired (001 February): each month really earns a credit,
and the standing the rules give matches what is stored."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from slaledger.adapters.db import audit
from slaledger.adapters.db.models import User
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL
from slaledger.adapters.web import figures
from slaledger.adapters.web.store_source import StoreSource
from slaledger.domain.claims import ClaimState, Standing, standing
from slaledger.domain.periods import Month
from slaledger.services.claims import credit_schedule
from tests.integration.templates import Template

DEMO_NOW = datetime.fromisoformat("2024-12-20T13:00:00+01:00")


def test_the_demo_has_a_granted_a_claimed_and_an_expired_credit(
    tmp_path: Path, demo_template: Template
) -> None:
    url = demo_template.sqlite_copy(tmp_path / "demo.db")  # the demo loaded
    factory = session_factory(url)
    with Store.transaction(factory) as store:
        stored = {(c.contract.key, c.month): c for c in store.claims()}
        notes = {key: store.note_of(c) for key, c in stored.items()}
        admin = store.session.scalar(select(User.id).where(User.email == ADMIN_EMAIL))
        assert audit.verify(store.session).ok
    source = StoreSource(factory, lambda: DEMO_NOW)
    user = source.user(str(admin))
    assert user is not None
    found = {}
    for key, month in (
        ("ipfolio-support-policy", "2024-03"),
        ("saas-annexes", "2024-10"),
        ("saas-annexes", "2024-02"),
    ):
        record = source.contract(user, key)
        assert record is not None
        report = figures.credit(record, Month.parse(month))
        assert report is not None
        claim = stored.get((key, month))
        state = None if claim is None else ClaimState(claim.status)
        schedule = credit_schedule(record.loaded.contract, None)
        found[key, month] = standing(report.credit, schedule, state, DEMO_NOW)
    assert found == {
        ("ipfolio-support-policy", "2024-03"): Standing.GRANTED,
        ("saas-annexes", "2024-10"): Standing.REQUESTED,
        ("saas-annexes", "2024-02"): Standing.EXPIRED,
    }
    note = notes["ipfolio-support-policy", "2024-03"]
    assert note is not None
    assert note.number == "CN-2024-0001"
    factory.kw["bind"].dispose()
