"""The helpdesks' own SLA verdicts (table ``helpdesk_verdict``, docs/helpdesks.md).

Written by a helpdesk source's sync in the transaction of its events, and by ``sla
ingest tickets --db``: the rows of the tickets delivered are set to what the helpdesk
now says (a row unchanged is left as it is, so a second sync of the same answers writes
nothing; a clock the mapping no longer pairs loses its row). Read by the API and the
dashboard's side-by-side page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from slaledger.adapters.db import models
from slaledger.adapters.db.bulk_writes import bulk_insert
from slaledger.adapters.db.writer import Writer
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.helpdesk.compare import HelpdeskVerdict
from slaledger.domain.helpdesk.tickets import VendorVerdict

_CHUNK = 500
Row = models.HelpdeskVerdict


def _instant(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


def _facts(found: HelpdeskVerdict, at: int) -> dict[str, object]:
    timer = found.timer
    return {
        "timer": found.timer_name if timer else "",
        "verdict": found.verdict(at),
        "breached": timer.breached if timer else None,
        "target_at": _instant(timer.deadline) if timer else None,
        "goal_seconds": timer.goal_seconds if timer else None,
        "observed_at": _instant(timer.done_at) if timer else None,
    }


def store_verdicts(
    store: Writer,
    contract_key: str,
    source: str,
    verdicts: Sequence[HelpdeskVerdict],
    *,
    tickets: Sequence[str],
    at: datetime,
) -> int:
    """Set the verdicts of ``tickets`` (the tickets delivered) from ``source`` to
    ``verdicts``; returns the rows added or changed. One audit entry when anything was
    written or removed (none for a sync that changes nothing)."""
    contract = store.contract(contract_key)
    keys = sorted(set(tickets) | {v.ticket for v in verdicts})
    stored: dict[tuple[str, str], Row] = {}
    for start in range(0, len(keys), _CHUNK):
        for known in store.session.scalars(
            select(Row).where(
                Row.contract_id == contract.id,
                Row.source == source,
                Row.ticket.in_(keys[start : start + _CHUNK]),
            )
        ):
            stored[(known.ticket, known.clock)] = known
    moment = to_epoch(at)
    added: list[dict[str, object]] = []
    changed = 0
    for found in verdicts:
        facts = _facts(found, moment)
        row = stored.pop((found.ticket, found.clock), None)
        if row is None:
            added.append(
                {
                    "contract_id": contract.id,
                    "source": source,
                    "ticket": found.ticket,
                    "clock": found.clock,
                    **facts,
                    "synced_at": at,
                }
            )
            continue
        if all(getattr(row, name) == value for name, value in facts.items()):
            continue
        for name, value in facts.items():
            setattr(row, name, value)
        row.synced_at = at
        changed += 1
    for gone in stored.values():
        store.session.delete(gone)
    store.session.flush()
    bulk_insert(store, Row, added)  # many new tickets (a first sync): one executemany
    written = changed + len(added)
    if written or stored:
        store.append_audit(
            "sync",
            "helpdesk_verdict",
            contract_key,
            {"source": source, "tickets": len(keys), "written": written, "removed": len(stored)},
        )
    return written


@dataclass(frozen=True)
class StoredVerdict:
    source: str
    verdict: HelpdeskVerdict
    synced_at: datetime


def _epoch(at: datetime | None) -> int | None:
    return None if at is None else to_epoch(at)


def stored_verdicts(store: Writer, contract_key: str) -> list[StoredVerdict]:
    """The contract's stored verdicts, by source, ticket and clock."""
    contract = store.contract(contract_key)
    rows = store.session.scalars(
        select(Row)
        .where(Row.contract_id == contract.id)
        .order_by(Row.source, Row.ticket, Row.clock)
    )
    return [
        StoredVerdict(
            row.source,
            HelpdeskVerdict(
                row.ticket,
                row.clock,
                row.timer,
                VendorVerdict(
                    row.timer,
                    _epoch(row.target_at),
                    _epoch(row.observed_at),
                    row.breached,
                    row.goal_seconds,
                )
                if row.timer
                else None,
            ),
            row.synced_at,
        )
        for row in rows
    ]
