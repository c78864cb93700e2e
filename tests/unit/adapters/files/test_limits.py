"""Bounded inputs: a file is refused by what it expands to, not only by its size on the
wire, and before the expansion happens; stored text holds no control character.

Every hostile file is built here, small; each refusal names the file, the limit and the
environment variable that raises it."""

from __future__ import annotations

import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from slaledger.adapters.files import sheet
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.limits import MAX_ROWS, control_character
from slaledger.adapters.files.observations import read_counts, read_outages
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.yaml_source import load_yaml, load_yaml_text
from slaledger.adapters.i18n import english

OUTAGE = "saas,2024-03-05T10:00:00+01:00,2024-03-05T10:10:00+01:00,unplanned"


def _only_problem(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    assert len(excinfo.value.problems) == 1, excinfo.value.problems
    return str(excinfo.value.problems[0])


def _constant_counts(path, *, rows: int, groups: int = 1) -> None:
    """``rows`` identical count rows per row group: Parquet stores them in a few KB."""
    table = pa.table(
        {
            "service": pa.array(["saas"] * rows),
            "interval_start": pa.array(["2024-03-01T00:00:00Z"] * rows),
            "interval_seconds": pa.array([60] * rows, pa.int64()),
            "total": pa.array([1] * rows, pa.int64()),
            "server_errors": pa.array([0] * rows, pa.int64()),
        }
    )
    with pq.ParquetWriter(path, table.schema) as writer:
        for _ in range(groups):
            writer.write_table(table)


# ------------------------------------------------------------------ Parquet
def test_a_parquet_file_declaring_too_many_rows_is_refused_before_its_data_is_read(
    tmp_path, monkeypatch
) -> None:
    """The issue's 214 KB file of 10 M constant rows: here 2.5 M (25 row groups of
    100,000), over the default limit of 2 M, in a file of a few hundred KB."""
    path = tmp_path / "counts.parquet"
    _constant_counts(path, rows=100_000, groups=25)
    assert path.stat().st_size < 1_000_000

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the data was read before the footer was checked")

    monkeypatch.setattr(sheet.pq, "read_table", no_reading)
    with pytest.raises(InputError) as excinfo:
        read_counts(path)
    message = _only_problem(excinfo)
    assert str(path) in message
    assert "at most 2,000,000 rows" in message
    assert "SLALEDGER_MAX_ROWS" in message
    assert "2,500,000 rows (declared by the Parquet footer)" in message


def test_the_row_limit_is_raised_by_its_environment_variable(tmp_path, monkeypatch) -> None:
    path = tmp_path / "counts.parquet"
    _constant_counts(path, rows=11)
    monkeypatch.setenv("SLALEDGER_MAX_ROWS", "10")
    with pytest.raises(InputError) as excinfo:
        read_counts(path)
    assert "at most 10 rows" in _only_problem(excinfo)
    monkeypatch.setenv("SLALEDGER_MAX_ROWS", "11")
    # past the limit, the file is read (and refused for its overlapping intervals)
    with pytest.raises(InputError) as excinfo:
        read_counts(path)
    assert all(p.field == "interval_start" for p in excinfo.value.problems)


def test_a_parquet_file_declaring_too_many_decoded_bytes_is_refused(tmp_path, monkeypatch) -> None:
    path = tmp_path / "counts.parquet"
    _constant_counts(path, rows=1_000)
    monkeypatch.setenv("SLALEDGER_MAX_EXPANDED_BYTES", "1000")
    with pytest.raises(InputError) as excinfo:
        read_counts(path)
    message = _only_problem(excinfo)
    assert "SLALEDGER_MAX_EXPANDED_BYTES" in message
    assert "32,000 bytes" in message


def test_a_limit_that_is_not_a_number_is_named(monkeypatch) -> None:
    monkeypatch.setenv("SLALEDGER_MAX_ROWS", "many")
    with pytest.raises(InputError) as excinfo:
        MAX_ROWS.value()
    assert "SLALEDGER_MAX_ROWS" in _only_problem(excinfo)


# ---------------------------------------------------------- CSV, JSON lines
@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_a_text_file_with_too_many_rows_is_refused_while_reading(
    tmp_path, monkeypatch, suffix: str
) -> None:
    path = tmp_path / f"outages.{suffix}"
    fields = OUTAGE.split(",")
    if suffix == "csv":
        path.write_text("service,start,end,category\n" + (OUTAGE + "\n") * 6)
    else:
        record = dict(zip(("service", "start", "end", "category"), fields, strict=True))
        path.write_text((str(record).replace("'", '"') + "\n") * 6)
    monkeypatch.setenv("SLALEDGER_MAX_ROWS", "5")
    with pytest.raises(InputError) as excinfo:
        read_outages(path)
    message = _only_problem(excinfo)
    assert str(path) in message
    assert "more than 5 rows" in message
    assert "SLALEDGER_MAX_ROWS" in message


def test_a_csv_field_over_the_csv_module_limit_is_an_input_error(tmp_path) -> None:
    path = tmp_path / "outages.csv"
    path.write_text("service,start,end,category,note\n" + OUTAGE + "," + "x" * 200_000 + "\n")
    with pytest.raises(InputError) as excinfo:
        read_outages(path)
    assert "field larger than field limit" in _only_problem(excinfo)


def test_an_events_file_with_too_many_rows_is_refused(tmp_path, monkeypatch) -> None:
    path = tmp_path / "events.csv"
    path.write_text("incident,at,event,value\n" + "INC-1,2024-03-05T10:00:00+01:00,notified,\n" * 4)
    monkeypatch.setenv("SLALEDGER_MAX_ROWS", "3")
    with pytest.raises(InputError) as excinfo:
        read_events(path)
    assert "at most 3 rows" in _only_problem(excinfo)


# ------------------------------------------------------------ control text
@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("note", OUTAGE + ",,UP-1,before\x00after"),  # NUL in a note
        ("reference", OUTAGE + ",,UP\x1b[31m,"),  # an escape sequence
        ("service", OUTAGE.replace("saas", "sa\x00as") + ",,UP-1,"),  # NUL in a name
    ],
)
def test_a_control_character_in_a_csv_text_field_names_its_row_and_field(
    tmp_path, field: str, line: str
) -> None:
    path = tmp_path / "outages.csv"
    header = "service,start,end,category,reported_at,reference,note\n"
    path.write_text(header + OUTAGE + ",,UP-0,fine\tand\ttabbed\n" + line + "\n")
    with pytest.raises(InputError) as excinfo:
        read_outages(path)
    [problem] = excinfo.value.problems
    assert (problem.file, problem.row, problem.field) == (str(path), 2, field)
    assert "control characters" in english(problem.expected)
    assert "\x00" not in str(problem)
    assert "\x1b" not in str(problem)


