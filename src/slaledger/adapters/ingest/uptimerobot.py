"""UptimeRobot exports: the dashboard's log export (CSV) and the API's monitor logs (JSON),
read as outage records of one monitor and the time it watched.

- CSV (``.csv``), "Export logs" of the dashboard: the columns ``Event`` (``Down``, ``Up``,
  ``Started``, ``Paused``), ``Monitor``, ``Date-Time`` (``2024-03-05 10:12:33``, in the
  account's time zone: give it with ``timezone``), ``Reason``, ``Duration`` and
  ``Duration (in mins.)``; others (``Monitor URL``...) are ignored. Each event lasts until
  the monitor's next event, the last one for its ``Duration (in mins.)``.
- JSON (``.json``), the answer of ``getMonitors`` with ``logs=1``:
  ``{"stat": "ok", "monitors": [{"id": 7, "friendly_name": "Web", "logs": [{"type": 1,
  "datetime": 1709630000, "duration": 300, "reason": {"code": "503", "detail":
  "Service Unavailable"}}]}]}``; ``type`` 1 is down, 2 up, 98 started, 99 paused; a log
  lasts ``duration`` seconds from ``datetime`` (epoch seconds).

A down event is an outage, noted with its reason; up and started events are watched
time; paused time is not watched.

References: UptimeRobot API v2, getMonitors (https://uptimerobot.com/api/).
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slaledger.adapters.files.instants import INSTANT_EXPECTED
from slaledger.adapters.ingest.uptime_common import (
    Export,
    Problems,
    Said,
    choose,
    counted,
    epoch_field,
    load_json,
    outage_table,
)
from slaledger.domain.intervals import Intervals
from slaledger.domain.message import msg
from slaledger.domain.observations import Origin

EVENTS = {"down": "down", "up": "up", "started": "up", "paused": "paused"}
LOG_TYPES = {1: "down", 2: "up", 98: "up", 99: "paused"}
REQUIRED = ("Event", "Date-Time", "Duration (in mins.)")
LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"
LOCAL_EXPECTED = msg("input.ingest.uptimerobot-local-time")


def read(path: Path, *, service: str, monitor: str | None, timezone: str | None) -> Export:
    problems = Problems(str(path))
    if path.suffix.lower() == ".json":
        return _from_json(path, service, monitor, problems)
    if path.suffix.lower() != ".csv":
        raise problems.fail("", msg("input.ingest.uptimerobot-file"), path.name)
    zone = None
    if timezone:
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise problems.fail("--timezone", msg("input.ingest.time-zone"), timezone) from None
    return _from_csv(path, service, monitor, zone, problems)


# ------------------------------------------------------------------------ CSV
def _from_csv(
    path: Path, service: str, monitor: str | None, zone: ZoneInfo | None, problems: Problems
) -> Export:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise problems.fail(
                ", ".join(missing),
                msg("input.ingest.uptimerobot-columns", columns=", ".join(REQUIRED)),
                Said(", ".join(header)) if header else msg("input.found.no-header"),
            )
        events: dict[str, list[tuple[int, str, int, str, int]]] = {}
        for number, record in enumerate(reader, start=1):
            line = reader.line_num
            state = EVENTS.get((record.get("Event") or "").strip().lower())
            if state is None:
                problems.add(
                    "Event",
                    msg("input.ingest.uptimerobot-event"),
                    record.get("Event"),
                    row=number,
                    line=line,
                )
            at = _instant(record.get("Date-Time") or "", zone, problems, number, line)
            minutes = (record.get("Duration (in mins.)") or "").strip()
            if not minutes.isdigit():
                problems.add(
                    "Duration (in mins.)",
                    msg("input.ingest.whole-minutes"),
                    minutes,
                    row=number,
                    line=line,
                )
            if state is not None and at is not None and minutes.isdigit():
                name = (record.get("Monitor") or "").strip()
                reason = (record.get("Reason") or "").strip()
                events.setdefault(name, []).append((at, state, int(minutes) * 60, reason, number))
    problems.finish()
    names = sorted(events)
    chosen = names[choose([(n or "(unnamed)", [n]) for n in names], monitor, problems, "Monitor")]
    ordered = sorted(events.get(chosen, []) if names else [])
    periods = []
    for i, (at, state, seconds, reason, number) in enumerate(ordered):
        end = ordered[i + 1][0] if i + 1 < len(ordered) else at + seconds
        periods.append((at, end, state, reason, number))
    return _export(Origin(str(path), kind="uptimerobot"), service, periods)


def _instant(
    text: str, zone: ZoneInfo | None, problems: Problems, row: int, line: int
) -> int | None:
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.tzinfo is not None:
        return int(parsed.timestamp())
    try:
        naive = datetime.strptime(value, LOCAL_FORMAT)
    except ValueError:
        problems.add("Date-Time", LOCAL_EXPECTED, text, row=row, line=line)
        return None
    if zone is None:
        problems.add(
            "Date-Time",
            msg("input.ingest.uptimerobot-instant", instant=INSTANT_EXPECTED),
            text,
            row=row,
            line=line,
        )
        return None
    early, late = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if early.utcoffset() != late.utcoffset():
        back = early.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        which = (
            msg("input.found.time-skipped", value=f"'{value}'")
            if back != naive
            else msg("input.found.time-twice", value=f"'{value}'")
        )
        problems.add(
            "Date-Time",
            msg("input.ingest.time-once", zone=zone.key),
            which,
            row=row,
            line=line,
        )
        return None
    return int(early.timestamp())


# ----------------------------------------------------------------------- JSON
def _from_json(path: Path, service: str, monitor: str | None, problems: Problems) -> Export:
    document = load_json(path, problems)
    if not isinstance(document, dict) or "monitors" not in document:
        if isinstance(document, dict) and document.get("stat") == "fail":
            error = document.get("error")
            said = (
                error
                if not isinstance(error, dict)
                else (f"{error.get('type', 'error')}: {error.get('message', '')}")
            )
            raise problems.fail("stat", msg("input.ingest.stat-ok"), str(said))
        raise problems.fail("monitors", msg("input.ingest.get-monitors"), str(document)[:60])
    if not isinstance(document["monitors"], list):
        raise problems.fail(
            "monitors", msg("input.ingest.monitor-list"), str(document["monitors"])[:60]
        )
    monitors = [m for m in document["monitors"] if isinstance(m, dict)]
    labels = [
        (
            f"{m.get('friendly_name')} ({m.get('id')})",
            [str(m.get("friendly_name")), str(m.get("id"))],
        )
        for m in monitors
    ]
    chosen: dict[str, Any] = monitors[choose(labels, monitor, problems, "monitors")]
    logs = chosen.get("logs")
    if not isinstance(logs, list):
        raise problems.fail("logs", msg("input.ingest.monitor-logs"), logs)
    periods = []
    for number, log in enumerate(logs, start=1):
        where = f"monitors[{monitors.index(chosen)}].logs[{number - 1}]"
        entry = log if isinstance(log, dict) else {}
        kind = entry.get("type")
        # a whole number (a list is unhashable; true is not 1)
        state = (
            LOG_TYPES.get(kind) if isinstance(kind, int) and not isinstance(kind, bool) else None
        )
        at, seconds = epoch_field(entry.get("datetime")), epoch_field(entry.get("duration"))
        if state is None:
            problems.add(
                f"{where}.type",
                msg("input.ingest.uptimerobot-type"),
                entry.get("type"),
                row=number,
            )
        if at is None:
            problems.add(
                f"{where}.datetime",
                msg("input.ingest.epoch-seconds"),
                entry.get("datetime"),
                row=number,
            )
        if seconds is None or seconds < 0:
            problems.add(
                f"{where}.duration", msg("input.ingest.seconds"), entry.get("duration"), row=number
            )
        if state is not None and at is not None and seconds is not None and seconds >= 0:
            given = entry.get("reason")
            reason: dict[str, Any] = given if isinstance(given, dict) else {}
            note = " ".join(str(reason.get(k) or "") for k in ("code", "detail")).strip()
            periods.append((at, at + seconds, state, note, number))
    problems.finish()
    return _export(Origin(str(path), kind="uptimerobot"), service, sorted(periods))


def _export(origin: Origin, service: str, periods: list[tuple[int, int, str, str, int]]) -> Export:
    downs = [p for p in periods if p[2] == "down" and p[1] > p[0]]
    watched = [p for p in periods if p[2] != "paused"]
    observed = Intervals.of([p[0] for p in watched], [max(p[0], p[1]) for p in watched])
    table = outage_table(
        origin,
        service,
        [p[0] for p in downs],
        [p[1] for p in downs],
        [p[3] for p in downs],
        [p[4] for p in downs],
        observed,
    )
    paused = [p for p in periods if p[2] == "paused"]
    return Export(table, observed, counted(len(paused), "paused period", ", not watched"))
