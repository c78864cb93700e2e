"""An obligation's words as messages: durations as the contract writes them, deadline
rules with and without a calendar, in English and in French."""

from __future__ import annotations

import pytest

from slaledger.adapters.i18n import english, render
from slaledger.domain.contract.obligations import Deadline, DeadlineKind
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import BLANK, parse_duration
from slaledger.domain.obligations.words import deadline_rule, duration, owed_by


@pytest.mark.parametrize(
    ("text", "en", "fr"),
    [
        ("2 days", "2 days", "2 jours"),
        ("1 day", "1 day", "1 jour"),
        ("2 business days", "2 business days", "2 jours ouvrés"),
        ("1 month", "1 month", "1 mois"),
        ("3 years", "3 years", "3 ans"),
        ("48h", "48h", "48 h"),
        ("2.5h", "2.5h", "2,5 h"),  # the decimal comma of French
        ("1 week", "1 week", "1 semaine"),
        ("immediately", "immediately", "immédiatement"),
    ],
)
def test_a_duration_reads_as_the_contract_writes_it(text: str, en: str, fr: str) -> None:
    shown = duration(parse_duration(text))
    assert (english(shown), render(shown, "fr").replace("\u00a0", " ")) == (en, fr)


def test_a_blank_duration_says_so() -> None:
    assert english(duration(BLANK)) == "a blank duration"


@pytest.mark.parametrize(
    ("kind", "calendar", "en", "fr"),
    [
        (DeadlineKind.WITHIN_AFTER, None, "within 2 days after opened",
         "dans un délai de 2 jours après «\u00a0opened\u00a0»"),
        (DeadlineKind.OPENS_AFTER, "ops", "opens 2 days (counted in ops) after opened",
         "ouvert 2 jours (compté dans le calendrier «\u00a0ops\u00a0») après «\u00a0opened\u00a0»"),
        (DeadlineKind.AT_LEAST_BEFORE, None, "at least 2 days before opened",
         "au moins 2 jours avant «\u00a0opened\u00a0»"),
    ],
)  # fmt: skip
def test_a_deadline_rule_says_how_it_is_counted(
    kind: DeadlineKind, calendar: str | None, en: str, fr: str
) -> None:
    rule = deadline_rule(Deadline(kind, parse_duration("2 days"), "opened", calendar))
    assert (english(rule), render(rule, "fr")) == (en, fr)


def test_who_owes_an_item() -> None:
    both = owed_by((Party.PROVIDER, Party.CUSTOMER))
    assert (english(both), render(both, "fr")) == ("provider, customer", "prestataire, client")
    assert render(owed_by(()), "fr") == "l'une ou l'autre partie"
