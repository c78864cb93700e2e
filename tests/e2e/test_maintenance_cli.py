"""The ``sla maintenance`` commands, run as a user runs them, and the service behind them."""

from __future__ import annotations

import calendar as stdlib_calendar
import json
import re
import shlex
from datetime import date, timedelta

import click
import pytest

from slaledger.adapters.cli.errors import run_guarded
from slaledger.adapters.cli.maintenance_cmds import maintenance
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.observations import read_maintenance
from slaledger.adapters.i18n import english
from slaledger.bootstrap import contract_calendars
from slaledger.services.maintenance import assess_windows
from tests.conftest import ROOT

IMRI = str(ROOT / "examples" / "contracts" / "004-imri.yaml")
PREVISOFT = str(ROOT / "examples" / "contracts" / "003-previsoft.yaml")
EXAMPLES = ROOT / "examples" / "data" / "maintenance"
HISTORY = str(EXAMPLES / "imri-exceptional-history.csv")
ALLOWED, REFUSED, BAD_INPUT = 0, 1, 2


@click.group()
def sla() -> None:
    """The maintenance group as the main ``sla`` command will hold it."""


sla.add_command(maintenance)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = run_guarded(sla, ["maintenance", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check_json(capsys, *args: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, "check", *args, "--json")
    return code, json.loads(out)


# ------------------------------------------------------------------ check
def test_check_refuses_a_wednesday_morning_exceptional_window_with_its_reasons(capsys):
    code, out, _ = run(
        capsys,
        "check",
        IMRI,
        "--kind",
        "exceptional",
        "--start",
        "2026-11-18T10:00:00+01:00",
        "--end",
        "2026-11-18T11:00:00+01:00",
        "--announced",
        "2026-11-10T09:00:00+01:00",
    )
    assert code == REFUSED
    assert out.startswith("REFUSED  exceptional")
    assert "BROKEN  maintenance.allowed-slots" in out
    assert "BROKEN  maintenance.customer-agreement" in out
    assert "[exceptional: cgv Article VII, 3.6]" in out
    assert "counts as downtime" in out


def test_check_in_json_lists_every_reason_with_its_clause(capsys):
    code, payload = check_json(
        capsys,
        IMRI,
        "--kind",
        "exceptional",
        "--start",
        "2026-11-18T10:00:00+01:00",
        "--end",
        "2026-11-18T11:00:00+01:00",
        "--announced",
        "2026-11-10T09:00:00+01:00",
    )
    assert code == REFUSED
    assert payload["allowed"] is False
    broken = {r["rule"]: r for r in payload["reasons"] if not r["ok"]}
    assert set(broken) == {"maintenance.allowed-slots", "maintenance.customer-agreement"}
    assert broken["maintenance.allowed-slots"]["clause"] == "exceptional"
    assert broken["maintenance.allowed-slots"]["article"] == "cgv Article VII, 3.6"


def test_check_accepts_an_agreed_saturday_night_window_announced_in_advance(capsys):
    code, payload = check_json(
        capsys,
        IMRI,
        "--kind",
        "exceptional",
        "--start",
        "2026-11-21T02:00:00+01:00",
        "--end",
        "2026-11-21T04:00:00+01:00",
        "--announced",
        "2026-11-10T09:00:00+01:00",
        "--agreed",
    )
    assert code == ALLOWED
    assert payload["allowed"] is True
    assert all(r["ok"] for r in payload["reasons"])


@pytest.mark.parametrize(
    ("opened", "expected"),
    [
        # contract year from 1 March 2025: December's 5 h count, 1 h of the 2 h is over
        ("2025-03-01", REFUSED),
        # contract year from 1 January 2026: a fresh 6 h
        ("2026-01-01", ALLOWED),
    ],
)
def test_the_six_hour_cap_counts_across_new_year_within_a_contract_year(capsys, opened, expected):
    code, payload = check_json(
        capsys,
        IMRI,
        "--kind",
        "exceptional",
        "--start",
        "2026-01-10T00:00:00+01:00",
        "--end",
        "2026-01-10T02:00:00+01:00",
        "--announced",
        "2026-01-02T09:00:00+01:00",
        "--agreed",
        "--history",
        HISTORY,
        "--opened",
        opened,
    )
    assert code == expected
    cap = next(r for r in payload["reasons"] if r["rule"] == "maintenance.annual-cap")
    assert cap["over_cap_seconds"] == (3600 if expected == REFUSED else 0)


def test_check_exempts_an_urgent_security_update_from_notice(capsys):
    code, payload = check_json(
        capsys,
        PREVISOFT,
        "--kind",
        "urgent-security-update",
        "--start",
        "2026-11-18T10:00:00+01:00",
        "--end",
        "2026-11-18T12:00:00+01:00",
    )
    assert code == ALLOWED
    message = payload["reasons"][0]["message"]
    assert message.startswith("an urgent security update needs no notice; never announced")
    assert payload["reasons"][0]["ok"] is True


@pytest.mark.parametrize(
    ("end", "clause"),
    [
        ("2026-11-18T12:00:00+01:00", "evolutive-high"),  # exactly 2 h: high impact
        ("2026-11-18T11:59:00+01:00", "evolutive-low"),  # under 2 h: low impact
    ],
)
def test_check_classifies_evolutive_maintenance_by_impact(capsys, end, clause):
    _, payload = check_json(
        capsys,
        PREVISOFT,
        "--kind",
        "evolutive",
        "--start",
        "2026-11-18T10:00:00+01:00",
        "--end",
        end,
        "--announced",
        "2026-11-10T10:00:00+01:00",
    )
    assert payload["clause"] == clause
    assert payload["allowed"] is True


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--kind", "bogus"], "--kind"),
        (["--kind", "exceptional", "--start", "2026-11-18T10:00:00"], "--start"),
        (["--kind", "exceptional", "--end", "2026-11-18T09:00:00+01:00"], "--end"),
        (["--kind", "exceptional", "--opened", "2026-13-01"], "--opened"),
    ],
)
def test_check_rejects_bad_input_naming_the_option(capsys, args, field):
    defaults = {
        "--start": "2026-11-18T10:00:00+01:00",
        "--end": "2026-11-18T11:00:00+01:00",
    }
    options = dict(zip(args[::2], args[1::2], strict=True))
    merged = [item for key, value in {**defaults, **options}.items() for item in (key, value)]
    code, _, err = run(capsys, "check", IMRI, *merged)
    assert code == BAD_INPUT
    assert f"command line: {field}:" in err


