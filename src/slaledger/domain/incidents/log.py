"""An incident is its event log; state and clock inputs are derived from it, in bulk.

Vocabulary (file format and domain alike): notified (the start), classified (value: a
class, a priority or S1/C2), acknowledged, diagnosed, workaround, restored, resolved,
closed, paused (value: reason), resumed, escalated (value: level 1-4), attributed
(value: provider, customer, third-party, force-majeure), not-reproducible,
onsite-requested (value: equipment class), onsite-arrived, categorised (value: the
incident's category, which a clock's ``scope`` selects on; the last one counts).

Events are ordered by instant whatever the order they were recorded in, so an event
recorded late with an earlier timestamp lands where it belongs. At equal instants the
recorded order is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.incidents.clocks import NEVER, Pauses
from slaledger.domain.message import Text, msg

I64 = NDArray[np.int64]

EVENTS = (
    "notified",
    "classified",
    "acknowledged",
    "diagnosed",
    "workaround",
    "restored",
    "resolved",
    "closed",
    "paused",
    "resumed",
    "escalated",
    "attributed",
    "not-reproducible",
    "onsite-requested",
    "onsite-arrived",
    #: value: the incident's category (hardware, software...), which a clock's scope selects
    "categorised",
)
CODE = {name: index for index, name in enumerate(EVENTS)}
ATTRIBUTIONS = ("provider", "customer", "third-party", "force-majeure")


@dataclass(frozen=True)
class LogViolation:
    """A row of the log that breaks the event grammar."""

    row: int
    field: str
    #: what the grammar wants and what the row gives, as messages (a quoted value as it is)
    expected: Text
    found: Text


class EventLogError(ValueError):
    def __init__(self, violations: list[LogViolation]) -> None:
        self.violations = violations
        super().__init__(
            "; ".join(
                f"row {v.row}: {_said(v.expected)}, found {_said(v.found)}" for v in violations
            )
        )


def _said(text: Text) -> str:
    """A text for the exception's own line (the log): a message by its id."""
    return text if isinstance(text, str) else text.id


