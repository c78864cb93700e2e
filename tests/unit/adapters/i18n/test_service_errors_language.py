"""The service's and the store's refusals, pydantic's errors and the API's 401, 403 and
503 details: each French sentence holds no English stop word, each English one no French
(docs/i18n.md). Fields (``{name}``) are left out: they hold identifiers and quotes."""

from __future__ import annotations

import re

import pytest

from slaledger.adapters.i18n.render import catalog
from tests.language_words import foreign_sentences

FAMILIES = (
    "store.",
    "problem.pydantic.",
    "problem.busy.",
    "problem.unauthorized.",
    "problem.forbidden.restricted-",
    "problem.forbidden.read-only",
    "problem.forbidden.status-tokens",
    "problem.cross-origin",
    "problem.what.",
)


#: English words the French list also holds ("client" is both languages' word)
ALLOWED = {"en": ("client",), "fr": ()}


def _sentences(language: str) -> dict[str, str]:
    return {
        str(m.id): re.sub(r"\{[^}]*\}", " ", str(m.string))
        for m in catalog(language)
        if m.id and str(m.id).startswith(FAMILIES)
    }


def test_the_families_are_in_the_catalogs() -> None:
    assert len(_sentences("fr")) > 100
    assert _sentences("fr").keys() == _sentences("en").keys()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_sentence_holds_a_word_of_the_other_language(language: str) -> None:
    found = {
        key: words
        for key, text in _sentences(language).items()
        if (words := foreign_sentences([text], language, ALLOWED[language]))
    }
    assert found == {}
