"""``sla calendar add|between|open``: one query, or a CSV batch."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click
import numpy as np

from slaledger.adapters.cli.calendar_batch import (
    PARQUET_SUFFIXES,
    Rule,
    instants,
    numbers,
    read_batch,
    write_batch,
)
from slaledger.adapters.cli.progress import batch_progress
from slaledger.adapters.files.instants import parse_instant
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.bootstrap import open_calendar
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.message import msg

_BATCH_OUTPUT = click.option(
    "--output",
    "output_file",
    type=click.Path(dir_okay=False),
    help="file to write: CSV, or Parquet when it ends in .parquet",
)
_BATCH_FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "parquet"]),
    help="format of --output (default: by its extension)",
)
_BATCH_PROGRESS = click.option(
    "--progress/--no-progress",
    default=None,
    help="progress bar on stderr (default: inputs over a million rows, on a terminal)",
)


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
    help="CSV, JSON lines or Parquet with from,hours or from,days",
)
@_BATCH_OUTPUT
@_BATCH_FORMAT
@_BATCH_PROGRESS
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def add(
    cal: str,
    start: str | None,
    hours: str | None,
    days: str | None,
    input_file: str | None,
    output_file: str | None,
    output_format: str | None,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Print the deadline: FROM plus HOURS of business time, or plus DAYS business days
    (the same local time on the N-th next business day, see docs/calendars.md), in the
    calendar's zone."""
    engine = open_calendar(cal)
    if input_file:
        _batch(
            engine, input_file, output_file, "add", output_format=output_format, progress=progress
        )
        return
    begin = parse_instant(_required(start, "--from"), source="command line", field="--from")
    if days is not None and hours is not None:
        raise InputError(
            [
                Problem(
                    file="command line",
                    field="--days",
                    expected=msg("input.cli.hours-or-days"),
                    found=msg("input.found.both"),
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
@click.option(
    "--input",
    "input_file",
    type=click.Path(dir_okay=False),
    help="CSV, JSON lines or Parquet with from,to",
)
@_BATCH_OUTPUT
@_BATCH_FORMAT
@_BATCH_PROGRESS
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def between(
    cal: str,
    start: str | None,
    end: str | None,
    input_file: str | None,
    output_file: str | None,
    output_format: str | None,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Print the business seconds between FROM and TO (negative when TO < FROM)."""
    engine = open_calendar(cal)
    if input_file:
        _batch(
            engine,
            input_file,
            output_file,
            "between",
            output_format=output_format,
            progress=progress,
        )
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
                    expected=msg("input.cli.option-or-input", option=option),
                    found=msg("input.found.nothing"),
                )
            ]
        )
    return value


#: More hours than any calendar can answer for (300 years); a bound keeps the seconds
#: inside int64 and timedelta.
MAX_HOURS = 10_000_000
_HOURS_EXPECTED = msg("input.cli.hours")


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
_DAYS_EXPECTED = msg("input.cli.days")


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
_OUTPUT_FORMATS = ("csv", "parquet")


def _batch(
    engine: BusinessCalendar,
    input_file: str,
    output_file: str | None,
    kind: str,
    *,
    output_format: str | None = None,
    progress: bool | None = None,
) -> None:
    """Read every row, compute every answer, then write the output in one go."""
    if not output_file:
        raise InputError(
            [
                Problem(
                    file="command line",
                    field="--output",
                    expected=msg("input.cli.output-with-input"),
                    found=msg("input.found.nothing"),
                )
            ]
        )
    fmt = output_format or ("parquet" if _is_parquet(output_file) else "csv")

    def required(header: list[str]) -> tuple[str, ...]:
        if kind == "add" and "days" in header and "hours" not in header:
            return ("from", "days")
        return _BATCH_COLUMNS[kind]

    batch = read_batch(input_file, required)
    columns = required(list(batch.columns))
    with batch_progress(batch.rows, 4, progress) as bar:
        bar.stage("instants")
        starts = instants(batch, "from", bar)
        bar.stage("durations" if kind == "add" else "ends")
        if "days" in columns:
            days = numbers(batch, Rule("days", MAX_DAYS, _DAYS_EXPECTED, whole=True), bar)
            bar.stage("computing")
            answers = engine.add_days_array(starts, days.astype(np.int64))
        elif kind == "add":
            hours = numbers(batch, Rule("hours", MAX_HOURS, _HOURS_EXPECTED), bar)
            bar.stage("computing")
            answers = engine.add_seconds_array(starts, np.rint(hours * 3600).astype(np.int64))
        else:
            ends = instants(batch, "to", bar)
            bar.stage("computing")
            answers = engine.seconds_between_array(starts, ends)
        bar.advance(batch.rows)
        bar.stage("writing")
        write_batch(
            batch,
            "seconds" if kind == "between" else "deadline",
            answers,
            engine=engine,
            instants_out=kind == "add",
            output=output_file,
            kind=fmt,
            progress=bar,
        )


def _is_parquet(path: str) -> bool:
    return Path(path).suffix.lower() in PARQUET_SUFFIXES
