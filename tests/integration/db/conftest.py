"""Storage tests sign backups with a key of their own, never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def backup_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The backup key file of the test (created by the first backup)."""
    path = tmp_path / "config" / "backup.key"
    monkeypatch.delenv("SLALEDGER_BACKUP_KEY", raising=False)
    monkeypatch.setenv("SLALEDGER_BACKUP_KEY_FILE", str(path))
    return path
