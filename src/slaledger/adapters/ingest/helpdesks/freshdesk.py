"""Freshdesk and Freshservice.

REST: ``GET /api/v2/tickets?include=stats&updated_since=...&order_by=updated_at&
order_type=asc``, paged by ``page``/``per_page`` while the ``Link`` header names a
next page; then, per ticket, ``GET /api/v2/tickets/{id}/activities``:
``{"activities": [{"content", "sub_contents", "created_at"}]}``, whose "set Status as
Pending" or "changed the status to Pending" lines are the status and priority changes.
Status codes 2-5 and priority codes 1-4 read as Freshdesk names them (below). The
``stats`` (``first_responded_at``, ``resolved_at``, ``closed_at``...) are instants;
``fr_due_by`` against ``stats.first_responded_at`` (``first_response``) and ``due_by``
against ``stats.resolved_at`` (``resolution``) are Freshdesk's own verdicts.
Authentication: the API key as the user name of basic authentication (``--token``).

A ticket is created Open: a status change without a known previous status leaves Open.
Files: saved API answers (see ``recorded``): the tickets and each one's activities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from slaledger.adapters.files.helpdesk_mapping import LoadedMapping
from slaledger.adapters.ingest.helpdesks.common import epoch, looks_like_instant, refused, text_of
from slaledger.adapters.ingest.helpdesks.http import HelpdeskHttp
from slaledger.adapters.ingest.helpdesks.recorded import recorded_tickets
from slaledger.adapters.ingest.ticket_registry import SourceOptions, TicketSource, register
from slaledger.domain.helpdesk.tickets import Change, Ticket, VendorVerdict

PAGE = 100
STATUS = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}
PRIORITY = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}
CREATED_STATUS = "Open"
_ACTIVITY = re.compile(
    r"(?:set|changed)\s+(?:the\s+)?(?P<field>status|priority)\s+(?:as|to)\s+(?P<value>.+?)\s*\.?$",
    re.IGNORECASE,
)
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


def _named(value: Any, names: dict[int, str]) -> str | None:
    text = text_of(value)
    if text is not None and text.strip().isdigit() and int(text) in names:
        return names[int(text)]
    return text


def parse_ticket(
    ticket: dict[str, Any], activities: dict[str, Any] | list[Any], *, zone: str | None, origin: str
) -> Ticket:
    key = str(ticket.get("id"))
    where = f"{origin} ticket {key}"
    flat = {k: v for k, v in ticket.items() if not isinstance(v, dict | list)}
    flat.update({f"stats.{k}": v for k, v in (ticket.get("stats") or {}).items()})
    flat.update((ticket.get("custom_fields") or {}).items())
    fields: dict[str, str | None] = {}
    instants: dict[str, int] = {}
    for name, value in flat.items():
        text = text_of(value)
        fields[name] = text
        if looks_like_instant(text):
            instants[name] = epoch(text, where=where, field=name, zone=zone)
    fields["status"] = _named(ticket.get("status"), STATUS)
    fields["priority"] = _named(ticket.get("priority"), PRIORITY)
    created = epoch(ticket.get("created_at"), where=where, field="created_at", zone=zone)
    entries = activities.get("activities", []) if isinstance(activities, dict) else activities
    changes: list[Change] = []
    last: dict[str, str | None] = {"status": CREATED_STATUS}
    ordered = sorted(enumerate(entries), key=lambda pair: (str(pair[1].get("created_at")), pair[0]))
    for position, entry in ordered:
        at = epoch(entry.get("created_at"), where=where, field=f"activity {position}", zone=zone)
        lines = [entry.get("content") or "", *(entry.get("sub_contents") or [])]
        for line_number, line in enumerate(lines):
            found = _ACTIVITY.search(str(line).strip())
            if not found:
                continue
            name = found.group("field").lower()
            value = found.group("value").strip()
            if name == "priority" and at == created and name not in last:
                last[name] = value  # the priority the ticket was created with
                continue
            changes.append(Change(f"{position}.{line_number}", at, name, last.get(name), value))
            last[name] = value
    sla = []
    for name, deadline, done in (
        ("first_response", "fr_due_by", "stats.first_responded_at"),
        ("resolution", "due_by", "stats.resolved_at"),
    ):
        if deadline in instants:
            sla.append(VendorVerdict(name, instants[deadline], instants.get(done)))
    return Ticket(
        key=key,
        created=created,
        fields=fields,
        changes=tuple(changes),
        updated=instants.get("updated_at"),
        sla=tuple(sla),
        origin=where,
        instants=instants,
    )


def _since(since: datetime | None) -> datetime:
    return (since or datetime(1970, 1, 2, tzinfo=UTC)).astimezone(UTC) - timedelta(seconds=1)


class FreshdeskConnector:
    def __init__(self, http: HelpdeskHttp, *, zone: str | None, query: str | None = None) -> None:
        self.http = http
        self.zone = zone
        self.query = query

    def updated_since(self, since: datetime | None) -> list[Ticket]:
        first: dict[str, Any] = {
            "include": "stats",
            "order_by": "updated_at",
            "order_type": "asc",
            "per_page": PAGE,
            "page": 1,
            # without updated_since Freshdesk lists only the last 30 days
            "updated_since": f"{_since(since):%Y-%m-%dT%H:%M:%SZ}",
        }
        if self.query:
            first["filter"] = self.query
        params: dict[str, Any] | None = first
        path = "api/v2/tickets"
        tickets: list[Ticket] = []
        while path:
            rows, response = self.http.json(path, params)
            where = f"GET {response.url}"
            for row in rows:
                activities, _ = self.http.json(f"api/v2/tickets/{row['id']}/activities")
                tickets.append(parse_ticket(row, activities, zone=self.zone, origin=where))
            following = _NEXT.search(response.headers.get("Link", ""))
            path, params = (following.group(1), None) if following else ("", None)
        return tickets


def read_api(options: SourceOptions, mapping: LoadedMapping) -> list[Ticket]:
    if not options.url or not options.token:
        raise refused("command line", "--url and --token (the API key)", "nothing", "--token")
    with HelpdeskHttp(options.url, auth=(options.token, "X")) as http:
        return FreshdeskConnector(
            http, zone=mapping.model.timezone, query=mapping.model.tickets.query
        ).updated_since(options.since)


def read_files(paths: Sequence[Path], mapping: LoadedMapping) -> list[Ticket]:
    return recorded_tickets(
        paths, history_kind="activities answer", zone=mapping.model.timezone, parse=parse_ticket
    )


register(
    TicketSource(
        "freshdesk",
        "Freshdesk / Freshservice (tickets with stats, activities)",
        read_api,
        read_files,
    )
)
