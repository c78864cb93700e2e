"""What a ticket source is (``TicketSource``), what it is told (``SourceOptions``) and the
registry connectors add themselves to. The registry's readers, which import the built-in
connectors first, are in ``sources.py``: kept apart so that a connector importing this
module is not imported back by it."""

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
