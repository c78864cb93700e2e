"""The dashboard's demo clock (the service itself is adapters/api/app.py ``create_app``)."""

from __future__ import annotations

from datetime import UTC, datetime

from slaledger.adapters.web.page import Clock


def replayed_clock(anchor: datetime) -> Clock:
    """A clock that starts at ``anchor`` now and runs at the normal pace."""
    started = datetime.now(UTC)
    return lambda: anchor + (datetime.now(UTC) - started)


__all__ = ["replayed_clock"]
