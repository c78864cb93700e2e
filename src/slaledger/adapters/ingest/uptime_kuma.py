"""Uptime Kuma heartbeats, read as probe samples of one monitor. Two JSON shapes:

- a status page's ``/api/status-page/heartbeat/<slug>``: ``{"heartbeatList": {"1":
  [{"status": 1, "time": "2024-03-05 10:12:33.123", "msg": "", "ping": 42}, ...]},
  "uptimeList": {...}}``, monitors keyed by id (a bucket with no beat is ``0``: skipped);
- a list of heartbeats as the server sends them (``toJSON``): ``[{"monitorID": 1,
  "status": 0, "time": "...", "msg": "timeout", "ping": null, "important": true,
  "duration": 60}, ...]``.

``status`` is 1 (UP), 0 (DOWN), 2 (PENDING: a failed check being retried, down, as Uptime
Kuma counts it) or 3 (MAINTENANCE: no check ran; no sample, the ledger's maintenance
windows say what that time was). ``time`` is UTC, as Uptime Kuma stores it
(``YYYY-MM-DD HH:MM:SS[.mmm]``), or ISO 8601 with its offset; ``ping`` is milliseconds.

References: louislam/uptime-kuma, server/model/heartbeat.js (toJSON, toPublicJSON) and
server/routers/status-page-router.js.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from slaledger.adapters.ingest.uptime_common import (
    Export,
    Problems,
    choose,
    counted,
    epoch_field,
    load_json,
    sample_table,
)
from slaledger.domain.message import msg
from slaledger.domain.observations import Origin

UP, DOWN, PENDING, MAINTENANCE = 1, 0, 2, 3
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
TIME_EXPECTED = msg("input.ingest.kuma-time")


def read(path: Path, *, service: str, monitor: str | None, timezone: str | None) -> Export:
    problems = Problems(str(path))
    document = load_json(path, problems)
    if isinstance(document, dict) and isinstance(document.get("heartbeatList"), dict):
        monitors = sorted(document["heartbeatList"].items(), key=lambda kv: _order(kv[0]))
        index = choose(
            [(f"monitor {key}", [str(key)]) for key, _ in monitors],
            monitor,
            problems,
            "heartbeatList",
        )
        key, beats = monitors[index]
        where = f"heartbeatList.{key}"
        if not isinstance(beats, list):
            raise problems.fail(where, msg("input.ingest.heartbeat-list"), beats)
        chosen = [(i, b) for i, b in enumerate(beats) if b != 0]  # 0: a bucket with no beat
    elif isinstance(document, list):
        where = ""
        ids = sorted({str(b.get("monitorID")) for b in document if isinstance(b, dict)}, key=_order)
        wanted = (
            ids[choose([(f"monitor {i}", [i]) for i in ids], monitor, problems, "monitorID")]
            if ids
            else None
        )
        chosen = [
            (i, b)
            for i, b in enumerate(document)
            if not isinstance(b, dict) or str(b.get("monitorID")) == wanted
        ]
    else:
        raise problems.fail(
            "",
            msg("input.ingest.kuma-answer"),
            str(document)[:60],
        )
    return _samples(chosen, where, Origin(str(path), kind="uptimekuma"), service, problems)


def _samples(
    beats: list[tuple[int, Any]], where: str, origin: Origin, service: str, problems: Problems
) -> Export:
    at: list[int] = []
    up: list[bool] = []
    latency: list[float] = []
    rows: list[int] = []
    maintenance = 0
    for index, beat in beats:
        number = index + 1
        entry = beat if isinstance(beat, dict) else {}
        field = f"{where}[{index}]" if where else f"[{index}]"
        status = entry.get("status")
        if status == MAINTENANCE:
            maintenance += 1
            continue
        if status not in (UP, DOWN, PENDING) or isinstance(status, bool):
            problems.add(
                f"{field}.status",
                msg("input.ingest.kuma-status"),
                status if beat is entry else beat,
                row=number,
            )
        time = _time(entry.get("time"))
        if time is None:
            problems.add(f"{field}.time", TIME_EXPECTED, entry.get("time"), row=number)
        ping = entry.get("ping")
        if ping is not None and (epoch_field(ping) is None or ping < 0):
            problems.add(
                f"{field}.ping", msg("input.ingest.milliseconds-or-null"), ping, row=number
            )
            continue
        if status in (UP, DOWN, PENDING) and not isinstance(status, bool) and time is not None:
            at.append(time)
            up.append(status == UP)
            latency.append(np.nan if ping is None else float(ping))
            rows.append(number)
    problems.finish()
    table = sample_table(origin, service, at, up, latency, rows)
    return Export(table, None, counted(maintenance, "maintenance beat", ", no check"))


def _time(value: object) -> int | None:
    if not isinstance(value, str) or not _TIME.match(value.strip()):
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    if parsed.tzinfo is None:  # Uptime Kuma's own column: UTC
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


def _order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 62, key)
