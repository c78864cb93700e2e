"""The incident history's filters, pages and compliance, on views built by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

import slaledger.adapters.api  # noqa: F401 - the web package is imported through the app
from slaledger.adapters.web.incident_figures import (
    ClockLane,
    Filters,
    IncidentRow,
    Tally,
    clock_is_due,
    compliance,
    paginate,
)
from slaledger.domain.periods import Month
from slaledger.services.incidents import ClockView, IncidentView

MARCH, APRIL = Month(2024, 3), Month(2024, 4)


def _clock(status: str, **changes: object) -> ClockView:
    values: dict[str, object] = {
        "name": "restore",
        "title": "Restore",
        "clause": "4.2",
        "target": "4h",
        "calendar": "hours",
        "deadline": 1000,
        "original_deadline": 1000,
        "elapsed_seconds": 10,
        "left_seconds": None,
        "status": status,
        "breached_at": None,
        "reason": None,
        "started_in_hours": True,
        "stopped_at": 900,
    }
    values.update(changes)
    return ClockView(**values)  # type: ignore[arg-type]


def _row(
    name: str,
    *statuses: str,
    priority: str | None = "P1",
    month: Month = MARCH,
    resolved: int | None = 5,
    notes: tuple[str, ...] = (),
) -> IncidentRow:
    view = IncidentView(
        incident=name,
        priority=priority,
        started=0,
        attributed_to=None,
        clocks=tuple(_clock(s) for s in statuses),
        resolved_at=resolved,
    )
    return IncidentRow(view=view, month=month, service="app", notes=notes)


ROWS = [
    _row("INC-1", "met", "breached", notes=("Called the customer",)),
    _row("INC-2", "running", resolved=None),
    _row("INC-3", "met", priority="P2", month=APRIL),
]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["INC-1", "INC-2", "INC-3"]),
        (Filters(status="open"), ["INC-2"]),
        (Filters(status="resolved"), ["INC-1", "INC-3"]),
        (Filters(priority="P2"), ["INC-3"]),
        (Filters(month=APRIL), ["INC-3"]),
        (Filters(breached="yes"), ["INC-1"]),
        (Filters(breached="no"), ["INC-2", "INC-3"]),
        (Filters(query="  called THE "), ["INC-1"]),
        (Filters(query="inc-3"), ["INC-3"]),
        (Filters(query="app", status="open"), ["INC-2"]),
    ],
)
def test_filters_keep_the_rows_that_match_all_of_them(
    filters: Filters, expected: list[str]
) -> None:
    assert [r.view.incident for r in ROWS if filters.keep(r)] == expected


def test_pages_hold_a_page_size_and_a_page_out_of_range_gives_the_nearest() -> None:
    rows = ROWS * 3
    assert [len(paginate(rows, n, 4).rows) for n in (1, 2, 3)] == [4, 4, 1]
    assert paginate(rows, 0, 4).page == 1
    assert paginate(rows, 9, 4).page == 3
    empty = paginate([], 1, 4)
    assert (empty.page, empty.pages, empty.total) == (1, 1, 0)


def test_a_clock_is_due_once_it_ended_with_a_target_that_applies() -> None:
    assert clock_is_due(_clock("met"))
    assert clock_is_due(_clock("breached"))
    assert not clock_is_due(_clock("running"))
    assert not clock_is_due(_clock("at-risk"))
    assert not clock_is_due(_clock("met", deadline=None))
    assert not clock_is_due(_clock("breached", reason="attributed to customer"))


def test_compliance_is_clocks_met_over_clocks_due_per_month_and_priority() -> None:
    table = compliance(ROWS, [Month(2024, 2), MARCH, APRIL])
    assert table.priorities == ["P1", "P2"]
    assert table.cell(MARCH, "P1") == Tally(1, 2)
    assert table.cell(MARCH, "P1").percent == Fraction(50)
    assert table.cell(Month(2024, 2), "P1").percent is None
    assert table.priority_total("P2") == Tally(1, 1)
    assert table.month_total(APRIL) == Tally(1, 1)
    assert table.total == Tally(2, 3)


def test_compliance_leaves_out_the_months_not_asked_and_names_unclassified_incidents() -> None:
    table = compliance([*ROWS, _row("INC-4", "met", priority=None)], [MARCH])
    assert table.priorities == ["P1", "–"]
    assert table.total == Tally(2, 3)


def test_a_stopped_clock_says_how_it_ended_and_by_how_much() -> None:
    def lane(clock: ClockView) -> ClockLane:
        return ClockLane(clock, 0, 900, (), (), moved=False)

    assert (lane(_clock("met")).ended, lane(_clock("met")).margin) == ("met", 100)
    late = lane(_clock("breached", stopped_at=1300))
    assert (late.ended, late.margin) == ("breached", -300)
    assert lane(_clock("no-target", deadline=None)).ended == "stopped"
    running = lane(_clock("running", stopped_at=None))
    assert (running.ended, running.margin) == (None, None)
