"""Who signs, what is delivered, and which documents and amendments make up a contract."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


class Party(enum.Enum):
    """Who an event, a cause or an obligation is attributed to."""

    PROVIDER = "provider"
    CUSTOMER = "customer"
    THIRD_PARTY = "third-party"
    FORCE_MAJEURE = "force-majeure"


class Obligation(enum.Enum):
    """French law's distinction: a result is owed, or only the means (best efforts)."""

    RESULT = "result"
    MEANS = "means"


@dataclass(frozen=True)
class PartyInfo:
    role: Party
    name: str
    details: str | None = None


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    description: str | None = None
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class Document:
    """One document of the contract (general terms, an annex), with its language(s)."""

    id: str
    title: Mapping[str, str]
    date: date | None = None
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class Amendment:
    """A later change; clause versions that cite it apply from its date."""

    id: str
    date: date
    title: str
    where: str = field(default="", compare=False)
