"""English words in French text and French words in English text, for the language tests.

Quotes of the contract (« … », '…', "…", <q>, <blockquote>, any element with a ``lang``
other than the page's), identifiers (words with a digit, ``_``, ``.``, ``/``, ``-`` or
``@``; abbreviations in capitals) and the proper names a test allows are left out; what
is left is split into sentences, and a sentence holding a stop word of the other
language is reported whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import ClassVar

#: words that give an English sentence away (none is also a French word)
ENGLISH = frozenset(
    {
        "the",
        "of",
        "before",
        "must",
        "falls",
        "blank",
        "customer",
        "credit",
        "claim",
        "within",
        "after",
        "not",
        "and",
        "is",
        "are",
        "in",
        "to",
        "for",
        "with",
        "which",
        "has",
        "have",
        "only",
        "by",
        "at",
        "from",
        "until",
        "this",
        "that",
        "these",
        "no",
        "none",
        "any",
        "every",
        "exactly",
        "above",
        "below",
        "tier",
        "bracket",
        "availability",
        "target",
        "reported",
        "claimed",
        "deadline",
        "outage",
        "outages",
        "month",
        "months",
        "days",
        "hours",
        "breached",
        "met",
        "running",
        "paused",
        "measured",
        "excluded",
        "included",
        "counted",
        "should",
        "would",
        "will",
        "was",
        "were",
        "been",
        "being",
        "their",
        "its",
        "when",
        "where",
        "while",
        "than",
        "then",
        "because",
    }
)
#: words that give a French sentence away (none is also an English word)
FRENCH = frozenset(
    {
        "le",
        "la",
        "les",
        "des",
        "du",
        "une",
        "est",
        "avant",
        "après",
        "doit",
        "aucun",
        "aucune",
        "palier",
        "paliers",
        "jours",
        "dans",
        "pour",
        "sur",
        "pas",
        "ne",
        "mais",
        "qui",
        "avec",
        "sans",
        "selon",
        "mois",
        "réclamation",
        "délai",
        "échéance",
        "heures",
        "ouvrées",
        "jusqu",
        "disponibilité",
        "crédit",
        "client",
        "objectif",
        "tranche",
        "texte",
        "fichier",
        "leurs",
        "été",
        "être",
        "sont",
        "ont",
        "cette",
        "ces",
    }
)
_QUOTES = (
    re.compile(r"«[^»]*»"),
    re.compile(r"“[^”]*”"),
    re.compile(r"(?<![\w])'[^'\n]*'(?![\w])"),
    re.compile(r'(?<![\w])"[^"\n]*"(?![\w])'),
)
_IDENTIFIER = re.compile(r"[\d_./@\-]|[a-z][A-Z]")
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+|\s[—–]\s")


def without_quotes(text: str) -> str:
    for pattern in _QUOTES:
        text = pattern.sub(" ", text)
    return text


def words_of(text: str) -> list[str]:
    found = []
    for token in without_quotes(text).split():
        word = token.strip(".,;:!?()[]{}«»\"'’…\u00a0\u202f")
        if not word or _IDENTIFIER.search(word) or (len(word) > 1 and word.isupper()):
            continue  # an identifier or an abbreviation (EST, KPI)
        found.append(word.lower())
    return found


def foreign_sentences(
    texts: Iterable[str], language: str, allowed: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(word, sentence) for every sentence of ``texts`` holding a stop word of the language
    that is not ``language``; ``allowed``: proper names and terms to leave out."""
    stop = ENGLISH if language == "fr" else FRENCH
    names = [a for a in allowed]
    found = []
    for text in texts:
        for name in names:
            text = text.replace(name, " ")
        for sentence in _SENTENCE.split(text):
            for word in words_of(sentence):
                if word in stop:
                    found.append((word, " ".join(sentence.split())))
                    break
    return found


class _Text(HTMLParser):
    """The visible text of a page, element by element, quotes of the contract left out."""

    SKIP: ClassVar[frozenset[str]] = frozenset(
        {"script", "style", "q", "blockquote", "title", "code"}
    )

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"):
            return
        lang = dict(attrs).get("lang")
        hidden = tag in self.SKIP or (lang is not None and lang[:2] != self.language)
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))
        self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"):
            return
        if self.stack:
            self.stack.pop()
        self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def visible_text(html: str, language: str) -> str:
    parser = _Text(language)
    parser.feed(html)
    return "".join(parser.chunks)


def contract_words(value: object, minimum: int = 12) -> list[str]:
    """Every text a loaded contract holds (titles, quotes, names, interpretations: the
    file's words, not the engine's), longest first, those of ``minimum`` characters or more."""
    found: set[str] = set()
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, str):
            if len(item) >= minimum:
                found.add(item)
                found.add(" ".join(item.split()))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif hasattr(item, "__dataclass_fields__"):
            stack.extend(getattr(item, name) for name in item.__dataclass_fields__)
    return sorted(found, key=len, reverse=True)


#: figures and instants written the English way, which French text must not hold: a
#: percentage with a decimal point ("99.4 %", "98.967%"), a percent sign glued to its
#: number, a 12-hour time ("2:56 PM"), an English month abbreviation before a day
_ENGLISH_FIGURES = (
    re.compile(r"(?<![\w.])\d+\.\d+\s?%"),
    re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?%"),
    re.compile(r"\b\d{1,2}:\d\d\s?[AP]M\b"),
    re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}\b"),
)


def english_figures(texts: Iterable[str]) -> list[str]:
    """Every figure or instant of ``texts`` (quotes of the contract left out) written the
    English way: French writes "99,4 %" (Babel's fr percent) and "1 janv. 2024, 14:56"."""
    found = []
    for text in texts:
        for pattern in _ENGLISH_FIGURES:
            found.extend(pattern.findall(without_quotes(text)))
    return found
