"""``sla calendar add|between --input`` on whole columns: the same output bytes and the
same refusals as the row-table batch it replaced (tests/e2e/calendar_batch_reference.py),
Parquet in and out, and a progress bar only where it is asked for."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaledger.adapters.cli.main import main
from slaledger.adapters.files import text_table
from slaledger.adapters.files.problems import InputError
from tests.conftest import EXAMPLE_CALENDARS
from tests.e2e.calendar_batch_reference import reference_batch

BUSINESS = f"{EXAMPLE_CALENDARS}#previsoft-business"
BAD_INPUT = 2


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def reference(calendars, monkeypatch):
    """The old batch: its error text, or None and the bytes it wrote."""

    def answer(source, target, kind: str) -> tuple[str | None, bytes | None]:
        with monkeypatch.context() as patch:
            patch.setattr(text_table, "_csv", text_table._csv_pandas)
            try:
                reference_batch(calendars["previsoft-business"], str(source), str(target), kind)
            except InputError as exc:
                return "\n".join(f"error: {p}" for p in exc.problems), None
        return None, target.read_bytes()

    return answer


def _compare(capsys, reference, tmp_path, kind: str, content: bytes) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    expected_error, expected_bytes = reference(source, tmp_path / "old.csv", kind)
    target = tmp_path / "new.csv"
    target.unlink(missing_ok=True)
    code, out, err = run(
        capsys, "calendar", kind, BUSINESS, "--input", str(source), "--output", str(target)
    )
    if expected_error is None:
        assert (code, out, err) == (0, "", "")
        assert target.read_bytes() == expected_bytes
    else:
        assert code == BAD_INPUT
        assert err.strip() == expected_error
        assert not target.exists()


GOOD = "2024-03-15T16:00:00+01:00"
BAD_FILES = {
    "bad timestamp": b"from,hours\n" + GOOD.encode() + b",4\n15/03/2024 16:00,4\n",
    "naive": b"from,hours\n2024-03-15T16:00:00,4\n",
    "not a number": b"from,hours\n" + GOOD.encode() + b",four\n",
    "too many hours": b"from,hours\n" + GOOD.encode() + b",1e20\n",
    "nan hours": b"from,hours\n" + GOOD.encode() + b",nan\n",
    "short row": b"from,hours\n" + GOOD.encode() + b",4\n" + GOOD.encode() + b"\n",
    "long row": b"from,hours\n" + GOOD.encode() + b",4,5\n",
    "blank lines": b"from,to\n\n\n" + GOOD.encode() + b",x\n",
    "line of commas": b"from,hours\n,\n" + GOOD.encode() + b",4\n,\nnope,4\n",
    "whitespace line": b"from,hours\n" + GOOD.encode() + b",4\n   \n",
    "missing column": b"from,until\n" + GOOD.encode() + b"," + GOOD.encode() + b"\n",
    "control character": b"ticket,from,hours\nA\x07,2024-03-15T16:00:00+01:00,4\n",
    "quoted bad value": b'ticket,from,hours\n"A, B",' + GOOD.encode() + b',"x"\n',
    "byte order mark": b"\xef\xbb\xbffrom,hours\n" + GOOD.encode() + b",x\n",
    "windows lines": b"from,hours\r\n" + GOOD.encode() + b",4\r\n\r\nnope,4\r\n",
    "lone carriage return": b"from,hours\r" + GOOD.encode() + b",4\rnope,4\r",
    "fractional days": b"from,days\n" + GOOD.encode() + b",2.5\n",
    "empty file": b"",
    "not utf-8": b"from,hours\n\xff\xfe,4\n",
    "duplicate column": b"from,hours,hours\n" + GOOD.encode() + b",4,x\n",
    "padded instant": b"from,hours\n " + GOOD.encode() + b" ,4\nlater,4\n",
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_with_the_message_the_old_batch_gave(
    capsys, reference, tmp_path, content
):
    _compare(capsys, reference, tmp_path, "add", content)


GOOD_FILES = {
    "hours": b"ticket,from,hours\nA,2024-03-15T16:00:00+01:00,4\nB,2024-03-16T01:45:00Z,0.5\n"
    b"C,2024-10-25T16:00:00-04:00,-1.5\n",
    "days": b"from,days\n2024-05-07T17:00:00+02:00,3\n2024-12-24T10:00:00+01:00,-2\n",
    "quoted notes": b'ticket,note,from,hours\nA,"a, b",2024-03-15T16:00:00+01:00,4\n'
    b'B,"say ""hi""",2024-03-15 16:00:00+01:00,2\n',
    "header only": b"from,hours\n",
    "no final newline": b"from,hours\n2024-03-15T16:00:00.5+01:00,4",
}


