"""``sla forecast``: the month-end forecast of an availability clause's budget at an
instant (the inputs of ``sla budget``); ``sla forecast-backtest``: how often the
mid-month forecast was right over past months (docs/budgets.md, "Forecasts")."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import click
from babel.numbers import format_currency, format_decimal, format_percent

from slaledger.adapters.cli.budget_cmds import budget_text
from slaledger.adapters.cli.budget_inputs import (
    LOCALES,
    budget_options,
    observation_options,
    read_inputs,
)
from slaledger.adapters.cli.errors import told
from slaledger.adapters.cli.values import month_value
from slaledger.adapters.i18n.json import localized
from slaledger.adapters.readable import figures_text
from slaledger.domain.forecast import DEFAULT_DRAWS, DEFAULT_SEED
from slaledger.services.availability import AvailabilityError
from slaledger.services.forecast import forecast_at
from slaledger.services.forecast_backtest import Score, backtest
from slaledger.services.forecast_json import forecast_json

WORDS = {
    "en": {
        "continues": "if the current burn continues: {minutes} min down at the period's end, "
        "availability {availability} %",
        "credit": "credit then owed: {tier}{money}",
        "no_credit": "no credit then owed",
        "model": "bootstrap of {days} past days ({down} min down), {draws} draws, seed {seed}",
        "no_history": "no observed past day: no probability",
        "spread": "downtime at the period's end: {p10} min (p10), {p50} min (median), "
        "{p90} min (p90)",
        "line": "{label} [{clause}]: probability {what} {probability}",
        "missed": "of missing it",
        "reached": "of reaching it",
        "head": "{contract}  months {first} to {last}, forecast on day {day}",
        "score": "{which}: {lines} lines, {missed} missed; forecast right {right}, "
        "projection right {projection}, naive right {naive}; Brier {brier}",
        "all": "every line",
        "open": "lines not yet missed at mid-month",
    },
    "fr": {
        "continues": "si le rythme actuel continue : {minutes} min d'indisponibilité en fin de "
        "période, disponibilité {availability} %",
        "credit": "crédit alors dû : {tier}{money}",
        "no_credit": "aucun crédit alors dû",
        "model": "rééchantillonnage de {days} jours passés ({down} min d'indisponibilité), "
        "{draws} tirages, graine {seed}",
        "no_history": "aucun jour passé observé : pas de probabilité",
        "spread": "indisponibilité en fin de période : {p10} min (p10), {p50} min (médiane), "
        "{p90} min (p90)",
        "line": "{label} [{clause}] : probabilité {what} {probability}",
        "missed": "de le manquer",
        "reached": "de l'atteindre",
        "head": "{contract}  mois {first} à {last}, prévision le {day} du mois",
        "score": "{which} : {lines} lignes, {missed} manquées ; prévision juste {right}, "
        "projection juste {projection}, naïve juste {naive} ; Brier {brier}",
        "all": "toutes les lignes",
        "open": "lignes pas encore manquées à mi-mois",
    },
}

_DRAWS = click.option("--draws", type=click.IntRange(100, 200_000), default=DEFAULT_DRAWS,
                      show_default=True, help="futures drawn")  # fmt: skip
_SEED = click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
                     help="the random generator's seed")  # fmt: skip


@click.command("forecast")
@budget_options
@_DRAWS
@_SEED
def forecast(**options: Any) -> None:
    """The budget at the instant, the period's end if the current burn continues (its
    availability and credit), and the probability of missing each line from the last
    12 months of daily downtime."""
    inputs = read_inputs(options)
    fee = inputs.fee
    try:
        found = forecast_at(
            contract=inputs.contract,
            at=int(inputs.at.timestamp()),
            month=inputs.month,
            observations=inputs.observations,
            calendars=inputs.calendars,
            service=inputs.service,
            opened=inputs.opened,
            fee=None if fee is None else fee.amount,
            draws=options["draws"],
            seed=options["seed"],
        )
    except AvailabilityError as exc:
        raise click.ClickException(told(exc.message)) from None
    document = localized(forecast_json(found, inputs.zone, fee))
    if inputs.as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for line in forecast_text(document, inputs.language):
        click.echo(line)


def _number(value: float, language: str) -> str:
    return str(format_decimal(Decimal(str(round(value, 1))), format="#,##0.#",
                              locale=LOCALES[language]))  # fmt: skip


def _share(value: float | None, language: str) -> str:
    if value is None:
        return "—"
    pattern = "#,##0.#\u00a0%" if language == "fr" else "#,##0.#%"
    return str(format_percent(value, format=pattern, locale=LOCALES[language]))


def forecast_text(document: dict[str, Any], language: str) -> list[str]:
    words = WORDS[language]
    out = budget_text(document["budget"], language)
    going = document["if_current_burn_continues"]
    availability = going["availability"]
    out.append(
        words["continues"].format(
            minutes=_number(going["minutes_down"], language),
            availability="—" if availability is None else _number(availability, language),
        )
    )
    if going["credit_tier"] is not None:
        money = ""
        if going["credit_amount"] is not None and going["currency"] is not None:
            amount = Decimal(going["credit_amount"])
            money = ", " + format_currency(amount, going["currency"], locale=LOCALES[language])
        out.append(
            "  "
            + words["credit"].format(tier=figures_text(going["credit_tier"], language), money=money)
        )
    else:
        out.append("  " + words["no_credit"])
    model = document["model"]
    if document["minutes_down_at_end"] is None:
        out.append(words["no_history"])
        return out
    out.append(
        words["model"].format(
            days=model["history_days"],
            down=_number(model["history_minutes_down"], language),
            draws=model["draws"],
            seed=model["seed"],
        )
    )
    spread = document["minutes_down_at_end"]
    out.append(
        "  " + words["spread"].format(**{k: _number(v, language) for k, v in spread.items()})
    )
    for line in document["lines"]:
        out.append(
            "  "
            + words["line"].format(
                label=figures_text(line["label"], language),
                clause=line["clause"],
                what=words["reached" if line["kind"] == "tier" else "missed"],
                probability=_share(line["probability"], language),
            )
        )
    return out


@click.command("forecast-backtest")
@observation_options
@click.option("--from", "first_text", required=True, help="the first month, YYYY-MM")
@click.option("--to", "last_text", required=True, help="the last month, YYYY-MM")
@click.option("--day", type=click.IntRange(2, 28), default=15, show_default=True,
              help="the day of the month the forecast is made on, at 00:00")  # fmt: skip
@_DRAWS
@_SEED
def forecast_backtest(**options: Any) -> None:
    """How often the forecast made on ``--day`` of each month was right at the period's
    end, against the projection and the naive forecast (docs/budgets.md)."""
    inputs = read_inputs(options)
    first = month_value(options["first_text"], "--from")
    last = month_value(options["last_text"], "--to")
    months = []
    month = first
    while (month.year, month.month) <= (last.year, last.month):
        months.append(month)
        month = month.shift(1)
    try:
        summary = backtest(
            contract=inputs.contract,
            months=months,
            observations=inputs.observations,
            calendars=inputs.calendars,
            service=inputs.service,
            opened=inputs.opened,
            day=options["day"],
            draws=options["draws"],
            seed=options["seed"],
        )
    except AvailabilityError as exc:
        raise click.ClickException(told(exc.message)) from None
    scores = {"all": summary.all_lines, "open": summary.open_lines}
    if inputs.as_json:
        document = {
            "contract": inputs.contract.id,
            "months": [str(m) for m in months],
            "day": options["day"],
            **{key: _score_json(s) for key, s in scores.items()},
            "rows": [
                {
                    "month": str(r.month),
                    "kind": r.kind,
                    "label": r.label,
                    "probability": r.probability,
                    "projected_missed": r.projected_missed,
                    "missed_at_instant": r.missed_at_instant,
                    "missed": r.missed,
                }
                for r in summary.rows
            ],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    words, language = WORDS[inputs.language], inputs.language
    click.echo(words["head"].format(contract=inputs.contract.id, first=first, last=last,
                                    day=options["day"]))  # fmt: skip
    for key, found in scores.items():
        click.echo(
            "  "
            + words["score"].format(
                which=words[key],
                lines=found.lines,
                missed=_share(found.missed, language),
                right=_share(found.bootstrap_right, language),
                projection=_share(found.projection_right, language),
                naive=_share(found.naive_right, language),
                brier="—" if found.brier is None else f"{found.brier:.3f}",
            )
        )


def _score_json(found: Score) -> dict[str, Any]:
    def share(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "lines": found.lines,
        "missed": share(found.missed),
        "forecast_right": share(found.bootstrap_right),
        "projection_right": share(found.projection_right),
        "naive_right": share(found.naive_right),
        "brier": None if found.brier is None else round(found.brier, 4),
    }
