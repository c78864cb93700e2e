"""Obligation events in the store, on SQLite and PostgreSQL: read back in the zone they
were read in, imported all or nothing and audited, and used by the stored statements as
the CLI uses the file: 004's suspension clauses (IMRI VII 3.3 and 3.6) lift the
guarantee over the same spans from the store as from ``--data``."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import StatementError

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.audit import verify
from slaledger.adapters.db.statements import stored_statement
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.commercial_inputs import read_obligation_events
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.reports.statement import render
from slaledger.domain.periods import Month
from tests.integration.templates import Template

ROOT = Path(__file__).resolve().parents[3]
IMRI = ROOT / "examples" / "contracts" / "004-imri.yaml"
DATA = ROOT / "examples" / "data" / "004-imri"
ZONE = "Europe/Paris"


def _events(path: Path = DATA / "obligation-events.csv"):
    return read_obligation_events(path, zone=ZONE)


def test_events_come_back_in_their_zone_whole_days_on_their_date(store: Store) -> None:
    store.upload_contract_file(str(IMRI), accept_lint_errors=True)
    given = _events()
    assert store.import_obligation_events("imri-cgv", given, ZONE, "obligation-events.csv") == len(
        given
    )
    back = store.obligation_events("imri-cgv")
    assert sorted((t.event, t.at, t.whole_day, t.end, t.ref) for t in given) == sorted(
        (t.event, t.at, t.whole_day, t.end, t.ref) for t in back
    )
    refused = next(t for t in back if t.event == "monitoring-refused")
    assert refused.whole_day
    assert refused.at.date().isoformat() == "2024-08-05"
    assert refused.at.isoformat() == "2024-08-05T00:00:00+02:00"
    assert refused.label == "monitoring-refused AV-1 at 2024-08-05"


def test_an_import_is_audited_and_a_repeat_stores_nothing_twice(store: Store) -> None:
    store.upload_contract_file(str(IMRI), accept_lint_errors=True)
    store.import_obligation_events("imri-cgv", _events(), ZONE, "obligation-events.csv")
    store.import_obligation_events("imri-cgv", _events(), ZONE, "obligation-events.csv")
    store.commit()
    assert len(store.obligation_events("imri-cgv")) == len(_events())
    assert verify(store.session).ok


def test_a_failing_import_leaves_nothing(store: Store) -> None:
    store.upload_contract_file(str(IMRI), accept_lint_errors=True)
    events = _events()
    naive = dataclasses.replace(events[-1], at=events[-1].at.replace(tzinfo=None))
    with pytest.raises(StatementError, match="naive datetime refused"):
        store.import_obligation_events("imri-cgv", (*events[:-1], naive), ZONE, "x.csv")
    assert store.obligation_events("imri-cgv") == ()


def test_a_bad_file_is_refused_before_the_store(tmp_path: Path) -> None:
    bad = tmp_path / "events.csv"
    bad.write_text("event,at\nmonitoring-refused,2024-13-01\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        _events(bad)
    [problem] = caught.value.problems
    assert (problem.row, problem.field) == (1, "at")


def test_the_stored_statement_lifts_the_guarantee_as_the_cli_does(
    store: Store, demo_template: Template
) -> None:
    """(The store's database is a copy of ``demo_template``: the demo loaded.)"""
    month = Month(2024, 8)
    built = stored_statement(store, store.contract("imri-cgv"), month=month)
    stored = json.loads(render(built, language="en", format="json"))
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(IMRI),
            "--month",
            "2024-08",
            "--data",
            str(DATA),
            "--opened",
            "2024-01-15",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    from_files = json.loads(result.output)
    [mine] = stored["availability"]
    [theirs] = from_files["availability"]
    lifted = {row["category"]: row for row in mine["summary"]}["not-guaranteed"]
    assert lifted["clauses"] == ["monitoring-refused", "patch-windows-refused"]
    assert (
        lifted["seconds"]
        == {r["category"]: r for r in theirs["summary"]}["not-guaranteed"]["seconds"]
    )
    assert mine["period_label"] == theirs["period_label"] == "2024-01-15 to 2025-01-15"