@dataclass(frozen=True)
class EventLog:
    """Events of many incidents, as columns. ``row`` is the event's row in its source."""

    incident: I64  # incident index 0..n-1
    at: I64
    kind: NDArray[np.int8]
    value: NDArray[np.object_]  # str or None
    row: I64
    names: tuple[str, ...]  # incident identifiers, by index

    @property
    def count(self) -> int:
        return len(self.names)

    def ordered(self) -> EventLog:
        """The same events sorted by incident, then instant, then recorded order."""
        order = _order(self.incident, self.at, self.row)
        return EventLog(
            self.incident[order],
            self.at[order],
            self.kind[order],
            self.value[order],
            self.row[order],
            self.names,
        )

    def check(self) -> None:
        """Raise EventLogError listing every grammar violation (the log must be ordered)."""
        violations: list[LogViolation] = []
        notified = self.kind == CODE["notified"]
        per_incident = np.bincount(self.incident[notified], minlength=self.count)
        for index in np.flatnonzero(per_incident > 1):
            rows = self.row[notified & (self.incident == index)]
            violations.append(
                LogViolation(
                    int(rows[1]),
                    "event",
                    msg("input.files.one-notified"),
                    msg("input.found.second-notified", incident=self.names[index]),
                )
            )
        for index in np.flatnonzero(per_incident == 0):
            rows = self.row[self.incident == index]
            violations.append(
                LogViolation(
                    int(rows[0]),
                    "event",
                    msg("input.files.notified-first"),
                    msg("input.found.none-for", incident=self.names[index]),
                )
            )
        start = self.starts()
        early = (self.at < start[self.incident]) & ~notified
        for position in np.flatnonzero(early):
            violations.append(
                LogViolation(
                    int(self.row[position]),
                    "at",
                    msg("input.files.after-notified"),
                    msg("input.found.before-it", event=EVENTS[self.kind[position]]),
                )
            )
        violations.extend(self._pause_violations())
        if violations:
            violations.sort(key=lambda v: v.row)
            raise EventLogError(violations)

    def _pause_violations(self) -> list[LogViolation]:
        mask = (self.kind == CODE["paused"]) | (self.kind == CODE["resumed"])
        kinds = self.kind[mask]
        incidents = self.incident[mask]
        rows = self.row[mask]
        out: list[LogViolation] = []
        state: dict[int, bool] = {}
        # pause/resume events are few: a loop over them, not over incidents or minutes
        for kind, incident, row in zip(
            kinds.tolist(), incidents.tolist(), rows.tolist(), strict=True
        ):
            paused = state.get(incident, False)
            if kind == CODE["resumed"] and not paused:
                out.append(
                    LogViolation(
                        row,
                        "event",
                        msg("input.files.resumed-after-paused"),
                        msg("input.found.resumed-not-paused"),
                    )
                )
            elif kind == CODE["paused"] and paused:
                out.append(
                    LogViolation(
                        row,
                        "event",
                        msg("input.files.paused-while-running"),
                        msg("input.found.paused-already"),
                    )
                )
            state[incident] = kind == CODE["paused"]
        return out

    # ------------------------------------------------------------- derivations
    def starts(self) -> I64:
        """Instant of each incident's 'notified' (NEVER when missing)."""
        return self.first(CODE["notified"], at=int(NEVER))

    def first(self, kind: int | tuple[int, ...], *, at: int) -> I64:
        """Each incident's first event of ``kind`` at or before ``at`` (else NEVER)."""
        kinds = (kind,) if isinstance(kind, int) else kind
        mask = np.isin(self.kind, kinds) & (self.at <= at)
        result = np.full(self.count, NEVER, dtype=np.int64)
        np.minimum.at(result, self.incident[mask], self.at[mask])
        return result

    def last_value(self, kind: int, *, at: int) -> NDArray[np.object_]:
        """Each incident's value of its last ``kind`` event at or before ``at`` (or None)."""
        mask = (self.kind == kind) & (self.at <= at)
        result = np.full(self.count, None, dtype=object)
        # ordered log: the last write per incident wins
        result[self.incident[mask]] = self.value[mask]
        return result

    def pauses(self) -> Pauses:
        """Pause intervals, each 'paused' paired with the next 'resumed' (ordered log)."""
        mask = (self.kind == CODE["paused"]) | (self.kind == CODE["resumed"])
        kinds, incidents, ats = self.kind[mask], self.incident[mask], self.at[mask]
        is_pause = kinds == CODE["paused"]
        following = np.concatenate((kinds[1:], [-1]))
        same = np.concatenate((incidents[1:] == incidents[:-1], [False]))
        next_at = np.concatenate((ats[1:], [NEVER]))
        closed = same & (following == CODE["resumed"])
        end = np.where(closed, next_at, NEVER)
        return Pauses(incidents[is_pause], ats[is_pause], end[is_pause].astype(np.int64))


def _order(incident: I64, at: I64, row: I64) -> I64:
    """Indices sorting by incident, then instant, then row.

    One stable argsort of a packed int64 key (incident in the high bits, instant in the
    low 39 bits, rows already ascending) is several times faster than ``lexsort`` on
    three keys; ``lexsort`` remains for logs whose ranges do not fit.
    """
    if len(at) == 0:
        return np.zeros(0, dtype=np.int64)
    low = int(at.min())
    span = int(at.max()) - low
    rows_ascending = bool(np.all(row[1:] >= row[:-1]))
    if span < 2**39 and int(incident.max()) < 2**24 and rows_ascending:
        key = (incident << 39) | (at - low)
        result: I64 = np.argsort(key, kind="stable")
        return result
    ordered: I64 = np.lexsort((row, at, incident))
    return ordered
