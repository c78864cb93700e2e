"""Deadlines started by events, one worked case per clause of the seeds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import parse_duration
from slaledger.domain.obligations.model import ItemKind, Trigger
from slaledger.domain.obligations.triggered import (
    dated_obligation_items,
    limitation_items,
    maintenance_items,
    payment_items,
)
from tests.unit.domain.obligations.conftest import PARIS, paris


def _dated(seeds, seed_calendars, key, trigger):
    return dated_obligation_items(seeds[key], trigger, zone=PARIS, calendars=seed_calendars[key])


def test_previsoft_notifies_a_breach_within_two_days_of_learning_of_it(seeds, seed_calendars):
    [item] = _dated(
        seeds, seed_calendars, "003", Trigger("breach-discovered", paris(2024, 3, 15, 10))
    )
    assert item.kind is ItemKind.BREACH_NOTIFICATION
    assert item.due == paris(2024, 3, 17, 10)
    assert item.clause_id == "breach-notification"
    assert item.owed_by == (Party.PROVIDER,)
    assert item.is_notice


def test_imri_informs_of_a_breach_immediately(seeds, seed_calendars):
    [item] = _dated(
        seeds, seed_calendars, "004", Trigger("breach-discovered", paris(2024, 3, 15, 10))
    )
    assert item.due == paris(2024, 3, 15, 10)


@pytest.mark.parametrize(
    ("key", "received", "last"),
    [
        ("003", date(2024, 4, 2), date(2024, 5, 2)),  # 30 days from the day of receipt
        ("004", date(2024, 1, 31), date(2024, 2, 29)),  # one month: no 31 February
        ("004", date(2024, 4, 2), date(2024, 5, 2)),
    ],
)
def test_data_is_returned_within_the_contracts_period_from_the_request(
    seeds, seed_calendars, key, received, last
):
    trigger = Trigger("data-return-requested", paris(*received.timetuple()[:3]), whole_day=True)
    # 004's continuity of service (Article XIV) runs to the same day, tested below
    [item] = [
        i
        for i in _dated(seeds, seed_calendars, key, trigger)
        if i.clause_id != "service-continuity"
    ]
    assert item.kind is ItemKind.DATA_RETURN
    assert item.last_day == last
    assert item.end_of_day  # the day of the request does not count; the last day does


def test_a_backup_is_restored_within_two_days_of_an_accidental_deletion(seeds, seed_calendars):
    trigger = Trigger("accidental-deletion-reported", paris(2024, 3, 15, 16))
    [item] = _dated(seeds, seed_calendars, "001", trigger)
    assert item.kind is ItemKind.RESTORE
    assert item.due == paris(2024, 3, 17, 16)
    assert item.act_by == date(2024, 3, 15)  # a Sunday: the deadline stays, act on Friday


def test_a_visit_notice_on_a_saturday_does_not_move(seeds, seed_calendars):
    visit = Trigger("visit-scheduled", paris(2025, 3, 17, 10), ref="V1")  # a Monday
    items = {i.clause_id: i for i in _dated(seeds, seed_calendars, "004", visit)}
    notice = items["visit-notice"]
    assert notice.due == paris(2025, 3, 15, 10)  # Saturday 10:00, 48 hours before
    assert notice.act_by == date(2025, 3, 14)
    assert set(notice.owed_by) == {Party.PROVIDER, Party.CUSTOMER}
    needs = items["needs-log"]  # 2 working days before, in the on-site hours
    assert needs.due == paris(2025, 3, 13, 10)


def test_force_majeure_opens_the_right_to_terminate_after_30_days(seeds, seed_calendars):
    trigger = Trigger("force-majeure-started", paris(2024, 5, 1), whole_day=True)
    [item] = _dated(seeds, seed_calendars, "003", trigger)
    assert item.kind is ItemKind.TERMINATION_RIGHT
    assert item.opens
    assert item.due == paris(2024, 6, 1)  # 30 days after 1 May: from 1 June
    assert item.act_by is None


@pytest.mark.parametrize(
    ("event", "clause"),
    [
        ("payment-overdue", "termination-non-payment"),
        ("equipment-damaged", "termination-equipment-damage"),
        ("unaccredited-intervention", "termination-unaccredited-person"),
    ],
)
def test_imri_may_terminate_without_notice_as_soon_as_a_ground_arises(
    seeds, seed_calendars, event, clause
):
    """004 Article XIII: "IMRI – IT Dépannage se réserve le droit de résiliation, sans
    préavis ni remboursement [...] lorsque" a sum is unpaid, the equipment is damaged by
    non-conforming use, or an unaccredited person intervened."""
    trigger = Trigger(event, paris(2024, 6, 10, 14), whole_day=False)
    [item] = _dated(seeds, seed_calendars, "004", trigger)
    assert (item.kind, item.clause_id, item.opens) == (ItemKind.TERMINATION_RIGHT, clause, True)
    assert item.owed_by == (Party.PROVIDER,)
    assert item.due == paris(2024, 6, 10, 14)  # no notice: the right opens at once


@pytest.mark.parametrize(
    ("event", "clause", "last"),
    [
        ("claim-grounds-arose", "liability-claim-limit", date(2024, 4, 24)),  # 45 days
        ("triggering-fact", "action-limit", date(2025, 3, 10)),  # one year
    ],
)
def test_previsoft_claims_are_barred_after_their_limitation_period(
    seeds, seed_calendars, event, clause, last
):
    trigger = Trigger(event, paris(2024, 3, 10), whole_day=True)
    [item] = limitation_items(seeds["003"], trigger, zone=PARIS, calendars=seed_calendars["003"])
    assert (item.kind, item.clause_id, item.last_day) == (ItemKind.LIMITATION, clause, last)


def test_an_unpaid_previsoft_invoice_opens_termination_after_90_days_late(seeds, seed_calendars):
    trigger = Trigger("invoice-issued", paris(2024, 9, 15), whole_day=True, ref="F1")
    due, right = payment_items(seeds["003"], trigger, zone=PARIS, calendars=seed_calendars["003"])
    assert (due.kind, due.last_day) == (ItemKind.PAYMENT_DUE, date(2024, 10, 15))
    assert right.kind is ItemKind.TERMINATION_RIGHT
    assert right.due == paris(2025, 1, 14)  # day 91 of lateness
    assert right.clause_id == "late-payment"


def test_a_planned_maintenance_window_gets_its_notice_and_its_window(seeds, seed_calendars):
    contract = seeds["004"]
    trigger = Trigger(
        "maintenance", paris(2025, 4, 5, 1), end=paris(2025, 4, 5, 3), clause="exceptional"
    )
    items, windows = maintenance_items(
        contract, trigger, zone=PARIS, calendars=seed_calendars["004"]
    )
    assert items == []  # "à l'avance" without a minimum: no dated notice
    assert [(w.start, w.end) for w in windows] == [(paris(2025, 4, 5, 1), paris(2025, 4, 5, 3))]


def test_a_maintenance_notice_counts_in_the_kinds_calendar(seeds, seed_calendars):
    # 003 states its 2-day notice as a KPI mean only; give the kind a per-window minimum
    contract = seeds["003"]
    kinds = tuple(
        replace(m, minimum_notice=parse_duration("2 business days"))
        if m.clause.id == "preventive"
        else m
        for m in contract.maintenance
    )
    trigger = Trigger("maintenance", paris(2024, 5, 13, 22), clause="preventive")  # a Monday
    items, _ = maintenance_items(
        replace(contract, maintenance=kinds), trigger, zone=PARIS, calendars=seed_calendars["003"]
    )
    [notice] = items
    assert notice.kind is ItemKind.MAINTENANCE_NOTICE
    # Monday 22:00 is closed: the count starts from the next opening, Tuesday 14 May
    # 09:00, and goes back 2 business days to Friday 10 May 09:00 (Fri and Mon in full)
    assert notice.due == paris(2024, 5, 10, 9)
    assert notice.calendar == "previsoft-business"


def test_a_blank_minimum_notice_commits_to_no_date(seeds, seed_calendars):
    trigger = Trigger("maintenance", paris(2024, 5, 13, 22), clause="urgent-security-update")
    items, _ = maintenance_items(seeds["003"], trigger, zone=PARIS, calendars=seed_calendars["003"])
    assert items == []


def test_imri_owes_continuity_of_service_until_the_restitution_is_effective(seeds, seed_calendars):
    """004 Article XIV: "Jusqu'à la date effective de la restitution des données et
    logiciels, le Prestataire s'engage à assurer la continuité du Service"; the restitution
    takes at most "un mois à compter de la réception ... de la lettre recommandée"."""
    trigger = Trigger("data-return-requested", paris(2024, 6, 3), whole_day=True)
    items = {i.clause_id: i for i in _dated(seeds, seed_calendars, "004", trigger)}
    continuity = items["service-continuity"]
    assert continuity.last_day == items["data-return"].last_day == date(2024, 7, 3)
    assert continuity.owed_by == (Party.PROVIDER, Party.CUSTOMER)
