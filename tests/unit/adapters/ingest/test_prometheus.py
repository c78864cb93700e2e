"""The Prometheus connector on an in-memory Prometheus (httpx.MockTransport): how series
become counts rows and samples, chunking, gaps, and every refusal."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise
from urllib.parse import parse_qs

import httpx
import numpy as np
import pytest

from slaledger.adapters.ingest.prometheus import (
    MAX_POINTS,
    RATIO_SCALE,
    PrometheusSource,
    chunks,
    steps_between,
)
from slaledger.adapters.ingest.prometheus_api import PrometheusClient, PrometheusError
from slaledger.domain.intervals import Intervals
from slaledger.domain.observations import CountTable, SampleTable

URL = "http://prometheus.test:9090"
T0 = 1_709_251_200  # 2024-03-01T00:00:00Z
#: a query's value at an instant, or None for no sample; or several series by labels
Values = Callable[[int], float | None]


class FakePrometheus:
    """Answers query_range from ``series``: query -> {labels: values function}."""

    def __init__(self, series: dict[str, dict[str, Values]]) -> None:
        self.series = series
        self.requests: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        self.requests.append({**form, "path": request.url.path})
        start, end, step = int(form["start"]), int(form["end"]), int(form["step"])
        if (end - start) // step > 11_000:
            error = {
                "status": "error",
                "errorType": "bad_data",
                "error": "exceeded maximum resolution of 11,000 points per timeseries",
            }
            return httpx.Response(400, json=error)
        result = []
        for labels, function in self.series.get(form["query"], {}).items():
            values = []
            for t in range(start, end + 1, step):
                value = function(t)
                if value is not None:
                    values.append([t, "NaN" if value != value else f"{value:g}"])
            if values:
                metric = {"job": labels} if labels else {}
                result.append({"metric": metric, "values": values})
        body = {"status": "success", "data": {"resultType": "matrix", "result": result}}
        return httpx.Response(200, json=body)


def client_for(handler: Callable[[httpx.Request], httpx.Response]) -> PrometheusClient:
    return PrometheusClient(URL, transport=httpx.MockTransport(handler))


def one(values: Values) -> dict[str, Values]:
    return {"": values}


def minute(t: int) -> int:
    return (t - T0) // 60


# ------------------------------------------------------------------ chunking
@pytest.mark.parametrize("steps", [1, 9_999, 10_000, 10_001, 25_000, 525_600])
def test_chunks_cover_every_step_once_with_at_most_max_points(steps: int) -> None:
    found = chunks(T0, T0 + (steps - 1) * 60, 60)
    points = [(high - low) // 60 + 1 for low, high in found]
    assert sum(points) == steps
    assert max(points) <= MAX_POINTS < 11_000
    assert all(b[0] == a[1] + 60 for a, b in pairwise(found))


def test_a_year_of_minutes_is_fetched_in_requests_under_the_prometheus_limit() -> None:
    fake = FakePrometheus({"total": one(lambda t: 10.0), "errors": one(lambda t: 1.0)})
    source = PrometheusSource("web", total_query="total", errors_query="errors")
    fetched = source.fetch(client_for(fake), start=T0, end=T0 + 25_000 * 60)
    assert len(fetched.table) == 25_000
    assert len(fake.requests) == 2 * 3  # two queries, three chunks each, none refused
    assert fake.requests[0]["start"] == str(T0 + 60)  # the first step ends one step in


@pytest.mark.parametrize(
    ("start", "end", "step"),
    [
        (T0, T0, 60),  # an empty range
        (T0, T0 - 60, 60),  # backwards
        (T0, T0 + 90, 60),  # not a whole number of steps
        (T0, T0 + 60, 0),  # no step
    ],
)
def test_a_range_that_is_not_whole_steps_is_refused(start: int, end: int, step: int) -> None:
    with pytest.raises(ValueError, match=r"a step|whole number of steps"):
        steps_between(start, end, step)


# --------------------------------------------------------------------- counts
def test_each_value_becomes_the_counts_row_of_the_step_it_ends() -> None:
    fake = FakePrometheus(
        {
            "total": one(lambda t: None if minute(t) == 3 else 100.0 + minute(t)),
            "errors": one(lambda t: 7.0 if minute(t) == 2 else None),
        }
    )
    source = PrometheusSource("web", total_query="total", errors_query="errors")
    fetched = source.fetch(client_for(fake), start=T0, end=T0 + 5 * 60)
    table = fetched.table
    assert isinstance(table, CountTable)
    # the value at 00:01 is the minute 00:00-00:01; 00:03 has none: no row, a gap
    assert (table.interval_start - T0).tolist() == [0, 60, 180, 240]
    assert table.total.tolist() == [101, 102, 104, 105]
    assert table.server_errors.tolist() == [0, 7, 0, 0]  # no errors series: none
    assert table.row.tolist() == [1, 2, 4, 5]  # the step, for traces
    assert fetched.gaps == Intervals.of([T0 + 120], [T0 + 180])
    assert table.origin.kind == "prometheus"
    assert table.origin.locate(4) == f"{URL} total ; errors step 4"


def test_a_ratio_is_kept_in_parts_per_million_of_a_nominal_million_requests() -> None:
    fake = FakePrometheus(
        {"ratio": one(lambda t: [0.0, 0.05, 0.0500004, 0.0500006][minute(t) - 1])}
    )
    source = PrometheusSource("web", ratio_query="ratio")
    table = source.fetch(client_for(fake), start=T0, end=T0 + 4 * 60).table
    assert isinstance(table, CountTable)
    assert table.total.tolist() == [RATIO_SCALE] * 4
    assert table.server_errors.tolist() == [0, 50_000, 50_000, 50_001]


def test_counters_give_the_exact_difference_between_a_steps_two_ends() -> None:
    totals = [1000.0, 1100.0, 1250.0, None, 1400.0, 1480.0]
    errors = [None, None, 5.0, 5.0, 9.0, 9.0]  # the errors counter appears with its first
    fake = FakePrometheus(
        {"t": one(lambda t: totals[minute(t)]), "e": one(lambda t: errors[minute(t)])}
    )
    source = PrometheusSource("api", total_query="t", errors_query="e", counters=True)
    fetched = source.fetch(client_for(fake), start=T0, end=T0 + 5 * 60)
    assert fake.requests[0]["start"] == str(T0)  # the counter at the start too
    table = fetched.table
    assert isinstance(table, CountTable)
    # a step needs both ends: 00:02-00:03 and 00:03-00:04 are gaps
    assert (table.interval_start - T0).tolist() == [0, 60, 240]
    assert table.total.tolist() == [100, 150, 80]
    assert table.server_errors.tolist() == [0, 5, 0]


def test_probe_values_become_samples_at_the_start_of_their_step() -> None:
    fake = FakePrometheus({"up": one(lambda t: [1.0, 0.0, None, 1.0][minute(t) - 1])})
    table = (
        PrometheusSource("web", up_query="up")
        .fetch(client_for(fake), start=T0, end=T0 + 4 * 60)
        .table
    )
    assert isinstance(table, SampleTable)
    assert (table.at - T0).tolist() == [0, 60, 180]
    assert table.up.tolist() == [True, False, True]
    assert bool(np.isnan(table.latency_ms).all())


def test_no_series_at_all_is_a_range_without_data_not_an_error() -> None:
    fake = FakePrometheus({})
    fetched = PrometheusSource("web", up_query="up").fetch(client_for(fake), start=T0, end=T0 + 600)
    assert len(fetched.table) == 0
    assert fetched.gaps.total() == 600


# -------------------------------------------------------------------- refusals
def fetch_error(series: dict[str, dict[str, Values]], **queries: object) -> str:
    source = PrometheusSource("web", **queries)  # type: ignore[arg-type]
    with pytest.raises(PrometheusError) as caught:
        source.fetch(client_for(FakePrometheus(series)), start=T0, end=T0 + 10 * 60)
    message = str(caught.value)
    # every refusal names the server, the query and the range
    assert URL in message
    assert "2024-03-01T00:00:00Z to 2024-03-01T00:10:00Z" in message
    return message


@pytest.mark.parametrize(
    ("series", "queries", "expected"),
    [
        # two series where one is expected: both named, and the way out
        (
            {"q": {"a": lambda t: 1.0, "b": lambda t: 1.0}},
            {"up_query": "q"},
            'expected one series, found 2: {job="a"}, {job="b"} (aggregate them',
        ),
        # NaN in a ratio: 0/0, with the way to count quiet minutes
        (
            {"q": one(lambda t: float("nan") if minute(t) == 4 else 0.1)},
            {"ratio_query": "q"},
            "expected a number at 2024-03-01T00:04:00Z, found nan (1 such step): a ratio of 0/0",
        ),
        # a ratio above 1
        ({"q": one(lambda t: 1.5)}, {"ratio_query": "q"}, "expected a ratio from 0 to 1"),
        # an extrapolated increase(): not a whole number of requests
        (
            {"t": one(lambda t: 41.5), "e": one(lambda t: 0.0)},
            {"total_query": "t", "errors_query": "e"},
            "found 41.5 (wrap the query in round()",
        ),
        # more server errors than requests
        (
            {"t": one(lambda t: 10.0), "e": one(lambda t: 11.0)},
            {"total_query": "t", "errors_query": "e"},
            "found 11 server errors for 10 requests",
        ),
        # a counter that falls: a restart
        (
            {"t": one(lambda t: 500.0 if minute(t) < 6 else 3.0), "e": one(lambda t: 0.0)},
            {"total_query": "t", "errors_query": "e", "counters": True},
            "a counter reset at 2024-03-01T00:06:00Z: it fell from 500 to 3",
        ),
        # a probe value that is neither 0 nor 1
        ({"q": one(lambda t: 0.5)}, {"up_query": "q"}, "expected 0 (down) or 1 (up)"),
    ],
)
def test_an_unusable_answer_is_refused_naming_the_query_and_range(
    series: dict[str, dict[str, Values]], queries: dict[str, object], expected: str
) -> None:
    message = fetch_error(series, **queries)
    assert expected in message
    assert f"query '{next(iter(series))}'" in message or "query 'e'" in message


def test_a_series_that_changes_labels_between_chunks_is_several_series() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        start = int(form["start"][0])
        job = "old" if start < T0 + MAX_POINTS * 60 else "new"
        values = [[start, "1"]]
        result = [{"metric": {"job": job}, "values": values}]
        return httpx.Response(
            200, json={"status": "success", "data": {"resultType": "matrix", "result": result}}
        )

    source = PrometheusSource("web", up_query="up")
    with pytest.raises(PrometheusError, match=r'found 2: \{job="old"\}, \{job="new"\}'):
        source.fetch(client_for(handler), start=T0, end=T0 + 15_000 * 60)


# -------------------------------------------------------------- HTTP and auth
def answer(status: int, body: object, content_type: str = "application/json") -> PrometheusClient:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client_for(
        lambda r: httpx.Response(status, content=content, headers={"Content-Type": content_type})
    )


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        # Prometheus's own error: errorType and error as they came
        (
            400,
            {
                "status": "error",
                "errorType": "bad_data",
                "error": "1:10: parse error: unclosed left parenthesis",
            },
            "HTTP 400: bad_data: 1:10: parse error: unclosed left parenthesis",
        ),
        (
            422,
            {"status": "error", "errorType": "execution", "error": "query timed out"},
            "HTTP 422: execution: query timed out",
        ),
        # a proxy's page: the status and the start of what it said
        (
            502,
            b"<html>Bad Gateway</html>",
            "HTTP 502 Bad Gateway, not the JSON of the Prometheus API: '<html>Bad Gateway</html>'",
        ),
        # refused credentials: where they come from
        (401, b"Unauthorized", "(credentials come from SLALEDGER_PROMETHEUS_TOKEN"),
        # a vector where a matrix was asked for
        (
            200,
            {"status": "success", "data": {"resultType": "vector", "result": []}},
            "expected a matrix, found 'vector'",
        ),
    ],
)
def test_http_and_api_errors_are_shown_as_prometheus_gave_them(
    status: int, body: object, expected: str
) -> None:
    client = answer(status, body)
    with pytest.raises(PrometheusError) as caught:
        client.query_range("rate(x[1m]", T0, T0 + 600, 60)
    assert expected in str(caught.value)
    assert "query 'rate(x[1m]'" in str(caught.value)


def test_an_unreachable_server_is_named_with_the_reason() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused")

    with pytest.raises(PrometheusError, match=r"unreachable \(\[Errno 111\] Connection refused\)"):
        client_for(refuse).query_range("up", T0, T0 + 60, 60)


def test_a_non_numeric_value_is_refused_with_its_instant() -> None:
    body = {
        "status": "success",
        "data": {
            "resultType": "matrix",
            "result": [{"metric": {}, "values": [[T0, "1"], [T0 + 60, "up"]]}],
        },
    }
    with pytest.raises(
        PrometheusError, match="expected a number at 2024-03-01T00:01:00Z, found 'up'"
    ):
        answer(200, body).query_range("up", T0, T0 + 60, 60)


def test_an_instant_query_reads_a_vector_or_a_scalar() -> None:
    vector = {
        "status": "success",
        "data": {"resultType": "vector", "result": [{"metric": {"job": "a"}, "value": [T0, "3"]}]},
    }
    series = answer(200, vector).query("up", T0).series
    assert [(dict(s.metric), s.at.tolist(), s.values.tolist()) for s in series] == [
        ({"job": "a"}, [T0], [3.0])
    ]
    scalar = {"status": "success", "data": {"resultType": "scalar", "result": [T0, "2"]}}
    assert answer(200, scalar).query("2", T0).series[0].values.tolist() == [2.0]


@pytest.mark.parametrize(
    ("environ", "header"),
    [
        ({"SLALEDGER_PROMETHEUS_TOKEN": "s3cret"}, "Bearer s3cret"),
        (
            {"SLALEDGER_PROMETHEUS_USER": "ledger", "SLALEDGER_PROMETHEUS_PASSWORD": "pw"},
            "Basic bGVkZ2VyOnB3",
        ),  # base64 of ledger:pw
        ({}, None),
    ],
)
def test_credentials_come_from_the_environment(environ: dict[str, str], header: str | None) -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization"))
        return httpx.Response(
            200, json={"status": "success", "data": {"resultType": "matrix", "result": []}}
        )

    client = PrometheusClient.from_environment(
        URL, environ=environ, transport=httpx.MockTransport(handler)
    )
    client.query_range("up", T0, T0 + 60, 60)
    assert seen == [header]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {
                "SLALEDGER_PROMETHEUS_TOKEN": "t",
                "SLALEDGER_PROMETHEUS_USER": "u",
                "SLALEDGER_PROMETHEUS_PASSWORD": "p",
            },
            "are both set",
        ),
        ({"SLALEDGER_PROMETHEUS_USER": "u"}, "SLALEDGER_PROMETHEUS_PASSWORD is not set"),
        ({"SLALEDGER_PROMETHEUS_PASSWORD": "p"}, "SLALEDGER_PROMETHEUS_USER is not set"),
    ],
)
def test_incomplete_or_contradictory_credentials_name_the_variable(
    environ: dict[str, str], expected: str
) -> None:
    with pytest.raises(ValueError, match=expected):
        PrometheusClient.from_environment(URL, environ=environ)


@pytest.mark.parametrize(
    "queries",
    [
        {},  # nothing to ask
        {"total_query": "t"},  # a total without errors
        {"ratio_query": "r", "up_query": "u"},  # two measurements at once
        {"ratio_query": "r", "counters": True},  # counters of a ratio
    ],
)
def test_a_source_needs_exactly_one_way_of_measuring(queries: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"one of --ratio-query|--counters with"):
        PrometheusSource("web", **queries)  # type: ignore[arg-type]


def test_prometheus_warnings_are_kept_with_what_was_fetched() -> None:
    body = {
        "status": "success",
        "warnings": ["partial response: store-eu unreachable"],
        "data": {"resultType": "matrix", "result": [{"metric": {}, "values": [[T0 + 60, "1"]]}]},
    }
    fetched = PrometheusSource("web", up_query="up").fetch(answer(200, body), start=T0, end=T0 + 60)
    assert fetched.warnings == ["partial response: store-eu unreachable"]
    assert len(fetched.table) == 1
