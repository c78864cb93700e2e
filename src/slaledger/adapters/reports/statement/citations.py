"""The contract's words behind each figure, as one reader's language shows them.

A figure cites its article (the document's title in the reader's language, then the
article) and quotes the clause: in the reader's language where the contract gives it,
else in the contract's language, marked as such. Interpretations (the provider's
reading of the text) are numbered by distinct text, so the statement prints each once
and every figure it applies to refers to its number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from babel import Locale
from babel.lists import format_list

from slaledger.services.statement_model import QuoteText, SourceLine, Statement


@dataclass(frozen=True)
class Quote:
    text: str
    #: the language's name when the quote is not in the reader's language, else ""
    language: str = ""
    #: the quote's language code (its ``lang`` attribute): the contract's words, marked
    code: str = ""


@dataclass(frozen=True)
class Interpretation:
    number: int
    text: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class Words:
    """What the contract says for a group of figures: where, and the quotes."""

    article: str
    quotes: tuple[Quote, ...]
    clauses: tuple[str, ...]
    #: the numbers of the clauses' interpretations, each once
    interpretations: tuple[int, ...] = ()


class Citations:
    """Look-ups by clause id over a statement's ``clauses``, for one language."""

    def __init__(self, statement: Statement, language: str) -> None:
        self.language = language
        self.contract_language = statement.contract.language
        self._contract = statement.contract
        self._names = Locale.parse(language).languages
        #: French puts a narrow no-break space before a semicolon
        self._semicolon = "\u202f; " if language == "fr" else "; "
        self._clauses = {c.clause: c for c in statement.clauses}
        numbers: dict[str, int] = {}
        users: dict[str, list[str]] = {}
        for clause in statement.clauses:
            if clause.interpretation:
                numbers.setdefault(clause.interpretation, len(numbers) + 1)
                users.setdefault(clause.interpretation, []).append(clause.clause)
        self._numbers = numbers
        self.interpretations = tuple(
            Interpretation(n, text, tuple(users[text])) for text, n in numbers.items()
        )

    def known(self, clause: str | None) -> bool:
        return clause is not None and clause in self._clauses

    def article(self, clause: str | None, *, titles: bool = True) -> str:
        """'Annexe 1 : Niveaux de service, 1.1 ; 1.2' — each document once, its
        articles after it (the clause id when the contract names no article); without
        ``titles``, the articles only (a table's short reference)."""
        if not self.known(clause):
            return clause or ""
        assert clause is not None
        by_document: dict[str, list[str]] = {}
        for source in self._clauses[clause].sources:
            title = self._choose(source.document_title) or (source.document or "")
            title = title if titles else ""
            articles = by_document.setdefault(title, [])
            if source.article and source.article not in articles:
                articles.append(source.article)
        parts = []
        for title, articles in by_document.items():
            listed = self._semicolon.join(articles)
            parts.append(f"{title}, {listed}" if title and listed else title or listed)
        return " — ".join(p for p in parts if p) or clause

    def quotes(self, clause: str | None) -> tuple[Quote, ...]:
        """The clause's words, each distinct quote once."""
        if not self.known(clause):
            return ()
        assert clause is not None
        return tuple(dict.fromkeys(self._quote(s) for s in self._clauses[clause].sources))

    def interpretation(self, clause: str | None) -> int | None:
        """The number of the clause's interpretation, if it has one."""
        if not self.known(clause):
            return None
        assert clause is not None
        text = self._clauses[clause].interpretation
        return self._numbers.get(text) if text else None

    def group(self, clauses: Iterable[str | None]) -> tuple[Words, ...]:
        """The words of several clauses (a section's KPIs or clocks), each distinct
        (article, quotes) once, with the clauses that cite it."""
        seen: dict[tuple[str, tuple[Quote, ...]], list[str]] = {}
        for clause in dict.fromkeys(c for c in clauses if self.known(c)):
            assert clause is not None
            key = (self.article(clause), self.quotes(clause))
            seen.setdefault(key, []).append(clause)
        return tuple(Words(a, q, tuple(ids), self._numbers_of(ids)) for (a, q), ids in seen.items())

    def _numbers_of(self, clauses: Iterable[str]) -> tuple[int, ...]:
        found = (self.interpretation(c) for c in clauses)
        return tuple(dict.fromkeys(n for n in found if n is not None))

    def _quote(self, source: SourceLine) -> Quote:
        texts = {q.language: q.text for q in source.quotes}
        for wanted in (self.language, self.contract_language):
            if wanted in texts:
                name = "" if wanted == self.language else self._name(wanted)
                return Quote(texts[wanted], name, wanted)
        first = source.quotes[0] if source.quotes else QuoteText(self.language, "")
        name = "" if first.language == self.language else self._name(first.language)
        return Quote(first.text, name, first.language)

    def _choose(self, texts: tuple[QuoteText, ...]) -> str:
        by_language = {t.language: t.text for t in texts}
        for wanted in (self.language, self.contract_language):
            if wanted in by_language:
                return by_language[wanted]
        return texts[0].text if texts else ""

    def _name(self, code: str) -> str:
        return str(self._names.get(code, code))

    def versions(self, gettext: Callable[[str], str]) -> str:
        """Which version of a contract in several languages governs, as its file says
        (one binding version among several: that one), or that the file does not say;
        "" for a contract in one language."""
        contract = self._contract
        if len(contract.languages) < 2:
            return ""
        names = format_list([self._name(c) for c in contract.languages], locale=self.language)
        if len(contract.binding_languages) == 1:
            message = gettext(
                "The contract exists in %(languages)s; the version in %(governing)s "
                "governs, the others are given for information only."
            )
            return message % {
                "languages": names,
                "governing": self._name(contract.binding_languages[0]),
            }
        message = gettext(
            "The contract exists in %(languages)s and does not say which version governs; "
            "this statement quotes the version in its own language."
        )
        return message % {"languages": names}