@pytest.mark.parametrize("content", GOOD_FILES.values(), ids=GOOD_FILES.keys())
def test_a_good_file_gives_the_bytes_the_old_batch_wrote(capsys, reference, tmp_path, content):
    _compare(capsys, reference, tmp_path, "add", content)


_cells = st.one_of(
    st.sampled_from(
        [
            "2024-03-15T16:00:00+01:00",
            "2024-07-01T08:30:00Z",
            "2024-03-31T02:30:00+01:00",
            "2024-10-27T02:30:00+02:00",
            "2024-02-30T10:00:00Z",
            "2024-03-15 16:00:00+01:00",
            "2024-03-15T16:00:00",
            "",
            " ",
            "x",
        ]
    ),
    st.datetimes(
        min_value=__import__("datetime").datetime(2020, 1, 1),
        max_value=__import__("datetime").datetime(2027, 1, 1),
        timezones=st.sampled_from(
            [__import__("zoneinfo").ZoneInfo(z) for z in ("UTC", "Europe/Paris", "Asia/Tokyo")]
        ),
    ).map(lambda d: d.replace(microsecond=0).isoformat()),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["add", "between"]),
    rows=st.lists(
        st.tuples(_cells, _cells, st.sampled_from(["4", "0.25", "-3", "x", "", "1e9"])),
        max_size=8,
    ),
    blank=st.booleans(),
)
def test_any_small_file_gives_what_the_old_batch_gave(
    capsys, reference, tmp_path, kind, rows, blank
):
    header = "from,to" if kind == "between" else "from,hours"
    lines = [header] + [f"{a},{b if kind == 'between' else h}" for a, b, h in rows]
    if blank and lines[1:]:
        lines.insert(2, "")
    _compare(capsys, reference, tmp_path, kind, ("\n".join(lines) + "\n").encode())


# ------------------------------------------------------------------------ Parquet
def test_a_parquet_input_with_zoned_timestamps_gives_a_parquet_of_zoned_deadlines(capsys, tmp_path):
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    starts = pa.array([1710514800, 1715094000], type=pa.timestamp("s", tz="UTC"))
    pq.write_table(pa.table({"ticket": ["A", "B"], "from": starts, "hours": [4.0, 2.5]}), source)
    code, out, err = run(
        capsys, "calendar", "add", BUSINESS, "--input", str(source), "--output", str(target)
    )
    assert (code, out, err) == (0, "", "")
    table = pq.read_table(target)
    assert table.column_names == ["ticket", "from", "hours", "deadline"]
    assert table.schema.field("deadline").type.tz == "Europe/Paris"
    assert [d.isoformat() for d in table.column("deadline").to_pylist()] == [
        "2024-03-18T11:00:00+01:00",  # Friday 16:00 + 4 h: 2 h Friday, 2 h Monday
        "2024-05-10T10:30:00+02:00",  # Tuesday 17:00 + 2.5 h; 8 and 9 May are holidays
    ]


