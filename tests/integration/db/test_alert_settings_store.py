"""Contracts' own alert settings in the store (SQLite and PostgreSQL): read back as
written, each change audited with the fields it changed (the ledger vouching for the
row), a save that changes nothing writing nothing, a row changed by SQL named by
``verify_data`` and, when it fails the checks, ignored in favour of the defaults."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db import audit
from slaledger.adapters.db.audit_data import verify_data
from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.db.models import AlertSetting, AuditEntry
from slaledger.adapters.db.store import Store
from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.domain.alerts import Transition

ROOT = Path(__file__).resolve().parents[3]
PREVISOFT = ROOT / "examples" / "contracts" / "003-previsoft.yaml"
CLEAN = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"
EVERYTHING = ContractAlertSettings(
    alert_recipients=("oncall@provider.test", "boss@provider.test"),
    statement_recipients=("dsi@le-client.test",),
    languages=("en", "fr"),
    risk_share=Decimal("0.6"),
    kinds=frozenset({Transition.BREACHED}),
    statement_emails=False,
)


@pytest.fixture
def two(store: Store) -> Store:
    """Two contracts, no settings of their own."""
    store.upload_contract_file(str(PREVISOFT), accept_lint_errors=True)
    store.upload_contract_file(str(CLEAN))
    store.commit()
    return store


def _entries(store: Store) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.entity == "alert_setting")
    return list(store.session.scalars(query.order_by(AuditEntry.seq)))


def test_a_contract_without_settings_of_its_own_has_none(two: Store) -> None:
    assert two.alert_settings(two.contract("previsoft-cgv")) is None
    assert two.alert_settings_by_contract() == {}


def test_settings_are_read_back_as_written_and_the_write_is_audited(two: Store) -> None:
    contract = two.contract("previsoft-cgv")
    two.actor = "admin@provider.test"
    assert two.set_alert_settings(contract, EVERYTHING) is True
    two.commit()
    two.session.expire_all()
    assert two.alert_settings(contract) == EVERYTHING
    other = two.contract("northwind-hosting-clean")
    assert two.alert_settings_by_contract() == {contract.id: EVERYTHING}
    assert two.alert_settings_by_contract([other.id]) == {}
    [entry] = _entries(two)
    assert (entry.action, entry.actor) == ("create", "admin@provider.test")
    payload = json.loads(entry.payload)
    assert payload["contract"] == "previsoft-cgv"
    assert payload["changed"] == [
        "alert_recipients",
        "statement_recipients",
        "languages",
        "risk_share",
        "kinds",
        "statement_emails",
    ]
    assert payload["languages"] == ["en", "fr"]
    assert payload["statement_emails"] is False
    assert payload["data"]["alert_setting"]["rows"] == 1  # the ledger vouches for the row
    row = two.alert_setting_rows([contract.id])[contract.id]
    assert row.updated_by == "admin@provider.test"
    assert row.updated_at.tzinfo is not None
    assert verify_data(two.session).ok
    assert audit.verify(two.session).ok


def test_saving_the_same_settings_writes_nothing_and_a_change_names_its_fields(
    two: Store,
) -> None:
    contract = two.contract("previsoft-cgv")
    assert two.set_alert_settings(contract, ContractAlertSettings()) is False  # the defaults
    assert two.count(AlertSetting) == 0
    two.set_alert_settings(contract, EVERYTHING)
    two.commit()
    assert two.set_alert_settings(contract, EVERYTHING) is False
    fewer = ContractAlertSettings(
        alert_recipients=EVERYTHING.alert_recipients, risk_share=Decimal("0.600000")
    )
    assert two.set_alert_settings(contract, fewer) is True
    two.commit()
    entries = _entries(two)
    assert [e.action for e in entries] == ["create", "update"]
    update_payload = json.loads(entries[-1].payload)
    assert update_payload["changed"] == [
        "statement_recipients",
        "languages",
        "kinds",
        "statement_emails",
    ]
    assert update_payload["kinds"] is None  # back to every kind
    assert two.alert_settings(contract) == fewer
    assert verify_data(two.session).ok


def test_a_row_changed_by_sql_is_named_and_if_refused_the_contract_takes_the_defaults(
    two: Store, caplog: pytest.LogCaptureFixture
) -> None:
    contract = two.contract("previsoft-cgv")
    two.set_alert_settings(contract, EVERYTHING)
    two.commit()
    two.session.execute(
        update(AlertSetting)
        .where(AlertSetting.contract_id == contract.id)
        .values(alert_recipients="attacker@evil.test")
    )
    two.commit()
    [broken] = verify_data(two.session).breaks
    assert str(broken).startswith("alert_setting row ")
    assert "changed outside the ledger" in str(broken)

    two.session.execute(
        update(AlertSetting).where(AlertSetting.contract_id == contract.id).values(languages="de")
    )
    two.commit()
    assert two.alert_settings_by_contract() == {}
    assert "alert settings of contract" in caplog.text
    assert "languages: expected fr, en or both" in caplog.text


def test_two_first_saves_at_once_let_one_through_and_refuse_the_other_clearly(
    two: Store, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = two.contract("previsoft-cgv")
    with sessions() as other_session:
        other = Store(other_session, actor="other@provider.test")
        # the other admin's page was read before the first save was committed
        monkeypatch.setattr(other, "_setting_row", lambda _contract: None)
        two.set_alert_settings(contract, EVERYTHING)
        two.commit()
        late = ContractAlertSettings(languages=("fr",))
        with pytest.raises(StoreError, match="were just saved by someone else"):
            other.set_alert_settings(other.contract("previsoft-cgv"), late)
        other.rollback()
    two.session.expire_all()
    assert two.alert_settings(contract) == EVERYTHING
    assert len(_entries(two)) == 1
