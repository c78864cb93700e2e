"""Zammad.

REST: ``GET /api/v1/tickets/search?query=...&expand=true`` (the mapping's query, and
``updated_at:>=`` the instant asked; ``/api/v1/tickets?expand=true`` when neither),
paged by ``page``/``per_page`` until a short page; then, per ticket,
``GET /api/v1/ticket_history/{id}``: ``{"history": [{id, object, type, attribute,
value_from, value_to, created_at}], "assets": ...}``; the Ticket's ``updated`` entries
are its history (``state``, ``priority``, ``group``...). With ``expand=true`` a ticket
names its ``state``, ``priority``, ``group`` and ``organization``. Zammad's SLA
escalation times (``first_response_escalation_at`` against ``first_response_at``,
``update_escalation_at``, ``close_escalation_at`` against ``close_at``) are its own
verdicts, named ``first_response``, ``update`` and ``close``; its
``<timer>_diff_in_min`` (negative: late), when set, is its word on a breach.
Authentication: ``Authorization: Token token=...``.

Files: saved API answers (see ``recorded``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from slaledger.adapters.files.helpdesk_mapping import LoadedMapping
from slaledger.adapters.ingest.helpdesks.common import epoch, looks_like_instant, refused, text_of
from slaledger.adapters.ingest.helpdesks.http import HelpdeskHttp, Page, pages
from slaledger.adapters.ingest.helpdesks.recorded import recorded_tickets
from slaledger.adapters.ingest.ticket_registry import SourceOptions, TicketSource, register
from slaledger.domain.helpdesk.tickets import Change, Ticket, VendorVerdict
from slaledger.domain.message import msg

PAGE = 100
TIMERS = (
    ("first_response", "first_response_escalation_at", "first_response_at"),
    ("update", "update_escalation_at", None),
    ("close", "close_escalation_at", "close_at"),
)


def _diff_minutes(ticket: dict[str, Any], name: str) -> int | None:
    """Zammad's ``<timer>_diff_in_min``: the SLA's time less the time taken, in business
    minutes (negative: late), set once the timer stopped."""
    value = ticket.get(f"{name}_diff_in_min")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def _verdicts(ticket: dict[str, Any], instants: dict[str, int]) -> tuple[VendorVerdict, ...]:
    found = []
    for name, deadline, done in TIMERS:
        diff = _diff_minutes(ticket, name)
        if deadline not in instants and diff is None:
            continue
        found.append(
            VendorVerdict(
                name,
                instants.get(deadline),
                instants.get(done) if done else None,
                breached=None if diff is None else diff < 0,
            )
        )
    return tuple(found)


def parse_ticket(
    ticket: dict[str, Any], history: dict[str, Any] | list[Any], *, zone: str | None, origin: str
) -> Ticket:
    key = str(ticket.get("number") or ticket.get("id"))
    where = f"{origin} ticket {key}"
    fields: dict[str, str | None] = {}
    instants: dict[str, int] = {}
    for name, value in ticket.items():
        if isinstance(value, dict | list) and name != "tags":
            continue
        text = text_of(value)
        fields[name] = text
        if looks_like_instant(text):
            instants[name] = epoch(text, where=where, field=name, zone=zone)
    entries = history.get("history", []) if isinstance(history, dict) else history
    changes = []
    for entry in sorted(entries, key=lambda e: int(e.get("id") or 0)):
        kind = entry.get("type") or entry.get("history_type")
        obj = entry.get("object") or entry.get("history_object")
        attribute = entry.get("attribute") or entry.get("history_attribute")
        if obj != "Ticket" or kind != "updated" or not attribute:
            continue
        changes.append(
            Change(
                history_id=str(entry.get("id")),
                at=epoch(
                    entry.get("created_at"),
                    where=where,
                    field=f"history {entry.get('id')}",
                    zone=zone,
                ),
                field=str(attribute),
                before=text_of(entry.get("value_from")),
                after=text_of(entry.get("value_to")),
            )
        )
    sla = _verdicts(ticket, instants)
    return Ticket(
        key=key,
        created=epoch(ticket.get("created_at"), where=where, field="created_at", zone=zone),
        fields=fields,
        changes=tuple(changes),
        updated=instants.get("updated_at"),
        sla=sla,
        origin=where,
        instants=instants,
    )


class ZammadConnector:
    def __init__(self, http: HelpdeskHttp, *, query: str | None, zone: str | None) -> None:
        self.http = http
        self.query = query
        self.zone = zone

    def updated_since(self, since: datetime | None) -> list[Ticket]:
        parts = [f"({self.query})"] if self.query else []
        if since is not None:
            moment = (since - timedelta(seconds=1)).astimezone(UTC)
            parts.append(f"updated_at:>={moment:%Y-%m-%dT%H:%M:%SZ}")
        path = "api/v1/tickets/search" if parts else "api/v1/tickets"

        def read(page: int) -> Page:
            params: dict[str, Any] = {"expand": "true", "page": page, "per_page": PAGE}
            if parts:
                params.update(query=" AND ".join(parts), sort_by="updated_at", order_by="asc")
            found, response = self.http.json(path, params)
            rows = found if isinstance(found, list) else found.get("tickets", [])
            return rows, None, f"GET {response.url.copy_with(query=None)} page {page}"

        tickets: list[Ticket] = []
        for rows, where in pages(read, size=PAGE, first=1, numbered=True):
            for row in rows:
                history, _ = self.http.json(f"api/v1/ticket_history/{row['id']}")
                tickets.append(parse_ticket(row, history, zone=self.zone, origin=where))
        return tickets


def read_api(options: SourceOptions, mapping: LoadedMapping) -> list[Ticket]:
    if not options.url or not options.token:
        raise refused(
            "command line",
            msg("input.ingest.zammad-options"),
            msg("input.found.nothing"),
            "--token",
        )
    headers = {"Authorization": f"Token token={options.token}"}
    with HelpdeskHttp(options.url, headers=headers) as http:
        connector = ZammadConnector(
            http, query=mapping.model.tickets.query, zone=mapping.model.timezone
        )
        return connector.updated_since(options.since)


def read_files(paths: Sequence[Path], mapping: LoadedMapping) -> list[Ticket]:
    return recorded_tickets(
        paths, history_kind="ticket_history answer", zone=mapping.model.timezone, parse=parse_ticket
    )


register(TicketSource("zammad", "Zammad (tickets search and ticket_history)", read_api, read_files))