def test_a_csv_batch_written_as_parquet_and_read_back_as_csv_keeps_its_answers(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("from,to\n2024-03-15T16:00:00+01:00,2024-03-18T11:00:00+01:00\n")
    parquet, back = tmp_path / "out.data", tmp_path / "back.csv"
    args = ("calendar", "between", BUSINESS, "--input", str(source))
    assert run(capsys, *args, "--output", str(parquet), "--format", "parquet")[0] == 0
    assert pq.read_table(parquet).to_pylist() == [
        {"from": "2024-03-15T16:00:00+01:00", "to": "2024-03-18T11:00:00+01:00", "seconds": 14400}
    ]
    parquet.rename(tmp_path / "out.parquet")
    args = ("calendar", "between", BUSINESS, "--input", str(tmp_path / "out.parquet"))
    assert run(capsys, *args, "--output", str(back))[0] == 0
    assert back.read_text().splitlines() == [  # the answer replaces a column of its name
        "from,to,seconds",
        "2024-03-15T16:00:00+01:00,2024-03-18T11:00:00+01:00,14400",
    ]


@pytest.mark.parametrize(
    ("columns", "fragment"),
    [
        (
            {"from": pa.array([1710514800], type=pa.timestamp("s")), "hours": [4.0]},
            "in.parquet: from: expected an ISO 8601 instant with its UTC offset, e.g. "
            "2024-03-15T16:00:00+01:00, found timestamp[ms] without a time zone",  # Parquet: ms
        ),
        (
            {"from": ["2024-03-15T16:00:00+01:00", "2024-03-15T16:00:00"], "hours": [4, 2]},
            "in.parquet row 2: from: expected an ISO 8601 instant",
        ),
        (
            {"from": ["2024-03-15T16:00:00+01:00", "2024-03-15T17:00:00+01:00"],
             "hours": pa.array([1.0, None])},
            "in.parquet row 2: hours: expected a number, found nothing",
        ),
        (
            {"from": ["2024-03-15T16:00:00+01:00"], "hours": [1e12]},
            "in.parquet row 1: hours: expected a decimal number of hours",
        ),
        (
            {"from": ["2024-03-15T16:00:00+01:00"], "until": [4]},
            "in.parquet: hours: expected columns from,hours, found columns from,until",
        ),
    ],
    ids=["naive-timestamps", "naive-text", "null-hours", "too-many-hours", "missing-column"],
)  # fmt: skip
def test_a_bad_parquet_input_is_refused_by_row_and_field(capsys, tmp_path, columns, fragment):
    source, target = tmp_path / "in.parquet", tmp_path / "out.csv"
    pq.write_table(pa.table(columns), source)
    code, out, err = run(
        capsys, "calendar", "add", BUSINESS, "--input", str(source), "--output", str(target)
    )
    assert (code, out) == (BAD_INPUT, "")
    assert err.startswith(f"error: {tmp_path / fragment}")
    assert not target.exists()


def test_a_file_that_is_not_parquet_is_refused_as_one(capsys, tmp_path):
    source = tmp_path / "in.parquet"
    source.write_text("from,hours\n")
    code, _, err = run(
        capsys, "calendar", "add", BUSINESS, "--input", str(source), "--output", "x.csv"
    )
    assert code == BAD_INPUT
    assert err.startswith(f"error: {source}: expected a Parquet file, found")


# ------------------------------------------------------------------------ progress
def test_the_progress_bar_is_drawn_on_stderr_only_when_forced(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("from,hours\n2024-03-15T16:00:00+01:00,4\n")
    quiet, forced = tmp_path / "quiet.csv", tmp_path / "forced.csv"
    args = ("calendar", "add", BUSINESS, "--input", str(source), "--output")
    assert run(capsys, *args, str(quiet)) == (0, "", "")  # stderr is no terminal here
    code, out, err = run(capsys, *args, str(forced), "--progress")
    assert (code, out) == (0, "")
    assert "writing" in err
    assert "100%" in err
    assert forced.read_bytes() == quiet.read_bytes()
    assert run(capsys, *args, str(quiet), "--no-progress") == (0, "", "")


def test_a_parquet_input_of_large_strings_and_whole_hours_is_read(capsys, tmp_path):
    source, target = tmp_path / "in.parquet", tmp_path / "out.csv"
    starts = pa.array(["2024-03-15T16:00:00+01:00"], type=pa.large_string())
    pq.write_table(pa.table({"from": starts, "hours": pa.array([4], type=pa.int32())}), source)
    code, _, err = run(
        capsys, "calendar", "add", BUSINESS, "--input", str(source), "--output", str(target)
    )
    assert (code, err) == (0, "")
    assert target.read_text().splitlines() == [
        "from,hours,deadline",
        "2024-03-15T16:00:00+01:00,4,2024-03-18T11:00:00+01:00",
    ]
