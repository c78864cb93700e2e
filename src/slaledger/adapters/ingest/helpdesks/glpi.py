"""GLPI (legacy REST API, ``apirest.php``).

REST: ``GET initSession`` with ``Authorization: user_token ...`` (and the ``App-Token``
of the API client) gives a ``session_token`` sent as ``Session-Token``; a session that
expires while reading (401) is opened again once. ``GET Ticket?range=a-b&sort=19&
order=DESC`` (19: the last update) pages through the tickets, newest first, until one
was updated before the instant asked, checking the count of ``Content-Range`` on every
page; ``GET Ticket/{id}/Log`` is a ticket's history (``id_search_option`` 12 is the
status, 3 the priority, 10 the urgency, 11 the impact, 7 the category). Status codes 1-6
and priority codes 1-6 read as GLPI names them (below), in the mapping as in the log.
A ticket's ``date`` (opening), ``takeintoaccountdate``, ``solvedate``, ``closedate``
are fields with instants; its SLA targets ``time_to_own`` (against
``takeintoaccountdate``) and ``time_to_resolve`` (against ``solvedate``) are GLPI's own
verdicts. GLPI writes times without an offset: the mapping's ``timezone`` says in which
zone.

Files: the search list's CSV export (``.csv``, see ``table_export``: no history, the
dates of its columns), or saved API answers (see ``recorded``): the tickets and each
one's Log answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from slaledger.adapters.files.helpdesk_mapping import LoadedMapping
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.adapters.ingest.helpdesks.common import epoch, looks_like_instant, refused, text_of
from slaledger.adapters.ingest.helpdesks.http import HelpdeskHttp, Page, pages
from slaledger.adapters.ingest.helpdesks.recorded import exports_or_recorded
from slaledger.adapters.ingest.helpdesks.table_export import ExportColumns, csv_reader
from slaledger.adapters.ingest.ticket_registry import SourceOptions, TicketSource, register
from slaledger.domain.helpdesk.tickets import Change, Ticket, VendorVerdict
from slaledger.domain.message import msg

PAGE = 50
STATUS = {
    1: "New",
    2: "Processing (assigned)",
    3: "Processing (planned)",
    4: "Pending",
    5: "Solved",
    6: "Closed",
}
PRIORITY = {1: "Very low", 2: "Low", 3: "Medium", 4: "High", 5: "Very high", 6: "Major"}
URGENCY = {1: "Very low", 2: "Low", 3: "Medium", 4: "High", 5: "Very high"}
#: Ticket search options that the log names by number
OPTIONS = {
    12: ("status", STATUS),
    3: ("priority", PRIORITY),
    10: ("urgency", URGENCY),
    11: ("impact", URGENCY),
    7: ("itilcategories_id", {}),
}
TIMERS = (("time_to_own", "takeintoaccountdate"), ("time_to_resolve", "solvedate"))
_RANGE = re.compile(r"(\d+)-(\d+)/(\d+)")


def _named(value: Any, names: dict[int, str]) -> str | None:
    text = text_of(value)
    if text is not None and text.strip().isdigit() and int(text) in names:
        return names[int(text)]
    return text or None


def parse_ticket(
    ticket: dict[str, Any], log: list[dict[str, Any]], *, zone: str | None, origin: str
) -> Ticket:
    key = str(ticket.get("id"))
    where = f"{origin} ticket {key}"
    fields: dict[str, str | None] = {}
    instants: dict[str, int] = {}
    for name, value in ticket.items():
        if isinstance(value, dict | list):
            continue
        text = text_of(value)
        fields[name] = text
        if looks_like_instant(text):
            instants[name] = epoch(text, where=where, field=name, zone=zone)
    fields["status"] = _named(ticket.get("status"), STATUS)
    fields["priority"] = _named(ticket.get("priority"), PRIORITY)
    changes = []
    for entry in sorted(log, key=lambda e: int(e.get("id") or 0)):
        option = int(entry.get("id_search_option") or 0)
        if option not in OPTIONS or entry.get("itemtype", "Ticket") != "Ticket":
            continue
        name, names = OPTIONS[option]
        changes.append(
            Change(
                history_id=str(entry.get("id")),
                at=epoch(
                    entry.get("date_mod"), where=where, field=f"log {entry.get('id')}", zone=zone
                ),
                field=name,
                before=_named(entry.get("old_value"), names),
                after=_named(entry.get("new_value"), names),
            )
        )
    sla = tuple(
        VendorVerdict(name, instants.get(name), instants.get(done))
        for name, done in TIMERS
        if name in instants
    )
    return Ticket(
        key=key,
        created=epoch(
            ticket.get("date") or ticket.get("date_creation"), where=where, field="date", zone=zone
        ),
        fields=fields,
        changes=tuple(changes),
        updated=instants.get("date_mod"),
        sla=sla,
        origin=where,
        instants=instants,
    )


class GlpiConnector:
    def __init__(
        self, http: HelpdeskHttp, *, user_token: str, app_token: str | None, zone: str | None
    ) -> None:
        self.http = http
        self.user_token = user_token
        self.app_token = app_token
        self.zone = zone
        self.session: str | None = None

    def _headers(self) -> dict[str, str]:
        headers = {"Session-Token": self.session or ""}
        if self.app_token:
            headers["App-Token"] = self.app_token
        return headers

    def open_session(self) -> None:
        headers = {"Authorization": f"user_token {self.user_token}"}
        if self.app_token:
            headers["App-Token"] = self.app_token
        answer, response = self.http.json("initSession", headers=headers)
        token = answer.get("session_token") if isinstance(answer, dict) else None
        if not token:
            raise refused(
                f"GET {response.url}", msg("input.ingest.session-token"), repr(answer)[:200]
            )
        self.session = str(token)

    def _get(self, path: str, params: dict[str, Any] | None = None) -> tuple[Any, Any]:
        if self.session is None:
            self.open_session()
        try:
            return self.http.json(path, params, self._headers())
        except InputError as exc:
            # a session that expired while reading: open another one, once
            if "401" not in english(exc.problems[0].found):
                raise
            self.open_session()
            return self.http.json(path, params, self._headers())

    def updated_since(self, since: datetime | None) -> list[Ticket]:
        limit = None
        if since is not None:
            local = since.astimezone(ZoneInfo(self.zone or "UTC")).replace(tzinfo=None)
            limit = f"{local:%Y-%m-%d %H:%M:%S}"

        def read(start: int) -> Page:
            params = {
                "range": f"{start}-{start + PAGE - 1}",
                "sort": 19,
                "order": "DESC",
                "expand_dropdowns": "true",
            }
            rows, response = self._get("Ticket", params)
            where = f"GET {response.url.copy_with(query=None)} range={params['range']}"
            found = _RANGE.search(response.headers.get("Content-Range", ""))
            return rows or [], int(found.group(3)) if found else None, where

        tickets: list[Ticket] = []
        for rows, where in pages(read, size=PAGE):
            for row in rows:
                # newest first: the first one updated before the instant asked ends the read
                if limit is not None and str(row.get("date_mod") or "") < limit:
                    return tickets
                log, _ = self._get(f"Ticket/{row['id']}/Log", {"range": "0-9999"})
                tickets.append(parse_ticket(row, log or [], zone=self.zone, origin=where))
        return tickets


def read_api(options: SourceOptions, mapping: LoadedMapping) -> list[Ticket]:
    if not options.url or not options.token:
        raise refused(
            "command line", msg("input.ingest.glpi-options"), msg("input.found.nothing"), "--token"
        )
    with HelpdeskHttp(options.url, headers={"Content-Type": "application/json"}) as http:
        connector = GlpiConnector(
            http, user_token=options.token, app_token=options.app_token, zone=mapping.model.timezone
        )
        return connector.updated_since(options.since)


#: the search list's CSV export, its columns as GLPI names them in English
EXPORT = ExportColumns(
    key="ID",
    created="Opening date",
    priority="Priority",
    status="Status",
    renamed={"Entity": "entities_id", "Title": "name"},
    undated=frozenset({"Last update"}),
)


def read_files(paths: Sequence[Path], mapping: LoadedMapping) -> list[Ticket]:
    """The search list's CSV exports (``.csv``: no history) and saved API answers."""
    return exports_or_recorded(
        paths,
        suffix=".csv",
        read_export=csv_reader(EXPORT, mapping, "GLPI"),
        history_kind="Ticket/{id}/Log answer",
        zone=mapping.model.timezone,
        parse=parse_ticket,
    )


register(TicketSource("glpi", "GLPI (apirest.php Ticket and its Log)", read_api, read_files))
