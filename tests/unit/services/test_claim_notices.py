"""The claim notices: the customer is reminded of an unclaimed credit from N days before
its deadline (never after it), the provider told of a claim waiting M days or more;
each once per credit, kind and channel, a failed send retried at the next run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.notify.fakes import RecordingNotifier
from slaledger.domain.claims import Standing
from slaledger.domain.contract.credits import CreditUnit
from slaledger.domain.credits import Credit, Outcome
from slaledger.domain.periods import Month
from slaledger.services.availability import CreditReport
from slaledger.services.claim_book import ClaimRow
from slaledger.services.claim_notice import ClaimNoticeKind
from slaledger.services.claim_notices import (
    FixedClaimChannels,
    WatchedCredits,
    due_kinds,
    send_claim_notices,
)

PARIS = ZoneInfo("Europe/Paris")
DEADLINE = datetime(2024, 4, 1, tzinfo=PARIS)  # February's claim closes with March
DAY = timedelta(days=1)


def _row(standing: Standing, deadline: datetime | None = DEADLINE) -> ClaimRow:
    credit = Credit(
        schedule="credits", unit=CreditUnit.DAYS_OF_SUBSCRIPTION, availability=None,
        rated=None, outcome=Outcome.TIER, tier=0, tier_range=None, percent=None,
        days=Decimal(2), amount=None, capped=False, claim_deadline=deadline, notes=(),
    )  # fmt: skip
    report = CreditReport(measure=cast(Any, None), credit=credit, eligibility=())
    return ClaimRow(Month(2024, 2), "saas", report, standing)


@pytest.mark.parametrize(
    ("standing", "now", "claimed_at", "kinds"),
    [
        # to claim, the deadline 7 days away or less: remind the customer
        (Standing.OPEN, DEADLINE - 7 * DAY, None, [ClaimNoticeKind.DEADLINE]),
        (Standing.OPEN, DEADLINE - DAY, None, [ClaimNoticeKind.DEADLINE]),
        # 8 days away: not yet
        (Standing.OPEN, DEADLINE - 8 * DAY, None, []),
        # the deadline passed: too late to help (the credit is expired anyway)
        (Standing.EXPIRED, DEADLINE + DAY, None, []),
        # claimed 10 days ago: tell the provider
        (Standing.REQUESTED, DEADLINE + 9 * DAY, DEADLINE - DAY, [ClaimNoticeKind.DECISION]),
        # claimed 9 days ago: not yet
        (Standing.REQUESTED, DEADLINE + 8 * DAY, DEADLINE - DAY, []),
        # decided, or granted without a claim: nothing to say
        (Standing.GRANTED, DEADLINE + 30 * DAY, DEADLINE - DAY, []),
        (Standing.REFUSED, DEADLINE + 30 * DAY, DEADLINE - DAY, []),
        (Standing.AUTOMATIC, DEADLINE - DAY, None, []),
    ],
)
def test_a_notice_is_due_from_n_days_before_the_deadline_or_m_days_after_the_claim(
    standing, now, claimed_at, kinds
) -> None:
    found = due_kinds(
        _row(standing), claimed_at=claimed_at, now=now, notice_days=7, decision_days=10
    )
    assert found == kinds


def test_an_open_credit_without_a_deadline_needs_no_reminder() -> None:
    row = _row(Standing.OPEN, deadline=None)
    assert due_kinds(row, claimed_at=None, now=DEADLINE, notice_days=7, decision_days=10) == []


@dataclass
class _Store:
    rows: Sequence[ClaimRow]
    claimed: dict[tuple[str, str], datetime] = field(default_factory=dict)
    recorded: list[tuple[str, str, str, str]] = field(default_factory=list)

    def watched_credits(self, *, now: datetime) -> Sequence[WatchedCredits]:
        return [
            WatchedCredits(
                contract="saas-annexes",
                title="SaaS",
                timezone="Europe/Paris",
                rows=self.rows,
                claimed_at=self.claimed,
                contacts=("it@le-client.test",),
                languages=("fr", "en"),
                delivered=frozenset(self.recorded),
            )
        ]

    def record_claim_notice(
        self, contract: str, *, service: str, month: str, kind: str, channel: str, sent_at: datetime
    ) -> bool:
        self.recorded.append((service, month, kind, channel))
        return True


def test_each_notice_goes_once_per_channel_and_a_failed_send_is_retried() -> None:
    store = _Store([_row(Standing.OPEN)])
    good, flaky = RecordingNotifier("good"), RecordingNotifier("flaky", failures=1)
    channels = FixedClaimChannels([good, flaky])
    now = DEADLINE - 3 * DAY
    first = send_claim_notices(store=store, channels=channels, now=now)
    assert [(c, k) for _, _, k, c in first.sent] == [("good", ClaimNoticeKind.DEADLINE)]
    assert [f[3] for f in first.failed] == ["flaky"]
    second = send_claim_notices(store=store, channels=channels, now=now + DAY)
    assert [c for *_, c in second.sent] == ["flaky"]  # only the one that failed
    third = send_claim_notices(store=store, channels=channels, now=now + DAY)
    assert third.sent == []
    assert len(good.sent) == 1
    notice = good.sent[0]
    assert (notice.contract, notice.month, notice.deadline) == ("saas-annexes", "2024-02", DEADLINE)
