"""Gatus endpoint results, read as probe samples of one endpoint. Two JSON shapes of
Gatus's API (the answers saved to a file, or fetched by a cron job):

- one endpoint's ``/api/v1/endpoints/{key}/statuses``: ``{"name": "home", "group":
  "portal", "key": "portal_home", "results": [{"status": 200, "hostname": "...",
  "duration": 41300000, "conditionResults": [...], "success": true, "timestamp":
  "2024-03-05T09:10:30.123456789Z"}, ...], "events": [...]}``;
- every endpoint's ``/api/v1/endpoints/statuses``: a list of those, the endpoint chosen
  by its key, its name or ``group/name``.

``success`` is Gatus's verdict on the result (every condition met): true is up, false is
down. ``timestamp`` is RFC 3339 with its offset; ``duration`` is nanoseconds (Go's
``time.Duration``), the latency. ``events`` (the endpoint's up/down transitions) repeat
what the results say and are not read.

References: TwiN/gatus, api/endpoint_status.go, endpoint/status.go and endpoint/result.go.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from slaledger.adapters.ingest.uptime_common import (
    Export,
    Problems,
    choose,
    epoch_field,
    load_json,
    sample_table,
)
from slaledger.domain.message import msg
from slaledger.domain.observations import Origin

#: nanoseconds in a millisecond (``duration`` is a Go ``time.Duration``)
_NS_PER_MS = 1_000_000


def read(path: Path, *, service: str, monitor: str | None, timezone: str | None) -> Export:
    problems = Problems(str(path))
    document = load_json(path, problems)
    if isinstance(document, dict) and "results" in document:
        endpoint, where = document, ""
    elif isinstance(document, list) and all(isinstance(e, dict) for e in document):
        index = choose([_names(e) for e in document], monitor, problems, "key")
        endpoint, where = document[index], f"[{index}]"
    else:
        raise problems.fail("", msg("input.ingest.gatus-answer"), str(document)[:60])
    results = endpoint.get("results")
    field = f"{where}.results" if where else "results"
    if not isinstance(results, list):
        raise problems.fail(field, msg("input.ingest.gatus-results"), results)
    return _samples(results, field, Origin(str(path), kind="gatus"), service, problems)


def _names(endpoint: dict[str, Any]) -> tuple[str, list[str]]:
    """How an endpoint is shown, and what ``--monitor`` may call it."""
    key, name, group = (str(endpoint.get(k) or "") for k in ("key", "name", "group"))
    names = [n for n in (key, name, f"{group}/{name}" if group else "") if n]
    return (key or name or "?"), names


def _samples(
    results: list[Any], where: str, origin: Origin, service: str, problems: Problems
) -> Export:
    at: list[int] = []
    up: list[bool] = []
    latency: list[float] = []
    rows: list[int] = []
    for index, result in enumerate(results):
        number = index + 1
        entry = result if isinstance(result, dict) else {}
        field = f"{where}[{index}]"
        success = entry.get("success")
        if not isinstance(success, bool):
            found = success if result is entry else result
            problems.add(f"{field}.success", msg("input.ingest.gatus-success"), found, row=number)
        instant = _instant(entry.get("timestamp"))
        if instant is None:
            expected = msg("input.ingest.gatus-timestamp")
            problems.add(f"{field}.timestamp", expected, entry.get("timestamp"), row=number)
        duration = entry.get("duration")
        if duration is not None and (
            isinstance(duration, bool) or not isinstance(duration, int) or duration < 0
        ):
            expected = msg("input.ingest.gatus-duration")
            problems.add(f"{field}.duration", expected, duration, row=number)
            continue
        if isinstance(success, bool) and instant is not None:
            at.append(instant)
            up.append(success)
            latency.append(np.nan if duration is None else duration / _NS_PER_MS)
            rows.append(number)
    problems.finish()
    return Export(sample_table(origin, service, at, up, latency, rows), None)


def _instant(value: object) -> int | None:
    """Epoch seconds of an RFC 3339 instant with its offset (nanoseconds allowed)."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return epoch_field(parsed.timestamp())
