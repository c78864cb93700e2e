"""Observers are told of every run (ran, failed, skipped) with its duration; a stop with
a timeout abandons a run that outlasts it; a stopped scheduler is no longer alive."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator

from slaledger.adapters.jobs.scheduler import Job, JobRun, Scheduler


class Refusing:
    @contextlib.contextmanager
    def hold(self, name: str) -> Iterator[bool]:
        yield False


def _fails() -> float:
    raise RuntimeError("the server answered 503")


def test_observers_hear_of_runs_failures_and_skips_with_their_durations() -> None:
    heard: list[JobRun] = []
    scheduler = Scheduler([Job("good", lambda: None, 60), Job("bad", _fails, 60)])
    scheduler.observe(heard.append)
    scheduler.run_job("good")
    scheduler.run_job("bad")
    skipping = Scheduler([Job("good", lambda: None, 60)], lock=Refusing())
    skipping.observe(heard.append)
    skipping.run_job("good")
    assert [(run.job, run.outcome) for run in heard] == [
        ("good", "ran"),
        ("bad", "failed"),
        ("good", "skipped"),
    ]
    assert all(run.seconds >= 0 for run in heard)


def test_a_failing_observer_does_not_fail_the_job() -> None:
    def broken(run: JobRun) -> None:
        raise ValueError("observer bug")

    scheduler = Scheduler([Job("good", lambda: None, 60)])
    scheduler.observe(broken)
    scheduler.run_job("good")
    assert scheduler.states["good"].runs == 1
    assert scheduler.states["good"].failures == 0


def test_stop_waits_for_the_run_in_progress_within_the_timeout() -> None:
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def slow() -> None:
        started.set()
        release.wait(10)
        finished.set()

    async def main() -> tuple[bool, bool]:
        scheduler = Scheduler([Job("slow", slow, 60)])
        scheduler.start()
        await asyncio.to_thread(started.wait, 10)
        alive_before = scheduler.alive
        threading.Timer(0.05, release.set).start()
        await scheduler.stop(timeout=30)
        return alive_before, scheduler.alive

    before, after = asyncio.run(main())
    assert before
    assert not after
    assert finished.is_set()  # the run finished before stop returned


def test_stop_abandons_a_run_that_outlasts_the_timeout() -> None:
    started, release = threading.Event(), threading.Event()

    def stuck() -> None:
        started.set()
        release.wait(10)

    async def main() -> tuple[bool, int]:
        scheduler = Scheduler([Job("stuck", stuck, 60)])
        scheduler.start()
        await asyncio.to_thread(started.wait, 10)
        try:
            await scheduler.stop(timeout=0.01)
            return scheduler.alive, scheduler.states["stuck"].runs
        finally:
            release.set()  # the thread returns; the loop's executor waits for it at exit

    alive, runs = asyncio.run(main())
    assert not alive
    assert runs == 0  # stop returned while the run was still going
