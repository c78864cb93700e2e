"""``sla calendar add|between|open``: one query, or a CSV batch."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click
import numpy as np

from slaledger.adapters.files.instants import (
    format_instants,
    parse_instant,
    parse_instant_column,
    parse_number_column,
)
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.text_table import TextTable, read_text_table
from slaledger.bootstrap import open_calendar
from slaledger.domain.calendar.engine import BusinessCalendar


@click.group()
def calendar() -> None:
    """Business-time queries on a calendar given as FILE#NAME."""


@calendar.command("add")
@click.argument("cal")
@click.option("--from", "start", help="start instant, ISO 8601 with offset")
@click.option("--hours", type=str, help="business hours to add (decimal, may be negative)")
@click.option("--days", type=str, help="business days to add (whole, may be negative)")
@click.option(
    "--input",
    "input_file",
    type=click.Path(dir_okay=False),
    help="CSV with from,hours or from,days",
)
@click.option("--output", "output_file", type=click.Path(dir_okay=False), help="CSV to write")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def add(
    cal: str,
    start: str | None,
    hours: str | None,
    days: str | None,
    input_file: str | None,
    output_file: str | None,
    as_json: bool,
) -> None:
    """Print the deadline: FROM plus HOURS of business time, or plus DAYS business days
    (the same local time on the N-th next business day, see docs/calendars.md), in the
    calendar's zone."""
    engine = open_calendar(cal)
    if input_file:
        _batch(engine, input_file, output_file, "add")
        return
    begin = parse_instant(_required(start, "--from"), source="command line", field="--from")
    if days is not None and hours is not None:
        raise InputError(
            [
                Problem(
                    file="command line",
                    field="--days",
                    expected="either --hours or --days",
                    found="both",
                )
            ]
        )
    answer: dict[str, object] = {"calendar": cal, "from": begin.isoformat()}
    if days is not None:
        count = _days(days)
        deadline = engine.add_days(begin, count)
        answer["days"] = count
    else:
        amount = _hours(_required(hours, "--hours"))
        deadline = engine.add(begin, timedelta(seconds=round(amount * 3600)))
        answer["hours"] = amount
    answer["deadline"] = deadline.isoformat()
    if as_json:
        _print_json(answer)
    else:
        click.echo(deadline.isoformat())


@calendar.command("between")
@click.argument("cal")
@click.option("--from", "start", help="start instant, ISO 8601 with offset")
@click.option("--to", "end", help="end instant, ISO 8601 with offset")
@click.option("--input", "input_file", type=click.Path(dir_okay=False), help="CSV with from,to")
@click.option("--output", "output_file", type=click.Path(dir_okay=False), help="CSV to write")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def between(
    cal: str,
    start: str | None,
    end: str | None,
    input_file: str | None,
    output_file: str | None,
    as_json: bool,
) -> None:
    """Print the business seconds between FROM and TO (negative when TO < FROM)."""
    engine = open_calendar(cal)
    if input_file:
        _batch(engine, input_file, output_file, "between")
        return
    begin = parse_instant(_required(start, "--from"), source="command line", field="--from")
    finish = parse_instant(_required(end, "--to"), source="command line", field="--to")
    seconds = engine.seconds_between(begin, finish)
    if as_json:
        _print_json(
            {
                "calendar": cal,
                "from": begin.isoformat(),
                "to": finish.isoformat(),
                "seconds": seconds,
            }
        )
    else:
        click.echo(str(seconds))


@calendar.command("open")
@click.argument("cal")
@click.option("--at", "at", help="instant, ISO 8601 with offset")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def is_open(cal: str, at: str | None, as_json: bool) -> None:
    """Print true when the calendar is open at AT, else false."""
    engine = open_calendar(cal)
    instant = parse_instant(_required(at, "--at"), source="command line", field="--at")
    answer = engine.is_open(instant)
    if as_json:
        _print_json({"calendar": cal, "at": instant.isoformat(), "open": answer})
    else:
        click.echo("true" if answer else "false")


