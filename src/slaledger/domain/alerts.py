"""Which clock alerts are due: a clock becomes at-risk, a clock breaches.

Each (incident, clock) has two transitions, ``at-risk`` then ``breached``, and each must
be notified once per channel: never twice (a restart or a second scheduler repeats
nothing, because what was delivered is stored) and never missed (the instants are
re-derived from the event log, so a transition that happened while nobody was watching is
still due afterwards, in order).

The inputs are a clock's thresholds *as of the evaluation instant*: an ongoing pause
pushes both thresholds back as it goes on, so a clock paused before its at-risk instant
never reaches it while paused. Pure: no I/O, no clock; ``now`` is an argument.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass


class Transition(enum.StrEnum):
    """What happened to a clock, in the order it happens."""

    AT_RISK = "at-risk"
    BREACHED = "breached"

    @property
    def rank(self) -> int:
        return 0 if self is Transition.AT_RISK else 1


@dataclass(frozen=True)
class ClockThresholds:
    """One clock of one incident, as of the evaluation instant (epoch seconds).

    ``at_risk_at``: when the elapsed time reaches the risk share of the target;
    ``deadline``: when it reaches the whole target (both None without a target);
    ``stopped_at``: when the clock stopped (None while it runs); ``paused``: a pause is
    going on, so both thresholds move on with time and cannot be reached before it ends.
    """

    incident: str
    clock: str
    contract: str
    clause: str
    deadline: int | None
    at_risk_at: int | None
    stopped_at: int | None = None
    paused: bool = False

    def instant_of(self, transition: Transition) -> int | None:
        """When the transition happens (or happened), None if it never will."""
        instant = self.at_risk_at if transition is Transition.AT_RISK else self.deadline
        if instant is None:
            return None
        if self.stopped_at is not None and self.stopped_at <= instant:
            return None  # stopped in time: met, never at risk (or never breached)
        return instant


@dataclass(frozen=True)
class Alert:
    """A transition to notify."""

    incident: str
    clock: str
    transition: Transition
    happened_at: int
    deadline: int
    contract: str
    clause: str

    @property
    def key(self) -> DeliveryKey:
        return (self.incident, self.clock, self.transition)


#: (incident, clock, transition): what identifies a delivery on one channel
DeliveryKey = tuple[str, str, Transition]


def due_alerts(
    clocks: Iterable[ClockThresholds],
    *,
    now: int,
    delivered: Collection[DeliveryKey],
    since: int | None = None,
    kinds: Collection[Transition] | None = None,
) -> list[Alert]:
    """Transitions that happened at or before ``now`` and were not delivered yet.

    Ordered by the instant they happened (at-risk before breached at equal instants).
    ``since``: transitions that happened before it are too old to notify (the look-back
    window, so that a first start does not announce a year of history). ``kinds``: the
    transitions to notify (every kind when None; a contract may switch one off).
    """
    due: list[Alert] = []
    chosen = _kinds(kinds)
    for clock in clocks:
        if clock.deadline is None:
            continue
        for transition in chosen:
            instant = clock.instant_of(transition)
            if instant is None or instant > now:
                continue
            if since is not None and instant < since:
                continue
            if (clock.incident, clock.clock, transition) in delivered:
                continue
            due.append(
                Alert(
                    incident=clock.incident,
                    clock=clock.clock,
                    transition=transition,
                    happened_at=instant,
                    deadline=clock.deadline,
                    contract=clock.contract,
                    clause=clock.clause,
                )
            )
    due.sort(key=lambda a: (a.happened_at, a.transition.rank, a.contract, a.incident, a.clock))
    return due


def next_wakeup(
    clocks: Iterable[ClockThresholds],
    *,
    now: int,
    delivered: Collection[DeliveryKey],
    kinds: Collection[Transition] | None = None,
) -> int | None:
    """The earliest instant after ``now`` at which an alert (of ``kinds``, every kind
    when None) could become due, if any.

    Paused clocks are left out: their thresholds move on while the pause lasts, and the
    pause ends only with a new event, which the caller sees on its next capped wake-up.
    """
    earliest: int | None = None
    chosen = _kinds(kinds)
    for clock in clocks:
        if clock.paused or clock.deadline is None:
            continue
        for transition in chosen:
            instant = clock.instant_of(transition)
            if instant is None or instant <= now:
                continue
            if (clock.incident, clock.clock, transition) in delivered:
                continue
            if earliest is None or instant < earliest:
                earliest = instant
    return earliest


def _kinds(kinds: Collection[Transition] | None) -> tuple[Transition, ...]:
    """The kinds asked for, in the order they happen."""
    return tuple(t for t in Transition if kinds is None or t in kinds)
