"""Yearly price revisions: PREVISOFT's October notification, IMRI's 1 January right."""

from __future__ import annotations

import dataclasses
from datetime import date

from slaledger.adapters.i18n import english
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import MonthDay
from slaledger.domain.obligations.model import ItemKind
from slaledger.domain.obligations.revisions import price_revision_items, revision_day
from tests.unit.domain.obligations.conftest import PARIS, paris


def test_previsoft_owes_the_notification_of_next_years_prices_by_the_end_of_october(seeds):
    """003 §7.2: "S (octobre N) : dernier indice SYNTEC connu en octobre de l'année N (date
    de révision des tarifs et de notification au Client par LDL des tarifs N+1 ...)"."""
    items = price_revision_items(
        seeds["003"], zone=PARIS, start=paris(2024, 1, 1), end=paris(2026, 1, 1)
    )
    assert [(i.last_day, i.is_notice, i.owed_by) for i in items] == [
        (date(2024, 10, 31), True, (Party.PROVIDER,)),
        (date(2025, 10, 31), True, (Party.PROVIDER,)),
    ]
    assert all(i.kind is ItemKind.PRICE_REVISION and i.article == "cgv 7.2" for i in items)
    assert "notify the prices of 2025, revised on 1 October 2024" in english(items[0].summary)


def test_imris_revision_on_the_first_of_january_is_a_right_that_opens_that_day(seeds):
    """004 Article XI: "La tarification sera réactualisée chaque année, au premier janvier"."""
    [item] = price_revision_items(
        seeds["004"], zone=PARIS, start=paris(2024, 6, 1), end=paris(2025, 6, 1)
    )
    assert item.due == paris(2025, 1, 1)
    assert not item.is_notice
    assert item.owed_by == (Party.PROVIDER,)
    assert english(item.summary).startswith("prices may be revised (SYNTEC")


def test_a_29_february_revision_falls_on_the_28th_in_common_years(seeds):
    revision = dataclasses.replace(seeds["004"].commercial.price_revisions[0], on=MonthDay(2, 29))
    assert revision_day(revision, 2024) == date(2024, 2, 29)
    assert revision_day(revision, 2025) == date(2025, 2, 28)


def test_contracts_without_price_revisions_have_no_revision_items(seeds):
    assert (
        price_revision_items(
            seeds["001"], zone=PARIS, start=paris(2024, 1, 1), end=paris(2025, 1, 1)
        )
        == []
    )
