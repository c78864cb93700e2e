"""CSV at I/O speed: plain files read with pyarrow, tables written by joining Arrow
string columns.

``read_plain_csv`` is a fast path that only answers when it can vouch for giving what the
row-wise readers give: it returns None for a file with quotes in its rows, lone carriage returns or
rows of the wrong width, and the caller then reads the file as before (and so reports
exactly the same problems). ``write_csv`` writes what pandas' ``to_csv`` writes for
columns of strings (the same quoting, LF line ends).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as arrow_compute
import pyarrow.csv as arrow_csv
from numpy.typing import NDArray

from slaledger.adapters.files.vector_text import Arrow, as_text

#: pyarrow.compute's kernels are generated at import time and their stubs are loose.
pc: Any = arrow_compute

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]

_BOM = b"\xef\xbb\xbf"
#: what makes the csv module quote a value (with LF as line terminator, on 3.11)
_QUOTED = (b",", b'"', b"\n")
#: every byte but those that are or start a control character in UTF-8 (C0 but tab and
#: line breaks, DEL; C1 controls are C2 80-9F): what is left after deleting them tells
_NOT_CONTROL_BYTES = bytes(
    b for b in range(256) if b not in {*range(0, 9), 11, 12, *range(14, 32), 0x7F, 0xC2}
)
_NEWLINE, _RETURN, _QUOTE = 10, 13, 34


@dataclass(frozen=True)
class PlainCsv:
    """A CSV file without quotes in its rows: its header cells as read, every non-empty line
    after the header as a row of strings (columns named by the header), and the
    1-based line of each row in the file."""

    header: list[str]
    table: pa.Table
    lines: I64
    #: False when no byte of the file can belong to a control character (C0 but tab
    #: and line breaks, DEL, C1): the cells need no further check for them
    may_hold_controls: bool

    def without_empty_rows(self) -> tuple[pa.Table, I64]:
        """The rows with a non-empty cell, and their lines, as pandas' reader keeps
        them (a line of commas alone is no row)."""
        columns = self.table.columns
        if not columns or not self.table.num_rows:
            return self.table, self.lines
        filled: Any = pc.not_equal(columns[0], "")
        for column in columns[1:]:
            filled = pc.or_(filled, pc.not_equal(column, ""))
        mask = np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.bool_)
        if mask.all():
            return self.table, self.lines
        return self.table.filter(filled), self.lines[mask]


def read_plain_csv(path: str | Path) -> PlainCsv | None:
    """The file read by pyarrow, or None when the fast path cannot vouch for it.

    None for: a double quote after the header line (or one the header does not close), a
    carriage return not followed by a line
    feed (line numbers could differ), an empty first line, a header naming a column twice
    or not at all, a row whose width differs from the header's, invalid UTF-8. OSError
    (no such file...) is raised as ``open`` raises it.
    """
    data = Path(path).read_bytes()
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    # bytes.find and bytes.translate run at memory speed, NumPy only when needed
    if not data:
        return None
    first_end = data.find(b"\n")
    first_end = len(data) if first_end < 0 else first_end
    # quotes in the header alone are common (pyarrow's writer quotes the header even
    # with quoting_style="none"); in a row they could hide a line break
    if data.find(b'"', first_end) >= 0:
        return None
    header_text = data[:first_end].rstrip(b"\r")
    if not header_text:
        return None
    try:
        header = _header_cells(header_text.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    if header is None:
        return None
    if len(set(header)) != len(header) or any(not name for name in header):
        return None
    lines = _line_numbers(data)
    if lines is None:
        return None
    names = [f"c{i}" for i in range(len(header))]
    body = pa.py_buffer(data)[first_end + 1 :] if first_end < len(data) else pa.py_buffer(b"")
    try:
        reader: Any = pa.BufferReader(body)
        table = arrow_csv.read_csv(
            reader,
            read_options=arrow_csv.ReadOptions(column_names=names),
            parse_options=arrow_csv.ParseOptions(quote_char=False, ignore_empty_lines=True),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                check_utf8=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    if table.num_rows != lines.size:
        return None
    controls = may_hold_controls(data)
    return PlainCsv(header, table.rename_columns(header), lines, controls)


def may_hold_controls(data: bytes) -> bool:
    """Whether a byte of ``data`` is or starts a control character (at memory speed)."""
    return bool(data.translate(None, _NOT_CONTROL_BYTES))


def column_may_hold_controls(column: Arrow) -> bool:
    """False when every value of an Arrow string column is printable ASCII (no control
    character then); True when one may hold one (a tab, any non-ASCII text...)."""
    printable = pc.all(pc.ascii_is_printable(column)).as_py()  # nulls are skipped
    return printable is not True


def read_plain_records(path: str | Path, *, field_limit: int) -> tuple[pa.Table, I64] | None:
    """``read_plain_csv`` as the csv module's records: header names trimmed, a value of
    blanks missing (null), rows of blanks dropped (their lines still counted); and the
    line of each row kept. None also for a file that may hold a control character, a
    header naming a column twice once trimmed, or a value over ``field_limit`` bytes."""
    try:
        plain = read_plain_csv(path)
    except OSError:
        return None
    if plain is None or plain.may_hold_controls:
        return None
    names = [name.strip() for name in plain.header]
    if len(set(names)) != len(names) or not all(names):
        return None
    filled: Any = None
    columns = []
    for column in plain.table.columns:
        if column.num_chunks and pc.max(pc.binary_length(column)).as_py() > field_limit:
            return None
        blank = pc.equal(pc.utf8_trim_whitespace(column), "")
        columns.append(pc.if_else(blank, None, column))
        filled = pc.invert(blank) if filled is None else pc.or_(filled, pc.invert(blank))
    kept = pa.table(columns, names=names)
    if filled is None:
        return kept, plain.lines
    mask = np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.bool_)
    return kept.filter(filled), plain.lines[mask]


def _header_cells(line: str) -> list[str] | None:
    """The header's cells as the csv module and pandas read them, or None when its
    quotes do not close on the line (a quoted line break: line numbers could differ) or
    a cell mixes quoted and unquoted text (the readers could disagree)."""
    if '"' not in line:
        return line.split(",")
    if line.count('"') % 2:
        return None
    try:
        cells = next(csv.reader([line], strict=True))
    except csv.Error:
        return None
    # strict parsing refuses text after a closing quote; text before an opening one is
    # kept by the csv module as written but not by every reader: refuse it
    if any('"' in raw and not raw.startswith('"') for raw in _raw_cells(line)):
        return None
    return cells


def _raw_cells(line: str) -> list[str]:
    """The header line cut at the commas outside quotes."""
    cells, start, quoted = [], 0, False
    for at, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            cells.append(line[start:at])
            start = at + 1
    cells.append(line[start:])
    return cells


def _line_numbers(data: bytes) -> I64 | None:
    """The 1-based line of each non-empty line after the first; None when a carriage
    return ends a line on its own (the readers disagree on what that is)."""
    raw = np.frombuffer(data, dtype=np.uint8)
    if b"\r" in data:
        returns = np.flatnonzero(raw == _RETURN)
        if returns[-1] + 1 >= raw.size or bool((raw[returns + 1] != _NEWLINE).any()):
            return None
    return _non_empty_lines(raw, np.flatnonzero(raw == _NEWLINE))


def _non_empty_lines(raw: NDArray[np.uint8], ends: I64) -> I64:
    """1-based numbers of the non-empty lines after the first (a lone CR is empty)."""
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [raw.size]))
    length = stops - starts
    last = np.clip(stops - 1, 0, max(raw.size - 1, 0))
    cr_only = (length == 1) & (raw[last] == _RETURN) if raw.size else length < 0
    filled = (length > 0) & ~cr_only
    numbers = np.flatnonzero(filled).astype(np.int64) + 1
    result: I64 = numbers[numbers > 1]
    return result


# ---------------------------------------------------------------------- writing
def write_csv(
    columns: dict[str, Arrow],
    path: str | Path,
    *,
    on_rows: Callable[[int], object] = lambda rows: None,
) -> None:
    """Columns (strings, or anything Arrow casts to them) as a CSV file, as pandas'
    ``to_csv`` writes it with Python 3.11's csv module: lines ending in LF, a value
    holding a comma, a double quote or a line feed quoted (a carriage return is not);
    ``on_rows`` hears of each slice of rows written."""
    names = list(columns)
    header = ",".join(_quoted_text(name) for name in names) + "\n"
    rows = len(next(iter(columns.values()))) if columns else 0
    with open(path, "wb") as handle:
        handle.write(header.encode("utf-8"))
        if not rows:
            return
        step = 1 << 18  # a slice at a time keeps the joined text far under 2 GiB
        texts = [_text_column(columns[n]) for n in names]
        quoting = [_holds(text, _QUOTED) for text in texts]
        plain = (
            not any(quoting)
            and not any(_holds(text, (b"\r",)) for text in texts)  # pyarrow refuses it
            and header == ",".join(names) + "\n"
            and len(names) > 1
        )
        if plain:  # nothing to quote: pyarrow writes it as it is
            _write_unquoted(handle, texts, step, on_rows)
            return
        for begin in range(0, rows, step):
            cells = [
                _quoted(as_text(text.slice(begin, step)))
                if quote
                else as_text(text.slice(begin, step))
                for text, quote in zip(texts, quoting, strict=True)
            ]
            if len(cells) == 1:
                empty = pc.equal(cells[0], "")
                cells[0] = pc.if_else(empty, '""', cells[0])  # csv writes a lone '' as ""
            parts: list[Any] = []
            for cell in cells:
                parts += [cell, ","]
            parts[-1] = "\n"
            lines = pc.binary_join_element_wise(*parts, "")
            handle.write(_data_of(lines))
            on_rows(len(lines))


def _write_unquoted(
    handle: Any, texts: list[Arrow], step: int, on_rows: Callable[[int], object]
) -> None:
    table = pa.table(texts, names=[f"c{i}" for i in range(len(texts))])
    options = arrow_csv.WriteOptions(include_header=False, quoting_style="none")
    with arrow_csv.CSVWriter(handle, table.schema, write_options=options) as writer:
        for begin in range(0, table.num_rows, step):
            part = table.slice(begin, step)
            writer.write_table(part)
            on_rows(part.num_rows)


def _text_column(column: Arrow) -> Arrow:
    """A column as text, nulls as "", chunks kept as they are."""
    if not pa.types.is_string(column.type):
        column = pc.cast(column, pa.string())
    return pc.fill_null(column, "") if column.null_count else column


def _holds(column: Arrow, specials: tuple[bytes, ...]) -> bool:
    """Whether the column's values hold one of the ``specials`` bytes."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    for chunk in chunks:
        data: Any = chunk.buffers()[2]
        values = data.to_pybytes() if data is not None else b""
        if any(special in values for special in specials):
            return True
    return False


def _quoted(cells: Arrow) -> Arrow:
    needs = pc.match_substring_regex(cells, '[,"\n]')
    doubled = pc.replace_substring(cells, '"', '""')
    result: Arrow = pc.if_else(needs, pc.binary_join_element_wise('"', doubled, '"', ""), cells)
    return result


def _quoted_text(text: str) -> str:
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _data_of(lines: Arrow) -> memoryview:
    """The bytes of a string array's values, one after the other (no copy)."""
    array = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
    buffers: Any = array.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int32)
    first, last = int(offsets[array.offset]), int(offsets[array.offset + len(array)])
    return memoryview(buffers[2])[first:last]
