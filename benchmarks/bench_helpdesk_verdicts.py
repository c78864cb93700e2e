"""Helpdesk verdicts benchmark (issue 15 part 5).

The 10,000 generated Jira issues of ``bench_helpdesk`` (20 history entries each), each
given a "Time to first response" SLA field (JSM's completed cycle: 4 h goal, met or
breached), synced into a fresh SQLite store: timed, the verdicts stored beside the
events (``store_verdicts``: first sync, then a second sync of the same answers, which
writes nothing), and the side-by-side report as the API and the dashboard build it
(stored verdicts and events read back, every clock of contract 001 computed, each
verdict compared, disagreements counted per clock).

Run:  .venv/bin/python benchmarks/bench_helpdesk_verdicts.py [--tickets 10000]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench_helpdesk import generate  # the script's folder is on the path
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.helpdesk_verdicts import store_verdicts, stored_verdicts
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.helpdesk_mapping import load_mapping
from slaledger.adapters.ingest.helpdesks.jira import parse_issue
from slaledger.bootstrap import contract_calendars
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.helpdesk.compare import helpdesk_verdicts
from slaledger.domain.helpdesk.tickets import VendorVerdict
from slaledger.services.helpdesk_import import tickets_to_incidents
from slaledger.services.helpdesk_verdicts import verdict_report

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--history", type=int, default=20)
    args = parser.parse_args()
    mapping = load_mapping(ROOT / "tests" / "fixtures" / "helpdesks" / "jira" / "mapping.yaml")
    tickets = []
    for page in generate(args.tickets, args.history):
        for n, issue in enumerate(json.loads(page)["issues"]):
            ticket = parse_issue(issue, names={}, zone=None, origin="bench")
            stop = ticket.created + (3 if n % 3 else 5) * 3600  # one in three late
            timer = VendorVerdict(
                "Time to first response", ticket.created + 4 * 3600, stop, None, 4 * 3600
            )
            tickets.append(replace(ticket, sla=(timer,)))
    imported = tickets_to_incidents(tickets=tickets, rules=mapping.rules)
    chosen = imported.translated.tickets
    keys = [t.key for t in chosen]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        sessions = session_factory(url)
        with Store.transaction(sessions, actor="bench") as store:
            store.upload_contract_file(str(CONTRACT), accept_lint_errors=True)
            store.sync_events("saas-annexes", imported.table, "helpdesk:bench")
        timings = {}
        for run in ("first sync", "second sync"):
            began = time.perf_counter()
            found = helpdesk_verdicts(chosen, mapping.rules.sla)
            with Store.transaction(sessions, actor="bench") as store:
                written = store_verdicts(
                    store, "saas-annexes", "helpdesk:bench", found, tickets=keys, at=NOW
                )
            timings[run] = (time.perf_counter() - began, written)
        began = time.perf_counter()
        with sessions() as session:
            store = Store(session, actor="bench")
            stored = stored_verdicts(store, "saas-annexes")
            table = store.incident_table(
                "saas-annexes", keys=sorted({s.verdict.ticket for s in stored})
            )
            contract = store.loaded_contract("saas-annexes").contract
        report = verdict_report(
            verdicts=[(s.source, s.verdict) for s in stored],
            table=table,
            contract=contract,
            calendars=contract_calendars(contract),
            at=to_epoch(NOW),
        )
        reported = time.perf_counter() - began
        sessions.kw["bind"].dispose()
    print(f"{len(chosen):,} tickets, {len(found):,} verdicts (SQLite)")
    for run, (seconds, written) in timings.items():
        print(f"store_verdicts, {run}: {seconds:.2f} s ({written:,} rows written)")
    print(
        f"side-by-side report (read back, {len(report.pairs):,} pairs, clocks computed): "
        f"{reported:.2f} s; {report.disagreements:,} disagreements"
    )


if __name__ == "__main__":
    main()
