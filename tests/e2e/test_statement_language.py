"""The March 2024 statement of each seed, rendered in French, holds no English sentence,
and rendered in English no French one, outside the contract's own words (its quotes,
titles, names and the file's interpretations), identifiers and abbreviations; the
offending sentence is in the failure message."""

from __future__ import annotations

import re

import pytest

from slaledger.adapters.files.contract_file import load_contract
from tests.e2e.test_report_cli import CONTRACTS, SEEDS, report
from tests.language_words import contract_words, english_figures, foreign_sentences, visible_text


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("stem", SEEDS)
def test_the_statement_speaks_one_language(capsys, tmp_path, stem, language):
    html = tmp_path / "statement.html"
    report(capsys, stem, "--lang", language, "--format", "html", "--output", str(html))
    page = html.read_text("utf-8")
    assert f'<html lang="{language}">' in page
    text = re.sub(r"[\u00a0\u202f ]+", " ", visible_text(page, language))
    allowed = contract_words(load_contract(str(CONTRACTS / f"{stem}.yaml")).contract, minimum=8)
    foreign = sorted(set(foreign_sentences([text], language, allowed)))
    assert foreign == [], "\n".join(f"[{word}] {sentence}" for word, sentence in foreign)
    if language == "fr":  # figures the French way: "[95 %, 99,4 %]", never "99.4 %"
        for words in allowed:
            text = text.replace(words, " ")
        assert english_figures([text]) == []


def test_the_french_statement_shows_the_engine_s_words_in_french(capsys, tmp_path):
    """The families converted to messages appear, in French: lint and eligibility (001)."""
    html = tmp_path / "statement.html"
    report(capsys, "001-saas-annexes", "--lang", "fr", "--format", "html", "--output", str(html))
    text = re.sub(r"[\u00a0\u202f ]+", " ", html.read_text("utf-8"))
    assert "réclamation par le client : le client doit réclamer le crédit" in text
    assert "le texte laisse en blanc l&#39;objectif pour « urgent » hors heures ouvrées" in text
