"""``sla burn``: the burn-rate alerts of an availability clause at an instant, with the
inputs of ``sla budget``: each rule's windows and burn rates, and the episodes of the
period so far (docs/alerts.md, "Burn-rate alerts")."""

from __future__ import annotations

import json
from decimal import ROUND_DOWN, Decimal
from typing import Any

import click
from babel.numbers import format_decimal

from slaledger.adapters.cli.budget_inputs import LOCALES, budget_options, read_inputs
from slaledger.adapters.cli.errors import told
from slaledger.adapters.cli.values import COMMAND_LINE
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.domain.burn import DEFAULT_RULES, RULES_EXPECTED, parse_rules
from slaledger.domain.message import msg
from slaledger.services.availability import AvailabilityError
from slaledger.services.burn_alerts import burn_status
from slaledger.services.burn_json import burn_json

WORDS = {
    "en": {
        "head": "{service}  {label}  at {at}: burn-rate alerts",
        "budget": "budget ({label}): {consumed} min consumed of {allowed} min, {left} min left",
        "none": "no budget: the clause states no target, allowance or credit tier",
        "rule": "{severity} {rule}: burn rate {long} over {long_window}, {short} over "
        "{short_window} (threshold {threshold}){firing}",
        "firing": " — FIRING",
        "episode": "{severity} episode from {started} to {ended}",
        "open": "{severity} episode since {started}, still on",
        "quiet": "no episode this period",
        "page": "page",
        "ticket": "ticket",
    },
    "fr": {
        "head": "{service}  {label}  au {at} : alertes de taux de combustion",
        "budget": "budget ({label}) : {consumed} min consommées sur {allowed} min, "
        "{left} min restantes",
        "none": "pas de budget : la clause ne fixe ni objectif, ni plafond, ni palier",
        "rule": "{severity} {rule} : taux {long} sur {long_window}, {short} sur "
        "{short_window} (seuil {threshold}){firing}",
        "firing": " — DÉCLENCHÉE",
        "episode": "épisode {severity} du {started} au {ended}",
        "open": "épisode {severity} depuis le {started}, en cours",
        "quiet": "aucun épisode sur la période",
        "page": "astreinte",
        "ticket": "ticket",
    },
}


@click.command("burn")
@budget_options
@click.option("--rules", "rules_text", help=RULES_EXPECTED + " (default: those)")
def burn(**options: Any) -> None:
    """Burn-rate alerts (multi-window, multi-burn-rate) on the clause's error budget: the
    rates of each rule at the instant and the episodes of the period so far."""
    inputs = read_inputs(options)
    rules = DEFAULT_RULES
    if options["rules_text"]:
        try:
            rules = parse_rules(options["rules_text"])
        except ValueError as exc:
            expected = msg("input.cli.burn-rules", rules=RULES_EXPECTED, reason=str(exc))
            found = repr(options["rules_text"])
            raise InputError([Problem(COMMAND_LINE, "--rules", expected, found)]) from None
    try:
        status = burn_status(
            contract=inputs.contract,
            at=int(inputs.at.timestamp()),
            month=inputs.month,
            observations=inputs.observations,
            calendars=inputs.calendars,
            service=inputs.service,
            opened=inputs.opened,
            rules=rules,
        )
    except AvailabilityError as exc:
        raise click.ClickException(told(exc.message)) from None
    document = burn_json(status, inputs.zone)
    if inputs.as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for line in burn_text(document, inputs.language):
        click.echo(line)


def _number(value: float | None, language: str) -> str:
    if value is None:
        return "—"
    shown = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return str(format_decimal(shown, format="#,##0.#", locale=LOCALES[language]))


def burn_text(document: dict[str, Any], language: str) -> list[str]:
    """The status as lines a person reads, in French or English."""
    words = WORDS[language]
    out = [
        words["head"].format(
            service=document["service"], label=document["period"]["label"], at=document["at"]
        )
    ]
    budget = document["budget"]
    if budget is None:
        return [*out, words["none"]]
    out.append(
        words["budget"].format(
            label=budget["label"],
            consumed=_number(budget["minutes_consumed"], language),
            allowed=_number(budget["minutes_allowed"], language),
            left=_number(budget["minutes_remaining"], language),
        )
    )
    for rule in document["rules"]:
        out.append(
            "  "
            + words["rule"].format(
                severity=words[rule["severity"]],
                rule=rule["rule"].split(":", 1)[1],
                long=_number(rule["burn_rate_long"], language),
                long_window=rule["long_window"],
                short=_number(rule["burn_rate_short"], language),
                short_window=rule["short_window"],
                threshold=_number(rule["threshold"], language),
                firing=words["firing"] if rule["firing"] else "",
            )
        )
    for episode in document["episodes"]:
        key = "open" if episode["ended"] is None else "episode"
        out.append(
            words[key].format(
                severity=words[episode["severity"]],
                started=episode["started"],
                ended=episode["ended"],
            )
        )
    if not document["episodes"]:
        out.append(words["quiet"])
    return out
