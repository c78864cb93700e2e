"""The ledger's figures of the contract alone: hours over the year, and late terms."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.i18n import english
from slaledger.bootstrap import holiday_provider
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.obligations.model import Trigger
from slaledger.services.ledger_contract import hours_ledger, late_term_ledger
from tests.conftest import ROOT

IMRI = load_contract(ROOT / "examples" / "contracts" / "004-imri.yaml").contract
CALENDARS = {
    name: BusinessCalendar(spec, holiday_provider()) for name, spec in IMRI.calendars.items()
}


def test_each_hours_clause_states_its_open_time_in_the_year():
    """004 VI: « du lundi au vendredi de 9H00 à 12H30 ... de 13H30 à 18H00 », hors jours
    fériés: 252 working days of 8 h in 2024; the exceptional slots (3.6: « en week-end ou
    dans la nuit ... entre 0h et 6h ») are named once the exceptional clause is computed."""
    figures = hours_ledger(IMRI, calendars=CALENDARS, year=2024, computed={"exceptional"})
    assert figures["phone-hours"] == ["2016h00 open in 2024 (calendar imri-phone)"]
    assert figures["exceptional-maintenance-slots"] == [
        "4068h00 open in 2024 (calendar imri-exceptional-slots)",
        "the slots maintenance exceptional is judged in",
    ]
    assert (
        "channel email (email): 2016h00 open in 2024 (calendar imri-phone)"
        in figures["hosted-support"]
    )


def test_the_slots_are_not_named_when_no_window_of_the_kind_was_judged():
    figures = hours_ledger(IMRI, calendars=CALENDARS, year=2024)
    assert figures["exceptional-maintenance-slots"] == [
        "4068h00 open in 2024 (calendar imri-exceptional-slots)"
    ]


def test_a_36_month_term_opened_in_the_year_shows_its_notice_and_end_past_the_range():
    """004 VII: « une durée initiale de trente-six (36) mois ... un préavis de six mois
    (6) »: opened 15 January 2024, it ends on 14 January 2027, notice by 15 July 2026."""
    opened = Trigger("service-opened", datetime(2024, 1, 15, tzinfo=ZoneInfo("Europe/Paris")),
                     whole_day=True)  # fmt: skip
    figures = late_term_ledger(
        IMRI, triggers=[opened], calendars=CALENDARS, year=2024, computed={"term"}, say=english
    )
    assert list(figures) == ["hosted-term"]
    assert [line.split(":")[0] for line in figures["hosted-term"]] == [
        "termination-notice due 2026-07-15T00",
        "term-end due 2027-01-15T00",
    ]


def test_a_term_the_range_reaches_is_left_to_the_calendar():
    figures = late_term_ledger(
        IMRI,
        triggers=[],
        calendars=CALENDARS,
        year=2024,
        computed={"term", "hosted-term"},
        say=english,
    )
    assert figures == {}
