"""Sources failing and recovered: which notice is due on which channel, once per
failure episode; and the use case with an in-memory store and recording notifiers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest

from slaledger.adapters.notify.fakes import RecordingNotifier
from slaledger.services.alerts import FixedChannels
from slaledger.services.source_alerts import SourceStatus, announce_source, due_notices
from slaledger.services.source_notice import SourceNotice, SourceTransition

FAILING, RECOVERED = SourceTransition.FAILING, SourceTransition.RECOVERED
T0 = datetime(2024, 3, 16, 9, tzinfo=UTC)
HOUR = timedelta(hours=1)
CHANNELS = ["webhook:a", "email:b"]

OK = SourceStatus(
    contract="saas-annexes", source="errors", kind="counts-file",
    synced_until=T0, last_success=T0, failing_since=None, last_error="",
)  # fmt: skip
FAILED = replace(OK, failing_since=T0 + HOUR, last_error="counts.csv: expected a readable file")


def told(*pairs: tuple[SourceTransition, str]) -> frozenset[tuple[SourceTransition, str]]:
    return frozenset(pairs)


@pytest.mark.parametrize(
    ("status", "now", "expected"),
    [
        # syncing fine: nothing to say
        (OK, T0 + 5 * HOUR, []),
        # failing for less than stale_after: not yet
        (FAILED, T0 + HOUR + timedelta(minutes=59), []),
        # failing for stale_after exactly: every channel, the episode named by its start
        (FAILED, T0 + 2 * HOUR, [(FAILING, T0 + HOUR, c) for c in CHANNELS]),
        # told on one channel already (the other's send failed): the other only
        (
            replace(FAILED, announced_episode=T0 + HOUR, delivered=told((FAILING, "webhook:a"))),
            T0 + 3 * HOUR,
            [(FAILING, T0 + HOUR, "email:b")],
        ),
        # told everywhere, still failing: nothing more
        (
            replace(
                FAILED,
                announced_episode=T0 + HOUR,
                delivered=told((FAILING, "webhook:a"), (FAILING, "email:b")),
            ),
            T0 + 9 * HOUR,
            [],
        ),
        # synced again after the announced episode: recovered, where it was told
        (
            replace(
                OK,
                last_success=T0 + 4 * HOUR,
                announced_episode=T0 + HOUR,
                delivered=told((FAILING, "webhook:a")),
            ),
            T0 + 4 * HOUR,
            [(RECOVERED, T0 + HOUR, "webhook:a")],
        ),
        # recovered already told: nothing
        (
            replace(
                OK,
                last_success=T0 + 4 * HOUR,
                announced_episode=T0 + HOUR,
                delivered=told((FAILING, "webhook:a"), (RECOVERED, "webhook:a")),
            ),
            T0 + 5 * HOUR,
            [],
        ),
        # recovered before anyone was told it failed: nothing
        (replace(OK, last_success=T0 + 4 * HOUR), T0 + 4 * HOUR, []),
        # a new episode after an announced one: the new failure, never a late recovery
        (
            replace(
                FAILED,
                failing_since=T0 + 6 * HOUR,
                last_success=T0 + 5 * HOUR,
                announced_episode=T0 + HOUR,
                delivered=told((FAILING, "webhook:a"), (RECOVERED, "webhook:a")),
            ),
            T0 + 7 * HOUR,
            [(FAILING, T0 + 6 * HOUR, c) for c in CHANNELS],
        ),
    ],
)
def test_due_notices(
    status: SourceStatus,
    now: datetime,
    expected: list[tuple[SourceTransition, datetime, str]],
) -> None:
    assert due_notices(status, channels=CHANNELS, now=now, stale_after=HOUR) == expected


@dataclass
class MemorySourceStore:
    status: SourceStatus
    records: list[tuple[datetime, str, str]] = field(default_factory=list)

    def source_status(self, contract: str, source: str) -> SourceStatus | None:
        episodes = [e for e, t, _ in self.records if t == "failing"]
        episode = max(episodes) if episodes else None
        delivered = frozenset((SourceTransition(t), c) for e, t, c in self.records if e == episode)
        return replace(self.status, announced_episode=episode, delivered=delivered)

    def contract_words(self, contract: str, at: datetime) -> tuple[str, str]:
        return "SaaS annexes", "Europe/Paris"

    def record_source_alert(
        self, contract: str, source: str, *, episode: datetime, transition: str,
        channel: str, sent_at: datetime,
    ) -> bool:  # fmt: skip
        self.records.append((episode, transition, channel))
        return True


def _announce(store: MemorySourceStore, notifier: RecordingNotifier, now: datetime) -> int:
    report = announce_source(
        store=store, channels=FixedChannels([notifier]), contract="saas-annexes",
        source="errors", service="solution", now=now, stale_after=HOUR,
    )  # fmt: skip
    return len(report.sent)


def test_a_failure_episode_is_announced_once_then_its_recovery_once() -> None:
    store = MemorySourceStore(FAILED)
    notifier = RecordingNotifier("webhook:a")
    assert _announce(store, notifier, T0 + 2 * HOUR) == 1
    assert _announce(store, notifier, T0 + 3 * HOUR) == 0  # still failing
    (notice,) = notifier.sent
    assert isinstance(notice, SourceNotice)
    assert notice.transition is FAILING
    assert (notice.failing_since, notice.last_success) == (T0 + HOUR, T0)
    assert notice.lag == 2 * HOUR  # synced until T0, announced at T0 + 2 h
    assert (notice.service, notice.timezone, notice.kind) == (
        "solution",
        "Europe/Paris",
        "counts-file",
    )
    store.status = replace(OK, last_success=T0 + 4 * HOUR, synced_until=T0 + 4 * HOUR)
    assert _announce(store, notifier, T0 + 4 * HOUR) == 1
    assert _announce(store, notifier, T0 + 5 * HOUR) == 0
    assert [n.transition for n in notifier.sent if isinstance(n, SourceNotice)] == [
        FAILING,
        RECOVERED,
    ]


def test_a_failed_send_is_not_recorded_and_is_retried() -> None:
    store = MemorySourceStore(FAILED)
    notifier = RecordingNotifier("webhook:a", failures=1)
    assert _announce(store, notifier, T0 + 2 * HOUR) == 0
    assert store.records == []
    assert _announce(store, notifier, T0 + 3 * HOUR) == 1
    assert notifier.attempts == 2
