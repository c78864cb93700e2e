"""A clause's own ``minimum_notice``: hours in its calendar, business days, civil days.

None of the seeds states one in its maintenance clauses (003 states it as KPI floors), so
these clauses are the seeds' own, given a minimum.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from slaledger.adapters.i18n import english
from slaledger.domain.contract.values import BLANK, Duration, TimeUnit
from slaledger.domain.maintenance import RULE_NOTICE, MaintenanceRules, Window, assess
from tests.unit.domain.maintenance.conftest import HOUR, at


def _with_notice(rules: MaintenanceRules, clause_id: str, **changes) -> MaintenanceRules:
    clauses = tuple(replace(m, **changes) if m.clause.id == clause_id else m for m in rules.clauses)
    return replace(rules, clauses=clauses, kpis=())


@pytest.mark.parametrize(
    ("notice", "announced", "start", "allowed"),
    [
        # 48 hours in the 9h-18h calendar: Monday 10:00 + 48 business hours = Monday 13:00
        (Duration(Decimal(48), TimeUnit.HOUR), "2026-11-16 10:00", "2026-11-23 13:00", True),
        (Duration(Decimal(48), TimeUnit.HOUR), "2026-11-16 10:00", "2026-11-23 12:59", False),
        # 2 business days: Friday 17:00 to Tuesday 17:00
        (Duration(Decimal(2), TimeUnit.BUSINESS_DAY), "2026-11-20 17:00", "2026-11-24 17:00", True),
        (
            Duration(Decimal(2), TimeUnit.BUSINESS_DAY),
            "2026-11-20 17:00",
            "2026-11-24 16:59",
            False,
        ),
        # 7 civil days keep the wall time across the October DST change
        (Duration(Decimal(1), TimeUnit.WEEK), "2026-10-20 10:00", "2026-10-27 10:00", True),
        (Duration(Decimal(7), TimeUnit.DAY), "2026-10-20 10:00", "2026-10-27 09:59", False),
    ],
)
def test_a_minimum_notice_is_counted_in_the_clauses_calendar(
    previsoft_rules, notice, announced, start, allowed
):
    rules = _with_notice(previsoft_rules, "preventive", minimum_notice=notice)
    begin = at(start)
    verdict = assess(Window("preventive", begin, begin + HOUR, at(announced)), rules)
    assert verdict.allowed is allowed
    (reason,) = verdict.reasons
    assert reason.rule == RULE_NOTICE
    assert reason.clause == "preventive"


def test_a_blank_notice_on_an_ordinary_kind_is_said_and_not_held_against_the_window(
    previsoft_rules,
):
    rules = _with_notice(previsoft_rules, "preventive", minimum_notice=BLANK, notice_required=False)
    begin = at("2026-11-18 10:00")
    verdict = assess(Window("preventive", begin, begin + HOUR), rules)
    assert verdict.allowed
    assert english(verdict.reasons[0].message) == "the contract leaves the notice blank"


def test_a_notice_in_months_is_refused_by_name(previsoft_rules):
    rules = _with_notice(
        previsoft_rules, "preventive", minimum_notice=Duration(Decimal(1), TimeUnit.MONTH)
    )
    begin = at("2026-11-18 10:00")
    with pytest.raises(ValueError, match="a notice in month is not supported"):
        assess(Window("preventive", begin, begin + HOUR, at("2026-10-01 10:00")), rules)
