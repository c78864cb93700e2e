"""Incident event files: CSV or JSON lines with ``incident,at,event,value``.

Optional columns: ``service``, ``kind`` (``incident`` or ``request``), ``note``. Every
row is checked before anything is returned (all or nothing); problems name the file,
the row (1 = first data row; ``line`` is the line in a CSV file), the field, what was
expected and what was found.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from slaledger.adapters.files.instants import format_instants, parse_instant_column
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.text_table import read_text_table
from slaledger.domain.contract.values import parse_duration
from slaledger.domain.incidents.log import CODE, EVENTS, EventLog, EventLogError
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.message import msg

REQUIRED = ("incident", "at", "event", "value")
OPTIONAL = ("service", "kind", "note", "effort")
KINDS = ("incident", "request")


def read_events(path: str | Path) -> IncidentTable:
    source = str(path)
    table = read_text_table(path, required=REQUIRED, optional=OPTIONAL)
    frame = table.frame
    problems: list[Problem] = []
    located = table.problem

    names = frame["incident"].astype(str).str.strip()
    for index in np.flatnonzero((names == "").to_numpy()):
        problems.append(
            located(int(index), "incident", msg("input.files.incident-id"), describe(None))
        )
    events = frame["event"].astype(str).str.strip()
    unknown = ~events.isin(EVENTS)
    for index in np.flatnonzero(unknown.to_numpy())[:20]:
        problems.append(
            located(
                int(index),
                "event",
                msg("input.files.one-of", values=", ".join(EVENTS)),
                describe(frame["event"].iloc[index]),
            )
        )
    kinds = frame["kind"].astype(str).str.strip().replace("", "incident")
    for index in np.flatnonzero(~kinds.isin(KINDS).to_numpy())[:20]:
        problems.append(
            located(
                int(index),
                "kind",
                msg("input.files.incident-or-request"),
                describe(frame["kind"].iloc[index]),
            )
        )
    effort = np.zeros(len(frame), dtype=np.int64)
    for position, text in enumerate(frame["effort"].astype(str).str.strip().tolist()):
        if not text:
            continue
        seconds = _effort_seconds(text)
        if seconds is None:
            problems.append(located(position, "effort", msg("input.files.effort"), describe(text)))
        else:
            effort[position] = seconds
    try:
        at = parse_instant_column(frame["at"], source=source, field="at", lines=table.lines)
    except InputError as exc:
        problems.extend(exc.problems)
        at = None
    if problems or at is None:
        raise InputError(problems)

    codes, uniques = pd.factorize(names, sort=True)
    raw_values = frame["value"].astype(str).str.strip()
    values = np.asarray([v if v else None for v in raw_values.tolist()], dtype=object)
    log = EventLog(
        incident=codes.astype(np.int64),
        at=at,
        kind=np.asarray(events.map(CODE).to_numpy(), dtype=np.int8),
        value=values,
        row=np.arange(1, len(frame) + 1, dtype=np.int64),
        names=tuple(str(u) for u in uniques),
    ).ordered()
    try:
        log.check()
    except EventLogError as exc:
        raise InputError(
            [located(v.row - 1, v.field, v.expected, v.found) for v in exc.violations]
        ) from None
    service = _per_incident(codes, frame["service"].astype(str).str.strip(), len(uniques))
    kind = _per_incident(codes, kinds, len(uniques))
    per_ticket = np.bincount(codes, weights=effort, minlength=len(uniques)).astype(np.int64)
    notes = frame["note"].astype(str).str.strip().tolist()
    return IncidentTable(
        log,
        tuple(s or None for s in service),
        tuple(k or "incident" for k in kind),
        tuple(int(x) for x in per_ticket),
        {row + 1: note for row, note in enumerate(notes) if note},
    )


def _effort_seconds(text: str) -> int | None:
    try:
        duration = parse_duration(text)
    except ValueError:
        return None
    fixed = duration.fixed_seconds
    return None if fixed is None else int(fixed)


def _per_incident(codes: np.ndarray, column: pd.Series, count: int) -> list[str]:
    """The first non-empty value of a column for each incident."""
    result = [""] * count
    for code, value in zip(codes.tolist(), column.tolist(), strict=True):
        if value and not result[code]:
            result[code] = value
    return result


def write_events(table: IncidentTable, path: str | Path) -> int:
    """The table as an events file (CSV) that ``read_events`` reads back to the same
    log; instants in UTC. Written beside the destination and moved into place when
    complete. Returns the number of events."""
    log = table.log
    frame = pd.DataFrame(
        {
            "incident": np.asarray(log.names, dtype=object)[log.incident] if log.count else [],
            "at": format_instants(log.at, np.zeros(len(log.at), dtype=np.int64)),
            "event": np.asarray(EVENTS, dtype=object)[log.kind.astype(np.int64)],
            "value": log.value,
            "service": np.asarray([s or "" for s in table.service], dtype=object)[log.incident]
            if log.count
            else [],
            "kind": np.asarray(table.kind, dtype=object)[log.incident] if log.count else [],
            "note": [table.notes.get(int(row), "") for row in log.row.tolist()],
        }
    )
    target = Path(path)
    temporary = target.with_name(f".{target.name}.partial")
    frame.to_csv(temporary, index=False)
    temporary.replace(target)
    return len(frame)
