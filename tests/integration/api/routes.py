"""Requests built from the app's own routes, so that a new route is tried automatically:
path and query values by parameter name, JSON bodies by model, files for uploads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slaledger.adapters.api import Settings, create_app

#: a value for every path and query parameter name the API uses (another customer's ids)
VALUES = {
    "contract_id": "previsoft-cgv",
    "incident_id": "INC-2024-0001",
    "month": "2024-03",
    "to": "2024-03",
    "kind": "preventive",
    "start": "2024-04-10T21:00:00+02:00",
    "end": "2024-04-10T21:30:00+02:00",
    "service": "saas",
    "in_service": "2021-03-15",
    "engineer_days": "3",
    "contracted": "500",
    "volume": "2024-01:610",
    "count": "seats:25",
    "year": "2024",
    "name": "portal-errors",
}
#: a valid body for every request model
BODIES: dict[str, dict[str, Any]] = {
    "IncidentCreate": {"incident": "INC-NEW", "notified_at": "2024-03-29T10:00:00+01:00"},
    "EventCreate": {"event": "acknowledged", "at": "2024-03-29T10:05:00+01:00"},
    "OutageCreate": {
        "service": "saas",
        "start": "2024-03-20T10:00:00+01:00",
        "end": "2024-03-20T10:30:00+01:00",
    },
    "MaintenanceCreate": {
        "service": "saas",
        "kind": "preventive",
        "start": "2024-04-10T21:00:00+02:00",
        "end": "2024-04-10T21:30:00+02:00",
        "accept_outside_rules": True,
    },
    "ClaimCreate": {"month": "2024-03"},
    "DecisionCreate": {"decision": "grant"},
    "SourceDefinitionBody": {
        "id": "portal-errors",
        "kind": "counts-file",
        "interval": "5 min",
        "options": {"path": "/exports/counts.csv"},
    },
    "InvoicedFeesIn": {"fees": [{"month": "2024-03", "amount": "10.00", "currency": "EUR"}]},
    "RulesBody": {"rules": "page:2%/1h/5min"},
}
FILES = {
    "/api/contracts": ("contract.yaml", b"format: slaledger/contract/v1\n"),
    "/outages/upload": ("outages.csv", b"service,start,end,category\n"),
    "/counts/upload": (
        "counts.csv",
        b"service,interval_start,interval_seconds,total,server_errors\n",
    ),
    "/logs/upload": ("access.log", b""),
    "/invoices/upload": ("invoices.csv", b"invoice,issued,amount\n"),
    "/obligation-events/upload": ("obligation-events.csv", b"event,at\n"),
    "/fees/upload": ("billing.csv", b"service,month,amount,currency\n"),
}


@dataclass(frozen=True)
class RouteCall:
    method: str
    template: str
    url: str
    params: dict[str, str] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    files: dict[str, tuple[str, bytes]] | None = None
    token_in_query: bool = False

    @property
    def id(self) -> str:
        return f"{self.method} {self.template}"

    def send(self, client: Any, token: str) -> Any:
        params = dict(self.params)
        headers = {}
        if self.token_in_query:
            params["token"] = token
        else:
            headers["Authorization"] = f"Bearer {token}"
        return client.request(
            self.method, self.url, params=params, json=self.json, files=self.files, headers=headers
        )


def openapi() -> dict[str, Any]:
    """The app's OpenAPI document: the public list of its routes (FastAPI includes
    routers lazily, so ``app.routes`` does not list them one by one)."""
    app = create_app(database_url="sqlite://", settings=Settings(secret="routes"))
    document = app.openapi()
    app.state.engine.dispose()
    return document


def calls() -> list[RouteCall]:
    """One call per (route, method), with every required value filled in."""
    found = []
    for template, item in openapi()["paths"].items():
        for method, operation in item.items():
            url, params, token_in_query = template, {}, False
            for param in operation.get("parameters", []):
                name = param["name"]
                if param["in"] == "path":
                    url = url.replace("{" + name + "}", VALUES[name])
                elif name == "token":
                    token_in_query = True
                elif param["in"] == "query" and param.get("required"):
                    params[name] = VALUES[name]
            json, files = None, None
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                json = BODIES[content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]]
            elif "multipart/form-data" in content:
                suffix = next(s for s in FILES if template.endswith(s))
                files = {"file": FILES[suffix]}
            found.append(
                RouteCall(method.upper(), template, url, params, json, files, token_in_query)
            )
    return found
