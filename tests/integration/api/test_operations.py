"""The operations endpoints, on SQLite and PostgreSQL: ``/healthz`` and ``/readyz`` need
no token, ``/readyz`` answers 503 naming the failed check, ``/metrics`` is Prometheus
text for the metrics token or a provider's token (a customer viewer gets 403), with
request latency by route template, sources' lag and open incidents' clocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text
from tests.integration.api.conftest import NOW, World, running

from slaledger.adapters.db.engine import head, known_revisions
from slaledger.adapters.db.source_state import state_of
from slaledger.adapters.db.store import Store, session_factory

PREVISOFT = "/api/contracts/previsoft-cgv"
CLEAN = "/api/contracts/northwind-hosting-clean"  # its first answer has targets


def _samples(body: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    found = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def _scrape(
    world: World, who: str = "admin"
) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = world.get("/metrics", who)
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("text/plain")  # type: ignore[attr-defined]
    return _samples(response.text)  # type: ignore[attr-defined]


def test_healthz_answers_without_a_token(world: World) -> None:
    response = world.client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_says_every_check_passed(world: World) -> None:
    response = world.client.get("/readyz")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["failed"] == []
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"] == {"ok": True, "current": head(), "head": head()}
    assert body["checks"]["scheduler"]["state"] == "off"  # the tests' settings run none


def test_readyz_answers_503_naming_migrations_behind_the_head(world: World) -> None:
    older = sorted(known_revisions() - {head()})[0]
    engine = create_engine(world.url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": older})
    finally:
        engine.dispose()
    response = world.client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["failed"] == ["migrations"]
    assert body["checks"]["migrations"]["current"] == older
    assert "sla db upgrade" in body["checks"]["migrations"]["error"]
    assert body["checks"]["database"]["ok"] is True


def test_metrics_refuse_no_token_and_customer_viewers(world: World) -> None:
    assert world.client.get("/metrics").status_code == 401
    assert world.get("/metrics", "revoked").status_code == 401  # type: ignore[attr-defined]
    refused = world.get("/metrics", "viewer")
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert "customer viewer" in refused.json()["detail"]  # type: ignore[attr-defined]
    assert world.get("/metrics", "agent").status_code == 200  # type: ignore[attr-defined]


def test_metrics_accept_the_metrics_token(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLALEDGER_METRICS_TOKEN", "prometheus-scrape-secret")
    with running(database_url) as world:
        headers = {"Authorization": "Bearer prometheus-scrape-secret"}
        assert world.client.get("/metrics", headers=headers).status_code == 200
        wrong = {"Authorization": "Bearer prometheus-scrape-secreT"}
        assert world.client.get("/metrics", headers=wrong).status_code == 401


def test_request_latency_is_labelled_by_route_template_not_raw_path(world: World) -> None:
    assert world.get(PREVISOFT).status_code == 200  # type: ignore[attr-defined]
    assert world.get("/api/contracts/no-such-contract").status_code == 404  # type: ignore[attr-defined]
    world.client.get("/no/such/page/at/all")
    samples = _scrape(world)
    routes = {
        dict(labels)["route"]
        for name, labels in samples
        if name == "slaledger_http_request_duration_seconds_count"
    }
    assert "/api/contracts/{contract_id}" in routes
    assert "unmatched" in routes
    assert not any("previsoft-cgv" in route or "no-such" in route for route in routes)
    key = frozenset(
        {"method": "GET", "route": "/api/contracts/{contract_id}", "status": "404"}.items()
    )
    assert samples[("slaledger_http_request_duration_seconds_count", key)] >= 1


def test_open_incidents_clocks_are_counted_as_the_api_lists_them(world: World) -> None:
    for key, notified in (
        ("INC-OPS-OLD", "2024-03-01T10:00:00+01:00"),  # a month without a fix: breached
        ("INC-OPS-NEW", "2024-03-31T23:55:00+02:00"),  # five minutes before the clock
    ):
        body = {"incident": key, "notified_at": notified, "classified": "sev-a"}
        body["service"] = "platform"
        opened = world.client.post(CLEAN + "/incidents", json=body, headers=world.headers("admin"))
        assert opened.status_code == 201, opened.text
    listed = world.get(CLEAN + "/incidents", params={"status": "open", "limit": 500})
    assert listed.status_code == 200  # type: ignore[attr-defined]
    expected = {"breached": 0, "at-risk": 0, "on-time": 0}
    as_counted = {"breached": "breached", "at-risk": "at-risk", "running": "on-time"}
    as_counted |= {"paused": "on-time", "met": "on-time"}
    for incident in listed.json()["items"]:  # type: ignore[attr-defined]
        for clock in incident["clocks"]:
            if clock["status"] in as_counted:
                expected[as_counted[clock["status"]]] += 1
    samples = _scrape(world)
    found = {
        status: samples[
            (
                "slaledger_open_incident_clocks",
                frozenset({"contract": "northwind-hosting-clean", "status": status}.items()),
            )
        ]
        for status in expected
    }
    assert found == {status: float(count) for status, count in expected.items()}
    assert expected["breached"] > 0
    assert expected["on-time"] + expected["at-risk"] > 0


def test_sources_lag_and_failing_seconds_come_from_their_state(world: World) -> None:
    factory = session_factory(world.url)
    try:
        with Store.transaction(factory, actor="test") as store:
            working = state_of(store, "previsoft-cgv", "portal-counts", "counts-file")
            working.synced_until = NOW - timedelta(minutes=5)
            failing = state_of(store, "previsoft-cgv", "helpdesk", "helpdesk")
            failing.synced_until = NOW - timedelta(hours=2)
            failing.failing_since = NOW - timedelta(minutes=40)
    finally:
        factory.kw["bind"].dispose()
    samples = _scrape(world)

    def value(name: str, source: str, kind: str) -> float:
        labels = {"contract": "previsoft-cgv", "source": source, "kind": kind}
        return samples[(name, frozenset(labels.items()))]

    assert value("slaledger_source_lag_seconds", "portal-counts", "counts-file") == 300
    assert value("slaledger_source_failing_seconds", "portal-counts", "counts-file") == 0
    assert value("slaledger_source_lag_seconds", "helpdesk", "helpdesk") == 7200
    assert value("slaledger_source_failing_seconds", "helpdesk", "helpdesk") == 2400


def test_the_request_id_is_echoed_or_made(world: World) -> None:
    given = world.client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert given.headers["X-Request-ID"] == "lb-7f3a.42"
    made = world.client.get("/healthz")
    other = world.client.get("/healthz")
    assert len(made.headers["X-Request-ID"]) == 32
    assert made.headers["X-Request-ID"] != other.headers["X-Request-ID"]
    hostile = world.client.get("/healthz", headers={"X-Request-ID": "a b\tc" + "x" * 200})
    assert hostile.headers["X-Request-ID"] != "a b\tc" + "x" * 200
    refused = world.client.get(PREVISOFT)  # a problem answer carries it too
    assert refused.status_code == 401
    assert refused.headers["X-Request-ID"]
