"""The five seed contracts, encoded as contract files."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.domain.contract import BLANK, Blank, Contract, Event, When, YearLength

from .paths import EXAMPLES, SEED_FILES, SEEDS

CLOCK_IDS = {"take-into-account", "diagnosis", "restore", "response", "intervention"}


@pytest.fixture(scope="module")
def seeds() -> dict[str, Contract]:
    return {name: load_contract(EXAMPLES / name).contract for name in SEED_FILES}


def test_there_is_one_file_per_seed_and_each_loads(seeds):
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(SEED_FILES)
    assert all(c.clauses() for c in seeds.values())


def test_clocks_have_english_ids(seeds):
    for contract in seeds.values():
        assert {clock.id for clock in contract.clocks} <= CLOCK_IDS


def test_every_clause_has_an_id_and_a_quoted_source(seeds):
    for contract in seeds.values():
        for clause in contract.clauses():
            assert clause.clause.id
            assert clause.clause.sources
            assert all(q.strip() for s in clause.clause.sources for q in s.quote.values())


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_every_quote_is_verbatim_from_the_seed_text(seeds, name):
    text = _normal((SEEDS / SEED_FILES[name]).read_text(encoding="utf-8"))
    missing = [
        (clause.clause.id, language)
        for clause in seeds[name].clauses()
        for source in clause.clause.sources
        for language, quote in source.quote.items()
        if _normal(quote) not in text
    ]
    assert missing == []


def test_the_bilingual_annexes_quote_both_languages(seeds):
    contract = seeds["001-saas-annexes.yaml"]
    assert contract.languages == ("fr", "en")
    for clause in contract.clauses():
        assert all(set(s.quote) == {"fr", "en"} for s in clause.clause.sources), clause.clause.id


def test_ipfolio_is_measured_in_utc_months_with_support_from_8_to_2(seeds):
    contract = seeds["000-ipfolio.yaml"]
    [availability] = contract.availability
    assert contract.calendars[availability.calendar or ""].timezone == "UTC"
    response = contract.clocks[0]
    assert [str(t.target) for t in response.targets] == [
        "30min",
        "1h",
        "1 business day",
        "2 business days",
    ]
    support = contract.calendars["ipfolio-support"]
    assert str(support.weekly[0][0]) == "08:00-02:00"


def test_the_saas_annex_leaves_credit_days_and_out_of_hours_cells_blank(seeds):
    contract = seeds["001-saas-annexes.yaml"]
    [credits] = contract.credits
    assert [t.amount for t in credits.tiers] == [BLANK, BLANK]
    assert credits.cap is not None
    assert credits.cap.amount == Decimal(10)
    for clock in contract.clocks:
        blanks = {t.class_id for t in clock.targets if isinstance(t.target, Blank)}
        assert blanks == {"urgent", "important", "minor"}
        assert all(t.when is When.OUT_OF_HOURS for t in clock.targets if t.target is BLANK)


def test_the_us_annex_reads_est_as_new_york_time_and_says_so(seeds):
    contract = seeds["002-maintenance-us.yaml"]
    [hours] = contract.service_hours
    assert hours.stated_timezone == "EST"
    assert contract.calendars[hours.calendar].timezone == "America/New_York"
    assert "EST" in (hours.clause.interpretation or "")


def test_previsoft_maps_severity_and_criticality_to_priorities(seeds):
    [classification] = seeds["003-previsoft.yaml"].classifications
    assert classification.priority(criticality="C1", severity="S2") == "P2"
    assert classification.priority(criticality="C2", severity="S1") == "P2"
    assert classification.priority(criticality="C3", severity="S1") == "P3"


def test_previsoft_restore_times_are_kpi_means_in_their_priority_s_hours(seeds):
    contract = seeds["003-previsoft.yaml"]
    kpis = {k.clause.id: k for k in contract.kpis}
    assert (str(kpis["KPI2"].target.duration), kpis["KPI2"].calendar) == ("2h", "previsoft-24-7")
    assert (str(kpis["KPI3"].target.duration), kpis["KPI3"].calendar) == (
        "4h",
        "previsoft-business",
    )
    assert kpis["KPI1"].target.percent == Decimal("99.5")
    [revision] = contract.commercial.price_revisions
    assert revision.floor_percent == Decimal(2)


def test_imri_patch_window_is_the_sunday_after_the_second_tuesday(seeds):
    contract = seeds["004-imri.yaml"]
    window = next(m for m in contract.maintenance if m.recurring)
    assert window.recurring is not None
    assert window.recurring.rrule == "FREQ=MONTHLY;BYDAY=+2TU"
    assert str(window.recurring.offset) == "5 days"
    assert window.recurring.start == 4 * 3600
    [availability] = contract.availability
    assert availability.year_length is YearLength.DAYS_365
    intervention = contract.clocks[0]
    assert intervention.stop == (Event.ONSITE_ARRIVED,)
    assert [str(t.target) for t in intervention.targets] == ["4h", "8h"]


def test_clauses_apply_from_their_document_s_date(seeds):
    contract = seeds["001-saas-annexes.yaml"]
    dates = {c.clause.id: c.clause.effective_from for c in contract.clauses()}
    assert str(dates["availability"]) == "2024-02-16"  # Annex 1
    assert str(dates["take-into-account"]) == "2022-03-31"  # Annex 2
