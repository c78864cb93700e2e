"""What a "source failing" or "source recovered" notice says, in French and English,
and its JSON form for webhooks (``services/source_alerts.py``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slaledger.adapters.notify.message import LANGUAGES, when
from slaledger.services.source_notice import SourceNotice, SourceTransition

FAILING, RECOVERED = SourceTransition.FAILING, SourceTransition.RECOVERED

_SUBJECT = {
    ("fr", FAILING): "Source en échec : {source} ({contract_id})",
    ("fr", RECOVERED): "Source rétablie : {source} ({contract_id})",
    ("en", FAILING): "Source failing: {source} ({contract_id})",
    ("en", RECOVERED): "Source recovered: {source} ({contract_id})",
}

_BODY = {
    ("fr", FAILING): (
        "La source « {source} » ({kind}{service}) échoue depuis le {failing_since} : "
        "les chiffres de ce contrat ne sont plus à jour.\n"
        "Dernière synchronisation réussie : {last_success}.\n"
        "Dernière erreur : {error}\n"
        "Retard : {lag}."
    ),
    ("fr", RECOVERED): (
        "La source « {source} » ({kind}{service}) se synchronise de nouveau depuis le "
        "{last_success} ; elle échouait depuis le {failing_since}.\n"
        "Retard : {lag}."
    ),
    ("en", FAILING): (
        "Source '{source}' ({kind}{service}) has been failing since {failing_since}: "
        "this contract's figures are no longer current.\n"
        "Last successful sync: {last_success}.\n"
        "Last error: {error}\n"
        "Lag: {lag}."
    ),
    ("en", RECOVERED): (
        "Source '{source}' ({kind}{service}) synced again on {last_success}; it had been "
        "failing since {failing_since}.\n"
        "Lag: {lag}."
    ),
}

_SERVICE = {"fr": ", service {service}", "en": ", service {service}"}
_NEVER = {"fr": "jamais", "en": "never"}
_UNKNOWN = {"fr": "inconnu (jamais synchronisée)", "en": "unknown (never synced)"}
_NO_ERROR = {"fr": "aucune", "en": "none"}
_FOOTER = {
    "fr": "Contrat : {contract} ({contract_id}).",
    "en": "Contract: {contract} ({contract_id}).",
}
_UNITS = {"fr": ("j", "h", "min"), "en": ("d", "h", "min")}


def lag_words(lag: timedelta | None, language: str) -> str:
    """``2 d 3 h``, ``1 h 05 min``, ``12 min`` (whole minutes, rounded down)."""
    if lag is None:
        return _UNKNOWN[language]
    minutes = max(int(lag.total_seconds()) // 60, 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    day, hour, minute = _UNITS[language]
    if days:
        return f"{days} {day} {hours} {hour}"
    if hours:
        return f"{hours} {hour} {minutes:02d} {minute}"
    return f"{minutes} {minute}"


def subject(notice: SourceNotice, language: str) -> str:
    return _SUBJECT[(language, notice.transition)].format(
        source=notice.source, contract_id=notice.contract
    )


def body(notice: SourceNotice, language: str) -> str:
    zone = notice.timezone
    last = notice.last_success
    text = _BODY[(language, notice.transition)].format(
        source=notice.source,
        kind=notice.kind,
        service=_SERVICE[language].format(service=notice.service) if notice.service else "",
        failing_since=when(notice.failing_since, zone, language),
        last_success=_NEVER[language] if last is None else when(last, zone, language),
        error=notice.last_error or _NO_ERROR[language],
        lag=lag_words(notice.lag, language),
    )
    footer = _FOOTER[language].format(contract=notice.contract_title, contract_id=notice.contract)
    return f"{text}\n{footer}\n"


def payload(notice: SourceNotice) -> dict[str, Any]:
    """The webhook's JSON body: machine fields, then the subjects in both languages."""

    def instant(value: Any) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "type": f"slaledger.source.{notice.transition.value}",
        "contract": notice.contract,
        "contract_title": notice.contract_title,
        "source": notice.source,
        "kind": notice.kind,
        "service": notice.service,
        "transition": notice.transition.value,
        "failing_since": notice.failing_since.isoformat(),
        "last_success": instant(notice.last_success),
        "last_error": notice.last_error,
        "synced_until": instant(notice.synced_until),
        "lag_seconds": None if notice.lag is None else int(notice.lag.total_seconds()),
        "happened_at": notice.at.isoformat(),
        "timezone": notice.timezone,
        "text": {lang: subject(notice, lang) for lang in LANGUAGES},
    }
