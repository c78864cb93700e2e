"""Anchors outside the database: whoever holds the database rewrites the chain after an
entry and recomputes every hash, so that plain ``sla audit verify`` passes; the chain
head a statement printed and the signed checkpoints still catch it, and name where."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from slaledger.adapters.cli.main import cli
from slaledger.adapters.db import audit
from slaledger.adapters.db.audit_checkpoints import (
    CheckpointError,
    check_anchors,
    check_checkpoints,
    read_checkpoints,
    write_checkpoint,
)
from slaledger.adapters.db.audit_key import generate, load_verifying, public_path
from slaledger.adapters.db.models import AuditEntry
from slaledger.adapters.db.store import Store

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _writes(store: Store, names: list[str]) -> None:
    for name in names:
        store.ensure_customer(name)
    store.commit()


def _rewrite_after(store: Store, seq: int) -> None:
    """What an attacker holding the database does: change entry ``seq`` and recompute
    its hash and every later one, each chained to the one before."""
    entries = list(store.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    prev = audit.GENESIS
    for entry in entries:
        if entry.seq == seq:
            entry.payload = '{"name":"Forged customer"}'
        if entry.seq >= seq:
            entry.prev_hash = prev
            entry.hash = audit.entry_hash(
                seq=entry.seq,
                at=entry.at,
                actor=entry.actor,
                action=entry.action,
                entity=entry.entity,
                entity_id=entry.entity_id,
                payload=entry.payload,
                prev_hash=prev,
            )
        prev = entry.hash
    store.commit()


def _head(store: Store) -> tuple[int, str]:
    result = audit.verify(store.session)
    return result.entries, result.last_hash


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "audit.key"
    generate(path)
    return path


def test_a_rewritten_chain_passes_plain_verify_but_not_the_anchor(store: Store) -> None:
    _writes(store, ["Globex", "Initech", "Umbrella"])
    anchor = _head(store)  # what a statement printed
    _writes(store, ["Hooli"])
    assert check_anchors(store.session, [anchor]) == []
    _rewrite_after(store, 2)
    assert audit.verify(store.session).ok  # every hash recomputed: the chain verifies
    [problem] = check_anchors(store.session, [anchor])
    assert problem.startswith(f"anchor 3:{anchor[1][:16]}…: entry 3 has hash ")
    assert problem.endswith("the log up to entry 3 was rewritten")


def test_an_anchor_past_a_truncated_log_is_named(store: Store) -> None:
    _writes(store, ["Globex"])
    [problem] = check_anchors(store.session, [(5, "a" * 64)])
    assert "the log has no entry 5 (removed)" in problem


def test_checkpoints_catch_the_rewrite_and_bracket_it(
    store: Store, key_file: Path, tmp_path: Path
) -> None:
    from slaledger.adapters.db.audit_key import load_signing

    key, file = load_signing(key_file), tmp_path / "checkpoints.jsonl"
    _writes(store, ["Globex", "Initech"])
    first = write_checkpoint(store.session, key, file, AT)
    _writes(store, ["Umbrella", "Hooli"])
    second = write_checkpoint(store.session, key, file, AT)
    assert (first and first.seq, second and second.seq) == (2, 4)
    public = load_verifying(public_path(key_file))
    assert check_checkpoints(store.session, read_checkpoints(file), public) == []
    _rewrite_after(store, 3)
    assert audit.verify(store.session).ok
    [problem] = check_checkpoints(store.session, read_checkpoints(file), public)
    assert problem.startswith("checkpoint 2 (entry 4, 2026-03-01T09:00:00.000000Z): entry 4 has")
    assert problem.endswith(
        "the log was rewritten after entry 2 (the last checkpoint that matches) up to entry 4"
    )
    # the next scheduled checkpoint refuses to bless the rewritten log
    _writes(store, ["Pied Piper"])
    with pytest.raises(CheckpointError, match=r"checkpoint 2 \(entry 4.*no checkpoint signed"):
        write_checkpoint(store.session, key, file, AT)


def test_a_forged_or_foreign_signature_is_refused(
    store: Store, key_file: Path, tmp_path: Path
) -> None:
    from slaledger.adapters.db.audit_key import load_signing

    key, file = load_signing(key_file), tmp_path / "checkpoints.jsonl"
    _writes(store, ["Globex", "Initech"])
    write_checkpoint(store.session, key, file, AT)
    _rewrite_after(store, 1)
    # the attacker writes a checkpoint of the rewritten head, without the key
    line = json.loads(file.read_text("utf-8"))
    line["hash"] = _head(store)[1]
    file.write_text(json.dumps(line) + "\n", "utf-8")
    public = load_verifying(public_path(key_file))
    [forged] = check_checkpoints(store.session, read_checkpoints(file), public)
    assert forged.startswith("checkpoint 1 (entry 2): the signature does not verify with ")
    assert forged.endswith("forged or altered, refused")
    # or signs it with a key of their own
    other = tmp_path / "other.key"
    write_checkpoint(store.session, generate(other), tmp_path / "theirs.jsonl", AT)
    [foreign] = check_checkpoints(
        store.session, read_checkpoints(tmp_path / "theirs.jsonl"), public
    )
    assert "signed by key" in foreign
    assert f"not by {public.key_id}" in foreign


def test_nothing_new_writes_no_checkpoint_and_a_broken_chain_none_at_all(
    store: Store, key_file: Path, tmp_path: Path
) -> None:
    from slaledger.adapters.db.audit_key import load_signing

    key, file = load_signing(key_file), tmp_path / "checkpoints.jsonl"
    with pytest.raises(CheckpointError, match="empty"):
        write_checkpoint(store.session, key, file, AT)
    _writes(store, ["Globex"])
    assert write_checkpoint(store.session, key, file, AT) is not None
    assert write_checkpoint(store.session, key, file, AT) is None
    assert len(read_checkpoints(file)) == 1
    store.session.execute(update(AuditEntry).where(AuditEntry.seq == 1).values(actor="x"))
    store.commit()
    _writes(store, ["Initech"])
    with pytest.raises(CheckpointError, match="audit entry 1: its content does not match"):
        write_checkpoint(store.session, key, file, AT)
    assert len(read_checkpoints(file)) == 1


def test_the_cli_keygen_checkpoint_and_verify(
    store: Store, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, file = tmp_path / "k" / "audit.key", tmp_path / "checkpoints.jsonl"
    monkeypatch.setenv("SLALEDGER_AUDIT_KEY", str(key))
    monkeypatch.setenv("SLALEDGER_AUDIT_CHECKPOINTS", str(file))
    runner = CliRunner()
    made = runner.invoke(cli, ["audit", "keygen"])
    assert made.exit_code == 0, made.output
    assert key.stat().st_mode & 0o777 == 0o600
    again = runner.invoke(cli, ["audit", "keygen"])
    assert again.exit_code == 1
    assert "the file exists already" in again.output
    _writes(store, ["Globex", "Initech", "Umbrella"])
    signed = runner.invoke(cli, ["audit", "checkpoint", "--db", database_url])
    assert signed.exit_code == 0, signed.output
    assert "checkpoint of entry 3" in signed.output
    seq, head = _head(store)
    checks = ["--anchor", f"{seq}:{head}", "--checkpoints", str(file)]
    checks += ["--public-key", str(public_path(key))]
    fine = runner.invoke(cli, ["audit", "verify", "--db", database_url, *checks])
    assert fine.exit_code == 0, fine.output
    assert "anchor 3: matches" in fine.output
    assert "1 checkpoint(s)" in fine.output
    _rewrite_after(store, 2)
    plain = runner.invoke(cli, ["audit", "verify", "--db", database_url])
    assert plain.exit_code == 0  # the rewrite passes the chain's own check
    caught = runner.invoke(cli, ["audit", "verify", "--db", database_url, *checks])
    assert caught.exit_code == 1
    assert "error: anchor 3:" in caught.output
    assert "error: checkpoint 1 (entry 3" in caught.output


def test_the_cli_refuses_a_key_others_may_read_and_a_malformed_anchor(
    database_url: str, store: Store, key_file: Path, tmp_path: Path
) -> None:
    _writes(store, ["Globex"])
    key_file.chmod(0o644)
    runner = CliRunner()
    loose = runner.invoke(
        cli, ["audit", "checkpoint", "--db", database_url, "--key", str(key_file)]
    )
    assert loose.exit_code == 1
    assert "expected a file only its owner may read (mode 0600), found mode 0644" in loose.output
    bad = runner.invoke(cli, ["audit", "verify", "--db", database_url, "--anchor", "3:abc"])
    assert bad.exit_code == 2
    assert "expected SEQ:HASH" in bad.output
    lone = runner.invoke(
        cli, ["audit", "verify", "--db", database_url, "--checkpoints", str(tmp_path / "x")]
    )
    assert lone.exit_code == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", "utf-8")
    public = ["--checkpoints", str(empty), "--public-key", str(public_path(key_file))]
    nothing = runner.invoke(cli, ["audit", "verify", "--db", database_url, *public])
    assert nothing.exit_code == 1
    assert "holds no checkpoint, proves nothing" in nothing.output
    assert "--checkpoints needs --public-key" in lone.output


def test_a_malformed_checkpoints_line_is_named(tmp_path: Path) -> None:
    file = tmp_path / "checkpoints.jsonl"
    file.write_text('{"seq": 1}\n', "utf-8")
    with pytest.raises(CheckpointError, match=r"checkpoints\.jsonl line 1: expected seq"):
        read_checkpoints(file)
