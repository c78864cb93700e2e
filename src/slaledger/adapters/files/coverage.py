"""The periods outage records are declared complete for: ``--covers`` on the command line,
``coverage.csv`` in a data folder.

Outage records list downtime only, so a month without a record may be a perfect month or
a month nobody recorded. Whoever exports them says which period the export covers; the
figures of a period no declaration covers are "no data" (``domain.coverage``).

A period is ``FROM..TO``, both ends included, each a month ``YYYY-MM`` (the whole month)
or a day ``YYYY-MM-DD`` (the whole day), read in the contract's time zone:
``2023-12..2024-12`` covers December 2023 to December 2024.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from slaledger.adapters.files.commercial_inputs import _FieldError, _Table
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.domain.message import msg
from slaledger.domain.observations import Origin, OutageTable

Declared = tuple[str | None, int, int, str]  # service (None: all), start, end, origin

EXPECTED = msg("input.files.period-range")
#: the data folder's declaration file
COVERAGE_FILE = "coverage.csv"


def period_bounds(text: str, zone: ZoneInfo) -> tuple[int, int]:
    """``FROM..TO`` as ``[start, end)`` epoch seconds; ValueError when malformed."""
    parts = text.strip().split("..")
    if len(parts) != 2:
        raise ValueError(EXPECTED)
    first, last = (_day_range(p.strip()) for p in parts)
    if first[0] > last[1]:
        raise ValueError(EXPECTED)
    return _epoch(first[0], zone), _epoch(last[1], zone)


def _day_range(text: str) -> tuple[date, date]:
    """The first day and the day after the last of a month or a day."""
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:])
        if not 1 <= month <= 12:
            raise ValueError(EXPECTED)
        following = date(year + month // 12, month % 12 + 1, 1)
        return date(year, month, 1), following
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = date.fromisoformat(text)
        return day, day + timedelta(days=1)
    raise ValueError(EXPECTED)


def _epoch(day: date, zone: ZoneInfo) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=zone).timestamp())


def covers_option(texts: Iterable[str], zone: ZoneInfo, option: str = "--covers") -> list[Declared]:
    """The ``--covers`` values of a command line, for every service."""
    found: list[Declared] = []
    for text in texts:
        try:
            start, end = period_bounds(text, zone)
        except ValueError:
            raise InputError([Problem("command line", option, EXPECTED, describe(text))]) from None
        found.append((None, start, end, "outages"))
    return found


def read_coverage(path: str | Path, zone: ZoneInfo) -> list[Declared]:
    """``covers[,service]``: one period per row (all services when ``service`` is blank)."""
    table = _Table(path, ("covers",), ("service",))
    found: list[Declared] = []
    for row in table.rows:
        bounds = table.field(row, "covers", lambda text: _bounds(text, zone))
        if bounds is not None:
            found.append((row.values.get("service") or None, *bounds, "outages"))
    table.finish()
    return found


def _bounds(text: str, zone: ZoneInfo) -> tuple[int, int]:
    try:
        return period_bounds(text, zone)
    except ValueError:
        raise _FieldError(EXPECTED) from None


def declare(outages: OutageTable | None, covers: list[Declared]) -> OutageTable | None:
    """The outage records with the periods they are declared complete for; a declaration
    without a file of records declares periods without a single outage."""
    if not covers:
        return outages
    if outages is None:
        outages = no_outages("--covers")
    return dataclasses.replace(outages, covers=(*outages.covers, *covers))


def no_outages(source: str) -> OutageTable:
    """An empty table of outage records."""
    none = np.zeros(0, dtype=np.int64)
    text = np.zeros(0, dtype=object)
    return OutageTable(
        Origin(source),
        (),
        none,
        none,
        none,
        text,
        none,
        np.zeros(0, dtype=np.bool_),
        text,
        text,
        none,
    )
