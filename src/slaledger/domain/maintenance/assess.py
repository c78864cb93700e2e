"""May this maintenance window go ahead? Every rule of its clause, with its reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

from slaledger.domain.contract.kpis import Kpi
from slaledger.domain.contract.maintenance import Maintenance
from slaledger.domain.contract.parties import Obligation
from slaledger.domain.maintenance.caps import check_cap
from slaledger.domain.maintenance.kinds import CalendarFor, article, resolve
from slaledger.domain.maintenance.rules import (
    check_agreement,
    check_notice,
    check_recurring,
    check_slots,
)
from slaledger.domain.maintenance.verdict import RULE_KIND, Reason, Verdict, Window
from slaledger.domain.message import msg


@dataclass(frozen=True)
class MaintenanceRules:
    """A contract's maintenance clauses and what checking them needs.

    ``kpis`` are the contract's KPIs, whose notice floors apply to windows (see
    notice.py). ``opened`` is the service opening date that starts each contract year (the contract
    file names the period but not the date); None falls back to the calendar year.
    """

    clauses: tuple[Maintenance, ...]
    calendars: CalendarFor
    zone: ZoneInfo
    opened: date | None = None
    kpis: tuple[Kpi, ...] = ()


def assess(window: Window, rules: MaintenanceRules, history: Sequence[Window] = ()) -> Verdict:
    """The verdict on ``window``; ``history`` holds the earlier windows, of any kind."""
    ids = [_clause_id(w, rules) for w in history]
    return _judge(window, rules, list(zip(ids, history, strict=True)))


def _judge(
    window: Window, rules: MaintenanceRules, history: Sequence[tuple[str | None, Window]]
) -> Verdict:
    clause, reasons = resolve(window, rules.clauses, rules.calendars)
    if clause is None:
        return Verdict(window, None, tuple(reasons))
    same = [w for c, w in history if c == clause.clause.id and w.start < window.start]
    checked = check_notice(window, clause, rules.calendars, rules.zone, rules.kpis)
    checked += check_slots(window, clause, rules.calendars, rules.zone)
    checked += check_recurring(window, clause, rules.zone)
    checked += check_agreement(window, clause)
    checked += check_cap(window, clause, same, rules.zone, rules.opened)
    if clause.obligation is Obligation.MEANS:
        checked = [_best_efforts(r) for r in checked]
    reasons += checked
    if not checked:
        reasons.append(
            Reason(
                RULE_KIND,
                ok=True,
                message=msg("maintenance.no-rule", name=clause.name, clause=clause.clause.id),
                clause=clause.clause.id,
                article=article(clause.clause),
            )
        )
    return Verdict(window, clause.clause.id, tuple(reasons), unruled=not checked)


def _best_efforts(reason: Reason) -> Reason:
    """A rule of a clause owed as means: kept, marked not binding, and said so."""
    if reason.ok:
        return replace(reason, binding=False)
    return replace(
        reason, binding=False, message=msg("maintenance.best-efforts", reason=reason.message)
    )


def _clause_id(window: Window, rules: MaintenanceRules) -> str | None:
    clause, _ = resolve(window, rules.clauses, rules.calendars)
    return None if clause is None else clause.clause.id


def assess_all(windows: Sequence[Window], rules: MaintenanceRules) -> list[Verdict]:
    """Each window judged against the windows that started before it."""
    ids = [_clause_id(w, rules) for w in windows]
    history = list(zip(ids, windows, strict=True))
    return [_judge(window, rules, history) for window in windows]
