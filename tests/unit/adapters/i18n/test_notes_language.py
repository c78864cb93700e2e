"""The notes of credits, caps, budgets and KPIs, the coverage reasons and the text of
``sla availability|credits`` read French in French and English in English: every catalog
sentence of those families, filled with identifiers, and the notes the engine gives on the
seeds, hold no stop word of the other language outside quotes and identifiers."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from string import Formatter

import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.i18n import english, render, renderer
from slaledger.adapters.i18n.render import catalog
from slaledger.domain.coverage import coverage_of
from slaledger.domain.credits import credit_for
from slaledger.domain.intervals import Intervals
from slaledger.domain.message import Text
from slaledger.services.budget import NOTES
from tests.language_words import foreign_sentences
from tests.unit.adapters.files.contract_file.paths import EXAMPLES

#: the families converted by this change (docs/i18n.md, "Converted so far")
FAMILIES = ("credit.", "coverage.", "kpi.", "budget.note.", "cli.availability.", "cli.credit.")
#: entries that hold only the contract file's own codes in English ("half-up")
CODES = ("credit.mode.", "credit.cap-per.", "kpi.period.")


def _ids() -> list[str]:
    return sorted(
        str(m.id)
        for m in catalog("en")
        if m.id and str(m.id).startswith(FAMILIES) and not str(m.id).startswith(CODES)
    )


IDS = _ids()


def _filled(message_id: str, language: str) -> str:
    """The sentence with each field an identifier ("X-1"), which the word check skips."""
    template = renderer(language).template(message_id)
    names = {f for _, f, _, _ in Formatter().parse(template) if f}
    return template.format_map({name: "X-1" for name in names})


def test_the_families_are_in_the_catalog():
    assert len(IDS) > 50
    assert "credit.note.gap" in IDS
    assert "coverage.insufficient" in IDS


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("message_id", IDS)
def test_each_sentence_is_written_in_the_language_asked(message_id, language):
    assert foreign_sentences([_filled(message_id, language)], language) == []


def test_the_french_sentences_are_not_the_english_ones():
    assert [i for i in IDS if _filled(i, "fr") == _filled(i, "en")] == []


# ------------------------------------------------------------ the engine's own notes
IPFOLIO = load_contract(str(EXAMPLES / "000-ipfolio.yaml")).contract
SCHEDULE = IPFOLIO.credits[0]


def _notes() -> list[Text]:
    found: list[Text] = []
    for percent in ("98.88", "99.45", "99.99", "40"):  # a tier, a gap, the 0 % tier, a formula
        credit = credit_for(SCHEDULE, Fraction(Decimal(percent)), fee=Decimal(1000))
        found += credit.notes
    # in no tier with the target met: above every tier
    found += credit_for(SCHEDULE, Fraction(Decimal("99.45")), target_met=True).notes
    found += credit_for(SCHEDULE, None, no_data=_coverage(0).reason).notes
    for seconds in (0, 50, 95, 100):  # no source, insufficient, partial, complete
        found.append(_coverage(seconds).reason)
    found += NOTES.values()
    return found


def _coverage(seen: int):
    observed = [] if seen == 0 else [("samples", "probe", Intervals.of([0], [seen]))]
    return coverage_of(start=0, end=100, observed=observed, now=200)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_notes_of_the_seed_read_in_the_language_asked(language):
    texts = [render(n, language) for n in _notes()]
    assert all(texts)
    assert foreign_sentences(texts, language) == []


def test_the_english_notes_read_as_they_did():
    english_notes = [english(n) for n in _notes()]
    assert "availability rounded to 2 decimals (half-up): 98.88 %" in english_notes
    assert "above every credit tier: no credit" in english_notes
    assert any(n.startswith("99.45 % falls in no credit tier (above [95 %, 99.4 %] and below")
               for n in english_notes)  # fmt: skip
    assert "insufficient data: 50.0 % of the period observed, below the 90 % a verdict needs" in (
        english_notes
    )


def test_the_french_notes_write_figures_the_french_way():
    french = [render(n, "fr") for n in _notes()]
    assert (
        "disponibilité arrondie à 2 décimales (au plus proche, 0,5 vers le haut)\u00a0: 98,88 %"
        in [f.replace("\u00a0%", " %") for f in french]
    )
