"""Instants and numbers as text, parsed and formatted on whole NumPy arrays.

``parse_canonical_instants`` claims only the cells written ``YYYY-MM-DDTHH:MM:SS`` then
``Z`` or ``±HH:MM`` with a real date, and leaves every other cell to the general parser
of ``instants.py``; ``format_instants_text`` builds ISO 8601 text digit by digit and falls
back to ``format_instants`` (NumPy's datetime_as_string) for offsets with seconds or
years outside 0-9999. ``parse_plain_numbers`` answers only when every cell is a finite
number Arrow reads.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as arrow_compute
from numpy.typing import NDArray

#: pyarrow.compute's kernels are generated at import time and their stubs are loose.
pc: Any = arrow_compute

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]
#: an Arrow array or chunked array (the stubs type their kernels loosely)
Arrow = Any


def as_text(column: Arrow) -> Arrow:
    """One Arrow string array, nulls as ""."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    return pc.fill_null(array, "")


# ----------------------------------------------------------------- instants in
def parse_canonical_instants(cells: Arrow) -> tuple[I64, Mask]:
    """Epoch seconds of the cells written exactly ``YYYY-MM-DDTHH:MM:SS`` then ``Z`` or
    ``±HH:MM`` (offset at most 14:59), a real date of 1678-2261; and which cells those
    are. Other cells (0 in the result) are for the caller's general parser."""
    array = as_text(cells)
    n = len(array)
    epochs = np.zeros(n, dtype=np.int64)
    if not n:
        return epochs, np.zeros(0, dtype=np.bool_)
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + n + 1]
    values: Any = array.buffers()[2]
    data = np.frombuffer(values, dtype=np.uint8) if values is not None else None
    length = np.diff(offsets)
    candidate = (length == 20) | (length == 25)
    if data is None or not candidate.any():
        return epochs, np.zeros(n, dtype=np.bool_)
    where = np.flatnonzero(candidate)
    starts = offsets[:-1][where]
    if int(starts.max()) + 25 > data.size:
        data = np.concatenate((data, np.zeros(25, dtype=np.uint8)))
    # each candidate's 25 bytes, gathered as rows of one matrix (a window view, no copy)
    digits = np.lib.stride_tricks.sliding_window_view(data, 25)[starts] - np.uint8(48)
    ok = np.all(digits[:, _BODY_DIGITS] <= 9, axis=1)
    ok &= np.all(digits[:, _BODY_MARKS] == _BODY_EXPECTED, axis=1)

    def number(first: int, width: int) -> I64:
        value = digits[:, first].astype(np.int64)
        for position in range(first + 1, first + width):
            value = value * 10 + digits[:, position]
        return value

    year, month, day = number(0, 4), number(5, 2), number(8, 2)
    hour, minute, second = number(11, 2), number(14, 2), number(17, 2)
    ok &= (year >= 1678) & (year <= 2261) & (month >= 1) & (month <= 12) & (day >= 1)
    ok &= day <= _days_in_month(year, np.clip(month, 1, 12))
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59)
    short = length[where] == 20
    marker = digits[:, 19]
    off_hour, off_minute = number(20, 2), number(23, 2)
    with_offset = (
        ~short
        & ((marker == _PLUS) | (marker == _MINUS))
        & np.all(digits[:, _OFFSET_DIGITS] <= 9, axis=1)
        & (digits[:, 22] == _COLON)
        & (off_hour <= 14)
        & (off_minute <= 59)
    )
    ok &= (short & (marker == _ZULU)) | with_offset
    sign = np.where(marker == _MINUS, -1, 1)
    offset = np.where(with_offset, sign * (off_hour * 3600 + off_minute * 60), 0)
    local = _days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    claimed = np.zeros(n, dtype=np.bool_)
    claimed[where[ok]] = True
    epochs[where[ok]] = (local - offset)[ok]
    return epochs, claimed


#: positions in YYYY-MM-DDTHH:MM:SS±HH:MM, and the marks' bytes less ord("0") (mod 256)
_BODY_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
_OFFSET_DIGITS = [20, 21, 23, 24]
_BODY_MARKS = [4, 7, 10, 13, 16]
_PLUS, _MINUS, _COLON, _ZULU = (np.uint8((ord(c) - 48) % 256) for c in "+-:Z")
_BODY_EXPECTED = np.asarray([(ord(c) - 48) % 256 for c in "--T::"], dtype=np.uint8)


def _days_in_month(year: I64, month: I64) -> I64:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    table = np.asarray([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
    result: I64 = table[month] + ((month == 2) & leap)
    return result


def _days_from_civil(year: I64, month: I64, day: I64) -> I64:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    result: I64 = era * 146_097 + doe - 719_468
    return result


def _civil_from_days(days: I64) -> tuple[I64, I64, I64]:
    z = days + 719_468
    era = np.floor_divide(z, 146_097)
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


# ---------------------------------------------------------------- instants out
def format_instants_text(epoch: I64, offsets: I64) -> Arrow:
    """``format_instants`` as an Arrow string array, built digit by digit in NumPy:
    2024-03-18T08:15:00+01:00 (the offset in force at each instant, as given)."""
    n = epoch.size
    local = epoch + offsets
    days = np.floor_divide(local, 86_400)
    seconds = local - days * 86_400
    year, month, day = _civil_from_days(days)
    if n * 25 >= 2**31 or (
        n
        and (
            bool((offsets % 60 != 0).any())
            or bool((np.abs(offsets) >= 100 * 3600).any())
            or int(year.min()) < 0
            or int(year.max()) > 9999
        )
    ):
        return pa.array(format_instants(epoch, offsets).tolist(), type=pa.string())
    out = np.empty((n, 25), dtype=np.uint8)
    out[:, 0:2] = _PAIRS[year // 100]
    out[:, 2:4] = _PAIRS[year % 100]
    out[:, 5:7] = _PAIRS[month]
    out[:, 8:10] = _PAIRS[day]
    out[:, 11:13] = _PAIRS[seconds // 3600]
    out[:, 14:16] = _PAIRS[seconds // 60 % 60]
    out[:, 17:19] = _PAIRS[seconds % 60]
    out[:, [4, 7]] = 45
    out[:, 10] = 84
    out[:, [13, 16, 22]] = 58
    out[:, 19] = np.where(offsets >= 0, 43, 45)
    size = np.abs(offsets)
    out[:, 20:22] = _PAIRS[size // 3600]
    out[:, 23:25] = _PAIRS[size // 60 % 60]
    positions = np.arange(0, 25 * (n + 1), 25, dtype=np.int32)
    return pa.StringArray.from_buffers(n, _buffer(positions), _buffer(out))


def _buffer(values: NDArray[Any]) -> Any:
    wrap: Any = pa.py_buffer
    return wrap(values)


#: the two ASCII digits of 0-99
_PAIRS = np.asarray([[48 + i // 10, 48 + i % 10] for i in range(100)], dtype=np.uint8)


# ------------------------------------------------------------------- numbers
def parse_plain_numbers(cells: Arrow) -> NDArray[np.float64] | None:
    """Every cell as a finite decimal number, or None when one is not (nor blank, nor
    infinite...) so that the caller's reader finds and names it."""
    try:
        values = pc.cast(as_text(cells), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    array = np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64)
    return array if bool(np.isfinite(array).all()) else None


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
