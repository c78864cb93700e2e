"""Portable, signed backups: a zip of JSON lines per table, a manifest and its
signature; restores all or nothing.

Archive layout (format ``slaledger-backup`` version 2):
- ``manifest.json``: format, version, schema revision, creation instant, and per table
  its file, row count and the sha256 of that file;
- ``manifest.sig``: ``{"algorithm": "HMAC-SHA256", "key_id": ..., "signature": ...}``,
  the HMAC of ``manifest.json``'s bytes under the backup key (adapters/db/backup_key.py),
  which is kept outside the archive and the database;
- ``tables/<table>.jsonl``: one JSON object per row, in primary-key order; instants as
  UTC ISO-8601 (``2024-03-01T00:00:00.000000Z``), decimals as strings.
The same archive restores into SQLite or PostgreSQL. A restore checks the members
(``backup_members``: no absolute, ``..``, linked, unexpected or oversized one), the
signature, that every table of the schema is there (the audit log's included), every count and
digest and that no text holds a control character (before anything is written, the
schema included), and every row's columns; it goes into an empty database only,
writes every table in one transaction, and verifies the audit chain and that every row
is the one the audit log says was written (``audit_data.verify_data``) before
committing. Any malformed archive is a BackupError naming what is wrong, never a
traceback.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Numeric, Table, func, insert, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from slaledger.adapters.db import audit, audit_data
from slaledger.adapters.db.backup_key import ALGORITHM, BackupKey, BackupKeyError, load_key
from slaledger.adapters.db.backup_members import check_members
from slaledger.adapters.db.engine import current, head, known_revisions, make_engine, upgrade
from slaledger.adapters.db.models import TABLES, UTCDateTime
from slaledger.adapters.files.limits import control_character

FORMAT = "slaledger-backup"
VERSION = 2
_CHUNK = 2000
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
#: the longest manifest and row line read (a row holds at most a contract's text or one
#: audit entry's digests)
_MAX_MANIFEST = 1 << 20
_MAX_LINE = 256 << 20
#: a row line that may hold a control character: an escaped one (C0, DEL, C1) or a raw
#: DEL or C1 (UTF-8); each hit is then checked on the decoded row
_MAYBE_CONTROL = re.compile(rb"\\u00|\x7f|\xc2[\x80-\x9f]")


class BackupError(ValueError):
    """A backup that cannot be restored here; nothing was written."""


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    sha256: str


def backup(
    url: str | None,
    file: str | Path,
    *,
    clock: datetime | None = None,
    key: BackupKey | None = None,
) -> list[TableSummary]:
    """Write every table of the database at ``url`` into the archive ``file``, signed
    with ``key`` (default: the backup key, created if there is none)."""
    revision = current(url)
    if revision is None:
        raise BackupError("the database has no schema yet (run: sla db upgrade)")
    if revision != head():
        raise BackupError(
            f"the database is at schema {revision}, not the latest {head()}: run sla db "
            "upgrade, then back it up"
        )
    key = key or _key(create=True)
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
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            archive.writestr(MANIFEST, body)
            signature = {"algorithm": ALGORITHM, "key_id": key.key_id, "signature": key.sign(body)}
            archive.writestr(SIGNATURE, json.dumps(signature, indent=2, sort_keys=True))
    finally:
        engine.dispose()
    return summaries


def _member(name: str) -> str:
    return f"tables/{name}.jsonl"


def _check_members(archive: zipfile.ZipFile, file: str | Path) -> None:
    """No absolute, ``..`` or linked member, nothing unexpected or oversized."""
    names = [MANIFEST, SIGNATURE, *(_member(t.name) for t in TABLES)]
    check_members(archive, file, names, BackupError)


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


def _key(*, create: bool) -> BackupKey:
    try:
        return load_key(create=create)
    except BackupKeyError as exc:
        raise BackupError(str(exc)) from None


def read_manifest(file: str | Path, *, key: BackupKey | None = None) -> dict[str, Any]:
    """The manifest of an archive, its signature verified with ``key`` (default: the
    backup key) and its shape checked."""
    try:
        with zipfile.ZipFile(file) as archive:
            _check_members(archive, file)
            body = _member_bytes(archive, MANIFEST, file, _MAX_MANIFEST)
            signed = _member_bytes(archive, SIGNATURE, file, _MAX_MANIFEST, required=False)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        raise BackupError(f"{file}: not a readable zip archive ({exc})") from None
    if body is None:  # pragma: no cover - a required member raised already
        raise BackupError(f"{file}: {MANIFEST} is missing")
    manifest = _json_object(body, f"{file}: {MANIFEST}")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{file}: expected a {FORMAT} archive, found format {manifest.get('format')!r}"
        )
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{file}: expected {FORMAT} version {VERSION} (signed), found version "
            f"{manifest.get('version')!r}"
            + (
                " (unsigned: made before backups were signed)"
                if manifest.get("version") == 1
                else ""
            )
        )
    if signed is None:
        raise BackupError(f"{file}: {SIGNATURE} is missing: the archive is not signed")
    _check_signature(
        _json_object(signed, f"{file}: {SIGNATURE}"), body, file, key or _key(create=False)
    )
    _check_shape(manifest, file)
    return manifest


def _member_bytes(
    archive: zipfile.ZipFile, name: str, file: str | Path, limit: int, *, required: bool = True
) -> bytes | None:
    try:
        with archive.open(name) as handle:
            data = handle.read(limit + 1)
    except KeyError:
        if not required:
            return None
        raise BackupError(f"{file}: {name} is missing: not a {FORMAT} archive") from None
    if len(data) > limit:
        raise BackupError(f"{file}: {name}: expected at most {limit} bytes, found more")
    return data


def _json_object(data: bytes | None, where: str) -> dict[str, Any]:
    try:
        value = json.loads(data or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{where}: expected JSON, found {exc}") from None
    if not isinstance(value, dict):
        raise BackupError(f"{where}: expected a JSON object, found {type(value).__name__}")
    return value


def _check_signature(signed: dict[str, Any], body: bytes, file: str | Path, key: BackupKey) -> None:
    if signed.get("algorithm") != ALGORITHM or not isinstance(signed.get("signature"), str):
        raise BackupError(
            f"{file}: {SIGNATURE}: expected an {ALGORITHM} signature, found "
            f"{signed.get('algorithm')!r}"
        )
    if key.verifies(body, signed["signature"]):
        return
    other = signed.get("key_id")
    if other != key.key_id:
        raise BackupError(
            f"{file}: signed with the key {other!r}, not with this backup key "
            f"({key.key_id}, from {key.origin}): restore with the key that made it"
        )
    raise BackupError(
        f"{file}: the signature does not match the manifest: the archive was altered "
        "after it was signed"
    )


def _check_shape(manifest: dict[str, Any], file: str | Path) -> None:
    if not isinstance(manifest.get("schema_revision"), str):
        raise BackupError(f"{file}: {MANIFEST}: expected a schema_revision, found none")
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise BackupError(f"{file}: {MANIFEST}: expected the tables and their digests")
    for name, entry in tables.items():
        fine = (
            isinstance(entry, dict)
            and entry.get("file") == _member(str(name))
            and isinstance(entry.get("rows"), int)
            and not isinstance(entry.get("rows"), bool)
            and entry["rows"] >= 0
            and isinstance(entry.get("sha256"), str)
            and len(entry["sha256"]) == 64
        )
        if not fine:
            raise BackupError(
                f"{file}: {MANIFEST}: table {name}: expected its file {_member(str(name))}, "
                f"a number of rows and a sha256, found {json.dumps(entry)[:200]}"
            )


def restore(
    url: str | None, file: str | Path, *, key: BackupKey | None = None
) -> list[TableSummary]:
    """Load the signed archive ``file`` into the empty database at ``url``, all or
    nothing, after checking its signature, tables, digests, audit chain and data."""
    manifest = read_manifest(file, key=key)
    revision = str(manifest["schema_revision"])
    tables = {t.name: t for t in TABLES}
    listed = manifest["tables"]
    unknown = sorted(set(listed) - set(tables))
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
    try:
        with zipfile.ZipFile(file) as archive:
            # before anything is written, the schema included: the members again (the
            # file may have changed since), the digests, and no control character in
            # any text (neither database takes one, see text_guard)
            _check_members(archive, file)
            _check_digests(archive, manifest, file)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{file}: not a readable zip archive ({exc})") from None
    upgrade(url, revision)
    engine = make_engine(url)
    try:
        with zipfile.ZipFile(file) as archive, engine.begin() as connection:
            _require_every_table(connection, listed, file)
            _refuse_unless_empty(connection)
            summaries = [
                _load(connection, tables[name], archive, listed[name], file)
                for name in (t.name for t in TABLES)
                if name in listed
            ]
            _reset_sequences(connection)
            _verify_ledger(connection, file, data=revision == head())
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{file}: not a readable zip archive ({exc})") from None
    finally:
        engine.dispose()
    upgrade(url)
    return summaries


def _require_every_table(connection: Connection, listed: dict[str, Any], file: str | Path) -> None:
    """Every table of the schema at the archive's revision, the audit log's included: an
    archive without some table would restore a database without its history."""
    present = set(inspect(connection).get_table_names()) - {"alembic_version"}
    missing = sorted(present - set(listed))
    if missing:
        raise BackupError(f"{file}: tables missing from the archive: {', '.join(missing)}")
    absent = sorted(set(listed) - present)
    if absent:
        raise BackupError(
            f"{file}: tables the archive's schema revision does not have: {', '.join(absent)}"
        )


def _verify_ledger(connection: Connection, file: str | Path, *, data: bool) -> None:
    """The audit chain, and (at the latest schema, which every signed archive has so
    far) each row against what the audit log says was written."""
    with Session(bind=connection) as session:
        chain = audit.verify(session)
        if not chain.ok:
            raise BackupError(
                f"{file}: the audit chain does not verify: "
                + "; ".join(str(b) for b in chain.breaks)
            )
        if not data:
            return
        found = audit_data.verify_data(session)
    _refuse_breaks(found, file)


def _refuse_breaks(data: audit_data.DataVerification, file: str | Path) -> None:
    if not data.ok:
        more = f" (and {data.unlisted} more)" if data.unlisted else ""
        listed = "; ".join(str(b) for b in data.breaks[:20])
        extra = len(data.breaks) - 20
        raise BackupError(
            f"{file}: the data is not what the audit log says was written: {listed}"
            + (f"; {extra} more listed by sla audit verify --data" if extra > 0 else "")
            + more
        )


def _check_digests(archive: zipfile.ZipFile, manifest: dict[str, Any], file: str | Path) -> None:
    for name, entry in manifest["tables"].items():
        digest = hashlib.sha256()
        rows = 0
        for line in _lines(archive, entry["file"], file):
            digest.update(line)
            rows += 1
            if _MAYBE_CONTROL.search(line) is not None:
                _refuse_control_characters(line, f"{file}: {entry['file']} line {rows}")
        if rows != entry["rows"] or digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                f"{file}: table {name}: expected {entry['rows']} rows with sha256 "
                f"{entry['sha256'][:12]}…, found {rows} rows with sha256 {digest.hexdigest()[:12]}…"
            )


def _refuse_control_characters(line: bytes, where: str) -> None:
    """A BackupError naming the column whose text holds a control character."""
    try:
        row = json.loads(line)
    except ValueError:
        return  # named when the rows are read
    if not isinstance(row, dict):
        return
    for name, value in sorted(row.items()):
        found = control_character(value) if isinstance(value, str) else None
        if found is not None:
            raise BackupError(
                f"{where}: {name}: {found}: no stored text may hold a control character "
                "(NUL among them; PostgreSQL cannot store it): remove it in the source "
                "database and back up again; nothing was restored"
            )


def _lines(archive: zipfile.ZipFile, member: str, file: str | Path) -> Iterator[bytes]:
    try:
        with archive.open(member) as raw:
            while line := raw.readline(_MAX_LINE + 1):
                if len(line) > _MAX_LINE:
                    raise BackupError(f"{file}: {member}: a line over {_MAX_LINE} bytes")
                yield line
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
    connection: Connection,
    table: Table,
    archive: zipfile.ZipFile,
    entry: dict[str, Any],
    file: str | Path,
) -> TableSummary:
    convert = {
        column.name: _converter(column.type)
        for column in table.columns
        if isinstance(column.type, UTCDateTime | Numeric)
    }
    columns = {column.name for column in table.columns}
    batch: list[dict[str, Any]] = []
    where = f"{file}: {entry['file']}"
    for number, line in enumerate(_lines(archive, entry["file"], file), start=1):
        row = _json_object(line, f"{where} line {number}")
        if set(row) != columns:
            raise BackupError(
                f"{where} line {number}: expected the columns {', '.join(sorted(columns))}, "
                f"found {', '.join(sorted(map(str, row)))}"
            )
        for name, value in row.items():
            if name in convert and value is not None:
                try:
                    row[name] = convert[name](value)
                except (ValueError, TypeError, ArithmeticError):
                    kind = isinstance(table.c[name].type, UTCDateTime)
                    raise BackupError(
                        f"{where} line {number}: {name}: expected "
                        f"{'an instant' if kind else 'a number'}, found {json.dumps(value)[:60]}"
                    ) from None
        batch.append(row)
        if len(batch) >= _CHUNK:
            _insert(connection, table, batch, where)
            batch = []
    if batch:
        _insert(connection, table, batch, where)
    return TableSummary(table.name, int(entry["rows"]), str(entry["sha256"]))


def _insert(connection: Connection, table: Table, batch: list[dict[str, Any]], where: str) -> None:
    try:  # no savepoint (pysqlite would commit it): the whole restore rolls back
        connection.execute(insert(table), batch)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise BackupError(f"{where}: rows the database refuses ({reason})") from None


def _converter(kind: Any) -> Any:
    if isinstance(kind, UTCDateTime):
        return lambda text: datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return lambda text: Decimal(str(text))


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