@pytest.mark.parametrize("end", ["2024-03-13T14:00+01:00", "2024-03-13T18:00+01:00"])
def test_check_refuses_a_window_ending_before_or_when_it_starts(capsys, end):
    """It answered "-240 min outside the allowed slots" on the dashboard: one reader for
    a file row, the options, the API and the form says what is wrong with which field."""
    code, out, err = run(
        capsys,
        "check",
        IMRI,
        "--kind",
        "exceptional",
        "--start",
        "2024-03-13T18:00+01:00",
        "--end",
        end,
    )
    assert (code, out) == (BAD_INPUT, "")
    assert f"command line: --end: expected after start 2024-03-13T18:00+01:00, found '{end}'" in err


def test_check_of_a_kind_without_rules_answers_no_rule_never_allowed(capsys):
    args = ["--kind", "customer-windows", "--start", "2024-03-13T10:00:00+01:00"]
    args += ["--end", "2024-03-13T11:00:00+01:00"]
    code, out, _ = run(capsys, "check", IMRI, *args)
    assert code == ALLOWED  # not refused: nothing in the contract refuses it
    assert out.startswith("NO RULE  customer-windows")
    assert "the contract sets no rule for this kind of window" in out
    assert "ALLOWED" not in out
    code, payload = check_json(capsys, IMRI, *args)
    assert payload["answer"] == "no-rule"


def test_check_rejects_a_history_file_with_an_unknown_kind(capsys, tmp_path):
    bad = tmp_path / "history.csv"
    bad.write_text(
        "service,kind,start,end\nhosted,preventive,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z\n"
    )
    code, _, err = run(
        capsys,
        "check",
        IMRI,
        "--kind",
        "exceptional",
        "--start",
        "2026-11-21T02:00:00+01:00",
        "--end",
        "2026-11-21T03:00:00+01:00",
        "--history",
        str(bad),
    )
    assert code == BAD_INPUT
    assert "kind" in err


# ------------------------------------------------------------------- next
def test_next_finds_the_next_night_for_an_exceptional_window(capsys):
    code, out, _ = run(
        capsys,
        "next",
        IMRI,
        "--kind",
        "exceptional",
        "--duration",
        "2h",
        "--after",
        "2026-11-18T10:00:00+01:00",
    )
    assert code == ALLOWED
    assert out.startswith(
        "next slot  Nov 19, 2026, 12:00\u202fAM GMT+01:00 – Nov 19, 2026, 2:00\u202fAM GMT+01:00"
    )
    assert "condition  get the customer's prior agreement" in out


