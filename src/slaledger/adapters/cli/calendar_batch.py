"""The batch of ``sla calendar add|between --input``: whole columns, at I/O speed.

A plain CSV file (no quotes) is read by pyarrow, any other text file (quoted fields,
rows of the wrong width, JSON lines) by the table reader of ``text_table`` as before, so
that a bad file is refused with the same message either way; a Parquet file is read as
it is typed (instants as text or as timestamps with a time zone, numbers as numbers or
text). Instants are parsed and deadlines formatted on NumPy arrays (``vector_text``),
the output is CSV or Parquet by its extension or ``--format``, written beside its
destination and moved into place when complete.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as arrow_compute
import pyarrow.parquet as pq
from numpy.typing import NDArray

from slaledger.adapters.cli.progress import BatchProgress
from slaledger.adapters.files.arrow_csv import read_plain_csv, write_csv
from slaledger.adapters.files.instants import (
    INSTANT_EXPECTED,
    parse_instant_column,
    parse_number_column,
)
from slaledger.adapters.files.limits import MAX_ROWS
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.sheet import _check_footer
from slaledger.adapters.files.text_table import (
    CSV_SUFFIXES,
    missing_columns_problem,
    read_text_table,
    refuse_control_cells,
)
from slaledger.adapters.files.vector_text import format_instants_text
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.message import Text, msg

pc: Any = arrow_compute
I64 = NDArray[np.int64]

PARQUET_SUFFIXES = (".parquet", ".pq")
#: rows parsed, formatted or written between two steps of the progress bar
CHUNK = 1 << 18


@dataclass(frozen=True)
class Rule:
    """One bound on a batch's numbers: a column, the largest magnitude, the text."""

    field: str
    limit: float
    expected: Text
    whole: bool = False


@dataclass
class BatchInput:
    """The rows of a batch file: its columns in order (Arrow), each row's line (text
    files) and where it came from."""

    source: str
    columns: dict[str, Any]
    lines: I64 | None

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0


# -------------------------------------------------------------------------- input
def read_batch(path: str, choose: Callable[[list[str]], tuple[str, ...]]) -> BatchInput:
    """Read ``path``; ``choose`` names the required columns from the header."""
    suffix = Path(path).suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return _parquet(path, choose)
    plain = None
    if suffix in CSV_SUFFIXES:
        try:
            plain = read_plain_csv(path)
        except OSError:
            plain = None  # the table reader names the problem
    if plain is None:
        return _table(path, choose)
    required = choose(plain.header)
    missing = [c for c in required if c not in plain.header]
    if missing:
        raise InputError([missing_columns_problem(path, missing, required, plain.header, 1)])
    table, lines = plain.without_empty_rows()
    MAX_ROWS.check(path, table.num_rows)
    columns = {name: table.column(name) for name in plain.header}
    if plain.may_hold_controls:
        refuse_control_cells(path, columns, lines)
    return BatchInput(path, columns, lines)


def _table(path: str, choose: Callable[[list[str]], tuple[str, ...]]) -> BatchInput:
    """Any text file the table reader reads (its problems as it names them), read once:
    the required columns, named from its header, are checked as the reader checks them."""
    table = read_text_table(path, required=())
    header = list(map(str, table.frame.columns))
    required = choose(header)
    missing = [c for c in required if c not in header]
    if missing:
        line = 1 if Path(path).suffix.lower() in CSV_SUFFIXES else None
        raise InputError([missing_columns_problem(table.source, missing, required, header, line)])
    columns = {
        str(name): pa.array(table.frame[name].to_numpy(dtype=object), type=pa.string())
        for name in table.frame.columns
    }
    return BatchInput(table.source, columns, table.lines)


def _parquet(path: str, choose: Callable[[list[str]], tuple[str, ...]]) -> BatchInput:
    try:
        _check_footer(path)
        table = pq.read_table(path)
    except FileNotFoundError:
        raise InputError(
            [Problem(path, "", msg("input.cli.existing-file"), msg("input.found.no-such-file"))]
        ) from None
    except (pa.ArrowException, OSError) as exc:
        raise InputError(
            [Problem(path, "", msg("input.cli.parquet-file"), describe(str(exc)))]
        ) from None
    header = list(table.column_names)
    required = choose(header)
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError([missing_columns_problem(path, missing, required, header, None)])
    MAX_ROWS.check(path, table.num_rows)
    columns = {name: table.column(name) for name in header}
    text = {n: c for n, c in columns.items() if _is_text(c)}
    refuse_control_cells(path, text, None)
    return BatchInput(path, columns, None)


# ------------------------------------------------------------------------ columns
def instants(batch: BatchInput, field: str, progress: BatchProgress) -> I64:
    """Epoch seconds of a column; the first bad row is refused."""
    column = batch.columns[field]
    if pa.types.is_timestamp(column.type):
        seconds = _timestamps(batch, field, column)
        progress.advance(batch.rows)
        return seconds
    if not _is_text(column):
        raise InputError(
            [
                Problem(
                    batch.source,
                    field,
                    INSTANT_EXPECTED,
                    msg("input.found.typed-column", type=str(column.type)),
                )
            ]
        )
    result: I64 = _chunked(
        batch,
        field,
        progress,
        lambda part, lines: parse_instant_column(
            part, source=batch.source, field=field, lines=lines
        ),
    )
    return result


