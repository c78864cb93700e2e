"""Errors for people: file, line, column, field, expected, found — all of them at once."""

from __future__ import annotations

import textwrap

import pytest

from slaledger.adapters.files.contract_file import load_contract, load_contract_text
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english

HEADER = """\
format: slaledger/contract/v1
id: tiny
title: Tiny contract
language: en
timezone: Europe/Paris
parties:
  provider: {name: P}
  customer: {name: C}
calendars:
  always: {timezone: Europe/Paris, hours: "24/7"}
"""


def _problems(body: str) -> list:
    with pytest.raises(InputError) as caught:
        load_contract_text(HEADER + textwrap.dedent(body), "tiny.yaml")
    return list(caught.value.problems)


def test_a_minimal_contract_loads():
    loaded = load_contract_text(HEADER, "tiny.yaml")
    assert loaded.contract.id == "tiny"
    assert loaded.lines["parties.provider"] == 7


def test_three_mistakes_on_three_lines_are_reported_together_with_their_lines():
    problems = _problems("""\
        availability:
          - id: availability
            source: {quote: "99.9 % a month."}
            target: "99,9"
            period: monthly
            interruption: {measurement: outage-records, interval: 5 minutes please}
        """)
    assert [(p.line, p.field) for p in problems] == [
        (14, "availability[0].target"),
        (15, "availability[0].period"),
        (16, "availability[0].interruption.interval"),
    ]
    target, period, interval = problems
    assert "decimal point" in english(target.expected)
    assert english(target.found) == "'99,9'"
    assert "calendar-month" in english(period.expected)
    assert english(period.found) == "'monthly'"
    assert english(interval.found) == "'5 minutes please'"
    assert str(target).startswith("tiny.yaml:14:13: availability[0].target: expected ")


def test_an_undefined_calendar_is_named_with_the_calendars_the_file_has():
    [problem] = _problems("""\
        clocks:
          - id: response
            name: Response
            source: {quote: "We answer in 4 hours."}
            stop: [acknowledged]
            calendar: office-hours
            targets: [{class: any, target: 4h}]
        classifications:
          - id: classes
            name: Classes
            source: {quote: "One class."}
            classes: [{id: any, name: Any}]
        """)
    assert problem.field == "clocks[0].calendar"
    assert "(always)" in english(problem.expected)
    assert english(problem.found) == "'office-hours'"
    assert problem.line == 16


def test_an_unknown_field_and_a_missing_one_are_both_reported():
    problems = _problems("""\
        support:
          - id: support
            source: {quote: "Support."}
            channel: email
        """)
    fields = {(p.field, english(p.expected)) for p in problems}
    assert ("support[0].name", "this field") in fields
    assert ("support[0].channel", "only known fields") in fields


def test_an_unquoted_time_is_explained():
    [problem] = _problems("""\
        maintenance:
          - id: patch
            name: Patch window
            type: recurring
            source: {quote: "Sundays at 4."}
            recurring: {rrule: FREQ=WEEKLY;BYDAY=SU, start: 4:00, max_duration: 1h}
        """)
    assert problem.field == "maintenance[0].recurring.start"
    assert "in quotes" in english(problem.expected)
    assert english(problem.found) == "240"


def test_a_clause_id_used_twice_is_reported_at_the_second_one():
    [problem] = _problems("""\
        support:
          - {id: desk, name: Desk, source: {quote: "a"}}
        obligations:
          - {id: desk, kind: other, owed_by: [provider], description: d, source: {quote: "b"}}
        """)
    assert problem.field == "obligations[0].id"
    assert problem.line == 14


def test_two_versions_of_a_clause_with_different_dates_load_and_with_the_same_date_do_not():
    versions = """\
        support:
          - {id: desk, name: Desk, effective_from: 2024-01-01, source: {quote: "a"}}
          - {id: desk, name: Desk 2, effective_from: %s, source: {quote: "b"}}
        """
    loaded = load_contract_text(HEADER + textwrap.dedent(versions % "2025-01-01"), "t.yaml")
    assert [s.name for s in loaded.contract.support] == ["Desk", "Desk 2"]
    [problem] = _problems(versions % "2024-01-01")
    assert "each clause id once" in english(problem.expected)


def test_a_language_version_must_be_in_another_language_of_the_contract():
    [problem] = _problems("""\
        obligations:
          - id: backup
            kind: backup
            owed_by: [provider]
            description: backups
            frequency: [daily]
            source: {quote: "Daily backups."}
            language_versions:
              fr: {frequency: [hourly], colour: blue}
        """)
    assert problem.field == "obligations[0].language_versions.fr"
    assert english(problem.expected) == "another language of the contract (en)"
    assert problem.line == 19


