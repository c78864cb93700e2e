"""The alerts' view of the database, over the Store (adapters/db/store.py).

Incidents worth watching: those not closed, or closed at or after the look-back instant
(a clock that breached just before its incident was closed, while the service was down,
still gets its alert), each with the contract's own alert settings when it stores some
(``Store.alert_settings_by_contract``). Deliveries go through ``Store.record_alert``,
which appends the audit entry in the same transaction; each one is committed at once, so
a crash after a send loses at most that one record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from slaledger.adapters.db import loaders
from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.models import AlertDelivery, Contract, Incident, IncidentEvent
from slaledger.adapters.db.store import Store
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.contract import Contract as Terms
from slaledger.services.alerts import WatchedContract
from slaledger.services.incidents import CalendarFor

#: built calendars of each contract, kept while the contract's terms do not change
_CALENDARS: dict[str, tuple[Terms, CalendarFor]] = {}


class StoreAlerts:
    """``services.alerts.AlertStore`` on a Store (one session)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.session = store.session

    def watched(self, *, since: datetime, now: datetime) -> Sequence[WatchedContract]:
        closed_long_ago = exists().where(
            and_(
                IncidentEvent.incident_id == Incident.id,
                IncidentEvent.event == "closed",
                IncidentEvent.at < since,
            )
        )
        rows = self.session.execute(
            select(Incident.contract_id, Incident.id, Incident.key)
            .where(~closed_long_ago)
            .order_by(Incident.contract_id, Incident.key)
        ).all()
        keys: dict[int, dict[str, int]] = {}
        for contract_id, incident_id, key in rows:
            keys.setdefault(contract_id, {})[key] = incident_id
        own = self.store.alert_settings_by_contract(list(keys))
        watched = []
        for contract_id, incidents in keys.items():
            row = self.session.get(Contract, contract_id)
            if row is None:  # pragma: no cover - a foreign key guarantees it
                continue
            terms = _terms(self.session, row, now)
            table = loaders.incident_table(self.session, row, keys=list(incidents))
            delivered = self.session.execute(
                select(
                    Incident.key,
                    AlertDelivery.clock,
                    AlertDelivery.transition,
                    AlertDelivery.channel,
                )
                .join(Incident, Incident.id == AlertDelivery.incident_id)
                .where(AlertDelivery.incident_id.in_(list(incidents.values())))
            ).all()
            watched.append(
                WatchedContract(
                    contract=terms,
                    table=table,
                    calendars=_calendars(terms),
                    delivered=frozenset((k, c, t, n) for k, c, t, n in delivered),
                    settings=own.get(contract_id),
                )
            )
        return watched

    def _incident_id(self, contract: str, incident: str) -> int:
        found = self.session.scalar(
            select(Incident.id)
            .join(Contract, Contract.id == Incident.contract_id)
            .where(Contract.key == contract, Incident.key == incident)
        )
        if found is None:
            raise LookupError(f"no incident '{incident}' in contract '{contract}'")
        return found

    def is_delivered(
        self, contract: str, incident: str, *, clock: str, transition: str, channel: str
    ) -> bool:
        incident_id = self._incident_id(contract, incident)
        return self.store.alert_sent(incident_id, clock, transition, channel)

    def record_delivery(
        self,
        contract: str,
        incident: str,
        *,
        clock: str,
        transition: str,
        channel: str,
        sent_at: datetime,
    ) -> bool:
        incident_id = self._incident_id(contract, incident)
        delivery = self.store.record_alert(
            incident_id,
            clock=clock,
            transition=transition,
            channel=channel,
            sent_at=sent_at,
            detail=f"{contract} {incident}",
        )
        self.store.commit()
        return delivery is not None


def _terms(session: Session, row: Contract, now: datetime) -> Terms:
    """The version in force at ``now``; the latest when all start later (a contract
    uploaded today with no effective date still watches incidents recorded before)."""
    try:
        return loaders.loaded_contract(session, row, at=now).contract
    except NotFound:
        return loaders.loaded_contract(session, row).contract


def _calendars(terms: Terms) -> CalendarFor:
    cached = _CALENDARS.get(terms.id)
    if cached is not None and cached[0] == terms:
        return cached[1]
    built = contract_calendars(terms)
    _CALENDARS[terms.id] = (terms, built)
    return built
