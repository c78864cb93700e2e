"""The Prometheus connector against a real Prometheus (``prometheus`` fixture): the
facts it reads back are the facts backfilled, gaps included, and every refusal names the
server, the query and the range."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from slaledger.adapters.ingest.prometheus import MAX_POINTS, PrometheusSource
from slaledger.adapters.ingest.prometheus_api import PrometheusClient, PrometheusError
from slaledger.domain.observations import CountTable, SampleTable
from tests.prometheus_history import (
    DAY_END,
    DAY_START,
    MARCH_END,
    MARCH_START,
    PROBE_GAP,
    QUARTER_END,
    QUARTER_START,
    api_day,
    platform_quarter,
    seed_march,
)
from tests.prometheus_server import PrometheusServer

REQUESTS = "sum_over_time(solution:http_requests:increase1m[1m])"
ERRORS = "sum_over_time(solution:http_server_errors:increase1m[1m])"
PROBES = 'min_over_time(probe_success{job="platform"}[1m])'


def fetch(server: PrometheusServer, source: PrometheusSource, start: int, end: int):  # type: ignore[no-untyped-def]
    with PrometheusClient(server.url) as client:
        return source.fetch(client, start=start, end=end)


def test_seed_001_march_reads_back_row_for_row_with_its_gaps(prometheus: PrometheusServer) -> None:
    source = PrometheusSource("solution", total_query=REQUESTS, errors_query=ERRORS)
    fetched = fetch(prometheus, source, MARCH_START, MARCH_END)
    table, seed = fetched.table, seed_march()
    assert isinstance(table, CountTable)
    assert np.array_equal(table.interval_start, seed.start)
    assert np.array_equal(table.total, seed.total)
    assert np.array_equal(table.server_errors, seed.errors)
    # the 8 minutes the seed did not count are gaps, not minutes without requests
    assert fetched.steps - len(table) == 8
    assert fetched.gaps.total() == 8 * 60
    assert int(seed.errors.sum()) > 0


def test_a_ratio_query_gives_the_same_interrupted_minutes(prometheus: PrometheusServer) -> None:
    seed = seed_march()
    # errors / total alone has no value where no error series exists: gaps, not 0 %
    bare = PrometheusSource("solution", ratio_query=f"{ERRORS} / {REQUESTS}")
    assert len(fetch(prometheus, bare, MARCH_START, MARCH_END).table) == (seed.errors > 0).sum()
    # "or total * 0" makes a minute without errors a 0 % minute (docs/sources.md)
    source = PrometheusSource("solution", ratio_query=f"({ERRORS} or {REQUESTS} * 0) / {REQUESTS}")
    table = fetch(prometheus, source, MARCH_START, MARCH_END).table
    assert isinstance(table, CountTable)
    assert np.array_equal(table.interval_start, seed.start)
    above = table.server_errors * 100 > table.total * 5
    assert np.array_equal(above, seed.errors * 100 > seed.total * 5)
    assert above.sum() > 5


def test_probe_results_read_back_as_samples_with_the_gap(prometheus: PrometheusServer) -> None:
    fetched = fetch(
        prometheus, PrometheusSource("platform", up_query=PROBES), QUARTER_START, QUARTER_END
    )
    table, probes = fetched.table, platform_quarter()
    assert isinstance(table, SampleTable)
    assert np.array_equal(table.at, probes.at)
    assert np.array_equal(table.up, probes.up)
    assert (~table.up).sum() > 50
    assert fetched.gaps.starts.tolist() == [PROBE_GAP[0]]
    assert fetched.gaps.ends.tolist() == [PROBE_GAP[1]]


def test_counters_give_exact_counts_per_minute(prometheus: PrometheusServer) -> None:
    source = PrometheusSource(
        "api",
        total_query='sum(http_requests_total{job="api"})',
        errors_query='sum(http_requests_total{job="api", code=~"5.."})',
        counters=True,
    )
    table = fetch(prometheus, source, DAY_START, DAY_END).table
    start, total, errors = api_day()
    assert isinstance(table, CountTable)
    assert np.array_equal(table.interval_start, start)
    assert np.array_equal(table.total, total)
    assert np.array_equal(table.server_errors, errors)


def test_a_month_needs_several_requests_that_prometheus_would_refuse_as_one(
    prometheus: PrometheusServer,
) -> None:
    with PrometheusClient(prometheus.url) as client:
        with pytest.raises(PrometheusError, match="bad_data: exceeded maximum resolution"):
            client.query_range(REQUESTS, MARCH_START, MARCH_START + 11_001 * 60, 60)
        assert (MARCH_END - MARCH_START) // 60 > MAX_POINTS
        answer = client.query(
            f"count_over_time(solution:http_requests:increase1m[{31 * 24}h])", MARCH_END
        )
    assert [s.values.tolist() for s in answer.series] == [[44_572.0]]  # an instant vector


# -------------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    ("queries", "expected"),
    [
        # PromQL Prometheus cannot parse: its errorType and error, as it said them
        (
            {"up_query": "min_over_time(probe_success[1m]"},
            "HTTP 400: bad_data: 1:32: parse error: unclosed left parenthesis",
        ),
        # two series (one per status code) where one is expected
        (
            {
                "total_query": 'http_requests_total{job="api"}',
                "errors_query": "vector(0)",
                "counters": True,
            },
            'expected one series, found 2: http_requests_total{code="200", job="api"}, '
            'http_requests_total{code="500", job="api"}',
        ),
        # a restart
        (
            {
                "total_query": 'sum(http_requests_total{job="api-restarted"})',
                "errors_query": "vector(0)",
                "counters": True,
            },
            "a counter reset at 2024-06-01T12:00:00Z",
        ),
        # NaN
        (
            {"ratio_query": "sum_over_time(weird_ratio[1m])"},
            "expected a number at 2024-06-01T00:05:00Z, found nan",
        ),
        # a count that is not whole
        (
            {"total_query": "sum_over_time(fractional_requests[1m])", "errors_query": "vector(0)"},
            "found 41.5 (wrap the query in round()",
        ),
    ],
)
def test_bad_answers_from_a_real_prometheus_are_refused(
    prometheus: PrometheusServer, queries: dict[str, object], expected: str
) -> None:
    source = PrometheusSource("api", **queries)  # type: ignore[arg-type]
    with pytest.raises(PrometheusError) as caught:
        fetch(prometheus, source, DAY_START, DAY_END)
    message = str(caught.value)
    assert expected in message
    assert prometheus.url in message
    assert "from 2024-06-01T00:00:00Z to 2024-06-02T00:00:00Z" in message


def test_an_unreachable_server_is_refused_naming_it() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    source = PrometheusSource("api", up_query="up")
    with PrometheusClient(url, timeout=5) as client, pytest.raises(PrometheusError) as caught:
        source.fetch(client, start=DAY_START, end=DAY_END)
    assert f"Prometheus {url}: query 'up'" in str(caught.value)
    assert "unreachable" in str(caught.value)
