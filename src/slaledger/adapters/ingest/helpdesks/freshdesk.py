"""Freshdesk, and Freshservice (its IT service desk sibling, whose API differs in history).

Both: ``GET /api/v2/tickets?include=stats&updated_since=...&order_by=updated_at&
order_type=asc``, paged by ``page``/``per_page`` while the ``Link`` header names a next
page (without ``updated_since`` Freshdesk lists only the last 30 days). Status codes 2-5
and priority codes 1-4 read as Freshdesk names them (below); custom statuses keep their
code unless named in the answer. ``fr_due_by`` against ``stats.first_responded_at``
(``first_response``, breached when ``fr_escalated``) and ``due_by`` against
``stats.resolved_at`` (``resolution``) are the helpdesk's own verdicts. Authentication:
the API key as the user name of basic authentication (``--token``).

**Freshdesk** (developers.freshdesk.com/api) documents no per-ticket status history. What
it gives, and what this connector reads:

- the ticket's ``stats`` (``include=stats``): ``first_responded_at``,
  ``agent_responded_at``, ``requester_responded_at``, ``status_updated_at``,
  ``reopened_at``, ``resolved_at``, ``closed_at``, ``pending_since`` -- instants usable as
  fields (``fields: {stats.first_responded_at: {instant: acknowledged}}``), and the status
  changes they date: Resolved at ``resolved_at``, Closed at ``closed_at``, Open again at
  ``reopened_at``, Pending at ``pending_since`` (a pause still running) and the current
  status at ``status_updated_at``;
- ``GET /api/v2/tickets/{id}/conversations`` (replies and notes, paged like the list):
  ``conversations.first_reply_at`` (the first public reply of an agent, ``incoming``
  false and ``private`` false), ``conversations.first_customer_reply_at`` and
  ``conversations.last_customer_reply_at`` (``incoming`` true).

What it cannot give: a status entered and left again (a pause that has ended, a custom
status such as "Diagnosed" passed through), the times of priority changes (the priority
is the current one, from the start), a resolution reopened and resolved again (only the
last ``resolved_at``). The clocks that need them stay open or are reported by the
mapping's lint; they are never invented. Freshdesk's account-wide "ticket activities"
export (``/api/v2/export/ticket_activities``, a daily file, admin only) is not read.

**Freshservice** (``freshservice``): ``GET /api/v2/tickets/{id}/activities``:
``{"activities": [{"content", "sub_contents", "created_at"}]}``, whose "set Status as
Pending" or "changed the status to Pending" lines are the status and priority changes. A
ticket is created Open: a status change without a known previous status leaves Open.

Files: the ticket export (``.csv``, see ``table_export``: no history, the dates of its
columns), or saved API answers (see ``recorded``): the tickets and each one's
conversations (Freshdesk) or activities (Freshservice).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from slaledger.adapters.files.helpdesk_mapping import LoadedMapping
from slaledger.adapters.ingest.helpdesks.common import epoch, looks_like_instant, refused, text_of
from slaledger.adapters.ingest.helpdesks.http import HelpdeskHttp, link_pages
from slaledger.adapters.ingest.helpdesks.recorded import exports_or_recorded
from slaledger.adapters.ingest.helpdesks.table_export import ExportColumns, csv_reader
from slaledger.adapters.ingest.ticket_registry import SourceOptions, TicketSource, register
from slaledger.domain.helpdesk.tickets import Change, Ticket, VendorVerdict
from slaledger.domain.message import msg

PAGE = 100
STATUS = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}
PRIORITY = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}
CREATED_STATUS = "Open"
_ACTIVITY = re.compile(
    r"(?:set|changed)\s+(?:the\s+)?(?P<field>status|priority)\s+(?:as|to)\s+(?P<value>.+?)\s*\.?$",
    re.IGNORECASE,
)
#: the status changes that a Freshdesk ticket's stats date
STATS_STATUSES = (
    ("reopened_at", "Open"),
    ("resolved_at", "Resolved"),
    ("closed_at", "Closed"),
)


def _named(value: Any, names: dict[int, str]) -> str | None:
    text = text_of(value)
    if text is not None and text.strip().isdigit() and int(text) in names:
        return names[int(text)]
    return text


def _ticket_facts(
    ticket: dict[str, Any], *, zone: str | None, where: str
) -> tuple[dict[str, str | None], dict[str, int]]:
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
    return fields, instants


def _ticket(
    key: str,
    created: int,
    fields: dict[str, str | None],
    instants: dict[str, int],
    changes: list[Change],
    where: str,
) -> Ticket:
    return Ticket(
        key=key,
        created=created,
        fields=fields,
        changes=tuple(changes),
        updated=instants.get("updated_at"),
        sla=_verdicts(fields, instants),
        origin=where,
        instants=instants,
    )


def _verdicts(fields: dict[str, str | None], instants: dict[str, int]) -> tuple[VendorVerdict, ...]:
    """``fr_due_by`` against ``stats.first_responded_at``, ``due_by`` against
    ``stats.resolved_at``; ``fr_escalated`` true ("the first response time was
    breached") is the helpdesk's word on the first. ``is_escalated`` is not read as one:
    it says an escalation was sent, which a rule may do before any breach."""
    found = []
    for name, deadline, done, word in (
        ("first_response", "fr_due_by", "stats.first_responded_at", "fr_escalated"),
        ("resolution", "due_by", "stats.resolved_at", None),
    ):
        if deadline not in instants:
            continue
        breached = True if word and fields.get(word) == "true" else None
        found.append(VendorVerdict(name, instants[deadline], instants.get(done), breached))
    return tuple(found)


def parse_ticket(
    ticket: dict[str, Any],
    conversations: list[dict[str, Any]] | dict[str, Any],
    *,
    zone: str | None,
    origin: str,
) -> Ticket:
    """A Freshdesk ticket (with its stats) and its conversations: the status changes
    its stats date, and the conversation instants as fields."""
    key = str(ticket.get("id"))
    where = f"{origin} ticket {key}"
    fields, instants = _ticket_facts(ticket, zone=zone, where=where)
    created = epoch(ticket.get("created_at"), where=where, field="created_at", zone=zone)
    dated: list[tuple[int, str, str | None]] = [
        (instants[f"stats.{name}"], name, status)
        for name, status in STATS_STATUSES
        if f"stats.{name}" in instants
    ]
    current = fields["status"]
    if "stats.pending_since" in instants and current == "Pending":
        dated.append((instants["stats.pending_since"], "pending_since", "Pending"))
    if "stats.status_updated_at" in instants and current not in {s for _, _, s in dated}:
        dated.append((instants["stats.status_updated_at"], "status_updated_at", current))
    changes: list[Change] = []
    last: str | None = CREATED_STATUS
    for at, name, status in sorted(dated, key=lambda d: (d[0], d[1])):
        if status is None or status == last:
            continue
        changes.append(Change(f"stats.{name}", at, "status", last, status))
        last = status
    entries = conversations if isinstance(conversations, list) else []
    for name, chosen in _conversation_instants(entries, where=where, zone=zone).items():
        fields[name] = None
        instants[name] = chosen
    return _ticket(key, created, fields, instants, changes, where)


def _conversation_instants(
    entries: list[dict[str, Any]], *, where: str, zone: str | None
) -> dict[str, int]:
    agent: list[int] = []
    customer: list[int] = []
    for entry in entries:
        at = epoch(
            entry.get("created_at"),
            where=where,
            field=f"conversation {entry.get('id')}",
            zone=zone,
        )
        if entry.get("incoming"):
            customer.append(at)
        elif not entry.get("private"):
            agent.append(at)
    found: dict[str, int] = {}
    if agent:
        found["conversations.first_reply_at"] = min(agent)
    if customer:
        found["conversations.first_customer_reply_at"] = min(customer)
        found["conversations.last_customer_reply_at"] = max(customer)
    return found


def parse_activities_ticket(
    ticket: dict[str, Any], activities: dict[str, Any] | list[Any], *, zone: str | None, origin: str
) -> Ticket:
    """A Freshservice ticket and its activities: the status and priority lines."""
    key = str(ticket.get("id"))
    where = f"{origin} ticket {key}"
    fields, instants = _ticket_facts(ticket, zone=zone, where=where)
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
    return _ticket(key, created, fields, instants, changes, where)


def _since(since: datetime | None) -> datetime:
    return (since or datetime(1970, 1, 2, tzinfo=UTC)).astimezone(UTC) - timedelta(seconds=1)


class FreshdeskConnector:
    """Tickets updated since an instant, each with its history: conversations
    (Freshdesk) or activities (Freshservice, ``product="freshservice"``)."""

    def __init__(
        self,
        http: HelpdeskHttp,
        *,
        zone: str | None,
        query: str | None = None,
        product: str = "freshdesk",
    ) -> None:
        self.http = http
        self.zone = zone
        self.query = query
        self.product = product

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
        tickets: list[Ticket] = []
        for rows, response in link_pages(self.http, "api/v2/tickets", first):
            where = f"GET {response.url}"
            for row in rows:
                tickets.append(self._ticket(row, where))
        return tickets

    def _ticket(self, row: dict[str, Any], where: str) -> Ticket:
        if self.product == "freshservice":
            activities, _ = self.http.json(f"api/v2/tickets/{row['id']}/activities")
            return parse_activities_ticket(row, activities, zone=self.zone, origin=where)
        conversations: list[dict[str, Any]] = []
        for page, _ in link_pages(
            self.http, f"api/v2/tickets/{row['id']}/conversations", {"per_page": PAGE}
        ):
            conversations.extend(page or [])
        return parse_ticket(row, conversations, zone=self.zone, origin=where)


#: the ticket export's CSV (Admin > Tickets > Export), its columns as Freshdesk names them
EXPORT = ExportColumns(
    key="Ticket ID",
    created="Created time",
    priority="Priority",
    status="Status",
    renamed={"Group": "group", "Type": "type", "Company Name": "company"},
    undated=frozenset({"Last update time"}),
)


def _reader(product: str) -> tuple[Any, Any]:
    def read_api(options: SourceOptions, mapping: LoadedMapping) -> list[Ticket]:
        if not options.url or not options.token:
            raise refused(
                "command line",
                msg("input.ingest.freshdesk-options"),
                msg("input.found.nothing"),
                "--token",
            )
        with HelpdeskHttp(options.url, auth=(options.token, "X")) as http:
            return FreshdeskConnector(
                http,
                zone=mapping.model.timezone,
                query=mapping.model.tickets.query,
                product=product,
            ).updated_since(options.since)

    def read_files(paths: Sequence[Path], mapping: LoadedMapping) -> list[Ticket]:
        """Ticket exports (``.csv``: no history) and saved API answers."""
        freshdesk = product == "freshdesk"
        return exports_or_recorded(
            paths,
            suffix=".csv",
            read_export=csv_reader(EXPORT, mapping, product.capitalize()),
            history_kind="conversations answer" if freshdesk else "activities answer",
            zone=mapping.model.timezone,
            parse=parse_ticket if freshdesk else parse_activities_ticket,
        )

    return read_api, read_files


register(
    TicketSource(
        "freshdesk",
        "Freshdesk (tickets with stats, conversations; no status history)",
        *_reader("freshdesk"),
    )
)
register(
    TicketSource(
        "freshservice",
        "Freshservice (tickets with stats, activities)",
        *_reader("freshservice"),
    )
)
