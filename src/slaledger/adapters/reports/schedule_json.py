"""An obligations schedule as JSON values, the same for ``sla obligations --format json``
and ``GET /api/contracts/{id}/obligations``: instants ISO 8601 with their offset, days
YYYY-MM-DD; each item names its clause and article (the iCalendar feed is ics.py).

Summaries, rules and notes are messages: the edge that writes the document renders them
with ``adapters.i18n.json.localized`` (the text, and its id and parameters beside it)."""

from __future__ import annotations

from typing import Any

from slaledger.domain.obligations.model import Item
from slaledger.domain.obligations.schedule import Schedule


def _item_json(item: Item) -> dict[str, Any]:
    trigger = item.trigger
    return {
        "kind": item.kind.value,
        "category": item.category.value,
        "clause": item.clause_id,
        "article": item.article,
        "summary": item.summary,
        "rule": item.rule,
        "due": item.due.isoformat(),
        "last_day": item.last_day.isoformat(),
        "end_of_day": item.end_of_day,
        "opens": item.opens,
        "notice": item.is_notice,
        "act_by": item.act_by.isoformat() if item.act_by else None,
        "owed_by": [p.value for p in item.owed_by],
        "calendar": item.calendar,
        "trigger": None
        if trigger is None
        else {
            "event": trigger.event,
            "at": trigger.at.date().isoformat() if trigger.whole_day else trigger.at.isoformat(),
            "ref": trigger.ref,
        },
        "details": dict(item.details),
    }


def schedule_json(schedule: Schedule) -> dict[str, Any]:
    return {
        "contract": schedule.contract_id,
        "title": schedule.title,
        "timezone": schedule.zone,
        "from": schedule.start.isoformat(),
        "to": schedule.end.isoformat(),
        "items": [_item_json(i) for i in schedule.items],
        "windows": [
            {
                "clause": w.clause_id,
                "summary": w.summary,
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
            }
            for w in schedule.windows
        ],
        "recurring": [
            {
                "clause": s.clause_id,
                "summary": s.summary,
                "rule": s.rule,
                "ics_rule": s.ics_rule,
                "occurrences": [
                    {"start": w.start.isoformat(), "end": w.end.isoformat()} for w in s.occurrences
                ],
            }
            for s in schedule.recurring
        ],
        "backups": [
            {
                "clause": b.clause_id,
                "frequency": b.frequency.value,
                "from": b.first.isoformat(),
                "to": b.last.isoformat(),
                "periods": b.periods,
                "missed": [d.isoformat() for d in b.missed],
                "compliant": b.compliant,
            }
            for b in schedule.backups
        ],
        "notes": list(schedule.notes),
    }
