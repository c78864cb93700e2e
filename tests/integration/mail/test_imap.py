"""Reading an IMAP mailbox over TLS, against Dovecot on loopback (see conftest.py)."""

from __future__ import annotations

import ssl
from datetime import date

import pytest
from imap_tools import MailBox

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.adapters.ingest.mail import (
    imap_credentials,
    load_mail_rules,
    mail_events,
    read_imap,
    read_mbox,
)
from tests.integration.mail.conftest import BROKEN, ImapServer
from tests.mail_history import MBOX, RULES


def _read(server: ImapServer, **changes: object) -> list[bytes]:
    source = server.source(**changes)
    return [m.data for m in read_imap(source, user=server.user, password=server.password)]


def test_messages_come_with_their_uid_and_the_mailbox_url_without_the_password(
    imap_server: ImapServer,
) -> None:
    raws = read_imap(imap_server.source(), user=imap_server.user, password=imap_server.password)
    assert [r.number for r in raws] == list(range(1, 35))
    assert raws[0].origin == f"imaps://sla-test@127.0.0.1:{imap_server.tls_port}/INBOX UID 1"
    assert all(imap_server.password not in r.origin for r in raws)


def test_imap_gives_the_same_events_as_the_mbox_file(imap_server: ImapServer) -> None:
    rules = load_mail_rules(RULES)
    raws = read_imap(imap_server.source(), user=imap_server.user, password=imap_server.password)
    over_imap = mail_events(raws, rules)
    from_file = mail_events(read_mbox([MBOX]), rules)
    strip = [(e.incident, e.at, e.event, e.value, e.message_id) for e in over_imap.events]
    assert strip == [(e.incident, e.at, e.event, e.value, e.message_id) for e in from_file.events]
    assert len(over_imap.duplicates) == 1
    assert over_imap.duplicates[0].endswith("UID 34")


def test_starttls_on_the_plain_port_reads_the_same_messages(imap_server: ImapServer) -> None:
    over_tls = _read(imap_server)
    assert _read(imap_server, port=imap_server.starttls_port, security="starttls") == over_tls


def test_reading_marks_nothing_as_seen(imap_server: ImapServer) -> None:
    _read(imap_server)
    context = ssl.create_default_context(cafile=imap_server.ca_file)
    with MailBox(imap_server.host, imap_server.tls_port, ssl_context=context).login(
        imap_server.user, imap_server.password
    ) as box:
        assert box.uids("SEEN") == []
        assert len(box.uids("UNSEEN")) == 34


def test_since_keeps_the_messages_dated_from_that_day(imap_server: ImapServer) -> None:
    april = _read(imap_server, since=date(2024, 4, 1))
    assert len(april) == 5  # INC-2024-0106's two replies and INC-2024-0107's three messages


def test_a_certificate_no_trusted_ca_signed_is_refused(imap_server: ImapServer) -> None:
    with pytest.raises(InputError) as refused:
        _read(imap_server, ca_file=None)
    problem = refused.value.problems[0]
    assert problem.field == "TLS"
    assert "--ca-file" in english(problem.expected)
    assert "self-signed" in english(problem.found) or "verify" in english(problem.found)


def test_a_wrong_password_is_a_clear_login_error(imap_server: ImapServer) -> None:
    source = imap_server.source()
    with pytest.raises(InputError) as refused:
        read_imap(source, user=imap_server.user, password="not-the-password")
    problem = refused.value.problems[0]
    assert problem.field == "login"
    assert "SLALEDGER_IMAP_PASSWORD" in english(problem.expected)
    assert "not-the-password" not in str(refused.value)


def test_a_missing_folder_is_named(imap_server: ImapServer) -> None:
    with pytest.raises(InputError) as refused:
        _read(imap_server, folder="Nowhere")
    assert refused.value.problems[0].field == "folder"
    assert "'Nowhere'" in english(refused.value.problems[0].found)


def test_nothing_listening_is_a_connection_error(imap_server: ImapServer) -> None:
    port = imap_server.tls_port + 1  # within the ports this suite may use, and unused
    with pytest.raises(InputError) as refused:
        _read(imap_server, port=port)
    assert refused.value.problems[0].field == "connection"


def test_undated_messages_in_the_mailbox_are_named_by_uid_and_message_id(
    imap_server: ImapServer,
) -> None:
    raws = read_imap(
        imap_server.source(folder=BROKEN), user=imap_server.user, password=imap_server.password
    )
    with pytest.raises(InputError) as refused:
        mail_events(raws, load_mail_rules(RULES))
    lines = [str(p) for p in refused.value.problems]
    base = f"imaps://sla-test@127.0.0.1:{imap_server.tls_port}/{BROKEN}"
    assert lines == [
        f"{base} UID 1 <no-date@client.example>: Date: expected a date with its UTC offset "
        "(RFC 5322), e.g. 'Tue, 05 Mar 2024 10:30:00 +0100', found no Date header",
        f"{base} UID 2 <unknown-offset@client.example>: Date: expected a date with its UTC "
        "offset (RFC 5322), e.g. 'Tue, 05 Mar 2024 10:30:00 +0100', found 'Tue, 05 Mar 2024 "
        "10:30:00 -0000' (no UTC offset: '-0000' means unknown)",
        f"{base} UID 3 <unparseable-date@client.example>: Date: expected a date with its UTC "
        "offset (RFC 5322), e.g. 'Tue, 05 Mar 2024 10:30:00 +0100', found 'mardi 5 mars "
        "2024, 10h30'",
    ]


def test_credentials_come_from_the_environment_and_are_named_when_missing() -> None:
    assert imap_credentials({"SLALEDGER_IMAP_USER": "u", "SLALEDGER_IMAP_PASSWORD": "p"}) == (
        "u",
        "p",
    )
    with pytest.raises(InputError) as missing:
        imap_credentials({"SLALEDGER_IMAP_USER": "u"})
    assert [p.field for p in missing.value.problems] == ["SLALEDGER_IMAP_PASSWORD"]
