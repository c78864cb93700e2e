"""The event log: ordering, grammar checks and derived facts."""

from __future__ import annotations

import numpy as np
import pytest

from slaledger.adapters.i18n import english
from slaledger.domain.incidents.clocks import NEVER
from slaledger.domain.incidents.log import CODE, EventLog, EventLogError


def log(*events: tuple[int, int, str, str | None]) -> EventLog:
    names = tuple(sorted({f"INC-{e[0]}" for e in events}))
    return EventLog(
        incident=np.asarray([e[0] for e in events], dtype=np.int64),
        at=np.asarray([e[1] for e in events], dtype=np.int64),
        kind=np.asarray([CODE[e[2]] for e in events], dtype=np.int8),
        value=np.asarray([e[3] for e in events], dtype=object),
        row=np.arange(1, len(events) + 1, dtype=np.int64),
        names=names,
    ).ordered()


def test_an_event_recorded_late_with_an_earlier_instant_is_placed_where_it_belongs():
    events = log((0, 100, "notified", None), (0, 500, "resumed", None), (0, 300, "paused", "x"))
    events.check()
    pauses = events.pauses()
    assert pauses.start.tolist() == [300]
    assert pauses.end.tolist() == [500]


def test_an_unfinished_pause_runs_until_never():
    events = log((0, 100, "notified", None), (0, 300, "paused", "waiting-customer"))
    assert events.pauses().end.tolist() == [NEVER]


def test_the_last_classification_at_the_evaluation_instant_wins():
    events = log(
        (0, 100, "notified", None), (0, 110, "classified", "P3"), (0, 400, "classified", "P1")
    )
    assert events.last_value(CODE["classified"], at=200).tolist() == ["P3"]
    assert events.last_value(CODE["classified"], at=400).tolist() == ["P1"]


def test_first_stop_event_among_several_kinds():
    events = log((0, 100, "notified", None), (0, 900, "resolved", None), (0, 700, "restored", None))
    first = events.first((CODE["restored"], CODE["resolved"]), at=10_000)
    assert first.tolist() == [700]


@pytest.mark.parametrize(
    ("events", "row", "fragment"),
    [
        ([(0, 100, "notified", None), (0, 50, "restored", None)], 2, "before it"),
        ([(0, 100, "notified", None), (0, 200, "resumed", None)], 2, "while not paused"),
        ([(0, 100, "notified", None), (0, 200, "notified", None)], 2, "second 'notified'"),
        ([(0, 100, "restored", None)], 1, "none for INC-0"),
    ],
)
def test_grammar_violations_name_the_row(events, row, fragment):
    with pytest.raises(EventLogError) as caught:
        log(*events).check()
    violation = caught.value.violations[0]
    assert violation.row == row
    assert fragment in english(violation.found)
