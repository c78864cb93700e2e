"""Plain CSV through pyarrow gives the tables, lines and refusals the row-wise readers
(pandas for text tables, the csv module for observation sheets) give, and the writer
writes the bytes pandas' ``to_csv`` writes."""

from __future__ import annotations

import dataclasses
import io
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaledger.adapters.files import events, text_table
from slaledger.adapters.files.arrow_csv import read_plain_csv, write_csv
from slaledger.adapters.files.instants import parse_instant_column_pandas
from slaledger.adapters.files.observations import read_counts, read_outages
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.sheet import Sheet

FIXTURE = [HealthCheck.function_scoped_fixture]

_cell = st.sampled_from(
    ["a", "web", " x ", "", " ", "1", "2024-03-01T10:00:00+01:00", "é", "a\tb", "\u00a0", '"q"']
)


@st.composite
def _csv_bytes(draw, header=None):
    header = header or draw(
        st.lists(
            st.sampled_from(
                ["a", "b", "c", " a", "from", '"a"', '"from"', '"b,c"', '"x""y"', 'z"', '"u" ']
            ),
            min_size=1,
            max_size=3,
        )
    )
    rows = draw(
        st.lists(
            st.lists(_cell, min_size=len(header) - 1, max_size=len(header) + 1),
            max_size=6,
        )
    )
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [",".join(header)] + [",".join(row) for row in rows]
    if draw(st.booleans()) and len(lines) > 1:
        lines.insert(draw(st.integers(1, len(lines))), "")
    text = ending.join(lines) + (ending if draw(st.booleans()) else "")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


def _table_outcome(read, path):
    try:
        frame, lines = read(path, str(path))
    except Exception as exc:  # the reader's own exception, compared by type and text
        return type(exc).__name__, str(exc)
    return frame.to_dict("list"), list(frame.columns), lines.tolist()


@settings(max_examples=300, suppress_health_check=FIXTURE)
@given(content=_csv_bytes())
def test_a_text_table_reads_as_pandas_reads_it(tmp_path, content):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    assert _table_outcome(text_table._csv, path) == _table_outcome(text_table._csv_pandas, path)


def test_plain_files_take_the_fast_path_and_quoted_ones_do_not(tmp_path):
    plain, quoted = tmp_path / "plain.csv", tmp_path / "quoted.csv"
    plain.write_bytes(b"a,b\n1,2\n\n3,4\n")
    quoted.write_bytes(b'a,b\n"1",2\n')
    found = read_plain_csv(plain)
    assert found is not None
    assert found.table.to_pydict() == {"a": ["1", "3"], "b": ["2", "4"]}
    assert found.lines.tolist() == [2, 4]
    assert read_plain_csv(quoted) is None


def test_a_quoted_header_keeps_the_fast_path_and_names_its_cells_as_csv_reads_them(tmp_path):
    path = tmp_path / "header.csv"
    path.write_bytes(b'"ticket","from, to","say ""hi"""\nINC-1,2024-01-01T00:00:00Z,3\n')
    found = read_plain_csv(path)
    assert found is not None
    assert found.header == ["ticket", "from, to", 'say "hi"']
    assert found.table.to_pydict() == {
        "ticket": ["INC-1"],
        "from, to": ["2024-01-01T00:00:00Z"],
        'say "hi"': ["3"],
    }
    assert found.lines.tolist() == [2]


@pytest.mark.parametrize("header", [b'"a\nb",c', b'x"a",b', b'"a"x,b', b'"a'])
def test_a_header_whose_quotes_could_be_read_two_ways_leaves_the_fast_path(tmp_path, header):
    path = tmp_path / "header.csv"
    path.write_bytes(header + b"\n1,2\n")
    assert read_plain_csv(path) is None


# ---------------------------------------------------------------------- writing
_text = st.text(alphabet=st.sampled_from(list('ab ,"\r\n\té')), max_size=6)


@settings(max_examples=300)
@given(
    st.integers(1, 4).flatmap(
        lambda width: st.lists(st.lists(_text, min_size=width, max_size=width), max_size=6).map(
            lambda rows: (width, rows)
        )
    ),
    st.lists(st.sampled_from(["x", "y,z", 'q"', "w"]), min_size=4, max_size=4, unique=True),
)
def test_the_writer_writes_what_pandas_to_csv_writes(shape, names):
    width, rows = shape
    names = names[:width]
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    expected = io.StringIO()
    frame.to_csv(expected, index=False)
    columns = {n: pa.array(frame[n].tolist(), type=pa.string()) for n in names}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.csv"
        write_csv(columns, path)
        assert path.read_bytes().decode("utf-8") == expected.getvalue()


def test_an_int_column_and_a_large_table_are_written_like_pandas(tmp_path):
    rows = 300_000  # more than one slice of the writer
    frame = pd.DataFrame(
        {"id": [f"T{i}" for i in range(rows)], "seconds": np.arange(rows) - 7}, dtype=object
    )
    path = tmp_path / "out.csv"
    write_csv({"id": pa.array(frame["id"]), "seconds": pa.array(np.arange(rows) - 7)}, path)
    expected = io.StringIO()
    frame.to_csv(expected, index=False)
    assert path.read_text(encoding="utf-8") == expected.getvalue()


