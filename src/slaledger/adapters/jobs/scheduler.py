"""One scheduler for every periodic job of the service.

Each ``Job`` is a function run in a worker thread that returns how long it wants to wait
before its next run (None: its ``interval``). The loop starts each job when it is due, as
its own task, so a slow job (a sync against a remote server) never delays the others; a
job never overlaps itself; a failing job is logged and retried after its interval while
the others go on. Before each run the job's lock (``locks.lock_for``) is taken, so with
several workers or processes on one database a run happens once: a worker that does not
get the lock skips that run and looks again after the job's interval.

Jobs may be added and removed while the loop runs (``add``, ``remove``), from its own
thread or another (the change is made on the loop's thread, the caller waits for it): a
run in progress of a removed job finishes, none follows. Stopping waits for the runs in
progress to finish (at most ``timeout`` seconds when one is given). ``status()`` says,
per job, when it last succeeded and its last error in words, for the dashboard and
``/readyz``; observers (``observe``) are told of every run, ran, failed or skipped, with
its duration, for ``/metrics``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from slaledger.adapters.jobs.locks import JobLock, LocalLock

log = logging.getLogger(__name__)

T = TypeVar("T")
#: seconds a change from another thread waits for the loop (one stopping may never run it)
CHANGE_WAIT = 30.0

#: never spin: at least this long between two runs of a job, in seconds
MIN_SLEEP = 1.0


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Job:
    """``run()`` does one round of the job and returns the seconds until it wants the
    next one (None: ``interval``)."""

    name: str
    run: Callable[[], float | None]
    interval: float


@dataclass(frozen=True)
class JobRun:
    """What an observer is told after each run: ``outcome`` is ``ran``, ``failed`` or
    ``skipped`` (another process held the lock), ``seconds`` its duration."""

    job: str
    outcome: str
    seconds: float


#: an observer of the runs; it must be quick and never raise (it runs in the job's thread)
Observer = Callable[[JobRun], None]


@dataclass
class JobState:
    name: str
    runs: int = 0
    skipped: int = 0  # runs another process held the lock for
    failures: int = 0
    last_started: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    #: monotonic instant of the next run
    due: float = field(default=0.0, repr=False)


class Scheduler:
    def __init__(
        self,
        jobs: Iterable[Job] = (),
        *,
        lock: JobLock | None = None,
        clock: Callable[[], datetime] = utc_now,
        min_sleep: float = MIN_SLEEP,
    ) -> None:
        self.lock = lock or LocalLock()
        self.clock = clock
        self.min_sleep = min_sleep
        self.jobs: dict[str, Job] = {}
        self.states: dict[str, JobState] = {}
        self._running: dict[str, asyncio.Task[None]] = {}
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.observers: list[Observer] = []
        for job in jobs:
            self.add(job)

    def add(self, job: Job) -> None:
        """Register ``job`` (due at once); a running loop picks it up at its next turn."""

        def add() -> None:
            if job.name in self.jobs:
                raise ValueError(f"a job named {job.name!r} is already scheduled")
            self.jobs[job.name] = job
            self.states[job.name] = JobState(job.name, due=time.monotonic())
            self._wake.set()

        self._on_loop(add)

    def remove(self, job: Job | str) -> bool:
        """Unregister ``job`` (or the job of that name); False when none is scheduled. A
        run in progress finishes; no other follows."""
        name = job if isinstance(job, str) else job.name

        def remove() -> bool:
            if self.jobs.pop(name, None) is None:
                return False
            self.states.pop(name, None)
            self._wake.set()
            return True

        return self._on_loop(remove)

    def _on_loop(self, change: Callable[[], T]) -> T:
        """``change()`` on the running loop's thread (waiting for it), else here."""
        loop = self._loop
        if loop is None or not loop.is_running() or loop.is_closed():
            return change()
        try:
            if asyncio.get_running_loop() is loop:
                return change()
        except RuntimeError:
            pass  # another thread, no loop of its own
        done: concurrent.futures.Future[T] = concurrent.futures.Future()

        def call() -> None:
            try:
                done.set_result(change())
            except BaseException as exc:
                done.set_exception(exc)

        loop.call_soon_threadsafe(call)
        return done.result(timeout=CHANGE_WAIT)

    def observe(self, observer: Observer) -> None:
        """Call ``observer`` after every run of every job."""
        self.observers.append(observer)

    def _tell(self, name: str, outcome: str, started: float) -> None:
        run = JobRun(name, outcome, time.perf_counter() - started)
        for observer in self.observers:
            try:
                observer(run)
            except Exception:  # an observer's bug must not count as the job's failure
                log.exception("observer of job %s failed", name)

    def status(self) -> list[JobState]:
        return [self.states[name] for name in sorted(self.states)]

    # ------------------------------------------------------------------- one run
    def run_job(self, name: str, scheduled: tuple[Job, JobState] | None = None) -> float:
        """Run ``name`` now in this thread (under its lock); the seconds until its next
        run. Failures are recorded, logged and answered with the job's interval."""
        job, state = scheduled or (self.jobs[name], self.states[name])
        state.last_started = self.clock()
        started = time.perf_counter()
        try:
            with self.lock.hold(name) as mine:
                if not mine:
                    state.skipped += 1
                    self._tell(name, "skipped", started)
                    return job.interval
                wanted = job.run()
        except Exception as exc:  # one job's failure must not stop the others
            state.failures += 1
            state.last_error = f"{type(exc).__name__}: {exc}"
            state.last_error_at = self.clock()
            log.exception("job %s failed", name)
            self._tell(name, "failed", started)
            return job.interval
        self._tell(name, "ran", started)
        state.runs += 1
        state.last_success = self.clock()
        state.last_error = None
        return job.interval if wanted is None else wanted

    async def _run(self, name: str) -> None:
        job, state = self.jobs.get(name), self.states.get(name)
        if job is None or state is None:  # removed before it started
            self._running.pop(name, None)
            return
        try:
            delay = await asyncio.to_thread(self.run_job, name, (job, state))
        finally:
            self._running.pop(name, None)
        if self.states.get(name) is state:  # not removed (nor replaced) meanwhile
            state.due = time.monotonic() + max(delay, self.min_sleep)
        self._wake.set()

    # ---------------------------------------------------------------------- loop
    async def loop(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            for name, state in self.states.items():
                if name not in self._running and state.due <= now:
                    self._running[name] = asyncio.create_task(self._run(name), name=name)
            waiting = [s.due for n, s in self.states.items() if n not in self._running]
            timeout = max(min(waiting) - time.monotonic(), 0.0) if waiting else None
            self._wake.clear()
            stop = asyncio.create_task(self._stop.wait())
            wake = asyncio.create_task(self._wake.wait())
            await asyncio.wait({stop, wake}, timeout=timeout, return_when="FIRST_COMPLETED")
            for task in (stop, wake):
                task.cancel()
        if self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)

    def start(self) -> None:
        self._stop.clear()
        self._loop = asyncio.get_running_loop()
        self._task = self._loop.create_task(self.loop(), name="slaledger-jobs")

    async def stop(self, timeout: float | None = None) -> None:
        """Ask the loop to stop and wait for the runs in progress to finish: at most
        ``timeout`` seconds when given, after which the runs still going are abandoned
        (logged by name; a run's thread cannot be interrupted, its process exit ends it).
        The lock is given back (``close``, when it has one)."""
        self._stop.set()
        task, self._task = self._task, None
        if task is not None:
            done, _ = await asyncio.wait({task}, timeout=timeout)
            if not done:
                log.warning(
                    "stopping: runs still going after %s s abandoned: %s",
                    timeout,
                    ", ".join(sorted(self._running)) or "none",
                )
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        close = getattr(self.lock, "close", None)
        if callable(close):
            close()

    @property
    def alive(self) -> bool:
        """Started and its loop still going (not ended by an error)."""
        return self._task is not None and not self._task.done()

    @property
    def running(self) -> bool:
        return self._task is not None
