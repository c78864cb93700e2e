"""The notice of a burn-rate episode (``services/burn_alerts.py``): the error budget of
an availability clause burning too fast, fast (``page``) or slow (``ticket``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class BurnNotice:
    """An episode of fast (page) or slow (ticket) burn, with what a person needs."""

    contract: str
    contract_title: str
    timezone: str
    service: str
    clause: str
    period: str
    severity: str
    started: datetime
    allowed_seconds: int
    consumed_seconds: int
    #: the rules of the severity: (rule text, long-window rate, threshold)
    rates: tuple[tuple[str, float | None, float], ...]
    at: datetime

    @property
    def remaining_seconds(self) -> int:
        return max(0, self.allowed_seconds - self.consumed_seconds)
