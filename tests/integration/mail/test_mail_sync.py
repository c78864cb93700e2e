"""A mailbox kept in sync by the service (a ``mail`` source, docs/sync.md): the seed-001
support mailbox reaches the store from a real IMAP server and from an mbox file, a
message delivered between two syncs reaches the incident it follows, a repeat adds
nothing, and the stored clocks are those of the hand-written events (SQLite and
PostgreSQL)."""

from __future__ import annotations

import secrets
import ssl
from datetime import UTC, datetime
from pathlib import Path

import pytest
from imap_tools import MailBox
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.db.models import Incident, IncidentEvent, SourceState
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.events import read_events
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.sync.config import Source
from slaledger.adapters.sync.runner import sync_source
from slaledger.domain.incidents.table import IncidentTable
from tests.integration.mail.conftest import SEED_MAIL, ImapServer
from tests.mail_history import CONTRACT, HAND_WRITTEN, MBOX, RULES, clocks

NOW = datetime(2024, 4, 10, tzinfo=UTC)
#: the last message of INC-2024-0101's thread ("Ticket clôturé"), delivered late
LATE = SEED_MAIL / "06-cloture.eml"


def _source(**options: object) -> Source:
    return Source(
        id="support-mail",
        contract="saas-annexes",
        service=None,
        kind="mail",
        interval_seconds=60,
        since=None,
        options={"rules": str(RULES), **options},
        where="sources.yaml line 3",
    )


def _stored(sessions: sessionmaker[Session]) -> IncidentTable:
    with Store.transaction(sessions) as store:
        return store.incident_table("saas-annexes")


def _counts(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions() as session:
        return tuple(  # type: ignore[return-value]
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Incident, IncidentEvent)
        )


def _events_of(table: IncidentTable, incident: str) -> list[str]:
    from slaledger.domain.incidents.log import EVENTS

    log = table.log
    return [
        EVENTS[kind]
        for i, kind in zip(log.incident.tolist(), log.kind.tolist(), strict=True)
        if log.names[i] == incident
    ]


@pytest.fixture
def contract_stored(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with Store.transaction(sessions) as store:
        store.upload_contract_file(str(CONTRACT), accept_lint_errors=True)
    return sessions


def test_an_imap_source_syncs_the_mailbox_and_a_late_message_joins_its_incident(
    contract_stored: sessionmaker[Session],
    imap_server: ImapServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sessions = contract_stored
    monkeypatch.setenv("SLALEDGER_IMAP_USER", imap_server.user)
    monkeypatch.setenv("SLALEDGER_IMAP_PASSWORD", imap_server.password)
    # a folder of this test's own on the session's server: every message but one
    folder = f"Sync-{secrets.token_hex(4)}"
    context = ssl.create_default_context(cafile=imap_server.ca_file)
    with MailBox(imap_server.host, imap_server.tls_port, ssl_context=context).login(
        imap_server.user, imap_server.password
    ) as box:
        box.folder.create(folder)
        for path in sorted(SEED_MAIL.glob("*.eml")):
            if path != LATE:
                box.append(path.read_bytes(), folder, flag_set=())
    source = _source(
        source="imap",
        host=imap_server.host,
        port=imap_server.tls_port,
        folder=folder,
        ca_file=imap_server.ca_file,
    )
    sync_source(sessions, source, now=NOW)
    first = _stored(sessions)
    assert "closed" not in _events_of(first, "INC-2024-0101")
    assert "restored" in _events_of(first, "INC-2024-0101")

    with MailBox(imap_server.host, imap_server.tls_port, ssl_context=context).login(
        imap_server.user, imap_server.password
    ) as box:
        box.append(LATE.read_bytes(), folder, flag_set=())
    sync_source(sessions, source, now=NOW)
    counts = _counts(sessions)
    by_hand = read_events(HAND_WRITTEN)
    stored = _stored(sessions)
    assert _events_of(stored, "INC-2024-0101") == _events_of(by_hand, "INC-2024-0101")
    assert counts == (7, len(by_hand.log.at))
    assert clocks(stored) == clocks(by_hand)

    sync_source(sessions, source, now=NOW)
    assert _counts(sessions) == counts
    with sessions() as session:
        state = session.scalars(select(SourceState)).one()
    assert (state.runs, state.last_error) == (3, "")


def test_an_mbox_source_reads_the_rules_from_a_mapping_files_mail_section(
    contract_stored: sessionmaker[Session], tmp_path: Path
) -> None:
    sessions = contract_stored
    nested = "".join(
        f"  {line}\n" if line.strip() else "\n"
        for line in RULES.read_text(encoding="utf-8").splitlines()
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "format: slaledger/helpdesk-mapping/v1\nsource: mail\ncontract: saas-annexes\n"
        f"mail:\n{nested}",
        encoding="utf-8",
    )
    source = _source(source="mbox", path=str(MBOX), rules=str(mapping))
    sync_source(sessions, source, now=NOW)
    counts = _counts(sessions)
    sync_source(sessions, source, now=NOW)
    assert _counts(sessions) == counts
    assert clocks(_stored(sessions)) == clocks(read_events(HAND_WRITTEN))


def test_a_mapping_file_without_a_mail_section_fails_the_sync_with_its_line(
    contract_stored: sessionmaker[Session], tmp_path: Path
) -> None:
    sessions = contract_stored
    mapping = tmp_path / "jira.yaml"
    mapping.write_text(
        "format: slaledger/helpdesk-mapping/v1\nsource: jira\ncontract: saas-annexes\n"
        "priorities: {}\nstatuses: {}\n",
        encoding="utf-8",
    )
    source = _source(source="mbox", path=str(MBOX), rules=str(mapping))
    with pytest.raises(InputError):
        sync_source(sessions, source, now=NOW)
    with sessions() as session:
        state = session.scalars(select(SourceState)).one()
    assert "a mail: section of e-mail rules" in state.last_error
    assert str(mapping) in state.last_error
    assert _counts(sessions) == (0, 0)
