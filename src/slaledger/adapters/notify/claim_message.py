"""What a claim notice says, in French and English, and its JSON form for webhooks
(``services/claim_notices.py``): to the customer, a credit to claim before its deadline;
to the provider, a claim waiting for its decision."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_currency, format_decimal

from slaledger.adapters.notify.message import LANGUAGES, when
from slaledger.services.claim_notice import ClaimNotice, ClaimNoticeKind

DEADLINE, DECISION = ClaimNoticeKind.DEADLINE, ClaimNoticeKind.DECISION

_SUBJECT = {
    ("fr", DEADLINE): "Crédit à demander avant le {deadline} : {month} ({contract_id})",
    ("fr", DECISION): "Demande de crédit en attente de décision : {month} ({contract_id})",
    ("en", DEADLINE): "Credit to claim by {deadline}: {month} ({contract_id})",
    ("en", DECISION): "Credit claim waiting for a decision: {month} ({contract_id})",
}

_BODY = {
    ("fr", DEADLINE): (
        "Le crédit de {month} ({service}) n'a pas encore été demandé : {value}.\n"
        "Date limite de la demande : {deadline}. Passé ce délai, il est perdu.\n"
        "Demandez-le sur le tableau de bord (page « Demandes ») ou par l'API."
    ),
    ("fr", DECISION): (
        "Le client a demandé le crédit de {month} ({service}) le {claimed} : {value}.\n"
        "La demande attend toujours votre décision (accorder, en tout ou partie, ou refuser)."
    ),
    ("en", DEADLINE): (
        "The credit of {month} ({service}) has not been claimed yet: {value}.\n"
        "Claim deadline: {deadline}. After it, the credit is lost.\n"
        "Claim it on the dashboard (the Claims page) or through the API."
    ),
    ("en", DECISION): (
        "The customer claimed the credit of {month} ({service}) on {claimed}: {value}.\n"
        "The claim still waits for your decision (grant, in full or in part, or refuse)."
    ),
}
_FOOTER = {
    "fr": "Contrat : {contract} ({contract_id}).",
    "en": "Contract: {contract} ({contract_id}).",
}
_VALUE = {
    ("fr", "percent-of-fee"): "{value}\u00a0% de la redevance",
    ("fr", "days-of-subscription"): "{value} jours d'abonnement",
    ("en", "percent-of-fee"): "{value} % of the fee",
    ("en", "days-of-subscription"): "{value} days of subscription",
}
_UNDETERMINED = {"fr": "montant à fixer entre les parties", "en": "amount to be agreed"}
_UNKNOWN = {"fr": "inconnue", "en": "unknown"}


def _value(notice: ClaimNotice, language: str) -> str:
    if notice.value is None:
        return _UNDETERMINED[language]
    template = _VALUE.get((language, notice.unit), _VALUE[(language, "days-of-subscription")])
    shown = template.format(value=format_decimal(notice.value, locale=language))
    if notice.amount is not None and notice.currency is not None:
        shown += f" ({format_currency(notice.amount, notice.currency, locale=language)})"
    return shown


def _when(notice: ClaimNotice, instant: Any, language: str) -> str:
    return _UNKNOWN[language] if instant is None else when(instant, notice.timezone, language)


def subject(notice: ClaimNotice, language: str) -> str:
    template = _SUBJECT[(language, notice.kind)]
    if language == "fr":
        template = template.replace(" :", "\u00a0:")
    return template.format(
        deadline=_when(notice, notice.deadline, language),
        month=notice.month,
        contract_id=notice.contract,
    )


def body(notice: ClaimNotice, language: str) -> str:
    text = _BODY[(language, notice.kind)].format(
        month=notice.month,
        service=notice.service,
        value=_value(notice, language),
        deadline=_when(notice, notice.deadline, language),
        claimed=_when(notice, notice.claimed_at, language),
    )
    footer = _FOOTER[language].format(contract=notice.contract_title, contract_id=notice.contract)
    return f"{text}\n{footer}\n"


def payload(notice: ClaimNotice) -> dict[str, Any]:
    """The webhook's JSON body: machine fields, then the subjects in both languages."""

    def instant(value: Any) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "type": f"slaledger.claim.{notice.kind.value}",
        "contract": notice.contract,
        "contract_title": notice.contract_title,
        "service": notice.service,
        "month": notice.month,
        "unit": notice.unit,
        "value": None if notice.value is None else str(notice.value),
        "amount": None if notice.amount is None else str(notice.amount),
        "currency": notice.currency,
        "deadline": instant(notice.deadline),
        "claimed_at": instant(notice.claimed_at),
        "happened_at": notice.at.isoformat(),
        "timezone": notice.timezone,
        "text": {lang: subject(notice, lang) for lang in LANGUAGES},
    }
