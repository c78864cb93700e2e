"""The rules a window is checked against, one small function each.

Each returns the reasons it found (an empty list when the clause asks nothing of that
kind). References: PREVISOFT annex 1, 1.3 and 1.4 and table 2; IMRI CGV Article VII, 3.6.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from slaledger.domain.contract.kpis import Kpi
from slaledger.domain.contract.maintenance import Maintenance, MaintenanceType
from slaledger.domain.contract.values import Blank, Duration, TimeUnit
from slaledger.domain.maintenance.kinds import CalendarFor, article
from slaledger.domain.maintenance.notice import business_notice, notice_kpi, required_seconds
from slaledger.domain.maintenance.verdict import (
    RULE_AGREEMENT,
    RULE_NOTICE,
    RULE_RECURRING,
    RULE_SLOTS,
    Reason,
    Window,
)
from slaledger.domain.message import Instant, Items, Message, Param, msg
from slaledger.domain.obligations.recurrence import occurrences


def _reason(clause: Maintenance, rule: str, ok: bool, message: Message) -> Reason:
    return Reason(rule, ok, message, clause=clause.clause.id, article=article(clause.clause))


def _show(epoch: int, zone: ZoneInfo) -> Instant:
    """The instant as a message parameter in the contract's zone: each adapter writes it
    the reader's way ("10 nov. 2026, 09:00 UTC+01:00"), JSON parameters keep ISO."""
    return Instant(datetime.fromtimestamp(epoch, tz=zone), zone.key)


def notice_deadline(
    clause: Maintenance, announced_at: int, calendars: CalendarFor, zone: ZoneInfo
) -> int | None:
    """The earliest start the notice allows; None when the clause sets no minimum.

    A notice in business days is business *time*: N typical days of the clause's calendar
    counted from the announcement, so that a window starting in closed time is judged by
    the business time before it (5 days of Mon-Fri 08-18 announced Saturday 12:00 end
    Friday 18:00, and allow a window that Saturday night), not by the wall clock of the
    N-th next business day after the next opening.
    """
    notice = clause.minimum_notice
    if not isinstance(notice, Duration):
        return None
    at = np.asarray([announced_at], dtype=np.int64)
    if notice.is_business:
        calendar = calendars(clause.calendar) if clause.calendar else None
        if calendar is None:
            raise ValueError(f"{clause.clause.id}: business-day notice needs a calendar")
        year = datetime.fromtimestamp(announced_at, tz=zone).year
        need = int(notice.amount * calendar.typical_day_seconds(year))
        return int(calendar.add_seconds_array(at, np.asarray([need]))[0])
    seconds = notice.fixed_seconds
    if seconds is not None:
        if clause.calendar is None:
            return announced_at + int(seconds)
        calendar = calendars(clause.calendar)
        return int(calendar.add_seconds_array(at, np.asarray([int(seconds)]))[0])
    days = {TimeUnit.DAY: 1, TimeUnit.WEEK: 7}.get(notice.unit)
    if days is None:
        raise ValueError(f"{clause.clause.id}: a notice in {notice.unit.value} is not supported")
    local = datetime.fromtimestamp(announced_at, tz=zone)
    # civil days: the same wall time so many days later, across DST changes
    later = (local.replace(tzinfo=None) + timedelta(days=int(notice.amount) * days)).replace(
        tzinfo=zone
    )
    return int(later.astimezone(UTC).timestamp())


def check_notice(
    window: Window,
    clause: Maintenance,
    calendars: CalendarFor,
    zone: ZoneInfo,
    kpis: Sequence[Kpi] = (),
) -> list[Reason]:
    """Minimum notice; urgent security updates are exempt (PREVISOFT annex 1, 1.3).

    Without a minimum in the clause, a notice-mean KPI floor on the kind applies.
    """
    if clause.type is MaintenanceType.URGENT_SECURITY_UPDATE:
        message = (
            msg("maintenance.urgent-unannounced")
            if window.announced_at is None
            else msg("maintenance.urgent-no-notice")
        )
        return [_reason(clause, RULE_NOTICE, True, message)]
    needs_notice = clause.notice_required or isinstance(clause.minimum_notice, Duration)
    if not needs_notice:
        if isinstance(clause.minimum_notice, Blank):
            return [_reason(clause, RULE_NOTICE, True, msg("maintenance.notice-blank"))]
        return []
    if window.announced_at is None:
        return [_reason(clause, RULE_NOTICE, False, msg("maintenance.never-announced"))]
    if window.announced_at >= window.start:
        return [
            _reason(
                clause,
                RULE_NOTICE,
                False,
                msg(
                    "maintenance.announced-too-late",
                    announced=_show(window.announced_at, zone),
                    start=_show(window.start, zone),
                ),
            )
        ]
    deadline = notice_deadline(clause, window.announced_at, calendars, zone)
    kpi = notice_kpi(clause, kpis) if deadline is None else None
    if kpi is not None:
        return [_kpi_notice(window, kpi, calendars, zone)]
    if deadline is None:
        return [
            _reason(
                clause,
                RULE_NOTICE,
                True,
                msg("maintenance.announced-no-minimum", announced=_show(window.announced_at, zone)),
            )
        ]
    ok = deadline <= window.start
    params: dict[str, Param] = {
        "notice": str(clause.minimum_notice),
        "announced": _show(window.announced_at, zone),
        "earliest": _show(deadline, zone),
    }
    if clause.calendar:
        params["calendar"] = clause.calendar
        text = (
            msg("maintenance.notice-respected-in", **params)
            if ok
            else msg("maintenance.notice-short-in", **params)
        )
    else:
        text = (
            msg("maintenance.notice-respected", **params)
            if ok
            else msg("maintenance.notice-short", **params)
        )
    return [_reason(clause, RULE_NOTICE, ok, text)]


