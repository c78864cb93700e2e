"""The ``sla calendar`` commands, run as a user runs them."""

from __future__ import annotations

import json

from slaledger.adapters.cli.main import main
from tests.conftest import EXAMPLE_CALENDARS

IPFOLIO = f"{EXAMPLE_CALENDARS}#ipfolio-support"


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
