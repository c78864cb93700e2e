"""Each helpdesk's routes, from the recorded payloads, paging as the vendor pages."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.store import Store
from slaledger.adapters.sync.config import Source

from .loopback import FIXTURES, ROOT, Answer, Loopback, Request, load, ok

SEED_001 = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"


def store_seed_001(sessions: sessionmaker[Session]) -> None:
    """Seed contract 001 (saas-annexes), whose clocks the recorded tickets run."""
    with Store.transaction(sessions) as store:
        store.upload_contract_file(str(SEED_001), accept_lint_errors=True)


def jira_source(url: str, mapping: str = "jira/mapping.yaml", **changes: Any) -> Source:
    """The Jira helpdesk at ``url`` as a sync source of seed 001."""
    source = Source(
        id="jira",
        contract="saas-annexes",
        service=None,
        kind="helpdesk",
        interval_seconds=60,
        since=None,
        options={"vendor": "jira", "url": url, "mapping": str(FIXTURES / mapping)},
        where="sources.yaml line 3",
    )
    return replace(source, **changes)


def jira(server: Loopback) -> None:
    pages = [load("jira", "search-page-1.json"), load("jira", "search-page-2.json")]

    def search(request: Request) -> Answer:
        start = int(request.query.get("startAt", "0"))
        if request.headers.get("authorization") != "Bearer jira-token":
            return 401, {}, {"errorMessages": ["You are not authenticated."]}
        page = next((p for p in pages if p["startAt"] == start), None)
        return ok(page or {"startAt": start, "maxResults": 1, "total": 2, "issues": []})

    def search_jql(request: Request) -> Answer:
        # Jira Cloud's /rest/api/3/search/jql: the same issues, paged by nextPageToken
        if request.headers.get("authorization") != "Bearer jira-token":
            return 401, {}, {"errorMessages": ["You are not authenticated."]}
        index = {"": 0, "CAEQAg": 1}.get(request.query.get("nextPageToken", ""), 0)
        page = {k: v for k, v in pages[index].items() if k not in {"startAt", "total"}}
        last = index == len(pages) - 1
        return ok({**page, "isLast": last, **({} if last else {"nextPageToken": "CAEQAg"})})

    server.route("/rest/api/2/search", search)
    server.route("/rest/api/3/search/jql", search_jql)
    for api in ("2", "3"):
        server.route(
            f"/rest/api/{api}/issue/SUP-2/changelog",
            lambda r: ok(load("jira", "changelog-SUP-2.json")),
        )


def zammad(server: Loopback) -> None:
    def tickets(request: Request) -> Answer:
        if request.headers.get("authorization") != "Token token=zammad-token":
            return 401, {}, {"error": "authentication failed"}
        rows = load("zammad", "tickets.json")
        return ok(rows if request.query.get("page", "1") == "1" else [])

    server.route("/api/v1/tickets/search", tickets)
    server.route("/api/v1/tickets", tickets)
    for ident in (1, 2):
        server.route(
            f"/api/v1/ticket_history/{ident}",
            lambda r, i=ident: ok(load("zammad", f"ticket_history-{i}.json")),
        )


def glpi(server: Loopback, *, session: str = "s-1") -> None:
    rows = load("glpi", "tickets.json")

    def init(request: Request) -> Answer:
        if (
            request.headers.get("authorization") != "user_token glpi-user"
            or request.headers.get("app-token") != "glpi-app"
        ):
            return 401, {}, ["ERROR_GLPI_LOGIN_USER_TOKEN", "parameter user_token seems invalid"]
        return ok({"session_token": session})

    def guarded(answer: Answer) -> object:
        def handler(request: Request) -> Answer:
            if request.headers.get("session-token") != session:
                return 401, {}, ["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"]
            return answer if not callable(answer) else answer(request)

        return handler

    def tickets(request: Request) -> Answer:
        start, end = (int(x) for x in request.query.get("range", "0-49").split("-"))
        chosen = rows[start : end + 1]
        last = start + len(chosen) - 1
        return (
            206 if len(chosen) < len(rows) else 200,
            {"Content-Range": f"{start}-{last}/{len(rows)}", "Accept-Range": "Ticket 1000"},
            chosen,
        )

    server.route("/apirest.php/initSession", init)
    server.route("/apirest.php/Ticket", guarded(tickets))
    for ident in (1, 2):
        server.route(
            f"/apirest.php/Ticket/{ident}/Log", guarded(ok(load("glpi", f"log-{ident}.json")))
        )


def servicenow(server: Loopback) -> None:
    pages = [load("servicenow", "incident-page-1.json"), load("servicenow", "incident-page-2.json")]

    def incidents(request: Request) -> Answer:
        offset = int(request.query.get("sysparm_offset", "0"))
        page = pages[offset] if offset < len(pages) else {"result": []}
        return ok(page, **{"X-Total-Count": "2"})

    def audit(request: Request) -> Answer:
        query = request.query.get("sysparm_query", "")
        key = query.split("documentkey=")[1].split("^")[0]
        return ok(load("servicenow", f"sys_audit-{key}.json"))

    server.route("/api/now/table/incident", incidents)
    server.route("/api/now/table/sys_audit", audit)


def _fresh(server: Loopback, vendor: str, history: str) -> None:
    def tickets(request: Request) -> Answer:
        if request.headers.get("authorization") != "Basic ZmQta2V5Olg=":  # fd-key:X
            return 401, {}, {"code": "invalid_credentials", "message": "You have to be logged in"}
        page = request.query.get("page", "1")
        if page == "1":
            link = f'<{server.url}/api/v2/tickets?page=2&per_page=1&include=stats>; rel="next"'
            return ok(load(vendor, "tickets-page-1.json"), Link=link)
        return ok(load(vendor, "tickets-page-2.json"))

    server.route("/api/v2/tickets", tickets)
    for ident in (1, 2):
        server.route(
            f"/api/v2/tickets/{ident}/{history}",
            lambda r, i=ident: ok(load(vendor, f"{history}-{i}.json")),
        )


def freshdesk(server: Loopback) -> None:
    _fresh(server, "freshdesk", "conversations")


def freshservice(server: Loopback) -> None:
    _fresh(server, "freshservice", "activities")


#: the command-line arguments of each source, for a server at ``url``
def arguments(vendor: str, url: str) -> list[str]:
    return {
        "jira": ["--url", url, "--token", "jira-token"],
        "zammad": ["--url", url, "--token", "zammad-token"],
        "glpi": ["--url", f"{url}/apirest.php", "--token", "glpi-user", "--app-token", "glpi-app"],
        "servicenow": ["--url", url, "--user", "admin", "--token", "secret"],
        "freshdesk": ["--url", url, "--token", "fd-key"],
        "freshservice": ["--url", url, "--token", "fd-key"],
    }[vendor]


#: each vendor's keys of the two incidents of expected-events.csv
KEYS = {
    "jira": {"SUP-1": "INC-1", "SUP-2": "INC-2"},
    "zammad": {"10001": "INC-1", "10002": "INC-2"},
    "glpi": {"1": "INC-1", "2": "INC-2"},
    "servicenow": {"INC0010001": "INC-1", "INC0010002": "INC-2"},
    "freshdesk": {"1": "INC-1", "2": "INC-2"},
    "freshservice": {"1": "INC-1", "2": "INC-2"},
}
ROUTES = {
    "jira": jira,
    "zammad": zammad,
    "glpi": glpi,
    "servicenow": servicenow,
    "freshdesk": freshdesk,
    "freshservice": freshservice,
}
