"""Burn-rate alerts in the contract's terms: multi-window, multi-burn-rate, as in the
Google SRE workbook (chapter "Alerting on SLOs"), on the error budget of ``budget.py``.

A rule says "``share`` of the period's budget burnt within ``long`` (checked again over
``short``)". With ``allowed`` the period's budget (seconds of counted downtime) a window
of ``W`` seconds ending at an instant *burns too fast* for the rule when::

    down(W) > 0  and  down(W) * long >= share * allowed * W

i.e. its burn rate, ``(down(W) / W) / (allowed / period)``, is at or above
``share * period / long`` (14.4 for 2 % of a 30-day month in 1 h). ``down(W)`` is the
*counted* downtime in the window (after the contract's exclusions and outside its
removed time; a minute outside the measured window counts nothing), and windows stop at
the period's start (the budget is the period's).

Rules of one severity make one alert (the workbook's ``or``): it *fires* at the first
minute where, for some rule, both windows burn too fast; the *episode* it opens lasts
until a minute where, for every rule of the severity, both windows are back below. One
episode, one notification. Evaluation is on the minute grid from the period's start,
vectorised (cumulative downtime at each minute, two subtractions per rule).

Pure: no clock, no I/O. The rules themselves: ``domain.burn_rules``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.availability import TraceEntry
from slaledger.domain.burn_rules import (
    DEFAULT_RULES,
    MINUTE,
    PAGE,
    RULES_EXPECTED,
    SEVERITIES,
    SHARE_SCALE,
    TICKET,
    BurnRule,
    duration_text,
    parse_rules,
)
from slaledger.domain.contract.availability import ExclusionEffect
from slaledger.domain.intervals import Intervals

__all__ = [
    "DEFAULT_RULES",
    "MINUTE",
    "PAGE",
    "RULES_EXPECTED",
    "SEVERITIES",
    "SHARE_SCALE",
    "TICKET",
    "BurnReport",
    "BurnRule",
    "Episode",
    "RuleState",
    "burn_report",
    "counted_downtime",
    "cumulative_minutes",
    "duration_text",
    "episodes",
    "parse_rules",
    "too_fast",
]

I64 = NDArray[np.int64]
Mask = NDArray[np.bool_]


# --------------------------------------------------------------------- downtime
def counted_downtime(trace: Iterable[TraceEntry]) -> Intervals:
    """The seconds a trace counts as downtime: counted rows less removed and excused
    time (the precedence ``measure`` applies)."""
    rows = list(trace)

    def of(effect: ExclusionEffect) -> Intervals:
        chosen = [t for t in rows if t.effect == effect.value]
        return Intervals.of([t.start for t in chosen], [t.end for t in chosen])

    return of(ExclusionEffect.COUNTED) - (of(ExclusionEffect.REMOVED) | of(ExclusionEffect.EXCUSED))


def cumulative_minutes(down: Intervals, start: int, minutes: int) -> I64:
    """Counted downtime from ``start`` to each of the ``minutes + 1`` minute marks."""
    marks = start + MINUTE * np.arange(minutes + 1, dtype=np.int64)
    return down.length_within(np.full(marks.shape, start, dtype=np.int64), marks)


# --------------------------------------------------------------------- episodes
@dataclass(frozen=True)
class Episode:
    """A run of minutes an alert of ``severity`` is on: from ``started`` (the instant it
    fired) to ``ended`` (the instant every window was back below; None: still on)."""

    severity: str
    started: int
    ended: int | None


@dataclass(frozen=True)
class RuleState:
    """A rule's burn rates at the last minute evaluated (None when nothing is budgeted)."""

    rule: BurnRule
    long_down: int
    short_down: int
    long_rate: float | None
    short_rate: float | None
    threshold: float
    firing: bool


@dataclass(frozen=True)
class BurnReport:
    start: int
    evaluated_until: int
    allowed_seconds: int
    period_seconds: int
    episodes: tuple[Episode, ...]
    states: tuple[RuleState, ...]


