"""Profile of the service's hot path (issue 7): what one create -> append -> read cycle
costs on the server, without HTTP.

Each request's work is done as the API does it (one Store and transaction per request:
token check, contract, cached terms, then the route function itself), on a fresh
PostgreSQL database holding tests/fixtures/contracts/invented-clean.yaml, once
plainly (wall and CPU time per cycle), then under cProfile (the top functions by
cumulative time).

Run:  .venv/bin/python benchmarks/profile_incident_paths.py [--cycles 300] [--top 40]
      [--server postgresql://postgres@127.0.0.1:5432/test] [--sqlite]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from bench_service_load import CONTRACT, NOTIFIED, drop_database, fresh_database, seed
from slaledger.adapters.api.deps import _principal
from slaledger.adapters.api.routers import incidents
from slaledger.adapters.api.schemas import EventCreate, IncidentCreate
from slaledger.adapters.api.settings import Settings
from slaledger.adapters.api.terms import TermsCache
from slaledger.adapters.db.store import Store, session_factory

T = TypeVar("T")


def cycles(url: str, token: str, count: int, prefix: str) -> float:
    """Run ``count`` create -> append -> read cycles; the seconds they took."""
    factory = session_factory(url)
    terms = TermsCache()
    settings = Settings()

    def request(route: Callable[..., T], **arguments: object) -> T:
        with factory() as session:
            store = Store(session, actor="api")
            _principal(store, token)
            contract = store.contract(CONTRACT)
            loaded = terms.loaded(store, contract)
            answer = route(
                store=store,
                contract=contract,
                loaded=loaded,
                calendars=terms.calendars(loaded.contract),
                settings=settings,
                now=datetime.now(UTC),
                **arguments,
            )
            session.commit()
            return answer

    started = time.perf_counter()
    for sequence in range(count):
        key = f"{prefix}-{sequence:07d}"
        notified = NOTIFIED + timedelta(minutes=sequence)
        request(
            incidents.create_incident,
            body=IncidentCreate(incident=key, notified_at=notified, classified="sev-a"),
        )
        request(
            incidents.append_event,
            incident_id=key,
            body=EventCreate(event="acknowledged", at=notified + timedelta(hours=1)),
        )
        request(incidents.get_incident, incident_id=key)
    elapsed = time.perf_counter() - started
    factory.kw["bind"].dispose()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cycles", type=int, default=300)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead")
    parser.add_argument(
        "--server",
        default=os.environ.get("SLALEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        name = ""
        if args.sqlite:
            url = f"sqlite:///{Path(folder) / 'profile.db'}"
        else:
            name, url = fresh_database(args.server)
        try:
            token = seed(url)
            cycles(url, token, 5, "W")  # warm up: terms parsed, calendars built, pools filled
            cpu = time.process_time()
            plain = cycles(url, token, args.cycles, "Q")
            cpu = time.process_time() - cpu
            profile = cProfile.Profile()
            profile.enable()
            elapsed = cycles(url, token, args.cycles, "P")
            profile.disable()
        finally:
            if name:
                drop_database(args.server, name)
    print(
        f"{args.cycles} cycles in {plain:.2f} s: {1000 * plain / args.cycles:.1f} ms each, "
        f"of which {1000 * cpu / args.cycles:.1f} ms CPU in this process (the database's "
        f"is not counted); under cProfile: {1000 * elapsed / args.cycles:.1f} ms each"
    )
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
