"""Messages from an IMAP mailbox, over TLS, with ``imap-tools``.

The folder is opened read-only and fetched with ``BODY.PEEK``: reading the support
mailbox marks nothing as seen. Credentials come from the environment
(``SLALEDGER_IMAP_USER``, ``SLALEDGER_IMAP_PASSWORD``), never from the command line where
``ps`` and shell histories would show them. TLS is verified against the system's
certificate authorities, or the one file ``ca_file`` names (a private CA).
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import ImapToolsError, MailboxFolderSelectError, MailboxLoginError

from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.ingest.mail.message import RawMail
from slaledger.domain.message import Message, msg

USER_VARIABLE = "SLALEDGER_IMAP_USER"
PASSWORD_VARIABLE = "SLALEDGER_IMAP_PASSWORD"
Security = Literal["tls", "starttls", "plain"]
DEFAULT_PORTS: dict[str, int] = {"tls": 993, "starttls": 143, "plain": 143}


@dataclass(frozen=True)
class ImapSource:
    host: str
    port: int | None = None
    folder: str = "INBOX"
    security: Security = "tls"
    ca_file: str | None = None
    since: date | None = None  # only messages whose Date is on or after this day
    timeout: float = 30.0

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]

    def url(self, user: str) -> str:
        scheme = "imaps" if self.security == "tls" else "imap"
        return f"{scheme}://{user}@{self.host}:{self.effective_port}/{self.folder}"


def imap_credentials(environ: Mapping[str, str]) -> tuple[str, str]:
    """The user and password from the environment, or an InputError naming what is missing."""
    problems = [
        Problem("environment", name, what, msg("input.found.nothing"))
        for name, what in (
            (USER_VARIABLE, msg("input.ingest.imap-user")),
            (PASSWORD_VARIABLE, msg("input.ingest.imap-password")),
        )
        if not environ.get(name)
    ]
    if problems:
        raise InputError(problems)
    return environ[USER_VARIABLE], environ[PASSWORD_VARIABLE]


class _Fetched(MailMessage):
    """imap-tools' message, keeping the bytes as the server sent them."""

    def __init__(self, fetch_data: list[object]) -> None:
        super().__init__(fetch_data)
        self.raw = next(
            (item[1] for item in fetch_data if isinstance(item, tuple) and len(item) > 1), b""
        )


def read_imap(source: ImapSource, *, user: str, password: str) -> list[RawMail]:
    """Every message of the folder (since ``source.since``), by UID."""
    where = source.url(user)
    try:
        box = _connect(source)
    except ssl.SSLCertVerificationError as exc:
        raise InputError(
            [Problem(where, "TLS", _verified(source), f"{exc.verify_message or exc}")]
        ) from None
    except (OSError, ssl.SSLError, ImapToolsError) as exc:
        raise InputError(
            [Problem(where, "connection", msg("input.ingest.imap-server"), str(exc))]
        ) from None
    try:
        try:
            box.login(user, password, initial_folder=None)
        except MailboxLoginError as exc:
            found = f"refused ({_server_text(exc)})"
            expected = msg(
                "input.ingest.imap-credentials", user=USER_VARIABLE, password=PASSWORD_VARIABLE
            )
            raise InputError([Problem(where, "login", expected, found)]) from None
        try:
            box.folder.set(source.folder, readonly=True)
        except MailboxFolderSelectError as exc:
            found = f"'{source.folder}' ({_server_text(exc)})"
            raise InputError(
                [Problem(where, "folder", msg("input.ingest.imap-folder"), found)]
            ) from None
        box.email_message_class = _Fetched
        criteria = AND(sent_date_gte=source.since) if source.since else "ALL"
        messages: list[RawMail] = []
        for fetched in box.fetch(criteria, mark_seen=False, bulk=200):
            assert isinstance(fetched, _Fetched)
            messages.append(RawMail(where, int(fetched.uid or 0), fetched.raw, label="UID"))
        return messages
    finally:
        # a connection already gone leaves nothing to close
        with contextlib.suppress(OSError, ImapToolsError):
            box.logout()


def _connect(source: ImapSource) -> BaseMailBox:
    port = source.effective_port
    if source.security == "plain":
        return MailBoxUnencrypted(source.host, port, timeout=source.timeout)
    context = ssl.create_default_context(cafile=source.ca_file)
    if source.security == "starttls":
        return MailBoxStartTls(source.host, port, timeout=source.timeout, ssl_context=context)
    return MailBox(source.host, port, timeout=source.timeout, ssl_context=context)


def _verified(source: ImapSource) -> Message:
    if source.ca_file:
        return msg("input.ingest.certificate-ca", host=source.host, file=source.ca_file)
    return msg("input.ingest.certificate", host=source.host)


def _server_text(exc: ImapToolsError) -> str:
    result = getattr(exc, "command_result", None)
    data = result[1] if isinstance(result, tuple) and len(result) > 1 else None
    if isinstance(data, list) and data and isinstance(data[0], bytes):
        return data[0].decode("utf-8", errors="replace")
    return str(exc)
