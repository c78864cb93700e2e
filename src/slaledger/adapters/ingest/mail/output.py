"""The events of a mail import as an events file (docs/inputs.md) or an IncidentTable."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.ingest.mail.mapping import MailImport
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.incidents.log import CODE, EventLog, EventLogError
from slaledger.domain.incidents.table import IncidentTable

COLUMNS = ("incident", "at", "event", "value", "service", "kind", "note")


def event_rows(result: MailImport) -> list[dict[str, str]]:
    """One row per event, in the events file's columns; the note is the Message-ID."""
    return [
        {
            "incident": e.incident,
            "at": e.at.isoformat(),
            "event": e.event,
            "value": e.value or "",
            "service": result.service or "",
            "kind": result.kind,
            "note": e.message_id,
        }
        for e in result.events
    ]


def write_events(result: MailImport, path: str | Path) -> Path:
    """Write the events as CSV (or JSON lines for ``.jsonl``/``.ndjson``), atomically."""
    target = Path(path)
    rows = event_rows(result)
    json_lines = target.suffix.lower() in (".jsonl", ".ndjson")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed into place below
        "w", encoding="utf-8", newline="", dir=target.parent, suffix=".part", delete=False
    )
    try:
        with handle:
            if json_lines:
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return target


def incident_table(result: MailImport) -> IncidentTable:
    """The events as the incidents use case takes them: ordered, checked, with notes."""
    events = result.events
    names = tuple(sorted({e.incident for e in events}))
    index = {name: i for i, name in enumerate(names)}
    log = EventLog(
        incident=np.asarray([index[e.incident] for e in events], dtype=np.int64),
        at=np.asarray([to_epoch(e.at) for e in events], dtype=np.int64),
        kind=np.asarray([CODE[e.event] for e in events], dtype=np.int8),
        value=np.asarray([e.value for e in events], dtype=object),
        row=np.arange(1, len(events) + 1, dtype=np.int64),
        names=names,
    ).ordered()
    try:
        log.check()
    except EventLogError as exc:
        raise InputError(
            [
                Problem(
                    f"{events[v.row - 1].origin} {events[v.row - 1].message_id}",
                    v.field,
                    v.expected,
                    v.found,
                )
                for v in exc.violations
            ]
        ) from None
    count = len(names)
    return IncidentTable(
        log,
        (result.service,) * count,
        (result.kind,) * count,
        (0,) * count,
        {row: e.message_id for row, e in enumerate(events, start=1)},
    )
