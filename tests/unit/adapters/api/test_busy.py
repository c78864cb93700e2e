"""503 + Retry-After: which database errors mean "busy", and the expensive-request gate."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from slaledger.adapters.api.busy import Gate, database_busy
from slaledger.adapters.api.problems import ProblemError


def test_a_locked_sqlite_database_is_busy() -> None:
    error = OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
    problem = database_busy(error)
    assert problem is not None
    assert problem.status == 503
    assert problem.headers["Retry-After"] == "2"


def test_a_pool_timeout_is_busy() -> None:
    problem = database_busy(PoolTimeout("QueuePool limit of size 5 overflow 10 reached"))
    assert problem is not None
    assert problem.status == 503


def test_other_database_errors_are_not_busy() -> None:
    error = OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x"))
    assert database_busy(error) is None


def test_the_gate_turns_away_a_request_that_waited_too_long() -> None:
    async def scenario() -> tuple[int, str]:
        gate = Gate(limit=1, wait=0.05)
        async with gate.slot():
            with pytest.raises(ProblemError) as caught:
                async with gate.slot():
                    pass  # pragma: no cover - never entered
        async with gate.slot():  # the slot was given back
            assert gate.running == 1
        return caught.value.status, caught.value.headers["Retry-After"]

    status, retry = asyncio.run(scenario())
    assert status == 503
    assert int(retry) >= 1


def test_the_gate_lets_a_waiting_request_in_when_a_slot_frees() -> None:
    async def scenario() -> list[str]:
        gate, order = Gate(limit=1, wait=5), []

        async def job(name: str, hold: float) -> None:
            async with gate.slot():
                order.append(name)
                await asyncio.sleep(hold)

        await asyncio.gather(job("first", 0.05), job("second", 0))
        return order

    assert asyncio.run(scenario()) == ["first", "second"]


def test_a_gate_needs_a_slot() -> None:
    with pytest.raises(ValueError, match="expected >= 1"):
        Gate(limit=0, wait=1)
