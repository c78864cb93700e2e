"""Provider benchmark (issue 17): a generated provider's contracts on PostgreSQL, served by
``sla serve``, read by 1 and 20 concurrent clients.

Generated: ``--contracts`` copies of tests/fixtures/contracts/invented-clean.yaml (ids
``bench-000``...), each with a year of data ending with last month: ``--incidents``
incidents (notified, classified, acknowledged, restored) and two outages a month,
observed all year. The server runs ``sla serve --workers N`` when the command has the
option (else one worker), on a free loopback port, without the scheduler (the first
page request computes and stores the figures: measured as the cold page).

Measured, for each of 1 and ``--clients`` concurrent httpx clients looping for
``--seconds``: p50/p99 of
- the baseline: ``/healthz`` when the service has it, else ``/openapi.json`` (served
  from memory once built: the cost of a request through the stack, nothing computed);
- the dashboard's contracts page (every contract's last month, from the figure cache);
- an API read: ``/api/contracts/{id}/credits?month=`` (computed from the raw events);
- the statement PDF of last month.
Printed with each endpoint's p50 and p99 as a ratio of the baseline's in the same run.

Run:  .venv/bin/python benchmarks/bench_provider.py [--contracts 20] [--incidents 200]
      [--clients 20] [--seconds 10] [--workers 2] [--only dashboard,api,pdf]
      [--server postgresql://postgres@127.0.0.1:5432/test]
``--only``: the endpoints measured besides the baseline (``dashboard``, ``page2`` the
contracts page's second page, ``api``, ``pdf``; all but ``page2`` by default).
The issue's sizing (500 contracts × 200 incidents a year): ``--contracts 500``; the
generation then takes a few minutes and the cold contracts page computes 500 months.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
import psycopg
from psycopg import sql

from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import read_outages

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"
ADMIN, PASSWORD = "admin@bench.test", "bench-password-1234"


def months_back(now: datetime, count: int) -> list[tuple[int, int]]:
    index = now.year * 12 + now.month - 1
    return [((index - k) // 12, (index - k) % 12 + 1) for k in range(count, 0, -1)]


def generate(url: str, contracts: int, incidents: int, folder: Path) -> tuple[str, str]:
    """The contracts and their year; returns (an API token, last month 'YYYY-MM')."""
    upgrade(url)
    now = datetime.now(UTC)
    months = months_back(now, 12)
    first = datetime(months[0][0], months[0][1], 1, tzinfo=UTC)
    end = datetime(now.year, now.month, 1, tzinfo=UTC)
    span = int((end - first).total_seconds())
    covers = f"{months[0][0]:04d}-{months[0][1]:02d}..{months[-1][0]:04d}-{months[-1][1]:02d}"
    text = TEMPLATE.read_text()
    rng = random.Random(17)
    factory = session_factory(url)
    for number in range(contracts):
        key = f"bench-{number:03d}"
        body = text.replace("id: northwind-hosting-clean", f"id: {key}", 1)
        events = folder / f"{key}-events.csv"
        with events.open("w") as out:
            out.write("incident,at,event,value\n")
            for n in range(incidents):
                at = first + timedelta(seconds=rng.randrange(span - 7 * 86400))
                answer = at + timedelta(minutes=rng.randrange(10, 600))
                fixed = answer + timedelta(minutes=rng.randrange(10, 900))
                name = f"{key}-{n:05d}"
                klass = rng.choice(["sev-a", "sev-b"])
                out.write(f"{name},{at.isoformat()},notified,\n")
                out.write(f"{name},{at.isoformat()},classified,{klass}\n")
                out.write(f"{name},{answer.isoformat()},acknowledged,\n")
                out.write(f"{name},{fixed.isoformat()},restored,\n")
        outages = folder / f"{key}-outages.csv"
        with outages.open("w") as out:
            out.write("service,start,end,category,reported_at,reference,note\n")
            for year, month in months:
                for n in range(2):
                    start = datetime(year, month, 3 + 11 * n, 2, tzinfo=UTC)
                    start += timedelta(minutes=rng.randrange(600))
                    stop = start + timedelta(minutes=rng.randrange(5, 120))
                    out.write(
                        f"platform,{start.isoformat()},{stop.isoformat()},unplanned,"
                        f"{start.isoformat()},O-{year}{month:02d}-{n},\n"
                    )
        with Store.transaction(factory, actor="bench") as store:
            store.upload_contract(body, file_name=f"{key}.yaml")
            declared = declared_outages(read_outages(outages), [covers], "Europe/Berlin")
            assert declared is not None
            store.import_outages(key, declared)
            store.import_events(key, read_events(events))
    with Store.transaction(factory, actor="bench") as store:
        store.add_user(ADMIN, role="provider-admin", password=PASSWORD)
        token = store.create_token(ADMIN, name="bench")[1]
    factory.kw["bind"].dispose()
    return token, f"{months[-1][0]:04d}-{months[-1][1]:02d}"


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database on ``server``, dropped afterwards."""
    name = f"slaledger_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    sla = str(Path(sys.executable).with_name("sla"))
    help_text = subprocess.run([sla, "serve", "--help"], capture_output=True, text=True).stdout
    command = [sla, "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port)]
    used = 1
    if "--workers" in help_text and workers > 1:
        command += ["--workers", str(workers)]
        used = workers
    env = {k: v for k, v in os.environ.items() if k != "SLALEDGER_SCHEDULER"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).status_code == 200:
                return process, used
        except httpx.TransportError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the server did not start within 90 s")


def dashboard_cookies(base: str) -> httpx.Cookies:
    with httpx.Client(base_url=base, timeout=120) as client:  # not following: cold stays cold
        login = client.get("/dashboard/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
        assert csrf is not None
        done = client.post(
            "/dashboard/login",
            data={"csrf": csrf.group(1), "email": ADMIN, "password": PASSWORD},
        )
        assert done.status_code == 303, done.status_code
        return client.cookies


async def load(
    base: str, path: str, clients: int, seconds: float, *, headers: dict[str, str],
    cookies: httpx.Cookies | None = None,
) -> tuple[list[float], int]:  # fmt: skip
    latencies: list[float] = []
    failures = 0
    statuses: dict[int, int] = {}
    stop_at = time.monotonic() + seconds

    async def loop() -> None:
        nonlocal failures
        async with httpx.AsyncClient(
            base_url=base, headers=headers, cookies=cookies, timeout=300
        ) as client:
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    failures += 1
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    await asyncio.gather(*(loop() for _ in range(clients)))
    if statuses:
        print(f"  {path}: non-200 answers {dict(sorted(statuses.items()))}")
    return latencies, failures


def percentiles(values: list[float]) -> tuple[float, float]:
    array = np.asarray(values) * 1000
    return float(np.percentile(array, 50)), float(np.percentile(array, 99))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contracts", type=int, default=20)
    parser.add_argument("--incidents", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--only", default="dashboard,api,pdf")
    args = parser.parse_args()

    with fresh_database(args.server) as url:
        return measure(url, args)


def measure(url: str, args: argparse.Namespace) -> int:
    process = None
    try:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            token, month = generate(url, args.contracts, args.incidents, Path(folder))
        print(
            f"generated {args.contracts} contracts x {args.incidents} incidents and 24 outages"
            f" in {time.perf_counter() - started:.1f} s; last month {month}"
        )
        port = free_port()
        process, workers = start_server(url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        print(f"sla serve: {workers} worker(s)")
        api = {"Authorization": f"Bearer {token}"}
        cookies = dashboard_cookies(base)
        has_health = httpx.get(f"{base}/healthz", timeout=10).status_code == 200
        baseline = "/healthz" if has_health else "/openapi.json"
        started = time.perf_counter()
        cold = httpx.get(f"{base}/dashboard/", cookies=cookies, timeout=600)
        assert cold.status_code == 200
        print(f"contracts page, cold (computes and stores every last month): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms")  # fmt: skip
        wanted = set(args.only.split(","))
        endpoints = [
            (f"baseline {baseline}", baseline, api, None),
            *([("dashboard contracts page", "/dashboard/", {}, cookies)]
              if "dashboard" in wanted else []),
            *([("contracts page, page 2", "/dashboard/?page=2", {}, cookies)]
              if "page2" in wanted else []),
            *([("API credits read", f"/api/contracts/bench-000/credits?month={month}", api,
                None)] if "api" in wanted else []),
            *([("statement PDF", f"/api/contracts/bench-000/statements/{month}?format=pdf",
                api, None)] if "pdf" in wanted else []),
        ]  # fmt: skip
        for clients in (1, args.clients):
            print(f"\n{clients} concurrent client(s), {args.seconds:.0f} s each")
            print(f"{'endpoint':<34}{'requests':>9}{'p50 ms':>10}{'p99 ms':>10}"
                  f"{'p50 ×base':>11}{'p99 ×base':>11}")  # fmt: skip
            base_p50 = base_p99 = 0.0
            for label, path, headers, jar in endpoints:
                latencies, failures = asyncio.run(
                    load(base, path, clients, args.seconds, headers=headers, cookies=jar)
                )
                p50, p99 = percentiles(latencies)
                if label.startswith("baseline"):
                    base_p50, base_p99 = p50, p99
                failed = f"  {failures} failed" if failures else ""
                print(f"{label:<34}{len(latencies):>9}{p50:>10.1f}{p99:>10.1f}"
                      f"{p50 / base_p50:>11.1f}{p99 / base_p99:>11.1f}{failed}")  # fmt: skip
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # requests still running (graceful stop)
                process.kill()
                process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
