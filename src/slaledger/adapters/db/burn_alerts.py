"""The burn-rate alerts' view of the database (``services/burn_alerts.BurnAlertStore``):
each contract's terms in force, its stored observations, its own rules (table
``burn_setting``, else the defaults) and alert settings, and the deliveries (table
``burn_alert``), each committed at once with its audit entry."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from slaledger.adapters.db import loaders
from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.models import BurnAlert, BurnSetting
from slaledger.adapters.db.models import Contract as ContractRow
from slaledger.adapters.db.store import Store
from slaledger.adapters.db.unit_of_work import record_delivery_once
from slaledger.adapters.notify.storage import _calendars, _terms
from slaledger.domain.burn import DEFAULT_RULES, BurnRule, parse_rules
from slaledger.services.burn_alerts import BurnWatched

log = logging.getLogger(__name__)

#: observations older than this before ``now`` are not loaded (the longest period a
#: clause measures is a year)
HISTORY = timedelta(days=400)


def burn_rules(store: Store, contract: ContractRow) -> tuple[BurnRule, ...] | None:
    """The contract's own rules (None: the defaults); a stored text that no longer
    parses is logged and ignored."""
    row = _setting(store, contract)
    if row is None:
        return None
    try:
        return parse_rules(row.rules)
    except ValueError as exc:
        log.error("burn rules of contract %s ignored: %s", contract.key, exc)
        return None


def set_burn_rules(store: Store, contract: ContractRow, rules: Sequence[BurnRule] | None) -> bool:
    """Store the contract's rules (None: back to the defaults); True when something
    changed, then audited (``create``, ``update`` or ``delete`` of ``burn_setting``)."""
    row = _setting(store, contract)
    text = None if rules is None else ", ".join(str(r) for r in rules)
    if (row is None and text is None) or (row is not None and row.rules == text):
        return False
    payload = {"contract": contract.key, "rules": text}
    if text is None:
        assert row is not None
        store.append_audit("delete", "burn_setting", row.id, payload)
        store.session.delete(row)
        store.session.flush()
        return True
    if row is None:
        row = BurnSetting(contract_id=contract.id, rules=text, updated_at=store.clock(),
                          updated_by=store.actor)  # fmt: skip
        store.session.add(row)
        action = "create"
    else:
        row.rules, row.updated_at, row.updated_by = text, store.clock(), store.actor
        action = "update"
    store.session.flush()
    store.append_audit(action, "burn_setting", row.id, payload)
    return True


def _setting(store: Store, contract: ContractRow) -> BurnSetting | None:
    return store.session.scalar(select(BurnSetting).where(BurnSetting.contract_id == contract.id))


class StoreBurnAlerts:
    """``BurnAlertStore`` on a Store (one session)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.session = store.session

    def burn_watched(self, *, now: datetime) -> Sequence[BurnWatched]:
        rows = self.store.contracts()
        own = self.store.alert_settings_by_contract([r.id for r in rows])
        watched = []
        for row in rows:
            try:
                terms = _terms(self.session, row, now)
            except NotFound:
                continue  # no version stored yet
            if not terms.availability:
                continue
            delivered = self.session.execute(
                select(BurnAlert.clause, BurnAlert.severity, BurnAlert.episode, BurnAlert.channel)
                .where(BurnAlert.contract_id == row.id)
                .where(BurnAlert.episode >= now - HISTORY)
            ).all()
            watched.append(
                BurnWatched(
                    contract=terms,
                    observations=self.store.observations(row.key, start=now - HISTORY, now=now),
                    calendars=_calendars(terms),
                    opened=loaders.opening_date(row),
                    rules=burn_rules(self.store, row) or DEFAULT_RULES,
                    settings=own.get(row.id),
                    delivered=frozenset((c, s, int(e.timestamp()), n) for c, s, e, n in delivered),
                    key=row.key,
                )
            )
        return watched

    def record_burn_alert(
        self,
        contract: str,
        *,
        clause: str,
        severity: str,
        episode: datetime,
        channel: str,
        sent_at: datetime,
    ) -> bool:
        row = self.store.contract(contract)
        delivery = BurnAlert(contract_id=row.id, clause=clause, severity=severity,
                             episode=episode, channel=channel, sent_at=sent_at)  # fmt: skip
        return record_delivery_once(
            self.store,
            delivery,
            "burn_alert",
            {"contract": contract, "clause": clause, "severity": severity}
            | {"episode": episode.isoformat(), "channel": channel},
        )
