"""The sources ``sla ingest tickets --source`` can read, by name.

A source reads tickets from a helpdesk's API (``read_api``: updated since an instant)
and/or from files (``read_files``: the vendor's export files). Connectors register
themselves here when their package is imported (helpdesks here; the e-mail sources
add mbox, eml and imap the same way), so the command's choices follow the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from slaledger.domain.helpdesk.tickets import Ticket

if TYPE_CHECKING:
    from slaledger.adapters.files.helpdesk_mapping import LoadedMapping


@dataclass(frozen=True)
class SourceOptions:
    """What the command line (or a sync job) says about where to read."""

    url: str | None = None
    token: str | None = None
    user: str | None = None
    app_token: str | None = None
    files: tuple[Path, ...] = ()
    since: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)


ReadApi = Callable[[SourceOptions, "LoadedMapping"], list[Ticket]]
ReadFiles = Callable[[Sequence[Path], "LoadedMapping"], list[Ticket]]


@dataclass(frozen=True)
class TicketSource:
    name: str
    summary: str
    read_api: ReadApi | None = None
    read_files: ReadFiles | None = None


SOURCES: dict[str, TicketSource] = {}


def register(source: TicketSource) -> TicketSource:
    SOURCES[source.name] = source
    return source


def names() -> list[str]:
    _load_builtin()
    return sorted(SOURCES)


def get(name: str) -> TicketSource:
    _load_builtin()
    return SOURCES[name]


def _load_builtin() -> None:
    # importing the packages registers their sources
    import slaledger.adapters.ingest.helpdesks  # noqa: F401
