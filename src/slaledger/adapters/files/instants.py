"""Instants and numbers as text: parsing with clear errors, vectorised formatting.

The column parsers take the fast path of ``vector_text`` for the cells it claims (the
canonical ISO 8601 shape, plain numbers) and the general pandas parsers for the rest, so
that they accept, return and refuse exactly what the pandas parsers alone do (these stay
here as ``*_pandas``, the reference the tests compare with).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as arrow_compute
from numpy.typing import NDArray

from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.vector_text import (
    Arrow,
    as_text,
    format_instants,
    parse_canonical_instants,
    parse_plain_numbers,
)
from slaledger.domain.message import msg

__all__ = [
    "INSTANT_EXPECTED",
    "format_instants",
    "parse_instant",
    "parse_instant_column",
    "parse_instant_column_pandas",
    "parse_number_column",
    "parse_number_column_pandas",
]

INSTANT_EXPECTED = msg("problem.expected.instant-with-offset")
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
    values: pd.Series | Arrow,
    *,
    source: str,
    field: str,
    lines: NDArray[np.int64] | None = None,
) -> NDArray[np.int64]:
    """Epoch seconds of a column of ISO 8601 instants (a pandas Series or an Arrow
    array of strings); the first bad row is reported.

    ``lines`` gives each row's line in the file (default: the header, then one row a line).
    """
    cells = _arrow(values)
    epochs, claimed = parse_canonical_instants(cells)
    rest = np.flatnonzero(~claimed)
    if rest.size:
        if isinstance(values, pd.Series):
            others = values.iloc[rest].reset_index(drop=True)
        else:
            others = pd.Series(cells.take(pa.array(rest)).to_pylist(), dtype=object)
        located = _lines(rest, lines)
        try:
            epochs[rest] = parse_instant_column_pandas(
                others, source=source, field=field, lines=located
            )
        except InputError as exc:
            raise _renumbered(exc, rest) from None
    return epochs


def parse_instant_column_pandas(
    values: pd.Series, *, source: str, field: str, lines: NDArray[np.int64] | None = None
) -> NDArray[np.int64]:
    """``parse_instant_column`` with pandas alone (the general parser)."""
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
    values: pd.Series | Arrow,
    *,
    source: str,
    field: str,
    lines: NDArray[np.int64] | None = None,
) -> NDArray[np.float64]:
    """A column of decimal numbers; the first bad row is reported (``lines``: as above)."""
    cells = _arrow(values)
    fast = parse_plain_numbers(cells)
    if fast is not None:
        return fast
    series = values if isinstance(values, pd.Series) else pd.Series(cells.to_pylist(), dtype=object)
    return parse_number_column_pandas(series, source=source, field=field, lines=lines)


def parse_number_column_pandas(
    values: pd.Series, *, source: str, field: str, lines: NDArray[np.int64] | None = None
) -> NDArray[np.float64]:
    """``parse_number_column`` with pandas alone."""
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
                    expected=msg("input.files.number"),
                    found=describe(values.iloc[row]),
                )
            ]
        )
    return array


def _line(row: int, lines: NDArray[np.int64] | None) -> int:
    return row + 2 if lines is None else int(lines[row])


def _lines(rows: NDArray[np.intp], lines: NDArray[np.int64] | None) -> NDArray[np.int64]:
    result: NDArray[np.int64] = rows.astype(np.int64) + 2 if lines is None else lines[rows]
    return result


def _arrow(values: pd.Series | Arrow) -> Arrow:
    """A column as one Arrow string array (pandas' missing values as "")."""
    if isinstance(values, pd.Series):
        text = values.astype("string").fillna("")
        return pa.array(text.to_numpy(dtype=object), type=pa.string())
    return as_text(values)


def _renumbered(error: InputError, rows: NDArray[np.intp]) -> InputError:
    """``error`` about a subset of rows, with each problem's row renumbered in the whole."""
    return InputError(
        [
            p if p.row is None else dataclasses.replace(p, row=int(rows[p.row - 1]) + 1)
            for p in error.problems
        ]
    )
