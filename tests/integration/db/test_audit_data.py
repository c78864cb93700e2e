"""The audit log covers the data: each entry records the digests of the rows it wrote,
and ``sla audit verify --data`` names any row changed, added or removed outside the
ledger — outages deleted by SQL, a role changed by SQL, a token planted — on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db import audit
from slaledger.adapters.db.audit_data import verify_data
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.models import ApiToken, AuditData, AuditEntry, Outage, User
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.observations import read_counts
from slaledger.domain.claims import ClaimState, Decision
from tests.integration.conftest import store_template
from tests.integration.db.seeds import DATA, seed
from tests.integration.templates import Template, TemplateFactory


@pytest.fixture(scope="session")
def audit_data_template(template_factory: TemplateFactory) -> Template:
    return store_template(template_factory, "audit-data", _fill)


@pytest.fixture
def seeded(store: Store, audit_data_template: Template) -> Store:
    """PREVISOFT's year (outages, maintenance, events), 001's counts, users, a token,
    a claim and an opening date: every kind of write (the store's database is a copy
    of ``audit_data_template``)."""
    return store


def _fill(store: Store) -> None:
    seed(store, "003-previsoft")
    seed(store, "001-saas-annexes")
    store.ensure_customer("Globex")
    store.add_user("viewer@globex.example", role="customer-viewer", customer="Globex")
    store.add_user("admin@provider.example", role="provider-admin", password="s3cret-passphrase")
    store.create_token("viewer@globex.example", name="ci")
    token, _ = store.create_token("admin@provider.example", name="old")
    store.revoke_token(token.id)
    store.set_password("admin@provider.example", "an0ther-pass")
    store.set_opening("previsoft-cgv", datetime(2024, 1, 8, tzinfo=UTC).date())
    paris = ZoneInfo("Europe/Paris")  # an instant given in another zone than UTC
    store.record_event(
        "previsoft-cgv",
        "INC-LEDGER-1",
        event="notified",
        at=datetime(2024, 3, 4, 9, 30, 0, 123456, paris),
    )
    store.record_event(
        "previsoft-cgv",
        "INC-LEDGER-1",
        event="classified",
        value="P2",
        effort_seconds=1800,
        at=datetime(2024, 3, 4, 9, 45, tzinfo=paris),
    )
    claim = store.add_claim(
        store.contract("previsoft-cgv"),
        service="saas",
        month="2024-03",
        unit="percent-of-fee",
        amount=Decimal("12.5"),
        percent=Decimal("5"),
    )
    store.record_decision(claim, Decision(ClaimState.GRANTED, Decimal("5"), "", partial=False))


def _named(store: Store) -> list[str]:
    return [str(b) for b in verify_data(store.session).breaks]


def test_every_kind_of_write_is_vouched_for_by_the_ledger(seeded: Store) -> None:
    result = verify_data(seeded.session)
    assert result.ok, [str(b) for b in result.breaks]
    assert result.rows == sum(seeded.count(model) for model in (Outage, User, ApiToken)) + _others(
        seeded
    )
    imports = seeded.session.scalars(
        select(AuditEntry.payload).where(
            AuditEntry.action == "import", AuditEntry.entity == "outage"
        )
    ).all()
    written = [json.loads(p)["data"]["outage"]["rows"] for p in imports]
    assert len(written) == 2  # two seeds with outages
    assert sum(written) == seeded.count(Outage)


def _others(store: Store) -> int:
    from slaledger.adapters.db.audit_data import COVERED

    names = set(COVERED) - {"outage", "user_account", "api_token"}
    return sum(
        int(store.session.scalar(text(f"SELECT COUNT(*) FROM {name}")) or 0) for name in names
    )


def test_outages_deleted_by_sql_are_each_named(seeded: Store) -> None:
    """The issue's 38 outages deleted in the database left ``verify`` at "intact"
    (here every outage of the two seeds, and one of them changed)."""
    doomed = seeded.session.scalars(select(Outage.id).order_by(Outage.id)).all()
    seeded.session.execute(update(Outage).where(Outage.id == doomed[-1]).values(note="edited"))
    seeded.session.execute(delete(Outage).where(Outage.id.in_(doomed[:-1])))
    seeded.commit()
    assert audit.verify(seeded.session).ok  # the chain itself is untouched
    named = _named(seeded)
    assert named[:-1] == [
        f"outage row {i}: removed outside the ledger (audit entry {_import_of(seeded, i)} wrote it)"
        for i in doomed[:-1]
    ]
    assert named[-1].startswith(f"outage row {doomed[-1]}: changed outside the ledger")


def _import_of(store: Store, outage_id: int) -> int:
    """The entry of the import that wrote the outage (imports write ids in order)."""
    entries = store.session.execute(
        select(AuditEntry.seq, AuditEntry.payload)
        .where(AuditEntry.entity == "outage")
        .order_by(AuditEntry.seq)
    ).all()
    first = 1
    for seq, payload in entries:
        first += json.loads(payload)["data"]["outage"]["rows"]
        if outage_id < first:
            return int(seq)
    raise AssertionError(outage_id)


def test_a_role_changed_by_sql_is_named(seeded: Store) -> None:
    viewer = seeded.user("viewer@globex.example")
    seeded.session.execute(
        update(User).where(User.id == viewer.id).values(role="provider-admin", customer_id=None)
    )
    seeded.commit()
    assert _named(seeded) == [
        f"user_account row {viewer.id}: changed outside the ledger "
        f"(audit entry {_last_entry_of(seeded, 'user', viewer.id)} wrote it last)"
    ]


def _last_entry_of(store: Store, entity: str, entity_id: int) -> int:
    return int(
        store.session.scalar(
            select(AuditEntry.seq)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        )
        or 0
    )


def test_a_token_planted_by_sql_is_named(seeded: Store) -> None:
    admin = seeded.user("admin@provider.example")
    seeded.session.execute(
        insert(ApiToken).values(
            id=99,
            user_id=admin.id,
            name="planted",
            token_hash="f" * 64,
            prefix="sla_evil",
            created_at=datetime(2024, 1, 1, tzinfo=UTC),
        )
    )
    seeded.commit()
    assert _named(seeded) == [
        "api_token row 99: added outside the ledger (no audit entry wrote it)"
    ]


def test_a_revocation_undone_by_sql_is_named(seeded: Store) -> None:
    seeded.session.execute(update(ApiToken).values(revoked_at=None))
    seeded.commit()
    [problem] = _named(seeded)
    assert problem.startswith("api_token row ")
    assert "changed outside the ledger" in problem


def test_a_data_record_of_the_ledger_modified_is_named(seeded: Store) -> None:
    record = seeded.session.scalars(select(AuditData).order_by(AuditData.seq)).first()
    assert record is not None
    seeded.session.execute(
        update(AuditData)
        .where(AuditData.seq == record.seq, AuditData.table_name == record.table_name)
        .values(digests=record.digests[:-8] + "AAAAAAA=")
    )
    seeded.commit()
    named = _named(seeded)
    assert (
        f"the data record of audit entry {record.seq} is not the one the entry declares"
        in (named[0])
    )


def test_counts_imported_again_replace_their_interruptions_in_the_ledger(seeded: Store) -> None:
    """Re-importing counts deletes and re-inserts interruptions and monthly totals: the
    ledger follows the deletions too."""
    seeded.import_counts("saas-annexes", read_counts(DATA / "001-saas-annexes" / "counts.parquet"))
    seeded.commit()
    result = verify_data(seeded.session)
    assert result.ok, [str(b) for b in result.breaks]


def test_sla_audit_verify_data_names_the_rows_and_exits_1(seeded: Store, database_url: str) -> None:
    runner = CliRunner()
    intact = runner.invoke(cli, ["audit", "verify", "--data", "--db", database_url])
    assert intact.exit_code == 0, intact.output
    assert "data intact" in intact.output
    seeded.session.execute(delete(Outage).where(Outage.id == 1))
    seeded.commit()
    plain = runner.invoke(cli, ["audit", "verify", "--db", database_url])
    assert plain.exit_code == 0  # the chain alone cannot see it
    broken = runner.invoke(cli, ["audit", "verify", "--data", "--db", database_url])
    assert broken.exit_code == 1
    assert "outage row 1: removed outside the ledger" in broken.output


def test_upgrading_a_database_with_data_vouches_for_it_in_a_baseline_entry(
    database_url: str,
) -> None:
    upgrade(database_url, "0001")
    factory: sessionmaker[Session] = session_factory(database_url)
    try:
        with factory() as session:
            at = datetime(2024, 1, 1, 8, 30, 0, 250_000, tzinfo=UTC)
            session.execute(
                text("INSERT INTO customer (id, name, created_at) VALUES (1, 'Old', :at)"),
                {"at": at},
            )
            session.execute(
                text(
                    "INSERT INTO user_account (id, email, role, customer_id, password_hash,"
                    " active, created_at) VALUES (7, 'v@old.example', 'customer-viewer', 1,"
                    " NULL, :active, :at)"
                ),
                {"at": at, "active": True},
            )
            session.commit()
        upgrade(database_url)
        with factory() as session:
            [entry] = session.scalars(select(AuditEntry)).all()
            assert (entry.action, entry.actor) == ("baseline", "migration 0002_audit_data")
            data = json.loads(entry.payload)["data"]
            assert (data["customer"]["rows"], data["user_account"]["rows"]) == (1, 1)
            assert audit.verify(session).ok
            assert verify_data(session).ok  # the reflected rows digest as the models' do
            session.execute(update(User).where(User.id == 7).values(role="provider-admin"))
            session.commit()
            assert [str(b) for b in verify_data(session).breaks] == [
                "user_account row 7: changed outside the ledger (audit entry 1 wrote it last)"
            ]
    finally:
        factory.kw["bind"].dispose()


def test_rows_written_in_a_savepoint_rolled_back_are_not_vouched_for(seeded: Store) -> None:
    """An import that fails after writing rows (before its entry) leaves nothing the
    next entry would vouch for: the ledger reads such rows back, and they are gone."""
    from slaledger.adapters.db.bulk_writes import bulk_insert

    service = seeded.contract("previsoft-cgv").services[0]
    at = datetime(2024, 5, 1, tzinfo=UTC)
    row = {"service_id": service.id, "start": at, "end": at, "category": "unplanned"}
    row |= {"reported_at": None, "reference": "R", "note": "", "source": "x", "row": 1}
    try:
        with seeded.session.begin_nested():
            bulk_insert(seeded, Outage, [dict(row)])
            raise RuntimeError("the import fails before its audit entry")
    except RuntimeError:
        pass
    seeded.ensure_customer("After the failure")
    seeded.commit()
    result = verify_data(seeded.session)
    assert result.ok, [str(b) for b in result.breaks]