def test_check_and_next_write_instants_the_french_way_and_json_keeps_iso(capsys):
    """``--lang fr``: the window in the contract's zone as French writes it; ``--json`` ISO."""
    window = ["--kind", "exceptional", "--start", "2026-11-21T02:00:00+01:00",
              "--end", "2026-11-21T04:00:00+01:00", "--announced", "2026-11-10T09:00:00+01:00",
              "--agreed"]  # fmt: skip
    _code, out, _ = run(capsys, "check", IMRI, *window, "--lang", "fr")
    assert "21 nov. 2026, 02:00 UTC+01:00 – 21 nov. 2026, 04:00 UTC+01:00" in out
    assert "2026-11-21T02:00" not in out.splitlines()[0]
    assert "annoncée à l'avance (10 nov. 2026, 09:00 UTC+01:00)" in out
    _code, payload = check_json(capsys, IMRI, *window)
    assert payload["start"] == "2026-11-21T02:00:00+01:00"
    after = ["--kind", "exceptional", "--duration", "2h", "--after", "2026-11-18T10:00:00+01:00"]
    _code, out, _ = run(capsys, "next", IMRI, *after, "--lang", "fr")
    assert "19 nov. 2026, 00:00 UTC+01:00 – 19 nov. 2026, 02:00 UTC+01:00" in out.splitlines()[0]


def test_next_skips_to_the_next_contract_year_when_the_cap_is_used(capsys):
    code, out, _ = run(
        capsys,
        "next",
        IMRI,
        "--kind",
        "exceptional",
        "--duration",
        "2h",
        "--after",
        "2026-01-02T09:00:00+01:00",
        "--history",
        HISTORY,
        "--opened",
        "2025-03-01",
        "--json",
    )
    payload = json.loads(out)
    assert code == ALLOWED
    assert payload["start"] == "2026-03-01T00:00:00+01:00"


def test_next_gives_the_two_business_days_notice_of_previsoft(capsys):
    code, out, _ = run(
        capsys,
        "next",
        PREVISOFT,
        "--kind",
        "preventive",
        "--duration",
        "1h",
        "--after",
        "2026-11-20T17:00:00+01:00",
        "--json",
    )
    assert code == ALLOWED
    assert json.loads(out)["start"] == "2026-11-24T17:00:00+01:00"


def test_next_says_so_when_no_slot_fits(capsys):
    code, out, _ = run(
        capsys,
        "next",
        IMRI,
        "--kind",
        "exceptional",
        "--duration",
        "7h",
        "--after",
        "2026-11-18T10:00:00+01:00",
    )
    assert code == REFUSED
    assert out.strip() == "no compliant exceptional window of 7h found"


def test_next_rejects_a_duration_in_days(capsys):
    code, _, err = run(
        capsys,
        "next",
        IMRI,
        "--kind",
        "exceptional",
        "--duration",
        "2 days",
        "--after",
        "2026-11-18T10:00:00+01:00",
    )
    assert code == BAD_INPUT
    assert "--duration" in err


# --------------------------------------------------------------- calendar
def test_calendar_lists_the_november_2026_patch_window(capsys):
    code, out, _ = run(capsys, "calendar", IMRI, "--year", "2026")
    assert code == ALLOWED
    nov = "Sun  Nov 15, 2026, 4:00\u202fAM GMT+01:00 – Nov 15, 2026, 5:00\u202fAM GMT+01:00"
    assert f"{nov}  patch-window  [cgv Article VII, 3.6]" in out
    assert len(out.splitlines()) == 12


def test_calendar_speaks_french_with_lang_fr(capsys):
    code, out, _ = run(capsys, "calendar", IMRI, "--year", "2026", "--lang", "fr")
    assert code == ALLOWED
    assert (
        "dim.  19 avr. 2026, 04:00 UTC+02:00 – 19 avr. 2026, 05:00 UTC+02:00  patch-window" in out
    )
    _code, out, _ = run(capsys, "calendar", PREVISOFT, "--year", "2026", "--lang", "fr")
    assert out.strip() == "aucune fenêtre de maintenance récurrente dans previsoft-cgv"


