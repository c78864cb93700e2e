"""The busy 503's detail in the reader's language, English as before (docs/i18n.md)."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from slaledger.adapters.api.busy import Gate, database_busy
from slaledger.adapters.api.problems import ProblemError
from slaledger.adapters.i18n import english, render
from tests.language_words import foreign_sentences


def test_a_locked_database_is_told_in_french_and_in_english() -> None:
    error = OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
    problem = database_busy(error)
    assert problem is not None
    assert english(problem.detail) == "the database is locked by another write; try again shortly"
    assert english(problem.title) == "Service Unavailable"
    french = render(problem.detail, "fr")
    assert french.startswith("la base de données est verrouillée")
    assert foreign_sentences([french, render(problem.title, "fr")], "fr") == []


def test_the_gate_says_how_long_the_request_waited_in_french() -> None:
    async def scenario() -> ProblemError:
        gate = Gate(limit=1, wait=0.05)
        async with gate.slot():
            with pytest.raises(ProblemError) as caught:
                async with gate.slot():
                    pass  # pragma: no cover - never entered
        return caught.value

    problem = asyncio.run(scenario())
    assert english(problem.detail) == (
        "1 expensive requests are running and this one waited 0.05 s for its turn; try "
        "again shortly (SLALEDGER_MAX_EXPENSIVE raises the limit)"
    )
    french = render(problem.detail, "fr")
    assert "0,05\u00a0s" in french
    assert foreign_sentences([french], "fr") == []
