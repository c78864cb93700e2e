"""The one scheduler: jobs run when due, never overlap themselves, a failure leaves the
others running, a held lock skips the run, stop waits for the run in progress."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator

import pytest

from slaledger.adapters.jobs.locks import LocalLock
from slaledger.adapters.jobs.scheduler import Job, Scheduler


async def _until(predicate, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the condition was not met in time"
        await asyncio.sleep(0.01)


def test_each_job_runs_again_after_the_delay_it_asks_for() -> None:
    ran: list[str] = []

    async def main() -> Scheduler:
        fast = Job("fast", lambda: ran.append("fast") or 0.05, interval=10)  # type: ignore[func-returns-value]
        slow = Job("slow", lambda: ran.append("slow"), interval=60)  # type: ignore[func-returns-value]
        scheduler = Scheduler([fast, slow], min_sleep=0.01)
        scheduler.start()
        await _until(lambda: ran.count("fast") >= 4)
        await scheduler.stop()
        return scheduler

    scheduler = asyncio.run(main())
    assert ran.count("slow") == 1  # its interval (60 s) has not passed
    assert scheduler.states["fast"].runs >= 4
    assert scheduler.states["slow"].last_success is not None


def test_a_failing_job_is_recorded_and_the_others_go_on() -> None:
    good: list[int] = []

    def bad() -> float:
        raise RuntimeError("the server answered 503")

    async def main() -> Scheduler:
        scheduler = Scheduler(
            [Job("bad", bad, interval=0.02), Job("good", lambda: good.append(1) or 0.02, 5)],  # type: ignore[func-returns-value]
            min_sleep=0.01,
        )
        scheduler.start()
        await _until(lambda: len(good) >= 3 and scheduler.states["bad"].failures >= 3)
        await scheduler.stop()
        return scheduler

    scheduler = asyncio.run(main())
    state = scheduler.states["bad"]
    assert state.last_error == "RuntimeError: the server answered 503"
    assert state.last_success is None
    assert scheduler.states["good"].last_error is None


def test_a_slow_job_never_overlaps_itself_nor_delays_another() -> None:
    inside = 0
    most = 0
    quick: list[int] = []
    release = threading.Event()

    def slow() -> float:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        release.wait(5)
        inside -= 1
        return 0.0

    async def main() -> None:
        scheduler = Scheduler(
            [Job("slow", slow, 0.0), Job("quick", lambda: quick.append(1) or 0.01, 5)],  # type: ignore[func-returns-value]
            min_sleep=0.01,
        )
        scheduler.start()
        await _until(lambda: len(quick) >= 5)  # while "slow" is still in its first run
        assert inside == 1
        release.set()
        await scheduler.stop()

    asyncio.run(main())
    assert most == 1


class _Held(LocalLock):
    """Another process holds every lock."""

    @contextlib.contextmanager
    def hold(self, name: str) -> Iterator[bool]:
        yield False


def test_a_job_whose_lock_is_held_elsewhere_is_skipped_not_run() -> None:
    ran: list[int] = []
    scheduler = Scheduler([Job("alerts", lambda: ran.append(1), 30)], lock=_Held())  # type: ignore[func-returns-value]
    assert scheduler.run_job("alerts") == 30
    assert ran == []
    assert scheduler.states["alerts"].skipped == 1
    assert scheduler.states["alerts"].runs == 0


def test_stop_waits_for_the_run_in_progress() -> None:
    finished: list[bool] = []

    def job() -> float:
        time.sleep(0.2)
        finished.append(True)
        return 60.0

    async def main() -> None:
        scheduler = Scheduler([Job("one", job, 60)])
        scheduler.start()
        await asyncio.sleep(0.05)
        await scheduler.stop()
        assert not scheduler.running

    asyncio.run(main())
    assert finished == [True]


def test_two_jobs_may_not_share_a_name() -> None:
    scheduler = Scheduler([Job("alerts", lambda: None, 30)])
    with pytest.raises(ValueError, match="'alerts' is already scheduled"):
        scheduler.add(Job("alerts", lambda: None, 30))


def test_a_removed_job_runs_no_more_and_a_job_added_from_another_thread_runs() -> None:
    ran: list[str] = []

    async def main() -> None:
        old = Job("old", lambda: ran.append("old") or 0.01, 0.01)  # type: ignore[func-returns-value]
        scheduler = Scheduler([old], min_sleep=0.01)
        scheduler.start()
        await _until(lambda: "old" in ran)
        new = Job("new", lambda: ran.append("new") or 0.01, 0.01)  # type: ignore[func-returns-value]
        # as a request handler or another job would: from a worker thread
        assert await asyncio.to_thread(scheduler.remove, "old") is True
        before = ran.count("old")  # a run in progress may still finish, once
        await asyncio.to_thread(scheduler.add, new)
        assert set(scheduler.jobs) == set(scheduler.states) == {"new"}
        await _until(lambda: ran.count("new") >= 5)
        assert ran.count("old") <= before + 1
        assert scheduler.remove(new) is True
        assert scheduler.remove("new") is False
        await scheduler.stop()

    asyncio.run(main())
