"""The demo's fees: the generated year's invoiced fees (EUR; 002 in USD) are stored, so
the credits have amounts on first start, on the invoiced fee."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from slaledger.adapters.db.models import User
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL
from slaledger.adapters.web import figures
from slaledger.adapters.web.store_source import StoreSource
from slaledger.domain.periods import Month
from tests.integration.templates import Template

DEMO_NOW = datetime.fromisoformat("2024-12-20T13:00:00+01:00")


def test_the_demo_year_has_fees_in_euros_and_002_in_dollars(
    tmp_path: Path, demo_template: Template
) -> None:
    url = demo_template.sqlite_copy(tmp_path / "demo.db")  # the demo loaded
    factory = session_factory(url)
    with Store.transaction(factory) as store:
        currencies = {
            key: {f.fee.currency for f in store.invoiced_fees(key)}
            for key in ("ipfolio-support-policy", "saas-annexes", "maintenance-us",
                        "previsoft-cgv", "imri-cgv")
        }  # fmt: skip
        months = {f.month for f in store.invoiced_fees("ipfolio-support-policy")}
        admin = store.session.scalar(select(User.id).where(User.email == ADMIN_EMAIL))
    assert currencies["maintenance-us"] == {"USD"}
    assert all(c == {"EUR"} for k, c in currencies.items() if k != "maintenance-us")
    assert months == {Month(2024, m) for m in range(1, 13)}
    source = StoreSource(factory, lambda: DEMO_NOW)
    user = source.user(str(admin))
    assert user is not None
    record = source.contract(user, "ipfolio-support-policy")
    assert record is not None
    report = figures.credit(record, Month(2024, 3))
    assert report is not None
    priced = figures.priced_credit(record, report, Month(2024, 3))
    assert priced.fee is not None
    assert priced.fee.source == "invoiced"
    assert priced.money is not None
    assert (priced.money.amount, priced.money.currency) == (Decimal("250.00"), "EUR")
    history = figures.credits_history(record, Month(2024, 11))
    assert figures.totals_by_currency([(record, history)]).get("EUR", Decimal(0)) >= Decimal(250)
