"""A round's results as probe samples, and the samples file each round is added to."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from slaledger.adapters.files.observations import read_samples
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.ingest.probe.checks import CheckResult
from slaledger.adapters.ingest.probe.config import Probes
from slaledger.adapters.ingest.probe.samples import (
    append_samples,
    probe_origin,
    round_table,
    select,
)

CHECKS = Probes.model_validate(
    {
        "checks": [
            {"id": f"c{i}", "service": service, "kind": "tcp", "host": "x.example", "port": 1}
            for i, service in enumerate(["web", "web", "db", "web"])
        ]
    }
).checks
AT = 1_709_251_200  # 2024-03-01T00:00:00Z


def _result(index: int, up: bool, latency: float = math.nan) -> CheckResult:
    return CheckResult(CHECKS[index], up, latency, "" if up else "connection refused")


def test_a_service_is_down_in_a_round_when_one_of_its_checks_is() -> None:
    results = [_result(0, True, 5.0), _result(1, False), _result(2, True, 2.0),
               _result(3, False, 9.0)]  # fmt: skip
    table = round_table(results, [1, 2, 3, 4], at=AT, origin=probe_origin("probes.yaml"))
    assert table.services == ("db", "web")
    assert table.service.tolist() == [0, 1]
    assert table.at.tolist() == [AT, AT]
    assert table.up.tolist() == [True, False]
    assert table.latency_ms.tolist() == [2.0, 9.0]  # the slowest answer; none is NaN
    assert table.row.tolist() == [3, 2]  # the first check down decides web's sample


def test_earlier_results_of_the_other_checks_keep_a_service_down() -> None:
    table = round_table(
        [_result(0, True, 5.0)], [1], at=AT, origin=probe_origin("p"),
        carried=[(_result(1, False, 7.0), 2), (_result(2, False), 3)],  # db is not in the round
    )  # fmt: skip
    assert table.services == ("web",)
    assert table.up.tolist() == [False]
    assert table.latency_ms.tolist() == [5.0]  # latency only from this round
    assert table.row.tolist() == [2]


def test_a_round_without_results_is_an_empty_table() -> None:
    table = round_table([], [], at=AT, origin=probe_origin("p"))
    assert (len(table), table.services) == (0, ())


def test_select_renumbers_the_services_left() -> None:
    table = round_table([_result(0, True), _result(2, False)], [1, 3], at=AT,
                        origin=probe_origin("p"))  # fmt: skip
    kept = select(table, np.asarray([False, True]))
    assert (kept.services, kept.service.tolist(), kept.up.tolist()) == (("web",), [0], [True])


@pytest.mark.parametrize("name", ["samples.csv", "samples.jsonl"])
def test_rounds_added_to_a_samples_file_read_back_as_the_documented_samples(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    first = round_table([_result(0, True, 12.5), _result(2, False)], [1, 3], at=AT,
                        origin=probe_origin("p"))  # fmt: skip
    second = round_table([_result(0, False), _result(2, True, 1.25)], [1, 3], at=AT + 60,
                         origin=probe_origin("p"))  # fmt: skip
    append_samples(first, path)
    append_samples(second, path)
    table = read_samples(path)
    assert table.services == ("db", "web")
    assert table.at.tolist() == [AT, AT + 60, AT, AT + 60]
    assert table.up.tolist() == [False, True, True, False]
    latency = table.latency_ms.tolist()
    assert (latency[1], latency[2]) == (1.25, 12.5)
    assert math.isnan(latency[0])
    assert math.isnan(latency[3])
    if name.endswith(".csv"):
        assert path.read_text(encoding="utf-8").splitlines()[:2] == [
            "service,at,up,latency_ms",
            "db,2024-03-01T00:00:00+00:00,down,",
        ]


def test_a_csv_without_a_final_line_break_gets_one_before_the_new_rows(tmp_path: Path) -> None:
    path = tmp_path / "samples.csv"
    path.write_text("service,at,up,latency_ms\nweb,2024-02-29T23:59:00Z,up,3", encoding="utf-8")
    append_samples(round_table([_result(0, True, 1.0)], [1], at=AT, origin=probe_origin("p")),
                   path)  # fmt: skip
    assert read_samples(path).at.tolist() == [AT - 60, AT]


def test_another_files_header_or_format_is_refused(tmp_path: Path) -> None:
    table = round_table([_result(0, True)], [1], at=AT, origin=probe_origin("p"))
    outages = tmp_path / "outages.csv"
    outages.write_text("service,start,end,category\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        append_samples(table, outages)
    assert str(refused.value) == (
        f"{outages}:1: expected a samples file whose header is service,at,up,latency_ms, "
        "found service,start,end,category"
    )
    assert outages.read_text(encoding="utf-8") == "service,start,end,category\n"
    with pytest.raises(InputError, match=r"expected a samples file ending in \.csv, \.jsonl"):
        append_samples(table, tmp_path / "samples.parquet")
