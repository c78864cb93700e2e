"""Status page and budget views benchmark (issue 21): what the customer status page, its
feed and badge, and the dashboard's budget views cost per request on the demo database,
as ratios of a baseline measured in the same run.

Baseline: the dashboard's contract page without its budget panel's cost is not
separable, so the baseline is ``/openapi.json`` (served from memory: the cost of a
request through the stack, nothing computed). Measured, each ``--rounds`` times in one
TestClient (no network): ``/status/{c}`` (90 daily bars by the contract's formula,
two months' figures, incidents), ``/status/{c}/feed.atom``, ``/status/{c}/badge.svg``,
the dashboard's contracts page (every contract's budget this month, live) and the
availability page (two burn-down charts). Printed: median and max in ms, and the
median as a ratio of the baseline's.

Run:  .venv/bin/python benchmarks/bench_status_page.py [--rounds 5] [--contract saas-annexes]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import warnings
from datetime import datetime
from pathlib import Path

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
    from starlette.testclient import TestClient

from slaledger.adapters.api import Settings, create_app
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.demo.seed_store import ADMIN_EMAIL, DEMO_PASSWORD, load_demo

NOW = datetime.fromisoformat("2024-12-20T13:00:00+01:00")


def _timed(client: TestClient, path: str, rounds: int) -> list[float]:
    found = []
    for _ in range(rounds):
        start = time.perf_counter()
        answer = client.get(path)
        found.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--contract", default="saas-annexes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.db'}"
        upgrade(url)
        factory = session_factory(url)
        with Store.transaction(factory, actor="bench") as store:
            load_demo(store)
            store.set_status_visibility(args.contract, "public")
        factory.kw["bind"].dispose()
        app = create_app(database_url=url, settings=Settings(secret="bench"), clock=lambda: NOW)
        with TestClient(app) as client:
            login = client.get("/dashboard/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
            assert csrf is not None
            client.post(
                "/dashboard/login",
                data={"csrf": csrf.group(1), "email": ADMIN_EMAIL, "password": DEMO_PASSWORD},
            )
            key = args.contract
            paths = {
                "baseline /openapi.json": "/openapi.json",
                "status page": f"/status/{key}",
                "status feed.atom": f"/status/{key}/feed.atom",
                "status badge.svg": f"/status/{key}/badge.svg",
                "dashboard contracts (budgets)": "/dashboard/",
                "availability page (burn-downs)": f"/dashboard/contracts/{key}/availability",
            }
            for path in paths.values():  # warm: templates, catalogs, the figure cache
                _timed(client, path, 1)
            results = {name: _timed(client, path, args.rounds) for name, path in paths.items()}
        app.state.engine.dispose()
    base = statistics.median(results["baseline /openapi.json"])
    print(f"{'request':34} {'median ms':>10} {'max ms':>9} {'× baseline':>11}")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:34} {median:10.1f} {max(times):9.1f} {median / base:11.1f}")


if __name__ == "__main__":
    main()
