"""No control character reaches either database (adapters/db/text_guard.py): each write
path — an ORM insert or update, a bulk ``insert()``, a JSON value, a Core statement's
own values — is refused with a TextRefused naming the table, the column and the row,
and nothing of the transaction is written. PostgreSQL answered 500 to a NUL; SQLite
stored what a restore into PostgreSQL then refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.errors import ImportRefused, TextRefused
from slaledger.adapters.db.models import AuditEntry, Customer, InvoiceRecord, Outage, User
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.observations import read_outages
from slaledger.adapters.i18n import english
from slaledger.domain.commercial.payments import Invoice
from tests.integration.db.seeds import DATA, contract
from tests.integration.templates import Template

#: every kind of control character refused, and what is let through
REFUSED = [
    pytest.param("\x00", id="NUL"),
    pytest.param("\x07", id="BEL"),
    pytest.param("\x1b", id="ESC"),
    pytest.param("\x7f", id="DEL"),
    pytest.param("\x85", id="C1 NEL"),
    pytest.param("\x9f", id="C1 APC"),
]


def _refused(write: Callable[[], object]) -> str:
    with pytest.raises(TextRefused) as excinfo:
        write()
    assert isinstance(excinfo.value, ImportRefused)  # the API's 422, the CLI's clean error
    [problem] = excinfo.value.problems
    assert "control characters" in english(problem.expected)
    return str(problem)


def _count(sessions: sessionmaker[Session], model: type[object]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("control", REFUSED)
def test_an_orm_insert_is_refused_naming_table_and_column(
    sessions: sessionmaker[Session], control: str
) -> None:
    with Store.transaction(sessions, actor="test") as store:
        store.ensure_customer("Contoso")
    message = _refused(
        lambda: _in_transaction(
            sessions, lambda s: s.add_user(f"ana{control}@example.com", role="provider-admin")
        )
    )
    assert message.startswith("table user_account: email: expected text without control")
    assert f"U+{ord(control):04X} at character 4" in message
    assert _count(sessions, User) == 0


def test_an_orm_update_is_refused_naming_the_row_id(sessions: sessionmaker[Session]) -> None:
    with Store.transaction(sessions, actor="test") as store:
        customer = store.ensure_customer("Contoso")
    entries = _count(sessions, AuditEntry)

    def rename(store: Store) -> None:
        store.session.get(Customer, customer.id).name = "Con\x00toso"  # type: ignore[union-attr]
        store.append_audit("update", "customer", customer.id, {})

    message = _refused(lambda: _in_transaction(sessions, rename))
    assert message.startswith(f"table customer id {customer.id}: name:")
    with sessions() as session:
        assert session.scalar(select(Customer.name)) == "Contoso"
    assert _count(sessions, AuditEntry) == entries


def test_a_bulk_insert_names_the_file_and_its_row(
    sessions: sessionmaker[Session], previsoft_template: Template
) -> None:
    """Outages go in with one executemany insert() (no ORM): the guard still sees each
    row; an observation row is named by its file and the file's row. (The database is a
    copy of ``previsoft_template``: 003's year seeded.)"""
    key = contract("003-previsoft").id
    before = _count(sessions, Outage)
    table = read_outages(DATA / "003-previsoft" / "outages.csv")
    notes = np.array([str(n) for n in table.note], dtype=object)
    notes[2] = "checked\x00by hand"
    forged = dataclasses.replace(table, note=notes)  # past the reader's own check
    message = _refused(lambda: _in_transaction(sessions, lambda s: s.import_outages(key, forged)))
    assert message.startswith(f"{table.source} (table outage) row {int(table.row[2])}: note:")
    assert _count(sessions, Outage) == before


def test_a_core_statement_s_own_values_and_a_json_value_are_checked(
    sessions: sessionmaker[Session],
) -> None:
    with Store.transaction(sessions, actor="test") as store:
        store.ensure_customer("Contoso")
    with sessions() as session:
        with pytest.raises(TextRefused, match=r"table customer: name:"):
            session.execute(insert(Customer).values(name="Glo\x1bbex"))
        session.rollback()
        with pytest.raises(TextRefused, match=r"table customer: name:"):
            session.execute(update(Customer).values(name="Glo\x9fbex"))
        session.rollback()
    message = _refused(
        lambda: _in_transaction(
            sessions, lambda s: s.append_audit("note", "customer", 1, {"said": ["ok", "a\x85"]})
        )
    )
    # a C0 control is escaped in the entry's JSON text (\u0000); a C1 one is not
    assert message.startswith("table audit_entry: payload:")


def test_tabs_and_line_breaks_are_text(
    sessions: sessionmaker[Session], previsoft_template: Template
) -> None:
    """(The database is a copy of ``previsoft_template``: 003's year seeded.)"""
    with Store.transaction(sessions, actor="test") as store:
        key = contract("003-previsoft").id
        store.import_invoices(
            key,
            [Invoice(id="F\t1", issued=date(2024, 3, 1), amount=Decimal("1.00"))],
            "a\r\nb.csv",
        )
    with sessions() as session:
        assert session.scalar(select(InvoiceRecord.number)) == "F\t1"


def test_sla_users_add_with_a_control_character_is_a_clean_error(database_url: str) -> None:
    assert CliRunner().invoke(cli, ["db", "upgrade", "--db", database_url]).exit_code == 0
    result = CliRunner().invoke(
        cli,
        ["users", "add", "ana\x1b@example.com", "--role", "provider-admin", "--db", database_url],
    )
    assert result.exit_code == 1
    assert "table user_account: email: expected text without control characters" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _in_transaction(sessions: sessionmaker[Session], write: Callable[[Store], object]) -> object:
    with Store.transaction(sessions, actor="test") as store:
        return write(store)


def test_the_guard_is_on_every_engine(tmp_path: Path) -> None:
    from slaledger.adapters.db.engine import make_engine, upgrade

    url = f"sqlite:///{tmp_path / 'any.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.begin() as connection, pytest.raises(TextRefused):
            connection.execute(insert(Customer).values(name="\x00"))
    finally:
        engine.dispose()
