"""The stored budget cells equal the cells computed from scratch after every kind of write
(an outage, an incident event, a counts upload, a contract version, an invoiced fee, an
opening date), on SQLite and PostgreSQL: the write deletes the contract's cell (or, a
version, makes it another version's) and the next read computes and stores it again.
A cell with an interruption in progress is not stored; one read past its
``stale_after`` is computed again."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import budget_cells
from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.models import StoredBudgetCell
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.observations import read_counts, read_outages
from slaledger.domain.commercial.prices import InvoicedFee
from slaledger.domain.contract.values import Money
from slaledger.domain.observations import CountTable, OutageTable
from slaledger.domain.periods import Month
from slaledger.services.budget_cell import BudgetCell
from slaledger.services.fees import FeeBook
from tests.integration.db.seeds import CONTRACTS
from tests.integration.templates import Template

KEY = "saas-annexes"
PARIS = "+01:00"
#: "now" of the reads: 20 March 2024, noon in Paris (no interruption in progress)
AT = int(datetime.fromisoformat(f"2024-03-20T12:00:00{PARIS}").timestamp())
OUTAGES = "service,start,end,category,reported_at,reference,note\n"


@pytest.fixture
def factory(database_url: str, saas_template: Template) -> sessionmaker[Session]:
    made = session_factory(database_url)
    yield made  # type: ignore[misc]
    made.kw["bind"].dispose()


def _asked(store: Store) -> budget_cells.Asked:
    return budget_cells.Asked(
        key=KEY, loaded=store.loaded_contract(KEY), opened=opening_date(store.contract(KEY)),
        book=FeeBook(invoiced=store.invoiced_fees(KEY)),
    )  # fmt: skip


def _read(factory: sessionmaker[Session], at: int = AT) -> BudgetCell | None:
    with Store.transaction(factory, actor="tests", write=False) as store:
        return budget_cells.budget_cells(store, [_asked(store)], at=at)[KEY]


def _scratch(factory: sessionmaker[Session], at: int = AT) -> BudgetCell | None:
    with Store.transaction(factory, actor="tests", write=False) as store:
        return budget_cells.computed_cell(store, _asked(store), at=at).cell


def _row(factory: sessionmaker[Session]) -> StoredBudgetCell | None:
    with factory() as session:
        return session.scalar(select(StoredBudgetCell))


def _outage(tmp_path: Path, start: str, end: str, name: str) -> OutageTable:
    csv = tmp_path / f"{name}.csv"
    csv.write_text(
        OUTAGES + f"solution,{start}{PARIS},{end}{PARIS},unplanned,{start}{PARIS},{name},\n"
    )
    return read_outages(csv)


def _counts(tmp_path: Path) -> CountTable:
    """Ten minutes of errors on 12 March."""
    csv = tmp_path / "counts.csv"
    start = datetime.fromisoformat(f"2024-03-12T09:00:00{PARIS}").astimezone(UTC)
    lines = [
        f"solution,{(start + timedelta(minutes=m)).isoformat()},60,100,50\n" for m in range(10)
    ]
    csv.write_text("service,interval_start,interval_seconds,total,server_errors\n" + "".join(lines))
    return read_counts(csv)


def _write(store: Store, kind: str, tmp_path: Path) -> None:
    if kind == "outage":
        outage = _outage(tmp_path, "2024-03-05T10:00:00", "2024-03-05T10:20:00", "O-1")
        store.import_outages(KEY, outage)
    elif kind == "event":
        at = datetime.fromisoformat(f"2024-03-06T10:00:00{PARIS}")
        store.record_event(KEY, "INC-CELL", event="notified", at=at, service="solution")
    elif kind == "counts":
        store.import_counts(KEY, _counts(tmp_path))
    elif kind == "version":
        text = (CONTRACTS / "001-saas-annexes.yaml").read_text(encoding="utf-8")
        changed = text.replace("target: 99.95\n", "target: 99.5\n", 1)
        assert changed != text
        store.upload_contract(changed, file_name="001-saas-annexes.yaml", accept_lint_errors=True)
    elif kind == "fee":
        fee = InvoicedFee(KEY, None, Month(2024, 3), Money(Decimal("4000.00"), "EUR"))
        store.import_invoiced_fees([fee], "billing.csv")
    elif kind == "opening":
        store.set_opening(KEY, date(2024, 3, 2))


@pytest.mark.parametrize("kind", ["outage", "event", "counts", "version", "fee", "opening"])
def test_after_a_write_the_stored_cell_is_the_cell_computed_from_scratch(
    factory: sessionmaker[Session], tmp_path: Path, kind: str
) -> None:
    before = _read(factory)
    assert before is not None
    assert before == _scratch(factory)
    stored = _row(factory)
    assert stored is not None
    assert stored.month == "2024-03"
    assert stored.stale_after > datetime.fromtimestamp(AT, UTC)
    assert _read(factory) == before  # read back from the store
    with Store.transaction(factory, actor="tests") as store:
        _write(store, kind, tmp_path)
        version = store.latest_digest(store.contract(KEY))
    left = _row(factory)
    assert left is None or (version is not None and left.version_sha256 != version[0])
    after = _read(factory)
    assert after == _scratch(factory)
    assert _read(factory) == after  # stored again, read back
    if kind in ("outage", "counts", "version", "fee"):
        assert after != before, kind


def test_an_interruption_in_progress_is_not_stored_and_a_stale_cell_is_computed_again(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with Store.transaction(factory, actor="tests") as store:
        # from 11:00 to 14:00 on 20 March: in progress at noon
        outage = _outage(tmp_path, "2024-03-20T11:00:00", "2024-03-20T14:00:00", "O-2")
        store.import_outages(KEY, outage)
    assert _read(factory) == _scratch(factory)
    assert _row(factory) is None
    # after its end, steady until the next dated input
    later = AT + 3 * 3600
    cell = _read(factory, later)
    assert cell == _scratch(factory, later)
    stored = _row(factory)
    assert stored is not None
    # past its stale_after the stored cell is not read: computed again, equal to scratch
    past = int(stored.stale_after.timestamp()) + 60
    if past < Month(2024, 3).end("Europe/Paris"):
        assert _read(factory, past) == _scratch(factory, past)
