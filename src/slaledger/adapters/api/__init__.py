"""The REST API (FastAPI): contracts, incidents, observations, figures, statements and
the obligations feed, with token roles and RFC 9457 problems."""

from slaledger.adapters.api.app import create_app
from slaledger.adapters.api.settings import Settings

__all__ = ["Settings", "create_app"]
