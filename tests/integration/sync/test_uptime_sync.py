"""An uptime monitor's export kept in sync (SQLite and PostgreSQL): the ``uptime-export``
source reads the whole export at each sync, with its format named; outage records
replace those the source stored before and samples those of the same instants, so a
repeat stores nothing twice; every sync is audited; a bad option is named and nothing
is stored."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import AuditEntry, Interruption, ObservedPeriod, Outage
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.sync.config import Source
from slaledger.adapters.sync.runner import sync_source
from tests.conftest import ROOT
from tests.integration.sync.test_sync import KEY

FIXTURES = ROOT / "tests" / "fixtures" / "uptime"
NOW = datetime(2024, 4, 1, tzinfo=UTC)


def _source(path: Path, **options: Any) -> Source:
    return Source(
        id="monitor",
        contract=KEY,
        service="solution",
        kind="uptime-export",
        interval_seconds=300,
        since=None,
        options={"path": str(path)} | options,
        where="sources.yaml line 3",
    )


def _count(sessions: sessionmaker[Session], model: type, *where: Any) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_uptimerobot_outages_synced_again_are_replaced_not_repeated(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    export = shutil.copy(FIXTURES / "uptimerobot-logs.csv", tmp_path / "logs.csv")
    source = _source(Path(export), format="uptimerobot", monitor="Web", timezone="Europe/Paris")
    first = sync_source(seeded, source, now=NOW)
    assert first.facts == 2  # the two outages of monitor Web
    with seeded() as session:
        stored = session.scalars(select(Outage).order_by(Outage.start)).all()
        assert [o.note for o in stored] == ["Connection Timeout", "503 Service Unavailable"]
        assert {o.service.name for o in stored} == {"solution"}
    periods = _count(seeded, ObservedPeriod, ObservedPeriod.origin == "outages")
    assert periods == 2  # watched except the paused hour

    again = sync_source(seeded, source, now=NOW)
    assert again.facts == 2
    assert _count(seeded, Outage) == 2
    assert _count(seeded, ObservedPeriod, ObservedPeriod.origin == "outages") == periods
    syncs = _count(seeded, AuditEntry, AuditEntry.action == "sync", AuditEntry.entity == "source")
    assert syncs == 2


def test_uptime_kuma_heartbeats_synced_again_store_the_same_interruptions(
    seeded: sessionmaker[Session], tmp_path: Path
) -> None:
    export = shutil.copy(FIXTURES / "uptimekuma-heartbeats.json", tmp_path / "beats.json")
    source = _source(Path(export), format="uptimekuma", monitor="1")
    assert sync_source(seeded, source, now=NOW).facts == 6
    once = _count(seeded, Interruption, Interruption.origin == "samples")
    assert once >= 1  # the export has down beats
    assert sync_source(seeded, source, now=NOW).facts == 6
    assert _count(seeded, Interruption, Interruption.origin == "samples") == once


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"format": "statuscake"}, "options.format"),  # never guessed, one of the known
        ({"format": "uptimerobot", "retries": 3}, "options.retries"),
    ],
)
def test_a_bad_export_option_is_named_and_nothing_is_stored(
    seeded: sessionmaker[Session], options: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError) as caught:
        sync_source(seeded, _source(FIXTURES / "uptimerobot-logs.csv", **options), now=NOW)
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == ("sources.yaml line 3", field)
    assert _count(seeded, Outage) == 0
