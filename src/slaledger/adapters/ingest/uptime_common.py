"""What the uptime-monitor readers share (``uptime_exports``): the Export they return,
located problems raised together, the choice of one monitor, and the tables they build."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.sheet import MAX_PROBLEMS
from slaledger.domain.intervals import Intervals
from slaledger.domain.message import Message, Text, msg
from slaledger.domain.observations import Origin, OutageTable, SampleTable


@dataclass(frozen=True)
class Export:
    """What an export holds: the table, the time the monitor watched (outage records; for
    samples the contract's maximum gap decides it), and notes on the records it does not
    turn into facts (``12 maintenance beats``)."""

    table: OutageTable | SampleTable
    observed: Intervals | None
    notes: tuple[str, ...] = ()


class Said(str):
    """A ``found`` written as it is (a description), not quoted as a value."""

    __slots__ = ()


class Problems:
    """The problems of one export, raised together (the first MAX_PROBLEMS listed)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[Problem] = []
        self.unlisted = 0

    def add(
        self,
        field: str,
        expected: Text,
        found: object,
        *,
        row: int | None = None,
        line: int | None = None,
    ) -> None:
        if len(self.found) >= MAX_PROBLEMS:
            self.unlisted += 1
            return
        text: Text = (
            found
            if isinstance(found, Message)
            else str(found)
            if isinstance(found, Said)
            else describe(found)
        )
        self.found.append(Problem(self.source, field, expected, text, line=line, row=row))

    def fail(self, field: str, expected: Text, found: object) -> InputError:
        """One problem of the file as a whole, at once."""
        self.add(field, expected, found)
        return InputError(self.found)

    def finish(self) -> None:
        if self.unlisted:
            self.found.append(
                Problem(
                    self.source,
                    "",
                    msg("input.ingest.no-more-problems"),
                    msg("input.found.more-not-listed", n=self.unlisted),
                )
            )
        if self.found:
            raise InputError(self.found)


# ---------------------------------------------------------------- shared pieces
def counted(count: int, thing: str, rest: str) -> tuple[str, ...]:
    """``("3 paused periods, not watched",)``, or nothing when there are none."""
    return (f"{count} {thing}{'' if count == 1 else 's'}{rest}",) if count else ()


def load_json(path: Path, problems: Problems) -> Any:
    """The JSON document of ``path``; an InputError naming the line and column if not."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise problems.fail("", msg("input.ingest.utf8-json"), "bytes that are not UTF-8") from None
    except json.JSONDecodeError as exc:
        problem = Problem(
            str(path), "", msg("input.ingest.json"), exc.msg, line=exc.lineno, column=exc.colno
        )
        raise InputError([problem]) from None


def choose(
    monitors: Sequence[tuple[str, Sequence[str]]],
    monitor: str | None,
    problems: Problems,
    field: str,
) -> int:
    """The index of the monitor chosen among ``(label, names)`` — ``names`` are what
    ``--monitor`` may say (a name, an id); the only one when there is one."""
    labels = ", ".join(label for label, _ in monitors)
    if monitor is None:
        if len(monitors) == 1:
            return 0
        several = msg("input.found.monitors", n=len(monitors), labels=labels)
        found = several if monitors else msg("input.found.no-monitor")
        raise problems.fail(field, msg("input.ingest.one-monitor"), found)
    for index, (_, names) in enumerate(monitors):
        if monitor in names:
            return index
    named: object = Said(labels) if monitors else msg("input.found.no-monitor")
    raise problems.fail(field, msg("input.ingest.monitor-named", name=repr(monitor)), named)


def outage_table(
    origin: Origin,
    service: str,
    start: list[int],
    end: list[int],
    note: list[str],
    rows: list[int],
    observed: Intervals,
) -> OutageTable:
    """Unplanned, unreported outages, declared complete for the time observed."""
    size = len(start)
    covers = tuple(
        (service, int(s), int(e), "outages")
        for s, e in zip(observed.starts, observed.ends, strict=True)
    )
    return OutageTable(
        origin,
        (service,),
        np.zeros(size, dtype=np.int64),
        _i64(start),
        _i64(end),
        np.full(size, "unplanned", dtype=object),
        np.zeros(size, dtype=np.int64),
        np.zeros(size, dtype=np.bool_),
        np.full(size, "", dtype=object),
        np.asarray(note, dtype=object).reshape(size),
        _i64(rows),
        covers,
    )


def sample_table(
    origin: Origin,
    service: str,
    at: list[int],
    up: list[bool],
    latency: list[float],
    rows: list[int],
) -> SampleTable:
    """Samples in time order; several checks of one second (Pingdom's probes) make one
    sample, down when any of them failed, with the first one's row and latency."""
    if not at:
        none = np.zeros(0, dtype=np.int64)
        return SampleTable(
            origin, (service,), none, none, np.zeros(0, dtype=np.bool_), np.zeros(0), none
        )
    instants, states = _i64(at), np.asarray(up, dtype=np.bool_)
    times, numbers = np.asarray(latency, dtype=np.float64), _i64(rows)
    order = np.lexsort((numbers, instants))
    instants, states, times, numbers = (
        instants[order],
        states[order],
        times[order],
        numbers[order],
    )
    first = np.concatenate(([True], instants[1:] != instants[:-1]))
    groups = np.cumsum(first) - 1
    all_up = np.ones(int(first.sum()), dtype=np.bool_)
    np.logical_and.at(all_up, groups, states)
    size = all_up.size
    return SampleTable(
        origin,
        (service,),
        np.zeros(size, dtype=np.int64),
        instants[first],
        all_up,
        times[first],
        numbers[first],
    )


def _i64(values: Sequence[int] | NDArray[np.int64]) -> NDArray[np.int64]:
    return np.asarray(values, dtype=np.int64).reshape(len(values))


def epoch_field(value: object) -> int | None:
    """Whole or fractional epoch seconds (floored), or None when not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return int(value // 1)
