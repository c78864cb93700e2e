"""Locale formatting and the FR/EN catalogs of the statement."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from slaledger.adapters.reports.statement import Formatter, UnknownLanguageError
from slaledger.adapters.reports.statement.charts import Bar, bar_chart, percent_range
from slaledger.adapters.reports.statement.i18n import LOCALES, read_catalog, translations
from slaledger.adapters.reports.statement.labels import TABLES

PACKAGE = LOCALES.parent
PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("language", "percent", "day", "month"),
    [
        ("fr", "99,95\u00a0%", "15 mars 2024", "mars 2024"),
        ("en", "99.95%", "March 15, 2024", "March 2024"),
    ],
)
def test_figures_and_dates_follow_the_language(
    language: str, percent: str, day: str, month: str
) -> None:
    fmt = Formatter(language)
    assert fmt.percent(Decimal("99.95")) == percent
    assert fmt.date(date(2024, 3, 15)) == day
    assert fmt.month("2024-03") == month


def test_availability_is_truncated_never_rounded_up_to_its_target() -> None:
    assert Formatter("en").percent(Decimal("99.94999")) == "99.94%"
    assert Formatter("en").percent(Decimal("25.005"), truncate=False) == "25.01%"


def test_durations_and_instants_are_shown_in_the_instant_zone() -> None:
    fmt = Formatter("fr")
    assert fmt.duration(Decimal(9291)) == "2\u00a0h\u00a035\u00a0min"
    instant = datetime(2024, 3, 15, 16, 0, tzinfo=PARIS)
    assert fmt.datetime(instant) == "15 mars 2024, 16:00 UTC+01:00"
    assert fmt.minutes(90) == "1,5\u00a0min"
    assert fmt.percent(None) == Formatter.DASH


def test_a_language_without_a_catalog_is_refused() -> None:
    with pytest.raises(UnknownLanguageError, match="fr, en"):
        Formatter("de")


def _message_ids() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found = set()
    for template in (PACKAGE / "templates").glob("*.html"):
        options = {"extensions": "jinja2.ext.i18n"}
        found |= {
            m[1] for m in extract_from_file("jinja2", str(template), keywords, options=options)
        }
    for module in ("labels.py", "html.py"):
        found |= {m[1] for m in extract_from_file("python", str(PACKAGE / module), keywords)}
    return found


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_label_has_a_translation_in_both_catalogs(language: str) -> None:
    catalog = read_catalog(language)
    ids = _message_ids()
    assert len(ids) > 100
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert ids - translated == set()
    for table in TABLES.values():
        assert set(table.values()) <= translated


def test_the_french_catalog_translates_the_labels() -> None:
    assert translations("fr").gettext("Monthly statement") == "Relevé mensuel"
    assert translations("en").gettext("Monthly statement") == "Monthly statement"


def test_a_chart_draws_a_bar_per_month_and_the_target_line() -> None:
    bars = [Bar("mars 24", Decimal("99.9"), True, "99,90 %"), Bar("avr. 24", None, None, "–")]
    svg = bar_chart(
        bars,
        value_range=percent_range([b.value for b in bars], Decimal("99.5")),
        limit=Decimal("99.5"),
        limit_text="objectif 99,50 %",
        axis_text=str,
        title="Disponibilité <saas>",
    )
    assert svg.startswith("<svg")
    assert svg.count("<rect") == 1
    assert "stroke-dasharray" in svg
    assert "&lt;saas&gt;" in svg  # text is escaped


#: French puts a no-break space before these marks (narrow before ; ? !)
FRENCH_SPACE = {":": "\u00a0", "%": "\u00a0", ";": "\u202f", "?": "\u202f", "!": "\u202f"}


def test_french_labels_put_a_no_break_space_before_high_punctuation() -> None:
    marks = 0
    for message in read_catalog("fr"):
        if not message.id or not message.string:
            continue
        # a placeholder such as %(decimals)s is not a percent sign
        text = re.sub(r"%\([a-z_]+\)[sd]", "x", str(message.string))
        for found in re.finditer(r"[:;?!%]", text):
            marks += 1
            before = text[found.start() - 1] if found.start() else ""
            assert before == FRENCH_SPACE[found.group()], (message.id, text)
    assert marks >= 5


@pytest.mark.parametrize(("language", "colon"), [("fr", "\u00a0:"), ("en", ":")])
def test_a_colon_after_a_label_follows_the_language(language: str, colon: str) -> None:
    assert Formatter(language).colon == colon


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("fr", "1250.00", "EUR", "1\u202f250,00\u00a0€"),  # the "1 250,00 €"
        ("en", "1250.00", "EUR", "€1,250.00"),
        ("en", "312.63", "USD", "$312.63"),
        ("fr", "250", None, "250,00"),  # no currency known: a bare number
    ],
)
def test_an_amount_is_written_in_its_currency_as_the_language_writes_it(
    language: str, amount: str, currency: str | None, expected: str
) -> None:
    assert Formatter(language).money(Decimal(amount), currency) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "99,949\u00a0% (exactement 99,9497\u00a0%) — objectif manqué"),
        ("en", "99.949% (99.9497% exact) — target missed"),
    ],
)
def test_a_figure_turned_from_its_target_says_its_exact_digits_in_the_catalogs_words(
    language: str, text: str
) -> None:
    fmt = Formatter(language, translations(language).gettext)
    assert fmt.availability(Decimal("99.9497"), None, Decimal("99.95")) == text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_dashboard_catalog_has_the_same_words_beside_a_figure(language: str) -> None:
    from slaledger.adapters.readable.figures import EXACT, TARGET_MET, TARGET_MISSED
    from slaledger.adapters.web.i18n import Formatter as PageFormatter

    page = PageFormatter(language)
    statement = translations(language).gettext
    for message in (EXACT, TARGET_MET, TARGET_MISSED):
        assert page.gettext(message) == statement(message)
    assert (page.gettext(TARGET_MISSED) == "objectif manqué") == (language == "fr")
