"""The language checker the i18n tests rely on catches what it must and spares quotes."""

from __future__ import annotations

from tests.language_words import foreign_sentences, visible_text


def test_an_english_sentence_in_french_text_is_reported_whole():
    text = "Le palier est respecté. The customer must claim the credit before the deadline."
    assert foreign_sentences([text], "fr") == [
        ("the", "The customer must claim the credit before the deadline.")
    ]


def test_quotes_identifiers_abbreviations_and_allowed_names_are_left_out():
    text = (
        "la formule « the credit » et 'blank' ; la clause credit-claim ; EST ; "
        "commercial.quote_date ; The Service Provider"
    )
    assert foreign_sentences([text], "fr", allowed=["The Service Provider"]) == []


def test_a_french_word_in_english_text_is_reported():
    assert foreign_sentences(["the tier is met", "aucun crédit dû"], "en") == [
        ("aucun", "aucun crédit dû")
    ]


def test_quotes_marked_up_and_other_languages_are_not_page_text():
    html = '<p>Le délai <q>must be met</q> <span lang="en">the customer</span> court.</p>'
    assert " ".join(visible_text(html, "fr").split()) == "Le délai court."