def test_a_language_version_must_name_a_field_and_give_it_a_valid_value():
    header = HEADER.replace("language: en\n", "language: en\nlanguages: [en, fr]\n")
    body = textwrap.dedent("""\
        obligations:
          - id: backup
            kind: backup
            owed_by: [provider]
            description: backups
            frequency: [daily]
            source: {quote: {en: "Daily backups.", fr: "Sauvegardes quotidiennes.", de: "x"}}
            language_versions:
              fr: {frequency: [hourly], colour: blue}
        """)
    with pytest.raises(InputError) as caught:
        load_contract_text(header + body, "t.yaml")
    by_field = {p.field: p for p in caught.value.problems}
    assert "obligations[0].source[0].quote.de" in by_field
    assert "hourly" in by_field["obligations[0].language_versions.fr.frequency[0]"].found
    assert english(by_field["obligations[0].language_versions.fr.colour"].expected).startswith(
        "a field of this clause"
    )


def test_a_target_row_must_use_a_class_of_its_clock_s_classification():
    [problem] = _problems("""\
        classifications:
          - {id: a, name: A, source: {quote: "q"}, classes: [{id: p1, name: P1}]}
          - {id: b, name: B, source: {quote: "q"}, classes: [{id: s1, name: S1}]}
        clocks:
          - id: response
            name: Response
            source: {quote: "q"}
            classification: a
            stop: [acknowledged]
            calendar: always
            targets: [{class: s1, target: 4h}]
        """)
    assert problem.field == "clocks[0].targets[0].class"
    assert "a class of 'a' (p1)" in english(problem.expected)


def test_a_tier_gives_exactly_one_credit():
    [problem] = _problems("""\
        availability:
          - {id: av, period: calendar-month, source: {quote: "q"},
             interruption: {measurement: outage-records}}
        credits:
          - id: credits
            availability: av
            unit: percent-of-fee
            source: {quote: "q"}
            tiers:
              - {availability: {at_least: 99}, percent: 10, formula: {expression: "100% - availability", unit: percent}}
        """)  # noqa: E501
    assert problem.field == "credits[0].tiers[0]"
    assert "exactly one of percent, days or formula" in english(problem.expected)


def test_yaml_syntax_errors_and_duplicate_keys_have_lines():
    with pytest.raises(InputError) as syntax:
        load_contract_text("id: [unclosed\n", "bad.yaml")
    assert syntax.value.problems[0].line == 2
    with pytest.raises(InputError) as twice:
        load_contract_text(HEADER + "title: Again\n", "bad.yaml")
    assert english(twice.value.problems[0].expected) == "each key once"


def test_a_file_that_is_not_a_mapping_or_does_not_exist_is_reported():
    with pytest.raises(InputError) as listed:
        load_contract_text("- a\n- b\n", "list.yaml")
    assert "mapping of contract fields" in english(listed.value.problems[0].expected)
    with pytest.raises(InputError) as missing:
        load_contract("no/such/file.yaml")
    assert english(missing.value.problems[0].found) == "no such file"


def test_a_late_payment_rate_must_say_which_day_s_legal_rate_it_reads():
    """003 CGV 7.4 reads the legal rate « en vigueur à la date d'émission du devis », 004
    Article XI on no stated day: a file must say which (quote-date or each-day)."""
    [problem] = _problems("""\
        commercial:
          late_payment:
            - id: late
              source: {quote: "three times the legal rate"}
              starts: payment-due
              legal_rate_multiple: 3
        """)
    assert problem.field.startswith("commercial.late_payment[0]")
    assert "quote-date or each-day" in english(problem.expected)


def test_the_quote_date_is_the_commercial_data_of_the_contract():
    loaded = load_contract_text(
        HEADER
        + textwrap.dedent("""\
        commercial:
          quote_date: 2024-06-14
          late_payment:
            - id: late
              source: {quote: "three times the legal rate at the quote's date"}
              starts: payment-due
              legal_rate_multiple: 3
              legal_rate_on: quote-date
        """),
        "tiny.yaml",
    )
    commercial = loaded.contract.commercial
    assert str(commercial.quote_date) == "2024-06-14"
    assert commercial.late_payment[0].legal_rate_on.value == "quote-date"


CAPPED = """\
    maintenance:
      - id: works
        name: Works
        type: exceptional
        source: {quote: "No more than 4 hours of works per quarter."}
        annual_cap: 4h
        cap_period: %s
    """


def test_a_cap_per_quarter_loads():
    """A cap of "no more than 4 hours of works per quarter": ``cap_period: quarter``."""
    loaded = load_contract_text(HEADER + textwrap.dedent(CAPPED % "quarter"), "tiny.yaml")
    [works] = loaded.contract.maintenance
    assert works.cap_period is not None
    assert works.cap_period.value == "quarter"
    assert works.cap_period.months == 3


def test_a_rolling_cap_period_is_refused_naming_the_periods_it_may_be():
    """A rolling period was accepted on load, then failed when a window was judged."""
    [problem] = _problems(CAPPED % "rolling-12-months")
    assert problem.field == "maintenance[0].cap_period"
    assert english(problem.found) == "'rolling-12-months'"
    for period in ("calendar-year", "contract-year", "quarter", "contract-quarter"):
        assert period in english(problem.expected)
