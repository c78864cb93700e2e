"""``sla ingest mail --source imap`` end to end: Dovecot in, the events file out, then the
same ``sla incidents`` answer as the hand-written events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slaledger.adapters.cli.main import main
from tests.integration.mail.conftest import ImapServer
from tests.mail_history import CONTRACT, HAND_WRITTEN, RULES


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def _incidents(capsys: pytest.CaptureFixture[str], events: Path) -> object:
    code, out, err = _run(capsys, "incidents", str(CONTRACT), "--events", str(events),
                          "--at", "2024-04-10T00:00:00+02:00", "--json")  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def test_ingest_mail_from_imap_gives_the_clocks_of_the_hand_written_events(
    imap_server: ImapServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLALEDGER_IMAP_USER", imap_server.user)
    monkeypatch.setenv("SLALEDGER_IMAP_PASSWORD", imap_server.password)
    output = tmp_path / "events.csv"
    code, out, err = _run(capsys, "ingest", "mail", "--source", "imap", imap_server.host,
                          "--port", str(imap_server.tls_port), "--ca-file", imap_server.ca_file,
                          "--rules", str(RULES), "--contract", str(CONTRACT),
                          "--output", str(output))  # fmt: skip
    assert code == 0, err
    assert out.strip() == f"34 messages (1 duplicate), 7 incidents, 38 events -> {output}"
    assert "UID 34: the same Message-ID as an earlier message" in err
    assert "<n90@news.vendor.example>: sender domain news.vendor.example is no party's" in err
    from_mail = _incidents(capsys, output)
    assert from_mail == _incidents(capsys, HAND_WRITTEN)


def test_without_credentials_in_the_environment_nothing_is_read(
    imap_server: ImapServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SLALEDGER_IMAP_USER", raising=False)
    monkeypatch.delenv("SLALEDGER_IMAP_PASSWORD", raising=False)
    output = tmp_path / "events.csv"
    code, _, err = _run(capsys, "ingest", "mail", "--source", "imap", imap_server.host,
                        "--port", str(imap_server.tls_port), "--rules", str(RULES),
                        "--output", str(output))  # fmt: skip
    assert code == 2
    assert "environment: SLALEDGER_IMAP_USER: expected the IMAP user name, found nothing" in err
    assert not output.exists()