def _window_down(cum: I64, minutes: int) -> I64:
    """Downtime of the window of ``minutes`` ending at each mark."""
    before = np.maximum(np.arange(cum.size) - minutes, 0)
    result: I64 = cum - cum[before]
    return result


def too_fast(down: I64, rule: BurnRule, window_seconds: int, allowed: int) -> Mask:
    left = down * rule.long_seconds * SHARE_SCALE
    right = rule.share_units * allowed * window_seconds
    result: Mask = (down > 0) & (left >= right)
    return result


def episodes(
    cum: I64, start: int, rules: Sequence[BurnRule], allowed: int, severity: str
) -> list[Episode]:
    """The episodes of ``severity`` over the marks of ``cum`` (see the module's docs)."""
    mine = [r for r in rules if r.severity == severity]
    if not mine or cum.size < 2:
        return []
    fire = np.zeros(cum.size, dtype=np.bool_)
    clear = np.ones(cum.size, dtype=np.bool_)
    for rule in mine:
        long_fast = too_fast(
            _window_down(cum, rule.long_seconds // MINUTE), rule, rule.long_seconds, allowed
        )
        short_fast = too_fast(
            _window_down(cum, rule.short_seconds // MINUTE), rule, rule.short_seconds, allowed
        )
        fire |= long_fast & short_fast
        clear &= ~long_fast & ~short_fast
    fire[0], clear[0] = False, True  # nothing has burnt at the period's start
    index = np.where(fire | clear, np.arange(cum.size), 0)
    last = np.maximum.accumulate(index)
    on = fire[last]
    changes = np.flatnonzero(np.diff(on.astype(np.int8)))
    found: list[Episode] = []
    opened: int | None = None
    for k in changes + 1:
        instant = start + MINUTE * int(k)
        if on[k]:
            opened = instant
        elif opened is not None:
            found.append(Episode(severity, opened, instant))
            opened = None
    if opened is not None:
        found.append(Episode(severity, opened, None))
    return found


def burn_report(
    down: Intervals,
    *,
    start: int,
    until: int,
    period_seconds: int,
    allowed: int,
    rules: Sequence[BurnRule] = DEFAULT_RULES,
) -> BurnReport:
    """Episodes of every severity from ``start`` (the period's) to the last whole minute
    at or before ``until``, and each rule's state at that minute."""
    minutes = max(0, (until - start) // MINUTE)
    cum = cumulative_minutes(down, start, minutes)
    found: list[Episode] = []
    for severity in SEVERITIES:
        found.extend(episodes(cum, start, rules, allowed, severity))
    found.sort(key=lambda e: (e.started, e.severity))
    states = []
    for rule in rules:
        long_d = int(_window_down(cum, rule.long_seconds // MINUTE)[-1])
        short_d = int(_window_down(cum, rule.short_seconds // MINUTE)[-1])
        states.append(
            RuleState(
                rule=rule,
                long_down=long_d,
                short_down=short_d,
                long_rate=_rate(long_d, rule.long_seconds, allowed, period_seconds),
                short_rate=_rate(short_d, rule.short_seconds, allowed, period_seconds),
                threshold=rule.threshold_rate(period_seconds),
                firing=bool(
                    too_fast(np.asarray([long_d]), rule, rule.long_seconds, allowed)[0]
                    and too_fast(np.asarray([short_d]), rule, rule.short_seconds, allowed)[0]
                ),
            )
        )
    return BurnReport(
        start=start,
        evaluated_until=start + MINUTE * minutes,
        allowed_seconds=allowed,
        period_seconds=period_seconds,
        episodes=tuple(found),
        states=tuple(states),
    )


def _rate(down: int, window: int, allowed: int, period: int) -> float | None:
    if allowed <= 0:
        return None
    return (down / window) / (allowed / period)
