"""Credit claim deadlines: a service credit for a month is lost if not claimed in time.

001's credits are "claimable within one month": for March 2024 (which ends on 1 April
00:00 in the contract's zone) the claim must arrive by 1 May 00:00, that is by the end
of 30 April.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.clause import in_force
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.credits import ClaimStart, ClaimWindow
from slaledger.domain.contract.parties import Party
from slaledger.domain.message import msg
from slaledger.domain.obligations.dates import DeadlineError, shift, start_of_day
from slaledger.domain.obligations.deadlines import Due, ItemSpec, due_at, make_item
from slaledger.domain.obligations.model import Category, Item, ItemKind, ObligationError
from slaledger.domain.obligations.words import duration
from slaledger.domain.periods import Month


def month_end(month: Month, zone: ZoneInfo) -> datetime:
    following = month.shift(1)
    return start_of_day(date(following.year, following.month, 1), zone)


def claim_deadline(
    month: Month,
    window: ClaimWindow,
    *,
    zone: ZoneInfo,
    calendar: BusinessCalendar | None = None,
) -> Due:
    """The last instant to claim the credit of ``month`` under a period-end claim window."""
    if window.after is not ClaimStart.PERIOD_END:
        raise DeadlineError(msg("obligation.error.claim-window", event=window.after.value))
    return claim_deadline_after(month_end(month, zone), window, zone=zone, calendar=calendar)


def claim_deadline_after(
    at: datetime,
    window: ClaimWindow,
    *,
    zone: ZoneInfo,
    calendar: BusinessCalendar | None = None,
) -> Due:
    """The last instant to claim a credit whose window opens at ``at`` (a breach, an end)."""
    return due_at(shift(at, window.within, sign=1, zone=zone, calendar=calendar), zone)


def credit_claim_items(
    contract: Contract,
    *,
    zone: ZoneInfo,
    calendars: Mapping[str, BusinessCalendar],
    start: datetime,
    end: datetime,
) -> list[Item]:
    """The claim deadline of every month whose deadline falls in [start, end]."""
    items: list[Item] = []
    first = Month(start.year, start.month).shift(-13)
    last = Month(end.year, end.month)
    month = first
    while month <= last:
        opened = date(month.year, month.month, 1)
        for schedule in in_force(contract.credits, opened):
            window = schedule.claim_window
            if window is None or window.after is not ClaimStart.PERIOD_END:
                continue
            calendar = calendars.get(window.calendar) if window.calendar else None
            try:
                due = claim_deadline(month, window, zone=zone, calendar=calendar)
            except DeadlineError as exc:
                raise ObligationError(
                    schedule.clause.id, schedule.clause.where, exc.message
                ) from None
            if not start <= due.at <= end:
                continue
            items.append(
                make_item(
                    ItemSpec(
                        ItemKind.CREDIT_CLAIM,
                        Category.SERVICE,
                        msg(
                            "obligation.credit-claim",
                            availability=schedule.availability,
                            month=str(month),
                        ),
                        owed_by=(Party.CUSTOMER,),
                        is_notice=True,
                    ),
                    clause=schedule.clause,
                    due=due,
                    rule=msg("obligation.rule.claim", duration=duration(window.within)),
                    key=f"{schedule.clause.id}/credit-claim/{month}",
                    calendar_name=window.calendar,
                    calendar=calendar,
                )
            )
        month = month.shift(1)
    return items
