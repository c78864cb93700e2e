"""The contract's words behind a figure, for a page: each source's quote in the page's
language where the contract gives it, else in the contract's own, with its language
code so that the page marks it up as a quote (``<blockquote lang="…">``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel import Locale

from slaledger.domain.contract.contract import Contract


@dataclass(frozen=True)
class PageQuote:
    text: str
    #: the quote's language code (the ``lang`` attribute)
    language: str
    #: where the contract says it ("annex-1 1.1")
    where: str
    #: the language's name when it is not the page's, else ""
    other: str = ""


def clause_quotes(contract: Contract, clause: str, language: str, on: date) -> list[PageQuote]:
    """The quotes of the version of ``clause`` in force ``on`` (its first version
    before then), each distinct text once."""
    version = contract.in_force(clause, on)
    if version is None:
        versions = contract.versions(clause)
        if not versions:
            return []
        version = versions[0]
    names = Locale.parse(language).languages
    found: dict[str, PageQuote] = {}
    for source in version.clause.sources:
        for wanted in (language, contract.language, *source.quote):
            text = source.quote.get(wanted)
            if text:
                other = "" if wanted == language else str(names.get(wanted, wanted))
                found.setdefault(text, PageQuote(text, wanted, str(source), other))
                break
    return list(found.values())
