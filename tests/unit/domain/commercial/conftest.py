"""The seed contracts, loaded once for the commercial tests."""

from __future__ import annotations

import pytest

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.domain.contract.contract import Contract
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def seeds() -> dict[str, Contract]:
    return {
        path.stem.split("-", 1)[0]: load_contract(path).contract
        for path in sorted((ROOT / "examples" / "contracts").glob("00*.yaml"))
    }
