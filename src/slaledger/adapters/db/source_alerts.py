"""The source alerts' view of the database (``services/source_alerts.SourceAlertStore``):
a source's state (table ``source_state``) with what was announced of its latest
episode (table ``source_alert``), and the deliveries, each committed at once with its
audit entry (a crash after a send loses at most that one record)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.models import SourceAlert, SourceState
from slaledger.adapters.db.store import Store
from slaledger.adapters.db.unit_of_work import record_delivery_once
from slaledger.domain.message import msg
from slaledger.services.source_alerts import SourceStatus
from slaledger.services.source_notice import SourceTransition


class StoreSourceAlerts:
    """``SourceAlertStore`` on a Store (one session)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.session = store.session

    def _state(self, contract: str, source: str) -> SourceState | None:
        row = self.store.contract(contract)
        return self.session.scalar(
            select(SourceState).where(SourceState.contract_id == row.id, SourceState.key == source)
        )

    def source_status(self, contract: str, source: str) -> SourceStatus | None:
        state = self._state(contract, source)
        if state is None:
            return None
        episode = self.session.scalar(
            select(func.max(SourceAlert.episode)).where(
                SourceAlert.source_state_id == state.id,
                SourceAlert.transition == SourceTransition.FAILING.value,
            )
        )
        delivered: frozenset[tuple[SourceTransition, str]] = frozenset()
        if episode is not None:
            rows = self.session.execute(
                select(SourceAlert.transition, SourceAlert.channel).where(
                    SourceAlert.source_state_id == state.id, SourceAlert.episode == episode
                )
            ).all()
            delivered = frozenset((SourceTransition(t), c) for t, c in rows)
        own = self.store.alert_settings_by_contract([state.contract_id])
        return SourceStatus(
            contract=contract,
            source=source,
            kind=state.kind,
            synced_until=state.synced_until,
            last_success=state.last_success,
            failing_since=state.failing_since,
            last_error=state.last_error,
            announced_episode=episode,
            delivered=delivered,
            settings=own.get(state.contract_id),
        )

    def contract_words(self, contract: str, at: datetime) -> tuple[str, str]:
        try:
            terms = self.store.loaded_contract(contract, at=at).contract
        except NotFound:  # every version starts later: the latest speaks
            terms = self.store.loaded_contract(contract).contract
        return terms.title, terms.timezone

    def record_source_alert(
        self,
        contract: str,
        source: str,
        *,
        episode: datetime,
        transition: str,
        channel: str,
        sent_at: datetime,
    ) -> bool:
        state = self._state(contract, source)
        if state is None:  # pragma: no cover - announced sources have a state
            raise NotFound(msg("store.no-source-state", source=source, contract=contract))
        delivery = SourceAlert(
            source_state_id=state.id,
            episode=episode,
            transition=transition,
            channel=channel,
            sent_at=sent_at,
        )
        return record_delivery_once(
            self.store,
            delivery,
            "source_alert",
            {"source": f"{contract}/{source}", "episode": episode.isoformat()}
            | {"transition": transition, "channel": channel},
        )