# ---------------------------------------------------------------- observation sheets
COUNTS = ["service", "interval_start", "interval_seconds", "total", "server_errors"]
_count_cells = {
    "service": st.sampled_from(["web", "api", "", " web "]),
    "interval_start": st.sampled_from(
        [
            "2024-03-01T10:00:00+01:00",
            "2024-03-01T10:01:00+01:00",
            "2024-03-01T09:00:00Z",
            "2024-03-01 10:02:00+01:00",
            "2024-03-01T10:00:00",
            "",
            "soon",
        ]
    ),
    "interval_seconds": st.sampled_from(["60", "0", "x", "", "30"]),
    "total": st.sampled_from(["10", "0", "-1", "5"]),
    "server_errors": st.sampled_from(["0", "2", "20", ""]),
}


def _sheet_outcome(read, path):
    try:
        table = read(path)
    except InputError as exc:
        return "error", [str(p) for p in exc.problems]
    return "ok", {
        f.name: (v.tolist() if isinstance(v, np.ndarray) else v)
        for f in dataclasses.fields(table)
        for v in [getattr(table, f.name)]
        if f.name != "origin"
    }


@settings(max_examples=150, suppress_health_check=FIXTURE)
@given(
    rows=st.lists(st.fixed_dictionaries(_count_cells), max_size=6),
    blank=st.booleans(),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_a_counts_file_reads_and_is_refused_as_the_csv_module_reads_it(
    tmp_path, monkeypatch, rows, blank, ending
):
    lines = [",".join(COUNTS)] + [",".join(row[c] for c in COUNTS) for row in rows]
    if blank and len(lines) > 1:
        lines.insert(2, " , ,,,")
    path = tmp_path / "counts.csv"
    path.write_text(ending.join(lines) + ending, encoding="utf-8", newline="")
    fast = _sheet_outcome(read_counts, path)
    with monkeypatch.context() as patch:
        patch.setattr(Sheet, "_plain_csv", classmethod(lambda cls, source: None))
        slow = _sheet_outcome(read_counts, path)
    assert fast == slow


@pytest.mark.parametrize(
    "content",
    [
        "service,start,end,category\nweb,2024-03-01T10:00:00+01:00,2024-03-01T09:00:00+01:00,"
        "unplanned\n",
        " service ,start,end,category\nweb,2024-03-01T10:00:00Z,2024-03-01T11:00:00Z,oops\n",
        "service,start,end,category,service\nweb,a,b,c,d\n",
        "service,start,end,category\nweb,2024-03-01T10:00:00Z\n",
        "service,start,end,category\nw\x00b,2024-03-01T10:00:00Z,2024-03-01T11:00:00Z,unplanned\n",
    ],
    ids=["backwards", "padded-header", "twice-named", "short-row", "nul"],
)
def test_an_outages_file_is_refused_as_the_csv_module_reads_it(tmp_path, monkeypatch, content):
    path = tmp_path / "outages.csv"
    path.write_text(content, encoding="utf-8")
    fast = _sheet_outcome(read_outages, path)
    with monkeypatch.context() as patch:
        patch.setattr(Sheet, "_plain_csv", classmethod(lambda cls, source: None))
        slow = _sheet_outcome(read_outages, path)
    assert fast == slow
    assert fast[0] == "error"


# ---------------------------------------------------------------------- events files
EVENTS = "incident,at,event,value\n"


@pytest.mark.parametrize(
    "body",
    [
        "INC-1,2024-03-15T16:00:00+01:00,notified,\nINC-1,2024-03-15T16:30:00Z,classified,P2\n",
        "INC-1,2024-03-15T16:00:00+01:00,notified,\n\nINC-1,2024-03-15 16:30,classified,P2\n",
        "INC-1,yesterday,notified,\nINC-2,2024-03-15T16:00:00,notified,\n",
        'INC-1,"2024-03-15T16:00:00+01:00",notified,"a, b"\nINC-1,x,restored,\n',
    ],
    ids=["good", "naive-after-blank", "two-bad", "quoted"],
)
def test_an_events_file_reads_and_is_refused_as_pandas_alone_reads_it(tmp_path, monkeypatch, body):
    path = tmp_path / "events.csv"
    path.write_text(EVENTS + body, encoding="utf-8")

    def outcome():
        try:
            table = events.read_events(path)
        except InputError as exc:
            return [str(p) for p in exc.problems]
        log = table.log
        return log.names, log.at.tolist(), log.kind.tolist(), log.row.tolist()

    fast = outcome()
    with monkeypatch.context() as patch:
        patch.setattr(text_table, "_csv", text_table._csv_pandas)
        patch.setattr(events, "parse_instant_column", parse_instant_column_pandas)
        assert outcome() == fast