def _kpi_notice(window: Window, kpi: Kpi, calendars: CalendarFor, zone: ZoneInfo) -> Reason:
    assert window.announced_at is not None
    given = business_notice(kpi, calendars, window.announced_at, window.start)
    need = required_seconds(kpi, calendars, window.start, zone)
    ok = given >= need
    params: dict[str, Param] = {
        "given": given // 60,
        "calendar": str(kpi.calendar),
        "target": str(kpi.target.duration),
        "need": need // 60,
        "kpi": kpi.clause.id,
        "announced": _show(window.announced_at, zone),
    }
    return Reason(
        RULE_NOTICE,
        ok,
        msg("maintenance.kpi-notice-enough", **params)
        if ok
        else msg("maintenance.kpi-notice-short", **params),
        clause=kpi.clause.id,
        article=article(kpi.clause),
        binding=False,
    )


def fully_open(calendar_seconds: int, window: Window) -> bool:
    return calendar_seconds == window.seconds


def check_slots(
    window: Window, clause: Maintenance, calendars: CalendarFor, zone: ZoneInfo
) -> list[Reason]:
    """The whole window inside the allowed slots (IMRI: weekends or 00:00–06:00).

    The daytime exception ("en cas de nécessité absolue et sur demande du client") is not
    applied: the window data records the customer's agreement, not a request made out of
    absolute necessity, and agreement is required of every exceptional window anyway.
    """
    if clause.allowed_slots is None:
        return []
    calendar = calendars(clause.allowed_slots)
    inside = int(
        calendar.seconds_between_array(
            np.asarray([window.start], dtype=np.int64), np.asarray([window.end], dtype=np.int64)
        )[0]
    )
    if fully_open(inside, window):
        return [
            _reason(
                clause,
                RULE_SLOTS,
                True,
                msg("maintenance.inside-slots", slots=clause.allowed_slots),
            )
        ]
    outside = window.seconds - inside
    outside_params: dict[str, Param] = {"minutes": outside // 60, "slots": clause.allowed_slots}
    return [
        _reason(
            clause,
            RULE_SLOTS,
            False,
            msg("maintenance.outside-slots-daytime", **outside_params)
            if clause.daytime_on_customer_request
            else msg("maintenance.outside-slots", **outside_params),
        )
    ]


def check_agreement(window: Window, clause: Maintenance) -> list[Reason]:
    """The customer's prior agreement, where the clause requires it."""
    if not clause.customer_agreement:
        return []
    if window.agreed_by_customer:
        return [_reason(clause, RULE_AGREEMENT, True, msg("maintenance.agreed"))]
    return [_reason(clause, RULE_AGREEMENT, False, msg("maintenance.not-agreed"))]


def check_recurring(window: Window, clause: Maintenance, zone: ZoneInfo) -> list[Reason]:
    """Inside the recurring slot and no longer than it; a window moved at the customer's
    request (``agreed_by_customer``) may be on another day and hour of the same month."""
    recurring = clause.recurring
    if recurring is None:
        return []
    longest = recurring.max_duration.fixed_seconds
    limit = int(longest) if longest is not None else window.seconds
    reasons: list[Reason] = []
    if window.seconds > limit:
        reasons.append(
            _reason(
                clause,
                RULE_RECURRING,
                False,
                msg(
                    "maintenance.too-long",
                    minutes=window.seconds // 60,
                    longest=str(recurring.max_duration),
                ),
            )
        )
    local = datetime.fromtimestamp(window.start, tz=zone)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    month_end = (month_start + timedelta(days=32)).replace(day=1)
    slots = occurrences(recurring, zone=zone, start=month_start, end=month_end)
    inside = any(
        int(s.timestamp()) <= window.start and window.end <= int(e.timestamp()) for s, e in slots
    )
    slot_text: Param = (
        Items(tuple(f"{s:%Y-%m-%d %H:%M}–{e:%H:%M}" for s, e in slots), "comma")
        if slots
        else msg("maintenance.no-slot")
    )
    overrun = any(int(s.timestamp()) <= window.start < int(e.timestamp()) for s, e in slots)
    if inside:
        reasons.append(
            _reason(
                clause, RULE_RECURRING, True, msg("maintenance.inside-recurring", slot=slot_text)
            )
        )
    elif recurring.movable_on_request and window.agreed_by_customer:
        reasons.append(
            _reason(
                clause,
                RULE_RECURRING,
                True,
                msg("maintenance.moved-on-request", slot=slot_text),
            )
        )
    elif not (overrun and reasons):  # a window that only runs over its slot: said above
        reasons.append(
            _reason(
                clause,
                RULE_RECURRING,
                False,
                msg("maintenance.outside-recurring-not-moved", slot=slot_text)
                if recurring.movable_on_request
                else msg("maintenance.outside-recurring", slot=slot_text),
            )
        )
    return reasons
