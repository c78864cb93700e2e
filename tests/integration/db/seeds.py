"""The seed contracts and their generated year, loaded into a store or read from files."""

from __future__ import annotations

from pathlib import Path

from slaledger.adapters.cli.values import declared_outages
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.observations import read_counts, read_maintenance, read_outages
from slaledger.domain.contract.contract import Contract
from slaledger.domain.observations import OutageTable
from slaledger.services.availability import Observations

ROOT = Path(__file__).resolve().parents[3]
CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"
STEMS = tuple(sorted(p.stem for p in CONTRACTS.glob("*.yaml")))


def seed(store: Store, stem: str) -> str:
    """Upload the seed ``stem`` and import its data; returns the contract key."""
    version = store.upload_contract_file(str(CONTRACTS / f"{stem}.yaml"), accept_lint_errors=True)
    key = version.contract.key
    folder = DATA / stem
    if (folder / "outages.csv").exists():
        store.import_outages(key, _outages(folder / "outages.csv", stem))
    if (folder / "maintenance.csv").exists():
        store.import_maintenance(key, read_maintenance(folder / "maintenance.csv"))
    if (folder / "counts.parquet").exists():
        store.import_counts(key, read_counts(folder / "counts.parquet"))
    if (folder / "events.csv").exists():
        store.import_events(key, read_events(folder / "events.csv"))
    return key


def _outages(path: Path, stem: str) -> OutageTable:
    """The records with the periods the folder's ``coverage.csv`` declares them complete for."""
    table = declared_outages(read_outages(path), (), contract(stem).timezone, path.parent)
    assert table is not None
    return table


def contract(stem: str) -> Contract:
    return load_contract(CONTRACTS / f"{stem}.yaml").contract


def file_observations(stem: str) -> Observations:
    """The observations as the file commands read them."""
    folder = DATA / stem

    def present(name: str) -> Path | None:
        path = folder / name
        return path if path.exists() else None

    outages, counts, maintenance = (
        present("outages.csv"),
        present("counts.parquet"),
        present("maintenance.csv"),
    )
    return Observations(
        outages=_outages(outages, stem) if outages else None,
        counts=read_counts(counts) if counts else None,
        maintenance=read_maintenance(maintenance) if maintenance else None,
    )
