"""A ``prometheus`` source kept in sync by the service's runner, against the real
Prometheus: March pulled in two syncs equals March from the seed's counts file, a repeat
adds nothing, and a bad query is recorded in words. SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import SourceState
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.ingest.prometheus_api import PrometheusError
from slaledger.adapters.sync.config import Source
from slaledger.adapters.sync.pullers import prometheus as pull_prometheus
from slaledger.adapters.sync.runner import sync_source
from slaledger.bootstrap import contract_calendars
from slaledger.domain.periods import Month
from slaledger.services.availability import availability_for_month
from tests.integration.db.seeds import CONTRACTS, contract
from tests.prometheus_history import MARCH_END, MARCH_START
from tests.prometheus_server import PrometheusServer

SEED, KEY = "001-saas-annexes", "saas-annexes"
START = datetime.fromtimestamp(MARCH_START, UTC)
MID = datetime(2024, 3, 16, 12, 0, 30, tzinfo=UTC)  # mid-step: the sync stops at a step
END = datetime.fromtimestamp(MARCH_END, UTC)
PER_MINUTE = {
    "total_query": "sum_over_time(solution:http_requests:increase1m[1m])",
    "errors_query": "sum_over_time(solution:http_server_errors:increase1m[1m])",
}


def source(url: str, **options: Any) -> Source:
    return Source(
        id="prometheus",
        contract=KEY,
        service="solution",
        kind="prometheus",
        interval_seconds=60,
        since=START,
        options={"url": url, **options},
        where="sources.yaml line 3",
    )


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with Store.transaction(sessions) as store:
        store.upload_contract_file(str(CONTRACTS / f"{SEED}.yaml"), accept_lint_errors=True)
    return sessions


def march(sessions: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    terms = contract(SEED)
    with sessions() as session:
        observations = Store(session).observations(KEY, now=END + timedelta(days=1))
    return availability_for_month(
        contract=terms,
        month=Month(2024, 3),
        observations=observations,
        calendars=contract_calendars(terms),
    )


def test_march_synced_in_two_pulls_is_the_seeds_march(
    prometheus: PrometheusServer, seeded: sessionmaker[Session]
) -> None:
    # no overlap: each pull's rows are counted exactly (the overlap re-pull is tested
    # in tests/integration/sync; the figure below is the same either way)
    pulled = dataclasses.replace(source(prometheus.url, **PER_MINUTE), overlap_seconds=0)
    first = sync_source(seeded, pulled, now=MID)
    # the newest two minutes are left to the next sync (options.delay, 2 min by default)
    assert first.reached == datetime(2024, 3, 16, 11, 58, tzinfo=UTC)
    second = sync_source(seeded, pulled, now=END + timedelta(minutes=2))
    assert (second.since, second.reached) == (first.reached, END)
    again = sync_source(seeded, pulled, now=END + timedelta(minutes=3))
    assert again.facts == 0
    figure = march(seeded)
    assert first.facts + second.facts == 44_572  # the seed's rows: its gaps stay gaps
    assert figure.availability is not None
    assert figure.down_seconds == 20 * 60
    assert str(figure.availability) == "222800/2229"  # the seed's golden March, exactly


def test_a_failing_query_is_recorded_in_words(
    prometheus: PrometheusServer, seeded: sessionmaker[Session]
) -> None:
    broken = source(prometheus.url, up_query="min_over_time(probe_success[1m]")
    with pytest.raises(PrometheusError):
        sync_source(seeded, broken, now=MID)
    with seeded() as session:
        state = session.query(SourceState).one()
    assert "bad_data: 1:32: parse error: unclosed left parenthesis" in state.last_error
    assert f"Prometheus {prometheus.url}: query 'min_over_time(probe_success[1m]'" in (
        state.last_error
    )
    assert state.synced_until is None


@pytest.mark.parametrize(
    ("options", "since", "expected"),
    [
        ({"up_query": "up", "colour": "red"}, START, "options.colour: expected one of url, "),
        ({"up_query": "up"}, None, "since: expected the instant a first sync starts from"),
        ({"up_query": "up", "step": "often"}, START, "options.step: expected a duration"),
        (
            {"ratio_query": "r", "up_query": "u"},
            START,
            "options: expected one of ratio_query, "
            "total_query with errors_query, or up_query, found 'ratio_query, up_query'",
        ),
    ],
)
def test_bad_options_name_the_source_and_the_option(
    options: dict[str, Any], since: datetime | None, expected: str
) -> None:
    with pytest.raises(InputError) as caught:
        pull_prometheus(source("http://127.0.0.1:9", **options), since, MID)
    message = str(caught.value.problems[0])
    assert message.startswith("sources.yaml line 3: ")
    assert expected in message
