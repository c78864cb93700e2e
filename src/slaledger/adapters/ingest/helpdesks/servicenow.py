"""ServiceNow.

REST (Table API): ``GET /api/now/table/incident?sysparm_query=...`` (the mapping's
query, ``sys_updated_on>=`` the instant asked, ordered by ``sys_updated_on``), paged by
``sysparm_offset``/``sysparm_limit`` against ``X-Total-Count``; each incident's history
from ``GET /api/now/table/sys_audit?sysparm_query=tablename=incident^documentkey=
<sys_id>`` (``fieldname``, ``oldvalue``, ``newvalue``, ``sys_created_on``, in
``record_checkpoint`` order). The Table API answers internal values, times in UTC:
``opened_at``, ``resolved_at``, ``closed_at`` and ``u_*`` date fields are instants;
``state`` and ``priority`` codes read as the default choices (below). ``made_sla``
(false once the incident missed its SLA) is ServiceNow's own verdict; with the option
``task_sla=true``, each incident's Task SLA records too (``GET /api/now/table/task_sla?
sysparm_query=task=<sys_id>``: ``sla.name``, ``stage``, ``has_breached``,
``planned_end_time`` the breach time, ``end_time`` the stop time), one timer per SLA
definition, named as the definition (a cancelled one is left out).

Files: the list exports ``incident.do?JSONv2``, ``sys_audit.do?JSONv2`` and, when
wanted, ``task_sla.do?JSONv2`` (``{"records": [...]}``), in any number of files; their
times are in the mapping's ``timezone`` (UTC unless the export was made in another zone).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from slaledger.adapters.files.helpdesk_mapping import LoadedMapping
from slaledger.adapters.ingest.helpdesks.common import epoch, looks_like_instant, refused, text_of
from slaledger.adapters.ingest.helpdesks.http import HelpdeskHttp, Page, pages
from slaledger.adapters.ingest.ticket_registry import SourceOptions, TicketSource, register
from slaledger.domain.helpdesk.tickets import Change, Ticket, VendorVerdict
from slaledger.domain.message import msg

PAGE = 100
AUDIT_PAGE = 1000
STATE = {
    "1": "New",
    "2": "In Progress",
    "3": "On Hold",
    "6": "Resolved",
    "7": "Closed",
    "8": "Canceled",
}
PRIORITY = {
    "1": "1 - Critical",
    "2": "2 - High",
    "3": "3 - Moderate",
    "4": "4 - Low",
    "5": "5 - Planning",
}
CHOICES = {"state": STATE, "incident_state": STATE, "priority": PRIORITY}
#: the Task SLA fields read (``sla.name`` dot-walks to the SLA definition's name)
TASK_SLA_FIELDS = "sys_id,task,sla,sla.name,stage,has_breached,start_time,end_time,planned_end_time"


def _value(name: str, value: Any) -> str | None:
    text = text_of(value)
    if text is None or not text.strip():
        return None
    return CHOICES.get(name, {}).get(text.strip(), text)


def _task_sla(record: dict[str, Any], where: str, zone: str) -> VendorVerdict | None:
    """A Task SLA record: its definition's name, breach time, stop time and word."""
    if str(text_of(record.get("stage")) or "").strip().lower() == "cancelled":
        return None
    reference = record.get("sla")
    name = text_of(record.get("sla.name")) or (
        text_of(reference.get("display_value")) if isinstance(reference, dict) else None
    )
    if not name:
        return None

    def moment(field: str) -> int | None:
        text = text_of(record.get(field))
        if not text or not text.strip():
            return None
        return epoch(text, where=where, field=f"task_sla {name}.{field}", zone=zone)

    word = text_of(record.get("has_breached"))
    return VendorVerdict(
        name,
        moment("planned_end_time"),
        moment("end_time"),
        breached={"true": True, "false": False}.get((word or "").strip().lower()),
    )


def parse_incident(
    incident: dict[str, Any],
    audit: list[dict[str, Any]],
    *,
    zone: str,
    origin: str,
    task_slas: Sequence[dict[str, Any]] | None = None,
) -> Ticket:
    key = str(incident.get("number") or incident.get("sys_id"))
    where = f"{origin} incident {key}"
    fields: dict[str, str | None] = {}
    instants: dict[str, int] = {}
    for name, value in incident.items():
        text = _value(name, value)
        fields[name] = text
        if looks_like_instant(text):
            instants[name] = epoch(text, where=where, field=name, zone=zone)
    changes = []
    for entry in sorted(
        audit, key=lambda e: (int(e.get("record_checkpoint") or 0), str(e.get("sys_created_on")))
    ):
        name = str(entry.get("fieldname"))
        changes.append(
            Change(
                history_id=str(entry.get("sys_id")),
                at=epoch(
                    entry.get("sys_created_on"),
                    where=where,
                    field=f"sys_audit {entry.get('sys_id')}",
                    zone=zone,
                ),
                field=name,
                before=_value(name, entry.get("oldvalue")),
                after=_value(name, entry.get("newvalue")),
            )
        )
    made = fields.get("made_sla")
    sla: list[VendorVerdict] = []
    if made in ("true", "false"):
        done = instants.get("resolved_at") or instants.get("closed_at")
        sla.append(VendorVerdict("made_sla", None, done, breached=made == "false"))
    sla += [t for t in (_task_sla(r, where, zone) for r in task_slas or ()) if t is not None]
    return Ticket(
        key=key,
        created=epoch(
            incident.get("opened_at") or incident.get("sys_created_on"),
            where=where,
            field="opened_at",
            zone=zone,
        ),
        fields=fields,
        changes=tuple(changes),
        updated=instants.get("sys_updated_on"),
        sla=tuple(sla),
        origin=where,
        instants=instants,
    )