def _sunday_after_second_tuesday(year: int, month: int) -> date:
    tuesdays = [
        w[stdlib_calendar.TUESDAY]
        for w in stdlib_calendar.monthcalendar(year, month)
        if w[stdlib_calendar.TUESDAY]
    ]
    return date(year, month, tuesdays[1]) + timedelta(days=5)


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_calendar_gives_every_months_window_from_2024_to_2027(capsys, year):
    code, out, _ = run(capsys, "calendar", IMRI, "--year", str(year), "--json")
    assert code == ALLOWED
    windows = json.loads(out)["windows"]
    expected = [_sunday_after_second_tuesday(year, m) for m in range(1, 13)]
    assert [w["start"][:16] for w in windows] == [f"{d}T04:00" for d in expected]
    assert [w["end"][11:16] for w in windows] == ["05:00"] * 12


def test_calendar_of_a_contract_without_recurring_windows_says_so(capsys):
    code, out, _ = run(capsys, "calendar", PREVISOFT, "--year", "2026")
    assert code == ALLOWED
    assert out.strip() == "no recurring maintenance window in previsoft-cgv"


# ------------------------------------------------- the service for availability
def test_assess_windows_judges_a_file_and_marks_what_availability_excludes():
    contract = load_contract(IMRI).contract
    verdicts = assess_windows(
        contract=contract,
        windows=read_maintenance(EXAMPLES / "imri-windows.csv"),
        calendars=contract_calendars(contract),
    )
    assert [(v.kind, v.allowed, v.excluded) for v in verdicts] == [
        ("patch-window", True, True),
        ("exceptional", True, True),
        ("exceptional", False, False),  # 4 h + 4 h: over the 6 h cap by 2 h
        ("patch-window", False, False),  # 90 min: longer than 1 h
        ("exceptional", False, False),  # Wednesday 10:00, not agreed, the cap used up
        ("patch-window", True, True),  # moved at the customer's request
    ]
    over = verdicts[2]
    assert over.excluded_until == over.start + 2 * 3600
    assert over.reference == "CHG-2026-02"
    assert over.row == 3
    assert {r.rule for r in verdicts[4].reasons if not r.ok} == {
        "maintenance.allowed-slots",
        "maintenance.customer-agreement",
        "maintenance.annual-cap",
    }
    cap = next(r for r in verdicts[4].reasons if r.rule == "maintenance.annual-cap")
    assert english(cap.message).startswith(
        "6h00 used before and 1h00 here in the calendar year 2026"
    )


# ----------------------------------------------------------------- the docs, kept honest
def _documented_commands() -> list[tuple[str, str]]:
    """Each ``$ sla ...`` line of the console blocks of docs/maintenance.md, and its output."""
    text = (ROOT / "docs" / "maintenance.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for command, output in re.findall(r"^\$ (sla .*)\n((?:(?!\$ ).*\n)*)", block, re.M):
            examples.append((command, output.strip()))
    return examples


def test_the_docs_show_examples():
    assert len(_documented_commands()) == 8


@pytest.mark.parametrize(("command", "output"), _documented_commands())
def test_every_console_example_in_the_docs_prints_what_the_docs_say(
    capsys, monkeypatch, command, output
):
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, *shlex.split(command)[2:])
    assert code in (ALLOWED, REFUSED)
    assert err == ""
    assert out.strip() == output


IPFOLIO = str(ROOT / "examples" / "contracts" / "000-ipfolio.yaml")


def test_a_best_effort_slot_rule_is_a_note_and_the_window_is_allowed(capsys):
    """000: "nous déployons ... des efforts raisonnables afin de programmer la maintenance
    ... pendant les weekends ou en dehors des heures d'ouverture normales"."""
    args = ["check", IPFOLIO, "--kind", "scheduled-maintenance",
            "--start", "2024-03-13T18:00:00Z", "--end", "2024-03-14T00:00:00Z",
            "--announced", "2024-03-01T12:00:00Z"]  # fmt: skip
    code, out, _ = run(capsys, *args)
    assert code == ALLOWED
    assert out.startswith("ALLOWED")
    assert re.search(r"^  note    maintenance\.allowed-slots .*reasonable efforts", out, re.M)
    code, out, _ = run(capsys, *args, "--json")
    [slots] = [r for r in json.loads(out)["reasons"] if r["rule"] == "maintenance.allowed-slots"]
    assert (slots["ok"], slots["binding"]) == (False, False)


