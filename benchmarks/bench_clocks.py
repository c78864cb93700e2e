"""Clock recomputation benchmark (issue 5).

1,000,000 generated incidents over 2024-2025, each with notified, classified,
acknowledged, diagnosed, restored events and a pause for one in five; three clocks
(take-into-account 4 h, diagnosis 6 h, restore 8 h) on ``previsoft-business``. Every
deadline, elapsed, left and status is recomputed from the event log. Baseline in the
same run: a per-incident Python loop over the same calendar (its scalar API), on a
subset, checked against the bulk answers.

Run:  .venv/bin/python benchmarks/bench_clocks.py [--incidents 1000000] [--subset 2000]
"""

from __future__ import annotations

import argparse
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

from slaledger.adapters.files.calendar_file import load_calendar_file
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.incidents.clocks import NEVER, Unit, compute_clocks
from slaledger.domain.incidents.log import CODE, EventLog

ROOT = Path(__file__).resolve().parent.parent
CLOCKS = (
    ("take-into-account", "acknowledged", 4),
    ("diagnosis", "diagnosed", 6),
    ("restore", "restored", 8),
)


def generate(count: int, seed: int = 11) -> EventLog:
    rng = np.random.default_rng(seed)
    lo = int(np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64))
    hi = int(np.datetime64("2025-12-01T00:00:00", "s").astype(np.int64))
    start = rng.integers(lo, hi, size=count)
    incident = np.arange(count, dtype=np.int64)
    parts_incident = [incident, incident]
    parts_at = [start, start + 60]
    parts_kind = [np.full(count, CODE["notified"]), np.full(count, CODE["classified"])]
    offset = start.copy()
    for _, event, _ in CLOCKS:
        offset = offset + rng.integers(600, 3 * 86_400, size=count)
        parts_incident.append(incident)
        parts_at.append(offset)
        parts_kind.append(np.full(count, CODE[event]))
    paused = rng.random(count) < 0.2
    pause_at = start + rng.integers(120, 86_400, size=count)
    resume_at = pause_at + rng.integers(600, 2 * 86_400, size=count)
    parts_incident += [incident[paused], incident[paused]]
    parts_at += [pause_at[paused], resume_at[paused]]
    parts_kind += [np.full(paused.sum(), CODE["paused"]), np.full(paused.sum(), CODE["resumed"])]
    kinds = np.concatenate(parts_kind).astype(np.int8)
    values = np.full(len(kinds), None, dtype=object)
    values[kinds == CODE["classified"]] = "P2"
    return EventLog(
        incident=np.concatenate(parts_incident).astype(np.int64),
        at=np.concatenate(parts_at).astype(np.int64),
        kind=kinds,
        value=values,
        row=np.arange(len(kinds), dtype=np.int64),
        names=tuple(str(i) for i in range(count)),
    )


def bulk(calendar: BusinessCalendar, log: EventLog, at: int) -> list:
    ordered = log.ordered()
    start = ordered.starts()
    pauses = ordered.pauses()
    results = []
    for _, event, hours in CLOCKS:
        stop = ordered.first(CODE[event], at=at)
        target = np.full(len(start), hours * 3600, dtype=np.int64)
        results.append(
            compute_clocks(
                calendar=calendar,
                start=start,
                stop=stop,
                target=target,
                unit=Unit.BUSINESS_SECONDS,
                pauses=pauses,
                at=at,
            )
        )
    return results


def loop(calendar: BusinessCalendar, log: EventLog, count: int, at: int) -> list[list[int]]:
    """The straightforward way: one incident at a time, one clock at a time."""
    by_incident: dict[int, list[tuple[int, int]]] = {}
    for incident, instant, kind in zip(
        log.incident.tolist(), log.at.tolist(), log.kind.tolist(), strict=True
    ):
        if incident < count:
            by_incident.setdefault(incident, []).append((instant, kind))
    deadlines: list[list[int]] = []
    for incident in range(count):
        events = sorted(by_incident[incident])
        start = next(t for t, k in events if k == CODE["notified"])
        pauses = []
        for t, k in events:
            if k == CODE["paused"]:
                pauses.append([t, int(NEVER)])
            elif k == CODE["resumed"]:
                pauses[-1][1] = t
        row = []
        for _, event, hours in CLOCKS:
            original = calendar.add(calendar.local(start), timedelta(hours=hours))
            deadline = original
            while True:
                paused = sum(
                    calendar.seconds_between(
                        calendar.local(max(s, start)),
                        calendar.local(max(min(e, at, int(deadline.timestamp())), max(s, start))),
                    )
                    for s, e in pauses
                )
                moved = calendar.add(original, timedelta(seconds=paused))
                if moved == deadline:
                    break
                deadline = moved
            row.append(int(deadline.timestamp()))
            del event
        deadlines.append(row)
    return deadlines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--subset", type=int, default=2_000)
    args = parser.parse_args()
    spec = load_calendar_file(ROOT / "examples" / "calendars.yaml")["previsoft-business"]
    calendar = BusinessCalendar(spec, HolidaysPackage())
    log = generate(args.incidents)
    at = int(np.datetime64("2026-01-01T00:00:00", "s").astype(np.int64))
    bulk(calendar, generate(10), at)  # compile the calendar once

    began = time.perf_counter()
    results = bulk(calendar, log, at)
    bulk_time = time.perf_counter() - began
    rate = args.incidents / bulk_time
    print(
        f"bulk: {args.incidents:,} incidents x {len(CLOCKS)} clocks recomputed from the log "
        f"in {bulk_time:.2f} s ({rate:,.0f} incidents/s)"
    )

    subset = min(args.subset, args.incidents)
    began = time.perf_counter()
    expected = loop(calendar, log, subset, at)
    loop_time = time.perf_counter() - began
    loop_rate = subset / loop_time
    agree = np.mean(
        [
            [results[c].deadline[i] == expected[i][c] for c in range(len(CLOCKS))]
            for i in range(subset)
        ]
    )
    print(
        f"per-incident Python loop: {subset:,} incidents in {loop_time:.2f} s "
        f"({loop_rate:,.0f} incidents/s) -> bulk is {rate / loop_rate:,.0f}x faster "
        f"(deadlines agree on {agree:.1%})"
    )


if __name__ == "__main__":
    main()
