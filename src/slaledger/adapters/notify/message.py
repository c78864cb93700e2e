"""What an alert says, in French and English, and its JSON form for webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from slaledger.domain.alerts import Transition
from slaledger.services.alerts import AlertNotice

LANGUAGES = ("fr", "en")

_DATE = {"fr": "d MMMM y 'à' HH:mm (VV)", "en": "MMMM d, y 'at' HH:mm (VV)"}

_SUBJECT = {
    ("fr", Transition.AT_RISK): "Délai à risque : {incident}, {clock}",
    ("fr", Transition.BREACHED): "Délai dépassé : {incident}, {clock}",
    ("en", Transition.AT_RISK): "Deadline at risk: {incident}, {clock}",
    ("en", Transition.BREACHED): "Deadline breached: {incident}, {clock}",
}

_BODY = {
    ("fr", Transition.AT_RISK): (
        "Le délai « {clock} » de l'incident {incident} est à risque depuis le {happened}.\n"
        "Échéance : {deadline}."
    ),
    ("fr", Transition.BREACHED): (
        "Le délai « {clock} » de l'incident {incident} est dépassé depuis le {happened}."
    ),
    ("en", Transition.AT_RISK): (
        "The '{clock}' deadline of incident {incident} has been at risk since {happened}.\n"
        "Deadline: {deadline}."
    ),
    ("en", Transition.BREACHED): (
        "The '{clock}' deadline of incident {incident} was breached on {happened}."
    ),
}

_FOOTER = {
    "fr": "Contrat : {contract} ({contract_id}), clause {clause}{target}.",
    "en": "Contract: {contract} ({contract_id}), clause {clause}{target}.",
}
_TARGET = {"fr": ", objectif {target}", "en": ", target {target}"}


def when(instant: datetime, zone: str, language: str) -> str:
    """An instant in the contract's zone, written for ``language``."""
    return format_datetime(instant, _DATE[language], tzinfo=ZoneInfo(zone), locale=language)


def subject(notice: AlertNotice, language: str) -> str:
    alert = notice.alert
    return _SUBJECT[(language, alert.transition)].format(
        incident=alert.incident, clock=notice.clock_title
    )


def body(notice: AlertNotice, language: str) -> str:
    alert = notice.alert
    text = _BODY[(language, alert.transition)].format(
        clock=notice.clock_title,
        incident=alert.incident,
        happened=when(notice.happened_at, notice.timezone, language),
        deadline=when(notice.deadline, notice.timezone, language),
    )
    target = _TARGET[language].format(target=notice.target) if notice.target else ""
    footer = _FOOTER[language].format(
        contract=notice.contract_title,
        contract_id=alert.contract,
        clause=alert.clause,
        target=target,
    )
    return f"{text}\n{footer}\n"


def payload(notice: AlertNotice) -> dict[str, Any]:
    """The webhook's JSON body: machine fields, then the texts in both languages."""
    alert = notice.alert
    return {
        "type": f"slaledger.clock.{alert.transition.value}",
        "contract": alert.contract,
        "contract_title": notice.contract_title,
        "incident": alert.incident,
        "clock": alert.clock,
        "clock_title": notice.clock_title,
        "transition": alert.transition.value,
        "happened_at": notice.happened_at.isoformat(),
        "deadline": notice.deadline.isoformat(),
        "timezone": notice.timezone,
        "clause": alert.clause,
        "target": notice.target,
        "text": {lang: subject(notice, lang) for lang in LANGUAGES},
    }
