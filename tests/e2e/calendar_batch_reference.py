"""The calendar batch as it was before the Arrow path (row tables, pandas parsers, pandas
``to_csv``): the reference the new batch must match, output bytes and errors alike."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from slaledger.adapters.cli.calendar_cmds import (
    _DAYS_EXPECTED,
    _HOURS_EXPECTED,
    MAX_DAYS,
    MAX_HOURS,
)
from slaledger.adapters.files.instants import (
    parse_instant_column_pandas,
    parse_number_column_pandas,
)
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.text_table import TextTable, read_text_table
from slaledger.adapters.files.vector_text import format_instants
from slaledger.domain.calendar.engine import BusinessCalendar

_COLUMNS = {"add": ("from", "hours"), "between": ("from", "to")}


def reference_batch(engine: BusinessCalendar, input_file: str, output_file: str, kind: str) -> None:
    columns = _COLUMNS[kind]
    if kind == "add" and _has_days_column(input_file):
        columns = ("from", "days")
    table = read_text_table(input_file, required=columns)
    source, frame, lines = table.source, table.frame, table.lines
    starts = parse_instant_column_pandas(frame["from"], source=source, field="from", lines=lines)
    if "days" in columns:
        days = parse_number_column_pandas(frame["days"], source=source, field="days", lines=lines)
        ok = (np.abs(days) <= MAX_DAYS) & (days == np.round(days))
        _refuse_first_bad(ok, table, "days", _DAYS_EXPECTED)
        deadlines = engine.add_days_array(starts, days.astype(np.int64))
        frame["deadline"] = format_instants(deadlines, engine.offsets_array(deadlines))
    elif kind == "add":
        hours = parse_number_column_pandas(
            frame["hours"], source=source, field="hours", lines=lines
        )
        _refuse_first_bad(np.abs(hours) <= MAX_HOURS, table, "hours", _HOURS_EXPECTED)
        deadlines = engine.add_seconds_array(starts, np.rint(hours * 3600).astype(np.int64))
        frame["deadline"] = format_instants(deadlines, engine.offsets_array(deadlines))
    else:
        ends = parse_instant_column_pandas(frame["to"], source=source, field="to", lines=lines)
        frame["seconds"] = engine.seconds_between_array(starts, ends)
    frame.to_csv(Path(output_file), index=False)


def _has_days_column(input_file: str) -> bool:
    try:
        header = read_text_table(input_file, required=()).frame.columns
    except InputError:
        return False
    return "days" in header and "hours" not in header


def _refuse_first_bad(ok: np.ndarray, table: TextTable, field: str, expected: str) -> None:
    bad = np.flatnonzero(~ok)
    if bad.size:
        row = int(bad[0])
        raise InputError(
            [
                Problem(
                    file=table.source,
                    field=field,
                    row=row + 1,
                    line=int(table.lines[row]),
                    expected=expected,
                    found=describe(table.frame[field].iloc[row]),
                )
            ]
        )
