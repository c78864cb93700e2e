"""``sla budget``: the error budget of an availability clause at an instant, with the same
inputs as ``sla availability`` (docs/budgets.md)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

import click
from babel.numbers import format_currency, format_decimal

from slaledger.adapters.cli.budget_inputs import LANGUAGES, LOCALES, budget_options, read_inputs
from slaledger.adapters.cli.errors import told
from slaledger.adapters.i18n import render
from slaledger.adapters.i18n.json import localized
from slaledger.adapters.readable import figures_text, instant_text
from slaledger.services.availability import AvailabilityError
from slaledger.services.budget import NOTES, budget_at
from slaledger.services.budget_json import budget_json

__all__ = ["LANGUAGES", "LOCALES", "budget", "budget_text"]

WORDS = {
    "en": {
        "target": "target {label}",
        "allowance": "allowance, {label}",
        "tier": "credit tier {label}",
        "allowed": "{minutes} min allowed",
        "consumed": "{minutes} min consumed",
        "left": "{minutes} min left",
        "over": "EXCEEDED by {minutes} min",
        "even": "even spend by now {minutes} min",
        "before_tier": "{minutes} min left before the tier",
        "tier_reached": "tier REACHED ({minutes} min beyond its boundary)",
        "stake": "{money} at stake",
        "percent": "{percent} % credit",
        "days": "{days} days of credit",
        "head": "{service}  {label}  at {at}",
        "usage": "down so far {consumed} min of {denominator} min measured "
        "({removed} min removed, {excused} min excused)",
        "credit_usage": "credit tiers count {minutes} min of it",
        "none": "no budget: the clause states no target, allowance or credit tier",
        "note": "note",
    },
    "fr": {
        "target": "objectif {label}",
        "allowance": "plafond, {label}",
        "tier": "palier de crédit {label}",
        "allowed": "{minutes} min permises",
        "consumed": "{minutes} min consommées",
        "left": "{minutes} min restantes",
        "over": "DÉPASSÉ de {minutes} min",
        "even": "dépense régulière à cette date {minutes} min",
        "before_tier": "{minutes} min restantes avant le palier",
        "tier_reached": "palier ATTEINT ({minutes} min au-delà de sa limite)",
        "stake": "{money} en jeu",
        "percent": "crédit de {percent} %",
        "days": "{days} jours de crédit",
        "head": "{service}  {label}  au {at}",
        "usage": "indisponibilité à cette date {consumed} min sur {denominator} min mesurées "
        "({removed} min retirées, {excused} min excusées)",
        "credit_usage": "les paliers de crédit en comptent {minutes} min",
        "none": "pas de budget : la clause ne fixe ni objectif, ni plafond, ni palier",
        "note": "remarque",
    },
}


@click.command("budget")
@budget_options
def budget(**options: Any) -> None:
    """Downtime allowed before the target is missed and before each credit tier, consumed
    so far (after exclusions), left, and the even-spend line at the instant; with a fee,
    the money each tier puts at stake."""
    inputs = read_inputs(options)
    fee = inputs.fee
    try:
        found = budget_at(
            contract=inputs.contract,
            at=int(inputs.at.timestamp()),
            month=inputs.month,
            observations=inputs.observations,
            calendars=inputs.calendars,
            service=inputs.service,
            opened=inputs.opened,
            fee=None if fee is None else fee.amount,
        )
    except AvailabilityError as exc:
        raise click.ClickException(told(exc.message)) from None
    document = localized(budget_json(found, inputs.zone, fee))
    if inputs.as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for line in budget_text(document, inputs.language):
        click.echo(line)


# ------------------------------------------------------------------------ text
def _minutes(value: float, language: str) -> str:
    """Minutes to one decimal, truncated (a budget left is never overstated)."""
    shown = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return str(format_decimal(shown, format="#,##0.#", locale=LOCALES[language]))


def budget_text(document: dict[str, Any], language: str) -> list[str]:
    """The budget as lines a person reads, in French or English."""
    words = WORDS[language]

    def m(value: float) -> str:
        return _minutes(value, language)

    out = [
        words["head"].format(
            service=document["service"],
            label=document["period"]["label"],
            at=instant_text(datetime.fromisoformat(document["at"]), None, language),
        ),
        words["usage"].format(
            consumed=m(document["minutes_consumed"]),
            denominator=m(document["minutes_denominator"]),
            removed=m(document["minutes_removed"]),
            excused=m(document["minutes_excused"]),
        ),
    ]
    if document["credit_minutes_consumed"] is not None:
        out.append(
            "  " + words["credit_usage"].format(minutes=m(document["credit_minutes_consumed"]))
        )
    for line in document["lines"]:
        out.append(_line_text(line, words, language))
    if not document["lines"]:
        out.append(words["none"])
    for note in document["notes"]:
        if note["key"] == "no-lines":
            continue  # said by words["none"]
        text = render(NOTES[note["key"]], language) if note["key"] in NOTES else note["text"]
        out.append(f"  {words['note']}{' :' if language == 'fr' else ':'} {text}")
    return out


def _line_text(line: dict[str, Any], words: dict[str, str], language: str) -> str:
    def m(value: float) -> str:
        return _minutes(value, language)

    head = words[line["kind"]].format(label=figures_text(line["label"], language))
    parts = [
        words["allowed"].format(minutes=m(line["minutes_allowed"])),
        words["consumed"].format(minutes=m(line["minutes_consumed"])),
    ]
    if line["kind"] == "tier":
        parts.append(
            words["tier_reached"].format(minutes=m(line["minutes_over"]))
            if line["exceeded"]
            else words["before_tier"].format(minutes=m(line["minutes_remaining"]))
        )
    else:
        parts.append(
            words["over"].format(minutes=m(line["minutes_over"]))
            if line["exceeded"]
            else words["left"].format(minutes=m(line["minutes_remaining"]))
        )
    parts.append(words["even"].format(minutes=m(line["minutes_even_spend"])))
    if line["credit_percent"] is not None:
        parts.append(
            words["percent"].format(percent=figures_text(str(line["credit_percent"]), language))
        )
    if line["credit_days"] is not None:
        parts.append(words["days"].format(days=figures_text(str(line["credit_days"]), language)))
    if line["money_at_stake"] is not None:
        money = format_currency(
            Decimal(line["money_at_stake"]), line["currency"], locale=LOCALES[language]
        )
        parts.append(words["stake"].format(money=money))
    separator, colon = (" ; ", " : ") if language == "fr" else ("; ", ": ")
    return f"{head} [{line['clause']}]{colon}" + separator.join(parts)
