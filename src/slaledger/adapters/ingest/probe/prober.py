"""The prober: each check on its own interval, rounds handed to a callback.

Each check runs on fixed *slots*: ``offset + k × interval`` epoch seconds, where the
offset (0 to interval − 1 s) comes from a hash of the check's service — the jitter that
spreads the checks of different services over their interval, stable across restarts,
while the checks of one service with the same interval run in the same round (one
sample, see ``samples``). The checks due at an instant form a round; a check still
running is never due, and after a run its next slot is the first one after the run
ended, so a slow check skips slots (counted in ``late``) instead of overlapping itself.

Two ways to drive it:

- the service's scheduler: a ``Job`` whose ``run()`` (in a worker thread) calls
  :meth:`Prober.run_due`, which runs the due round in its own event loop and returns the
  seconds until the next check is due (see :meth:`Prober.job`);
- :meth:`Prober.serve`, an asyncio loop that starts each round as its own task, so a slow
  round never delays the next ones (``sla probe run`` without ``--once``).
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from slaledger.adapters.ingest.probe.checks import CheckResult
from slaledger.adapters.ingest.probe.config import Probes
from slaledger.adapters.ingest.probe.runner import (
    AnyCheck,
    Round,
    RoundRunner,
    epoch_of,
    probe_round,
)
from slaledger.adapters.ingest.probe.samples import select
from slaledger.adapters.jobs.scheduler import Job

log = logging.getLogger(__name__)

OnRound = Callable[[Round], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


def offset_of(service: str, interval: int) -> int:
    """The check's place in its interval, in whole seconds, from its service's name."""
    return zlib.crc32(service.encode("utf-8")) % interval


def next_slot(check: AnyCheck, after: float) -> int:
    """The first slot of ``check`` strictly after epoch second ``after``."""
    offset = offset_of(check.service, check.interval)
    slots = int((after - offset) // check.interval) + 1
    return offset + slots * check.interval


@dataclass
class CheckState:
    """Where one check stands: its next slot, last result and counters."""

    due: int
    runs: int = 0
    late: int = 0  # slots skipped because a run ended after them
    last: CheckResult | None = None
    last_at: int | None = None


class Prober:
    """Runs ``probes`` on their intervals; ``on_round`` receives each round."""

    def __init__(
        self,
        probes: Probes,
        on_round: OnRound | None = None,
        *,
        origin: str = "probe",
        clock: Callable[[], datetime] = utc_now,
        runner: RoundRunner = probe_round,
    ) -> None:
        self.probes = probes
        self.on_round = on_round
        self.origin = origin
        self.clock = clock
        self.runner = runner
        self.rows = {check.id: row for row, check in enumerate(probes.checks, start=1)}
        start = epoch_of(clock())
        # the first slot at or after the start: a restart keeps the same instants
        self.states = {c.id: CheckState(next_slot(c, start - 1)) for c in probes.checks}
        self._running: set[str] = set()
        self._last_sample: dict[str, int] = {}

    # ------------------------------------------------------------------ timing
    def due_checks(self, now: datetime) -> list[AnyCheck]:
        """The checks whose slot has come and that are not running."""
        at = now.timestamp()
        return [
            c
            for c in self.probes.checks
            if c.id not in self._running and self.states[c.id].due <= at
        ]

    def seconds_until_due(self, now: datetime) -> float | None:
        """How long until the next idle check is due (0: one is; None: all running)."""
        idle = [s.due for i, s in self.states.items() if i not in self._running]
        return max(min(idle) - now.timestamp(), 0.0) if idle else None

    # ------------------------------------------------------------------ rounds
    async def run_due_async(self, now: datetime | None = None) -> Round | None:
        """Run the round of the checks due at ``now`` (default: the clock), hand it to
        ``on_round`` and return it; None when nothing was due."""
        now = now or self.clock()
        due = self.due_checks(now)
        if not due:
            return None
        self._running.update(c.id for c in due)
        try:
            found = await self.runner(
                due,
                now=now,
                concurrency=self.probes.concurrency,
                origin=self.origin,
                rows=[self.rows[c.id] for c in due],
                carried=self._carried(due, epoch_of(now)),
            )
        finally:
            self._running.difference_update(c.id for c in due)
            ended = self.clock().timestamp()
            for check in due:
                self._reschedule(check, ended)
        found = self._recorded(found)
        if self.on_round is not None:
            self.on_round(found)
        return found

    def run_due(self, now: datetime | None = None) -> float:
        """``run_due_async`` in a fresh event loop (a scheduler job's worker thread);
        the seconds until the next check is due."""
        asyncio.run(self.run_due_async(now))
        wait = self.seconds_until_due(self.clock())
        return float(min(c.interval for c in self.probes.checks)) if wait is None else wait

    def job(self, name: str = "probes") -> Job:
        """A scheduler job running the due checks each time it is called."""
        return Job(name, self.run_due, interval=float(min(c.interval for c in self.probes.checks)))

    async def serve(self, stop: asyncio.Event | None = None) -> None:
        """Run rounds as they fall due until ``stop`` is set, each as its own task."""
        stop = stop or asyncio.Event()
        changed = asyncio.Event()
        tasks: set[asyncio.Task[Round | None]] = set()

        def finished(task: asyncio.Task[Round | None]) -> None:
            tasks.discard(task)
            changed.set()
            if not task.cancelled() and task.exception() is not None:
                log.error("a probe round failed", exc_info=task.exception())

        while not stop.is_set():
            now = self.clock()
            if self.due_checks(now):
                task = asyncio.create_task(self.run_due_async(now))
                tasks.add(task)
                task.add_done_callback(finished)
                await asyncio.sleep(0)  # let the round mark its checks as running
            wait = self.seconds_until_due(self.clock())
            changed.clear()
            waiters = {asyncio.create_task(stop.wait()), asyncio.create_task(changed.wait())}
            await asyncio.wait(waiters, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    # --------------------------------------------------------------- internals
    def _reschedule(self, check: AnyCheck, ended: float) -> None:
        state = self.states[check.id]
        following = next_slot(check, max(ended, state.due))
        state.late += max((following - state.due) // check.interval - 1, 0)
        state.due = following

    def _carried(self, due: list[AnyCheck], at: int) -> list[tuple[CheckResult, int]]:
        """The last results, still fresh at ``at``, of the due services' other checks."""
        services = {c.service for c in due}
        ids = {c.id for c in due}
        carried = []
        for check in self.probes.checks:
            state = self.states[check.id]
            if check.service not in services or check.id in ids or state.last is None:
                continue
            if state.last_at is not None and at - state.last_at <= check.interval * 2:
                carried.append((state.last, self.rows[check.id]))
        return carried

    def _recorded(self, found: Round) -> Round:
        """Remember the results; leave out a service's sample that would share its second
        with the previous one (a rare clash of two intervals), keeping it for the next."""
        for result in found.results:
            state = self.states[result.check.id]
            state.runs += 1
            state.last, state.last_at = result, found.at
        table = found.table
        fresh = np.asarray(
            [self._last_sample.get(name, -1) < found.at for name in table.services], dtype=bool
        )
        keep = fresh[table.service] if len(table) else np.zeros(0, dtype=bool)
        if not keep.all():
            table = select(table, keep)
        for name in table.services:
            self._last_sample[name] = found.at
        return Round(found.at, found.results, table, found.warnings)
