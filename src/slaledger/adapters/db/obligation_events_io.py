"""Obligation events in the store: an obligation events file (already checked by the
file reader against the contract's events and clauses) imported all or nothing, and read
back as the domain's ``Trigger`` objects, in the contract's zone.

An event is known by (event, at, ref, clause) within its contract: uploading a file again
updates the end and note of the events it names and adds the others; events the file
does not name stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from slaledger.adapters.db.models import Contract, ObligationEventRecord
from slaledger.adapters.db.writer import Writer, audit_import
from slaledger.domain.obligations.model import Trigger


def _identity(event: str, at: datetime, ref: str, clause: str) -> tuple[str, float, str, str]:
    return event, at.timestamp(), ref, clause


def import_obligation_events(
    store: Writer, contract_key: str, triggers: Sequence[Trigger], zone: str, source: str = ""
) -> int:
    """Add the events (read in the contract's ``zone``), or update those already stored
    under the same identity; one audit entry names the file, its rows and their digest."""
    contract = store.contract(contract_key)
    known = {
        _identity(r.event, r.at, r.ref, r.clause): r
        for r in store.session.scalars(
            select(ObligationEventRecord).where(ObligationEventRecord.contract_id == contract.id)
        )
    }
    for row, trigger in enumerate(triggers, start=1):
        ref, clause = trigger.ref or "", trigger.clause or ""
        key = _identity(trigger.event, trigger.at, ref, clause)
        record = known.get(key)
        if record is None:
            record = ObligationEventRecord(
                contract_id=contract.id, event=trigger.event, at=trigger.at, ref=ref, clause=clause
            )
            store.session.add(record)
            known[key] = record
        record.zone = zone
        record.whole_day = trigger.whole_day
        record.end = trigger.end
        record.note = trigger.note or ""
        record.source = source
        record.row = row
    store.session.flush()
    return audit_import(
        store, "obligation_event", contract_key, source, (_line(t) for t in triggers)
    )


def _line(trigger: Trigger) -> str:
    end = trigger.end.isoformat() if trigger.end is not None else ""
    return ",".join(
        (
            trigger.event,
            trigger.at.isoformat(),
            "day" if trigger.whole_day else "instant",
            end,
            trigger.ref or "",
            trigger.clause or "",
            trigger.note or "",
        )
    )


def stored_obligation_events(session: Session, contract: Contract) -> tuple[Trigger, ...]:
    """The contract's events in time order, their instants in the zone they were read in
    (a whole-day event's ``at`` is then local midnight, as the file reader gives it)."""
    records = session.scalars(
        select(ObligationEventRecord)
        .where(ObligationEventRecord.contract_id == contract.id)
        .order_by(ObligationEventRecord.at, ObligationEventRecord.id)
    )
    return tuple(
        Trigger(
            r.event,
            r.at.astimezone(ZoneInfo(r.zone)),
            whole_day=r.whole_day,
            end=None if r.end is None else r.end.astimezone(ZoneInfo(r.zone)),
            ref=r.ref or None,
            clause=r.clause or None,
            note=r.note or None,
        )
        for r in records
    )
