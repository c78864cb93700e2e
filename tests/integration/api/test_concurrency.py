"""Under concurrency the service neither stalls nor fails (issue 22): a login flood
leaves other clients' latency alone, two big imports at once both land on SQLite and
PostgreSQL, a write that cannot get the lock answers 503 + Retry-After (never 500),
expensive requests are gated and hold no connection while they compute."""

from __future__ import annotations

import sqlite3
import statistics
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from tests.integration.api.conftest import MAX_UPLOAD, NOW, World, seed
from tests.integration.api.server import served
from tests.integration.conftest import fresh_postgres_database

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.api.routers import figures
from slaledger.adapters.db.engine import PoolSettings
from slaledger.adapters.db.store import Store, session_factory

PREVISOFT = "/api/contracts/previsoft-cgv"
CLEAN = "/api/contracts/northwind-hosting-clean"


def _app(url: str, **settings: object) -> object:
    chosen = {"max_upload_bytes": 64 * 1024 * 1024, "secret": "test-secret"} | settings
    return create_app(database_url=url, settings=Settings(**chosen), clock=lambda: NOW)  # type: ignore[arg-type]


@pytest.fixture
def seeded(database_url: str, world_tokens: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A seeded database (the API tests' world, ``world_tokens``), its URL and tokens; a
    dashboard user with a password."""
    tokens = world_tokens
    factory = session_factory(database_url)
    with Store.transaction(factory, actor="test") as store:
        store.set_password("admin@provider.test", "the right password")
    factory.kw["bind"].dispose()
    return database_url, tokens


def _outages_csv(service: str, rows: int, seed: int) -> bytes:
    start = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(seconds=seed)
    lines = ["service,start,end,category"]
    for n in range(rows):
        begin = start + timedelta(minutes=10 * n)
        end = begin + timedelta(minutes=3)
        lines.append(f"{service},{begin:%Y-%m-%dT%H:%M:%SZ},{end:%Y-%m-%dT%H:%M:%SZ},unplanned")
    return ("\n".join(lines) + "\n").encode()


def _p50(samples: list[float]) -> float:
    return statistics.median(samples)


def _me_latencies(base: str, token: str, seconds: float) -> list[float]:
    samples = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            began = time.perf_counter()
            assert client.get("/api/me", timeout=60).status_code == 200
            samples.append(time.perf_counter() - began)
    return samples


def test_a_login_flood_does_not_stall_other_clients(
    seeded: tuple[str, dict[str, str]],
) -> None:
    """Four clients posting wrong passwords: /api/me's median stays under 200 ms, or
    under 10x its median measured just before without the flood (before the fix: 12 ms
    became 3.4 s, the scrypt check ran on the event loop)."""
    url, tokens = seeded
    app = _app(url)
    with served(app) as base:  # type: ignore[arg-type]
        _me_latencies(base, tokens["admin"], 0.5)  # warm up
        quiet = _p50(_me_latencies(base, tokens["admin"], 2.0))
        stop = threading.Event()
        attempts = []

        def flood() -> None:
            with httpx.Client(base_url=base) as client:
                form = client.get("/dashboard/login", timeout=60).text
                csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
                while not stop.is_set():
                    answer = client.post(
                        "/dashboard/login",
                        data={"csrf": csrf, "email": "admin@provider.test", "password": "wrong"},
                        timeout=60,
                    )
                    attempts.append(answer.status_code)

        flooders = [threading.Thread(target=flood) for _ in range(4)]
        for thread in flooders:
            thread.start()
        try:
            time.sleep(0.5)
            loaded = _p50(_me_latencies(base, tokens["admin"], 3.0))
            # a loaded machine may have let few attempts through in those 3.5 s: the
            # flood must have run (8 attempts) before its answers are judged
            deadline = time.monotonic() + 60
            while len(attempts) < 8 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            for thread in flooders:
                thread.join(timeout=60)
    app.state.engine.dispose()  # type: ignore[attr-defined]
    assert len(attempts) >= 8
    # wrong passwords are refused (401) until the account's throttle answers 429
    # (docs/security.md): never a success, never a server error
    assert set(attempts) <= {401, 429}, attempts[:10]
    assert attempts[0] == 401
    assert loaded < max(0.200, 10 * quiet), f"/api/me p50 {loaded:.3f} s, quiet {quiet:.3f} s"


def test_two_big_imports_at_once_both_land(seeded: tuple[str, dict[str, str]]) -> None:
    """Two 20,000-row outage uploads to two contracts at the same moment: both 201, all
    rows stored (before: on SQLite one answered 500 "database is locked", every time)."""
    url, tokens = seeded
    app = _app(url)
    uploads = {
        PREVISOFT: _outages_csv("saas", 20_000, 1),
        CLEAN: _outages_csv("platform", 20_000, 2),
    }
    barrier = threading.Barrier(len(uploads))

    def upload(path: str) -> httpx.Response:
        barrier.wait()
        return httpx.post(
            base + path + "/outages/upload",
            files={"file": ("outages.csv", uploads[path], "text/csv")},
            headers={"Authorization": f"Bearer {tokens['agent']}"},
            timeout=120,
        )

    with served(app) as base:  # type: ignore[arg-type]
        with ThreadPoolExecutor(len(uploads)) as pool:
            answers = list(pool.map(upload, uploads))
        for answer in answers:
            assert answer.status_code == 201, answer.text
            assert answer.json()["rows"] == 20_000
        for path in uploads:
            listed = httpx.get(
                base + path + "/outages?from=2023-01-01&to=2023-12-31&limit=1",
                headers={"Authorization": f"Bearer {tokens['admin']}"},
                timeout=60,
            ).json()
            assert listed["total"] >= 20_000
    app.state.engine.dispose()  # type: ignore[attr-defined]


def test_a_write_that_cannot_get_the_lock_answers_503_with_retry_after(
    tmp_path: object,
) -> None:
    """SQLite: another process holds the write lock past the busy timeout: 503 busy
    with Retry-After, nothing written; once it is released, the same write lands."""
    url = f"sqlite:///{tmp_path}/locked.db"
    tokens = seed(url)
    app = _app(url, pool=PoolSettings(busy_timeout=0.3))
    holder = sqlite3.connect(f"{tmp_path}/locked.db", isolation_level=None)
    body = {
        "service": "saas",
        "start": "2024-03-20T10:00:00+01:00",
        "end": "2024-03-20T10:30:00+01:00",
    }
    headers = {"Authorization": f"Bearer {tokens['agent']}"}
    with served(app) as base:  # type: ignore[arg-type]
        holder.execute("BEGIN IMMEDIATE")
        try:
            began = time.monotonic()
            busy = httpx.post(base + PREVISOFT + "/outages", json=body, headers=headers)
            waited = time.monotonic() - began
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        landed = httpx.post(base + PREVISOFT + "/outages", json=body, headers=headers)
    app.state.engine.dispose()  # type: ignore[attr-defined]
    assert busy.status_code == 503, busy.text
    assert busy.headers["retry-after"].isdigit()
    assert busy.json()["type"].endswith("/busy")
    assert waited >= 0.3  # the busy timeout was waited, not skipped
    assert landed.status_code == 201, landed.text


def test_expensive_requests_beyond_the_limit_answer_503_not_500(world: World) -> None:
    """One slot and no waiting: of concurrent rolling-year figures, some are turned
    away with 503 + Retry-After, none fails, and the slot is free again afterwards."""
    app = _app(world.url, max_expensive=1, expensive_wait=0.001)
    path = PREVISOFT + "/availability/months?to=2024-12&count=36"
    headers = world.headers("viewer")
    with served(app) as base:  # type: ignore[arg-type]
        with ThreadPoolExecutor(6) as pool:
            answers = list(
                pool.map(lambda _: httpx.get(base + path, headers=headers, timeout=60), range(6))
            )
        after = httpx.get(base + path, headers=headers, timeout=60)
    app.state.engine.dispose()  # type: ignore[attr-defined]
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) == {200, 503}, statuses
    refused = next(a for a in answers if a.status_code == 503)
    assert int(refused.headers["retry-after"]) >= 1
    assert after.status_code == 200


def test_no_connection_is_held_while_a_figure_is_computed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Load, release, compute: while the availability figure is computed the request
    holds no pooled connection (before: its session kept one for the whole request)."""
    engine = world.client.app.state.engine  # type: ignore[attr-defined]
    seen: list[int] = []
    original = figures.availability_for_month

    def spy(**kwargs: object) -> object:
        seen.append(engine.pool.checkedout())
        return original(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(figures, "availability_for_month", spy)
    answer = world.get(PREVISOFT + "/availability?month=2024-03")
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    assert seen == [0]


def test_a_chunked_upload_over_the_limit_answers_413(world: World) -> None:
    """A body with no Content-Length, sent in chunks past the limit: 413 naming the
    limit (before: 400 "error parsing the body" once the guard cut it short)."""
    app = _app(world.url, max_upload_bytes=MAX_UPLOAD)
    boundary = "slaledger-test-boundary"

    def body() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="outages.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        yield b"service,start,end,category\n"
        chunk = b"saas,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,unplanned\n" * 1000
        for _ in range(4 * MAX_UPLOAD // len(chunk) + 1):
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    with served(app) as base:  # type: ignore[arg-type]
        answer = httpx.post(
            base + PREVISOFT + "/outages/upload",
            content=body(),
            headers=world.headers("agent")
            | {"Content-Type": f"multipart/form-data; boundary={boundary}"},
            timeout=60,
        )
    app.state.engine.dispose()  # type: ignore[attr-defined]
    assert "content-length" not in {k.lower() for k in answer.request.headers}
    assert answer.status_code == 413, answer.text
    assert answer.json()["limit_bytes"] == MAX_UPLOAD


@pytest.mark.postgres
def test_postgres_pool_size_comes_from_the_settings() -> None:
    """The pool is as configured (SLALEDGER_DB_POOL_SIZE...), not SQLAlchemy's 5 + 10."""
    with fresh_postgres_database() as url:
        app = _app(url, pool=PoolSettings(size=3, overflow=2, timeout=1.5))
        pool = app.state.engine.pool  # type: ignore[attr-defined]
        assert (pool.size(), pool._max_overflow, pool._timeout) == (3, 2, 1.5)
        app.state.engine.dispose()  # type: ignore[attr-defined]


def test_no_free_connection_answers_503_not_500(
    database_url: str, world_tokens: dict[str, str]
) -> None:
    """Every pooled connection taken (before: ``QueuePool limit of size 5 overflow 10
    reached`` answered 500): 503 busy with Retry-After, and the service serves again once
    a connection is free."""
    tokens = world_tokens
    app = _app(database_url, pool=PoolSettings(size=1, overflow=0, timeout=0.2))
    engine = app.state.engine  # type: ignore[attr-defined]
    headers = {"Authorization": f"Bearer {tokens['viewer']}"}
    with served(app) as base:  # type: ignore[arg-type]
        taken = engine.connect()
        try:
            busy = httpx.get(base + "/api/me", headers=headers, timeout=60)
        finally:
            taken.close()
        served_again = httpx.get(base + "/api/me", headers=headers, timeout=60)
    engine.dispose()
    assert busy.status_code == 503, busy.text
    assert busy.headers["retry-after"] == "2"
    assert "connection" in busy.json()["detail"]
    assert served_again.status_code == 200
