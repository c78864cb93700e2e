"""The obligations calendar of a contract over a range."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.adapters.i18n import english, render
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.obligations.model import ItemKind, ObligationError, Trigger
from slaledger.domain.obligations.schedule import build_schedule, known_events
from tests.conftest import ROOT
from tests.language_words import foreign_sentences
from tests.unit.domain.obligations.conftest import paris

FIXTURES = ROOT / "tests" / "fixtures" / "contracts"


def _schedule(seeds, seed_calendars, key, triggers, first, last, **extra):
    return build_schedule(
        seeds[key],
        triggers=triggers,
        calendars=seed_calendars[key],
        start=paris(*first),
        end=paris(*last),
        **extra,
    )


def test_each_previsoft_subscription_lists_its_licence_end_and_termination_notice(
    seeds, seed_calendars
):
    triggers = [
        Trigger("credentials-sent", paris(2024, 9, 15), whole_day=True, ref="sep"),
        Trigger("credentials-sent", paris(2024, 10, 15), whole_day=True, ref="oct"),
    ]
    schedule = _schedule(seeds, seed_calendars, "003", triggers, (2024, 9, 1), (2026, 1, 1))
    found = {
        (i.trigger.ref, i.kind, i.last_day)
        for i in schedule.items
        if i.trigger is not None and i.kind in (ItemKind.LICENCE_END, ItemKind.TERMINATION_NOTICE)
    }
    assert ("sep", ItemKind.LICENCE_END, date(2024, 12, 31)) in found
    assert ("sep", ItemKind.TERMINATION_NOTICE, date(2024, 11, 30)) in found
    assert ("oct", ItemKind.LICENCE_END, date(2025, 12, 31)) in found
    assert ("oct", ItemKind.TERMINATION_NOTICE, date(2025, 11, 30)) in found
    assert [i.due for i in schedule.items] == sorted(i.due for i in schedule.items)


def test_a_deadline_at_the_start_of_the_range_belongs_to_the_day_before(seeds, seed_calendars):
    trigger = Trigger("credentials-sent", paris(2024, 9, 15), whole_day=True)
    schedule = _schedule(seeds, seed_calendars, "003", [trigger], (2024, 12, 1), (2025, 1, 1))
    # the notice ends with 30 November (1 December 00:00): outside; the licence end inside
    assert [(i.kind, i.last_day) for i in schedule.items] == [
        (ItemKind.LICENCE_END, date(2024, 12, 31))
    ]


def test_a_payment_due_on_new_years_day_is_acted_on_the_day_before(seeds, seed_calendars):
    trigger = Trigger("invoice-issued", paris(2024, 12, 2), whole_day=True, ref="F3")
    schedule = _schedule(seeds, seed_calendars, "003", [trigger], (2024, 12, 1), (2025, 2, 1))
    [due] = [i for i in schedule.items if i.kind is ItemKind.PAYMENT_DUE]
    assert due.last_day == date(2025, 1, 1)
    assert due.act_by == date(2024, 12, 31)  # the contract's French holidays count


def test_obligations_before_the_term_end_follow_each_imri_term(seeds, seed_calendars):
    trigger = Trigger("service-opened", paris(2024, 3, 15), whole_day=True)
    schedule = _schedule(seeds, seed_calendars, "004", [trigger], (2024, 1, 1), (2025, 4, 1))
    changes = [i for i in schedule.items if i.clause_id == "equipment-changes"]
    assert [i.last_day for i in changes] == [date(2024, 12, 14)]


def test_a_term_without_its_start_event_is_reported_not_guessed(seeds, seed_calendars):
    schedule = _schedule(seeds, seed_calendars, "004", [], (2025, 1, 1), (2026, 1, 1))
    assert not [i for i in schedule.items if i.category.value == "term"]
    assert any("service-opened" in english(note) for note in schedule.notes)
    [patch] = schedule.recurring
    assert len(patch.occurrences) == 12


def test_an_event_the_contract_does_not_know_is_refused(seeds, seed_calendars):
    with pytest.raises(ObligationError) as caught:
        _schedule(
            seeds,
            seed_calendars,
            "003",
            [Trigger("visit-scheduled", paris(2025, 1, 6, 10))],
            (2025, 1, 1),
            (2025, 2, 1),
        )
    assert (
        english(caught.value.text) == "clause -: events unknown to this contract: visit-scheduled"
    )


def _before_effective(contract, event, day):
    calendars = {n: BusinessCalendar(s, HolidaysPackage()) for n, s in contract.calendars.items()}
    with pytest.raises(ObligationError) as caught:
        build_schedule(
            contract,
            triggers=[Trigger(event, paris(*day), whole_day=True)],
            calendars=calendars,
            start=paris(2024, 1, 1),
            end=paris(2026, 1, 1),
        )
    return caught.value


def test_a_licence_started_before_its_clause_took_effect_names_both_dates():
    """Regression: a licence period alone (no term from the same event) whose start
    precedes its clause's effective_from raised an AssertionError in terms._clause_of."""
    contract = load_contract(FIXTURES / "invented-clean.yaml").contract
    error = _before_effective(contract, "order-signed", (2024, 6, 1))
    assert error.clause_id == "subscription-year"
    assert error.where == "commercial.licence_periods[0]"
    assert english(error.text) == (
        "clause subscription-year: the start event order-signed on 1 June 2024 precedes"
        " the clause's effective date (1 January 2025): no version of the clause was in"
        " force that day"
    )
    french = render(error.text, "fr")
    assert "du 1er juin 2024 précède la date d'effet de la clause (1er janvier 2025)" in french
    assert foreign_sentences([french], "fr") == []


def test_a_previsoft_licence_from_before_its_cgv_version_is_an_error_not_a_missing_term(
    seeds,
):
    """The term counted from the same event has no initial length of its own: the error
    is the licence's date, not "no initial term and no licence period"."""
    error = _before_effective(seeds["003"], "credentials-sent", (2023, 1, 15))
    assert error.clause_id == "licence-period"
    assert "15 January 2023" in english(error.message)
    assert "(31 July 2023)" in english(error.message)


def test_the_known_events_are_the_triggers_the_clauses_name(seeds):
    names = known_events(seeds["004"])
    assert {"service-opened", "visit-scheduled", "maintenance", "invoice-received"} <= names


def test_the_backup_log_is_checked_over_the_range(seeds, seed_calendars):
    log = np.asarray([int(paris(2024, 3, d, 2).timestamp()) for d in (1, 2, 4)], dtype=np.int64)
    schedule = _schedule(
        seeds, seed_calendars, "001", [], (2024, 3, 1), (2024, 3, 5), backup_successes=log
    )
    [check] = schedule.backups
    assert check.missed == (date(2024, 3, 3),)
