"""The prober's timing, with a fake clock and a fake round runner: each check on its
slots, never overlapping itself, a slow run skipping slots, one sample per service and
second, earlier results of a service's other checks carried."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from slaledger.adapters.ingest.probe.checks import CheckResult
from slaledger.adapters.ingest.probe.config import Probes
from slaledger.adapters.ingest.probe.prober import Prober, next_slot, offset_of
from slaledger.adapters.ingest.probe.runner import AnyCheck, Round, epoch_of
from slaledger.adapters.ingest.probe.samples import probe_origin, round_table

START = datetime(2024, 3, 1, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def at(self, epoch: float) -> datetime:
        self.now = datetime.fromtimestamp(epoch, UTC)
        return self.now


class FakeRunner:
    """Answers each check with ``states[id]`` (default up), taking ``takes[id]`` seconds
    of the fake clock, and records what it was asked."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.states: dict[str, bool] = {}
        self.takes: dict[str, float] = {}
        self.calls: list[tuple[int, list[str], list[str]]] = []
        self.prober: Prober | None = None
        self.due_while_running: list[list[str]] = []

    async def __call__(
        self,
        checks: Sequence[AnyCheck],
        *,
        now: datetime,
        concurrency: int,
        origin: str,
        rows: Sequence[int],
        carried: Sequence[tuple[CheckResult, int]],
    ) -> Round:
        at = epoch_of(now)
        self.calls.append((at, [c.id for c in checks], [r.check.id for r, _ in carried]))
        longest = max((self.takes.get(c.id, 0.0) for c in checks), default=0.0)
        self.clock.now = now + timedelta(seconds=longest)
        if self.prober is not None:
            self.due_while_running.append([c.id for c in self.prober.due_checks(self.clock.now)])
        results = tuple(
            CheckResult(c, self.states.get(c.id, True), 1.0 if self.states.get(c.id, True)
                        else math.nan) for c in checks
        )  # fmt: skip
        table = round_table(results, rows, at=at, origin=probe_origin(origin), carried=carried)
        return Round(at, results, table)


def _probes(*checks: dict[str, Any]) -> Probes:
    base = {"kind": "tcp", "host": "x.example", "port": 1}
    return Probes.model_validate({"checks": [{**base, **c} for c in checks]})


def _prober(probes: Probes, **kwargs: Any) -> tuple[Prober, Clock, FakeRunner, list[Round]]:
    clock = Clock()
    runner = FakeRunner(clock)
    rounds: list[Round] = []
    prober = Prober(probes, rounds.append, clock=clock, runner=runner, **kwargs)
    runner.prober = prober
    return prober, clock, runner, rounds


def test_checks_run_on_fixed_slots_spread_by_their_service() -> None:
    probes = _probes({"id": "a", "service": "web", "interval": "60s"},
                     {"id": "b", "service": "web", "interval": "60s"},
                     {"id": "c", "service": "api", "interval": "60s"})  # fmt: skip
    a, b, c = probes.checks
    assert offset_of("web", 60) != offset_of("api", 60)  # spread over the minute
    assert next_slot(a, 1000) == next_slot(b, 1000)  # one service's checks together
    slot = next_slot(a, 1000)
    assert 1000 < slot <= 1060
    assert (slot - offset_of("web", 60)) % 60 == 0
    assert next_slot(a, slot) == slot + 60  # strictly after
    assert next_slot(c, 1000) != slot


def test_a_check_is_due_at_its_slot_and_then_one_interval_later() -> None:
    prober, clock, runner, rounds = _prober(
        _probes({"id": "a", "service": "web"}, {"id": "b", "service": "web"})
    )
    first = prober.states["a"].due
    assert epoch_of(START) <= first < epoch_of(START) + 60
    assert prober.due_checks(clock.at(first - 1)) == []
    assert prober.seconds_until_due(clock.now) == 1.0
    assert prober.run_due(clock.at(first)) == 60.0  # both ran; the next slot: a minute away
    assert [c.id for c in prober.due_checks(clock.at(first))] == []
    assert runner.calls == [(first, ["a", "b"], [])]
    [found] = rounds
    assert (found.table.services, found.table.at.tolist()) == (("web",), [first])
    assert prober.states["a"].due == first + 60
    assert prober.run_due(clock.at(first + 59)) == 1.0  # nothing due yet
    assert len(rounds) == 1


