"""Service load benchmark (issue 7): the HTTP API under concurrent clients, on PostgreSQL.

``sla serve`` runs on loopback against a fresh PostgreSQL database holding one contract
(tests/fixtures/contracts/invented-clean.yaml). N concurrent httpx clients loop for the
given time: create an incident (notified + classified), append an event (acknowledged),
read the incident's clock statuses. Reported: throughput and p50/p99 latency per
operation. Baseline in the same run, named "Store direct": the same three operations
through the Store in this process (no HTTP, no JSON), one thread.

The Store baseline parses the contract once, as the service keeps each stored version
parsed (adapters/api/terms.py). Printed: each operation's throughput as a ratio of the
baseline's, and whole cycles per second against the baseline's.

Then nothing lost: the incidents and events in the database equal the successful
requests (and baseline operations) exactly, and ``sla audit verify`` passes. The exit
status is 1 when anything was lost, a request failed, or the chain does not verify.

Run:  .venv/bin/python benchmarks/bench_service_load.py [--clients 8] [--seconds 60]
      [--baseline-seconds 15] [--server postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import secrets
import socket
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np
import psycopg
from psycopg import sql
from sqlalchemy import func, select

from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.models import Incident, IncidentEvent
from slaledger.adapters.db.store import Store, session_factory
from slaledger.bootstrap import contract_calendars
from slaledger.domain.calendar.engine import to_epoch
from slaledger.services.incidents import evaluate_incidents

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_FILE = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"
CONTRACT = "northwind-hosting-clean"
OPERATIONS = ("create incident", "append event", "read status")
NOTIFIED = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@dataclass
class Tally:
    """Latencies (seconds) per operation, and the successful writes."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    created: int = 0
    appended: int = 0

    def add(self, operation: str, seconds: float) -> None:
        self.latencies[operation].append(seconds)


# ------------------------------------------------------------------------ setup
def fresh_database(server: str) -> tuple[str, str]:
    name = f"slaledger_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = server.rpartition("/")
    return name, f"{base}/{name}"


