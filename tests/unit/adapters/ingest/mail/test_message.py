"""One message from its bytes: encodings, dates with their offsets, the new text of a reply."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from slaledger.adapters.ingest.mail.message import Mail, RawMail, new_text, parse_mail
from slaledger.adapters.ingest.mail.rules import DEFAULT_QUOTE_MARKERS
from tests.mail_history import FIXTURES, SEED_MAIL

QUOTE = re.compile("|".join(f"(?:{m})" for m in DEFAULT_QUOTE_MARKERS), re.IGNORECASE)


def _parse(path_or_bytes: Path | bytes, instant: str = "date") -> Mail:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return parse_mail(RawMail("test.eml", 1, data, label=""), quote=QUOTE, instant=instant)


@pytest.mark.parametrize(
    ("name", "subject", "text"),
    [
        # a UTF-8 body in quoted-printable, with a typographic apostrophe
        ("quoted-printable.eml", "Incident : service indisponible",
         "Le service est indisponible depuis l’ouverture : priorité critique."),
        # a UTF-8 body in base64
        ("base64.eml", "[INC-2024-0900] Incident : service indisponible",
         "Le service est rétabli."),
        # an ISO-8859-1 body and an RFC 2047 subject in ISO-8859-1 (Q encoding)
        ("iso-8859-1.eml", "Incident : déconnexions répétées",
         "Déconnexions répétées : priorité élevée, très gênant."),
        # an RFC 2047 subject in UTF-8 (B encoding), beyond Latin-1
        ("utf-8-subject.eml", "Incident : l’export « Données » échoue — urgent ✔",
         "Voir l’objet."),
        # an HTML-only body: its text, without styles nor the quoted blockquote
        ("html-only.eml", "[INC-2024-0900] Diagnostic", "Diagnostic\xa0: disque plein."),
        # a charset Python does not know: read as UTF-8 rather than refused
        ("unknown-charset.eml", "Incident : caractères", "panne critique, très gênante"),
    ],
)  # fmt: skip
def test_subjects_and_bodies_are_decoded_whatever_their_encoding(
    name: str, subject: str, text: str
) -> None:
    mail = _parse(FIXTURES / "encodings" / name)
    assert mail.subject == subject
    assert mail.text == text


def test_the_date_keeps_the_offset_it_was_written_with() -> None:
    mail = _parse(SEED_MAIL / "02-prise-en-compte.eml")
    assert mail.at == datetime.fromisoformat("2024-03-05T10:05:00+00:00")
    assert mail.at is not None
    assert mail.at.utcoffset() == timedelta(0)
    paris = _parse(SEED_MAIL / "01-panne.eml")  # "Tue, 5 Mar 2024 10:30:00 +0100 (CET)"
    assert paris.at is not None
    assert paris.at.isoformat() == "2024-03-05T10:30:00+01:00"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("no-date.eml", "no Date header"),
        ("unparseable-date.eml", "'mardi 5 mars 2024, 10h30'"),
        ("unknown-offset.eml",
         "'Tue, 05 Mar 2024 10:30:00 -0000' (no UTC offset: '-0000' means unknown)"),
    ],
)  # fmt: skip
def test_a_date_that_cannot_place_the_instant_is_a_problem(name: str, problem: str) -> None:
    mail = _parse(FIXTURES / "bad" / name)
    assert mail.at is None
    assert mail.date_problem == problem


def test_the_instant_can_be_the_first_received_header() -> None:
    data = (
        b"Received: from mx.provider.example by imap.provider.example; "
        b"Tue, 05 Mar 2024 10:31:12 +0100\n"
        b"Received: from client.example by mx.provider.example; Tue, 05 Mar 2024 10:31:05 +0100\n"
        b"From: a@client.example\nDate: Tue, 05 Mar 2024 10:30:00 +0100\n"
        b"Message-ID: <r@client.example>\nSubject: Incident\n\nPanne.\n"
    )
    assert _parse(data, "received").at == datetime.fromisoformat("2024-03-05T10:31:12+01:00")
    assert _parse(data).at == datetime.fromisoformat("2024-03-05T10:30:00+01:00")
    undated = _parse(b"From: a@client.example\nSubject: x\n\nx\n", "received")
    assert undated.at is None
    assert undated.date_problem == "no Received header"


def test_threading_headers_give_the_parents_nearest_first() -> None:
    mail = _parse(SEED_MAIL / "04-retabli.eml")
    assert mail.message_id == "<m04.0101@provider.example>"
    assert mail.parents == (
        "<m03.0101@provider.example>",
        "<m02.0101@provider.example>",
        "<m01.0101@client.example>",
    )
    assert mail.sender == "provider.example"


def test_a_message_without_message_id_gets_one_from_its_bytes() -> None:
    data = b"From: a@client.example\nDate: Tue, 05 Mar 2024 10:30:00 +0100\nSubject: x\n\nx\n"
    first, second = _parse(data), _parse(data)
    assert first.message_id == second.message_id
    assert first.message_id.startswith("<sha256-")
    assert first.message_id.endswith("@no-message-id>")
    assert _parse(data + b"y").message_id != first.message_id


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        # the answer above the client's "wrote:" line
        ("Rétabli.\n\nLe 05/03/2024 à 10:30, Marie a écrit :\n> bloquant", "Rétabli."),
        ("Restored.\n\nOn Tue, 5 Mar 2024, Marie wrote:\n> critical", "Restored."),
        # Outlook's separator and header block
        ("Voici.\n-----Message d'origine-----\nDe : X\nurgent", "Voici."),
        ("Voici.\nDe : Support <s@provider.example>\nEnvoyé : mardi", "Voici."),
        # an interleaved quote: the answers below it are kept
        ("> question 1\nréponse 1\n> question 2\nréponse 2", "réponse 1\nréponse 2"),
    ],
)  # fmt: skip
def test_the_new_text_of_a_reply_leaves_the_quoted_original_out(body: str, kept: str) -> None:
    assert new_text(body, QUOTE) == kept


@pytest.mark.parametrize(
    ("body", "text"),
    [("Service rétabli.".encode(), "Service rétabli."),
     ("Service rétabli.".encode("cp1252"), "Service rétabli.")],
)  # fmt: skip
def test_eight_bit_text_without_a_declared_charset_is_read_as_utf8_or_latin1(
    body: bytes, text: str
) -> None:
    data = b"From: a@client.example\nDate: Tue, 05 Mar 2024 10:30:00 +0100\nSubject: x\n\n"
    assert _parse(data + body).text == text
