"""What a burn-rate notice says, in French and English, and its JSON form for webhooks
(``services/burn_alerts.py``)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from babel.numbers import format_decimal

from slaledger.adapters.notify.message import LANGUAGES, when
from slaledger.domain.burn import PAGE
from slaledger.services.burn_notice import BurnNotice

_SUBJECT = {
    ("fr", PAGE): "Budget d'erreur en combustion rapide : {service} ({contract_id})",
    ("fr", "ticket"): "Budget d'erreur en combustion lente : {service} ({contract_id})",
    ("en", PAGE): "Error budget burning fast: {service} ({contract_id})",
    ("en", "ticket"): "Error budget burning slowly: {service} ({contract_id})",
}

_BODY = {
    "fr": (
        "Le budget d'erreur de la clause {clause} ({period}) brûle trop vite depuis le "
        "{started}.\n"
        "Consommé : {consumed} min sur {allowed} min permises ; reste {left} min.\n"
        "{rates}"
    ),
    "en": (
        "The error budget of clause {clause} ({period}) has been burning too fast since "
        "{started}.\n"
        "Consumed: {consumed} min of {allowed} min allowed; {left} min left.\n"
        "{rates}"
    ),
}
_RATE = {
    "fr": "Règle {rule} : taux de combustion {rate} (seuil {threshold})",
    "en": "Rule {rule}: burn rate {rate} (threshold {threshold})",
}
_FOOTER = {
    "fr": "Contrat : {contract} ({contract_id}).",
    "en": "Contract: {contract} ({contract_id}).",
}


def _number(value: float | int | None, language: str) -> str:
    if value is None:
        return "—"
    shown = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return str(format_decimal(shown, format="#,##0.#", locale=language))


def subject(notice: BurnNotice, language: str) -> str:
    return _SUBJECT[(language, notice.severity)].format(
        service=notice.service, contract_id=notice.contract
    )


def body(notice: BurnNotice, language: str) -> str:
    rates = "\n".join(
        _RATE[language].format(
            rule=rule, rate=_number(rate, language), threshold=_number(threshold, language)
        )
        for rule, rate, threshold in notice.rates
    )
    text = _BODY[language].format(
        clause=notice.clause,
        period=notice.period,
        started=when(notice.started, notice.timezone, language),
        consumed=_number(notice.consumed_seconds / 60, language),
        allowed=_number(notice.allowed_seconds / 60, language),
        left=_number(notice.remaining_seconds / 60, language),
        rates=rates,
    )
    footer = _FOOTER[language].format(contract=notice.contract_title, contract_id=notice.contract)
    return f"{text}\n{footer}\n"


def payload(notice: BurnNotice) -> dict[str, Any]:
    """The webhook's JSON body: machine fields, then the subjects in both languages."""
    return {
        "type": f"slaledger.burn.{notice.severity}",
        "contract": notice.contract,
        "contract_title": notice.contract_title,
        "service": notice.service,
        "clause": notice.clause,
        "period": notice.period,
        "severity": notice.severity,
        "episode_started": notice.started.isoformat(),
        "seconds_allowed": notice.allowed_seconds,
        "seconds_consumed": notice.consumed_seconds,
        "seconds_left": notice.remaining_seconds,
        "rules": [
            {"rule": rule, "burn_rate": rate, "threshold": threshold}
            for rule, rate, threshold in notice.rates
        ],
        "happened_at": notice.at.isoformat(),
        "timezone": notice.timezone,
        "text": {lang: subject(notice, lang) for lang in LANGUAGES},
    }
