"""The engine's errors and notes converted to messages by docs/i18n.md's families
(obligation errors, clause sources, fee traces, KPI verdicts, our own validators): each
French sentence holds no English stop word, each English one no French. Fields
(``{name}``) are left out: they hold identifiers and quotes."""

from __future__ import annotations

import re

import pytest

from slaledger.adapters.i18n.render import catalog
from tests.language_words import foreign_sentences

FAMILIES = ("obligation.error", "clause.", "suspension.event")


def _sentences(language: str) -> dict[str, str]:
    return {
        str(m.id): re.sub(r"\{[^}]*\}", " ", str(m.string))
        for m in catalog(language)
        if m.id and str(m.id).startswith(FAMILIES)
    }


def test_every_family_is_in_both_catalogs() -> None:
    french = _sentences("fr")
    assert french.keys() == _sentences("en").keys()
    assert {key.split(".")[0] + "." for key in french} >= {f.split(".")[0] + "." for f in FAMILIES}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_sentence_holds_a_word_of_the_other_language(language: str) -> None:
    found = {
        key: words
        for key, text in _sentences(language).items()
        if (words := foreign_sentences([text], language))
    }
    assert found == {}
