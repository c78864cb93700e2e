"""Support: channels and their hours, levels, and the effort one request may take."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.values import Blank, Duration


class ChannelKind(enum.Enum):
    EMAIL = "email"
    PHONE = "phone"
    CHAT = "chat"
    PORTAL = "portal"
    REMOTE = "remote"
    ONSITE = "onsite"


@dataclass(frozen=True)
class Channel:
    id: str
    kind: ChannelKind
    address: str | Blank | None = None
    calendar: str | None = None
    where: str = field(default="", compare=False)

    def describe(self) -> str:
        return f"address of the {self.kind.value} channel '{self.id}'"


@dataclass(frozen=True)
class SupportLevel:
    level: int
    name: str
    description: str | None = None
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class Support:
    """Where and when tickets are received, and what support covers.

    ``scope_limit`` is the effort above which a request leaves the support's scope
    (it is effort, not elapsed time, so it has no calendar).
    """

    clause: ClauseInfo
    name: str
    channels: tuple[Channel, ...] = ()
    levels: tuple[SupportLevel, ...] = ()
    scope_limit: Duration | None = None
    languages: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    clocks: tuple[str, ...] = ()