def _required(value: str | None, option: str) -> str:
    if value is None:
        raise InputError(
            [
                Problem(
                    file="command line",
                    field=option,
                    expected=f"{option} (or --input for a batch)",
                    found="nothing",
                )
            ]
        )
    return value


#: More hours than any calendar can answer for (300 years); a bound keeps the seconds
#: inside int64 and timedelta.
MAX_HOURS = 10_000_000
_HOURS_EXPECTED = f"a decimal number of hours between -{MAX_HOURS:,} and {MAX_HOURS:,}, e.g. 0.5"


def _hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not abs(value) <= MAX_HOURS:  # also false for nan
        raise InputError(
            [
                Problem(
                    file="command line",
                    field="--hours",
                    expected=_HOURS_EXPECTED,
                    found=describe(text),
                )
            ]
        )
    return value


#: More business days than any calendar can answer for (about 300 years).
MAX_DAYS = 100_000
_DAYS_EXPECTED = f"a whole number of business days between -{MAX_DAYS:,} and {MAX_DAYS:,}, e.g. 3"


def _days(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = MAX_DAYS + 1
    if abs(value) > MAX_DAYS:
        raise InputError(
            [
                Problem(
                    file="command line",
                    field="--days",
                    expected=_DAYS_EXPECTED,
                    found=describe(text),
                )
            ]
        )
    return value


def _print_json(payload: object) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False))


_BATCH_COLUMNS = {"add": ("from", "hours"), "between": ("from", "to")}


def _batch(engine: BusinessCalendar, input_file: str, output_file: str | None, kind: str) -> None:
    """Read every row, compute every answer, then write the output in one go."""
    if not output_file:
        raise InputError(
            [
                Problem(
                    file="command line",
                    field="--output",
                    expected="an output CSV path with --input",
                    found="nothing",
                )
            ]
        )
    columns = _BATCH_COLUMNS[kind]
    if kind == "add" and _has_days_column(input_file):
        columns = ("from", "days")
    table = read_text_table(input_file, required=columns)
    source, frame, lines = table.source, table.frame, table.lines
    starts = parse_instant_column(frame["from"], source=source, field="from", lines=lines)
    if "days" in columns:
        days = parse_number_column(frame["days"], source=source, field="days", lines=lines)
        ok = (np.abs(days) <= MAX_DAYS) & (days == np.round(days))
        _refuse_first_bad(ok, table, "days", _DAYS_EXPECTED)
        deadlines = engine.add_days_array(starts, days.astype(np.int64))
        frame["deadline"] = format_instants(deadlines, engine.offsets_array(deadlines))
    elif kind == "add":
        hours = parse_number_column(frame["hours"], source=source, field="hours", lines=lines)
        _refuse_first_bad(np.abs(hours) <= MAX_HOURS, table, "hours", _HOURS_EXPECTED)
        deadlines = engine.add_seconds_array(starts, np.rint(hours * 3600).astype(np.int64))
        frame["deadline"] = format_instants(deadlines, engine.offsets_array(deadlines))
    else:
        ends = parse_instant_column(frame["to"], source=source, field="to", lines=lines)
        frame["seconds"] = engine.seconds_between_array(starts, ends)
    out = Path(output_file)
    temporary = out.with_name(out.name + ".partial")
    frame.to_csv(temporary, index=False)
    temporary.replace(out)


def _has_days_column(input_file: str) -> bool:
    """A batch of ``add`` counts days when its header names ``days`` and not ``hours``."""
    try:
        header = read_text_table(input_file, required=()).frame.columns
    except InputError:
        return False  # the real read reports the problem
    return "days" in header and "hours" not in header


def _refuse_first_bad(ok: np.ndarray, table: TextTable, field: str, expected: str) -> None:
    """An InputError naming the first row where ``ok`` is false (nan counts as false)."""
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
