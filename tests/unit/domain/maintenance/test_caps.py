"""IMRI's six hours of exceptional maintenance a year (Article VII, 3.6)."""

from __future__ import annotations

from datetime import date

from slaledger.adapters.i18n import english
from slaledger.domain.maintenance import RULE_CAP, Window, assess, assess_all, cap_span
from tests.unit.domain.maintenance.conftest import HOUR, PARIS, at


def _exceptional(start: str, hours: float) -> Window:
    begin = at(start)
    return Window("exceptional", begin, begin + int(hours * HOUR), begin - 7 * 86_400, True)


DECEMBER = [_exceptional("2025-12-06 00:00", 3), _exceptional("2025-12-13 00:00", 2)]
JANUARY = _exceptional("2026-01-10 00:00", 2)


def test_without_an_opening_date_the_cap_restarts_with_the_calendar_year(make_rules, imri):
    rules = make_rules(imri)
    verdict = assess(JANUARY, rules, DECEMBER)
    assert verdict.allowed
    cap = next(r for r in verdict.reasons if r.rule == RULE_CAP)
    assert "calendar year 2026 (no service opening date given)" in english(cap.message)


def test_across_new_year_the_contract_year_still_counts_december(make_rules, imri):
    rules = make_rules(imri, opened=date(2025, 3, 1))
    verdict = assess(JANUARY, rules, DECEMBER)
    assert not verdict.allowed
    (cap,) = verdict.broken
    assert cap.rule == RULE_CAP
    # 5 h used, 2 h asked, cap 6 h: the window is over the cap for its last hour only
    assert cap.over_cap == HOUR
    assert verdict.within_cap_end == JANUARY.start + HOUR
    assert "contract year 2025-03-01 to 2026-03-01" in english(cap.message)


def test_the_contract_year_restarts_at_the_anniversary_of_the_opening(make_rules, imri):
    rules = make_rules(imri, opened=date(2026, 1, 1))
    assert assess(JANUARY, rules, DECEMBER).allowed


def test_a_window_over_the_year_boundary_is_split_between_the_two_years(make_rules, imri):
    rules = make_rules(imri, opened=date(2025, 3, 1))
    history = [_exceptional("2025-06-07 00:00", 5.5)]
    crossing = _exceptional("2026-02-28 23:00", 2)  # 1 h in each contract year
    verdict = assess(crossing, rules, history)
    caps = [r for r in verdict.reasons if r.rule == RULE_CAP]
    assert [r.over_cap for r in caps] == [HOUR // 2, 0]
    assert not verdict.allowed


def test_only_windows_of_the_same_clause_and_earlier_count(make_rules, imri):
    rules = make_rules(imri)
    patch = Window("patch-window", at("2026-01-18 04:00"), at("2026-01-18 05:00"))
    later = _exceptional("2026-03-07 00:00", 6)
    verdict = assess(_exceptional("2026-01-10 00:00", 6), rules, [patch, later])
    assert verdict.allowed


def test_assess_all_judges_each_window_against_those_before_it(make_rules, imri):
    windows = [_exceptional("2026-01-10 00:00", 4), _exceptional("2026-02-07 00:00", 4)]
    first, second = assess_all(windows, make_rules(imri))
    assert first.allowed
    assert not second.allowed
    assert second.within_cap_end == windows[1].start + 2 * HOUR


def test_a_29_february_opening_starts_the_year_on_28_february(imri):
    exceptional = next(m for m in imri.maintenance if m.clause.id == "exceptional")
    year = cap_span(at("2025-03-05 00:00"), exceptional, PARIS, date(2024, 2, 29))
    assert year.start == at("2025-02-28 00:00")
    assert year.end == at("2026-02-28 00:00")
