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

Files: the reporting's "Download" workbook (``.xlsx``, lib/excel_sheet/ticket.rb: a
title row, the header, one ticket a row, a footer naming the zone of its times; no
history, the dates of its columns, Zammad's escalation times as its verdicts), or saved
API answers (see ``recorded``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slaledger.adapters.files.helpdesk_mapping import LoadedMapping
from slaledger.adapters.ingest.helpdesks.common import epoch, looks_like_instant, refused, text_of
from slaledger.adapters.ingest.helpdesks.http import HelpdeskHttp, Page, pages
from slaledger.adapters.ingest.helpdesks.recorded import exports_or_recorded
from slaledger.adapters.ingest.helpdesks.table_export import ExportColumns, tickets_of_rows
from slaledger.adapters.ingest.helpdesks.xlsx import WorkbookError, read_first_sheet
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


#: the reporting's "Download" workbook (lib/excel_sheet/ticket.rb), its columns in English
EXPORT = ExportColumns(
    key="#",
    created="Created At",
    priority="Priority",
    status="State",
    renamed={"Organization": "organization", "Group": "group", "Title": "title"},
    undated=frozenset({"Updated At"}),
)
#: the workbook's dated columns as the API names them, for Zammad's own verdicts
REPORTED = {
    "First Response Escalation At": "first_response_escalation_at",
    "First Response At": "first_response_at",
    "Update Escalation At": "update_escalation_at",
    "Close Escalation At": "close_escalation_at",
    "Closed At": "close_at",
}
_FOOTER = re.compile(r"^[^:]{1,40}:\s*([A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+|UTC)$")


def _report_zone(rows: list[list[str]], fallback: str | None) -> str | None:
    """The zone the workbook's footer names ("Timezone: Europe/Berlin", in the
    user's language), else the mapping's."""
    for row in reversed(rows):
        found = _FOOTER.match(row[0].strip()) if len(row) == 1 and row[0] else None
        if found:
            try:
                ZoneInfo(found.group(1))
            except (ZoneInfoNotFoundError, ValueError):
                continue
            return found.group(1)
    return fallback


def read_report(path: Path, mapping: LoadedMapping) -> list[Ticket]:
    """A reporting workbook: its title, a blank row, the header, one ticket a row, a
    blank row and the footer naming the zone of its times. No history."""
    source = str(path)
    try:
        rows = read_first_sheet(path)
    except FileNotFoundError:
        raise refused(source, msg("input.ingest.existing-file"), "no such file") from None
    except WorkbookError as exc:
        raise refused(source, msg("input.ingest.export-csv", kind="Zammad"), str(exc)) from None
    columns = EXPORT.overridden(mapping)
    at = next((i for i, r in enumerate(rows) if columns.key in r and columns.created in r), 0)
    body = []
    for row in rows[at + 1 :]:
        if not any(cell.strip() for cell in row):
            break
        body.append(row)
    zone = _report_zone(rows[at + 1 + len(body) :], mapping.model.timezone)
    tickets = tickets_of_rows(
        rows[at] if rows else [],
        body,
        columns,
        zone=zone,
        date_format=mapping.model.date_format,
        source=source,
        kind="Zammad",
        first_row=at + 2,
    )
    out = []
    for ticket in tickets:
        instants = {REPORTED[k]: v for k, v in ticket.instants.items() if k in REPORTED}
        diffs = {
            f"{name}_diff_in_min": ticket.fields.get(
                f"{name.replace('_', ' ').title()} Diff In Min"
            )
            for name, _, _ in TIMERS
        }
        out.append(replace(ticket, sla=_verdicts(diffs, instants)))
    return out


def read_files(paths: Sequence[Path], mapping: LoadedMapping) -> list[Ticket]:
    """Reporting workbooks (``.xlsx``: no history) and saved API answers."""
    return exports_or_recorded(
        paths,
        suffix=".xlsx",
        read_export=lambda path: read_report(path, mapping),
        history_kind="ticket_history answer",
        zone=mapping.model.timezone,
        parse=parse_ticket,
    )


register(TicketSource("zammad", "Zammad (tickets search and ticket_history)", read_api, read_files))
