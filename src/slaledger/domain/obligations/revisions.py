"""Yearly price revisions on the obligations calendar.

A revision whose clause names who notifies the new prices is an obligation: PREVISOFT
7.2 revises in October, "date de révision des tarifs et de notification au Client par
LDL des tarifs N+1", so LDL owes the notification by the end of October. A revision
nobody has to notify (IMRI Article XI, on 1 January) is a right of the provider that
opens on the revision day.
"""

from __future__ import annotations

import calendar as civil
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slaledger.domain.contract.clause import in_force
from slaledger.domain.contract.commercial import PriceRevision
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.parties import Party
from slaledger.domain.message import Day, msg
from slaledger.domain.obligations.dates import end_of_day, start_of_day
from slaledger.domain.obligations.deadlines import ItemSpec, due_at, make_item
from slaledger.domain.obligations.model import Category, Item, ItemKind


def revision_day(revision: PriceRevision, year: int) -> date:
    """The revision's day in ``year`` (29 February falls on the 28th in other years)."""
    last = civil.monthrange(year, revision.on.month)[1]
    return date(year, revision.on.month, min(revision.on.day, last))


def price_revision_items(
    contract: Contract, *, zone: ZoneInfo, start: datetime, end: datetime
) -> list[Item]:
    """Each year's revision (a right) or its notification (an obligation) in the range."""
    items: list[Item] = []
    for year in range(start.astimezone(zone).year - 1, end.astimezone(zone).year + 1):
        for revision in contract.commercial.price_revisions:
            day = revision_day(revision, year)
            if revision not in in_force(contract.commercial.price_revisions, day):
                continue
            items.append(_item(revision, day, zone))
    return [i for i in items if start <= i.due <= end]


def _item(revision: PriceRevision, day: date, zone: ZoneInfo) -> Item:
    formula = f"{revision.index}: {revision.formula.expression}"
    if revision.notified_by:
        month_end = date(day.year, day.month, civil.monthrange(day.year, day.month)[1])
        spec = ItemSpec(
            ItemKind.PRICE_REVISION,
            Category.PAYMENT,
            msg(
                "obligation.notify-prices",
                year=str(day.year + 1),
                day=Day(day, pattern="d MMMM y"),
                formula=formula,
            ),
            owed_by=revision.notified_by,
            is_notice=True,
        )
        due = end_of_day(month_end, zone)
        rule = msg("obligation.rule.revision-month", month=Day(day, pattern="MMMM"))
    else:
        spec = ItemSpec(
            ItemKind.PRICE_REVISION,
            Category.PAYMENT,
            msg("obligation.prices-may-be-revised", formula=formula),
            owed_by=(Party.PROVIDER,),
            opens=True,
        )
        due = start_of_day(day, zone)
        rule = msg("obligation.rule.every-year", day=Day(day, pattern="d MMMM"))
    return make_item(
        spec,
        clause=revision.clause,
        due=due_at(due, zone),
        rule=rule,
        key=f"{revision.clause.id}/price-revision/{day.year}",
    )
