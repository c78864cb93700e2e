"""Jira Service Management / Jira Cloud and Data Center.

REST, two searches, with ``jql`` (the mapping's query, and ``updated >=`` the instant
asked), ``expand=changelog,names`` and ``fields=*all``:

- ``search: jql`` (the default for Jira Cloud, ``*.atlassian.net``):
  ``GET /rest/api/3/search/jql``, paged by ``nextPageToken`` (absent or null on the
  last page, ``isLast`` true) with ``maxResults``; it gives no ``total``, and Atlassian
  refuses an unbounded JQL there (give the mapping a ``tickets.query``). Long changelogs
  continue at ``/rest/api/3/issue/{key}/changelog``.
- ``search: v2`` (the default elsewhere: Data Center and Server, which have no
  ``search/jql``): ``GET /rest/api/2/search``, paged by ``startAt``/``maxResults``
  against ``total`` (a total that moves between pages refuses the read). Atlassian is
  removing it from Cloud.

``--option search=jql|v2`` (or ``search`` in a sync source's options) chooses.

An issue's ``fields`` give ``created``, ``updated``, ``status.name``,
``priority.name``, ``resolutiondate`` and custom fields (``names`` gives their display
names); ``changelog.histories[]`` (``id``, ``created``, ``items[]`` with ``field``,
``fieldId``, ``fromString``, ``toString``) is the history. When a changelog is longer
than the search embeds (``total`` above the histories given), the rest is read from
``/rest/api/2/issue/{key}/changelog`` (Cloud). Jira Service Management SLA fields
(``completedCycles``, ``ongoingCycle`` with ``breachTime``, ``stopTime``, ``breached``)
become the helpdesk's own verdicts.

Export: the issue navigator's CSV ("Export > CSV"). It carries no history: the
creation, the priority as exported and date columns (``Resolved``, ``Custom field (X)``
as X) only; dates in the export's format (the mapping's ``date_format``) and zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from slaledger.adapters.files.helpdesk_mapping import LoadedMapping
from slaledger.adapters.ingest.helpdesks.common import epoch, looks_like_instant, refused, text_of
from slaledger.adapters.ingest.helpdesks.http import HelpdeskHttp, Page, changed_while_read, pages
from slaledger.adapters.ingest.helpdesks.table_export import ExportColumns, csv_reader
from slaledger.adapters.ingest.ticket_registry import SourceOptions, TicketSource, register
from slaledger.domain.helpdesk.tickets import Change, Ticket, VendorVerdict
from slaledger.domain.message import msg

PAGE = 50


def parse_issue(
    issue: dict[str, Any],
    *,
    names: dict[str, str],
    zone: str | None,
    origin: str,
    histories: list[dict[str, Any]] | None = None,
) -> Ticket:
    key = str(issue.get("key") or issue.get("id"))
    where = f"{origin} issue {key}"
    raw = issue.get("fields") or {}
    fields: dict[str, str | None] = {}
    instants: dict[str, int] = {}
    sla: list[VendorVerdict] = []
    for field_id, value in raw.items():
        labels = {field_id, names.get(field_id, field_id)}
        if isinstance(value, dict) and ("completedCycles" in value or "ongoingCycle" in value):
            verdict = _sla(value, names.get(field_id, field_id), where, zone)
            if verdict:
                sla.append(verdict)
            continue
        text = text_of(value)
        for label in labels:
            fields[label] = text
            if looks_like_instant(text):
                instants[label] = epoch(text, where=where, field=label, zone=zone)
    if "project" in raw and isinstance(raw["project"], dict):
        fields["project"] = text_of(raw["project"].get("key")) or fields.get("project")
    created = epoch(raw.get("created"), where=where, field="fields.created", zone=zone)
    updated = raw.get("updated")
    entries = (
        histories if histories is not None else (issue.get("changelog") or {}).get("histories", [])
    )
    changes = []
    for history in sorted(entries, key=_history_order):
        at = epoch(
            history.get("created"), where=where, field=f"history {history.get('id')}", zone=zone
        )
        for item in history.get("items") or []:
            changes.append(
                Change(
                    history_id=str(history.get("id")),
                    at=at,
                    field=str(item.get("field")),
                    field_id=item.get("fieldId"),
                    before=item.get("fromString"),
                    after=item.get("toString"),
                )
            )
    return Ticket(
        key=key,
        created=created,
        fields=fields,
        changes=tuple(changes),
        updated=epoch(updated, where=where, field="fields.updated", zone=zone) if updated else None,
        sla=tuple(sla),
        origin=where,
        instants=instants,
    )


def _history_order(history: dict[str, Any]) -> tuple[int, str]:
    ident = str(history.get("id", ""))
    return (int(ident), "") if ident.isdigit() else (0, ident)


def _sla(value: dict[str, Any], name: str, where: str, zone: str | None) -> VendorVerdict | None:
    """Jira Service Management's SLA field: its ``ongoingCycle`` while the timer runs,
    else its last ``completedCycles`` entry (a ticket reopened has several); breached
    when any cycle says so. ``breachTime`` is the target instant, ``goalDuration`` the
    target as a duration, a completed cycle's ``stopTime`` when the goal was reached."""
    cycles = [c for c in value.get("completedCycles") or [] if isinstance(c, dict)]
    ongoing = value.get("ongoingCycle")
    cycle = ongoing if isinstance(ongoing, dict) else (cycles[-1] if cycles else None)
    if cycle is None:
        return None

    def moment(part: str) -> int | None:
        found = cycle.get(part)
        if isinstance(found, dict) and found.get("iso8601"):
            return epoch(found["iso8601"], where=where, field=f"{name}.{part}", zone=zone)
        return None

    words = [c.get("breached") for c in [*cycles, cycle] if isinstance(c.get("breached"), bool)]
    goal = cycle.get("goalDuration")
    millis = goal.get("millis") if isinstance(goal, dict) else None
    return VendorVerdict(
        name=str(value.get("name") or name),
        deadline=moment("breachTime"),
        done_at=None if cycle is ongoing else moment("stopTime"),
        breached=any(words) if words else None,
        goal_seconds=int(millis) // 1000 if isinstance(millis, int | float) else None,
    )


