"""Due alerts: every transition once, in order, whatever the restarts and outages."""

from __future__ import annotations

import math
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from slaledger.domain.alerts import (
    Alert,
    ClockThresholds,
    DeliveryKey,
    Transition,
    due_alerts,
    next_wakeup,
)

MINUTE = 60
RISK = 0.75


def thresholds(**overrides: object) -> ClockThresholds:
    values: dict[str, object] = {
        "incident": "INC-1",
        "clock": "restore",
        "contract": "previsoft",
        "clause": "SLA §4.2",
        "deadline": 1000,
        "at_risk_at": 750,
    }
    values.update(overrides)
    return ClockThresholds(**values)  # type: ignore[arg-type]


# --------------------------------------------------------------------- examples


def test_nothing_is_due_before_the_at_risk_instant() -> None:
    assert due_alerts([thresholds()], now=749, delivered=set()) == []


def test_the_at_risk_alert_is_due_at_its_instant_with_the_deadline_and_clause() -> None:
    (alert,) = due_alerts([thresholds()], now=750, delivered=set())
    assert alert == Alert(
        incident="INC-1",
        clock="restore",
        transition=Transition.AT_RISK,
        happened_at=750,
        deadline=1000,
        contract="previsoft",
        clause="SLA §4.2",
    )


def test_a_kind_switched_off_is_never_due_nor_waited_for() -> None:
    clock = [thresholds()]
    only_breach = {Transition.BREACHED}
    assert due_alerts(clock, now=900, delivered=set(), kinds=only_breach) == []
    assert next_wakeup(clock, now=0, delivered=set(), kinds=only_breach) == 1000
    (breach,) = due_alerts(clock, now=1000, delivered=set(), kinds=only_breach)
    assert breach.transition is Transition.BREACHED
    assert due_alerts(clock, now=5000, delivered=set(), kinds=set()) == []
    assert next_wakeup(clock, now=0, delivered=set(), kinds=set()) is None


def test_a_clock_breached_while_nobody_watched_gets_both_alerts_in_order() -> None:
    alerts = due_alerts([thresholds()], now=5000, delivered=set())
    assert [(a.transition, a.happened_at) for a in alerts] == [
        (Transition.AT_RISK, 750),
        (Transition.BREACHED, 1000),
    ]


def test_a_delivered_transition_is_not_due_again() -> None:
    delivered: set[DeliveryKey] = {("INC-1", "restore", Transition.AT_RISK)}
    alerts = due_alerts([thresholds()], now=5000, delivered=delivered)
    assert [a.transition for a in alerts] == [Transition.BREACHED]


def test_a_clock_stopped_before_its_at_risk_instant_never_alerts() -> None:
    assert due_alerts([thresholds(stopped_at=700)], now=5000, delivered=set()) == []


def test_a_clock_stopped_exactly_at_its_deadline_is_met_and_only_was_at_risk() -> None:
    alerts = due_alerts([thresholds(stopped_at=1000)], now=5000, delivered=set())
    assert [a.transition for a in alerts] == [Transition.AT_RISK]


def test_a_clock_without_target_never_alerts() -> None:
    clock = thresholds(deadline=None, at_risk_at=None)
    assert due_alerts([clock], now=5000, delivered=set()) == []
    assert next_wakeup([clock], now=0, delivered=set()) is None


def test_transitions_older_than_the_look_back_window_are_not_announced() -> None:
    alerts = due_alerts([thresholds()], now=5000, delivered=set(), since=800)
    assert [a.transition for a in alerts] == [Transition.BREACHED]


def test_alerts_of_several_clocks_come_in_the_order_they_happened() -> None:
    late = thresholds(incident="INC-2", at_risk_at=900, deadline=1200)
    alerts = due_alerts([late, thresholds()], now=5000, delivered=set())
    assert [(a.incident, a.happened_at) for a in alerts] == [
        ("INC-1", 750),
        ("INC-2", 900),
        ("INC-1", 1000),
        ("INC-2", 1200),
    ]


def test_the_next_wakeup_is_the_earliest_undelivered_future_threshold() -> None:
    clocks = [thresholds(), thresholds(incident="INC-2", at_risk_at=600, deadline=800)]
    assert next_wakeup(clocks, now=0, delivered=set()) == 600
    assert next_wakeup(clocks, now=600, delivered=set()) == 750
    assert next_wakeup(clocks, now=1000, delivered=set()) is None


def test_a_paused_clock_does_not_set_the_next_wakeup() -> None:
    assert next_wakeup([thresholds(paused=True)], now=0, delivered=set()) is None


# ------------------------------------------- property: against a minute-by-minute truth


