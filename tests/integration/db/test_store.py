"""The Store's writes: contracts refused with their findings, imports all or nothing,
incident events checked against the grammar, users and tokens, alert deliveries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from slaledger.adapters.db.errors import ContractRejected, ImportRefused, StoreError
from slaledger.adapters.db.models import (
    ApiToken,
    AuditEntry,
    Contract,
    ContractVersion,
    Incident,
    Outage,
    Service,
)
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.observations import read_outages
from slaledger.adapters.i18n import english
from tests.integration.db.seeds import CONTRACTS, DATA, contract
from tests.integration.templates import Template

AT = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def test_a_contract_that_does_not_load_is_refused_with_its_problems(store: Store) -> None:
    with pytest.raises(ContractRejected) as refused:
        store.upload_contract("id: x\nservices: [", file_name="broken.yaml")
    assert refused.value.problems
    assert refused.value.problems[0].file == "broken.yaml"
    assert store.count(Contract) == 0
    assert store.count(AuditEntry) == 0


def test_a_contract_with_error_findings_is_refused_with_the_findings(store: Store) -> None:
    text = (CONTRACTS / "003-previsoft.yaml").read_text(encoding="utf-8")
    with pytest.raises(ContractRejected) as refused:
        store.upload_contract(text, file_name="003-previsoft.yaml")
    rules = {f.rule for f in refused.value.findings}
    assert {"blank-value", "boundary-gap"} <= rules
    assert all(f.severity.value == "error" for f in refused.value.findings)
    blank = text.splitlines().index("    minimum_notice: null") + 1  # the blank notice
    assert f"003-previsoft.yaml:{blank}: blank-value" in str(refused.value)
    assert store.count(Contract) == 0


def test_accepting_lint_errors_is_explicit_and_recorded(store: Store) -> None:
    version = store.upload_contract_file(
        str(CONTRACTS / "003-previsoft.yaml"), accept_lint_errors=True
    )
    store.commit()
    assert version.number == 1
    assert version.contract.customer.name == "Le Client"
    assert [s.name for s in version.contract.services] == ["saas", "server"]
    last = store.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last is not None
    assert '"lint_errors_accepted":["blank-value"' in last.payload


def test_the_same_text_twice_is_one_version_and_a_new_text_a_second(store: Store) -> None:
    path = CONTRACTS / "001-saas-annexes.yaml"
    text = path.read_text(encoding="utf-8")
    first = store.upload_contract(text, file_name=path.name, accept_lint_errors=True)
    again = store.upload_contract(text, file_name=path.name, accept_lint_errors=True)
    amended = store.upload_contract(
        text + "\n# amended\n", file_name=path.name, accept_lint_errors=True
    )
    store.commit()
    assert again.id == first.id
    assert amended.number == 2
    assert store.count(ContractVersion) == 2
    assert store.loaded_contract(first.contract.key, at=first.effective_from).contract.id == (
        first.contract.key
    )


def test_an_import_naming_an_unknown_service_writes_nothing(store: Store, tmp_path: Path) -> None:
    key = store.upload_contract_file(
        str(CONTRACTS / "003-previsoft.yaml"), accept_lint_errors=True
    ).contract.key
    store.commit()
    before = store.count(AuditEntry)
    bad = tmp_path / "outages.csv"
    bad.write_text(
        "service,start,end,category\n"
        "saas,2024-03-01T10:00:00Z,2024-03-01T11:00:00Z,unplanned\n"
        "payroll,2024-03-02T10:00:00Z,2024-03-02T11:00:00Z,unplanned\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as refused:
        store.import_outages(key, read_outages(bad))
    problem = refused.value.problems[0]
    assert (problem.field, problem.found, problem.row) == ("service", "'payroll'", 2)
    assert "saas, server" in english(problem.expected)
    store.commit()
    assert store.count(Outage) == 0
    assert store.count(AuditEntry) == before


def test_an_import_is_one_audit_entry_with_the_row_count(store: Store) -> None:
    key = store.upload_contract_file(
        str(CONTRACTS / "003-previsoft.yaml"), accept_lint_errors=True
    ).contract.key
    table = read_outages(DATA / "003-previsoft" / "outages.csv")
    assert store.import_outages(key, table) == len(table)
    store.commit()
    assert store.count(Outage) == len(table)
    last = store.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last is not None
    assert (last.action, last.entity, last.entity_id) == ("import", "outage", key)
    assert f'"rows":{len(table)}' in last.payload


def test_events_that_break_the_grammar_are_refused(store: Store) -> None:
    key = store.upload_contract_file(
        str(CONTRACTS / "003-previsoft.yaml"), accept_lint_errors=True
    ).contract.key
    store.commit()
    with pytest.raises(StoreError, match="a 'notified' event to start the incident"):
        store.record_event(key, "INC-1", event="acknowledged", at=AT)
    store.rollback()
    store.record_event(key, "INC-1", event="notified", at=AT, service="saas")
    store.record_event(key, "INC-1", event="classified", at=AT, value="S3/C3")
    store.commit()
    table = store.incident_table(key)
    assert table.log.names == ("INC-1",)
    assert table.log.at.tolist() == [int(AT.timestamp())] * 2
    assert table.service == ("saas",)


def test_importing_an_incident_already_stored_is_refused_whole(
    store: Store, previsoft_template: Template
) -> None:
    """(The store's database is a copy of ``previsoft_template``: 003's year seeded.)"""
    key = contract("003-previsoft").id
    incidents = store.count(Incident)
    from slaledger.adapters.files.events import read_events

    with pytest.raises(ImportRefused, match="INC-2024-0001"):
        store.import_events(key, read_events(DATA / "003-previsoft" / "events.csv"))
    store.commit()
    assert store.count(Incident) == incidents


def test_a_token_authenticates_its_user_until_revoked_and_only_its_hash_is_kept(
    store: Store,
) -> None:
    store.ensure_customer("Globex")
    store.add_user("viewer@globex.example", role="customer-viewer", customer="Globex")
    token, secret = store.create_token("viewer@globex.example", name="ci")
    store.commit()
    user = store.authenticate_token(secret)
    assert user is not None
    assert (user.email, user.role, user.customer.name if user.customer else None) == (
        "viewer@globex.example",
        "customer-viewer",
        "Globex",
    )
    assert store.authenticate_token(secret + "x") is None
    stored = store.session.scalars(select(ApiToken.token_hash)).one()
    assert secret not in stored
    assert len(stored) == 64
    store.revoke_token(token.id)
    store.commit()
    assert store.authenticate_token(secret) is None


def test_a_password_signs_in_only_when_it_matches(store: Store) -> None:
    store.add_user("Ana@Example.com", role="provider-admin", password="correct horse")
    store.commit()
    user = store.authenticate_password("ana@example.com", "correct horse")
    assert user is not None
    assert user.role == "provider-admin"
    assert store.authenticate_password("ana@example.com", "wrong") is None
    assert store.authenticate_password("nobody@example.com", "correct horse") is None


@pytest.mark.parametrize(
    ("role", "customer", "message"),
    [
        ("boss", None, "role: expected one of"),  # unknown role
        ("customer-viewer", None, "needs --customer"),  # viewer without customer
        ("provider-agent", "Globex", "needs --customer"),  # customer on a provider role
    ],
)
def test_a_user_with_a_wrong_role_or_customer_is_refused(
    store: Store, role: str, customer: str | None, message: str
) -> None:
    store.ensure_customer("Globex")
    with pytest.raises(StoreError, match=message):
        store.add_user("x@example.com", role=role, customer=customer)


def test_a_second_user_with_the_same_email_is_refused_and_the_first_kept(store: Store) -> None:
    store.add_user("ana@example.com", role="provider-admin")
    with pytest.raises(StoreError, match="already exists"):
        store.add_user("ANA@example.com", role="provider-agent")
    store.commit()
    assert [u.role for u in store.users()] == ["provider-admin"]


def test_an_alert_delivery_is_recorded_once(store: Store) -> None:
    key = store.upload_contract_file(
        str(CONTRACTS / "003-previsoft.yaml"), accept_lint_errors=True
    ).contract.key
    event = store.record_event(key, "INC-1", event="notified", at=AT)
    incident_id = event.incident_id
    first = store.record_alert(
        incident_id, clock="resolution", transition="breached", channel="webhook", sent_at=AT
    )
    second = store.record_alert(
        incident_id, clock="resolution", transition="breached", channel="webhook", sent_at=AT
    )
    store.commit()
    assert first is not None
    assert second is None
    assert store.alert_sent(incident_id, "resolution", "breached", "webhook")
    assert not store.alert_sent(incident_id, "resolution", "at-risk", "webhook")


def test_services_come_from_the_contract(store: Store) -> None:
    key = store.upload_contract_file(
        str(CONTRACTS / "001-saas-annexes.yaml"), accept_lint_errors=True
    ).contract.key
    store.commit()
    names = store.session.scalars(select(Service.name).order_by(Service.name)).all()
    assert names == [
        s.id for s in sorted(store.loaded_contract(key).contract.services, key=lambda s: s.id)
    ]
