"""A backup archive holding what no ``sla backup`` writes is refused from its directory,
before anything is read from it or written (not even the schema): absolute paths, ``..``
members, symbolic links, unexpected, repeated or oversized members."""

from __future__ import annotations

import stat
import warnings
import zipfile
from pathlib import Path

import pytest

from slaledger.adapters.db.backup import BackupError, backup, restore
from slaledger.adapters.db.engine import current
from slaledger.adapters.db.store import Store

ABSOLUTE = "an absolute path"


def _link(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def _plain(name: str, data: bytes = b"x") -> tuple[zipfile.ZipInfo, bytes]:
    return zipfile.ZipInfo(name), data


@pytest.fixture
def archive(store: Store, database_url: str, tmp_path: Path) -> Path:
    store.ensure_customer("Globex")
    store.commit()
    path = tmp_path / "backup.zip"
    backup(database_url, path)
    return path


def _with(archive: Path, extra: tuple[zipfile.ZipInfo, bytes], tmp_path: Path) -> Path:
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of a duplicate name
            target.writestr(*extra)
    return hostile


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (_plain("/etc/cron.d/evil"), ABSOLUTE),
        (_plain("C:/Windows/evil.dll"), ABSOLUTE),
        (_plain("\\\\host\\share\\evil"), ABSOLUTE),
        (_plain("tables/../../evil.jsonl"), "a path out of the archive (..)"),
        (_plain("tables\\outage.jsonl"), "a backslash in its path"),
        (_link("tables/link", "/etc/passwd"), "a symbolic link"),
        (_link("tables/inside", "outage.jsonl"), "a symbolic link"),
        (_plain("tables/"), "a member no backup holds"),
        (_plain("notes.txt"), "a member no backup holds"),
        (_plain("manifest.json", b"{}"), "a second member of that name"),
    ],
)
def test_a_hostile_member_is_refused_before_anything_is_written(
    archive: Path, tmp_path: Path, extra: tuple[zipfile.ZipInfo, bytes], problem: str
) -> None:
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    hostile = _with(archive, extra, tmp_path)
    with pytest.raises(BackupError) as refused:
        restore(target, hostile)
    message = str(refused.value)
    assert message.startswith(f"{hostile}: member {extra[0].filename!r}: {problem}")
    assert message.endswith("refused, nothing was restored")
    assert current(target) is None
    assert not (tmp_path / "evil.jsonl").exists()


def test_a_member_over_the_size_limit_is_refused_by_its_declared_size(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    with zipfile.ZipFile(archive) as source:
        big = max(source.infolist(), key=lambda i: i.file_size)
    limit = big.file_size - 1  # only the largest member is over it
    monkeypatch.setenv("SLALEDGER_MAX_BACKUP_MEMBER_BYTES", str(limit))
    with pytest.raises(BackupError) as refused:
        restore(target, archive)
    assert f"member {big.filename!r}: {big.file_size:,} bytes uncompressed" in str(refused.value)
    assert f"expected at most {limit:,} (the limit SLALEDGER_MAX_BACKUP_MEMBER_BYTES" in str(
        refused.value
    )
    assert current(target) is None
    monkeypatch.delenv("SLALEDGER_MAX_BACKUP_MEMBER_BYTES")
    assert restore(target, archive)  # the same archive within the limit restores
