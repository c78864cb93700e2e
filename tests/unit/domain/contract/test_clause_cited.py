"""A clause's sources as people read them: the file's own document and article
identifiers, a message where a source names neither (docs/i18n.md)."""

from __future__ import annotations

from slaledger.adapters.i18n import english, render
from slaledger.domain.contract.clause import ClauseInfo, Source
from slaledger.domain.maintenance import article

NAMED = Source(quote={"fr": "…"}, article="3.3", document="cgv")
UNNAMED = Source(quote={"fr": "…"})


def test_a_source_naming_its_article_is_cited_as_the_file_writes_it():
    clause = ClauseInfo("c", (NAMED,))
    assert clause.cited == clause.article == "cgv 3.3"
    assert article(clause) == "cgv 3.3"


def test_a_source_naming_no_article_is_a_message_in_both_languages():
    clause = ClauseInfo("c", (UNNAMED,))
    assert str(UNNAMED) == clause.article == "(no article)"  # identifiers, as before
    assert english(clause.cited) == "(no article)"
    assert render(clause.cited, "fr") == "(aucun article)"
    assert render(article(clause), "fr") == "(aucun article)"


def test_several_sources_and_none():
    both = ClauseInfo("c", (NAMED, UNNAMED))
    assert english(both.cited) == "cgv 3.3, (no article)"
    assert render(both.cited, "fr") == "cgv 3.3, (aucun article)"
    assert render(ClauseInfo("c", ()).cited, "fr") == "(aucune source)"
    assert english(article(ClauseInfo("c", ()))) == "(no source)"
