"""Licence periods, initial terms, tacit renewals and their notice deadlines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from slaledger.adapters.i18n import english, render
from slaledger.domain.contract.ranges import day_of_year_range
from slaledger.domain.contract.values import MonthDay
from slaledger.domain.obligations.model import ItemKind, ObligationError, Trigger
from slaledger.domain.obligations.terms import licence_last_day, term_items, term_periods
from tests.unit.domain.obligations.conftest import PARIS, paris


def _licence(seeds):
    return seeds["003"].commercial.licence_periods[0]


@pytest.mark.parametrize(
    ("subscribed", "last"),
    [
        (date(2024, 9, 15), date(2024, 12, 31)),  # done-when: before 30 September
        (date(2024, 10, 15), date(2025, 12, 31)),  # done-when: after 1 October
        (date(2024, 9, 29), date(2024, 12, 31)),  # the last day "before 30 September"
        (date(2024, 10, 1), date(2025, 12, 31)),  # 1 October itself: the file reads "from"
        (date(2024, 1, 1), date(2024, 12, 31)),
        (date(2024, 12, 31), date(2025, 12, 31)),
    ],
)
def test_a_previsoft_licence_runs_to_31_december_of_its_year_or_the_next(seeds, subscribed, last):
    assert licence_last_day(_licence(seeds), subscribed) == last


def test_a_subscription_on_30_september_is_refused_because_the_file_leaves_it_open(seeds):
    with pytest.raises(ObligationError) as caught:
        licence_last_day(_licence(seeds), date(2024, 9, 30))
    assert english(caught.value.text) == (
        "clause licence-period: no bracket of the licence period contains a subscription"
        " on 30 September"
    )
    assert render(caught.value.text, "fr") == (
        "clause licence-period\u00a0: aucune tranche de la période de licence ne contient"
        " une souscription le 30 septembre"
    )
    assert caught.value.clause_id == "licence-period"
    assert caught.value.where == "commercial.licence_periods[0]"


def test_a_file_that_puts_30_september_in_the_first_bracket_is_followed(seeds):
    licence = _licence(seeds)
    first = replace(licence.brackets[0], subscribed=day_of_year_range(until=MonthDay(9, 30)))
    closed = replace(licence, brackets=(first, licence.brackets[1]))
    assert licence_last_day(closed, date(2024, 9, 30)) == date(2024, 12, 31)


def _previsoft_items(seeds, seed_calendars, day):
    term = seeds["003"].commercial.terms[0]
    return term_items(
        term,
        licence=_licence(seeds),
        trigger=Trigger("credentials-sent", paris(*day), whole_day=True),
        zone=PARIS,
        calendars=seed_calendars["003"],
        end=paris(2026, 6, 1),
    )


def test_a_september_2024_subscription_must_be_terminated_by_30_november_2024(
    seeds, seed_calendars
):
    items = _previsoft_items(seeds, seed_calendars, (2024, 9, 15))
    by_kind = {(i.kind, i.last_day.year): i for i in items}
    end = by_kind[(ItemKind.LICENCE_END, 2024)]
    assert end.last_day == date(2024, 12, 31)
    assert end.due == paris(2025, 1, 1)
    notice = by_kind[(ItemKind.TERMINATION_NOTICE, 2024)]
    assert notice.last_day == date(2024, 11, 30)  # one month before 1 January 00:00
    assert notice.act_by == date(2024, 11, 29)  # a Saturday: act on Friday, it does not move
    assert notice.clause_id == "renewal"
    reminder = by_kind[(ItemKind.RENEWAL_NOTICE, 2024)]
    assert reminder.last_day == date(2024, 10, 31)  # the provider's 2 months


def test_an_october_2024_subscription_runs_to_the_end_of_2025_then_renews_for_2026(
    seeds, seed_calendars
):
    items = _previsoft_items(seeds, seed_calendars, (2024, 10, 15))
    ends = [i for i in items if i.kind in (ItemKind.LICENCE_END, ItemKind.TERM_END)]
    assert [i.last_day for i in ends] == [date(2025, 12, 31), date(2026, 12, 31)]
    notices = [i.last_day for i in items if i.kind is ItemKind.TERMINATION_NOTICE]
    assert notices == [date(2025, 11, 30), date(2026, 11, 30)]


def test_imri_services_run_12_months_then_renew_tacitly_by_12(seeds):
    term = seeds["004"].commercial.terms[0]
    periods = term_periods(term, start=date(2024, 3, 15), licence=None)
    first, second, third = next(periods), next(periods), next(periods)
    assert (first.first_day, first.last_day) == (date(2024, 3, 15), date(2025, 3, 14))
    assert (second.first_day, second.last_day) == (date(2025, 3, 15), date(2026, 3, 14))
    assert third.last_day == date(2027, 3, 14)


def test_imri_hosted_services_run_36_months_with_6_months_notice(seeds, seed_calendars):
    term = seeds["004"].commercial.terms[1]
    items = term_items(
        term,
        licence=None,
        trigger=Trigger("service-opened", paris(2024, 3, 15), whole_day=True),
        zone=PARIS,
        calendars=seed_calendars["004"],
        end=paris(2027, 12, 31),
    )
    ends = [i.last_day for i in items if i.kind is ItemKind.TERM_END]
    notices = [i.last_day for i in items if i.kind is ItemKind.TERMINATION_NOTICE]
    assert ends[:2] == [date(2027, 3, 14), date(2028, 3, 14)]
    assert notices[:2] == [date(2026, 9, 14), date(2027, 9, 14)]


def test_imri_services_notice_is_three_months_before_each_expiry(seeds, seed_calendars):
    term = seeds["004"].commercial.terms[0]
    items = term_items(
        term,
        licence=None,
        trigger=Trigger("service-opened", paris(2024, 3, 15), whole_day=True),
        zone=PARIS,
        calendars=seed_calendars["004"],
        end=paris(2025, 12, 31),
    )
    notices = [i for i in items if i.kind is ItemKind.TERMINATION_NOTICE]
    assert [i.last_day for i in notices] == [date(2024, 12, 14), date(2025, 12, 14)]
    assert notices[0].act_by == date(2024, 12, 13)  # 14 December 2024 is a Saturday
    assert "lettre recommandée" in english(notices[0].summary)
