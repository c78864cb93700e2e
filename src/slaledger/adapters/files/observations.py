"""Readers for what happened: outages, probe samples, request counts, maintenance windows.

Each file is CSV (``.csv``), JSON lines (``.jsonl``, ``.ndjson``) or Parquet
(``.parquet``), chosen by its extension; the columns are documented in docs/inputs.md.
Reading is all-or-nothing: every problem in a file is collected (the first MAX_PROBLEMS
listed, the rest counted) and raised together as one InputError naming the file, the row
(and line, in text formats), the field, what was expected and what was found.
Instants must carry a UTC offset; in Parquet, a timestamp type with a time zone will do.
Tables are frozen, column-oriented dataclasses of NumPy arrays. Services are int codes
into the sorted tuple ``services``, as the domain computes on codes; ``row`` gives each
record's 1-based row in the file, for traces and messages.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as arrow_compute
import pyarrow.parquet as pq
from numpy.typing import NDArray

from slaledger.adapters.files.instants import INSTANT_EXPECTED
from slaledger.adapters.files.problems import InputError, Problem, describe

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]
Text = NDArray[np.str_]

#: Problems listed in one InputError; the others are counted in a last problem.
MAX_PROBLEMS = 1000
OUTAGE_CATEGORIES = frozenset(
    {
        "unplanned",
        "planned-maintenance",
        "force-majeure",
        "customer",
        "third-party",
        "customer-change",
    }
)
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
#: a UTC offset right after a time of day (so the "-01" of a bare date is no offset)
_OFFSET = r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)$"
_INTEGER = r"^[+-]?\d{1,18}$"
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")
_KIND = r"^[a-z0-9][a-z0-9-]*$"
#: pyarrow.compute's kernels are generated at import time and their stubs are loose
#: (scalars, arrays and chunked arrays mix freely); calls go through ``Any``.
pc: Any = arrow_compute


# ------------------------------------------------------------------------ tables
@dataclass(frozen=True, eq=False)
class OutageTable:
    """Outage records, in file order. ``reported_at`` is 0 where ``reported`` is false."""

    source: str
    services: tuple[str, ...]
    service: I64
    start: I64
    end: I64
    category: Text
    reported_at: I64
    reported: Mask
    reference: Text
    note: Text
    row: I64

    def __len__(self) -> int:
        return int(self.row.size)


@dataclass(frozen=True, eq=False)
class SampleTable:
    """Probe samples sorted by service, then instant; ``latency_ms`` is NaN where blank."""

    source: str
    services: tuple[str, ...]
    service: I64
    at: I64
    up: Mask
    latency_ms: NDArray[np.float64]
    row: I64

    def __len__(self) -> int:
        return int(self.row.size)


@dataclass(frozen=True, eq=False)
class CountTable:
    """Request counts per interval sorted by service, then interval start."""

    source: str
    services: tuple[str, ...]
    service: I64
    interval_start: I64
    interval_seconds: I64
    total: I64
    server_errors: I64
    row: I64

    def __len__(self) -> int:
        return int(self.row.size)


@dataclass(frozen=True, eq=False)
class MaintenanceTable:
    """Maintenance windows, in file order. ``announced_at`` is 0 where not announced."""

    source: str
    services: tuple[str, ...]
    service: I64
    kind: Text
    announced_at: I64
    announced: Mask
    start: I64
    end: I64
    agreed_by_customer: Mask
    reference: Text
    row: I64

    def __len__(self) -> int:
        return int(self.row.size)


# ----------------------------------------------------------------------- readers
def read_outages(path: str | Path, *, extra_categories: Iterable[str] = ()) -> OutageTable:
    """Outages ``service,start,end,category[,reported_at,reference,note]``.

    ``category`` is one of OUTAGE_CATEGORIES or of ``extra_categories`` (those the
    contract defines); an end before its start is an error. A blank ``reported_at``
    means the customer did not report the outage.
    """
    sheet = _Sheet.load(
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
        sheet.source,
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
    sheet = _Sheet.load(path, required=("service", "at", "up"), optional=("latency_ms",))
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
        "one sample per service and instant",
        [f"{_iso(int(at[i]))} again, as in row {rows[i - 1]}" for i in twice[:MAX_PROBLEMS]],
        total=twice.size,
    )
    sheet.finish()
    return SampleTable(sheet.source, names, codes, at, up, latency, rows)


def read_counts(path: str | Path) -> CountTable:
    """Request counts ``service,interval_start,interval_seconds,total,server_errors``.

    Counts are non-negative integers, ``server_errors <= total``, intervals last at least
    one second, and two intervals of one service may not overlap.
    """
    sheet = _Sheet.load(
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
        "at most total",
        [f"{errors[i]} server errors for a total of {total[i]}" for i in too_many[:MAX_PROBLEMS]],
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
        "an interval after the previous one of its service",
        [
            f"{_iso(int(start[i]))}, inside row {rows[i - 1]} "
            f"({_iso(int(start[i - 1]))} for {seconds[i - 1]} s)"
            for i in overlap[:MAX_PROBLEMS]
        ],
        total=overlap.size,
    )
    sheet.finish()
    return CountTable(sheet.source, names, codes, start, seconds, total, errors, rows)


def read_maintenance(path: str | Path, *, kinds: Iterable[str] | None = None) -> MaintenanceTable:
    """Maintenance windows ``service,kind,start,end[,announced_at,agreed_by_customer,
    reference]``.

    ``kind`` is one of ``kinds`` when given (the contract's), else any lower-case name
    such as ``preventive``; an end before its start is an error; a blank
    ``announced_at`` means never announced, a blank ``agreed_by_customer`` means no.
    """
    sheet = _Sheet.load(
        path,
        required=("service", "kind", "start", "end"),
        optional=("announced_at", "agreed_by_customer", "reference"),
    )
    names, codes = sheet.services()
    kind, _ = sheet.texts("kind", allowed=None if kinds is None else sorted(kinds))
    if kinds is None:
        sheet.matching("kind", kind, _KIND, "a kind in lower-case letters, digits and '-'")
    announced_at, announced = sheet.instants("announced_at", required=False)
    start, _ = sheet.instants("start")
    end, _ = sheet.instants("end")
    agreed, _ = sheet.booleans("agreed_by_customer", words=(_TRUE, _FALSE), required=False)
    reference, _ = sheet.texts("reference", required=False)
    sheet.ordered("end", start, end)
    sheet.finish()
    return MaintenanceTable(
        sheet.source,
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


# ------------------------------------------------------------------ the sheet
class _Sheet:
    """One loaded file: its columns as Arrow arrays, and the problems found so far."""

    def __init__(
        self, source: str, table: pa.Table, rows: I64, lines: I64 | None, problems: list[Problem]
    ) -> None:
        self.source = source
        self.table = table
        self.rows = rows
        self.lines = lines
        self.problems = problems
        self.unlisted = 0
        #: rows whose values all parsed; checks across fields and rows look only at these
        self.valid = np.ones(table.num_rows, dtype=np.bool_)

    @classmethod
    def load(
        cls, path: str | Path, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> _Sheet:
        source = str(path)
        kind = FORMATS.get(Path(path).suffix.lower())
        if kind is None:
            expected = "a file ending in " + ", ".join(FORMATS)
            raise InputError([Problem(source, "", expected, describe(Path(path).name))])
        try:
            if kind == "parquet":
                sheet = cls._parquet(source)
            else:
                sheet = cls._text(source, kind, required + optional)
        except OSError as exc:
            raise InputError([Problem(source, "", "a readable file", describe(str(exc)))]) from exc
        sheet._check_columns(required, optional)
        return sheet

    @classmethod
    def _parquet(cls, source: str) -> _Sheet:
        try:
            table = pq.read_table(source)
        except pa.ArrowException as exc:
            raise InputError([Problem(source, "", "a Parquet file", describe(str(exc)))]) from exc
        return cls(source, table, np.arange(1, table.num_rows + 1, dtype=np.int64), None, [])

    @classmethod
    def _text(cls, source: str, kind: str, columns: tuple[str, ...]) -> _Sheet:
        problems: list[Problem] = []
        try:
            with open(source, encoding="utf-8-sig", newline="") as handle:
                reading = _csv_records if kind == "csv" else _json_records
                names, records = reading(source, handle, problems)
        except UnicodeDecodeError as exc:
            raise InputError([Problem(source, "", "UTF-8 text", describe(str(exc)))]) from exc
        if kind == "jsonl" and not records:
            names = list(columns)  # an empty JSON-lines file is an empty table
        rows = np.asarray([row for row, _, record in records if record is not None], np.int64)
        lines = np.asarray([line for _, line, record in records if record is not None], np.int64)
        kept = [record for _, _, record in records if record is not None]
        table = pa.table(
            {name: pa.array([r.get(name) for r in kept], type=pa.string()) for name in names}
        )
        return cls(source, table, rows, lines, problems)

    # ---------------------------------------------------------------- checks
    def _check_columns(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        present = list(self.table.column_names)
        known = ", ".join(required + optional)
        for name in required:
            if name not in present:
                found = "columns " + ", ".join(present) if present else "no columns"
                self.problems.append(Problem(self.source, name, f"a column '{name}'", found))
        for name in present:
            if name not in required + optional:
                expected = f"only the columns {known}"
                self.problems.append(Problem(self.source, name, expected, describe(name)))
        if any(p.row is None for p in self.problems):
            self.finish()  # the rows cannot be read without their columns

    def report(self, rows: I64, field: str, expected: str, found: list[str], *, total: int) -> None:
        """Problems for the given file rows (``found`` for the first MAX_PROBLEMS)."""
        room = max(MAX_PROBLEMS - len(self.problems), 0)
        for row, text in list(zip(rows.tolist(), found, strict=False))[:room]:
            line = None
            if self.lines is not None:
                line = int(self.lines[int(np.searchsorted(self.rows, row))])
            self.problems.append(Problem(self.source, field, expected, text, line=line, row=row))
        self.unlisted += total - min(total, room)

    def _report_mask(self, field: str, bad: Mask, expected: str) -> None:
        where = np.flatnonzero(bad)
        if not where.size:
            return
        self.valid &= ~bad
        column = self.table.column(field)
        found = column.take(where[:MAX_PROBLEMS]).to_pylist()
        self.report(
            self.rows[where], field, expected, [describe(v) for v in found], total=where.size
        )

    def _column_problem(self, field: str, expected: str, found: str) -> None:
        self.problems.append(Problem(self.source, field, expected, found))
        self.valid[:] = False

    def finish(self) -> None:
        """Raise every problem found, if any."""
        if not self.problems:
            return
        listed = sorted(self.problems, key=lambda p: (p.row or 0, p.line or 0))
        if self.unlisted:
            listed.append(
                Problem(
                    self.source,
                    "",
                    "no more problems",
                    f"{self.unlisted} more problem(s), not listed",
                )
            )
        raise InputError(listed)

    # --------------------------------------------------------------- columns
    def _strings(self, field: str) -> pa.ChunkedArray[Any]:
        column = self.table.column(field)
        if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
            column = pc.cast(column, pa.string())
        trimmed: pa.ChunkedArray[Any] = pc.utf8_trim_whitespace(column)
        return trimmed

    def _blank(self, column: pa.ChunkedArray[Any]) -> Mask:
        blank = pc.or_(pc.is_null(column), pc.equal(column, ""))
        return _mask(pc.fill_null(blank, True))

    def _missing(self, field: str, blank: Mask, expected: str, required: bool) -> None:
        if required:
            self._report_mask(field, blank, expected)

    def services(self) -> tuple[tuple[str, ...], I64]:
        """The service names, sorted, and each row's code into them."""
        column = self._strings("service")
        blank = self._blank(column)
        self._missing("service", blank, "a service name", True)
        encoded: Any = pc.dictionary_encode(pc.if_else(pa.array(blank), None, column))
        encoded = encoded.combine_chunks() if isinstance(encoded, pa.ChunkedArray) else encoded
        names = np.asarray(encoded.dictionary.to_pylist(), dtype=np.str_)
        rank = np.empty(names.size, dtype=np.int64)
        rank[np.argsort(names)] = np.arange(names.size)
        indices = pc.fill_null(encoded.indices, 0).to_numpy().astype(np.int64)
        codes = rank[indices] if names.size else np.zeros(indices.size, dtype=np.int64)
        return tuple(sorted(str(n) for n in names.tolist())), codes

    def texts(
        self, field: str, *, required: bool = True, allowed: list[str] | None = None
    ) -> tuple[Text, Mask]:
        """Trimmed text; '' where blank."""
        if field not in self.table.column_names:
            return np.full(self.table.num_rows, "", dtype=np.str_), _false(self.table.num_rows)
        column = self._strings(field)
        blank = self._blank(column)
        expected = "some text" if allowed is None else "one of " + ", ".join(allowed)
        self._missing(field, blank, expected, required)
        values = np.asarray(pc.fill_null(column, "").to_pylist(), dtype=np.str_)
        if allowed is not None:
            self._report_mask(field, ~blank & ~np.isin(values, allowed), expected)
        return values, ~blank

    def matching(self, field: str, values: Text, pattern: str, expected: str) -> None:
        """Report non-blank values that do not match ``pattern``."""
        matches = pc.match_substring_regex(pa.array(values.tolist(), pa.string()), pattern)
        self._report_mask(field, (values != "") & ~_mask(matches), expected)

    def instants(self, field: str, *, required: bool = True) -> tuple[I64, Mask]:
        """Epoch seconds (floored); 0 where blank."""
        rows = self.table.num_rows
        if field not in self.table.column_names:
            return np.zeros(rows, dtype=np.int64), _false(rows)
        column = self.table.column(field)
        if pa.types.is_timestamp(column.type):
            if column.type.tz is None:
                self._column_problem(field, INSTANT_EXPECTED, f"{column.type} without a time zone")
                return np.zeros(rows, dtype=np.int64), _false(rows)
            blank = _mask(pc.is_null(column))
            self._missing(field, blank, INSTANT_EXPECTED, required)
            ticks = pc.fill_null(pc.cast(column, pa.int64()), 0).to_numpy()
            per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
            return np.floor_divide(ticks, per_second[column.type.unit]).astype(np.int64), ~blank
        if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
            self._column_problem(field, INSTANT_EXPECTED, f"a {column.type} column")
            return np.zeros(rows, dtype=np.int64), _false(rows)
        text = self._strings(field)
        blank = self._blank(text)
        self._missing(field, blank, INSTANT_EXPECTED, required)
        has_offset = _mask(pc.match_substring_regex(text, _OFFSET))
        series = text.to_pandas().where(has_offset)
        parsed = pd.to_datetime(series, format="ISO8601", utc=True, errors="coerce")
        unparsed = parsed.isna().to_numpy()
        self._report_mask(field, ~blank & unparsed, INSTANT_EXPECTED)
        seconds = parsed.to_numpy(dtype="datetime64[s]").astype(np.int64)
        return np.where(unparsed, 0, seconds).astype(np.int64), ~blank & ~unparsed

    def integers(self, field: str, *, minimum: int) -> I64:
        """Whole numbers at least ``minimum``; every value required."""
        column = self.table.column(field)
        expected = f"a whole number of at least {minimum}"
        if pa.types.is_integer(column.type):
            bad = _mask(pc.is_null(column))
            values = pc.fill_null(column, minimum).to_numpy().astype(np.int64)
        elif pa.types.is_floating(column.type):
            raw = pc.fill_null(column, np.nan).to_numpy()
            bad = ~np.isfinite(raw) | (raw != np.floor(raw)) | (np.abs(raw) >= 2**62)
            values = np.where(bad, minimum, raw).astype(np.int64)
        elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            text = self._strings(field)
            bad = ~_mask(pc.match_substring_regex(text, _INTEGER))
            values = pc.cast(pc.if_else(pa.array(bad), "0", text), pa.int64()).to_numpy()
        else:
            self._column_problem(field, expected, f"a {column.type} column")
            return np.zeros(self.table.num_rows, dtype=np.int64)
        bad |= values < minimum
        self._report_mask(field, bad, expected)
        return np.where(bad, minimum, values).astype(np.int64)

    def numbers(self, field: str) -> NDArray[np.float64]:
        """Optional non-negative decimal numbers; NaN where blank."""
        rows = self.table.num_rows
        if field not in self.table.column_names:
            return np.full(rows, np.nan)
        column = self.table.column(field)
        if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
            values = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
            blank = np.isnan(values)
        else:
            text = self._strings(field)
            blank = self._blank(text)
            values = pd.to_numeric(text.to_pandas(), errors="coerce").to_numpy(
                dtype=np.float64, na_value=np.nan
            )
        bad = ~blank & ~(np.isfinite(values) & (values >= 0))
        self._report_mask(field, bad, "a number of at least 0, or nothing")
        return np.where(bad, np.nan, values)

    def booleans(
        self,
        field: str,
        *,
        words: tuple[tuple[str, ...], tuple[str, ...]],
        required: bool = True,
    ) -> tuple[Mask, Mask]:
        """True or false, from a boolean column or one of ``words``; false where blank."""
        rows = self.table.num_rows
        if field not in self.table.column_names:
            return _false(rows), _false(rows)
        column = self.table.column(field)
        yes, no = words
        expected = f"{yes[0]} or {no[0]} ({', '.join(yes[1:] + no[1:])} also do)"
        if pa.types.is_boolean(column.type):
            blank = _mask(pc.is_null(column))
            value = _mask(pc.fill_null(column, False))
        else:
            text = pc.utf8_lower(self._strings(field))
            blank = self._blank(text)
            value = _mask(pc.is_in(text, value_set=pa.array(yes)))
            unknown = ~blank & ~value & ~_mask(pc.is_in(text, value_set=pa.array(no)))
            self._report_mask(field, unknown, expected)
        self._missing(field, blank, expected, required)
        return value & ~blank, ~blank

    def ordered(self, field: str, start: I64, end: I64) -> None:
        """Report rows whose ``end`` comes before their ``start``."""
        backwards = np.flatnonzero((end < start) & self.valid)
        self.report(
            self.rows[backwards],
            field,
            "an end at or after the start",
            [
                f"{_iso(int(end[i]))}, before the start {_iso(int(start[i]))}"
                for i in backwards[:MAX_PROBLEMS]
            ],
            total=backwards.size,
        )

    def sort_by(self, codes: I64, times: I64) -> NDArray[np.intp]:
        """The order that sorts rows by service, then time (stable; cheap when sorted)."""
        if codes.size < 2 or bool(
            np.all(
                (codes[1:] > codes[:-1]) | ((codes[1:] == codes[:-1]) & (times[1:] >= times[:-1]))
            )
        ):
            return np.arange(codes.size)
        order: NDArray[np.intp] = np.lexsort((times, codes))
        return order


# --------------------------------------------------------------- text formats
#: (row, line, record or None when the row is broken) for each row of a text file
_Records = list[tuple[int, int, dict[str, str | None] | None]]


def _csv_records(
    source: str, handle: TextIO, problems: list[Problem]
) -> tuple[list[str], _Records]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        problems.append(Problem(source, "", "a header line naming the columns", "an empty file"))
        return [], []
    names = [name.strip() for name in header]
    for name in sorted({n for n in names if names.count(n) > 1 or not n}):
        problems.append(Problem(source, name, "each column named once", describe(name), line=1))
    records: _Records = []
    line = reader.line_num + 1
    for record in reader:
        if record and any(value.strip() for value in record):  # blank lines are not rows
            row = len(records) + 1
            if len(record) == len(names):
                values = {n: (v if v.strip() else None) for n, v in zip(names, record, strict=True)}
                records.append((row, line, values))
            else:
                problems.append(
                    Problem(
                        source,
                        "",
                        f"{len(names)} fields, as in the header",
                        f"{len(record)} fields",
                        line=line,
                        row=row,
                    )
                )
                records.append((row, line, None))
        line = reader.line_num + 1
    return names, records


def _json_records(
    source: str, handle: TextIO, problems: list[Problem]
) -> tuple[list[str], _Records]:
    records: _Records = []
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        row = len(records) + 1
        try:
            record = json.loads(text)
        except json.JSONDecodeError:
            record = None
        if not isinstance(record, dict):
            problems.append(
                Problem(
                    source,
                    "",
                    "a JSON object on one line",
                    describe(text.strip()),
                    line=line,
                    row=row,
                )
            )
            records.append((row, line, None))
            continue
        values: dict[str, str | None] = {}
        for name, value in record.items():
            if isinstance(value, dict | list):
                problems.append(
                    Problem(
                        source,
                        name,
                        "a string, number or boolean",
                        describe(value),
                        line=line,
                        row=row,
                    )
                )
                value = None
            values[name] = _json_text(value)
        records.append((row, line, values))
    names = list(dict.fromkeys(name for _, _, r in records if r is not None for name in r))
    return names, records


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return (
        value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
    )


# ---------------------------------------------------------------------- helpers
def _mask(values: Any) -> Mask:
    array = pc.fill_null(values, False)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.bool_)


def _false(rows: int) -> Mask:
    return np.zeros(rows, dtype=np.bool_)


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()
