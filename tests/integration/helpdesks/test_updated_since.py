"""Incremental reads: each connector asks its helpdesk for the tickets updated since an
instant in the form the vendor documents, and reads the history of those tickets only.

The servers below answer as the helpdesks do: they keep only the tickets the request's
own "updated since" selects (Jira's JQL ``updated >=`` in the user's zone, Zammad's
``updated_at:>=`` search, ServiceNow's ``sys_updated_on>=`` in UTC, Freshdesk's
``updated_since``), or list newest first when asked to (GLPI's ``sort=19&order=DESC``,
which has no "updated since" criterion the connector could rely on). A connector that
dropped its instant would read both recorded tickets and fail here."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import Incident
from slaledger.adapters.db.store import Store
from slaledger.adapters.sync.config import Source
from slaledger.adapters.sync.runner import sync_source

from .loopback import FIXTURES, ROOT, Answer, Loopback, Request, load, ok
from .recorded import KEYS
from .test_helpdesk_clocks import VENDORS, clocks, ingest

#: between the two recorded tickets: the first last updated on 14 March, the second on 19
SINCE = "2024-03-16T00:00:00+01:00"
PARIS = ZoneInfo("Europe/Paris")


def _at(text: str, zone: ZoneInfo | None = None) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=zone or UTC)


def _since(pattern: str, text: str, zone: ZoneInfo | None = None) -> datetime | None:
    found = re.search(pattern, text)
    if found is None:
        return None
    return _at(found.group(1).replace("/", "-"), zone)


def _kept(rows: list[dict[str, Any]], since: datetime | None, updated) -> list[dict[str, Any]]:
    return [r for r in rows if since is None or updated(r) >= since]


def jira(server: Loopback) -> None:
    issues = [i for n in (1, 2) for i in load("jira", f"search-page-{n}.json")["issues"]]

    def search(request: Request) -> Answer:
        # JQL dates are the user's zone, to the minute (the mapping's zone: Europe/Paris)
        since = _since(r'updated >= "([\d/]+ [\d:]+)"', request.query.get("jql", ""), PARIS)
        chosen = _kept(issues, since, lambda i: _at(i["fields"]["updated"]))
        start = int(request.query.get("startAt", "0"))
        page = chosen[start : start + 1]
        return ok({"startAt": start, "maxResults": 1, "total": len(chosen), "issues": page})

    server.route("/rest/api/2/search", search)
    server.route(
        "/rest/api/2/issue/SUP-2/changelog", lambda r: ok(load("jira", "changelog-SUP-2.json"))
    )


def zammad(server: Loopback) -> None:
    rows = load("zammad", "tickets.json")

    def search(request: Request) -> Answer:
        since = _since(r"updated_at:>=(\S+)", request.query.get("query", ""))
        chosen = _kept(rows, since, lambda t: _at(t["updated_at"]))
        return ok(chosen if request.query.get("page", "1") == "1" else [])

    server.route("/api/v1/tickets/search", search)
    for ident in (1, 2):
        server.route(
            f"/api/v1/ticket_history/{ident}",
            lambda r, i=ident: ok(load("zammad", f"ticket_history-{i}.json")),
        )


def glpi(server: Loopback) -> None:
    rows = load("glpi", "tickets.json")

    def tickets(request: Request) -> Answer:
        newest_first = request.query.get("sort") == "19" and request.query.get("order") == "DESC"
        listed = sorted(rows, key=lambda t: t["date_mod"], reverse=newest_first)
        start, end = (int(x) for x in request.query.get("range", "0-49").split("-"))
        chosen = listed[start : end + 1]
        headers = {"Content-Range": f"{start}-{start + len(chosen) - 1}/{len(rows)}"}
        return 200, headers, chosen

    server.route("/apirest.php/initSession", lambda r: ok({"session_token": "s-1"}))
    server.route("/apirest.php/Ticket", tickets)
    for ident in (1, 2):
        server.route(
            f"/apirest.php/Ticket/{ident}/Log", lambda r, i=ident: ok(load("glpi", f"log-{i}.json"))
        )


def servicenow(server: Loopback) -> None:
    rows = [r for n in (1, 2) for r in load("servicenow", f"incident-page-{n}.json")["result"]]

    def incidents(request: Request) -> Answer:
        query = request.query.get("sysparm_query", "")
        since = _since(r"sys_updated_on>=(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", query)
        chosen = _kept(rows, since, lambda r: _at(r["sys_updated_on"]))
        offset = int(request.query.get("sysparm_offset", "0"))
        limit = int(request.query.get("sysparm_limit", "100"))
        page = chosen[offset : offset + limit]
        return ok({"result": page}, **{"X-Total-Count": str(len(chosen))})

    def audit(request: Request) -> Answer:
        key = request.query.get("sysparm_query", "").split("documentkey=")[1].split("^")[0]
        return ok(load("servicenow", f"sys_audit-{key}.json"))

    server.route("/api/now/table/incident", incidents)
    server.route("/api/now/table/sys_audit", audit)


def _fresh(vendor: str, history: str):
    def routes(server: Loopback) -> None:
        rows = [t for n in (1, 2) for t in load(vendor, f"tickets-page-{n}.json")]

        def tickets(request: Request) -> Answer:
            since = _since(r"(.+)", request.query.get("updated_since", ""))
            return ok(_kept(rows, since, lambda t: _at(t["updated_at"])))

        server.route("/api/v2/tickets", tickets)
        for ident in (1, 2):
            server.route(
                f"/api/v2/tickets/{ident}/{history}",
                lambda r, i=ident: ok(load(vendor, f"{history}-{i}.json")),
            )

    return routes


DATED = {
    "jira": jira,
    "zammad": zammad,
    "glpi": glpi,
    "servicenow": servicenow,
    "freshdesk": _fresh("freshdesk", "conversations"),
    "freshservice": _fresh("freshservice", "activities"),
}
#: the request that carries each vendor's instant, and the instant as it must read there
ASKED = {
    "jira": ("/rest/api/2/search", "jql", 'updated >= "2024/03/15 23:59"'),
    "zammad": ("/api/v1/tickets/search", "query", "updated_at:>=2024-03-15T22:59:59Z"),
    "servicenow": (
        "/api/now/table/incident",
        "sysparm_query",
        "sys_updated_on>=2024-03-15 22:59:59",
    ),
    "freshdesk": ("/api/v2/tickets", "updated_since", "2024-03-15T22:59:59Z"),
    "freshservice": ("/api/v2/tickets", "updated_since", "2024-03-15T22:59:59Z"),
}
#: the path of the history of each vendor's first recorded ticket (updated on 14 March)
FIRST_HISTORY = {
    "jira": "/rest/api/2/issue/SUP-1",
    "zammad": "/api/v1/ticket_history/1",
    "glpi": "/apirest.php/Ticket/1/Log",
    "servicenow": "documentkey=a1f0c3d2",
    "freshdesk": "/api/v2/tickets/1/conversations",
    "freshservice": "/api/v2/tickets/1/activities",
}


def _keys(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        return {row["incident"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("vendor", sorted(DATED))
def test_only_the_tickets_updated_since_the_instant_are_read(capsys, helpdesk, tmp_path, vendor):
    DATED[vendor](helpdesk)
    output = tmp_path / "events.csv"
    code, _out, err = ingest(capsys, helpdesk, vendor, output, "--since", SINCE, routes=False)
    assert code == 0, err
    second = next(key for key, name in KEYS[vendor].items() if name == "INC-2")
    assert _keys(output) == {second}
    if vendor in ASKED:
        path, parameter, expected = ASKED[vendor]
        asked = [r.query.get(parameter, "") for r in helpdesk.requests if r.path == path]
        assert asked
        assert all(expected in text for text in asked), asked
    else:  # GLPI: newest first, and the read stops at the first ticket older than asked
        listed = [r.query for r in helpdesk.requests if r.path == "/apirest.php/Ticket"]
        assert listed
        assert all((q["sort"], q["order"]) == ("19", "DESC") for q in listed)
    requested = [f"{r.path}?{'&'.join(r.query.values())}" for r in helpdesk.requests]
    assert not any(FIRST_HISTORY[vendor] in text for text in requested)
    if vendor in VENDORS:  # the whole history of the ticket read: its clocks are the same
        expected_clocks = clocks(capsys, str(FIXTURES / "expected-events.csv"))
        found = clocks(capsys, str(output), KEYS[vendor])
        assert found == {k: v for k, v in expected_clocks.items() if k[0] == "INC-2"}


def test_a_synced_helpdesk_asks_for_what_changed_since_its_last_sync_less_the_overlap(
    sessions: sessionmaker[Session], helpdesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_HELPDESK_TOKEN", "jira-token")
    jira(helpdesk)
    with Store.transaction(sessions) as store:
        store.upload_contract_file(
            str(ROOT / "examples/contracts/001-saas-annexes.yaml"), accept_lint_errors=True
        )
    source = Source(
        id="jira",
        contract="saas-annexes",
        service=None,
        kind="helpdesk",
        interval_seconds=60,
        since=None,
        options={
            "vendor": "jira",
            "url": helpdesk.url,
            "mapping": str(FIXTURES / "jira/mapping.yaml"),
        },
        overlap_seconds=3600,
        where="sources.yaml line 3",
    )
    # first sync on 16 March: everything (no instant asked); the second on 20 March
    # asks from the first's end less the hour of overlap, less JQL's minute
    sync_source(sessions, source, now=datetime(2024, 3, 16, 12, 0, tzinfo=UTC))
    first = [r.query["jql"] for r in helpdesk.requests if r.path == "/rest/api/2/search"]
    assert first
    assert not any("updated >=" in q for q in first)
    helpdesk.requests.clear()
    sync_source(sessions, source, now=datetime(2024, 3, 20, 12, 0, tzinfo=UTC))
    second = [r.query["jql"] for r in helpdesk.requests if r.path == "/rest/api/2/search"]
    assert second
    assert all('updated >= "2024/03/16 11:59"' in q for q in second)
    assert "/rest/api/2/issue/SUP-2/changelog" in helpdesk.paths()
    assert not any("SUP-1" in p for p in helpdesk.paths())  # not changed since: not read
    with sessions() as session:
        keys = sorted(session.scalars(select(Incident.key)))
    assert keys == ["SUP-1", "SUP-2"]  # the first sync's ticket is kept, not dropped