def test_a_slow_check_never_overlaps_itself_and_skips_the_slots_it_overran() -> None:
    prober, clock, runner, _ = _prober(_probes({"id": "slow", "service": "web",
                                                "interval": "10s", "timeout": "10s"}))  # fmt: skip
    first = prober.states["slow"].due
    runner.takes["slow"] = 25.0  # as if it ran past two of its next slots
    prober.run_due(clock.at(first))
    assert runner.due_while_running == [[]]  # while it runs, it is not due
    state = prober.states["slow"]
    assert state.due == first + 30  # the first slot after the run ended (first + 25)
    assert state.late == 2
    assert (state.runs, state.last is not None) == (1, True)


def test_a_service_stays_down_while_another_of_its_checks_last_failed() -> None:
    prober, clock, runner, rounds = _prober(
        _probes(
            {"id": "home", "service": "web", "interval": "60s"},
            {"id": "api", "service": "web", "interval": "120s"},
        )
    )
    slot = 1_709_251_200  # both checks due at the same instant
    prober.states["home"].due = prober.states["api"].due = slot
    runner.states["api"] = False
    for minute in range(4):
        if minute == 2:
            runner.states["api"] = True  # it came back: its next round says so
        prober.run_due(clock.at(slot + 60 * minute))
    assert [(ids, carried) for _, ids, carried in runner.calls] == [
        (["home", "api"], []),
        (["home"], ["api"]),  # api's last result (down) joins home's round
        (["home", "api"], []),
        (["home"], ["api"]),
    ]
    assert [r.table.up.tolist() for r in rounds] == [[False], [False], [True], [True]]
    assert [r.table.row.tolist() for r in rounds] == [[2], [2], [1], [1]]


def test_a_sample_sharing_its_second_with_the_services_previous_one_is_left_out() -> None:
    prober, clock, _runner, rounds = _prober(
        _probes(
            {"id": "a", "service": "web", "interval": "60s"},
            {"id": "b", "service": "web", "interval": "90s"},
        )
    )
    slot = prober.states["a"].due
    prober.states["b"].due = slot + 1000  # b not due yet
    prober.run_due(clock.at(slot))
    prober.states["b"].due = slot  # b falls due in the same second
    prober.run_due(clock.at(slot))
    first, second = rounds
    assert len(first.table) == 1
    assert len(second.table) == 0  # web already has a sample at this second
    assert prober.states["b"].last is not None  # its result is kept for the next round


def test_the_job_runs_the_due_checks_and_asks_for_the_next_slot() -> None:
    prober, clock, _, rounds = _prober(_probes({"id": "a", "service": "web", "interval": "30s"}))
    job = prober.job("probes:contract-1")
    assert (job.name, job.interval) == ("probes:contract-1", 30.0)
    clock.at(prober.states["a"].due)
    assert job.run() == 30.0
    assert len(rounds) == 1


def test_serve_runs_each_round_as_it_falls_due_until_stopped() -> None:
    probes = _probes({"id": "a", "service": "web", "interval": "1s"},
                     {"id": "b", "service": "api", "interval": "1s"})  # fmt: skip
    rounds: list[Round] = []
    running: set[str] = set()
    overlaps: list[str] = []

    async def runner(checks: Sequence[AnyCheck], *, now: datetime, **_: Any) -> Round:
        for check in checks:
            if check.id in running:
                overlaps.append(check.id)
            running.add(check.id)
        await asyncio.sleep(0.3 if any(c.id == "a" for c in checks) else 0.01)
        running.difference_update(c.id for c in checks)
        results = tuple(CheckResult(c, True, 1.0) for c in checks)
        rows = list(range(1, len(checks) + 1))
        return Round(
            epoch_of(now),
            results,
            round_table(results, rows, at=epoch_of(now), origin=probe_origin("p")),
        )

    async def main() -> None:
        stop = asyncio.Event()
        prober = Prober(probes, rounds.append, runner=runner)
        task = asyncio.create_task(prober.serve(stop))
        while sum(len(r.table) for r in rounds) < 5:
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(asyncio.wait_for(main(), 20))
    assert overlaps == []
    for service in ("web", "api"):
        instants = [int(r.at) for r in rounds if service in r.table.services]
        assert instants == sorted(set(instants))  # one sample per second at most


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="a time-zone aware instant"):
        epoch_of(datetime(2024, 3, 1))
