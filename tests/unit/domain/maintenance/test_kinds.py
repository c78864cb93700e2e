"""Which clause a window falls under: evolutive maintenance of high or low impact (003)."""

from __future__ import annotations

import pytest

from slaledger.domain.maintenance import RULE_IMPACT, RULE_KIND, Window, assess, kind_names
from tests.unit.domain.maintenance.conftest import HOUR, at

WEDNESDAY_10 = "2026-11-18 10:00"


@pytest.mark.parametrize(
    ("kind", "start", "seconds", "clause"),
    [
        # exactly 2 hours inside the working day: high impact (« égale ou supérieure »)
        ("evolutive", WEDNESDAY_10, 2 * HOUR, "evolutive-high"),
        # one minute less: low impact
        ("evolutive", WEDNESDAY_10, 2 * HOUR - 60, "evolutive-low"),
        # filed as low impact, but 2 business hours long: judged as high impact
        ("evolutive-low", WEDNESDAY_10, 2 * HOUR, "evolutive-high"),
        # filed as high impact, but at night: no business hour, low impact
        ("evolutive-high", "2026-11-18 20:00", 4 * HOUR, "evolutive-low"),
        # 17:00-20:00 holds one business hour (9h-18h): low impact
        ("evolutive", "2026-11-18 17:00", 3 * HOUR, "evolutive-low"),
        # 11 November is a public holiday: no business hour that day
        ("evolutive", "2026-11-11 10:00", 3 * HOUR, "evolutive-low"),
    ],
)
def test_evolutive_maintenance_is_classified_by_its_business_hours(
    previsoft_rules, kind, start, seconds, clause
):
    begin = at(start)
    verdict = assess(Window(kind, begin, begin + seconds), previsoft_rules)
    assert verdict.clause == clause
    impact = verdict.reasons[0]
    assert impact.rule == RULE_IMPACT
    assert impact.article == "annex-1 1.4"


def test_a_high_impact_window_needs_notice_and_a_low_impact_one_does_not(previsoft_rules):
    begin = at(WEDNESDAY_10)
    high = assess(Window("evolutive", begin, begin + 2 * HOUR), previsoft_rules)
    low = assess(Window("evolutive", begin, begin + 2 * HOUR - 60), previsoft_rules)
    assert not high.allowed
    assert low.allowed


def test_kind_names_lists_clause_ids_then_types(imri):
    assert kind_names(imri.maintenance) == [
        "customer-windows",
        "exceptional",
        "patch-window",
        "customer-initiated",
        "recurring",
    ]


def test_an_unknown_kind_is_a_kind_reason(previsoft_rules):
    verdict = assess(Window("exceptional", 0, HOUR), previsoft_rules)
    assert [r.rule for r in verdict.reasons] == [RULE_KIND]
