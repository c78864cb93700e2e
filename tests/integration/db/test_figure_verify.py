"""``sla figures verify``: stored months whose inputs are unchanged are trusted by their
fingerprint; a write that bypassed the store's marks, or an edited payload (``--full``),
is found by the recomputation and, with ``--fix``, marked dirty. A stored budget cell
edited behind the store's back is found (always recomputed) and, with ``--fix``, deleted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import insert, select, update

from slaledger.adapters.cli import figures_cmds
from slaledger.adapters.cli.main import cli
from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.db import budget_cells, figure_cache
from slaledger.adapters.db.engine import upgrade
from slaledger.adapters.db.figure_verify import verify
from slaledger.adapters.db.models import FigureCache, Outage, Service, StoredBudgetCell
from slaledger.adapters.db.store import Store, session_factory
from slaledger.adapters.files.observations import read_outages
from slaledger.domain.periods import Month

ROOT = Path(__file__).resolve().parents[3]
CLEAN = ROOT / "tests" / "fixtures" / "contracts" / "invented-clean.yaml"
KEY = "northwind-hosting-clean"
MONTHS = [Month(2025, 1), Month(2025, 2), Month(2025, 3)]
AT = datetime(2025, 4, 10, tzinfo=UTC)


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A contract observed all of 2025's first quarter, its three months stored."""
    address = f"sqlite:///{tmp_path / 'ledger.db'}"
    upgrade(address)
    csv = tmp_path / "outages.csv"
    csv.write_text(
        "service,start,end,category,reported_at,reference,note\n"
        "platform,2025-02-10T08:00:00+00:00,2025-02-10T09:30:00+00:00,unplanned,"
        "2025-02-10T08:00:00+00:00,OUT-1,\n"
    )
    with Store.transaction(session_factory(address), actor="tests") as store:
        store.upload_contract_file(str(CLEAN))
        covered = declared_outages(read_outages(csv), ["2024-01..2025-12"], "Europe/Berlin")
        assert covered is not None
        store.import_outages(KEY, covered)
    with Store.transaction(session_factory(address), actor="tests") as store:
        stored = figure_cache.cached_figures(store, KEY, MONTHS, at=int(AT.timestamp()))
        assert len(stored.computed) == 3
    return address


def _check(address: str, **options: bool) -> dict[str, list[str]]:
    with Store.transaction(session_factory(address), actor="tests") as store:
        verdict = verify(store, KEY, at=AT, **options)
    return {"unchanged": verdict.unchanged, "equal": verdict.equal, "differ": verdict.differing}


def test_unchanged_inputs_are_trusted_by_their_fingerprint(url: str) -> None:
    assert _check(url) == {
        "unchanged": ["2025-01", "2025-02", "2025-03"],
        "equal": [],
        "differ": [],
    }
    # --full recomputes them all, and finds them equal
    assert _check(url, full=True)["equal"] == ["2025-01", "2025-02", "2025-03"]


def test_a_write_behind_the_stores_back_is_found_and_fixed(url: str) -> None:
    factory = session_factory(url)
    with factory() as session, session.begin():  # an outage inserted without its marks
        service = session.scalar(select(Service.id))
        session.execute(
            insert(Outage).values(
                service_id=service,
                start=datetime(2025, 3, 4, 10, tzinfo=UTC),
                end=datetime(2025, 3, 4, 14, tzinfo=UTC),
                category="unplanned",
                reported_at=datetime(2025, 3, 4, 10, tzinfo=UTC),
                reference="BY-HAND",
            )
        )
    found = _check(url)
    assert found["unchanged"] == []  # the inputs' fingerprint changed for every month
    assert found["differ"] == ["2025-03"]
    assert found["equal"] == ["2025-01", "2025-02"]
    _check(url, fix=True)
    with factory() as session:
        dirty = dict(
            session.execute(
                select(FigureCache.month, FigureCache.dirty).where(FigureCache.month != "*")
            ).all()
        )
    assert dirty == {"2025-01": False, "2025-02": False, "2025-03": True}
    with Store.transaction(factory, actor="tests") as store:  # the next read recomputes it
        again = figure_cache.cached_figures(store, KEY, MONTHS, at=int(AT.timestamp()))
    assert again.computed == (Month(2025, 3),)
    assert _check(url, full=True)["differ"] == []


def test_the_command_reports_an_edited_payload_with_full_and_exits_1(url: str) -> None:
    factory = session_factory(url)
    with factory() as session, session.begin():
        payload = session.scalar(select(FigureCache.payload).where(FigureCache.month == "2025-02"))
        assert payload is not None
        edited = payload.replace("99.", "98.", 1)
        assert edited != payload
        session.execute(
            update(FigureCache).where(FigureCache.month == "2025-02").values(payload=edited)
        )
    runner = CliRunner()
    quick = runner.invoke(cli, ["figures", "verify", "--db", url])
    assert quick.exit_code == 0, quick.output  # the fingerprint cannot see a payload edit
    assert "3 month(s) unchanged" in quick.output
    full = runner.invoke(cli, ["figures", "verify", "--db", url, "--full", "--json"])
    assert full.exit_code == 1, full.output
    (line,) = full.output.splitlines()
    assert json.loads(line) == {
        "contract": KEY,
        "unchanged": [],
        "recomputed_equal": ["2025-01", "2025-03"],
        "differing": ["2025-02"],
        "marked_dirty": False,
        "budget_cells_equal": [],
        "budget_cells_differing": [],
        "budget_cells_deleted": False,
    }


class _Frozen(datetime):
    """The command's "now": AT."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _Frozen:
        return cls.fromtimestamp(AT.timestamp(), tz)


def test_a_budget_cell_edited_behind_the_stores_back_is_found_and_deleted(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(figures_cmds, "datetime", _Frozen)
    factory = session_factory(url)
    at = int(AT.timestamp())
    with Store.transaction(factory, actor="tests") as store:  # April's cell, stored
        asked = budget_cells.asked_of(store, KEY)
        cell = budget_cells.budget_cells(store, [asked], at=at)[KEY]
    assert cell is not None
    assert _cells(url) == (["2025-04"], [])
    with factory() as session, session.begin():
        payload = session.scalar(select(StoredBudgetCell.payload))
        assert payload is not None
        edited = payload.replace(f"{cell.consumed_seconds}", f"{cell.consumed_seconds + 60}", 1)
        assert edited != payload
        session.execute(update(StoredBudgetCell).values(payload=edited))
    assert _cells(url) == ([], ["2025-04"])
    runner = CliRunner()
    found = runner.invoke(cli, ["figures", "verify", "--db", url, "--full"])
    assert found.exit_code == 1, found.output
    assert "1 differing (2025-04: run with --fix to delete them)" in found.output
    fixed = runner.invoke(cli, ["figures", "verify", "--db", url, "--fix"])
    assert fixed.exit_code == 1, fixed.output
    assert "(2025-04: deleted)" in fixed.output
    with factory() as session:
        assert session.scalar(select(StoredBudgetCell)) is None
    with Store.transaction(factory, actor="tests") as store:  # the next read stores it again
        assert budget_cells.budget_cells(store, [budget_cells.asked_of(store, KEY)], at=at) == {
            KEY: cell
        }
    assert _cells(url) == (["2025-04"], [])


def _cells(address: str) -> tuple[list[str], list[str]]:
    with Store.transaction(session_factory(address), actor="tests") as store:
        verdict = verify(store, KEY, at=AT)
    return verdict.cells_equal, verdict.cells_differing
