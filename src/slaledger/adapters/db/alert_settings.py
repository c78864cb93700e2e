"""Contracts' own alert and statement e-mail settings (table ``alert_setting``): read as
``domain.alert_settings.ContractAlertSettings``, written with an audit entry naming the
fields changed and their new values (a save that changes nothing writes nothing)."""

from __future__ import annotations

import logging
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from slaledger.adapters.db.models import AlertSetting, Contract
from slaledger.adapters.db.unit_of_work import UnitOfWork, add_or_refuse
from slaledger.domain.alert_settings import (
    BAD_KIND,
    ContractAlertSettings,
    SettingProblem,
    SettingsError,
)
from slaledger.domain.alerts import Transition
from slaledger.domain.message import msg

log = logging.getLogger(__name__)

AUDIT_ENTITY = "alert_setting"
#: the settings' fields, in the order the audit entry and the page give them
FIELDS = (
    "alert_recipients",
    "statement_recipients",
    "languages",
    "risk_share",
    "kinds",
    "statement_emails",
)


class AlertSettingsStore(UnitOfWork):
    """The alert settings part of the Store."""

    def alert_settings(self, contract: Contract) -> ContractAlertSettings | None:
        """The contract's own settings; None when it stores none."""
        row = self._setting_row(contract)
        return None if row is None else settings_of(row)

    def alert_settings_by_contract(
        self, contract_ids: Collection[int] | None = None
    ) -> dict[int, ContractAlertSettings]:
        """The settings stored for these contracts (every contract when None), by
        contract id. A row that fails the checks (written outside the ledger) is left
        out, and logged: the contract falls back to the service's settings."""
        query = select(AlertSetting)
        if contract_ids is not None:
            query = query.where(AlertSetting.contract_id.in_(list(contract_ids)))
        found: dict[int, ContractAlertSettings] = {}
        for row in self.session.scalars(query):
            try:
                found[row.contract_id] = settings_of(row)
            except SettingsError as exc:
                log.error("alert settings of contract %s ignored: %s", row.contract_id, exc)
        return found

    def alert_setting_rows(self, contract_ids: Collection[int]) -> dict[int, AlertSetting]:
        """The stored rows (who changed them last, and when), by contract id."""
        query = select(AlertSetting).where(AlertSetting.contract_id.in_(list(contract_ids)))
        return {row.contract_id: row for row in self.session.scalars(query)}

    def set_alert_settings(self, contract: Contract, settings: ContractAlertSettings) -> bool:
        """Store the contract's settings; True when something changed (then audited:
        ``create`` or ``update`` of ``alert_setting``, with the fields changed). Raises
        StoreError when another session created the contract's row meanwhile."""
        row = self._setting_row(contract)
        before = settings_of(row) if row is not None else ContractAlertSettings()
        changed = [f for f in FIELDS if getattr(before, f) != getattr(settings, f)]
        if not changed:
            return False  # as stored (or the defaults, when nothing is): nothing to write
        values = columns_of(settings)
        action = "update"
        stamp = {"updated_at": self.clock(), "updated_by": self.actor}
        if row is None:
            action = "create"
            row = AlertSetting(contract_id=contract.id, **values, **stamp)
            # two first saves at once: the unique contract_id lets one through
            add_or_refuse(
                self.session,
                row,
                msg("store.alerts-saved-meanwhile", contract=contract.key),
            )
        else:
            for name, value in (values | stamp).items():
                setattr(row, name, value)
            self.session.flush()
        self.append_audit(
            action,
            AUDIT_ENTITY,
            row.id,
            {"contract": contract.key, "changed": changed}
            | {f: audit_value(getattr(settings, f)) for f in changed},
        )
        return True

    def _setting_row(self, contract: Contract) -> AlertSetting | None:
        return self.session.scalar(
            select(AlertSetting).where(AlertSetting.contract_id == contract.id)
        )


def columns_of(settings: ContractAlertSettings) -> dict[str, Any]:
    """The row's columns for these settings (None stays None: the default)."""
    kinds = settings.kinds
    return {
        "alert_recipients": _joined(settings.alert_recipients, ", "),
        "statement_recipients": _joined(settings.statement_recipients, ", "),
        "languages": _joined(settings.languages, ","),
        "risk_share": settings.risk_share,
        "alert_kinds": None if kinds is None else ",".join(kind_names(kinds)),
        "statement_emails": settings.statement_emails,
    }


def settings_of(row: AlertSetting) -> ContractAlertSettings:
    """The settings a row holds; SettingsError when they fail the checks."""
    kinds = None
    if row.alert_kinds is not None:
        known = {t.value: t for t in Transition}
        named = _split(row.alert_kinds)
        if any(k not in known for k in named):
            raise SettingsError([SettingProblem("kinds", BAD_KIND, row.alert_kinds)])
        kinds = frozenset(known[k] for k in named)
    share = row.risk_share
    return ContractAlertSettings(
        alert_recipients=_list(row.alert_recipients),
        statement_recipients=_list(row.statement_recipients),
        languages=_list(row.languages),
        risk_share=None if share is None else Decimal(share),
        kinds=kinds,
        statement_emails=row.statement_emails,
    )


def audit_value(value: object) -> object:
    """A setting as the audit entry writes it (lists as lists, kinds in order)."""
    if isinstance(value, frozenset):
        return kind_names(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Decimal):
        return str(value.normalize())
    return value


def kind_names(kinds: Collection[Transition]) -> list[str]:
    """The kinds' names in the order they happen (at-risk, breached)."""
    return [t.value for t in Transition if t in kinds]


def _joined(values: tuple[str, ...] | None, separator: str) -> str | None:
    return None if values is None else separator.join(values)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _list(text: str | None) -> tuple[str, ...] | None:
    return None if text is None else _split(text)