def test_a_nul_in_a_json_lines_note_is_refused(tmp_path) -> None:
    path = tmp_path / "outages.jsonl"
    path.write_text(
        '{"service": "saas", "start": "2024-03-05T10:00:00Z", "end": "2024-03-05T10:10:00Z",'
        ' "category": "unplanned", "note": "a\\u0000b"}\n'
    )
    with pytest.raises(InputError) as excinfo:
        read_outages(path)
    [problem] = excinfo.value.problems
    assert (problem.row, problem.field) == (1, "note")
    assert "U+0000" in english(problem.found) or "\\x00" in english(problem.found)


def test_a_control_character_in_an_events_value_is_refused(tmp_path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("incident,at,event,value\nINC-1,2024-03-05T10:00:00+01:00,notified,P\x071\n")
    with pytest.raises(InputError) as excinfo:
        read_events(path)
    [problem] = excinfo.value.problems
    assert (problem.row, problem.line, problem.field) == (1, 2, "value")


def test_tabs_and_line_breaks_are_text_not_control_characters() -> None:
    assert control_character("two\tcolumns\r\nand lines") is None
    assert control_character("bell\x07") == "U+0007 at character 5 of 'bell\\x07'"


# -------------------------------------------------------------------- YAML
def _alias_bomb(width: int, depth: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
    for level in range(1, depth + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_without_expanding_it() -> None:
    """The issue's 316-byte contract, aliases ten wide and six deep (a million nodes),
    took 11.6 s and 892 MB; nine deep (a billion) is refused as fast."""
    for depth in (6, 9):
        text = _alias_bomb(10, depth)
        assert len(text) < 1100
        began = time.perf_counter()
        with pytest.raises(InputError) as excinfo:
            load_yaml_text(text, "bomb.yaml")
        assert time.perf_counter() - began < 1.0
        message = _only_problem(excinfo)
        assert message.startswith("bomb.yaml:")
        assert "at most 100,000 YAML nodes" in message
        assert "SLALEDGER_MAX_YAML_NODES" in message
        assert "aliases are expanded" in message


def test_aliases_within_the_node_limit_still_load(monkeypatch) -> None:
    doc = load_yaml_text(_alias_bomb(3, 2), "small.yaml")
    assert doc.data["a2"] == [[["x"] * 3] * 3] * 3
    monkeypatch.setenv("SLALEDGER_MAX_YAML_NODES", "20")
    with pytest.raises(InputError):
        load_yaml_text(_alias_bomb(3, 2), "small.yaml")


def test_a_deeply_nested_yaml_is_refused_not_a_recursion_error() -> None:
    """900 levels answered 500 (RecursionError)."""
    with pytest.raises(InputError) as excinfo:
        load_yaml_text("a: " + "[" * 900 + "]" * 900 + "\n", "deep.yaml")
    message = _only_problem(excinfo)
    assert "deep.yaml:1:" in message
    assert "at most 64 levels of nesting" in message
    assert "SLALEDGER_MAX_YAML_DEPTH" in message


def test_aliases_that_nest_past_the_depth_limit_are_refused() -> None:
    """Each anchor 40 levels deep holding the previous one: 120 levels once expanded,
    though no line of the text is nested more than 41 deep."""
    lines = []
    for level in range(3):
        inner = f"*n{level - 1}" if level else "x"
        lines.append(f"n{level}: &n{level} " + "[" * 40 + inner + "]" * 40)
    with pytest.raises(InputError) as excinfo:
        load_yaml_text("\n".join(lines) + "\n", "nested.yaml")
    assert "levels of nesting (once its aliases are expanded)" in _only_problem(excinfo)


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    with pytest.raises(InputError) as excinfo:
        load_yaml_text("a: &loop [1, *loop]\n", "loop.yaml")
    assert "an alias inside its own anchor" in _only_problem(excinfo)


def test_a_yaml_text_over_the_document_limit_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLALEDGER_MAX_DOCUMENT_BYTES", "100")
    text = "a: [" + ", ".join(["é"] * 40) + "]\n"  # 84 characters, 124 bytes
    with pytest.raises(InputError) as excinfo:
        load_yaml_text(text, "big.yaml")
    [problem] = excinfo.value.problems
    assert problem.file == "big.yaml"
    assert "at most 100 bytes (the limit SLALEDGER_MAX_DOCUMENT_BYTES" in english(problem.expected)
    assert english(problem.found) == f"{len(text.encode()):,} bytes"
    monkeypatch.setenv("SLALEDGER_MAX_DOCUMENT_BYTES", "200")
    assert len(load_yaml_text(text, "big.yaml").data["a"]) == 40


def test_a_yaml_file_over_the_limit_is_refused_by_its_size_and_a_folder_is_named(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n" * 50)
    monkeypatch.setenv("SLALEDGER_MAX_DOCUMENT_BYTES", "200")
    with pytest.raises(InputError, match="found 250 bytes"):
        load_yaml(path)
    with pytest.raises(InputError) as excinfo:
        load_yaml(tmp_path)  # was an IsADirectoryError
    assert english(excinfo.value.problems[0].expected) == "a readable file"
