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

from slaledger.domain.message import Items, Text, msg

#: a plain value as a contract file states it: text, number, flag or list of those
Plain = str | int | Decimal | bool | None | tuple["Plain", ...]


@dataclass(frozen=True)
class Source:
    """Where the text says it: a document, an article, and the verbatim quote by language."""

    quote: Mapping[str, str]
    article: str | None = None
    document: str | None = None

    def __str__(self) -> str:
        """The document and article as identifiers; "(no article)" when the file names
        neither (for the log and the clause ids: what people read is ``cited``)."""
        parts = [p for p in (self.document, self.article) if p]
        return " ".join(parts) if parts else "(no article)"

    @property
    def cited(self) -> Text:
        """The document and article as the file names them, or a message when it names
        neither ("(no article)", « (aucun article) »)."""
        parts = [p for p in (self.document, self.article) if p]
        return " ".join(parts) if parts else msg("clause.no-article")


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
        """The sources as identifiers (the log, keys); people read ``cited``."""
        return ", ".join(str(s) for s in self.sources) or "(no source)"

    @property
    def cited(self) -> Text:
        """The sources for people: the file's own document and article identifiers, and
        a message where a source names neither or the clause has none."""
        if not self.sources:
            return msg("clause.no-source")
        cited = tuple(s.cited for s in self.sources)
        if all(isinstance(c, str) for c in cited):
            return ", ".join(str(c) for c in cited)
        return cited[0] if len(cited) == 1 else msg("clause.sources", sources=Items(cited, "comma"))

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
