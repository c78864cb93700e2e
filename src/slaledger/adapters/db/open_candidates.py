"""The incidents that may be open at an instant (notified by then, neither restored nor
closed by then), for every contract at once, kept in memory while nothing changed them.

Finding them reads every incident event, which grows with the ledger (a year of 500
contracts is some 400,000 events) while the answer is a handful of incidents. The set
depends only on the stored events and on which of them are dated at or before the
instant; so it is kept under the audit chain's last entry (every write of an event
appends one: the chain moves with any write) with the span of instants it holds for,
from the last event dated at or before the instant to the first dated after it. A read
whose chain entry moved while it read keeps nothing. Per process.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from slaledger.adapters.db.lru import Lru
from slaledger.adapters.db.models import AuditEntry, Incident, IncidentEvent


@dataclass(frozen=True)
class _Known:
    since: datetime | None  # the last event dated at or before the instant asked
    until: datetime | None  # the first dated after it
    found: dict[int, list[str]]  # contract id -> incident keys

    def holds_at(self, moment: datetime) -> bool:
        return (self.since is None or self.since <= moment) and (
            self.until is None or moment < self.until
        )


_KNOWN: Lru[tuple[str, tuple[int, str]], _Known] = Lru(16)


def open_candidates(
    session: Session, contract_ids: Collection[int], moment: datetime
) -> dict[int, list[str]]:
    """Contract id -> keys of its incidents that may be open at ``moment`` (those of
    ``contract_ids``)."""
    database = str(session.get_bind().engine.url)
    before = _last_entry(session)
    known = _KNOWN.get((database, before))
    if known is None or not known.holds_at(moment):
        known = _computed(session, moment)
        if _last_entry(session) == before:
            _KNOWN.put((database, before), known)
    return {cid: list(keys) for cid, keys in known.found.items() if cid in contract_ids}


def _computed(session: Session, moment: datetime) -> _Known:
    ended = select(IncidentEvent.incident_id).where(
        IncidentEvent.event.in_(("restored", "closed")), IncidentEvent.at <= moment
    )
    started = select(IncidentEvent.incident_id).where(
        IncidentEvent.event == "notified", IncidentEvent.at <= moment
    )
    found: defaultdict[int, list[str]] = defaultdict(list)
    for cid, key in session.execute(
        select(Incident.contract_id, Incident.key)
        .where(Incident.id.in_(started), Incident.id.not_in(ended))
        .order_by(Incident.contract_id, Incident.key)
    ):
        found[cid].append(key)
    since, until = session.execute(
        select(
            func.max(case((IncidentEvent.at <= moment, IncidentEvent.at))),
            func.min(case((IncidentEvent.at > moment, IncidentEvent.at))),
        )
    ).one()
    return _Known(since, until, dict(found))


def _last_entry(session: Session) -> tuple[int, str]:
    found = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (0, "") if found is None else (int(found.seq), str(found.hash))


def forget() -> None:
    """Drop what is kept (tests)."""
    _KNOWN.clear()
