"""The notice of a source failing or recovered (``services/source_alerts.py``): the
second kind of alert beside a clock's (``services/alerts.AlertNotice``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class SourceTransition(StrEnum):
    FAILING = "failing"
    RECOVERED = "recovered"


@dataclass(frozen=True)
class SourceNotice:
    """A source failing or recovered, with what a person needs to read it."""

    transition: SourceTransition
    contract: str
    contract_title: str
    timezone: str  # the contract's zone: instants are shown in it
    source: str
    kind: str
    service: str | None
    #: the episode's first failure
    failing_since: datetime
    last_success: datetime | None
    last_error: str
    synced_until: datetime | None
    #: how far the source's facts are behind the notice's instant (None: never synced)
    lag: timedelta | None
    at: datetime