def _timestamps(batch: BatchInput, field: str, column: Any) -> I64:
    if column.type.tz is None:
        found = f"{column.type} without a time zone"
        raise InputError([Problem(batch.source, field, INSTANT_EXPECTED, found)])
    _refuse_first_null(batch, field, column, INSTANT_EXPECTED)
    ticks = pc.cast(column, pa.int64()).to_numpy(zero_copy_only=False)
    per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
    seconds: I64 = np.floor_divide(ticks, per_second[column.type.unit]).astype(np.int64)
    return seconds


def numbers(batch: BatchInput, rule: Rule, progress: BatchProgress) -> NDArray[np.float64]:
    """A column of numbers within ``rule``; the first bad row is refused."""
    column = batch.columns[rule.field]
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        _refuse_first_null(batch, rule.field, column, msg("input.cli.number"))
        values = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
        progress.advance(batch.rows)
    elif _is_text(column):
        values = _chunked(
            batch,
            rule.field,
            progress,
            lambda part, lines: parse_number_column(
                part, source=batch.source, field=rule.field, lines=lines
            ),
        )
    else:
        raise InputError(
            [
                Problem(
                    batch.source,
                    rule.field,
                    msg("input.cli.number"),
                    msg("input.found.typed-column", type=str(column.type)),
                )
            ]
        )
    ok = np.abs(values) <= rule.limit
    if rule.whole:
        ok &= values == np.round(values)
    bad = np.flatnonzero(~ok)
    if bad.size:
        row = int(bad[0])
        found = describe(_cell(column, row))
        raise InputError([_located(batch, row, rule.field, rule.expected, found)])
    result: NDArray[np.float64] = np.asarray(values, dtype=np.float64)
    return result


def _chunked(
    batch: BatchInput, field: str, progress: BatchProgress, parse: Callable[[Any, Any], Any]
) -> Any:
    """``parse`` over slices of a text column, the bar moving, rows renumbered."""
    column = batch.columns[field]
    parts = []
    for begin in range(0, max(batch.rows, 1), CHUNK):
        part = column.slice(begin, CHUNK)
        lines = None if batch.lines is None else batch.lines[begin : begin + CHUNK]
        try:
            parts.append(parse(part, lines if lines is not None else np.zeros(len(part), np.int64)))
        except InputError as exc:
            raise InputError(
                [_moved(p, begin, batch.lines is not None) for p in exc.problems]
            ) from None
        progress.advance(len(part))
    return np.concatenate(parts) if parts else np.zeros(0)


def _is_text(column: Any) -> bool:
    return bool(pa.types.is_string(column.type) or pa.types.is_large_string(column.type))


def _moved(problem: Problem, begin: int, has_lines: bool) -> Problem:
    row = None if problem.row is None else problem.row + begin
    return dataclasses.replace(problem, row=row, line=problem.line if has_lines else None)


def _refuse_first_null(batch: BatchInput, field: str, column: Any, expected: Text) -> None:
    if column.null_count:
        row = int(np.flatnonzero(column.is_null().to_numpy(zero_copy_only=False))[0])
        raise InputError([_located(batch, row, field, expected, msg("input.found.nothing"))])


def _located(batch: BatchInput, row: int, field: str, expected: Text, found: Text) -> Problem:
    line = None if batch.lines is None else int(batch.lines[row])
    return Problem(batch.source, field, expected, found, line=line, row=row + 1)


def _cell(column: Any, row: int) -> object:
    value = column[row].as_py()
    return value


# ------------------------------------------------------------------------- output
def write_batch(
    batch: BatchInput,
    name: str,
    values: I64,
    *,
    engine: BusinessCalendar,
    instants_out: bool,
    output: str,
    kind: str,
    progress: BatchProgress,
) -> None:
    """The input's columns then ``name`` (deadlines in the calendar's zone, or whole
    seconds), as CSV or Parquet, moved into place when complete."""
    out = Path(output)
    temporary = out.with_name(out.name + ".partial")
    try:
        if kind == "parquet":
            added = (
                pa.array(values, type=pa.timestamp("s", tz=engine.spec.timezone))
                if instants_out
                else pa.array(values, type=pa.int64())
            )
            table = pa.table({**batch.columns, name: added})
            pq.write_table(table, temporary)
            progress.advance(batch.rows)
        else:
            columns = {n: _as_csv_text(c) for n, c in batch.columns.items()}
            if instants_out:
                parts = [
                    format_instants_text(piece, engine.offsets_array(piece))
                    for piece in _pieces(values)
                ]
                columns[name] = pa.chunked_array(parts, type=pa.string())
            else:
                columns[name] = pa.array(values, type=pa.int64())
            write_csv(columns, temporary, on_rows=progress.advance)
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)


def _pieces(values: I64) -> list[I64]:
    return [values[b : b + CHUNK] for b in range(0, values.size, CHUNK)] or [values]


def _as_csv_text(column: Any) -> Any:
    """A Parquet column as CSV text: timestamps in ISO 8601 (UTC), the rest as Arrow
    writes it."""
    if pa.types.is_timestamp(column.type) and column.type.tz is not None:
        per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
        ticks = pc.fill_null(pc.cast(column, pa.int64()), 0).to_numpy(zero_copy_only=False)
        seconds = np.floor_divide(ticks, per_second[column.type.unit]).astype(np.int64)
        text = format_instants_text(seconds, np.zeros(seconds.size, dtype=np.int64))
        return pc.if_else(column.is_null(), "", text)
    return column