def test_a_binding_rule_broken_still_refuses_the_window(capsys):
    """IMRI 3.6: exceptional windows "devront s'exécuter uniquement en week-end ou dans la
    nuit ... entre 0h et 6h": an obligation of result; a Wednesday 14:00 window is refused."""
    code, out, _ = run(
        capsys, "check", IMRI, "--kind", "exceptional", "--start", "2024-03-13T14:00:00+01:00",
        "--end", "2024-03-13T15:00:00+01:00", "--announced", "2024-03-01T12:00:00+01:00",
        "--agreed", "--json",
    )  # fmt: skip
    assert code == REFUSED
    [slots] = [r for r in json.loads(out)["reasons"] if r["rule"] == "maintenance.allowed-slots"]
    assert (slots["ok"], slots["binding"]) == (False, True)


@pytest.fixture
def quarterly_imri(tmp_path):
    """004 with its exceptional cap read as 4 h a calendar quarter."""
    text = (ROOT / "examples" / "contracts" / "004-imri.yaml").read_text(encoding="utf-8")
    old = "    annual_cap: 6h\n    cap_period: contract-year\n"
    assert old in text
    path = tmp_path / "imri-quarterly.yaml"
    path.write_text(text.replace(old, "    annual_cap: 4h\n    cap_period: quarter\n"), "utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("start", "expected", "used"),
    [
        # December's 3 h + 2 h are in Q4 2025: the 4 h are used up, the window is over
        (
            "2025-12-20T00:00:00+01:00",
            REFUSED,
            "4h00 used before and 1h00 here in the quarter 2025-Q4",
        ),
        # Saturday 3 January 2026: a new quarter
        (
            "2026-01-03T00:00:00+01:00",
            ALLOWED,
            "0h00 used before and 1h00 here in the quarter 2026-Q1",
        ),
    ],
)
def test_check_counts_a_cap_per_quarter(capsys, quarterly_imri, start, expected, used):
    end = start.replace("T00:00", "T01:00")
    code, payload = check_json(
        capsys,
        quarterly_imri,
        "--kind",
        "exceptional",
        "--start",
        start,
        "--end",
        end,
        "--announced",
        "2025-12-15T09:00:00+01:00",
        "--agreed",
        "--history",
        HISTORY,
    )
    assert code == expected
    cap = next(r for r in payload["reasons"] if r["rule"] == "maintenance.annual-cap")
    assert used in cap["message"]
    assert cap["over_cap_seconds"] == (3600 if expected == REFUSED else 0)


def test_next_goes_to_the_next_quarter_when_the_cap_is_used(capsys, quarterly_imri):
    code, out, _ = run(
        capsys,
        "next",
        quarterly_imri,
        "--kind",
        "exceptional",
        "--duration",
        "2h",
        "--after",
        "2025-12-15T09:00:00+01:00",
        "--history",
        HISTORY,
        "--json",
    )
    assert code == ALLOWED
    assert json.loads(out)["start"] == "2026-01-01T00:00:00+01:00"


OFFICE_WORKS = """\
format: slaledger/contract/v1
id: office-works
title: Office works
language: en
timezone: Europe/Paris
parties:
  provider: {name: P}
  customer: {name: C}
calendars:
  office:
    timezone: Europe/Paris
    hours:
      mon-fri: ["08:00-18:00"]
    holidays: {country: FR}
maintenance:
  - id: works
    name: Planned works
    type: preventive
    calendar: office
    minimum_notice: 5 business days
    source: {quote: "Planned works are announced five business days ahead."}
"""


@pytest.mark.parametrize(
    ("announced", "expected"),
    [
        # Saturday noon, a whole business week before a Saturday 22:00 window
        ("2026-11-28T12:00:00+01:00", ALLOWED),
        # Monday 08:01: one business minute short of 50 hours
        ("2026-11-30T08:01:00+01:00", REFUSED),
    ],
)
def test_check_counts_a_business_day_notice_up_to_a_start_in_closed_time(
    capsys, tmp_path, announced, expected
):
    """A "5 business days' notice" (Mon-Fri 08:00-18:00) for a Saturday-night window: the
    notice is the business time before the start, whatever the wall clock says."""
    contract = tmp_path / "office-works.yaml"
    contract.write_text(OFFICE_WORKS, encoding="utf-8")
    code, payload = check_json(
        capsys,
        str(contract),
        "--kind",
        "works",
        "--start",
        "2026-12-05T22:00:00+01:00",
        "--end",
        "2026-12-05T23:00:00+01:00",
        "--announced",
        announced,
    )
    assert code == expected
    notice = next(r for r in payload["reasons"] if r["rule"] == "maintenance.notice")
    assert notice["ok"] is (expected == ALLOWED)
