"""One e-mail message, read from its bytes: the few headers and the text that matter.

Parsed with the standard library's ``email`` package and ``policy.default``, which decodes
RFC 2047 headers (``=?iso-8859-1?q?...?=``) and quoted-printable or base64 bodies in
their declared charset. A body in an unknown charset is read as UTF-8 with replacement
characters rather than refused: its keywords may still be found, and the headers that
date and thread it are ASCII.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from slaledger.domain.message import Message, msg

_ID = re.compile(r"<[^<>\s]+>")


@dataclass(frozen=True)
class RawMail:
    """A message's bytes and where they came from: a file, or a mailbox and a number."""

    source: str  # the file, the mbox, or imaps://user@host:port/FOLDER
    number: int  # 1-based position in the source (the UID for IMAP)
    data: bytes
    label: str = "message"  # how the number is named: 'message', 'UID'; '' for a file

    @property
    def origin(self) -> str:
        return f"{self.source} {self.label} {self.number}" if self.label else self.source


@dataclass(frozen=True)
class Mail:
    """What the rules look at in one message."""

    origin: str
    message_id: str  # as written, with its angle brackets
    sender: str | None  # the From address's domain, lower case
    subject: str
    text: str  # the body's new text: quoted lines and what follows a reply header left out
    at: datetime | None  # the notification instant, with the sender's offset
    date_problem: str | None  # why ``at`` is None: what the header held
    parents: tuple[str, ...]  # In-Reply-To then References, nearest first


def parse_mail(raw: RawMail, *, quote: re.Pattern[str], instant: str = "date") -> Mail:
    """The message's identity, sender, subject, new text and instant (or the problem)."""
    message = BytesParser(policy=policy.default).parsebytes(raw.data)
    assert isinstance(message, EmailMessage)  # policy.default builds EmailMessage
    message_id = _first_id(_header(message, "Message-ID"))
    if message_id is None:
        # a stable identity for a message without one: its bytes (a duplicate delivery
        # of the same bytes is still recognised)
        message_id = f"<sha256-{hashlib.sha256(raw.data).hexdigest()[:24]}@no-message-id>"
    at, problem = _instant(message, instant)
    parents = _ids(_header(message, "In-Reply-To"))
    references = _ids(_header(message, "References"))
    return Mail(
        origin=raw.origin,
        message_id=message_id,
        sender=_sender_domain(message),
        subject=" ".join(_header(message, "Subject").split()),
        text=new_text(body_text(message), quote),
        at=at,
        date_problem=problem,
        # References runs oldest first: the nearest parent is its last
        parents=tuple(dict.fromkeys((*parents, *reversed(references)))),
    )


def date_expected(instant: str) -> Message:
    if instant == "received":
        return msg("input.ingest.received-date")
    return msg("input.ingest.mail-date")


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a header the parser cannot model
        value = next((v for k, v in message.raw_items() if k.lower() == name.lower()), "")
    return "" if value is None else str(value)


def _first_id(text: str) -> str | None:
    found = _ids(text)
    if found:
        return found[0]
    stripped = text.strip()
    return f"<{stripped}>" if stripped and " " not in stripped else None


def _ids(text: str) -> tuple[str, ...]:
    return tuple(_ID.findall(text))


def _sender_domain(message: EmailMessage) -> str | None:
    try:
        header = message["From"]
        addresses = getattr(header, "addresses", ())
    except (ValueError, IndexError, TypeError):
        addresses = ()
    for address in addresses:
        if address.domain:
            return str(address.domain).strip().lower().rstrip(".")
    match = re.search(r"@([\w.-]+)", _header(message, "From"))
    return match.group(1).lower().rstrip(".") if match else None


def _instant(message: EmailMessage, instant: str) -> tuple[datetime | None, str | None]:
    if instant == "received":
        received = message.get_all("Received") or []
        if not received:
            return None, "no Received header"
        text = str(received[0]).rpartition(";")[2].strip()
        if not text:
            return None, f"'{' '.join(str(received[0]).split())[:60]}' (no date after ';')"
    else:
        text = _header(message, "Date").strip()
        if not text:
            return None, "no Date header"
    try:
        parsed = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError):
        return None, f"'{text}'"
    if parsed.tzinfo is None:
        # RFC 5322: '-0000' says the offset is unknown; the instant cannot be placed
        return None, f"'{text}' (no UTC offset: '-0000' means unknown)"
    return parsed, None


def body_text(message: EmailMessage) -> str:
    """The plain text of the body, or the text of its HTML."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    payload = part.get_payload(decode=True)
    declared = (part.get_content_charset() or "us-ascii").lower()
    if isinstance(payload, bytes) and declared in ("us-ascii", "ascii") and not payload.isascii():
        # 8-bit text that declares no charset: UTF-8 if it is, else Windows' Latin-1
        content: object = _undeclared(payload)
    else:
        try:
            content = part.get_content()
        except (LookupError, UnicodeError, ValueError, KeyError):
            content = (
                payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
            )
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return _html_text(content)
    return content


def _undeclared(payload: bytes) -> str:
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", errors="replace")


def new_text(text: str, quote: re.Pattern[str]) -> str:
    """The lines of a reply before the quoted original."""
    kept: list[str] = []
    for line in text.splitlines():
        if quote.search(line):
            if line.lstrip().startswith(">"):
                continue  # an interleaved quote: the answer may go on below it
            break
        kept.append(line)
    return "\n".join(kept).strip()


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "blockquote"):
            self._hidden += 1
        elif tag in ("br", "p", "div", "tr", "li"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "blockquote") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
