"""Helpdesk import benchmark (issue 15).

10,000 generated Jira issues with 20 history entries each (status moves through
Open, In Progress, Waiting for customer and back, priority changes, assignee noise),
as the JSON pages ``/rest/api/2/search?expand=changelog`` answers (100 issues a page).
Timed: the pages parsed into tickets (``jira.parse_issue``), deduplicated, translated
by the mapping of tests/fixtures/helpdesks/jira into the event log, and every clock
of contract 001 computed as of an instant. Baseline in the same run: reading the
payloads alone (``json.loads`` of every page), which any import pays.

Run:  .venv/bin/python benchmarks/bench_helpdesk.py [--tickets 10000] [--history 20]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.helpdesk_mapping import load_mapping
from slaledger.adapters.ingest.helpdesks.jira import parse_issue
from slaledger.bootstrap import contract_calendars
from slaledger.services.helpdesk_import import compare_verdicts, tickets_to_incidents

ROOT = Path(__file__).resolve().parent.parent
PAGE = 100
CYCLE = [
    "In Progress",
    "Waiting for customer",
    "In Progress",
    "Diagnosed",
    "Waiting for customer",
    "In Progress",
]
PRIORITIES = ["Highest", "High", "Medium", "Low"]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def generate(tickets: int, history: int, seed: int = 15) -> list[str]:
    """The search pages, as the JSON text Jira sends."""
    rng = np.random.default_rng(seed)
    base = datetime(2024, 1, 1, tzinfo=UTC)
    starts = rng.integers(0, 300 * 86_400, size=tickets)
    gaps = rng.integers(60, 6 * 3600, size=(tickets, history))
    pages, issues = [], []
    ident = 1
    for n in range(tickets):
        created = base + timedelta(seconds=int(starts[n]))
        at = created
        status, priority = "Open", PRIORITIES[n % 4]
        histories = []
        for h in range(history):
            at += timedelta(seconds=int(gaps[n, h]))
            if h == history - 1:
                items = [
                    {
                        "field": "status",
                        "fieldId": "status",
                        "fromString": status,
                        "toString": "Resolved",
                    }
                ]
                status = "Resolved"
            elif h % 5 == 4:
                target = PRIORITIES[(PRIORITIES.index(priority) + 1) % 4]
                items = [
                    {
                        "field": "priority",
                        "fieldId": "priority",
                        "fromString": priority,
                        "toString": target,
                    }
                ]
                priority = target
            elif h % 7 == 6:
                items = [
                    {
                        "field": "assignee",
                        "fieldId": "assignee",
                        "fromString": None,
                        "toString": "agent",
                    }
                ]
            else:
                target = CYCLE[h % len(CYCLE)]
                if target == status:
                    target = "In Progress" if status != "In Progress" else "Diagnosed"
                items = [
                    {
                        "field": "status",
                        "fieldId": "status",
                        "fromString": status,
                        "toString": target,
                    }
                ]
                status = target
            histories.append({"id": str(ident), "created": _iso(at), "items": items})
            ident += 1
        issues.append(
            {
                "id": str(10_000 + n),
                "key": f"SUP-{n + 1}",
                "fields": {
                    "project": {"key": "SUP"},
                    "status": {"name": status},
                    "priority": {"name": priority},
                    "created": _iso(created),
                    "updated": _iso(at),
                },
                "changelog": {
                    "startAt": 0,
                    "maxResults": history,
                    "total": history,
                    "histories": histories,
                },
            }
        )
        if len(issues) == PAGE or n == tickets - 1:
            pages.append(
                json.dumps({"startAt": len(pages) * PAGE, "total": tickets, "issues": issues})
            )
            issues = []
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--history", type=int, default=20)
    args = parser.parse_args()
    mapping = load_mapping(ROOT / "tests" / "fixtures" / "helpdesks" / "jira" / "mapping.yaml")
    contract = load_contract(ROOT / "examples" / "contracts" / "001-saas-annexes.yaml").contract
    calendars = contract_calendars(contract)
    pages = generate(args.tickets, args.history)
    size = sum(len(p) for p in pages)
    at = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())

    began = time.perf_counter()
    loaded = [json.loads(page) for page in pages]
    read_time = time.perf_counter() - began
    del loaded

    began = time.perf_counter()
    tickets = [
        parse_issue(issue, names={}, zone=None, origin="bench")
        for page in pages
        for issue in json.loads(page)["issues"]
    ]
    parsed = time.perf_counter()
    imported = tickets_to_incidents(tickets=tickets, rules=mapping.rules)
    translated = time.perf_counter()
    views, _ = compare_verdicts(
        imported=imported, contract=contract, calendars=calendars, rules=mapping.rules, at=at
    )
    done = time.perf_counter()
    total = done - began
    events = len(imported.table.log.at)
    clocks = sum(len(v.clocks) for v in views)
    print(
        f"payloads: {args.tickets:,} tickets x {args.history} history entries, "
        f"{len(pages)} pages, {size / 1e6:.1f} MB of JSON"
    )
    print(f"reading the payloads alone (json.loads): {read_time:.2f} s")
    print(
        f"import: parse {parsed - began:.2f} s + map to {events:,} events "
        f"{translated - parsed:.2f} s "
        f"+ {clocks:,} clocks {done - translated:.2f} s = {total:.2f} s "
        f"({total / read_time:.1f}x reading alone; target under 10 s: "
        f"{'met' if total < 10 else 'missed'})"
    )


if __name__ == "__main__":
    main()