def drop_database(server: str, name: str) -> None:
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def seed(url: str) -> str:
    """The contract and an agent's token."""
    upgrade(url)
    factory = session_factory(url)
    with Store.transaction(factory, actor="bench") as store:
        store.upload_contract_file(str(CONTRACT_FILE))
        store.add_user("agent@bench.test", role="provider-agent")
        token = store.create_token("agent@bench.test", name="bench")[1]
    factory.kw["bind"].dispose()
    return token


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    sla = Path(sys.executable).with_name("sla")
    process = subprocess.Popen(
        [str(sla), "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start within 60 s")


# ------------------------------------------------------------------ HTTP load
async def client_loop(number: int, base: str, token: str, stop_at: float, tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    incidents = f"{base}/api/contracts/{CONTRACT}/incidents"
    async with httpx.AsyncClient(headers=headers, timeout=60) as client:
        sequence = 0
        while time.monotonic() < stop_at:
            sequence += 1
            key = f"H-{number:03d}-{sequence:07d}"
            notified = NOTIFIED + timedelta(minutes=sequence)
            body = {"incident": key, "notified_at": notified.isoformat(), "classified": "sev-a"}
            if not await timed(client.post(incidents, json=body), "create incident", tally):
                continue
            tally.created += 1
            event = {"event": "acknowledged", "at": (notified + timedelta(hours=1)).isoformat()}
            if await timed(
                client.post(f"{incidents}/{key}/events", json=event), "append event", tally
            ):
                tally.appended += 1
            await timed(client.get(f"{incidents}/{key}"), "read status", tally)


async def timed(request: object, operation: str, tally: Tally) -> bool:
    started = time.perf_counter()
    try:
        response = await request  # type: ignore[misc]
    except httpx.HTTPError:
        tally.failures[operation] += 1
        return False
    tally.add(operation, time.perf_counter() - started)
    if response.status_code >= 300:
        tally.failures[operation] += 1
        return False
    return True


async def http_load(base: str, token: str, clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(*(client_loop(n, base, token, stop_at, tally) for n in range(clients)))
    return tally, time.monotonic() - started


# ------------------------------------------------------------------- baseline
def store_baseline(url: str, seconds: float) -> tuple[Tally, float]:
    """The same operations through the Store, one thread, one transaction each."""
    tally = Tally()
    factory = session_factory(url)
    with factory() as session:  # parsed once, as the service keeps each version parsed
        terms = Store(session).loaded_contract(CONTRACT).contract
    calendars = contract_calendars(terms)
    started = time.monotonic()
    sequence = 0
    while time.monotonic() - started < seconds:
        sequence += 1
        key = f"B-{sequence:07d}"
        notified = NOTIFIED + timedelta(minutes=sequence)
        begin = time.perf_counter()
        with Store.transaction(factory, actor="bench") as store:
            store.record_event(CONTRACT, key, event="notified", at=notified)
            store.record_event(CONTRACT, key, event="classified", at=notified, value="sev-a")
        tally.add("create incident", time.perf_counter() - begin)
        tally.created += 1
        begin = time.perf_counter()
        with Store.transaction(factory, actor="bench") as store:
            store.record_event(
                CONTRACT, key, event="acknowledged", at=notified + timedelta(hours=1)
            )
        tally.add("append event", time.perf_counter() - begin)
        tally.appended += 1
        begin = time.perf_counter()
        with factory() as session:
            table = Store(session).incident_table(CONTRACT, keys=[key])
            evaluate_incidents(
                contract=terms,
                log=table.log,
                at=to_epoch(datetime.now(UTC)),
                calendars=calendars,
                kinds=table.kind,
            )
        tally.add("read status", time.perf_counter() - begin)
    elapsed = time.monotonic() - started
    factory.kw["bind"].dispose()
    return tally, elapsed


def cpu_seconds(pid: int) -> float:
    """CPU time the process used so far (Linux /proc), NaN where unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------- report
def stats(values: list[float]) -> tuple[float, float]:
    array = np.asarray(values) * 1000
    return float(np.percentile(array, 50)), float(np.percentile(array, 99))


def report(name: str, tally: Tally, elapsed: float) -> dict[str, float]:
    rates = {}
    print(f"\n{name} ({elapsed:.1f} s)")
    print("| operation | done | per second | p50 ms | p99 ms | failed |")
    print("|---|---:|---:|---:|---:|---:|")
    for operation in OPERATIONS:
        values = tally.latencies[operation]
        p50, p99 = stats(values) if values else (float("nan"), float("nan"))
        rate = len(values) / elapsed
        rates[operation] = rate
        print(
            f"| {operation} | {len(values):,} | {rate:,.1f} | {p50:.1f} | {p99:.1f} "
            f"| {tally.failures[operation]} |"
        )
    return rates


def count_rows(url: str, prefix: str) -> tuple[int, int]:
    factory = session_factory(url)
    with factory() as session:
        incidents = session.scalar(
            select(func.count()).select_from(Incident).where(Incident.key.like(prefix + "%"))
        )
        events = session.scalar(
            select(func.count())
            .select_from(IncidentEvent)
            .join(Incident)
            .where(Incident.key.like(prefix + "%"))
        )
    factory.kw["bind"].dispose()
    return int(incidents or 0), int(events or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=15)
    parser.add_argument(
        "--server",
        default=os.environ.get("SLALEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL database to create the benchmark's database from",
    )
    args = parser.parse_args()
    name, url = fresh_database(args.server)
    try:
        token = seed(url)
        port = free_port()
        server = start_server(url, port)
        try:
            print(f"{args.clients} clients for {args.seconds:.0f} s against sla serve on :{port}")
            cpu = cpu_seconds(server.pid)
            tally, elapsed = asyncio.run(
                http_load(f"http://127.0.0.1:{port}", token, args.clients, args.seconds)
            )
            cpu = cpu_seconds(server.pid) - cpu
        finally:
            server.terminate()
            server.wait(timeout=30)
        http_rates = report(f"HTTP API, {args.clients} concurrent clients", tally, elapsed)
        if tally.created and not math.isnan(cpu):
            print(f"server CPU: {1000 * cpu / tally.created:.1f} ms per cycle")
        base, base_elapsed = store_baseline(url, args.baseline_seconds)
        base_rates = report("Store direct (no HTTP), 1 thread", base, base_elapsed)
        print("\n| operation | HTTP / Store direct throughput |")
        print("|---|---:|")
        for operation in OPERATIONS:
            print(f"| {operation} | {http_rates[operation] / base_rates[operation]:.2f}× |")
        cycles, base_cycles = tally.created / elapsed, base.created / base_elapsed
        print(
            f"\ncycles per second: HTTP {cycles:.1f}, Store direct {base_cycles:.1f}: "
            f"{cycles / base_cycles:.2f}× the baseline measured in this run"
        )

        lost = False
        for label, prefix, done in (("HTTP", "H-", tally), ("Store", "B-", base)):
            incidents, events = count_rows(url, prefix)
            expected_events = 2 * done.created + done.appended
            same = incidents == done.created and events == expected_events
            lost |= not same
            print(
                f"{label}: {incidents:,} incidents stored for {done.created:,} created, "
                f"{events:,} events for {expected_events:,} written: "
                + ("nothing lost" if same else "MISMATCH")
            )
        sla = Path(sys.executable).with_name("sla")
        audit = subprocess.run(
            [str(sla), "audit", "verify", "--db", url], capture_output=True, text=True
        )
        print(f"sla audit verify: exit {audit.returncode}: {audit.stdout.strip()}")
        failed = sum(tally.failures.values()) + sum(base.failures.values())
        if failed:
            print(f"{failed} requests failed")
        return 1 if lost or failed or audit.returncode else 0
    finally:
        drop_database(args.server, name)


if __name__ == "__main__":
    sys.exit(main())
