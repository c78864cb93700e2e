"""ambiguous-timezone and missing-calendar."""

from __future__ import annotations

from datetime import date

from slaledger.adapters.i18n import english
from slaledger.domain.contract import (
    Clock,
    ClockTarget,
    DatedObligation,
    Deadline,
    DeadlineKind,
    Direction,
    Event,
    Frequency,
    Kpi,
    KpiMeasure,
    KpiTarget,
    ObligationKind,
    Party,
    Period,
    ServiceHours,
    When,
    parse_duration,
)
from slaledger.domain.lint import lint_contract

from .builders import clause, contract


def _rules(c, rule):
    return [f for f in lint_contract(c) if f.rule == rule]


def _hours(calendar: str, stated: str | None) -> ServiceHours:
    return ServiceHours(clause("hours"), calendar, "Working Hours", stated)


def test_est_for_new_york_is_ambiguous_from_march_to_november_of_the_contracts_first_year():
    hours = (_hours("new-york", "EST"),)
    [finding] = _rules(
        contract(service_hours=hours, effective_from=date(2024, 6, 1)), "ambiguous-timezone"
    )
    assert "UTC−05:00 all year" in english(finding.message)
    assert "in 2024 (its first year), from 10 March to 2 November" in english(finding.message)
    [finding] = _rules(
        contract(service_hours=hours, effective_from=date(2026, 1, 1)), "ambiguous-timezone"
    )
    assert "in 2026 (its first year), from 8 March to 31 October" in english(finding.message)


def test_without_an_effective_date_no_years_dates_are_quoted():
    """Without effective_from, the DST dates of any one year would be wrong for others."""
    [finding] = _rules(contract(service_hours=(_hours("new-york", "EST"),)), "ambiguous-timezone")
    assert "for about 238 days a year (dates vary by year" in english(finding.message)
    assert "March" not in english(finding.message)
    assert "202" not in english(finding.message)


def test_est_for_a_fixed_minus_five_zone_is_not_ambiguous():
    assert _rules(contract(service_hours=(_hours("fixed", "EST"),)), "ambiguous-timezone") == []


def test_cet_for_a_utc_calendar_disagrees_all_year():
    [finding] = _rules(contract(service_hours=(_hours("always", "CET"),)), "ambiguous-timezone")
    assert "is in UTC, which is UTC+00:00 all year" in english(finding.message)


def test_a_zone_named_in_words_is_left_to_the_reader():
    hours = (_hours("new-york", "heure de l'Est"), _hours("always", None))
    assert _rules(contract(service_hours=hours), "ambiguous-timezone") == []


def _clock(calendar, service_hours, *targets):
    return Clock(
        clause("response"),
        "Response",
        Event.NOTIFIED,
        (Event.ACKNOWLEDGED,),
        calendar=calendar,
        service_hours=service_hours,
        targets=targets,
    )


def test_a_clock_without_a_calendar_cannot_count_its_targets():
    c = contract(clocks=(_clock(None, None, ClockTarget("p1", When.ANY, parse_duration("4h"))),))
    [finding] = _rules(c, "missing-calendar")
    assert "no calendar to count its targets in (p1)" in english(finding.message)


def test_in_and_out_of_hours_targets_need_service_hours():
    row = ClockTarget("p1", When.IN_HOURS, parse_duration("4h"))
    [finding] = _rules(contract(clocks=(_clock("always", None, row),)), "missing-calendar")
    assert "no service_hours calendar" in english(finding.message)
    assert _rules(contract(clocks=(_clock("always", "always", row),)), "missing-calendar") == []


def test_a_row_s_own_calendar_is_enough():
    row = ClockTarget("p1", When.ANY, parse_duration("4h"), calendar="always")
    assert _rules(contract(clocks=(_clock(None, None, row),)), "missing-calendar") == []


def _kpi(calendar):
    target = KpiTarget(Direction.AT_MOST, duration=parse_duration("2h"))
    return Kpi(
        clause("KPI2"),
        "mean",
        KpiMeasure.CLOCK_MEAN,
        target,
        Period.ROLLING_12_MONTHS,
        Frequency.MONTHLY,
        calendar=calendar,
        clock="nowhere",
    )


def test_a_kpi_without_service_hours_is_reported():
    assert len(_rules(contract(kpis=(_kpi(None),)), "missing-calendar")) == 1
    assert _rules(contract(kpis=(_kpi("always"),)), "missing-calendar") == []


def _deadline(calendar, text):
    deadline = Deadline(DeadlineKind.WITHIN_AFTER, parse_duration(text), "requested", calendar)
    return DatedObligation(
        clause("report"), ObligationKind.REPORT, (Party.PROVIDER,), "report", deadline=deadline
    )


def test_business_days_without_a_calendar_are_reported_and_civil_days_are_not():
    assert (
        len(_rules(contract(obligations=(_deadline(None, "3 business days"),)), "missing-calendar"))
        == 1
    )
    assert _rules(contract(obligations=(_deadline(None, "30 days"),)), "missing-calendar") == []
    assert (
        _rules(contract(obligations=(_deadline("always", "3 business days"),)), "missing-calendar")
        == []
    )
