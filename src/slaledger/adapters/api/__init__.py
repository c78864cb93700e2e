"""The REST API (FastAPI): contracts, incidents, observations, figures, statements and
the obligations feed, with token roles and RFC 9457 problems."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slaledger.adapters.api.settings import Settings

if TYPE_CHECKING:
    from slaledger.adapters.api.app import create_app

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    # The app mounts the dashboard, whose pages import this package's modules (busy,
    # params, problems): importing the app here eagerly would make the two packages
    # import each other. ``create_app`` is resolved on first use instead (PEP 562).
    if name == "create_app":
        from slaledger.adapters.api.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
