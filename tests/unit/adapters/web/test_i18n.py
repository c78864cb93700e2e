"""The dashboard's FR/EN catalogs and its locale formatting."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from slaledger.adapters.web.admin_alerts import FIELD_LABELS, KIND_LABELS
from slaledger.adapters.web.claim_routes import FIELD_LABELS as CLAIM_FIELDS
from slaledger.adapters.web.i18n import LANGUAGES, LOCALE_DIR, Formatter, catalog, pick_language
from slaledger.domain.alert_settings import EXPECTED
from slaledger.domain.claims import Standing
from slaledger.domain.contract.availability import ExclusionEffect
from slaledger.domain.contract.credits import CreditUnit
from slaledger.domain.incidents.clocks import Status
from slaledger.domain.lint.finding import Severity
from slaledger.domain.obligations.model import ItemKind
from slaledger.services.status_page import STATES

PACKAGE = LOCALE_DIR.parent
#: labels the templates translate at run time (``_(clock.status)``, ``_(e.effect)``...)
DYNAMIC = (
    {s.label for s in Status}
    | {e.value for e in ExclusionEffect}
    | {"not-eligible"}
    | {s.value for s in Severity}
    | {k.value for k in ItemKind}
    # the alert settings' labels and what their refused fields expected
    | set(FIELD_LABELS.values())
    | set(KIND_LABELS.values())
    | set(EXPECTED.values())
    # the claims page's standings and units, and its refused fields
    | {f"standing:{s.value}" for s in Standing}
    | {f"unit:{u.value}" for u in CreditUnit}
    | set(CLAIM_FIELDS.values())
    # the status page's service states
    | {f"state:{s}" for s in STATES}
)
#: French puts a no-break space before these marks (narrow before ; ? !)
FRENCH_SPACE = {":": "\u00a0", "%": "\u00a0", ";": "\u202f", "?": "\u202f", "!": "\u202f"}


def _static_labels() -> set[str]:
    keywords = dict(DEFAULT_KEYWORDS)
    found: set[str] = set()
    for template in (PACKAGE / "templates").glob("*.html"):
        options = {"extensions": "jinja2.ext.i18n"}
        extracted = extract_from_file("jinja2", str(template), keywords, options=options)
        found |= {m[1] for m in extracted if isinstance(m[1], str)}
    # the pages' Python code translates through ``fmt.gettext("...")``
    for module in PACKAGE.glob("*.py"):
        found |= set(re.findall(r'gettext\(\s*"([^"]+)"', module.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_of_the_pages_is_translated_in_both_catalogs(language: str) -> None:
    labels = _static_labels()
    assert len(labels) > 60
    translated = {m.id for m in catalog(language) if m.id and m.string and not m.fuzzy}
    assert labels - translated == set()
    assert DYNAMIC - translated == set()


def test_the_french_catalog_differs_from_the_english_one() -> None:
    fr, en = Formatter("fr"), Formatter("en")
    assert fr.gettext("Live incidents") != en.gettext("Live incidents")
    assert en.gettext("at-risk") == "at-risk"
    assert fr.gettext("breached") == "dépassé"
    assert fr.gettext("a label no catalog has") == "a label no catalog has"


def test_french_labels_put_a_no_break_space_before_high_punctuation() -> None:
    marks = 0
    for message in catalog("fr"):
        if not message.id or not message.string:
            continue
        # a placeholder such as %(num)d is not a percent sign
        text = re.sub(r"%\([a-z_]+\)[sd]", "x", str(message.string))
        for found in re.finditer(r"[:;?!%]", text):
            marks += 1
            before = text[found.start() - 1] if found.start() else ""
            assert before == FRENCH_SPACE[found.group()], (message.id, text)
    assert marks >= 3


@pytest.mark.parametrize(
    ("language", "percent", "colon", "day"),
    [
        ("fr", "99,95\u00a0%", "\u00a0:", "15 mars 2024"),
        ("en", "99.95%", ":", "March 15, 2024"),
    ],
)
def test_numbers_dates_and_colons_follow_the_language(
    language: str, percent: str, colon: str, day: str
) -> None:
    fmt = Formatter(language)
    assert fmt.percent(Fraction(19990, 200)) == percent
    assert fmt.percent(99.95) == percent
    assert fmt.colon == colon
    assert fmt.day(date(2024, 3, 15)) == day


def test_instants_are_shown_in_the_contract_zone_and_durations_in_hours_and_minutes() -> None:
    fmt = Formatter("fr")
    at = datetime(2024, 3, 15, 15, 0, tzinfo=UTC)
    assert "16:00" in fmt.instant(at, "Europe/Paris")
    assert "11:00" in Formatter("en").instant(at, "America/New_York").replace("\u202f", " ")
    assert fmt.duration(3 * 3600 + 5 * 60) == "3 h 05"
    assert fmt.duration(-65 * 60) == "-1 h 05"
    assert fmt.percent(None) == fmt.duration(None) == fmt.day(None) == "–"


@pytest.mark.parametrize(
    ("asked", "chosen"),
    [("fr", "fr"), ("en", "en"), ("de", "en"), (None, "en"), ("", "en")],
)
def test_an_unknown_language_falls_back_to_english(asked: str | None, chosen: str) -> None:
    assert pick_language(asked) == chosen


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "1 error"),
        ("en", 3, "3 errors"),
        ("en", 0, "0 errors"),
        ("fr", 0, "0 erreur"),  # French: 0 and 1 take the singular
        ("fr", 1, "1 erreur"),
        ("fr", 3, "3 erreurs"),
    ],
)
def test_counted_labels_agree_with_their_number(language: str, count: int, expected: str) -> None:
    assert Formatter(language).ngettext("%(num)d error", "%(num)d errors", count) == expected
