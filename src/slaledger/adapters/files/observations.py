"""Readers for what happened: outages, probe samples, request counts, maintenance windows.

Each file is CSV (``.csv``), JSON lines (``.jsonl``, ``.ndjson``) or Parquet
(``.parquet``), chosen by its extension; the columns are documented in docs/inputs.md.
Reading is all-or-nothing: every problem in a file is collected (the first MAX_PROBLEMS
listed, the rest counted) and raised together as one InputError naming the file, the row
(and line, in text formats), the field, what was expected and what was found.
Instants must carry a UTC offset; in Parquet, a timestamp type with a time zone will do.
The tables are the core's (``slaledger.domain.observations``); ``row`` gives each
record's 1-based row in the file, for traces and messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from slaledger.adapters.files.problems import Problem, describe
from slaledger.adapters.files.sheet import MAX_PROBLEMS, Sheet, iso
from slaledger.domain.message import msg
from slaledger.domain.observations import (
    OUTAGE_CATEGORIES,
    CountTable,
    MaintenanceTable,
    Origin,
    OutageTable,
    SampleTable,
)

_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")
_KIND = r"^[a-z0-9][a-z0-9-]*$"


# ----------------------------------------------------------------------- readers
def read_outages(path: str | Path, *, extra_categories: Iterable[str] = ()) -> OutageTable:
    """Outages ``service,start,end,category[,reported_at,reference,note]``.

    ``category`` is one of OUTAGE_CATEGORIES or of ``extra_categories`` (those the
    contract defines); an end before its start is an error. A blank ``reported_at``
    means the customer did not report the outage.
    """
    sheet = Sheet.load(
        path,
        required=("service", "start", "end", "category"),
        optional=("reported_at", "reference", "note"),
    )
    allowed = sorted(OUTAGE_CATEGORIES | set(extra_categories))
    names, codes = sheet.services()
    start, _ = sheet.instants("start")
    end, _ = sheet.instants("end")
    category, _ = sheet.texts("category", allowed=allowed)
    reported_at, reported = sheet.instants("reported_at", required=False)
    reference, _ = sheet.texts("reference", required=False)
    note, _ = sheet.texts("note", required=False)
    sheet.ordered("end", start, end)
    sheet.finish()
    return OutageTable(
        Origin(sheet.source),
        names,
        codes,
        start,
        end,
        category,
        reported_at,
        reported,
        reference,
        note,
        sheet.rows,
    )


def read_samples(path: str | Path) -> SampleTable:
    """Probe samples ``service,at,up[,latency_ms]``; two samples of one service at the
    same instant are an error."""
    sheet = Sheet.load(path, required=("service", "at", "up"), optional=("latency_ms",))
    names, codes = sheet.services()
    at, _ = sheet.instants("at")
    up, _ = sheet.booleans("up", words=(("up", *_TRUE), ("down", *_FALSE)))
    latency = sheet.numbers("latency_ms")
    order = sheet.sort_by(codes, at)
    codes, at, up, latency = codes[order], at[order], up[order], latency[order]
    rows, valid = sheet.rows[order], sheet.valid[order]
    same = (codes[1:] == codes[:-1]) & valid[1:] & valid[:-1]
    twice = np.flatnonzero(same & (at[1:] == at[:-1])) + 1
    sheet.report(
        rows[twice],
        "at",
        msg("input.files.one-sample"),
        [
            msg("input.found.again", at=iso(int(at[i])), row=int(rows[i - 1]))
            for i in twice[:MAX_PROBLEMS]
        ],
        total=twice.size,
    )
    sheet.finish()
    return SampleTable(Origin(sheet.source), names, codes, at, up, latency, rows)


def read_counts(path: str | Path) -> CountTable:
    """Request counts ``service,interval_start,interval_seconds,total,server_errors``.

    Counts are non-negative integers, ``server_errors <= total``, intervals last at least
    one second, and two intervals of one service may not overlap.
    """
    sheet = Sheet.load(
        path, required=("service", "interval_start", "interval_seconds", "total", "server_errors")
    )
    names, codes = sheet.services()
    start, _ = sheet.instants("interval_start")
    seconds = sheet.integers("interval_seconds", minimum=1)
    total = sheet.integers("total", minimum=0)
    errors = sheet.integers("server_errors", minimum=0)
    too_many = np.flatnonzero((errors > total) & sheet.valid)
    sheet.report(
        sheet.rows[too_many],
        "server_errors",
        msg("input.files.at-most-total"),
        [
            msg("input.found.server-errors", errors=int(errors[i]), total=int(total[i]))
            for i in too_many[:MAX_PROBLEMS]
        ],
        total=too_many.size,
    )
    order = sheet.sort_by(codes, start)
    codes, start, seconds = codes[order], start[order], seconds[order]
    total, errors = total[order], errors[order]
    rows, valid = sheet.rows[order], sheet.valid[order]
    same = (codes[1:] == codes[:-1]) & valid[1:] & valid[:-1]
    overlap = np.flatnonzero(same & (start[1:] < start[:-1] + seconds[:-1])) + 1
    sheet.report(
        rows[overlap],
        "interval_start",
        msg("input.files.interval-after"),
        [
            msg(
                "input.found.inside-row",
                start=iso(int(start[i])),
                row=int(rows[i - 1]),
                previous=iso(int(start[i - 1])),
                seconds=int(seconds[i - 1]),
            )
            for i in overlap[:MAX_PROBLEMS]
        ],
        total=overlap.size,
    )
    sheet.finish()
    return CountTable(Origin(sheet.source), names, codes, start, seconds, total, errors, rows)


MAINTENANCE_REQUIRED = ("service", "kind", "start", "end")
MAINTENANCE_OPTIONAL = ("announced_at", "agreed_by_customer", "reference")
#: the service a window to check names when none is given (a check is of the contract)
ANY_SERVICE = "*"


def read_maintenance(path: str | Path, *, kinds: Iterable[str] | None = None) -> MaintenanceTable:
    """Maintenance windows ``service,kind,start,end[,announced_at,agreed_by_customer,
    reference]``.

    ``kind`` is one of ``kinds`` when given (the contract's), else any lower-case name
    such as ``preventive``; an end at or before its start is an error; a blank
    ``announced_at`` means never announced, a blank ``agreed_by_customer`` means no.
    """
    sheet = Sheet.load(path, required=MAINTENANCE_REQUIRED, optional=MAINTENANCE_OPTIONAL)
    return _maintenance(sheet, kinds)


def read_window(
    fields: Mapping[str, str | None], *, source: str, kinds: Iterable[str] | None = None
) -> MaintenanceTable:
    """One maintenance window given field by field — the CLI's options, the API's query
    or body, the dashboard's form — read and checked as a row of a maintenance file is
    (``read_maintenance``), as a one-row table; problems name ``source`` and the field.
    Without a ``service``, the window is of the contract (``ANY_SERVICE``)."""
    known = MAINTENANCE_REQUIRED + MAINTENANCE_OPTIONAL
    record = {name: fields.get(name) for name in known if name in fields or name == "service"}
    record["service"] = record.get("service") or ANY_SERVICE
    unknown = sorted(set(fields) - set(known))
    if unknown:
        raise ValueError(f"not fields of a maintenance window: {', '.join(unknown)}")
    return _maintenance(Sheet.of_record(source, record), kinds)


def _maintenance(sheet: Sheet, kinds: Iterable[str] | None) -> MaintenanceTable:
    for name in MAINTENANCE_REQUIRED:
        if name not in sheet.table.column_names:  # a record without one of them
            expected = msg("input.files.value-for", name=name)
            sheet.problems.append(Problem(sheet.source, name, expected, describe(None)))
    sheet.finish()
    names, codes = sheet.services()
    kind, _ = sheet.texts("kind", allowed=None if kinds is None else sorted(kinds))
    if kinds is None:
        sheet.matching("kind", kind, _KIND, msg("input.files.kind-letters"))
    announced_at, announced = sheet.instants("announced_at", required=False)
    start, _ = sheet.instants("start")
    end, _ = sheet.instants("end")
    agreed, _ = sheet.booleans("agreed_by_customer", words=(_TRUE, _FALSE), required=False)
    reference, _ = sheet.texts("reference", required=False)
    sheet.after("end", "start", start, end)
    sheet.finish()
    return MaintenanceTable(
        Origin(sheet.source),
        names,
        codes,
        kind,
        announced_at,
        announced,
        start,
        end,
        agreed,
        reference,
        sheet.rows,
    )
