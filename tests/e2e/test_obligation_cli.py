"""``sla obligations``, ``sla price``, ``sla penalties``, run through click as a user
runs them, on the seed contracts and the example data files."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from slaledger.adapters.cli.obligation_cmds import obligations
from slaledger.adapters.cli.penalty_cmds import penalties
from slaledger.adapters.cli.price_cmds import price
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"
PREVISOFT = str(CONTRACTS / "003-previsoft.yaml")
IMRI = str(CONTRACTS / "004-imri.yaml")


def run(command, *args: str):
    result = CliRunner().invoke(command, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, InputError):
        raise result.exception
    return result


@pytest.mark.parametrize(
    ("index", "expected", "floor"),
    [
        ("syntec-small-rise.csv", "10200.00", True),  # S(Oct N-1) = 100, S(Oct N) = 101.5
        ("syntec-large-rise.csv", "10300.00", False),  # S(Oct N) = 103
    ],
)
def test_sla_price_revises_a_previsoft_price_with_its_floor(index, expected, floor):
    result = run(
        price,
        PREVISOFT,
        "--year",
        "2025",
        "--base-price",
        "10000",
        "--index",
        DATA / index,
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["price"] == expected
    assert data["floor_applied"] is floor
    assert data["index_old"] == {"period": "2023-10", "value": "100.0", "published": None}
    assert data["clause"] == "price-revision"
    assert data["formula"] == "price * index_new / index_old"


def test_sla_price_prints_the_formula_and_the_index_values_as_text():
    result = run(
        price,
        PREVISOFT,
        "--year",
        "2025",
        "--base-price",
        "10000",
        "--index",
        DATA / "syntec-small-rise.csv",
    )
    assert result.output.startswith("10200.00  price for 2025")
    assert "2024-10 = 101.5" in result.output
    assert "floor" in result.output


def test_sla_price_names_the_missing_index_month(tmp_path):
    index = tmp_path / "index.csv"
    index.write_text("period,value\n2023-10,100\n", encoding="utf-8")
    result = run(price, PREVISOFT, "--year", "2025", "--base-price", "10000", "--index", index)
    [problem] = result.exception.problems
    assert (problem.file, problem.field) == (str(index), "period")
    assert "2024-10" in english(problem.expected)


def _items(*args: str):
    result = run(obligations, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    ("subscribed", "licence_end", "notice"),
    [
        ("2024-09-15", "2024-12-31", "2024-11-30"),
        ("2024-10-15", "2025-12-31", "2025-11-30"),
    ],
)
def test_a_previsoft_subscription_lists_its_licence_end_and_notice_deadline(
    tmp_path, subscribed, licence_end, notice
):
    events = tmp_path / "events.csv"
    events.write_text(f"event,at\ncredentials-sent,{subscribed}\n", encoding="utf-8")
    data = _items(PREVISOFT, "--events", events, "--from", "2024-09-01", "--to", "2025-12-31")
    kinds = {(i["kind"], i["last_day"]) for i in data["items"]}
    assert ("licence-end", licence_end) in kinds
    assert ("termination-notice", notice) in kinds
    [end] = [i for i in data["items"] if i["kind"] == "licence-end"]
    assert end["clause"] == "licence-period"


def test_sla_obligations_as_text_says_a_weekend_deadline_does_not_move():
    result = run(
        obligations,
        IMRI,
        "--events",
        DATA / "imri-events.csv",
        "--from",
        "2025-03-01",
        "--to",
        "2025-03-31",
    )
    assert result.exit_code == 0
    assert "by   2025-03-15 10:00  notice" in result.output
    assert "Saturday: the deadline does not move; act by 2025-03-14" in result.output


def test_sla_obligations_for_imri_exports_an_ics_feed_a_calendar_accepts():
    result = run(obligations, IMRI, "--format", "ics")
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(result.output)
    calendar.validate()
    [patch] = [e for e in calendar.events if "patch-window" in str(e["SUMMARY"])]
    assert "RRULE" in patch
    assert patch.start.weekday() == 6
    assert patch.start.hour == 4
    assert "service-opened" in str(calendar["DESCRIPTION"])  # the terms need their start


def test_with_its_events_the_imri_feed_lists_the_notice_deadlines():
    result = run(
        obligations,
        IMRI,
        "--events",
        DATA / "imri-events.csv",
        "--from",
        "2024-06-01",
        "--to",
        "2026-09-30",
        "--format",
        "ics",
    )
    events = Calendar.from_ical(result.output).events
    summaries = [str(e["SUMMARY"]) for e in events]
    notices = [s for s in summaries if s.startswith("termination-notice due")]
    assert len(notices) == 3  # services (2024, 2025) and hosted services (2026)
    assert any("[visit-notice]" in s for s in summaries)
    assert any("patch-window" in s for s in summaries)
    starts = {e.start for e in events if str(e["SUMMARY"]).startswith("termination-notice")}
    assert {date(2024, 12, 14), date(2025, 12, 14), date(2026, 9, 14)} <= starts


def test_an_unknown_event_is_refused_with_its_file_row_and_field(tmp_path):
    events = tmp_path / "events.csv"
    events.write_text("event,at\ncredentials-sent,2024-09-15\nvisit,2024-10-01\n", encoding="utf-8")
    result = run(obligations, PREVISOFT, "--events", events)
    [problem] = result.exception.problems
    assert (problem.file, problem.row, problem.field) == (str(events), 2, "event")


def test_a_subscription_on_30_september_names_the_undecided_clause(tmp_path):
    events = tmp_path / "events.csv"
    events.write_text("event,at\ncredentials-sent,2024-09-30\n", encoding="utf-8")
    result = run(obligations, PREVISOFT, "--events", events, "--from", "2024-09-01")
    [problem] = result.exception.problems
    assert problem.file == PREVISOFT
    assert "licence_periods[0]" in problem.field
    assert problem.line is not None
    assert "30 September" in problem.found


def test_a_clause_that_cannot_give_a_date_is_told_in_french_with_lang_fr(tmp_path):
    events = tmp_path / "events.csv"
    events.write_text("event,at\ncredentials-sent,2023-01-15\n", encoding="utf-8")
    result = run(obligations, PREVISOFT, "--events", events, "--lang", "fr")
    [problem] = result.exception.problems
    assert "licence_periods[0]" in problem.field
    assert problem.found == (
        "l'événement de départ credentials-sent du 15 janvier 2023 précède la date d'effet"
        " de la clause (31 juillet 2023)\u00a0: aucune version de la clause n'était en"
        " vigueur ce jour-là"
    )


def test_sla_obligations_checks_a_backup_log():
    data = _items(
        str(CONTRACTS / "001-saas-annexes.yaml"),
        "--backups",
        DATA / "backups.csv",
        "--from",
        "2024-03-01",
        "--to",
        "2024-03-07",
    )
    [check] = data["backups"]
    assert check["missed"] == ["2024-03-03"]


def test_sla_penalties_computes_previsoft_late_payment_on_a_day():
    """003 CGV 7.4: « trois (3) fois le taux de l'intérêt légal en vigueur à la date
    d'émission du devis »: by default the legal rate of the contract's quote_date
    (2024-06-14: 5.07 %, so 15.21 %), not the 4.92 % in force during the delay."""
    result = run(
        penalties,
        PREVISOFT,
        "--invoices",
        DATA / "invoices.csv",
        "--rates",
        DATA / "legal-rates.csv",
        "--at",
        "2025-04-30",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    by_id = {i["invoice"]: i for i in data["invoices"]}
    assert by_id["F2024-001"]["total"] == "0.00"  # paid before its due date
    late = by_id["F2024-002"]
    assert (late["due"], late["days_late"], late["interest"], late["fixed_fee"]) == (
        "2024-10-15",
        30,
        "15.00",  # 1200 x 15.21 % x 30 / 365 (14.56 at the 4.92 % of the days late)
        "40.00",
    )
    assert (late["rate_fixed_on"], late["rate_day_source"]) == ("2024-06-14", "contract-quote-date")
    assert [p["legal_rate"] for p in late["pieces"]] == ["5.07"]
    unpaid = by_id["F2024-003"]
    assert unpaid["termination_right_from"] == "2025-04-02"
    assert unpaid["may_terminate"] is True


def test_sla_penalties_reads_imri_s_legal_rate_day_by_day():
    """004 Article XI: « l'intérêt au taux légal majoré de Cinq points » fixes no day: the
    unpaid F2024-003 (due 2 December 2024) is split where the legal rate changes."""
    result = run(
        penalties,
        IMRI,
        "--invoices",
        DATA / "invoices.csv",
        "--rates",
        DATA / "legal-rates.csv",
        "--at",
        "2025-04-30",
        "--json",
    )
    assert result.exit_code == 0, result.output
    unpaid = {i["invoice"]: i for i in json.loads(result.output)["invoices"]}["F2024-003"]
    assert unpaid["rate_day_source"] == "each-day"
    assert [(p["from"], p["legal_rate"]) for p in unpaid["pieces"]] == [
        ("2024-12-03", "4.92"),
        ("2025-01-01", "3.71"),
    ]


def test_sla_penalties_without_a_quote_date_names_the_contract_field(tmp_path):
    contract = tmp_path / "003.yaml"
    text = (CONTRACTS / "003-previsoft.yaml").read_text(encoding="utf-8")
    contract.write_text(text.replace("  quote_date: 2024-06-14\n", ""), encoding="utf-8")
    result = run(
        penalties,
        contract,
        "--invoices",
        DATA / "invoices.csv",
        "--rates",
        DATA / "legal-rates.csv",
        "--at",
        "2025-04-30",
    )
    [problem] = result.exception.problems
    assert (problem.file, problem.field) == (str(contract), "commercial.quote_date")
    assert "F2024-002" in problem.found


def test_sla_penalties_names_a_day_the_rates_do_not_cover(tmp_path):
    rates = tmp_path / "rates.csv"
    rates.write_text("period,value\n2025-01-01,3.71\n", encoding="utf-8")
    result = run(
        penalties,
        PREVISOFT,
        "--invoices",
        DATA / "invoices.csv",
        "--rates",
        rates,
        "--at",
        "2025-04-30",
    )
    [problem] = result.exception.problems
    assert (problem.file, problem.field) == (str(rates), "period")


def test_a_bad_date_option_is_an_input_error():
    result = run(obligations, PREVISOFT, "--from", "2024-13-01")
    [problem] = result.exception.problems
    assert problem.field == "--from"


def test_sla_obligations_in_french_says_the_deadlines_in_french():
    args = ["--events", DATA / "imri-events.csv", "--from", "2025-03-01", "--to", "2025-03-31"]
    result = run(obligations, IMRI, *args, "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "samedi\u00a0: l'échéance ne bouge pas\u00a0; agir au plus tard le 2025-03-14" in (
        result.output
    )
    assert "act by" not in result.output


def test_sla_obligations_json_keeps_the_message_ids_beside_the_texts():
    args = ["--events", DATA / "imri-events.csv", "--from", "2024-06-01", "--to", "2026-09-30"]
    english_items = _items(IMRI, *args)["items"]
    french = json.loads(run(obligations, IMRI, *args, "--format", "json", "--lang", "fr").output)
    [notice, *_] = [i for i in french["items"] if i["kind"] == "termination-notice"]
    assert notice["summary"].startswith("dernier jour pour notifier la résiliation")
    assert notice["summary_id"] == "obligation.termination-notice-form"
    assert notice["rule_id"].startswith("obligation.rule.")
    assert [i["summary_id"] for i in english_items if "summary_id" in i] == [
        i["summary_id"] for i in french["items"] if "summary_id" in i
    ]


def test_the_french_ics_feed_names_its_deadlines_in_french():
    result = run(obligations, IMRI, "--format", "ics", "--lang", "fr")
    calendar = Calendar.from_ical(result.output)
    [patch] = [e for e in calendar.events if "patch-window" in str(e["SUMMARY"])]
    assert str(patch["SUMMARY"]).startswith("fenêtre de maintenance")
    assert "Clause\u00a0:" in str(patch["DESCRIPTION"])
