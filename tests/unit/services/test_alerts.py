"""The alerts use case on seed contract 001, with in-memory store and notifiers."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.adapters.notify.fakes import InMemoryAlertStore, RecordingNotifier
from slaledger.bootstrap import contract_calendars
from slaledger.domain.alerts import Transition
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.contract.contract import Contract
from slaledger.services.alert_clocks import clock_thresholds
from slaledger.services.alerts import run_once
from slaledger.services.incidents import evaluate_incidents

ROOT = Path(__file__).resolve().parents[3]
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def contract() -> Contract:
    return load_contract(ROOT / "examples/contracts/001-saas-annexes.yaml").contract


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=PARIS)


def make_store(contract: Contract, tmp_path: Path, rows: list[str]) -> InMemoryAlertStore:
    path = tmp_path / "events.csv"
    path.write_text("incident,at,event,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    table = read_events(path)
    return InMemoryAlertStore(contracts=[(contract, table, contract_calendars(contract))])


# Saturday 16 March 10:00 Paris, Critical, out of hours: take-into-account 6 h round the
# clock (at risk at 75 %: 14:30, deadline 16:00), diagnosis 24 h (at risk 04:00 on Sunday)
SATURDAY = [
    "INC-1,2024-03-16T10:00:00+01:00,notified,",
    "INC-1,2024-03-16T10:05:00+01:00,classified,critical",
]


def take_into_account(notifier: RecordingNotifier) -> list[tuple[Transition, datetime]]:
    return [
        (n.alert.transition, n.happened_at.astimezone(PARIS))
        for n in notifier.sent
        if n.alert.clock == "take-into-account"
    ]


def test_a_clock_is_announced_at_risk_then_breached_once_each(contract, tmp_path) -> None:
    store = make_store(contract, tmp_path, SATURDAY)
    notifier = RecordingNotifier()
    for now in [paris(16, 14, 29), paris(16, 14, 30), paris(16, 15), paris(16, 16), paris(16, 17)]:
        run_once(store=store, notifiers=[notifier], now=now)
    assert take_into_account(notifier) == [
        (Transition.AT_RISK, paris(16, 14, 30)),
        (Transition.BREACHED, paris(16, 16)),
    ]
    notice = notifier.sent[0]
    assert notice.deadline == paris(16, 16)
    assert notice.alert.contract == contract.id
    assert notice.alert.clause == contract.clocks[0].clause.article
    assert notice.clock_title == "Délai de prise en compte"


def test_nothing_is_due_before_the_at_risk_instant_and_the_wakeup_says_when(
    contract, tmp_path
) -> None:
    store = make_store(contract, tmp_path, SATURDAY)
    notifier = RecordingNotifier()
    report = run_once(store=store, notifiers=[notifier], now=paris(16, 11))
    assert notifier.sent == []
    assert report.next_wakeup == paris(16, 14, 30)


def test_a_restart_repeats_nothing_and_a_long_outage_misses_nothing(contract, tmp_path) -> None:
    store = make_store(contract, tmp_path, SATURDAY)
    first = RecordingNotifier()
    run_once(store=store, notifiers=[first], now=paris(16, 14, 45))
    # a new process: fresh notifier and store object, only the recorded deliveries kept
    restarted = make_store(contract, tmp_path, SATURDAY)
    restarted.deliveries = dict(store.deliveries)
    second = RecordingNotifier()
    run_once(store=restarted, notifiers=[second], now=paris(18, 9))
    assert take_into_account(first) == [(Transition.AT_RISK, paris(16, 14, 30))]
    assert take_into_account(second) == [(Transition.BREACHED, paris(16, 16))]
    diagnosis = [n.alert.transition for n in second.sent if n.alert.clock == "diagnosis"]
    assert diagnosis == [Transition.AT_RISK, Transition.BREACHED]


def test_a_failed_send_is_retried_and_the_breach_waits_behind_it(contract, tmp_path) -> None:
    store = make_store(contract, tmp_path, SATURDAY)
    flaky = RecordingNotifier("flaky", failures=1)
    steady = RecordingNotifier("steady")
    first = run_once(store=store, notifiers=[flaky, steady], now=paris(16, 16, 30))
    assert [(a.clock, a.transition) for a, _, _ in first.failed] == [
        ("take-into-account", Transition.AT_RISK)
    ]
    assert take_into_account(flaky) == []  # the breach is not sent before the at-risk
    assert len(take_into_account(steady)) == 2
    run_once(store=store, notifiers=[flaky, steady], now=paris(16, 16, 31))
    run_once(store=store, notifiers=[flaky, steady], now=paris(16, 16, 32))
    assert take_into_account(flaky) == take_into_account(steady)
    assert len(take_into_account(steady)) == 2


def test_a_clock_stopped_before_its_at_risk_instant_never_alerts(contract, tmp_path) -> None:
    rows = [*SATURDAY, "INC-1,2024-03-16T12:00:00+01:00,acknowledged,"]
    store = make_store(contract, tmp_path, rows)
    notifier = RecordingNotifier()
    run_once(store=store, notifiers=[notifier], now=paris(17, 12))
    assert take_into_account(notifier) == []


def test_a_clock_paused_before_its_at_risk_instant_does_not_alert_while_paused(
    contract, tmp_path
) -> None:
    rows = [*SATURDAY, "INC-1,2024-03-16T12:00:00+01:00,paused,waiting-customer"]
    notifier = RecordingNotifier()
    paused = make_store(contract, tmp_path, rows)
    run_once(store=paused, notifiers=[notifier], now=paris(16, 18))
    assert take_into_account(notifier) == []
    # resumed at 19:00: 2 h 30 left before the risk share, so at risk at 21:30
    resumed = make_store(contract, tmp_path, [*rows, "INC-1,2024-03-16T19:00:00+01:00,resumed,"])
    resumed.deliveries = paused.deliveries
    run_once(store=resumed, notifiers=[notifier], now=paris(16, 21, 29))
    assert take_into_account(notifier) == []
    run_once(store=resumed, notifiers=[notifier], now=paris(16, 21, 30))
    assert take_into_account(notifier) == [(Transition.AT_RISK, paris(16, 21, 30))]


def test_transitions_older_than_the_look_back_window_are_not_announced(contract, tmp_path) -> None:
    store = make_store(contract, tmp_path, SATURDAY)
    notifier = RecordingNotifier()
    run_once(store=store, notifiers=[notifier], now=paris(16, 16, 30), lookback=timedelta(hours=1))
    assert take_into_account(notifier) == [(Transition.BREACHED, paris(16, 16))]


@pytest.mark.parametrize(
    ("rows", "label"),
    [
        # in hours (Monday 10:00): 4 working hours, risk after 3
        (
            [
                "INC-2,2024-03-18T10:00:00+01:00,notified,",
                "INC-2,2024-03-18T10:01:00+01:00,classified,critical",
            ],
            "in hours",
        ),
        # Friday 16:00: the working day ends at 18:00, the clock goes on on Monday
        (
            [
                "INC-2,2024-03-15T16:00:00+01:00,notified,",
                "INC-2,2024-03-15T16:01:00+01:00,classified,urgent",
            ],
            "over a weekend",
        ),
        # paused for an hour in the middle
        (
            [
                "INC-2,2024-03-18T10:00:00+01:00,notified,",
                "INC-2,2024-03-18T10:01:00+01:00,classified,important",
                "INC-2,2024-03-18T11:00:00+01:00,paused,waiting-customer",
                "INC-2,2024-03-18T12:00:00+01:00,resumed,",
            ],
            "with a pause",
        ),
    ],
)
def test_the_at_risk_instant_is_when_the_incidents_service_first_says_at_risk(
    contract, tmp_path, rows, label
) -> None:
    store = make_store(contract, tmp_path, rows)
    ((_, table, calendars),) = store.contracts
    at = to_epoch(paris(31, 12))
    thresholds, _ = clock_thresholds(
        contract=contract, log=table.log, at=at, calendars=calendars, kinds=table.kind
    )
    assert thresholds, label

    def status(clock: str, instant: int) -> str:
        (view,) = evaluate_incidents(
            contract=contract, log=table.log, at=instant, calendars=calendars
        )
        return next(c.status for c in view.clocks if c.name == clock)

    for found in thresholds:
        assert found.at_risk_at is not None
        assert status(found.clock, found.at_risk_at - 1) == "running", label
        assert status(found.clock, found.at_risk_at) == "at-risk", label
        assert status(found.clock, found.deadline) == "breached", label


class Broken:
    channel = "broken"

    def send(self, notice: object) -> None:
        raise RuntimeError("a bug in a notifier")


def test_a_channel_that_crashes_is_a_failed_send_and_holds_back_no_other_channel(
    contract, tmp_path, caplog
) -> None:
    store = make_store(contract, tmp_path, SATURDAY)
    steady = RecordingNotifier("steady")
    report = run_once(store=store, notifiers=[Broken(), steady], now=paris(16, 14, 31))
    assert [(a.clock, channel) for a, channel, _ in report.failed] == [
        ("take-into-account", "broken")
    ]
    assert take_into_account(steady) == [(Transition.AT_RISK, paris(16, 14, 30))]
    assert "failed unexpectedly" in caplog.text
