"""What every clause carries: an id, where the text says it, how the file reads it, and
from when it applies.

``where`` fields hold the path of an element inside its contract file
(``credits[0].tiers[1]``), so that a finding or a computed figure can point back to the
line that produced it without the domain knowing about files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol, TypeVar

#: a plain value as a contract file states it: text, number, flag or list of those
Plain = str | int | Decimal | bool | None | tuple["Plain", ...]


@dataclass(frozen=True)
class Source:
    """Where the text says it: a document, an article, and the verbatim quote by language."""

    quote: Mapping[str, str]
    article: str | None = None
    document: str | None = None

    def __str__(self) -> str:
        parts = [p for p in (self.document, self.article) if p]
        return " ".join(parts) if parts else "(no article)"


@dataclass(frozen=True)
class LanguageVariant:
    """A value one language version of the clause states differently from the file."""

    language: str
    path: str
    applied: Plain
    stated: Plain
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class ClauseInfo:
    """The identity and provenance of one clause version."""

    id: str
    sources: tuple[Source, ...]
    interpretation: str | None = None
    effective_from: date | None = None
    amendment: str | None = None
    variants: tuple[LanguageVariant, ...] = ()
    where: str = field(default="", compare=False)
    #: why no command computes this clause, when none does (it is kept as text)
    text_only: str | None = None

    @property
    def article(self) -> str:
        return ", ".join(str(s) for s in self.sources) or "(no source)"

    @property
    def articles(self) -> str:
        """The articles the sources name, "" when none does."""
        return ", ".join(s.article for s in self.sources if s.article)


class HasClause(Protocol):
    """Anything that is one version of a clause."""

    @property
    def clause(self) -> ClauseInfo: ...


C = TypeVar("C", bound=HasClause)


def in_force(items: Iterable[C], on: date) -> list[C]:
    """The version of each clause that applies on ``on``.

    An amendment adds a version with the same id and a later ``effective_from``; earlier
    dates keep the earlier version. A version without a date applies from the start.
    """
    chosen: dict[str, C] = {}
    for item in items:
        start = item.clause.effective_from
        if start is not None and start > on:
            continue
        current = chosen.get(item.clause.id)
        if current is None or _later(start, current.clause.effective_from):
            chosen[item.clause.id] = item
    return list(chosen.values())


def _later(candidate: date | None, current: date | None) -> bool:
    if candidate is None:
        return False
    return current is None or candidate > current
