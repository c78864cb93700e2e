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
Ints = NDArray[np.integer[Any]]
#: an Arrow array or chunked array (the stubs type their kernels loosely)
Arrow = Any


def as_text(column: Arrow) -> Arrow:
    """One Arrow string array, nulls as ""."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    return pc.fill_null(array, "") if array.null_count else array


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
    everyone = bool(candidate.all())
    where = np.arange(n) if everyone else np.flatnonzero(candidate)
    starts = offsets[:-1] if everyone else offsets[:-1][where]
    if int(starts.max()) + 25 > data.size:
        data = np.concatenate((data, np.zeros(25, dtype=np.uint8)))
    # each candidate's 25 bytes (a window view, then one gather), read as fields
    rows = np.lib.stride_tricks.sliding_window_view(data, 25)[starts]
    cell = rows.view(_LAYOUT).reshape(where.size)
    pairs = {name: _PAIR_VALUE[cell[name]] for name in _PAIR_FIELDS}
    either = pairs["century"].copy()
    for name in _BODY_PAIRS[1:]:
        either |= pairs[name]  # -1 (not two digits) sets the sign bit
    ok = either >= 0
    for name, mark in _BODY_MARKS.items():
        ok &= cell[name] == mark
    year = pairs["century"] * 100 + pairs["year"]
    month, day = pairs["month"], pairs["day"]
    hour, minute, second = pairs["hour"], pairs["minute"], pairs["second"]
    ok &= (year >= 1678) & (year <= 2261) & (month >= 1) & (month <= 12) & (day >= 1)
    ok &= day <= _days_in_month(year, np.clip(month, 1, 12))
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59)
    short = length[where] == 20
    marker = cell["sign"]
    off_hour, off_minute = pairs["offset_hour"], pairs["offset_minute"]
    with_offset = (
        ~short
        & ((marker == 43) | (marker == 45))
        & (cell["offset_colon"] == 58)
        & (off_hour >= 0)
        & (off_hour <= 14)
        & (off_minute >= 0)
        & (off_minute <= 59)
    )
    ok &= (short & (marker == 90)) | with_offset
    sign = np.where(marker == 45, -1, 1)
    offset = np.where(with_offset, sign * (off_hour * 3600 + off_minute * 60), 0).astype(np.int32)
    local = _days_from_civil(year, month, day).astype(np.int64) * 86_400
    local += hour * 3600 + minute * 60 + second
    if everyone:
        local -= offset
        local[~ok] = 0
        return local, ok
    claimed = np.zeros(n, dtype=np.bool_)
    claimed[where[ok]] = True
    epochs[where[ok]] = (local - offset)[ok]
    return epochs, claimed


#: YYYY-MM-DDTHH:MM:SS±HH:MM as fields: two-digit pairs (little-endian uint16) and marks
_FIELDS = [
    ("century", "<u2", 0),
    ("year", "<u2", 2),
    ("dash1", "u1", 4),
    ("month", "<u2", 5),
    ("dash2", "u1", 7),
    ("day", "<u2", 8),
    ("t", "u1", 10),
    ("hour", "<u2", 11),
    ("colon1", "u1", 13),
    ("minute", "<u2", 14),
    ("colon2", "u1", 16),
    ("second", "<u2", 17),
    ("sign", "u1", 19),
    ("offset_hour", "<u2", 20),
    ("offset_colon", "u1", 22),
    ("offset_minute", "<u2", 23),
]
_LAYOUT = np.dtype(
    {
        "names": [f[0] for f in _FIELDS],
        "formats": [f[1] for f in _FIELDS],
        "offsets": [f[2] for f in _FIELDS],
        "itemsize": 25,
    }
)
_PAIR_FIELDS = [f[0] for f in _FIELDS if f[1] == "<u2"]
_BODY_PAIRS = ["century", "year", "month", "day", "hour", "minute", "second"]
_BODY_MARKS = {"dash1": 45, "dash2": 45, "t": 84, "colon1": 58, "colon2": 58}
#: the ASCII text of 00-99 as a little-endian uint16, and back (-1: not two digits)
_PAIR_TEXT = np.asarray([(48 + i // 10) | ((48 + i % 10) << 8) for i in range(100)], dtype="<u2")
_PAIR_VALUE = np.full(65536, -1, dtype=np.int32)
_PAIR_VALUE[_PAIR_TEXT] = np.arange(100, dtype=np.int32)


def _days_in_month(year: Ints, month: Ints) -> Ints:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    table = np.asarray([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)
    result: Ints = table[month] + ((month == 2) & leap)
    return result


def _days_from_civil(year: Ints, month: Ints, day: Ints) -> Ints:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    result: Ints = era * 146_097 + doe - 719_468
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
    out = np.empty(n, dtype=_LAYOUT)
    out["century"] = _PAIR_TEXT[year // 100]
    out["year"] = _PAIR_TEXT[year % 100]
    out["month"] = _PAIR_TEXT[month]
    out["day"] = _PAIR_TEXT[day]
    out["hour"] = _PAIR_TEXT[seconds // 3600]
    out["minute"] = _PAIR_TEXT[seconds // 60 % 60]
    out["second"] = _PAIR_TEXT[seconds % 60]
    for name, mark in _BODY_MARKS.items():
        out[name] = mark
    out["sign"] = np.where(offsets >= 0, 43, 45)
    size = np.abs(offsets)
    out["offset_hour"] = _PAIR_TEXT[size // 3600]
    out["offset_colon"] = 58
    out["offset_minute"] = _PAIR_TEXT[size // 60 % 60]
    positions = np.arange(0, 25 * (n + 1), 25, dtype=np.int32)
    return pa.StringArray.from_buffers(n, _buffer(positions), _buffer(out.view(np.uint8)))


def _buffer(values: NDArray[Any]) -> Any:
    wrap: Any = pa.py_buffer
    return wrap(values)


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
