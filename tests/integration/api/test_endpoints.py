"""Every endpoint's happy path, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import datetime

from tests.integration.api.conftest import CLEAN, ROOT, World

PREVISOFT = "/api/contracts/previsoft-cgv"
CLEAN_URL = "/api/contracts/northwind-hosting-clean"


def test_me_names_the_token_s_user_and_role(world: World) -> None:
    body = world.client.get("/api/me", headers=world.headers("viewer")).json()
    assert body == {"user": "it@le-client.test", "role": "customer-viewer", "customer": "Le Client"}


def test_a_contract_lists_its_services_customer_and_version(world: World) -> None:
    body = world.client.get(PREVISOFT, headers=world.headers("admin")).json()
    assert body["customer"] == "Le Client"
    assert body["timezone"] == "Europe/Paris"
    assert body["version"] == 1
    assert "saas" in [s["name"] for s in body["services"]]
    services = world.client.get(PREVISOFT + "/services", headers=world.headers("admin")).json()
    assert services == body["services"]


def test_versions_and_lint_findings_of_a_stored_contract(world: World) -> None:
    versions = world.client.get(PREVISOFT + "/versions", headers=world.headers("admin")).json()
    assert versions["total"] == 1
    assert len(versions["items"][0]["sha256"]) == 64
    findings = world.client.get(PREVISOFT + "/lint", headers=world.headers("admin")).json()
    assert {"boundary-gap"} <= {f["rule"] for f in findings}
    assert any(f["severity"] == "error" for f in findings)


def test_uploading_the_same_contract_changed_adds_a_version(world: World) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace(
        "title: Northwind Hosting — Service Level Schedule (clean)",
        "title: Northwind Hosting — Service Level Schedule (clean, v2)",
    )
    response = world.client.post(
        "/api/contracts",
        headers=world.headers("admin"),
        files={"file": ("invented-clean.yaml", text.encode(), "application/yaml")},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["version"]["number"] == 2
    assert body["contract"]["title"].endswith("(clean, v2)")
    assert all(f["severity"] != "error" for f in body["findings"])


def test_a_seed_with_lint_errors_uploads_only_when_the_admin_accepts_them(world: World) -> None:
    """001 lints with errors (blank credit days): refused by default, stored on request,
    for the customer account named."""
    text = (ROOT / "examples" / "contracts" / "001-saas-annexes.yaml").read_bytes()
    upload = {"file": ("001-saas-annexes.yaml", text, "application/yaml")}
    refused = world.client.post("/api/contracts", headers=world.headers("admin"), files=upload)
    assert refused.status_code == 422, refused.text
    accepted = world.client.post(
        "/api/contracts",
        headers=world.headers("admin"),
        files=upload,
        params={"accept_lint_errors": "true", "customer": "Acme SaaS buyer"},
    )
    assert accepted.status_code == 201, accepted.text
    body = accepted.json()
    assert any(f["severity"] == "error" for f in body["findings"])
    assert body["contract"]["customer"] == "Acme SaaS buyer"


def test_opening_an_incident_starts_its_clocks(world: World) -> None:
    response = world.client.post(
        PREVISOFT + "/incidents",
        headers=world.headers("agent"),
        json={
            "incident": "INC-API-1",
            "notified_at": "2024-03-29T10:00:00+01:00",
            "classified": "P2",
            "service": "saas",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["incident"] == "INC-API-1"
    assert body["priority"] == "P2"
    assert body["started"] == "2024-03-29T10:00:00+01:00"
    restore = next(c for c in body["clocks"] if c["name"] == "restore")
    # PREVISOFT measures restore time (a KPI) without a deadline; as of Mon 1 April
    # 00:00 the clock has run Friday 29 March's business hours, 10:00-18:00
    assert restore["deadline"] is None
    assert restore["elapsed_seconds"] == 8 * 3600


def test_appending_restored_stops_the_restore_clock(world: World) -> None:
    world.client.post(
        PREVISOFT + "/incidents",
        headers=world.headers("agent"),
        json={"incident": "INC-API-2", "notified_at": "2024-03-15T16:00:00+01:00",
              "classified": "P2"},
    )  # fmt: skip
    response = world.client.post(
        PREVISOFT + "/incidents/INC-API-2/events",
        headers=world.headers("agent"),
        json={"event": "restored", "at": "2024-03-18T11:00:00+01:00"},
    )
    assert response.status_code == 201, response.text
    restore = [c for c in response.json()["clocks"] if c["name"] == "restore"]
    assert restore, response.json()["clocks"]
    # the seed's worked example: Fri 16:00 -> Mon 11:00 is 4 business hours
    assert restore[0]["elapsed_seconds"] == 4 * 3600
    detail = world.client.get(PREVISOFT + "/incidents/INC-API-2", headers=world.headers("viewer"))
    assert [e["event"] for e in detail.json()["events"]] == ["notified", "classified", "restored"]
    events = world.client.get(
        PREVISOFT + "/incidents/INC-API-2/events?limit=2", headers=world.headers("viewer")
    ).json()
    assert events["total"] == 3
    assert [e["event"] for e in events["items"]] == ["notified", "classified"]
    assert events["next"] is not None
    assert "offset=2" in events["next"]


def test_incidents_are_paged_and_filtered_by_month(world: World) -> None:
    march = world.client.get(
        PREVISOFT + "/incidents?month=2024-03&limit=5", headers=world.headers("viewer")
    ).json()
    assert 5 < march["total"] < 1000
    assert len(march["items"]) == 5
    for item in march["items"]:
        started = datetime.fromisoformat(item["started"])
        assert (started.year, started.month) == (2024, 3)
    following = world.client.get(march["next"], headers=world.headers("viewer")).json()
    assert following["offset"] == 5
    assert {i["incident"] for i in following["items"]}.isdisjoint(
        {i["incident"] for i in march["items"]}
    )


def test_the_status_filter_keeps_incidents_with_a_breached_clock(world: World) -> None:
    for incident, acknowledged in (("A-LATE", None), ("A-ON-TIME", "2024-03-28T10:30:00+01:00")):
        world.client.post(
            CLEAN_URL + "/incidents",
            headers=world.headers("agent"),
            json={"incident": incident, "notified_at": "2024-03-28T10:00:00+01:00",
                  "classified": "sev-a"},
        )  # fmt: skip
        if acknowledged:
            world.client.post(
                CLEAN_URL + f"/incidents/{incident}/events",
                headers=world.headers("agent"),
                json={"event": "acknowledged", "at": acknowledged},
            )
    breached = world.client.get(
        CLEAN_URL + "/incidents?status=breached", headers=world.headers("admin")
    ).json()
    assert [i["incident"] for i in breached["items"]] == ["A-LATE"]
    assert breached["total"] == 1
    every = world.client.get(CLEAN_URL + "/incidents", headers=world.headers("admin")).json()
    assert [i["incident"] for i in every["items"]] == ["A-LATE", "A-ON-TIME"]
    assert every["items"][1]["clocks"][0]["status"] == "met"


def test_recording_an_outage_then_listing_it(world: World) -> None:
    response = world.client.post(
        PREVISOFT + "/outages",
        headers=world.headers("agent"),
        json={"service": "saas", "start": "2024-03-20T10:00:00+01:00",
              "end": "2024-03-20T10:30:00+01:00", "category": "unplanned"},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    listed = world.client.get(
        PREVISOFT + "/outages?from=2024-03-20&to=2024-03-20", headers=world.headers("viewer")
    ).json()
    assert [(o["start"], o["source"]) for o in listed["items"]] == [
        ("2024-03-20T10:00:00+01:00", "api")
    ]


def test_availability_of_a_month_comes_with_its_trace(world: World) -> None:
    body = world.client.get(
        PREVISOFT + "/availability?month=2024-03", headers=world.headers("viewer")
    ).json()
    assert body["contract"] == "previsoft-cgv"
    assert 90 < float(body["availability"]) <= 100
    assert body["trace"]
    months = world.client.get(
        PREVISOFT + "/availability/months?to=2024-03", headers=world.headers("viewer")
    ).json()
    assert [m["month"] for m in months["months"]][-1] == "2024-03"
    assert len(months["months"]) == 12
    assert months["months"][-1]["availability"] == body["availability"]


def test_kpis_and_credits_of_a_month(world: World) -> None:
    kpis = world.client.get(PREVISOFT + "/kpis?month=2024-03", headers=world.headers("viewer"))
    assert kpis.status_code == 200, kpis.text
    assert {"KPI1"} <= {k["kpi"] for k in kpis.json()["kpis"]} or kpis.json()["kpis"]
    credits = world.client.get(
        CLEAN_URL + "/credits?month=2025-03&fee=1000%20EUR", headers=world.headers("admin")
    )
    assert credits.status_code == 200, credits.text
    # a contract with no measurement at all: no data, not "100 %, no credit" (issue 23)
    body = credits.json()
    assert body["availability"] is None
    assert body["outcome"] == "no-data"
    assert body["credit_amount"] is None


def test_maintenance_check_answers_with_every_rule(world: World) -> None:
    response = world.client.get(
        PREVISOFT + "/maintenance/check",
        headers=world.headers("viewer"),
        params={"kind": "preventive", "start": "2024-04-10T21:00:00+02:00",
                "end": "2024-04-10T21:30:00+02:00", "announced_at": "2024-03-25T09:00:00+01:00"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["reasons"]
    assert body["allowed"] == all(r["ok"] for r in body["reasons"])


def test_recording_an_allowed_window_stores_it_with_its_verdict(world: World) -> None:
    window = {
        "service": "saas",
        "kind": "preventive",
        "start": "2024-04-10T21:00:00+02:00",
        "end": "2024-04-10T21:30:00+02:00",
        "announced_at": "2024-03-25T09:00:00+01:00",
    }
    verdict = world.client.get(
        PREVISOFT + "/maintenance/check",
        headers=world.headers("agent"),
        params={k: v for k, v in window.items() if k != "service"},
    ).json()
    response = world.client.post(
        PREVISOFT + "/maintenance",
        headers=world.headers("agent"),
        json=window | {"accept_outside_rules": not verdict["allowed"]},
    )
    assert response.status_code == 201, response.text
    assert response.json()["verdict"]["allowed"] == verdict["allowed"]
    listed = world.client.get(
        PREVISOFT + "/maintenance?from=2024-04-10&to=2024-04-10", headers=world.headers("viewer")
    ).json()
    assert [w["start"] for w in listed["items"]] == ["2024-04-10T21:00:00+02:00"]


def test_obligations_as_json_and_as_a_calendar_feed(world: World) -> None:
    body = world.client.get(
        PREVISOFT + "/obligations?from=2024-01-01&to=2024-12-31", headers=world.headers("viewer")
    ).json()
    assert body["contract"] == "previsoft-cgv"
    # the credentials were sent on 8 January 2024: the licence's dates follow from it
    assert body["items"]
    assert all(i["trigger"] is None or i["trigger"]["at"] == "2024-01-08" for i in body["items"])
    feed = world.client.get(
        "/feeds/previsoft-cgv/obligations.ics", params={"token": world.tokens["feed:viewer"]}
    )
    assert feed.status_code == 200, feed.text
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.text.startswith("BEGIN:VCALENDAR")


def test_the_obligations_speak_the_readers_language(world: World) -> None:
    """JSON in the Accept-Language's language (ids beside the texts); the feed in ``lang``,
    else in the contract's language (PREVISOFT's is French)."""
    url = PREVISOFT + "/obligations?from=2024-01-01&to=2024-12-31"
    texts = {}
    for language in ("fr", "en"):
        headers = world.headers("viewer") | {"Accept-Language": language}
        texts[language] = world.client.get(url, headers=headers).json()["items"]
    [fr_notice] = [i for i in texts["fr"] if i["kind"] == "termination-notice"]
    [en_notice] = [i for i in texts["en"] if i["kind"] == "termination-notice"]
    assert fr_notice["summary"].startswith("dernier jour pour notifier la résiliation")
    assert en_notice["summary"].startswith("last day to give notice of termination")
    assert fr_notice["summary_id"] == en_notice["summary_id"]
    assert fr_notice["rule_params"] == en_notice["rule_params"]
    token = {"token": world.tokens["feed:viewer"]}
    feed = "/feeds/previsoft-cgv/obligations.ics"
    french = world.client.get(feed, params=token).text.replace("\r\n ", "")
    english = world.client.get(feed, params=token | {"lang": "en"}).text.replace("\r\n ", "")
    assert "dernier jour pour notifier la résiliation" in french
    assert "last day to give notice of termination" in english
    assert world.client.get(feed, params=token | {"lang": "de"}).status_code == 422


def test_a_statement_as_json_html_and_pdf(world: World) -> None:
    base = PREVISOFT + "/statements/2024-03"
    json_doc = world.client.get(base, headers=world.headers("viewer"))
    assert json_doc.status_code == 200, json_doc.text
    assert "previsoft-cgv" in json_doc.text
    html = world.client.get(base + "?format=html&lang=en", headers=world.headers("viewer"))
    assert html.headers["content-type"].startswith("text/html")
    assert "<html" in html.text.lower()
    pdf = world.client.get(base + "?format=pdf&lang=fr", headers=world.headers("viewer"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_uploading_outages_stores_every_row(world: World) -> None:
    rows = (
        "service,start,end,category,reported_at,reference,note\n"
        "saas,2024-03-05T10:00:00+01:00,2024-03-05T10:10:00+01:00,unplanned,,UP-1,\n"
        "saas,2024-03-06T10:00:00+01:00,2024-03-06T10:20:00+01:00,customer,,UP-2,\n"
    )
    response = world.client.post(
        PREVISOFT + "/outages/upload",
        headers=world.headers("agent"),
        files={"file": ("march.csv", rows.encode())},
    )
    assert response.status_code == 201, response.text
    assert response.json() == {"file": "march.csv", "rows": 2, "services": ["saas"], "detail": {}}
    listed = world.get(PREVISOFT + "/outages?from=2024-03-05&to=2024-03-06").json()
    assert [o["reference"] for o in listed["items"]] == ["UP-1", "UP-2"]
    assert {o["source"] for o in listed["items"]} == {"march.csv"}


def _minutes(total: int, errors: int, count: int, first: str = "2024-03-12T10:00:00Z") -> str:
    from datetime import datetime, timedelta

    start = datetime.fromisoformat(first)
    lines = ["service,interval_start,interval_seconds,total,server_errors"]
    for minute in range(count):
        at = (start + timedelta(minutes=minute)).isoformat().replace("+00:00", "Z")
        lines.append(f"saas,{at},60,{total},{errors}")
    return "\n".join(lines) + "\n"


def test_uploading_request_counts_stores_the_interruptions_they_show(world: World) -> None:
    before = world.get(PREVISOFT + "/availability?month=2024-03").json()
    response = world.client.post(
        PREVISOFT + "/counts/upload",
        headers=world.headers("agent"),
        files={"file": ("counts.csv", _minutes(100, 50, 30).encode())},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["rows"], body["services"]) == (30, ["saas"])
    assert body["detail"]["interruptions"] >= 1
    after = world.get(PREVISOFT + "/availability?month=2024-03").json()
    assert after["minutes_down"] > before["minutes_down"]


def test_uploading_a_request_log_aggregates_it_per_minute(world: World) -> None:
    lines = [
        f'10.0.0.1 - - [12/Mar/2024:10:{m:02d}:{s:02d} +0000] "GET / HTTP/1.1" {status} 12 "-" "x"'
        for m in range(5)
        for s, status in ((1, 200), (2, 500), (3, 503), (4, 200))
    ]
    response = world.client.post(
        PREVISOFT + "/logs/upload",
        headers=world.headers("agent"),
        params={"service": "saas"},
        files={"file": ("access.log", ("\n".join(lines) + "\n").encode())},
    )
    assert response.status_code == 201, response.text
    detail = response.json()["detail"]
    assert (detail["requests"], detail["server_errors"], detail["minutes"]) == (20, 10, 5)


def test_the_openapi_document_and_its_docs_page_are_served(world: World) -> None:
    document = world.client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert "/feeds/{contract_id}/obligations.ics" in document["paths"]
    page = world.client.get("/docs")
    assert page.status_code == 200
    assert "swagger" in page.text.lower()


def test_the_docs_pages_load_every_asset_from_the_service_itself(world: World) -> None:
    """/docs and /redoc work without internet: no script, style or icon from elsewhere."""
    for path in ("/docs", "/redoc"):
        page = world.client.get(path)
        assert page.status_code == 200
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assets += re.findall(r"url: '([^']+)'", page.text)
        assert assets, page.text
        for asset in assets:
            assert asset.startswith("/"), (path, asset)  # never a CDN
            assert world.client.get(asset).status_code == 200, asset


def test_the_favicon_is_served(world: World) -> None:
    icon = world.client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")


def test_a_customers_statement_leaves_out_the_providers_lint_findings(world: World) -> None:
    provider = world.get(PREVISOFT + "/statements/2024-03?format=json").json()
    customer = world.get(PREVISOFT + "/statements/2024-03?format=json", who="viewer").json()
    assert provider["audience"] == "provider"
    assert len(provider["lint"]) >= 1
    assert customer["audience"] == "customer"
    assert customer["lint"] == []
    assert customer["availability"] == provider["availability"]  # the same figures


def test_lint_findings_are_the_providers_and_refused_to_a_customer_viewer(world: World) -> None:
    """Issue #19 part 5: lint findings and interpretations are the provider's notes."""
    refused = world.client.get(PREVISOFT + "/lint", headers=world.headers("viewer"))
    assert refused.status_code == 403, refused.text
    assert "provider" in refused.json()["detail"]
    agent = world.client.get(PREVISOFT + "/lint", headers=world.headers("agent"))
    assert agent.status_code == 200, agent.text
