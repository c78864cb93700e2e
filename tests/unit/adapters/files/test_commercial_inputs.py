"""The CSV inputs: index series, invoices, legal rates, backup log, obligation events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slaledger.adapters.files.commercial_inputs import (
    read_backup_log,
    read_index_series,
    read_invoices,
    read_legal_rates,
    read_obligation_events,
)
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from tests.conftest import ROOT

DATA = ROOT / "examples" / "data"


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(call):
    with pytest.raises(InputError) as caught:
        call()
    return caught.value.problems


def test_the_shipped_index_series_reads_october_values():
    series = read_index_series(DATA / "syntec-small-rise.csv", name="SYNTEC")
    assert series.value_at(date(2024, 10, 1)).value == Decimal("101.5")
    assert series.value_at(date(2023, 10, 1)).value == Decimal("100.0")


def test_a_bad_index_row_names_file_row_line_and_field(tmp_path):
    path = _write(tmp_path, "index.csv", "period,value\n2024-10,101.5\n2024-11,10l\n2024-13,1\n")
    problems = _problems(lambda: read_index_series(path))
    assert [(p.row, p.line, p.field) for p in problems] == [(2, 3, "value"), (3, 4, "period")]
    assert problems[0].file == str(path)
    assert english(problems[0].found) == "'10l'"
    assert "number" in english(problems[0].expected)


def test_a_decimal_comma_is_explained(tmp_path):
    path = _write(tmp_path, "index.csv", 'period,value\n2024-10,"101,5"\n')
    [problem] = _problems(lambda: read_index_series(path))
    assert "decimal point" in english(problem.expected)


def test_a_month_given_twice_is_refused(tmp_path):
    path = _write(tmp_path, "index.csv", "period,value\n2024-10,1\n2024-10,2\n")
    [problem] = _problems(lambda: read_index_series(path))
    assert (problem.row, problem.field) == (2, "period")


def test_publication_dates_are_all_or_none(tmp_path):
    path = _write(
        tmp_path, "index.csv", "period,value,published\n2024-08,1,2024-10-02\n2024-09,2,\n"
    )
    [problem] = _problems(lambda: read_index_series(path))
    assert (problem.row, problem.field) == (2, "published")


def test_the_shipped_invoices_read_with_their_payments():
    invoices = read_invoices(DATA / "invoices.csv")
    assert invoices[0].id == "F2024-001"
    assert invoices[0].paid == date(2024, 10, 10)
    assert invoices[2].paid is None


def test_an_invoice_may_give_the_date_of_its_quote(tmp_path):
    path = _write(
        tmp_path, "inv.csv", "invoice,issued,amount,quote_date\nA,2024-09-15,10,2024-06-14\n"
    )
    [invoice] = read_invoices(path)
    assert invoice.quoted == date(2024, 6, 14)


def test_a_quote_after_its_invoice_is_refused(tmp_path):
    path = _write(
        tmp_path, "inv.csv", "invoice,issued,amount,quote_date\nA,2024-09-15,10,2024-09-16\n"
    )
    [problem] = _problems(lambda: read_invoices(path))
    assert (problem.row, problem.field, english(problem.found)) == (1, "quote_date", "2024-09-16")


def test_an_invoice_without_a_date_is_refused_whole(tmp_path):
    path = _write(tmp_path, "inv.csv", "invoice,issued,amount\nA,2024-01-05,10\nB,,20\n")
    [problem] = _problems(lambda: read_invoices(path))
    assert (problem.row, problem.line, problem.field, english(problem.found)) == (
        2,
        3,
        "issued",
        "nothing",
    )


def test_a_payment_before_its_invoice_is_refused(tmp_path):
    path = _write(tmp_path, "inv.csv", "invoice,issued,amount,paid\nA,2024-01-05,10,2024-01-01\n")
    [problem] = _problems(lambda: read_invoices(path))
    assert problem.field == "paid"


def test_a_missing_column_names_the_header(tmp_path):
    path = _write(tmp_path, "inv.csv", "invoice,amount\nA,10\n")
    [problem] = _problems(lambda: read_invoices(path))
    assert (problem.line, problem.field) == (1, "issued")
    assert "invoice,issued,amount" in english(problem.expected)


def test_legal_rates_accept_days_and_months():
    rates = read_legal_rates(DATA / "legal-rates.csv")
    assert rates.at(date(2024, 8, 1)).percent == Decimal("4.92")


def test_a_legal_rate_month_is_its_first_day(tmp_path):
    path = _write(tmp_path, "rates.csv", "period,value\n2024-07,4.92\n")
    assert read_legal_rates(path).rates[0].start == date(2024, 7, 1)


def test_the_backup_log_keeps_failures_apart():
    log = read_backup_log(DATA / "backups.csv")
    assert log.at.size == 7
    assert log.successes.size == 6


def test_a_backup_status_must_be_ok_or_failed(tmp_path):
    path = _write(tmp_path, "b.csv", "at,status\n2024-03-01T02:00:00+01:00,maybe\n")
    [problem] = _problems(lambda: read_backup_log(path))
    assert (problem.field, english(problem.expected)) == ("status", "ok or failed")


def test_events_read_dates_as_whole_days_in_the_contracts_zone():
    events = read_obligation_events(DATA / "imri-events.csv", zone="Europe/Paris")
    opened = events[0]
    assert (opened.event, opened.whole_day, opened.at.date()) == (
        "service-opened",
        True,
        date(2024, 3, 15),
    )
    assert str(opened.at.tzinfo) == "Europe/Paris"
    window = events[2]
    assert window.clause == "exceptional"
    assert window.end is not None


def test_an_unknown_obligation_event_names_file_row_and_field(tmp_path):
    path = _write(
        tmp_path, "ev.csv", "event,at\nbreach-discovered,2024-03-01\nbreach-found,2024-03-02\n"
    )
    [problem] = _problems(
        lambda: read_obligation_events(path, zone="Europe/Paris", known={"breach-discovered"})
    )
    assert (problem.file, problem.row, problem.field) == (str(path), 2, "event")
    assert english(problem.found) == "'breach-found'"
    assert "breach-discovered" in english(problem.expected)


def test_a_naive_event_instant_is_refused(tmp_path):
    path = _write(tmp_path, "ev.csv", "event,at\nbreach-discovered,2024-03-01T10:00:00\n")
    [problem] = _problems(lambda: read_obligation_events(path, zone="Europe/Paris"))
    assert problem.field == "at"
    assert "offset" in english(problem.expected)


def test_a_maintenance_event_needs_its_kind(tmp_path):
    path = _write(tmp_path, "ev.csv", "event,at\nmaintenance,2024-03-01T10:00:00+01:00\n")
    [problem] = _problems(lambda: read_obligation_events(path, zone="Europe/Paris"))
    assert problem.field == "clause"


def test_a_missing_file_is_an_input_error(tmp_path):
    [problem] = _problems(lambda: read_invoices(tmp_path / "nope.csv"))
    assert english(problem.found) == "no such file"
