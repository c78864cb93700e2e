"""Pingdom exports (API 3.1 answers saved as JSON), told apart by their key:

- ``summary.outage/{checkid}``: ``{"summary": {"states": [{"status": "down", "timefrom":
  1709630000, "timeto": 1709630300}, ...]}}``, the check's states over time (``up``,
  ``down``, ``unknown``); read as outage records (the ``down`` states), watched during
  the ``up`` and ``down`` ones.
- ``results/{checkid}``: ``{"results": [{"probeid": 33, "time": 1709630000, "status":
  "down", "responsetime": 512, "statusdesc": "Timeout"}, ...]}``, each test of each probe
  (``up``, ``down``, ``unconfirmed_down``, ``unknown``); read as probe samples, a list of
  such answers (pages of results) as well. ``unconfirmed_down`` is a failed test: down;
  ``unknown`` is no test: no sample. Tests of one second make one sample, down if any
  failed.

References: Pingdom API 3.1 (https://docs.pingdom.com/api/), Summary.outage and Results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from slaledger.adapters.ingest.uptime_common import (
    Export,
    Problems,
    counted,
    epoch_field,
    load_json,
    outage_table,
    sample_table,
)
from slaledger.domain.intervals import Intervals
from slaledger.domain.message import msg
from slaledger.domain.observations import Origin

STATES = {"up": "up", "down": "down", "unknown": "unknown"}
RESULTS = {"up": True, "down": False, "unconfirmed_down": False}


def read(path: Path, *, service: str, monitor: str | None, timezone: str | None) -> Export:
    problems = Problems(str(path))
    document = load_json(path, problems)
    if isinstance(document, dict) and isinstance(document.get("error"), dict):
        error = document["error"]
        raise problems.fail(
            "error",
            msg("input.ingest.successful-answer"),
            f"{error.get('statuscode')} {error.get('statusdesc')}: {error.get('errormessage')}",
        )
    origin = Origin(str(path), kind="pingdom")
    if isinstance(document, dict) and isinstance(document.get("summary"), dict):
        return _outages(document["summary"], origin, service, problems)
    pages = document if isinstance(document, list) else [document]
    if pages and all(isinstance(p, dict) and isinstance(p.get("results"), list) for p in pages):
        return _results(pages, origin, service, problems)
    raise problems.fail(
        "",
        msg("input.ingest.pingdom-answer"),
        str(document)[:60],
    )


def _outages(summary: dict[str, Any], origin: Origin, service: str, problems: Problems) -> Export:
    states = summary.get("states")
    if not isinstance(states, list):
        raise problems.fail("summary.states", msg("input.ingest.state-list"), states)
    periods = []
    for number, item in enumerate(states, start=1):
        entry = item if isinstance(item, dict) else {}
        where = f"summary.states[{number - 1}]"
        status = STATES.get(str(entry.get("status")))
        start, end = epoch_field(entry.get("timefrom")), epoch_field(entry.get("timeto"))
        if status is None:
            problems.add(
                f"{where}.status",
                msg("input.ingest.pingdom-state"),
                entry.get("status"),
                row=number,
            )
        if start is None:
            problems.add(
                f"{where}.timefrom",
                msg("input.ingest.epoch-seconds"),
                entry.get("timefrom"),
                row=number,
            )
        if end is None or (start is not None and end < start):
            problems.add(
                f"{where}.timeto",
                msg("input.ingest.epoch-after-timefrom"),
                entry.get("timeto"),
                row=number,
            )
        if status is not None and start is not None and end is not None and end >= start:
            periods.append((start, end, status, number))
    problems.finish()
    downs = [p for p in periods if p[2] == "down" and p[1] > p[0]]
    watched = [p for p in periods if p[2] != "unknown"]
    observed = Intervals.of([p[0] for p in watched], [p[1] for p in watched])
    table = outage_table(
        origin,
        service,
        [p[0] for p in downs],
        [p[1] for p in downs],
        ["" for _ in downs],
        [p[3] for p in downs],
        observed,
    )
    unknown = len(periods) - len(watched)
    return Export(table, observed, counted(unknown, "unknown state", ", not watched"))


def _results(
    pages: list[dict[str, Any]], origin: Origin, service: str, problems: Problems
) -> Export:
    at: list[int] = []
    up: list[bool] = []
    latency: list[float] = []
    rows: list[int] = []
    unknown = 0
    number = 0
    for page_index, page in enumerate(pages):
        for index, item in enumerate(page["results"]):
            number += 1
            entry = item if isinstance(item, dict) else {}
            where = (f"[{page_index}]." if len(pages) > 1 else "") + f"results[{index}]"
            status, time = entry.get("status"), epoch_field(entry.get("time"))
            if status == "unknown":
                unknown += 1
                continue
            known = isinstance(status, str) and status in RESULTS  # a list is unhashable
            if not known:
                problems.add(
                    f"{where}.status", msg("input.ingest.pingdom-result"), status, row=number
                )
            if time is None:
                problems.add(
                    f"{where}.time",
                    msg("input.ingest.epoch-seconds"),
                    entry.get("time"),
                    row=number,
                )
            response = entry.get("responsetime")
            if response is not None and (epoch_field(response) is None or response < 0):
                problems.add(
                    f"{where}.responsetime", msg("input.ingest.milliseconds"), response, row=number
                )
                continue
            if known and time is not None:
                at.append(time)
                up.append(RESULTS[str(status)])
                latency.append(np.nan if response is None else float(response))
                rows.append(number)
    problems.finish()
    table = sample_table(origin, service, at, up, latency, rows)
    return Export(table, None, counted(unknown, "unknown result", ", no test"))
