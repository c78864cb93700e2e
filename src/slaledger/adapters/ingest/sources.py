"""The sources ``sla ingest tickets --source`` can read, by name.

A source reads tickets from a helpdesk's API (``read_api``: updated since an instant)
and/or from files (``read_files``: the vendor's export files). Connectors register
themselves here when their package is imported (helpdesks here; the e-mail sources
add mbox, eml and imap the same way), so the command's choices follow the registry.
"""

from __future__ import annotations

from slaledger.adapters.ingest.ticket_registry import (
    SOURCES,
    ReadApi,
    ReadFiles,
    SourceOptions,
    TicketSource,
    register,
)

__all__ = [
    "SOURCES",
    "ReadApi",
    "ReadFiles",
    "SourceOptions",
    "TicketSource",
    "get",
    "names",
    "register",
]


def names() -> list[str]:
    _load_builtin()
    return sorted(SOURCES)


def get(name: str) -> TicketSource:
    _load_builtin()
    return SOURCES[name]


def _load_builtin() -> None:
    # importing the packages registers their sources
    import slaledger.adapters.ingest.helpdesks  # noqa: F401
