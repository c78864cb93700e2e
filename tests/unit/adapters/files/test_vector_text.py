"""Instants and numbers parsed and formatted on whole arrays give what the general
(pandas) parsers and the NumPy formatter give, errors included."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slaledger.adapters.files.instants import (
    parse_instant_column,
    parse_instant_column_pandas,
    parse_number_column,
    parse_number_column_pandas,
)
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.vector_text import (
    format_instants,
    format_instants_text,
    parse_canonical_instants,
)
from slaledger.domain.calendar.zone import ZoneTable

# ------------------------------------------------------------------ instant strategies
_offsets = st.one_of(
    st.just("Z"),
    st.builds(
        lambda sign, h, m: f"{sign}{h:02d}:{m:02d}",
        st.sampled_from("+-"),
        st.integers(0, 16),
        st.sampled_from([0, 30, 45, 59, 60, 75]),
    ),
)
_canonical = st.builds(
    lambda y, mo, d, h, mi, s, off: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{off}",
    st.one_of(st.integers(1600, 2300), st.sampled_from([1678, 1900, 2000, 2100, 2261, 2262])),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 24),
    st.integers(0, 60),
    st.integers(0, 60),
    _offsets,
)


def _variant(text: str, how: str) -> str:
    return {
        "as is": text,
        "space": text.replace("T", " "),
        "lower z": text.replace("Z", "z"),
        "padded": f" {text} ",
        "fraction": text[:19] + ".250" + text[19:],
        "compact offset": text[:22] + text[23:] if len(text) == 25 else text,
        "naive": text[:19],
        "minutes only": text[:16] + text[19:],
        "cut": text[:-1],
    }[how]


_instants = st.one_of(
    _canonical,
    st.builds(
        _variant,
        _canonical,
        st.sampled_from(
            [
                "space",
                "lower z",
                "padded",
                "fraction",
                "compact offset",
                "naive",
                "minutes only",
                "cut",
            ]
        ),
    ),
    st.sampled_from(["", "yesterday", "15/03/2024 16:00", "2024-03-15", "2024-03-15T16:00:00+01"]),
)


@settings(max_examples=400)
@given(st.lists(_instants, min_size=1, max_size=30))
def test_a_claimed_instant_is_the_instant_pandas_reads(cells):
    epochs, claimed = parse_canonical_instants(pa.array(cells, type=pa.string()))
    for text, epoch in zip(np.asarray(cells)[claimed], epochs[claimed], strict=True):
        expected = parse_instant_column_pandas(pd.Series([text]), source="f", field="at")
        assert int(epoch) == int(expected[0]), text


def test_the_canonical_shapes_are_claimed_and_the_others_left():
    cells = [
        "2024-03-15T16:00:00+01:00",
        "2024-03-31T01:30:00Z",
        "2024-02-29T23:59:59-09:30",
        "2023-02-29T10:00:00Z",  # no such day: left to pandas, which refuses it
        "2024-03-15 16:00:00+01:00",
        "2024-03-15T16:00:00",
    ]
    epochs, claimed = parse_canonical_instants(pa.array(cells))
    assert claimed.tolist() == [True, True, True, False, False, False]
    assert epochs[:3].tolist() == [int(datetime.fromisoformat(c).timestamp()) for c in cells[:3]]


def _outcome(parse, values):
    try:
        return "ok", parse(values, source="in.csv", field="at", lines=None).tolist()
    except InputError as exc:
        return "error", str(exc)


@settings(max_examples=300)
@given(st.lists(_instants, max_size=25))
def test_the_instant_column_reads_and_refuses_as_pandas_alone_does(cells):
    series = pd.Series(cells, dtype=object)
    assert _outcome(parse_instant_column, series) == _outcome(parse_instant_column_pandas, series)
    arrow = pa.array(cells, type=pa.string())
    assert _outcome(parse_instant_column, arrow) == _outcome(parse_instant_column_pandas, series)


def test_a_bad_instant_after_good_ones_is_named_by_its_own_row_and_line():
    cells = pd.Series(["2024-03-15T16:00:00Z", "2024-03-15 16:00:00+01:00", "x", "y"])
    lines = np.asarray([2, 4, 7, 9], dtype=np.int64)
    with pytest.raises(InputError) as caught:
        parse_instant_column(cells, source="in.csv", field="from", lines=lines)
    assert str(caught.value).startswith("in.csv:7 row 3: from: expected an ISO 8601 instant")
    assert str(caught.value).endswith("found 'x'")


# --------------------------------------------------------------------------- numbers
_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(places=3, min_value=-(10**7), max_value=10**7, allow_nan=False).map(str),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["", " 4", "4 ", "+4", ".5", "5.", "1e5", "four", "1,5", "inf", "nan", "0x10"]),
)


@settings(max_examples=300)
@given(st.lists(_numbers, max_size=25))
def test_the_number_column_reads_and_refuses_as_pandas_alone_does(cells):
    series = pd.Series(cells, dtype=object)

    def outcome(parse, values):
        try:
            return "ok", parse(values, source="in.csv", field="hours").tolist()
        except InputError as exc:
            return "error", str(exc)

    expected = outcome(parse_number_column_pandas, series)
    assert outcome(parse_number_column, series) == expected
    assert outcome(parse_number_column, pa.array(cells, type=pa.string())) == expected


# ------------------------------------------------------------------------ formatting
ZONES = [
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "America/St_Johns",  # -03:30 / -02:30
    "Asia/Kolkata",
    "Pacific/Kiritimati",  # +14:00
    "UTC",
]
_TABLES = {zone: ZoneTable(zone, 1890, 2100) for zone in ZONES}


@st.composite
def _zoned_instants(draw):
    zone = draw(st.sampled_from(ZONES))
    table = _TABLES[zone]
    near_change = st.builds(
        lambda at, delta: at + delta,
        st.sampled_from(table.transitions[1:].tolist() or [0]),
        st.integers(-7200, 7200),  # DST gaps and overlaps on either side of a change
    )
    anywhere = st.integers(-2_200_000_000, 4_100_000_000)
    epochs = draw(st.lists(st.one_of(near_change, anywhere), min_size=1, max_size=40))
    return zone, np.asarray(epochs, dtype=np.int64)


@settings(max_examples=300)
@given(_zoned_instants())
def test_the_array_formatter_writes_what_the_numpy_formatter_and_python_write(case):
    zone, epochs = case
    offsets = _TABLES[zone].offset_at(epochs)
    text = format_instants_text(epochs, offsets).to_pylist()
    assert text == format_instants(epochs, offsets).tolist()
    assert text == [
        datetime.fromtimestamp(int(e), UTC).astimezone(ZoneInfo(zone)).isoformat() for e in epochs
    ]


def test_the_formatter_names_each_side_of_the_paris_spring_gap_and_autumn_overlap():
    paris = ZoneTable("Europe/Paris", 2024, 2024)
    spring = int(datetime(2024, 3, 31, 1, 0, tzinfo=UTC).timestamp())
    autumn = int(datetime(2024, 10, 27, 1, 0, tzinfo=UTC).timestamp())
    epochs = np.asarray([spring - 1, spring, autumn - 1, autumn], dtype=np.int64)
    assert format_instants_text(epochs, paris.offset_at(epochs)).to_pylist() == [
        "2024-03-31T01:59:59+01:00",
        "2024-03-31T03:00:00+02:00",
        "2024-10-27T02:59:59+02:00",
        "2024-10-27T02:00:00+01:00",
    ]


def test_an_offset_with_seconds_is_written_as_the_numpy_formatter_writes_it():
    epochs = np.asarray([-2_500_000_000, 0], dtype=np.int64)
    offsets = np.asarray([561, 3600], dtype=np.int64)  # Paris mean time, +00:09:21
    assert format_instants_text(epochs, offsets).to_pylist() == [
        "1890-10-11T19:42:41+00:09:21",
        "1970-01-01T01:00:00+01:00",
    ]