SEARCHES = ("jql", "v2")


def default_search(url: str) -> str:
    """Jira Cloud (``*.atlassian.net``) searches with ``/rest/api/3/search/jql``; Data
    Center and Server keep ``/rest/api/2/search``."""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return "jql" if host == "atlassian.net" or host.endswith(".atlassian.net") else "v2"


class JiraConnector:
    """Issues updated since an instant, with their whole changelog."""

    def __init__(
        self, http: HelpdeskHttp, *, query: str | None, zone: str | None, search: str = "v2"
    ) -> None:
        if search not in SEARCHES:
            raise refused("options", msg("input.ingest.jira-search"), repr(search), "search")
        self.http = http
        self.query = query
        self.zone = zone
        self.search = search
        self.api = "rest/api/3" if search == "jql" else "rest/api/2"

    def jql(self, since: datetime | None) -> str:
        parts = [f"({self.query})"] if self.query else []
        if since is not None:
            # JQL reads dates in the user's zone, to the minute: one minute earlier
            local = (since - timedelta(minutes=1)).astimezone(ZoneInfo(self.zone or "UTC"))
            parts.append(f'updated >= "{local:%Y/%m/%d %H:%M}"')
        return " AND ".join(parts) + " ORDER BY updated ASC, key ASC"

    def updated_since(self, since: datetime | None) -> list[Ticket]:
        if self.search == "jql":
            return self._search_jql(self.jql(since))
        return self._search_v2(self.jql(since))

    def _parsed(self, page: dict[str, Any], where: str) -> list[Ticket]:
        names = page.get("names") or {}
        return [
            parse_issue(
                issue, names=names, zone=self.zone, origin=where, histories=self._histories(issue)
            )
            for issue in page.get("issues") or []
        ]

    def _search_jql(self, jql: str) -> list[Ticket]:
        tickets: list[Ticket] = []
        token: str | None = None
        seen: set[str] = set()
        while True:
            params: dict[str, Any] = {
                "jql": jql,
                "maxResults": PAGE,
                "expand": "changelog,names",
                "fields": "*all",
            }
            if token:
                params["nextPageToken"] = token
            page, response = self.http.json(f"{self.api}/search/jql", params)
            where = f"GET {response.url.copy_with(query=None)} page {len(seen) + 1}"
            tickets.extend(self._parsed(page, where))
            token = page.get("nextPageToken")
            if page.get("isLast") is True or not token or not page.get("issues"):
                return tickets
            if token in seen:  # a token given twice would loop for ever
                raise changed_while_read(where, msg("input.found.token-twice", token=repr(token)))
            seen.add(token)

    def _search_v2(self, jql: str) -> list[Ticket]:
        def read(start: int) -> Page:
            params = {
                "jql": jql,
                "startAt": start,
                "maxResults": PAGE,
                "expand": "changelog,names",
                "fields": "*all",
            }
            page, response = self.http.json(f"{self.api}/search", params)
            where = f"GET {response.url.copy_with(query=None)} startAt={start}"
            # each issue with the page's names (the display names of its fields)
            rows = [(issue, page.get("names") or {}) for issue in page.get("issues") or []]
            return rows, int(page.get("total") or 0), where

        return [
            parse_issue(
                issue, names=names, zone=self.zone, origin=where, histories=self._histories(issue)
            )
            for rows, where in pages(read, size=PAGE)
            for issue, names in rows
        ]

    def _histories(self, issue: dict[str, Any]) -> list[dict[str, Any]]:
        changelog = issue.get("changelog") or {}
        histories = list(changelog.get("histories") or [])
        total = int(changelog.get("total") or len(histories))
        if len(histories) >= total:
            return histories

        def read(start: int) -> Page:
            page, response = self.http.json(
                f"{self.api}/issue/{issue['key']}/changelog", {"startAt": start, "maxResults": 100}
            )
            return page.get("values") or [], page.get("total"), f"GET {response.url}"

        return [
            *histories,
            *(h for rows, _ in pages(read, size=100, first=len(histories)) for h in rows),
        ]


