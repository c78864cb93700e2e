"""A store holding seed contract 001, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.store import Store
from tests.integration.db.seeds import CONTRACTS

SEED = "001-saas-annexes"


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with Store.transaction(sessions) as store:
        store.upload_contract_file(str(CONTRACTS / f"{SEED}.yaml"), accept_lint_errors=True)
    return sessions
