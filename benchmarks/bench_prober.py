"""Prober benchmark (issue 14): checks per minute on one core against a loopback server.

A minimal asyncio HTTP server answers ``200 ok`` (and closes) on loopback in its own
process, pinned to another core when there is one; this process, the prober, is pinned
to one core.

1. **Capacity.** Rounds of ``--checks`` HTTP checks (``--concurrency`` in flight, a body
   match on each) run back to back for ``--seconds``: checks per minute. Baseline in the
   same run, for the same time: a bare httpx loop doing the same requests (one
   AsyncClient, the same limits — no kept-alive connections — and concurrency, the
   status compared, nothing else). Printed: both rates and the prober's as a ratio.
2. **Sustained.** ``Prober.serve`` with checks whose intervals add up to ``--rate``
   checks per minute (1,000: 100 checks every 6 s, over 20 services), for ``--seconds``:
   checks done per minute, slots missed, the worst delay from a slot to its round's
   start, and the share of the core the prober used. Exit status 1 when fewer than 95 %
   of the rate were done or a slot was missed.

Run:  .venv/bin/python benchmarks/bench_prober.py [--seconds 30] [--checks 200]
      [--concurrency 50] [--rate 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from slaledger.adapters.ingest.probe import Prober, Probes, Round, probe_round
from slaledger.adapters.ingest.probe.runner import AnyCheck

SERVER = """
import asyncio, os, sys
if len(os.sched_getaffinity(0)) > 1:
    os.sched_setaffinity(0, {int(sys.argv[1])})
ANSWER = b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok"
async def answer(reader, writer):
    try:
        await reader.readuntil(b"\\r\\n\\r\\n")
        writer.write(ANSWER)
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()
async def main():
    server = await asyncio.start_server(answer, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()
asyncio.run(main())
"""


def pin_to_one_core() -> tuple[int, int]:
    """Pin this process to its first allowed core; the server gets another if any."""
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[0]})
    return cores[0], cores[1] if len(cores) > 1 else cores[0]


def start_server(core: int) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(core)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


def checks(base: str, count: int, interval: str) -> Probes:
    return Probes.model_validate(
        {
            "concurrency": 50,
            "checks": [
                {"id": f"c{i}", "service": f"svc{i % 20}", "kind": "http",
                 "url": f"{base}/{i}", "interval": interval, "timeout": "5s",
                 "body_contains": "ok"}
                for i in range(count)
            ],
        }
    )  # fmt: skip


# --------------------------------------------------------------------- capacity
async def prober_capacity(probes: Probes, seconds: float, concurrency: int) -> tuple[int, int]:
    done = down = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        found = await probe_round(probes.checks, now=datetime.now(UTC), concurrency=concurrency)
        done += len(found.results)
        down += sum(not r.up for r in found.results)
    return done, down


async def bare_capacity(urls: Sequence[str], seconds: float, concurrency: int) -> tuple[int, int]:
    """The same requests with httpx alone: one client, a semaphore, the status compared."""
    done = down = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=0)
    semaphore = asyncio.Semaphore(concurrency)
    deadline = time.perf_counter() + seconds

    async def one(client: httpx.AsyncClient, url: str) -> bool:
        async with semaphore:
            try:
                response = await client.get(url, timeout=5)
            except httpx.HTTPError:
                return False
            return 200 <= response.status_code < 300

    while time.perf_counter() < deadline:
        async with httpx.AsyncClient(limits=limits, trust_env=False) as client:
            results = await asyncio.gather(*(one(client, url) for url in urls))
        done += len(results)
        down += results.count(False)
    return done, down


# -------------------------------------------------------------------- sustained
async def sustained(probes: Probes, seconds: float) -> dict[str, Any]:
    """Serve for ``seconds``; compare the checks run with the slots that fell due."""
    delays: list[float] = []
    rounds: list[Round] = []
    prober: Prober
    began = time.time()

    async def timed(checks: Sequence[AnyCheck], *, now: datetime, **kwargs: Any) -> Round:
        slot = min(prober.states[c.id].due for c in checks)
        if slot >= began:  # a first slot may be the second the prober started in
            delays.append(now.timestamp() - slot)
        return await probe_round(checks, now=now, **kwargs)

    prober = Prober(probes, rounds.append, runner=timed)
    first = {c.id: prober.states[c.id].due for c in probes.checks}
    cpu, started = time.process_time(), time.perf_counter()
    stop = asyncio.Event()
    task = asyncio.create_task(prober.serve(stop))
    await asyncio.sleep(seconds)
    ended = time.time()
    stop.set()
    await task
    elapsed = time.perf_counter() - started
    slots = sum(max(0, -(-(int(ended) + 1 - first[c.id]) // c.interval)) for c in probes.checks)
    results = [r for found in rounds if found.at <= ended for r in found.results]
    return {
        "checks": len(results),
        "slots": slots,
        "down": sum(not r.up for r in results),
        "per_minute": len(results) / elapsed * 60,
        "late": sum(s.late for s in prober.states.values()),
        "worst_delay": max(delays, default=0.0),
        "cpu_share": (time.process_time() - cpu) / elapsed,
        "elapsed": elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--checks", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rate", type=int, default=1000, help="checks per minute to sustain")
    args = parser.parse_args()
    mine, theirs = pin_to_one_core()
    server, base = start_server(theirs)
    print(f"prober on core {mine}, server on core {theirs} ({base})")
    try:
        probes = checks(base, args.checks, "60s")
        urls = [c.url for c in probes.checks if hasattr(c, "url")]
        asyncio.run(prober_capacity(probes, 1.0, args.concurrency))  # warm up

        cpu = time.process_time()
        done, down = asyncio.run(prober_capacity(probes, args.seconds, args.concurrency))
        prober_cpu = time.process_time() - cpu
        cpu = time.process_time()
        bare, bare_down = asyncio.run(bare_capacity(urls, args.seconds, args.concurrency))
        bare_cpu = time.process_time() - cpu
        prober_rate, bare_rate = done / args.seconds * 60, bare / args.seconds * 60
        print(
            f"capacity: prober {prober_rate:,.0f} checks/min ({down} down), "
            f"{prober_cpu / done * 1000:.2f} ms of CPU a check"
        )
        print(
            f"baseline: bare httpx {bare_rate:,.0f} requests/min ({bare_down} failed), "
            f"{bare_cpu / bare * 1000:.2f} ms of CPU a request"
        )
        print(f"ratio prober / bare httpx: {prober_rate / bare_rate:.2f}")

        interval = 6
        count = max(1, round(args.rate * interval / 60))
        steady = asyncio.run(sustained(checks(base, count, f"{interval}s"), args.seconds))
        target = count * 60 / interval
        print(
            f"sustained: {count} checks every {interval}s = {target:,.0f}/min configured; "
            f"{steady['checks']:,} of the {steady['slots']:,} slots due in "
            f"{steady['elapsed']:.0f} s run ({steady['per_minute']:,.0f}/min, "
            f"{steady['down']} down), {steady['late']} slots missed, worst start "
            f"{steady['worst_delay'] * 1000:.0f} ms after its slot, "
            f"{steady['cpu_share']:.0%} of one core"
        )
    finally:
        server.terminate()
        server.wait(5)
    if steady["checks"] < 0.95 * steady["slots"] or steady["late"] or steady["down"]:
        print("target missed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