def read_api(options: SourceOptions, mapping: LoadedMapping) -> list[Ticket]:
    if not options.url:
        raise refused(
            "command line", msg("input.ingest.jira-url"), msg("input.found.nothing"), "--url"
        )
    auth = (options.user, options.token or "") if options.user else None
    headers = {"Accept": "application/json"}
    if options.token and not options.user:
        headers["Authorization"] = f"Bearer {options.token}"
    with HelpdeskHttp(options.url, headers=headers, auth=auth) as http:
        connector = JiraConnector(
            http,
            query=mapping.model.tickets.query,
            zone=mapping.model.timezone,
            search=options.extra.get("search") or default_search(options.url),
        )
        return connector.updated_since(options.since)


def read_files(paths: Sequence[Path], mapping: LoadedMapping) -> list[Ticket]:
    """The issue navigator's CSV exports: no history."""
    read = csv_reader(EXPORT, mapping, "Jira")
    return [ticket for path in paths for ticket in read(Path(path))]


def _label(name: str) -> str:
    """A column's name as the mapping's rules name it: ``Custom field (X)`` as X."""
    name = name.strip()
    return name[len("Custom field (") : -1] if name.startswith("Custom field (") else name


#: the issue navigator's CSV export ("Export > CSV (all fields)")
EXPORT = ExportColumns(
    key="Issue key",
    created="Created",
    priority="Priority",
    status="Status",
    renamed={"Project key": "project"},
    undated=frozenset({"Updated"}),
    label=_label,
)


register(
    TicketSource(
        "jira",
        "Jira Service Management / Jira (REST search with changelog; CSV export)",
        read_api=read_api,
        read_files=read_files,
    )
)
