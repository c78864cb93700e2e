"""A loaded observations file as Arrow columns, with typed accessors that collect
located problems (file, row, line, field, expected, found) instead of raising at the first.

The readers of ``observations.py`` build their tables through it; CSV (``.csv``), JSON lines
(``.jsonl``, ``.ndjson``) and Parquet (``.parquet``) are chosen by the file's extension.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as arrow_compute
import pyarrow.parquet as pq
from numpy.typing import NDArray

from slaledger.adapters.files.arrow_csv import read_plain_records
from slaledger.adapters.files.instants import INSTANT_EXPECTED
from slaledger.adapters.files.limits import (
    CONTROL_CHARACTERS,
    CONTROL_EXPECTED,
    MAX_EXPANDED_BYTES,
    MAX_ROWS,
    more_than,
    shown,
)
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.vector_text import parse_canonical_instants
from slaledger.domain.message import Message, Text, msg
from slaledger.domain.observations import I64, Mask
from slaledger.domain.observations import Text as TextArray

#: Problems listed in one InputError; the others are counted in a last problem.
MAX_PROBLEMS = 1000
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
#: a UTC offset right after a time of day (so the "-01" of a bare date is no offset)
_OFFSET = r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)$"
_INTEGER = r"^[+-]?\d{1,18}$"
#: the csv module's default limit on a field's length (characters)
_FIELD_LIMIT = csv.field_size_limit()
#: pyarrow.compute's kernels are generated at import time and their stubs are loose
#: (scalars, arrays and chunked arrays mix freely); calls go through ``Any``.
pc: Any = arrow_compute


class Sheet:
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
        #: False for one record of a request (a form, a query, a body): its problems
        #: name the field only, there is no row to point at
        self.located = True

    @classmethod
    def of_record(cls, source: str, record: dict[str, str | None]) -> Sheet:
        """One record given field by field (a form, a query, a request body), read as a
        one-row text file would be: the same checks, problems naming the field only."""
        table = pa.table(
            {name: pa.array([value], type=pa.string()) for name, value in record.items()}
        )
        sheet = cls(source, table, np.ones(1, dtype=np.int64), None, [])
        sheet.located = False
        return sheet

    @classmethod
    def load(
        cls, path: str | Path, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Sheet:
        source = str(path)
        kind = FORMATS.get(Path(path).suffix.lower())
        if kind is None:
            expected = msg("input.files.file-ending", suffixes=", ".join(FORMATS))
            raise InputError([Problem(source, "", expected, describe(Path(path).name))])
        try:
            if kind == "parquet":
                sheet = cls._parquet(source)
            else:
                sheet = cls._text(source, kind, required + optional)
        except OSError as exc:
            raise InputError(
                [Problem(source, "", msg("input.files.readable-file"), describe(str(exc)))]
            ) from exc
        sheet._check_columns(required, optional)
        return sheet

    @classmethod
    def _parquet(cls, source: str) -> Sheet:
        try:
            _check_footer(source)
            table = pq.read_table(source)
        except pa.ArrowException as exc:
            raise InputError(
                [Problem(source, "", msg("input.files.parquet-file"), describe(str(exc)))]
            ) from exc
        MAX_ROWS.check(source, table.num_rows)  # a footer that understated its rows
        return cls(source, table, np.arange(1, table.num_rows + 1, dtype=np.int64), None, [])

    @classmethod
    def _text(cls, source: str, kind: str, columns: tuple[str, ...]) -> Sheet:
        if kind == "csv":
            plain = cls._plain_csv(source)
            if plain is not None:
                return plain
        return cls._records(source, kind, columns)

    @classmethod
    def _plain_csv(cls, source: str) -> Sheet | None:
        """A CSV file without quotes through pyarrow, or None: the same table, rows and
        lines as ``_records`` gives, for the files where that is sure (no quote, no
        control character, no field over the csv module's limit, a clean header)."""
        found = read_plain_records(source, field_limit=_FIELD_LIMIT)
        if found is None:
            return None
        kept, lines = found
        limit = MAX_ROWS.value()
        if kept.num_rows > limit:
            raise InputError([MAX_ROWS.problem(source, more_than(limit, "rows"), limit)])
        rows = np.arange(1, kept.num_rows + 1, dtype=np.int64)
        return cls(source, kept, rows, lines, [])

    @classmethod
    def _records(cls, source: str, kind: str, columns: tuple[str, ...]) -> Sheet:
        problems: list[Problem] = []
        try:
            with open(source, encoding="utf-8-sig", newline="") as handle:
                reading = _csv_records if kind == "csv" else _json_records
                names, records = reading(source, handle, problems)
        except UnicodeDecodeError as exc:
            raise InputError(
                [Problem(source, "", msg("input.files.utf8-text"), describe(str(exc)))]
            ) from exc
        except csv.Error as exc:  # a field over the csv module's limit (128 KiB)
            raise InputError(
                [Problem(source, "", msg("input.files.csv-file"), describe(str(exc)))]
            ) from exc
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
                found = (
                    msg("input.found.columns", names=", ".join(present))
                    if present
                    else msg("input.found.no-columns")
                )
                expected = msg("input.files.column", name=name)
                self.problems.append(Problem(self.source, name, expected, found))
        for name in present:
            if name not in required + optional:
                only = msg("input.files.only-columns", names=known)
                self.problems.append(Problem(self.source, name, only, describe(name)))
        if any(p.row is None for p in self.problems):
            self.finish()  # the rows cannot be read without their columns

    def report(
        self,
        rows: I64,
        field: str,
        expected: Text,
        found: list[Text],
        *,
        total: int,
        template: str = "",
        arguments: list[tuple[tuple[str, str], ...]] | None = None,
    ) -> None:
        """Problems for the given file rows (``found`` for the first MAX_PROBLEMS);
        ``template`` and each row's ``arguments``: ``expected`` as a catalogue message."""
        room = max(MAX_PROBLEMS - len(self.problems), 0)
        for index, (row, text) in enumerate(list(zip(rows.tolist(), found, strict=False))[:room]):
            line = None
            if self.lines is not None:
                line = int(self.lines[int(np.searchsorted(self.rows, row))])
            self.problems.append(
                Problem(
                    self.source,
                    field,
                    expected if arguments is None else _filled(expected, arguments[index]),
                    text,
                    line=line,
                    row=row if self.located else None,
                    template=template,
                    arguments=() if arguments is None else arguments[index],
                )
            )
        self.unlisted += total - min(total, room)

    def _reportmask_of(self, field: str, bad: Mask, expected: Text) -> None:
        where = np.flatnonzero(bad)
        if not where.size:
            return
        self.valid &= ~bad
        column = self.table.column(field)
        found = column.take(where[:MAX_PROBLEMS]).to_pylist()
        self.report(
            self.rows[where], field, expected, [describe(v) for v in found], total=where.size
        )

    def _column_problem(self, field: str, expected: Text, found: Text) -> None:
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
                    msg("input.ingest.no-more-problems"),
                    msg("input.found.more-problems", n=self.unlisted),
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
        return mask_of(pc.fill_null(blank, True))

    def _missing(self, field: str, blank: Mask, expected: Text, required: bool) -> None:
        if required:
            self._reportmask_of(field, blank, expected)

    def services(self) -> tuple[tuple[str, ...], I64]:
        """The service names, sorted, and each row's code into them."""
        column = self._strings("service")
        blank = self._blank(column)
        self._missing("service", blank, msg("input.files.service-name"), True)
        self._refuse_controls("service", column)
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
    ) -> tuple[TextArray, Mask]:
        """Trimmed text; '' where blank."""
        if field not in self.table.column_names:
            return np.full(self.table.num_rows, "", dtype=np.str_), all_false(self.table.num_rows)
        column = self._strings(field)
        blank = self._blank(column)
        expected = (
            msg("input.files.some-text")
            if allowed is None
            else msg("input.files.one-of", values=", ".join(allowed))
        )
        self._missing(field, blank, expected, required)
        self._refuse_controls(field, column)
        values = np.asarray(pc.fill_null(column, "").to_pylist(), dtype=np.str_)
        if allowed is not None:
            self._reportmask_of(field, ~blank & ~np.isin(values, allowed), expected)
        return values, ~blank

    def _refuse_controls(self, field: str, column: pa.ChunkedArray[Any]) -> None:
        """Report values holding a control character (NUL among them): no database
        stores them the same way, PostgreSQL not at all."""
        bad = mask_of(pc.match_substring_regex(column, CONTROL_CHARACTERS))
        where = np.flatnonzero(bad)
        if not where.size:
            return
        self.valid &= ~bad
        found = column.take(where[:MAX_PROBLEMS]).to_pylist()
        self.report(
            self.rows[where],
            field,
            CONTROL_EXPECTED,
            [shown(str(v)) for v in found],
            total=where.size,
        )

    def matching(self, field: str, values: TextArray, pattern: str, expected: Text) -> None:
        """Report non-blank values that do not match ``pattern``."""
        matches = pc.match_substring_regex(pa.array(values.tolist(), pa.string()), pattern)
        self._reportmask_of(field, (values != "") & ~mask_of(matches), expected)

    def instants(self, field: str, *, required: bool = True) -> tuple[I64, Mask]:
        """Epoch seconds (floored); 0 where blank."""
        rows = self.table.num_rows
        if field not in self.table.column_names:
            return np.zeros(rows, dtype=np.int64), all_false(rows)
        column = self.table.column(field)
        if pa.types.is_timestamp(column.type):
            if column.type.tz is None:
                self._column_problem(
                    field, INSTANT_EXPECTED, msg("input.found.no-time-zone", type=str(column.type))
                )
                return np.zeros(rows, dtype=np.int64), all_false(rows)
            blank = mask_of(pc.is_null(column))
            self._missing(field, blank, INSTANT_EXPECTED, required)
            ticks = pc.fill_null(pc.cast(column, pa.int64()), 0).to_numpy()
            per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
            return np.floor_divide(ticks, per_second[column.type.unit]).astype(np.int64), ~blank
        if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
            self._column_problem(
                field, INSTANT_EXPECTED, msg("input.found.typed-column", type=str(column.type))
            )
            return np.zeros(rows, dtype=np.int64), all_false(rows)
        text = self._strings(field)
        blank = self._blank(text)
        self._missing(field, blank, INSTANT_EXPECTED, required)
        # the canonical shape in NumPy, the other cells through pandas as before
        epochs, claimed = parse_canonical_instants(text)
        rest = np.flatnonzero(~claimed)
        unparsed = np.zeros(rows, dtype=np.bool_)
        if rest.size:
            others = text.take(rest)
            has_offset = mask_of(pc.match_substring_regex(others, _OFFSET))
            series = others.to_pandas().where(has_offset)
            parsed = pd.to_datetime(series, format="ISO8601", utc=True, errors="coerce")
            missed = parsed.isna().to_numpy()
            seconds = parsed.to_numpy(dtype="datetime64[s]").astype(np.int64)
            unparsed[rest] = missed
            epochs[rest] = np.where(missed, 0, seconds)
        self._reportmask_of(field, ~blank & unparsed, INSTANT_EXPECTED)
        return epochs, ~blank & ~unparsed

    def integers(self, field: str, *, minimum: int) -> I64:
        """Whole numbers at least ``minimum``; every value required."""
        column = self.table.column(field)
        expected = msg("input.files.whole-number-at-least", minimum=minimum)
        if pa.types.is_integer(column.type):
            bad = mask_of(pc.is_null(column))
            values = pc.fill_null(column, minimum).to_numpy().astype(np.int64)
        elif pa.types.is_floating(column.type):
            raw = pc.fill_null(column, np.nan).to_numpy()
            bad = ~np.isfinite(raw) | (raw != np.floor(raw)) | (np.abs(raw) >= 2**62)
            values = np.where(bad, minimum, raw).astype(np.int64)
        elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            text = self._strings(field)
            bad = ~mask_of(pc.match_substring_regex(text, _INTEGER))
            values = pc.cast(pc.if_else(pa.array(bad), "0", text), pa.int64()).to_numpy()
        else:
            self._column_problem(
                field, expected, msg("input.found.typed-column", type=str(column.type))
            )
            return np.zeros(self.table.num_rows, dtype=np.int64)
        bad |= values < minimum
        self._reportmask_of(field, bad, expected)
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
        self._reportmask_of(field, bad, msg("input.files.number-or-nothing"))
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
            return all_false(rows), all_false(rows)
        column = self.table.column(field)
        yes, no = words
        expected = msg(
            "input.files.yes-or-no", yes=yes[0], no=no[0], others=", ".join(yes[1:] + no[1:])
        )
        if pa.types.is_boolean(column.type):
            blank = mask_of(pc.is_null(column))
            value = mask_of(pc.fill_null(column, False))
        else:
            text = pc.utf8_lower(self._strings(field))
            blank = self._blank(text)
            value = mask_of(pc.is_in(text, value_set=pa.array(yes)))
            unknown = ~blank & ~value & ~mask_of(pc.is_in(text, value_set=pa.array(no)))
            self._reportmask_of(field, unknown, expected)
        self._missing(field, blank, expected, required)
        return value & ~blank, ~blank

    def ordered(self, field: str, start: I64, end: I64) -> None:
        """Report rows whose ``end`` comes before their ``start``."""
        backwards = np.flatnonzero((end < start) & self.valid)
        self.report(
            self.rows[backwards],
            field,
            msg("input.files.end-after-start"),
            [
                msg("input.found.before-start", end=iso(int(end[i])), start=iso(int(start[i])))
                for i in backwards[:MAX_PROBLEMS]
            ],
            total=backwards.size,
        )

    def after(self, field: str, start_field: str, start: I64, end: I64) -> None:
        """Report rows whose ``end`` is not after their ``start`` (a window of no length
        or a negative one), quoting both instants as the file gives them."""
        backwards = np.flatnonzero((end <= start) & self.valid)
        shown_start = self._as_given(start_field, backwards)
        template = "after {field} {start}"
        self.report(
            self.rows[backwards],
            field,
            msg("input.files.after", field=start_field, start=""),
            [describe(v) for v in self._as_given(field, backwards)],
            total=backwards.size,
            template=template,
            arguments=[(("field", start_field), ("start", text)) for text in shown_start],
        )

    def _as_given(self, field: str, where: NDArray[np.intp]) -> list[str]:
        """The values of ``field`` at ``where`` (the first MAX_PROBLEMS) as written."""
        values = self.table.column(field).take(where[:MAX_PROBLEMS]).to_pylist()
        return [v.isoformat() if isinstance(v, datetime) else str(v).strip() for v in values]

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
        problems.append(
            Problem(source, "", msg("input.files.header-line"), msg("input.found.empty-file"))
        )
        return [], []
    names = [name.strip() for name in header]
    for name in sorted({n for n in names if names.count(n) > 1 or not n}):
        problems.append(
            Problem(source, name, msg("input.files.column-once"), describe(name), line=1)
        )
    records: _Records = []
    line = reader.line_num + 1
    limit = MAX_ROWS.value()
    for record in reader:
        if record and any(value.strip() for value in record):  # blank lines are not rows
            row = len(records) + 1
            if row > limit:
                raise InputError([MAX_ROWS.problem(source, more_than(limit, "rows"), limit)])
            if len(record) == len(names):
                values = {n: (v if v.strip() else None) for n, v in zip(names, record, strict=True)}
                records.append((row, line, values))
            else:
                problems.append(
                    Problem(
                        source,
                        "",
                        msg("input.files.fields-as-header", n=len(names)),
                        msg("input.found.fields", n=len(record)),
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
    limit = MAX_ROWS.value()
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        row = len(records) + 1
        if row > limit:
            raise InputError([MAX_ROWS.problem(source, more_than(limit, "rows"), limit)])
        try:
            record = json.loads(text)
        except json.JSONDecodeError:
            record = None
        if not isinstance(record, dict):
            problems.append(
                Problem(
                    source,
                    "",
                    msg("input.files.json-object-line"),
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
                        msg("input.files.json-scalar"),
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


def _check_footer(source: str) -> None:
    """The rows and decoded bytes the Parquet footer declares, checked before any data
    is read (a few hundred KB of constant columns can declare millions of rows)."""
    with pq.ParquetFile(source) as parquet:
        meta = parquet.metadata
        groups = [meta.row_group(i) for i in range(meta.num_row_groups)]
        rows = max(meta.num_rows, sum(group.num_rows for group in groups))
        MAX_ROWS.check(source, rows, what=msg("input.found.parquet-declared"))
        decoded = sum(_decoded_bytes(group) for group in groups)
        what = msg("input.found.parquet-decoded")
        MAX_EXPANDED_BYTES.check(source, decoded, what=what)


#: bytes per value in memory of each Parquet physical type (strings: their offset)
_WIDTH = {"BOOLEAN": 1, "INT32": 4, "FLOAT": 4, "INT64": 8, "DOUBLE": 8, "INT96": 12}


def _decoded_bytes(group: Any) -> int:
    """A lower bound of a row group's size once decoded: a dictionary- or run-length
    encoded column is small on disk, never in memory."""
    total = 0
    for index in range(group.num_columns):
        column = group.column(index)
        width = _WIDTH.get(column.physical_type, 4)
        total += max(column.total_uncompressed_size, column.num_values * width)
    return int(total)


# ---------------------------------------------------------------------- helpers
def _filled(expected: Text, arguments: tuple[tuple[str, str], ...]) -> Text:
    """``expected`` with one row's ``arguments``: a message's parameters, a text's fields."""
    if isinstance(expected, Message):
        return Message(expected.id, {**expected.params, **dict(arguments)})
    return expected.format(**dict(arguments))


def mask_of(values: Any) -> Mask:
    array = pc.fill_null(values, False)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.bool_)


def all_false(rows: int) -> Mask:
    return np.zeros(rows, dtype=np.bool_)


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()
