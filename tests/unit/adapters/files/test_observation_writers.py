"""The observation writers write what the readers read back, row for row, in every format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slaledger.adapters.files.observation_writers import (
    write_counts,
    write_outages,
    write_samples,
)
from slaledger.adapters.files.observations import read_counts, read_outages, read_samples
from slaledger.domain.observations import CountTable, Origin, OutageTable, SampleTable

T0 = 1_709_251_200  # 2024-03-01T00:00:00Z
FORMATS = [".csv", ".jsonl", ".ndjson", ".parquet"]


def counts() -> CountTable:
    return CountTable(
        Origin("prometheus", kind="prometheus", unit="step"),
        ("web, eu",),
        np.zeros(3, dtype=np.int64),
        np.array([T0, T0 + 60, T0 + 180]),
        np.full(3, 60),
        np.array([5, 0, 7]),
        np.array([0, 0, 7]),
        np.array([1, 2, 4]),
    )


def samples() -> SampleTable:
    return SampleTable(
        Origin("kuma"),
        ("web",),
        np.zeros(3, dtype=np.int64),
        np.array([T0, T0 + 60, T0 + 90]),
        np.array([True, False, True]),
        np.array([41.5, np.nan, 7.0]),
        np.array([1, 2, 3]),
    )


def outages() -> OutageTable:
    return OutageTable(
        Origin("robot"),
        ("web",),
        np.zeros(2, dtype=np.int64),
        np.array([T0, T0 + 900]),
        np.array([T0 + 600, T0 + 960]),
        np.array(["unplanned", "third-party"], dtype=object),
        np.array([0, T0 + 930]),
        np.array([False, True]),
        np.array(["", "INC-7"], dtype=object),
        np.array(['a "quoted", note', "é\nsecond line"], dtype=object),
        np.array([1, 2]),
    )


@pytest.mark.parametrize("suffix", FORMATS)
def test_counts_read_back_as_written(tmp_path: Path, suffix: str) -> None:
    table = counts()
    back = read_counts(write_counts(table, tmp_path / f"counts{suffix}"))
    assert back.services == table.services  # a name with a comma and a space
    for name in ("interval_start", "interval_seconds", "total", "server_errors"):
        assert getattr(back, name).tolist() == getattr(table, name).tolist(), name


@pytest.mark.parametrize("suffix", FORMATS)
def test_samples_read_back_as_written(tmp_path: Path, suffix: str) -> None:
    table = samples()
    back = read_samples(write_samples(table, tmp_path / f"samples{suffix}"))
    assert back.at.tolist() == table.at.tolist()
    assert back.up.tolist() == table.up.tolist()
    assert np.array_equal(back.latency_ms, table.latency_ms, equal_nan=True)  # blank: NaN


@pytest.mark.parametrize("suffix", FORMATS)
def test_outages_read_back_as_written(tmp_path: Path, suffix: str) -> None:
    table = outages()
    back = read_outages(write_outages(table, tmp_path / f"outages{suffix}"))
    for name in ("start", "end", "reported", "category", "reference", "note"):
        assert getattr(back, name).tolist() == getattr(table, name).tolist(), name
    assert back.reported_at[1] == T0 + 930


def test_a_csv_is_quoted_only_where_a_value_needs_it(tmp_path: Path) -> None:
    path = write_samples(samples(), tmp_path / "samples.csv")
    assert path.read_text(encoding="utf-8").splitlines() == [
        "service,at,up,latency_ms",
        "web,2024-03-01T00:00:00Z,up,41.5",
        "web,2024-03-01T00:01:00Z,down,",
        "web,2024-03-01T00:01:30Z,up,7",
    ]


def test_an_empty_table_is_a_file_with_its_header(tmp_path: Path) -> None:
    empty = CountTable(Origin("x"), (), *(np.zeros(0, dtype=np.int64) for _ in range(6)))
    path = write_counts(empty, tmp_path / "counts.csv")
    assert path.read_text(encoding="utf-8").strip() == (
        "service,interval_start,interval_seconds,total,server_errors"
    )
    assert len(read_counts(path)) == 0


def test_an_unknown_extension_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"a file name ending in \.csv, \.jsonl"):
        write_counts(counts(), tmp_path / "counts.xlsx")
    assert list(tmp_path.iterdir()) == []