@dataclass(frozen=True)
class SimClock:
    """A clock on a round-the-clock calendar, in minutes: start, target, stop, pauses."""

    name: str
    start: int
    target: int
    stop: int | None
    pauses: tuple[tuple[int, int | None], ...]  # [begin, end); end None: never resumed

    def paused_at(self, minute: int) -> bool:
        return any(b <= minute and (e is None or minute < e) for b, e in self.pauses)

    def truth(self) -> list[tuple[Transition, int]]:
        """Step minute by minute with full knowledge: when each transition happens."""
        risk = math.ceil(self.target * RISK)
        happened: list[tuple[Transition, int]] = []
        elapsed, minute = 0, self.start
        horizon = (
            self.start
            + self.target
            + sum((e if e is not None else 10_000) - b for b, e in self.pauses)
        )
        while minute <= horizon and len(happened) < 2:
            if self.stop is not None and minute >= self.stop:
                break
            wanted = Transition.AT_RISK if not happened else Transition.BREACHED
            budget = risk if wanted is Transition.AT_RISK else self.target
            if elapsed >= budget:
                happened.append((wanted, minute * MINUTE))
                continue  # both may happen at the same minute
            if not self.paused_at(minute):
                elapsed += 1
            minute += 1
        return happened

    def view(self, now_minute: int) -> ClockThresholds:
        """What the service knows at ``now``: past events only, an ongoing pause to now."""
        known = [
            (b, e if e is not None and e <= now_minute else now_minute)
            for b, e in self.pauses
            if b <= now_minute
        ]
        stop = self.stop if self.stop is not None and self.stop <= now_minute else None

        def reach(budget: int) -> int:
            elapsed, minute = 0, self.start
            while elapsed < budget:
                if not any(b <= minute < e for b, e in known):
                    elapsed += 1
                minute += 1
            return minute * MINUTE

        return ClockThresholds(
            incident=self.name,
            clock="restore",
            contract="c",
            clause="§1",
            deadline=reach(self.target),
            at_risk_at=reach(math.ceil(self.target * RISK)),
            stopped_at=stop * MINUTE if stop is not None else None,
            paused=self.paused_at(now_minute) and stop is None,
        )


@st.composite
def sim_clocks(draw: st.DrawFn, name: str) -> SimClock:
    start = draw(st.integers(0, 60))
    target = draw(st.integers(1, 60))
    cursor, pauses = start, []
    for _ in range(draw(st.integers(0, 3))):
        begin = cursor + draw(st.integers(0, 40))
        length = draw(st.one_of(st.none(), st.integers(1, 30)))
        pauses.append((begin, None if length is None else begin + length))
        if length is None:
            break
        cursor = begin + length + 1
    stop = draw(st.one_of(st.none(), st.integers(start, start + 150)))
    return SimClock(name, start, target, stop, tuple(pauses))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[SimClock], list[int], list[bool]]:
    count = draw(st.integers(1, 4))
    clocks = [draw(sim_clocks(f"INC-{i}")) for i in range(count)]
    # runs at random minutes, with gaps of any length (the service was down), then late
    nows = [*sorted(draw(st.lists(st.integers(0, 300), max_size=25))), 20000]
    failures = draw(st.lists(st.booleans(), min_size=len(nows) * 8, max_size=len(nows) * 8))
    return clocks, nows, failures


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_every_transition_is_delivered_exactly_once_and_in_order_across_restarts(
    scenario: tuple[list[SimClock], list[int], list[bool]],
) -> None:
    clocks, nows, failures = scenario
    truth = {c.name: c.truth() for c in clocks}
    # the only thing that survives a restart: the stored deliveries
    stored: list[tuple[DeliveryKey, int]] = []
    fail = iter(failures + [False] * 1000)
    for position, now in enumerate(nows):
        views = [c.view(now) for c in clocks]
        delivered = {key for key, _ in stored}
        blocked: set[str] = set()
        last_run = position == len(nows) - 1
        for alert in due_alerts(views, now=now * MINUTE, delivered=delivered):
            assert alert.happened_at <= now * MINUTE
            if alert.incident in blocked:
                continue  # an earlier transition of this clock failed: keep the order
            if not last_run and next(fail):
                blocked.add(alert.incident)  # a failed send is retried on the next run
                continue
            stored.append((alert.key, alert.happened_at))
        # nothing early: every stored delivery happened by now, as the truth says
        for (incident, _, transition), instant in stored:
            assert (transition, instant) in truth[incident]
        # the next wake-up never sleeps past a transition of a clock that is not paused
        wakeup = next_wakeup(views, now=now * MINUTE, delivered={k for k, _ in stored})
        for clock, view in zip(clocks, views, strict=True):
            if view.paused:
                continue
            for _, instant in truth[clock.name]:
                if instant > now * MINUTE:
                    assert wakeup is not None
                    assert instant >= wakeup
    # at the end, exactly the truth: each transition once, at-risk before breached
    for clock in clocks:
        sent = [(key[2], instant) for key, instant in stored if key[0] == clock.name]
        assert sent == truth[clock.name]


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_without_failures_every_run_has_sent_all_that_happened_by_then(
    scenario: tuple[list[SimClock], list[int], list[bool]],
) -> None:
    clocks, nows, _ = scenario
    truth = {c.name: c.truth() for c in clocks}
    stored: set[DeliveryKey] = set()
    for now in nows:
        views = [c.view(now) for c in clocks]
        for alert in due_alerts(views, now=now * MINUTE, delivered=stored):
            assert alert.key not in stored
            stored.add(alert.key)
        expected = {
            (name, "restore", transition)
            for name, happened in truth.items()
            for transition, instant in happened
            if instant <= now * MINUTE
        }
        assert stored == expected
