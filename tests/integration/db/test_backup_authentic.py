"""Authentic backups: the manifest is signed with a key kept outside the archive and
the database; an archive altered and re-digested, one without its audit log, one whose
rows disagree with the audit log, and every kind of malformed archive are refused with
a clear error, and nothing is written."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db.backup import BackupError, backup, restore
from slaledger.adapters.db.backup_key import BackupKey, load_key
from slaledger.adapters.db.models import TABLES
from slaledger.adapters.db.store import Store, session_factory
from tests.integration.conftest import fresh_postgres_database, store_template
from tests.integration.db.seeds import seed
from tests.integration.templates import Template, TemplateFactory

Members = dict[str, bytes]


@pytest.fixture(scope="session")
def backup_authentic_template(template_factory: TemplateFactory) -> Template:
    return store_template(template_factory, "backup-authentic", _fill)


@pytest.fixture
def seeded(database_url: str, backup_authentic_template: Template) -> str:
    """The database at ``database_url``: PREVISOFT's year, two users and a token (a copy
    of ``backup_authentic_template``)."""
    return database_url


def _fill(store: Store) -> None:
    seed(store, "003-previsoft")
    store.ensure_customer("Globex")
    store.add_user("viewer@globex.example", role="customer-viewer", customer="Globex")
    store.add_user("admin@provider.example", role="provider-admin")
    store.create_token("viewer@globex.example", name="ci")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture
def archive(seeded: str, tmp_path: Path) -> Path:
    path = tmp_path / "backup.zip"
    backup(seeded, path)
    return path


def _members(path: Path) -> Members:
    with zipfile.ZipFile(path) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def _write(path: Path, members: Members) -> Path:
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


def _redigest(members: Members, *, key: BackupKey | None = None) -> Members:
    """Recompute every table's count and sha256 in the manifest (what a forger does),
    and sign it again when given a key."""
    manifest = json.loads(members["manifest.json"])
    for name, entry in list(manifest["tables"].items()):
        data = members.get(entry["file"])
        if data is None:
            del manifest["tables"][name]
            continue
        entry["rows"] = data.count(b"\n")
        entry["sha256"] = hashlib.sha256(data).hexdigest()
    body = json.dumps(manifest, indent=2, sort_keys=True).encode()
    members["manifest.json"] = body
    if key is not None:
        signed = json.loads(members["manifest.sig"])
        signed["signature"] = key.sign(body)
        members["manifest.sig"] = json.dumps(signed).encode()
    return members


def _edit_rows(members: Members, table: str, edit: Callable[[dict], dict | None]) -> None:
    lines = members[f"tables/{table}.jsonl"].decode().splitlines()
    rows = [edit(json.loads(line)) for line in lines]
    members[f"tables/{table}.jsonl"] = "".join(
        json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in rows if r is not None
    ).encode()


def _promote_viewer(row: dict) -> dict:
    if row["email"] == "viewer@globex.example":
        return row | {"role": "provider-admin", "customer_id": None}
    return row


def _empty(url: str) -> bool:
    factory = session_factory(url)
    try:
        with factory() as session:
            tables = [t for t in TABLES]
            try:
                return all(session.execute(select(t).limit(1)).first() is None for t in tables)
            except Exception:
                return True
    finally:
        factory.kw["bind"].dispose()


def _refused(target_url: str, path: Path, match: str) -> str:
    with pytest.raises(BackupError, match=match) as excinfo:
        restore(target_url, path)
    assert _empty(target_url)
    return str(excinfo.value)


# ------------------------------------------------------------ authenticity
def test_a_role_changed_and_the_manifest_re_digested_is_refused(
    archive: Path, target_url: str, tmp_path: Path
) -> None:
    """The issue: a customer-viewer made provider-admin, digests recomputed, restored."""
    members = _members(archive)
    _edit_rows(members, "user_account", _promote_viewer)
    forged = _write(tmp_path / "forged.zip", _redigest(members))
    _refused(target_url, forged, "the signature does not match the manifest")


def test_a_role_changed_and_re_signed_with_the_key_is_refused_by_the_audit_log(
    archive: Path, target_url: str, tmp_path: Path
) -> None:
    """Even with the key (an insider), the rows must be what the audit log says."""
    members = _members(archive)
    _edit_rows(members, "user_account", _promote_viewer)
    forged = _write(tmp_path / "forged.zip", _redigest(members, key=load_key()))
    message = _refused(target_url, forged, "the data is not what the audit log says")
    assert "user_account row 1: changed outside the ledger" in message


def test_a_planted_admin_token_is_refused(archive: Path, target_url: str, tmp_path: Path) -> None:
    members = _members(archive)
    planted = {
        "id": 99,
        "user_id": 2,
        "name": "planted",
        "token_hash": "f" * 64,
        "prefix": "sla_evil",
        "created_at": "2024-01-01T00:00:00.000000Z",
        "revoked_at": None,
        "expires_at": None,
        "scope": "write",
        "contracts": "",
        "previous_hash": None,
        "previous_until": None,
    }
    members["tables/api_token.jsonl"] += (json.dumps(planted, sort_keys=True) + "\n").encode()
    _refused(target_url, _write(tmp_path / "a.zip", _redigest(members)), "signature")
    signed = _write(tmp_path / "b.zip", _redigest(members, key=load_key()))
    message = _refused(target_url, signed, "audit log")
    assert "api_token row 99: added outside the ledger" in message


def test_an_archive_without_the_audit_log_is_refused(
    archive: Path, target_url: str, tmp_path: Path
) -> None:
    """It restored with "0 entries"."""
    members = _members(archive)
    del members["tables/audit_entry.jsonl"]
    del members["tables/audit_data.jsonl"]
    forged = _write(tmp_path / "no-audit.zip", _redigest(members, key=load_key()))
    message = _refused(target_url, forged, "tables missing from the archive")
    assert "audit_data, audit_entry" in message


def test_an_archive_signed_with_another_key_names_both_keys(
    archive: Path, target_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    signer = load_key().key_id
    monkeypatch.setenv("SLALEDGER_BACKUP_KEY", "another key, long enough for a backup key")
    message = _refused(target_url, archive, "signed with the key")
    assert signer in message
    assert load_key().key_id in message


def test_a_restore_without_any_key_says_where_to_put_it(
    archive: Path, target_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SLALEDGER_BACKUP_KEY_FILE", str(tmp_path / "nowhere.key"))
    _refused(target_url, archive, "no backup key: expected the key that signed the archive")


def test_the_first_backup_creates_a_private_key_file(
    seeded: str, tmp_path: Path, backup_key_file: Path
) -> None:
    result = CliRunner().invoke(cli, ["backup", str(tmp_path / "b.zip"), "--db", seeded])
    assert result.exit_code == 0, result.output
    assert f"created the backup key {backup_key_file}" in result.output
    assert backup_key_file.stat().st_mode & 0o777 == 0o600
    again = CliRunner().invoke(cli, ["backup", str(tmp_path / "c.zip"), "--db", seeded])
    assert "created" not in again.output
    assert load_key().key_id in again.output


# ---------------------------------------------------------------- malformed
def _manifest_edit(edit: Callable[[dict], object]) -> Callable[[Members], None]:
    def change(members: Members) -> None:
        manifest = json.loads(members["manifest.json"])
        edit(manifest)
        body = json.dumps(manifest).encode()
        members["manifest.json"] = body
        signed = json.loads(members["manifest.sig"])
        signed["signature"] = load_key().sign(body)  # signed: the shape is what fails
        members["manifest.sig"] = json.dumps(signed).encode()

    return change


def _set(members: Members, name: str, data: bytes) -> None:
    members[name] = data


MALFORMED: list[tuple[str, Callable[[Members], None], str]] = [
    ("no manifest", lambda m: m.pop("manifest.json"), "manifest.json is missing"),
    ("no signature", lambda m: m.pop("manifest.sig"), "manifest.sig is missing"),
    ("manifest not JSON", lambda m: _set(m, "manifest.json", b"{oops"), "expected JSON"),
    ("manifest a list", lambda m: _set(m, "manifest.json", b"[]"), "expected a JSON object"),
    ("signature not JSON", lambda m: _set(m, "manifest.sig", b"\xff"), "manifest.sig: expected"),
    (
        "old unsigned version",
        _manifest_edit(lambda d: d.update(version=1)),
        "found version 1 \\(unsigned",
    ),
    ("no tables", _manifest_edit(lambda d: d.pop("tables")), "expected the tables"),
    (
        "rows not a number",
        _manifest_edit(lambda d: d["tables"]["outage"].update(rows="many")),
        "table outage: expected its file",
    ),
    (
        "member elsewhere",
        _manifest_edit(lambda d: d["tables"]["outage"].update(file="../../etc/passwd")),
        "table outage: expected its file tables/outage.jsonl",
    ),
    ("unknown revision", _manifest_edit(lambda d: d.update(schema_revision="9999")), "unknown"),
    (
        "unknown table",
        _manifest_edit(
            lambda d: d["tables"].update(evil=d["tables"]["outage"] | {"file": "tables/evil.jsonl"})
        ),
        "unknown to this version",
    ),
    ("member missing", lambda m: m.pop("tables/outage.jsonl"), "tables/outage.jsonl is missing"),
]


@pytest.mark.parametrize(("case", "damage", "match"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_each_kind_of_malformed_archive_is_a_clear_error(
    archive: Path,
    target_url: str,
    tmp_path: Path,
    case: str,
    damage: Callable[[Members], None],
    match: str,
) -> None:
    members = _members(archive)
    damage(members)
    _refused(target_url, _write(tmp_path / "bad.zip", members), match)


ROW_DAMAGE: list[tuple[str, Callable[[dict], dict | None], str]] = [
    ("a line not JSON", lambda r: None, "line 1: expected"),  # replaced below
    ("an unknown column", lambda r: r | {"evil": 1}, "expected the columns"),
    (
        "a column missing",
        lambda r: {k: v for k, v in r.items() if k != "note"},
        "expected the columns",
    ),
    ("a bad instant", lambda r: r | {"start": "yesterday"}, "start: expected an instant"),
    ("a duplicate id", lambda r: r | {"id": 1}, "rows the database refuses"),
]


@pytest.mark.parametrize(("case", "damage", "match"), ROW_DAMAGE, ids=[c[0] for c in ROW_DAMAGE])
def test_each_kind_of_malformed_row_is_a_clear_error(
    archive: Path,
    target_url: str,
    tmp_path: Path,
    case: str,
    damage: Callable[[dict], dict | None],
    match: str,
) -> None:
    members = _members(archive)
    if case == "a line not JSON":
        members["tables/outage.jsonl"] = b"{not json\n" + members["tables/outage.jsonl"]
    else:
        _edit_rows(members, "outage", damage)
    forged = _write(tmp_path / "bad.zip", _redigest(members, key=load_key()))
    _refused(target_url, forged, match)


def test_a_file_that_is_not_a_zip_is_a_clear_error(target_url: str, tmp_path: Path) -> None:
    path = tmp_path / "not.zip"
    path.write_bytes(b"PK\x03\x04 truncated")
    _refused(target_url, path, "not a readable zip archive")


def test_sla_restore_of_a_forged_archive_exits_1_without_a_traceback(
    archive: Path, tmp_path: Path
) -> None:
    members = _members(archive)
    _edit_rows(members, "user_account", _promote_viewer)
    forged = _write(tmp_path / "forged.zip", _redigest(members))
    target = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(cli, ["restore", str(forged), "--db", target])
    assert result.exit_code == 1
    assert "the signature does not match the manifest" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "sql_text",
    [
        pytest.param("'a' || char(0) || 'b'", id="NUL"),
        pytest.param("'a' || char(27) || 'b'", id="ESC"),
        pytest.param("'a' || char(133) || 'b'", id="C1 NEL"),
    ],
)
def test_a_sqlite_backup_holding_a_control_character_is_refused_before_anything_is_written(
    tmp_path: Path, target_url: str, sql_text: str
) -> None:
    """A control character written before text fields refused them (SQLite stores it,
    PostgreSQL cannot store a NUL) made the restore into PostgreSQL fail with a driver
    error; now the archive is refused on both databases before even the schema is
    created, naming the table's file, the line and the column."""
    from slaledger.adapters.db.engine import current, upgrade

    source = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(source)
    factory = session_factory(source)
    try:
        with Store.transaction(factory, actor="test") as store:
            seed(store, "003-previsoft")
        with Store.transaction(factory, actor="test") as store:
            # raw SQL: the text guard refuses it through SQLAlchemy statements
            store.session.connection().exec_driver_sql(
                f"UPDATE outage SET note = {sql_text} WHERE id = 3"
            )
    finally:
        factory.kw["bind"].dispose()
    path = tmp_path / "old.zip"
    backup(source, path)
    message = _refused(target_url, path, "no stored text may hold a control character")
    assert "tables/outage.jsonl line 3: note: U+00" in message
    assert current(target_url) is None  # not even the schema was written