class ServiceNowConnector:
    def __init__(
        self,
        http: HelpdeskHttp,
        *,
        query: str | None,
        table: str = "incident",
        task_sla: bool = False,
    ) -> None:
        self.http = http
        self.query = query
        self.table = table
        self.task_sla = task_sla

    def updated_since(self, since: datetime | None) -> list[Ticket]:
        parts = [self.query] if self.query else []
        if since is not None:
            moment = (since - timedelta(seconds=1)).astimezone(UTC)
            parts.append(f"sys_updated_on>={moment:%Y-%m-%d %H:%M:%S}")
        query = "^".join([*parts, "ORDERBYsys_updated_on", "ORDERBYnumber"])

        def read(offset: int) -> Page:
            params = {
                "sysparm_query": query,
                "sysparm_limit": PAGE,
                "sysparm_offset": offset,
                "sysparm_display_value": "false",
                "sysparm_exclude_reference_link": "true",
            }
            answer, response = self.http.json(f"api/now/table/{self.table}", params)
            count = int(response.headers.get("X-Total-Count", "-1"))
            where = f"GET {response.url.copy_with(query=None)} offset {offset}"
            return answer.get("result") or [], count if count >= 0 else None, where

        return [
            parse_incident(
                row,
                self._audit(row),
                zone="UTC",
                origin=where,
                task_slas=self._task_slas(row) if self.task_sla else None,
            )
            for rows, where in pages(read, size=PAGE)
            for row in rows
        ]

    def _task_slas(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        query = f"task={row.get('sys_id')}^ORDERBYstart_time"

        def read(offset: int) -> Page:
            answer, response = self.http.json(
                "api/now/table/task_sla",
                {
                    "sysparm_query": query,
                    "sysparm_fields": TASK_SLA_FIELDS,
                    "sysparm_limit": AUDIT_PAGE,
                    "sysparm_offset": offset,
                    "sysparm_display_value": "false",
                    "sysparm_exclude_reference_link": "true",
                },
            )
            return answer.get("result") or [], None, f"GET {response.url}"

        return [entry for rows, _ in pages(read, size=AUDIT_PAGE) for entry in rows]

    def _audit(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        query = f"tablename={self.table}^documentkey={row.get('sys_id')}^ORDERBYrecord_checkpoint"

        def read(offset: int) -> Page:
            answer, response = self.http.json(
                "api/now/table/sys_audit",
                {"sysparm_query": query, "sysparm_limit": AUDIT_PAGE, "sysparm_offset": offset},
            )
            return answer.get("result") or [], None, f"GET {response.url}"

        return [entry for rows, _ in pages(read, size=AUDIT_PAGE) for entry in rows]


def read_api(options: SourceOptions, mapping: LoadedMapping) -> list[Ticket]:
    if not options.url:
        raise refused(
            "command line", msg("input.ingest.servicenow-url"), msg("input.found.nothing"), "--url"
        )
    auth = (options.user, options.token or "") if options.user else None
    headers = {"Accept": "application/json"}
    if options.token and not options.user:
        headers["Authorization"] = f"Bearer {options.token}"
    with HelpdeskHttp(options.url, headers=headers, auth=auth) as http:
        table = options.extra.get("table", "incident")
        task_sla = options.extra.get("task_sla", "false").strip().lower()
        if task_sla not in ("true", "false"):
            raise refused("command line", msg("input.ingest.task-sla"), task_sla, "--option")
        return ServiceNowConnector(
            http, query=mapping.model.tickets.query, table=table, task_sla=task_sla == "true"
        ).updated_since(options.since)


def read_files(paths: Sequence[Path], mapping: LoadedMapping) -> list[Ticket]:
    incidents: list[tuple[dict[str, Any], str]] = []
    audit: dict[str, list[dict[str, Any]]] = {}
    slas: dict[str, list[dict[str, Any]]] = {}
    for path in paths:
        try:
            records = json.loads(Path(path).read_text(encoding="utf-8")).get("records")
        except (OSError, ValueError, AttributeError) as exc:
            raise refused(str(path), msg("input.ingest.jsonv2"), str(exc)) from None
        if not isinstance(records, list):
            raise refused(str(path), msg("input.ingest.jsonv2"), type(records).__name__)
        for record in records:
            if "fieldname" in record:
                audit.setdefault(str(record.get("documentkey")), []).append(record)
            elif "has_breached" in record and "task" in record:
                slas.setdefault(str(text_of(record.get("task"))), []).append(record)
            else:
                incidents.append((record, str(path)))
    zone = mapping.model.timezone or "UTC"
    return [
        parse_incident(
            r,
            audit.get(str(r.get("sys_id")), []),
            zone=zone,
            origin=o,
            task_slas=slas.get(str(r.get("sys_id"))),
        )
        for r, o in incidents
    ]


register(
    TicketSource(
        "servicenow",
        "ServiceNow (Table API incident and sys_audit; JSONv2 exports)",
        read_api,
        read_files,
    )
)
