"""The words of any notice, whichever its kind: a clock's alert (``message.py``), a
source failing or recovered (``source_message.py``) or a credit's claim notice
(``claim_message.py``)."""

from __future__ import annotations

from typing import Any

from slaledger.adapters.notify import burn_message, claim_message, message, source_message
from slaledger.services.alerts import Notice
from slaledger.services.burn_notice import BurnNotice
from slaledger.services.claim_notice import ClaimNotice
from slaledger.services.source_notice import SourceNotice


def subject(notice: Notice, language: str) -> str:
    if isinstance(notice, SourceNotice):
        return source_message.subject(notice, language)
    if isinstance(notice, ClaimNotice):
        return claim_message.subject(notice, language)
    if isinstance(notice, BurnNotice):
        return burn_message.subject(notice, language)
    return message.subject(notice, language)


def body(notice: Notice, language: str) -> str:
    if isinstance(notice, SourceNotice):
        return source_message.body(notice, language)
    if isinstance(notice, ClaimNotice):
        return claim_message.body(notice, language)
    if isinstance(notice, BurnNotice):
        return burn_message.body(notice, language)
    return message.body(notice, language)


def payload(notice: Notice) -> dict[str, Any]:
    if isinstance(notice, SourceNotice):
        return source_message.payload(notice)
    if isinstance(notice, ClaimNotice):
        return claim_message.payload(notice)
    if isinstance(notice, BurnNotice):
        return burn_message.payload(notice)
    return message.payload(notice)
