"""Which maintenance clause a window falls under: by name, then by measured impact.

A window's kind is a clause id of the contract file (``exceptional``, ``patch-window``,
``evolutive-high``) or a maintenance type (``recurring``, ``evolutive``). When several
clauses share the type and are told apart by impact (PREVISOFT annex 1, 1.4: high
impact is 2 hours or more of unavailability inside the range of working days), the
window's own unavailability inside the impact calendar decides — a window filed as low
impact that lasts 2 business hours is judged as high impact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import numpy as np

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.maintenance import Maintenance
from slaledger.domain.maintenance.verdict import RULE_IMPACT, RULE_KIND, Reason, Window
from slaledger.domain.message import Items, Param, Text, msg

CalendarFor = Callable[[str], BusinessCalendar]


def article(clause: ClauseInfo) -> Text:
    """The clause's sources, each once: 'cgv Article VII, 3.6'; a message where a source
    names no article or the clause has none (``ClauseInfo.cited``)."""
    keys: list[str] = []
    seen: list[Text] = []
    for source in clause.sources:
        if str(source) not in keys:
            keys.append(str(source))
            seen.append(source.cited)
    if not seen:
        return msg("clause.no-source")
    if all(isinstance(s, str) for s in seen):
        return ", ".join(str(s) for s in seen)
    return seen[0] if len(seen) == 1 else msg("clause.sources", sources=Items(tuple(seen), "comma"))


def kind_names(clauses: Sequence[Maintenance]) -> list[str]:
    """Every kind a window may name: clause ids, then types."""
    names = [m.clause.id for m in clauses]
    names += sorted({m.type.value for m in clauses} - set(names))
    return names


def impact_seconds(window: Window, clause: Maintenance, calendars: CalendarFor) -> int:
    """The window's unavailability counted in the clause's impact calendar."""
    if clause.impact_calendar is None:
        return window.seconds
    calendar = calendars(clause.impact_calendar)
    counted = calendar.seconds_between_array(
        np.asarray([window.start], dtype=np.int64), np.asarray([window.end], dtype=np.int64)
    )
    return int(counted[0])


def resolve(
    window: Window, clauses: Sequence[Maintenance], calendars: CalendarFor
) -> tuple[Maintenance | None, list[Reason]]:
    """The clause the window is judged under, and the reasons of that choice."""
    named = [m for m in clauses if m.clause.id == window.kind]
    family = named or [m for m in clauses if m.type.value == window.kind]
    if named and named[0].impact is not None:
        family = [m for m in clauses if m.type is named[0].type and m.impact is not None]
    if not family:
        names = kind_names(clauses)
        known: Param = Items(tuple(names), "comma") if names else msg("maintenance.no-kind")
        return None, [
            Reason(
                RULE_KIND,
                ok=False,
                message=msg("maintenance.unknown-kind", kind=window.kind, known=known),
            )
        ]
    graded = [m for m in family if m.impact is not None]
    if not graded:
        return family[0], []
    for clause in graded:
        counted = impact_seconds(window, clause, calendars)
        if clause.impact is not None and clause.impact.contains(Decimal(counted)):
            return clause, [
                Reason(
                    RULE_IMPACT,
                    ok=True,
                    message=msg(
                        "maintenance.impact-in",
                        hours=_hours(counted),
                        calendar=clause.impact_calendar,
                        impact=str(clause.impact),
                        name=clause.name,
                        clause=clause.clause.id,
                    )
                    if clause.impact_calendar
                    else msg(
                        "maintenance.impact",
                        hours=_hours(counted),
                        impact=str(clause.impact),
                        name=clause.name,
                        clause=clause.clause.id,
                    ),
                    clause=clause.clause.id,
                    article=article(clause.clause),
                )
            ]
    return None, [Reason(RULE_IMPACT, ok=False, message=msg("maintenance.no-impact-class"))]


def _hours(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}"
