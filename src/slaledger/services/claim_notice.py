"""The notice about a credit's claim (``services/claim_notices.py``): the third kind of
alert beside a clock's (``services/alerts.AlertNotice``) and a source's."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


class ClaimNoticeKind(enum.StrEnum):
    DEADLINE = "deadline"  # to the customer: claim before the deadline
    DECISION = "decision"  # to the provider: a claim waits for its decision


@dataclass(frozen=True)
class ClaimNotice:
    """A credit's claim notice, with what a person needs to read it."""

    kind: ClaimNoticeKind
    contract: str
    contract_title: str
    timezone: str  # the contract's zone: instants are shown in it
    service: str
    month: str
    unit: str
    value: Decimal | None  # the credit in its unit; None: left to the parties
    deadline: datetime | None
    claimed_at: datetime | None
    at: datetime
    amount: Decimal | None = None
    currency: str | None = None
