"""The ``sla calendar`` commands, run as a user runs them."""

from __future__ import annotations

import csv
import json
import re
import shlex
import subprocess
import sys

import pytest

from slaledger.adapters.cli.main import main
from tests.conftest import EXAMPLE_CALENDARS, ROOT

IPFOLIO = f"{EXAMPLE_CALENDARS}#ipfolio-support"
BUSINESS = f"{EXAMPLE_CALENDARS}#previsoft-business"
ALWAYS = f"{EXAMPLE_CALENDARS}#always"
IMRI = f"{EXAMPLE_CALENDARS}#imri-onsite"
BAD_INPUT = 2


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_prints_the_ipfolio_deadline_with_its_offset(capsys):
    code, out, _ = run(
        capsys, "calendar", "add", IPFOLIO, "--from", "2024-03-16T01:45:00+00:00", "--hours", "0.5"
    )
    assert code == 0
    assert out.strip() == "2024-03-18T08:15:00+00:00"


def test_between_json_gives_business_seconds(capsys):
    code, out, _ = run(
        capsys,
        "calendar",
        "between",
        f"{EXAMPLE_CALENDARS}#previsoft-business",
        "--from",
        "2024-03-15T16:00:00+01:00",
        "--to",
        "2024-03-18T11:00:00+01:00",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["seconds"] == 14400


def test_a_naive_instant_is_refused_with_the_option_named(capsys):
    code, out, err = run(capsys, "calendar", "open", IPFOLIO, "--at", "2024-03-16T01:45:00")
    assert code == 2
    assert out == ""
    assert "--at" in err
    assert "UTC offset" in err
    assert "Traceback" not in err


# ------------------------------------------------------ the worked examples of MISSION.md
@pytest.mark.parametrize(
    ("args", "answer"),
    [
        # PREVISOFT P2, 09:00-18:00 French business days: Fri 16:00 -> Mon 11:00 is 4 h
        (
            ("between", BUSINESS, "--from", "2024-03-15T16:00:00+01:00"),
            ("--to", "2024-03-18T11:00:00+01:00", "14400"),
        ),
        # same calendar: 8 and 9 May 2024 are holidays, Tue 17:00 -> Fri 10:00 is 2 h
        (
            ("between", BUSINESS, "--from", "2024-05-07T17:00:00+02:00"),
            ("--to", "2024-05-10T10:00:00+02:00", "7200"),
        ),
        # P1, 24/7: 01:00 CET -> 04:00 CEST the night of the spring change is 2 h
        (
            ("between", ALWAYS, "--from", "2024-03-31T01:00:00+01:00"),
            ("--to", "2024-03-31T04:00:00+02:00", "7200"),
        ),
        # IMRI on-site, server down, call Fri 16:00 -> due Mon 12:00 (4 working hours)
        (
            ("add", IMRI, "--from", "2024-03-15T16:00:00+01:00"),
            ("--hours", "4", "2024-03-18T12:00:00+01:00"),
        ),
        # IPfolio Critical, Sat 01:45 inside Friday's 08:00-02:00 shift, 30 min
        (
            ("add", IPFOLIO, "--from", "2024-03-16T01:45:00+00:00"),
            ("--hours", "0.5", "2024-03-18T08:15:00+00:00"),
        ),
    ],
    ids=["p2-weekend", "p2-may-holidays", "p1-spring-night", "imri-server", "ipfolio-critical"],
)
def test_every_worked_example_of_the_brief_holds_through_the_cli(capsys, args, answer):
    *options, expected = answer
    code, out, err = run(capsys, "calendar", *args, *options)
    assert (code, err) == (0, "")
    assert out.strip() == expected


# ------------------------------------------------------------------------ --json
def test_add_json_gives_the_query_and_the_deadline(capsys):
    code, out, _ = run(
        capsys,
        "calendar",
        "add",
        IMRI,
        "--from",
        "2024-03-15T16:00:00+01:00",
        "--hours",
        "4",
        "--json",
    )
    assert code == 0
    assert json.loads(out) == {
        "calendar": IMRI,
        "from": "2024-03-15T16:00:00+01:00",
        "hours": 4.0,
        "deadline": "2024-03-18T12:00:00+01:00",
    }


def test_between_json_gives_the_query_and_negative_seconds_backwards(capsys):
    code, out, _ = run(
        capsys,
        "calendar",
        "between",
        BUSINESS,
        "--from",
        "2024-03-18T11:00:00+01:00",
        "--to",
        "2024-03-15T16:00:00+01:00",
        "--json",
    )
    assert code == 0
    assert json.loads(out) == {
        "calendar": BUSINESS,
        "from": "2024-03-18T11:00:00+01:00",
        "to": "2024-03-15T16:00:00+01:00",
        "seconds": -14400,
    }


@pytest.mark.parametrize(
    ("at", "is_open"),
    [
        ("2024-03-16T01:45:00+00:00", True),  # Saturday, in Friday's shift
        ("2024-03-16T02:00:00+00:00", False),  # the shift ends at 02:00
    ],
)
def test_open_prints_true_or_false_and_json(capsys, at, is_open):
    code, out, _ = run(capsys, "calendar", "open", IPFOLIO, "--at", at)
    assert (code, out.strip()) == (0, "true" if is_open else "false")
    code, out, _ = run(capsys, "calendar", "open", IPFOLIO, "--at", at, "--json")
    assert code == 0
    assert json.loads(out) == {"calendar": IPFOLIO, "at": at, "open": is_open}


def test_a_deadline_is_printed_in_the_calendars_zone_whatever_the_input_offset(capsys):
    # 15:00 UTC is 16:00 in Paris; the deadline comes back at Paris's offset
    code, out, _ = run(
        capsys, "calendar", "add", IMRI, "--from", "2024-03-15T15:00:00Z", "--hours", "4"
    )
    assert (code, out.strip()) == (0, "2024-03-18T12:00:00+01:00")


# -------------------------------------------------------------------------- batches
def write(path, *rows: str) -> str:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def read(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_batch_of_deadlines_adds_a_deadline_column_at_the_calendars_offsets(capsys, tmp_path):
    source = write(
        tmp_path / "in.csv",
        "ticket,from,hours",
        "A,2024-03-15T16:00:00+01:00,4",  # the IMRI example
        "B,2024-03-16T01:45:00+00:00,0.5",  # a Saturday: from Monday 09:00
        "C,2024-03-29T16:00:00Z,2",  # Friday 17:00 in Paris: IMRI is closed; DST begins
        "D,2024-10-25T16:00:00+02:00,-1.5",  # backwards
    )
    target = tmp_path / "out.csv"
    code, out, err = run(
        capsys, "calendar", "add", IMRI, "--input", source, "--output", str(target)
    )
    assert (code, out, err) == (0, "", "")
    assert read(target) == [
        {"ticket": "A", "from": "2024-03-15T16:00:00+01:00", "hours": "4",
         "deadline": "2024-03-18T12:00:00+01:00"},
        {"ticket": "B", "from": "2024-03-16T01:45:00+00:00", "hours": "0.5",
         "deadline": "2024-03-18T09:30:00+01:00"},
        {"ticket": "C", "from": "2024-03-29T16:00:00Z", "hours": "2",
         "deadline": "2024-04-02T11:00:00+02:00"},  # 1 April is Easter Monday
        {"ticket": "D", "from": "2024-10-25T16:00:00+02:00", "hours": "-1.5",
         "deadline": "2024-10-25T14:30:00+02:00"},
    ]  # fmt: skip


def test_a_batch_of_ranges_adds_a_seconds_column(capsys, tmp_path):
    source = write(
        tmp_path / "in.csv",
        "from,to",
        "2024-03-15T16:00:00+01:00,2024-03-18T11:00:00+01:00",
        "2024-05-07T17:00:00+02:00,2024-05-10T10:00:00+02:00",
        "2024-03-18T11:00:00+01:00,2024-03-15T16:00:00+01:00",
    )
    target = tmp_path / "out.csv"
    code, _, err = run(
        capsys, "calendar", "between", BUSINESS, "--input", source, "--output", str(target)
    )
    assert (code, err) == (0, "")
    assert [row["seconds"] for row in read(target)] == ["14400", "7200", "-14400"]


def test_a_batch_skips_blank_lines_and_a_header_only_file_gives_a_header_only_file(
    capsys, tmp_path
):
    source = write(tmp_path / "in.csv", "from,hours", "", "2024-03-15T16:00:00+01:00,4", "")
    target = tmp_path / "out.csv"
    assert run(capsys, "calendar", "add", IMRI, "--input", source, "--output", str(target))[0] == 0
    assert [row["deadline"] for row in read(target)] == ["2024-03-18T12:00:00+01:00"]
    empty = write(tmp_path / "empty.csv", "from,hours")
    assert run(capsys, "calendar", "add", IMRI, "--input", empty, "--output", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").strip() == "from,hours,deadline"


@pytest.mark.parametrize(
    ("command", "rows", "where", "fragment"),
    [
        # a timestamp that is not one
        (
            "add",
            ["from,hours", "2024-03-15T16:00:00+01:00,4", "15/03/2024 16:00,4"],
            "in.csv:3 row 2: from:",
            "found '15/03/2024 16:00'",
        ),
        # a timestamp without its offset
        (
            "add",
            ["from,hours", "2024-03-15T16:00:00+01:00,4", "2024-03-15T16:00:00,4"],
            "in.csv:3 row 2: from:",
            "with its UTC offset",
        ),
        # hours that are not a number, or absurdly many
        (
            "add",
            ["from,hours", "2024-03-15T16:00:00+01:00,four"],
            "in.csv:2 row 1: hours:",
            "expected a number, found 'four'",
        ),
        (
            "add",
            ["from,hours", "2024-03-15T16:00:00+01:00,4", "2024-03-15T16:00:00+01:00,1e20"],
            "in.csv:3 row 2: hours:",
            "found '1e20'",
        ),
        # a row without its last field
        (
            "add",
            ["from,hours", "2024-03-15T16:00:00+01:00,4", "2024-03-15T16:00:00+01:00"],
            "in.csv:3 row 2: hours:",
            "expected a number, found ''",
        ),
        (
            "between",
            ["from,to", "2024-03-15T16:00:00+01:00,2024-03-15T17:00:00+01:00", "", "x,y"],
            "in.csv:4 row 2: from:",  # the blank line still counts as a line
            "found 'x'",
        ),
        # a column missing from the header
        (
            "between",
            ["from,until", "2024-03-15T16:00:00+01:00,2024-03-15T17:00:00+01:00"],
            "in.csv:1: to:",
            "expected columns from,to, found columns from,until",
        ),
    ],
    ids=["bad-timestamp", "naive", "not-a-number", "too-many-hours", "short-row", "blank",
         "missing-column"],
)  # fmt: skip
def test_a_malformed_row_names_file_row_and_field_and_writes_nothing(
    capsys, tmp_path, command, rows, where, fragment
):
    source = write(tmp_path / "in.csv", *rows)
    target = tmp_path / "out.csv"
    code, out, err = run(
        capsys, "calendar", command, BUSINESS, "--input", source, "--output", str(target)
    )
    assert code == BAD_INPUT
    assert out == ""
    assert err.startswith(f"error: {tmp_path / where}")
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [tmp_path / "in.csv"]  # no output, no partial file


def test_a_failed_batch_leaves_an_existing_output_file_as_it_was(capsys, tmp_path):
    source = write(tmp_path / "in.csv", "from,hours", "yesterday,4")
    target = tmp_path / "out.csv"
    target.write_text("previous results\n", encoding="utf-8")
    code, _, _ = run(
        capsys, "calendar", "add", BUSINESS, "--input", source, "--output", str(target)
    )
    assert code == BAD_INPUT
    assert target.read_text(encoding="utf-8") == "previous results\n"


def test_the_installed_command_exits_2_without_a_traceback_on_a_bad_row(tmp_path):
    source = write(tmp_path / "in.csv", "from,hours", "2024-03-15T16:00:00,4")
    target = tmp_path / "out.csv"
    command = "from slaledger.adapters.cli.main import main; main()"
    args = ["calendar", "add", BUSINESS, "--input", source, "--output", str(target)]
    done = subprocess.run(
        [sys.executable, "-c", command, *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == BAD_INPUT
    assert done.stdout == ""
    assert "in.csv:2 row 1: from: expected an ISO 8601 instant" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists()


# ------------------------------------------------------------ other bad input, no traceback
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("add", BUSINESS, "--from", "2024-03-15T16:00:00+01:00", "--hours", "4h"), "--hours"),
        (("add", BUSINESS, "--from", "2024-03-15T16:00:00+01:00"), "--hours"),
        (("add", BUSINESS, "--hours", "4"), "--from"),
        (("add", BUSINESS, "--input", "in.csv"), "--output"),
        (("between", BUSINESS, "--from", "2024-03-15T16:00:00+01:00"), "--to"),
        (("open", f"{EXAMPLE_CALENDARS}#nowhere", "--at", "2024-03-15T16:00:00Z"), "'nowhere'"),
        (("open", str(EXAMPLE_CALENDARS), "--at", "2024-03-15T16:00:00Z"), "FILE#NAME"),
        (("open", "missing.yaml#always", "--at", "2024-03-15T16:00:00Z"), "no such file"),
        # beyond the years of the French holiday data
        (("open", BUSINESS, "--at", "2150-03-15T16:00:00+01:00"), "can answer for 1804-2100"),
    ],
)
def test_bad_arguments_give_one_clear_message_and_exit_code_2(capsys, args, fragment):
    code, out, err = run(capsys, "calendar", *args)
    assert code == BAD_INPUT
    assert out == ""
    assert err.startswith("error: ")
    assert fragment in err


def test_a_bad_calendar_file_is_reported_with_its_line(capsys, tmp_path):
    calendars = tmp_path / "calendars.yaml"
    lines = ["calendars:", "  desk:", "    timezone: Europe/Paris", "    hours:"]
    lines.append('      mon-fry: ["09:00-17:00"]')
    calendars.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "calendar", "open", f"{calendars}#desk", "--at", "2024-03-15T16:00Z")
    assert code == BAD_INPUT
    assert err.strip() == (
        f"error: {calendars}:5:7: calendars.desk.hours.mon-fry: "
        "expected weekdays such as mon, mon-fri or sat,sun, found 'mon-fry'"
    )


# ----------------------------------------------------------------- the docs, kept honest
def _documented_commands() -> list[tuple[str, str]]:
    """Each ``$ sla ...`` line of the console blocks of docs/calendars.md, and its output."""
    text = (ROOT / "docs" / "calendars.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for command, output in re.findall(r"^\$ (sla .*)\n((?:(?!\$ ).*\n)*)", block, re.M):
            examples.append((command, output.strip()))
    return examples


@pytest.mark.parametrize(("command", "output"), _documented_commands())
def test_every_console_example_in_the_docs_prints_what_the_docs_say(
    capsys, monkeypatch, command, output
):
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, *shlex.split(command)[1:])
    assert (code, err) == (0, "")
    assert out.strip() == output


# ------------------------------------------------------------------ business days, contracts
PREVISOFT = f"{ROOT / 'examples' / 'contracts' / '003-previsoft.yaml'}#previsoft-business"


def test_add_days_counts_business_days_skipping_french_holidays(capsys):
    """ "3 jours ouvrés" from Tuesday 7 May 2024 17:00 in Paris: 8 May (Victoire) and 9 May
    (Ascension) are holidays, so the days are Friday 10, Monday 13 and Tuesday 14."""
    code, out, _ = run(
        capsys, "calendar", "add", PREVISOFT, "--from", "2024-05-07T17:00:00+02:00", "--days", "3"
    )
    assert code == 0
    assert out.strip() == "2024-05-14T17:00:00+02:00"
    code, out, _ = run(
        capsys, "calendar", "add", PREVISOFT, "--from", "2024-05-03T17:00:00+02:00",
        "--days", "-2", "--json",
    )  # fmt: skip
    assert json.loads(out) == {
        "calendar": PREVISOFT,
        "from": "2024-05-03T17:00:00+02:00",
        "days": -2,
        "deadline": "2024-04-30T17:00:00+02:00",
    }


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (("--days", "1.5"), "--days: expected a whole number of business days"),
        (("--days", "3", "--hours", "2"), "expected either --hours or --days, found both"),
    ],
)
def test_bad_days_are_refused_with_the_option_named(capsys, extra, fragment):
    code, _, err = run(
        capsys, "calendar", "add", PREVISOFT, "--from", "2024-05-07T17:00:00+02:00", *extra
    )
    assert code == BAD_INPUT
    assert fragment in err


def test_a_batch_of_business_days_adds_a_deadline_column(capsys, tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "ticket,from,days\nA,2024-05-07T17:00:00+02:00,3\nB,2024-05-07T17:00:00+02:00,2.5\n",
        encoding="utf-8",
    )
    code, _, err = run(
        capsys, "calendar", "add", PREVISOFT, "--input", str(source), "--output", str(target)
    )
    assert code == BAD_INPUT
    assert "in.csv:3 row 2: days: expected a whole number of business days" in err
    assert not target.exists()
    source.write_text("ticket,from,days\nA,2024-05-07T17:00:00+02:00,3\n", encoding="utf-8")
    code, _, _ = run(
        capsys, "calendar", "add", PREVISOFT, "--input", str(source), "--output", str(target)
    )
    assert code == 0
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert rows == [
        {
            "ticket": "A",
            "from": "2024-05-07T17:00:00+02:00",
            "days": "3",
            "deadline": "2024-05-14T17:00:00+02:00",
        }
    ]
