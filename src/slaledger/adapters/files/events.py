"""Incident event files: CSV or JSON lines with ``incident,at,event,value``.

Optional columns: ``service``, ``kind`` (``incident`` or ``request``), ``note``. Every
row is checked before anything is returned (all or nothing); problems name the file,
the row (1 = first data row; ``line`` is the line in a CSV file), the field, what was
expected and what was found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from slaledger.adapters.files.instants import INSTANT_EXPECTED, parse_instant_column
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.domain.contract.values import parse_duration
from slaledger.domain.incidents.log import CODE, EVENTS, EventLog, EventLogError

REQUIRED = ("incident", "at", "event", "value")
OPTIONAL = ("service", "kind", "note", "effort")
KINDS = ("incident", "request")


@dataclass(frozen=True)
class IncidentTable:
    """The events, ordered and checked, plus per-incident service and kind."""

    log: EventLog
    service: tuple[str | None, ...]
    kind: tuple[str, ...]
    effort_seconds: tuple[int, ...]  # effort logged on each ticket, summed


def read_events(path: str | Path) -> IncidentTable:
    source = str(path)
    frame = _read_frame(Path(path))
    is_csv = Path(path).suffix.lower() == ".csv"
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    file=source,
                    field=", ".join(missing),
                    line=1 if is_csv else None,
                    expected=f"columns {','.join(REQUIRED)}",
                    found=f"columns {','.join(map(str, frame.columns)) or 'none'}",
                )
            ]
        )
    for column in OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.fillna("")
    problems: list[Problem] = []

    def located(index: int, field: str, expected: str, found: str) -> Problem:
        return Problem(
            file=source,
            field=field,
            row=index + 1,
            line=index + 2 if is_csv else None,
            expected=expected,
            found=found,
        )

    names = frame["incident"].astype(str).str.strip()
    for index in np.flatnonzero((names == "").to_numpy()):
        problems.append(located(int(index), "incident", "an incident identifier", "nothing"))
    events = frame["event"].astype(str).str.strip()
    unknown = ~events.isin(EVENTS)
    for index in np.flatnonzero(unknown.to_numpy())[:20]:
        problems.append(
            located(
                int(index),
                "event",
                f"one of {', '.join(EVENTS)}",
                describe(frame["event"].iloc[index]),
            )
        )
    kinds = frame["kind"].astype(str).str.strip().replace("", "incident")
    for index in np.flatnonzero(~kinds.isin(KINDS).to_numpy())[:20]:
        problems.append(
            located(int(index), "kind", "incident or request", describe(frame["kind"].iloc[index]))
        )
    effort = np.zeros(len(frame), dtype=np.int64)
    for position, text in enumerate(frame["effort"].astype(str).str.strip().tolist()):
        if not text:
            continue
        seconds = _effort_seconds(text)
        if seconds is None:
            problems.append(
                located(position, "effort", "an effort such as 45min or 1.5h", describe(text))
            )
        else:
            effort[position] = seconds
    try:
        at = parse_instant_column(frame["at"], source=source, field="at")
    except InputError as exc:
        problems.extend(
            Problem(
                file=source,
                field="at",
                row=p.row,
                line=p.line if is_csv else None,
                expected=INSTANT_EXPECTED,
                found=p.found,
            )
            for p in exc.problems
        )
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
    return IncidentTable(
        log,
        tuple(s or None for s in service),
        tuple(k or "incident" for k in kind),
        tuple(int(x) for x in per_ticket),
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


def _read_frame(path: Path) -> pd.DataFrame:
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False)
        if suffix in (".jsonl", ".ndjson", ".json"):
            rows = []
            with path.open(encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise InputError(
                            [
                                Problem(
                                    file=source,
                                    field="",
                                    line=number,
                                    expected="one JSON object per line",
                                    found=exc.msg,
                                )
                            ]
                        ) from None
                    if not isinstance(record, dict):
                        raise InputError(
                            [
                                Problem(
                                    file=source,
                                    field="",
                                    line=number,
                                    expected="one JSON object per line",
                                    found=describe(record),
                                )
                            ]
                        )
                    rows.append({k: "" if v is None else str(v) for k, v in record.items()})
            return pd.DataFrame(rows, dtype=str)
    except FileNotFoundError:
        raise InputError(
            [Problem(file=source, field="", expected="an existing file", found="no such file")]
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(
            [
                Problem(
                    file=source,
                    field="",
                    expected="a CSV file with a header row",
                    found=str(exc).strip(),
                )
            ]
        ) from None
    raise InputError(
        [
            Problem(
                file=source, field="", expected="a .csv or .jsonl file", found=f"a '{suffix}' file"
            )
        ]
    )
