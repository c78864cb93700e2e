"""The statement page quotes the contract, says its number and anchor, the claim line
of each credit, counts in words through the catalog, and each interpretation once."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.adapters.reports.statement import render_html
from slaledger.adapters.reports.statement.citations import Citations
from slaledger.adapters.reports.statement.formatting import Formatter
from slaledger.adapters.reports.statement.html import clock_target
from slaledger.adapters.reports.statement.i18n import translations
from slaledger.bootstrap import contract_calendars
from slaledger.domain.periods import Month
from slaledger.services.statements import AuditAnchor, Statement, build_statement
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"
MARCH = Month(2024, 3)


@cache
def statement(stem: str, audience: str = "provider") -> Statement:
    loaded = load_contract(CONTRACTS / f"{stem}.yaml")
    return build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        events=read_events(DATA / stem / "events.csv"),
        audience=audience,
    )


def text(html: str) -> str:
    """The page's text, tags dropped and spaces normalised."""
    body = re.sub(r"<style>.*?</style>|<svg.*?</svg>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).replace("\u00a0", " ").split())


# ------------------------------------------------------------------------ quotes
def test_a_bilingual_contract_is_quoted_in_the_statement_language() -> None:
    """001 states annex 1 in French and English: each statement quotes its own."""
    french = text(render_html(statement("001-saas-annexes"), "fr"))
    english = text(render_html(statement("001-saas-annexes"), "en"))
    assert "Annexe 1 : Niveaux de service, 1.1" in french
    assert "le Prestataire s’engage" in french or "Prestataire s'engage" in french
    assert "Appendix 1: Levels of Service, 1.1" in english
    assert "the Service Provider undertakes" in english
    assert "the contract's language" not in english  # nothing needed the French text


def test_a_french_only_contract_is_quoted_in_french_marked_as_such_in_english() -> None:
    english = text(render_html(statement("003-previsoft"), "en"))
    assert "(in French, the contract's language)" in english
    french = text(render_html(statement("003-previsoft"), "fr"))
    assert "langue du contrat" not in french


def test_figures_cite_articles_not_yaml_lines() -> None:
    page = text(render_html(statement("001-saas-annexes", "customer"), "fr"))
    assert "ligne" not in page.split("Incidents et demandes")[0]
    assert "(availability — annex-1 1.1, annex-1 1.1" not in page  # the old id list


def test_each_distinct_interpretation_is_printed_once_and_referred_to() -> None:
    built = statement("001-saas-annexes")
    html = render_html(built, "en")
    distinct = {c.interpretation for c in built.clauses if c.interpretation}
    assert len(distinct) >= 3
    for interpretation in distinct:
        assert html.count(_escaped(interpretation)) == 1, interpretation[:60]
    page = text(html)
    assert "How this statement reads the contract" in page
    assert "How this statement reads it: interpretation 1." in page


def test_a_customer_statement_prints_no_interpretation() -> None:
    built = statement("001-saas-annexes", "customer")
    page = text(render_html(built, "en"))
    assert "How this statement reads" not in page
    assert "interpretation" not in page


def test_a_clock_that_runs_on_many_tickets_is_quoted_once() -> None:
    """001's take-into-account clock runs on each of March's nine tickets."""
    built = statement("001-saas-annexes")
    assert sum(1 for i in built.incidents for c in i.clocks if c.clock == "take-into-account") > 5
    [quote, *_] = Citations(built, "fr").quotes("take-into-account")
    html = render_html(built, "fr")
    assert html.count(_escaped(quote.text)) == 1
    groups = Citations(built, "fr").group(["take-into-account", "diagnosis", "take-into-account"])
    assert [g.clauses for g in groups] == [("take-into-account",), ("diagnosis",)]


# -------------------------------------------------------- number, anchor, parties
def test_the_cover_gives_the_number_the_issue_day_and_says_files_are_not_anchored() -> None:
    page = text(render_html(statement("003-previsoft"), "fr"))
    assert "Numéro de relevé PREVISOFT-CGV-2024-03-v1" in page
    assert "Émis le 1er avril 2024" in page
    assert "non ancré : calculé à partir de fichiers" in page


def test_a_stored_statement_shows_its_audit_anchor() -> None:
    anchor = AuditAnchor(seq=42, hash="ab" * 32, at=datetime(2024, 4, 2, 8, 0, tzinfo=UTC))
    page = text(render_html(replace(statement("003-previsoft"), anchor=anchor), "en"))
    assert "ab" * 32 in page
    assert "entry 42 of the audit chain" in page
    assert "not anchored" not in page


def test_a_customer_named_by_its_role_only_is_told_apart() -> None:
    """003 and 001 both name their customer « Le Client »."""
    previsoft = text(render_html(statement("003-previsoft"), "fr"))
    saas = text(render_html(statement("001-saas-annexes"), "fr"))
    assert "désigné par son seul rôle dans le contrat previsoft-cgv" in previsoft
    assert "désigné par son seul rôle dans le contrat saas-annexes" in saas
    built = statement("003-previsoft")
    parties = tuple(
        replace(p, account="Groupe Hospitalier Est") if p.role == "customer" else p
        for p in built.contract.parties
    )
    named = replace(built, contract=replace(built.contract, parties=parties))
    page = text(render_html(named, "fr"))
    assert "Client Groupe Hospitalier Est désigné « Le Client » dans le contrat" in page
    assert "seul rôle" not in page


# ------------------------------------------------------------------- claim lines
@pytest.mark.parametrize(
    ("language", "deadline", "expected"),
    [
        ("fr", True, "À réclamer avant le 1er mai 2024, 00:00 UTC+02:00."),
        ("en", True, "To claim before May 1, 2024, 12:00\u202fAM GMT+02:00."),
        ("fr", False, "À réclamer : le contrat ne fixe aucun délai pour cela."),
        ("en", False, "To claim: the contract sets no deadline for it."),
    ],
)
def test_each_owed_credit_has_a_claim_line(language: str, deadline: bool, expected: str) -> None:
    built = statement("001-saas-annexes")
    [credit] = built.credits
    owed = replace(
        credit,
        outcome="tier",
        days=Decimal(2),
        claim_deadline=datetime(2024, 5, 1, tzinfo=ZoneInfo("Europe/Paris")) if deadline else None,
    )
    page = " ".join(text(render_html(replace(built, credits=(owed,)), language)).split())
    assert page.count(" ".join(expected.split())) == 2  # the summary and the credit's table
    assert "avant le aucun" not in page


def test_no_credit_owed_means_nothing_to_claim() -> None:
    built = statement("001-saas-annexes")
    [credit] = built.credits
    above = replace(credit, outcome="above-tiers", days=Decimal(0))
    page = text(render_html(replace(built, credits=(above,)), "fr"))
    assert page.count("Rien à réclamer pour ce mois.") == 2


# ---------------------------------------------------------------------- plurals
@pytest.mark.parametrize(
    ("language", "days", "expected"),
    [
        ("fr", "0", "0,00 jour d'abonnement"),  # French: 0 and 1 are singular
        ("fr", "1.5", "1,50 jour d'abonnement"),
        ("fr", "3", "3,00 jours d'abonnement"),
        ("en", "1", "1.00 day of subscription"),
        ("en", "1.5", "1.50 days of subscription"),
        ("en", "0", "0.00 days of subscription"),
    ],
)
def test_credit_days_agree_with_their_number(language: str, days: str, expected: str) -> None:
    built = statement("001-saas-annexes")
    [credit] = built.credits
    owed = replace(credit, outcome="tier", days=Decimal(days))
    assert expected in text(render_html(replace(built, credits=(owed,)), language))


@pytest.mark.parametrize(
    ("language", "target", "expected"),
    [
        ("fr", "7 days", "7 jours"),
        ("fr", "1 business day", "1 jour ouvré"),
        ("en", "2 business days", "2 business days"),
        ("en", "1 business day", "1 business day"),
        ("fr", "10h", "10\u00a0h"),
        ("en", "30min", "30\u00a0min"),
        ("en", "within the hour", "within the hour"),  # unknown: shown as written
    ],
)
def test_clock_targets_are_written_in_the_reader_language(
    language: str, target: str, expected: str
) -> None:
    fmt = Formatter(language)
    assert clock_target(target, fmt, translations(language).ngettext) == expected


def test_summary_counts_agree_with_their_number() -> None:
    french = text(render_html(statement("001-saas-annexes"), "fr"))
    english = text(render_html(statement("001-saas-annexes"), "en"))
    assert "0 ticket au délai dépassé" in french
    assert "0 fenêtre hors des règles" in french
    assert "0 tickets with a breached deadline" in english
    assert "0 windows outside the rules" in english
    assert "one decimal more than its target is written with" in english


def _escaped(value: str) -> str:
    from markupsafe import escape

    return str(escape(value))


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("fr", "Le contrat existe en français et anglais\u202f; la version en français fait foi"),
        ("en", "The contract exists in French and English; the version in French governs"),
    ],
)
def test_a_contract_with_one_binding_version_says_that_version_governs(
    language: str, says: str
) -> None:
    found = statement("001-saas-annexes")
    # the file marking English for information only leaves French the one binding version
    one_binding = replace(found, contract=replace(found.contract, binding_languages=("fr",)))
    assert (
        Citations(one_binding, language).versions(translations(language).gettext).startswith(says)
    )
    both = Citations(found, language).versions(translations(language).gettext)
    assert "governs" in both or "fait foi" in both
    assert "does not say" in both or "ne dit pas" in both
