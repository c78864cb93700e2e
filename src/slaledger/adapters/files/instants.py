"""Instants and durations as text: parsing with clear errors, vectorised formatting."""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as arrow_compute
from numpy.typing import NDArray

from slaledger.adapters.files.problems import InputError, Problem, describe

INSTANT_EXPECTED = "an ISO 8601 instant with its UTC offset, e.g. 2024-03-15T16:00:00+01:00"
# a time of day (HH:MM[:SS[.f]]) then its offset; a bare date's "-01" is not an offset
_OFFSET_PATTERN = (
    r"[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)\s*$"
)
_OFFSET = re.compile(_OFFSET_PATTERN)


def parse_instant(text: str, *, source: str, field: str) -> datetime:
    """An ISO 8601 instant with its UTC offset; naive or malformed text is an InputError."""
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None or not _OFFSET.search(value):
        raise InputError(
            [
                Problem(
                    file=source,
                    field=field,
                    expected=INSTANT_EXPECTED,
                    found=describe(text),
                )
            ]
        )
    return parsed


def parse_instant_column(
    values: pd.Series, *, source: str, field: str, lines: NDArray[np.int64] | None = None
) -> NDArray[np.int64]:
    """Epoch seconds of a column of ISO 8601 instants; the first bad row is reported.

    ``lines`` gives each row's line in the file (default: the header, then one row a line).
    """
    text = values.astype("string").str.strip()
    # RE2 in Arrow checks a million cells in a few milliseconds; re per cell takes seconds
    cells = pa.array(text.fillna("").to_numpy(dtype=object), type=pa.string())
    matched = arrow_compute.match_substring_regex(cells, _OFFSET_PATTERN)
    has_offset = np.asarray(matched.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
    parsed = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
    bad = ~has_offset | parsed.isna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError(
            [
                Problem(
                    file=source,
                    field=field,
                    row=row + 1,
                    line=_line(row, lines),
                    expected=INSTANT_EXPECTED,
                    found=describe(values.iloc[row]),
                )
            ]
        )
    # floor to the second, as the engine works in seconds
    nanos = parsed.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    result: NDArray[np.int64] = np.floor_divide(nanos, 1_000_000_000)
    return result


def parse_number_column(
    values: pd.Series, *, source: str, field: str, lines: NDArray[np.int64] | None = None
) -> NDArray[np.float64]:
    """A column of decimal numbers; the first bad row is reported (``lines``: as above)."""
    numbers = pd.to_numeric(values.astype("string").str.strip(), errors="coerce")
    array = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(array)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError(
            [
                Problem(
                    file=source,
                    field=field,
                    row=row + 1,
                    line=_line(row, lines),
                    expected="a number",
                    found=describe(values.iloc[row]),
                )
            ]
        )
    return array


def _line(row: int, lines: NDArray[np.int64] | None) -> int:
    return row + 2 if lines is None else int(lines[row])


def format_instants(epoch: NDArray[np.int64], offsets: NDArray[np.int64]) -> NDArray[np.str_]:
    """ISO 8601 text of each instant at its UTC offset: 2024-03-18T08:15:00+00:00."""
    local = (epoch + offsets).astype("datetime64[s]")
    body = np.datetime_as_string(local, unit="s")
    unique, inverse = np.unique(offsets, return_inverse=True)
    suffixes = np.asarray([_offset_text(int(o)) for o in unique], dtype=np.str_)
    result: NDArray[np.str_] = np.char.add(body, suffixes[inverse])
    return result


def _offset_text(seconds: int) -> str:
    sign = "+" if seconds >= 0 else "-"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return text + (f":{secs:02d}" if secs else "")
