"""The contracts page's budget column read from the stored cells is the column computed
without them, after a write too (the write deleted the cell, the page computed it
again)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import delete, func, select
from tests.integration.api.incident_history import NOW, seed_history
from tests.integration.api.test_dashboard_figure_cache import _client

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.db.models import StoredBudgetCell
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.observations import read_outages

OUTAGES = "service,start,end,category,reported_at,reference,note\n"


def _column(page: str) -> list[str]:
    return re.findall(r'<td class="budget">(.*?)</td>', page, re.S)


def _forget(url: str) -> None:
    factory = session_factory(url)
    with factory() as session:
        session.execute(delete(StoredBudgetCell))
        session.commit()
    factory.kw["bind"].dispose()


def _stored(url: str) -> int:
    factory = session_factory(url)
    with factory() as session:
        count = session.scalar(select(func.count()).select_from(StoredBudgetCell)) or 0
    factory.kw["bind"].dispose()
    return count


def test_the_budget_column_from_the_stored_cells_is_the_column_computed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'slaledger.db'}"
    key = seed_history(url)
    csv = tmp_path / "outages.csv"
    csv.write_text(OUTAGES + "solution,2024-03-04T09:00:00+01:00,2024-03-04T09:40:00+01:00,"
                   "unplanned,2024-03-04T09:05:00+01:00,O-1,\n")  # fmt: skip
    factory = session_factory(url)
    with Store.transaction(factory, actor="tests") as store:
        table = declared_outages(read_outages(csv), ["2024-01..2024-04"], "Europe/Paris")
        assert table is not None
        store.import_outages(key, table)
    app = create_app(database_url=url, settings=Settings(secret="test-secret"), clock=lambda: NOW)
    try:
        client = _client(app, "en")
        computed = _column(client.get("/dashboard/").text)
        assert computed
        assert "40\xa0min used" in computed[0].replace("&nbsp;", "\xa0")
        assert _stored(url) == 1
        assert _column(client.get("/dashboard/").text) == computed  # from the stored cell
        # a second outage: the write deletes the cell, the page computes it again
        csv.write_text(OUTAGES + "solution,2024-03-06T09:00:00+01:00,2024-03-06T09:10:00+01:00,"
                       "unplanned,2024-03-06T09:05:00+01:00,O-2,\n")  # fmt: skip
        with Store.transaction(factory, actor="tests") as store:
            store.import_outages(key, read_outages(csv))
        assert _stored(url) == 0
        cached = _column(client.get("/dashboard/").text)
        assert "50\xa0min used" in cached[0].replace("&nbsp;", "\xa0")
        assert _column(client.get("/dashboard/").text) == cached
        _forget(url)
        assert _column(client.get("/dashboard/").text) == cached
    finally:
        factory.kw["bind"].dispose()
        app.state.engine.dispose()
