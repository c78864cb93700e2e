"""Tables of text read from CSV or JSON lines, every cell a string, every row located.

Blank lines are skipped but counted, so each row keeps the line it came from; the
required columns are checked once. Errors are InputErrors naming the file and line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.compute as _arrow_compute
from numpy.typing import NDArray

from slaledger.adapters.files.arrow_csv import column_may_hold_controls, read_plain_csv
from slaledger.adapters.files.limits import (
    CONTROL_CHARACTERS,
    CONTROL_EXPECTED,
    MAX_ROWS,
    shown,
)
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.domain.message import Text, msg

#: pyarrow.compute's stubs type its kernels loosely
arrow_compute: Any = _arrow_compute

CSV_SUFFIXES = (".csv",)
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True)
class TextTable:
    """Rows of strings (missing cells are ""), and the file line of each row."""

    source: str
    frame: pd.DataFrame
    lines: NDArray[np.int64]

    def problem(self, index: int, field: str, expected: Text, found: Text) -> Problem:
        """A problem located at row ``index`` (0-based) of the table."""
        return Problem(
            file=self.source,
            field=field,
            row=index + 1,
            line=int(self.lines[index]),
            expected=expected,
            found=found,
        )


def read_text_table(
    path: str | Path, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> TextTable:
    """Read a .csv or .jsonl file; missing optional columns are added, empty."""
    file = Path(path)
    source = str(path)
    suffix = file.suffix.lower()
    try:
        if suffix in CSV_SUFFIXES:
            frame, lines = _csv(file, source)
        elif suffix in JSON_SUFFIXES:
            frame, lines = _json_lines(file, source)
        else:
            raise InputError(
                [
                    Problem(
                        file=source,
                        field="",
                        expected=msg("input.files.csv-or-jsonl"),
                        found=msg("input.found.suffix-file", suffix=suffix),
                    )
                ]
            )
    except FileNotFoundError:
        raise InputError(
            [
                Problem(
                    file=source,
                    field="",
                    expected=msg("input.files.existing-file"),
                    found=msg("input.found.no-such-file"),
                )
            ]
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(
            [
                Problem(
                    file=source,
                    field="",
                    expected=msg("input.files.csv-with-header"),
                    found=str(exc).strip(),
                )
            ]
        ) from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        line = 1 if suffix in CSV_SUFFIXES else None
        header = list(map(str, frame.columns))
        raise InputError([missing_columns_problem(source, missing, required, header, line)])
    MAX_ROWS.check(source, len(frame))
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    table = TextTable(source, frame, lines)
    _refuse_controls(table)
    return table


def missing_columns_problem(
    source: str, missing: list[str], required: tuple[str, ...], header: list[str], line: int | None
) -> Problem:
    """The refusal of a file whose header lacks required columns."""
    return Problem(
        file=source,
        field=", ".join(missing),
        line=line,
        expected=msg("input.found.columns", names=",".join(required)),
        found=(
            msg("input.found.columns", names=",".join(header))
            if header
            else msg("input.found.columns-none")
        ),
    )


def refuse_control_cells(
    source: str, columns: dict[str, Any], lines: NDArray[np.int64] | None
) -> None:
    """``_refuse_controls`` for Arrow string columns (``lines``: None for Parquet)."""
    problems = []
    for name, column in columns.items():
        if not column_may_hold_controls(column):
            continue
        found = arrow_compute.match_substring_regex(column, CONTROL_CHARACTERS)
        bad = np.flatnonzero(found.fill_null(False).to_numpy(zero_copy_only=False))[:20]
        for index in bad.tolist():
            problems.append(
                Problem(
                    file=source,
                    field=name,
                    row=index + 1,
                    line=None if lines is None else int(lines[index]),
                    expected=CONTROL_EXPECTED,
                    found=shown(str(column[index].as_py())),
                )
            )
    if problems:
        raise InputError(problems)


def _refuse_controls(table: TextTable) -> None:
    """Cells holding a control character (NUL among them), named by row and column."""
    problems = []
    for name in table.frame.columns:
        column = table.frame[name].astype(str)
        for index in np.flatnonzero(column.str.contains(CONTROL_CHARACTERS, regex=True))[:20]:
            text = str(column.iloc[index])
            problems.append(table.problem(int(index), str(name), CONTROL_EXPECTED, shown(text)))
    if problems:
        raise InputError(problems)


def _csv(file: Path, source: str) -> tuple[pd.DataFrame, NDArray[np.int64]]:
    """A plain file through pyarrow, any other (quotes, ragged rows...) through pandas."""
    try:
        plain = read_plain_csv(file)
    except OSError:
        plain = None  # pandas raises it again, as the caller expects
    if plain is None:
        return _csv_pandas(file, source)
    table, lines = plain.without_empty_rows()
    frame = pd.DataFrame(
        {name: table.column(name).to_numpy(zero_copy_only=False) for name in plain.header},
        dtype=object,
    )
    return frame, lines


def _csv_pandas(file: Path, source: str) -> tuple[pd.DataFrame, NDArray[np.int64]]:
    # blank lines are read (as empty rows) so that every row keeps its line number
    frame = pd.read_csv(file, dtype=str, keep_default_na=False, skip_blank_lines=False)
    filled = (frame != "").any(axis=1).to_numpy() if len(frame.columns) else np.zeros(0, bool)
    lines = (np.arange(len(frame), dtype=np.int64) + 2)[filled]
    return frame[filled].reset_index(drop=True), lines


def _json_lines(file: Path, source: str) -> tuple[pd.DataFrame, NDArray[np.int64]]:
    rows = []
    lines = []
    with file.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    [
                        Problem(
                            file=source,
                            field="",
                            line=number,
                            expected=msg("input.files.json-object-per-line"),
                            found=exc.msg,
                        )
                    ]
                ) from None
            if not isinstance(record, dict):
                raise InputError(
                    [
                        Problem(
                            file=source,
                            field="",
                            line=number,
                            expected=msg("input.files.json-object-per-line"),
                            found=describe(record),
                        )
                    ]
                )
            rows.append({k: "" if v is None else str(v) for k, v in record.items()})
            lines.append(number)
    frame = pd.DataFrame(rows, dtype=str).fillna("")
    return frame, np.asarray(lines, dtype=np.int64)
