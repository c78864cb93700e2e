"""Portable backups: a zip of JSON lines per table and a manifest; restores all or nothing.

Archive layout (format ``slaledger-backup`` version 1):
- ``manifest.json``: format, version, schema revision, creation instant, and per table
  its file, row count and the sha256 of that file;
- ``tables/<table>.jsonl``: one JSON object per row, in primary-key order; instants as
  UTC ISO-8601 (``2024-03-01T00:00:00.000000Z``), decimals as strings.
The same archive restores into SQLite or PostgreSQL. A restore goes into an empty
database only, checks every count and digest before writing, writes every table in one
transaction, and verifies the audit chain before committing.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Numeric, Table, func, insert, select, text
from sqlalchemy.orm import Session

from slaledger.adapters.db import audit
from slaledger.adapters.db.engine import current, known_revisions, make_engine, upgrade
from slaledger.adapters.db.models import TABLES, UTCDateTime

FORMAT = "slaledger-backup"
VERSION = 1
_CHUNK = 2000


class BackupError(ValueError):
    """A backup that cannot be restored here; nothing was written."""


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    sha256: str


def backup(
    url: str | None, file: str | Path, *, clock: datetime | None = None
) -> list[TableSummary]:
    """Write every table of the database at ``url`` into the archive ``file``."""
    revision = current(url)
    if revision is None:
        raise BackupError("the database has no schema yet (run: sla db upgrade)")
    engine = make_engine(url)
    summaries: list[TableSummary] = []
    try:
        with (
            engine.connect() as connection,
            zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            for table in TABLES:
                summaries.append(_dump(connection, table, archive))
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "schema_revision": revision,
                "created_at": _iso(clock or datetime.now(UTC)),
                "tables": {
                    s.name: {"file": _member(s.name), "rows": s.rows, "sha256": s.sha256}
                    for s in summaries
                },
            }
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
    finally:
        engine.dispose()
    return summaries


def _member(name: str) -> str:
    return f"tables/{name}.jsonl"


def _dump(connection: Connection, table: Table, archive: zipfile.ZipFile) -> TableSummary:
    digest = hashlib.sha256()
    rows = 0
    order = list(table.primary_key.columns)
    with archive.open(_member(table.name), "w") as handle:
        result = connection.execution_options(yield_per=_CHUNK).execute(
            select(table).order_by(*order)
        )
        for row in result.mappings():
            line = (
                json.dumps(_plain(dict(row)), sort_keys=True, ensure_ascii=False) + "\n"
            ).encode()
            digest.update(line)
            handle.write(line)
            rows += 1
    return TableSummary(table.name, rows, digest.hexdigest())


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, datetime):
            out[key] = _iso(value)
        elif isinstance(value, Decimal):
            out[key] = str(value)
        else:
            out[key] = value
    return out


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_manifest(file: str | Path) -> dict[str, Any]:
    """The manifest of an archive, checked for format and version."""
    try:
        with zipfile.ZipFile(file) as archive:
            manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, OSError) as exc:
        raise BackupError(f"{file}: not a slaledger backup ({exc})") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(
            f"{file}: expected format {FORMAT} version {VERSION}, found "
            f"{manifest.get('format')} version {manifest.get('version')}"
        )
    return dict(manifest)


def restore(url: str | None, file: str | Path) -> list[TableSummary]:
    """Load the archive ``file`` into the empty database at ``url``, all or nothing."""
    manifest = read_manifest(file)
    revision = str(manifest["schema_revision"])
    tables = {t.name: t for t in TABLES}
    unknown = sorted(set(manifest["tables"]) - set(tables))
    if unknown:
        raise BackupError(f"{file}: tables unknown to this version: {', '.join(unknown)}")
    if revision not in known_revisions():
        raise BackupError(f"{file}: schema {revision} is unknown to this version of slaledger")
    found = current(url)
    if found not in (None, revision):
        raise BackupError(
            f"the database is at schema {found} and the backup at {revision}: restore into "
            "a new, empty database"
        )
    upgrade(url, revision)
    engine = make_engine(url)
    try:
        with zipfile.ZipFile(file) as archive:
            _check_digests(archive, manifest, file)
            with engine.begin() as connection:
                _refuse_unless_empty(connection)
                summaries = [
                    _load(connection, tables[name], archive, manifest["tables"][name])
                    for name in (t.name for t in TABLES)
                    if name in manifest["tables"]
                ]
                _reset_sequences(connection)
                with Session(bind=connection) as session:
                    chain = audit.verify(session)
                if not chain.ok:
                    raise BackupError(
                        f"{file}: the audit chain does not verify: "
                        + "; ".join(str(b) for b in chain.breaks)
                    )
    finally:
        engine.dispose()
    upgrade(url)
    return summaries


def _check_digests(archive: zipfile.ZipFile, manifest: dict[str, Any], file: str | Path) -> None:
    for name, entry in manifest["tables"].items():
        digest = hashlib.sha256()
        rows = 0
        for line in _lines(archive, entry["file"], file):
            digest.update(line)
            rows += 1
        if rows != entry["rows"] or digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                f"{file}: table {name}: expected {entry['rows']} rows with sha256 "
                f"{entry['sha256'][:12]}…, found {rows} rows with sha256 {digest.hexdigest()[:12]}…"
            )


def _lines(archive: zipfile.ZipFile, member: str, file: str | Path) -> Iterator[bytes]:
    try:
        with archive.open(member) as raw:
            yield from raw
    except KeyError:
        raise BackupError(f"{file}: {member} is missing") from None


def _refuse_unless_empty(connection: Connection) -> None:
    filled = [
        f"{table.name} ({count} rows)"
        for table in TABLES
        if (count := connection.scalar(select(func.count()).select_from(table)) or 0)
    ]
    if filled:
        raise BackupError(
            "restore goes into an empty database only; this one has data: " + ", ".join(filled)
        )


def _load(
    connection: Connection, table: Table, archive: zipfile.ZipFile, entry: dict[str, Any]
) -> TableSummary:
    convert = {
        column.name: _converter(column.type)
        for column in table.columns
        if isinstance(column.type, UTCDateTime | Numeric)
    }
    batch: list[dict[str, Any]] = []
    for line in _lines(archive, entry["file"], entry["file"]):
        row = json.loads(line)
        for name, parse in convert.items():
            if row.get(name) is not None:
                row[name] = parse(row[name])
        batch.append(row)
        if len(batch) >= _CHUNK:
            connection.execute(insert(table), batch)
            batch = []
    if batch:
        connection.execute(insert(table), batch)
    return TableSummary(table.name, int(entry["rows"]), str(entry["sha256"]))


def _converter(kind: Any) -> Any:
    if isinstance(kind, UTCDateTime):
        return lambda text: datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return Decimal


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: move each id sequence past the restored ids."""
    if connection.dialect.name != "postgresql":
        return
    for table in TABLES:
        if "id" not in table.columns:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
