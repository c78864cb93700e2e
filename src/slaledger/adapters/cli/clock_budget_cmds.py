"""``sla clock-budget``: for the rolling mean KPIs, how much more restore time before
each is missed; for the open incidents, their clocks ordered by the money at stake if
the service stays down until the deadline (docs/budgets.md, "KPI and clock budgets")."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import click
from babel.numbers import format_currency, format_decimal

from slaledger.adapters.cli.budget_inputs import LOCALES, budget_options, read_inputs
from slaledger.adapters.cli.errors import told
from slaledger.adapters.cli.incident_cmds import read_contract_events
from slaledger.services.availability import AvailabilityError
from slaledger.services.clock_budget import at_risk, kpi_budgets
from slaledger.services.clock_budget_json import clock_budget_json

WORDS = {
    "en": {
        "head": "{contract}  at {at}",
        "kpi": "{kpi} {name} (at most {limit} min{classes}): {counted} incidents "
        "counted, {open} open; {remaining} min of clock time left before the KPI is missed, "
        "the next incident may take {next} min",
        "missed": "{kpi} {name} (at most {limit} min{classes}): MISSED by {over} min "
        "({counted} incidents counted, {open} open)",
        "no_kpi": "no mean KPI with an upper limit",
        "risks": "open clocks, most money at stake first:",
        "risk": "{incident} {clock} ({status}, deadline {deadline}): {down} min down by "
        "then{stake}",
        "stake": "; {money} at stake ({tier})",
        "no_risk": "no open clock",
        "running": "running",
        "at-risk": "at risk",
        "breached": "breached",
    },
    "fr": {
        "head": "{contract}  au {at}",
        "kpi": "{kpi} {name} (au plus {limit}\u00a0min{classes})\u00a0: {counted} incidents "
        "comptés, {open} ouverts\u00a0; reste {remaining}\u00a0min de délai avant de manquer "
        "le KPI, le prochain incident peut prendre {next}\u00a0min",
        "missed": "{kpi} {name} (au plus {limit}\u00a0min{classes})\u00a0: MANQUÉ de "
        "{over}\u00a0min ({counted} incidents comptés, {open} ouverts)",
        "no_kpi": "aucun KPI de moyenne avec une limite haute",
        "risks": "délais ouverts, le plus d'argent en jeu d'abord\u00a0:",
        "risk": "{incident} {clock} ({status}, échéance {deadline})\u00a0: {down}\u00a0min "
        "d'indisponibilité d'ici là{stake}",
        "stake": "\u00a0; {money} en jeu ({tier})",
        "no_risk": "aucun délai ouvert",
        "running": "en cours",
        "at-risk": "à risque",
        "breached": "dépassé",
    },
}


@click.command("clock-budget")
@budget_options
@click.option("--events", "events_file", required=True, help="incident events (CSV or JSON lines)")
@click.option(
    "--risk-share",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.75,
    show_default=True,
    help="share of a target after which a clock is at risk",
)
def clock_budget(**options: Any) -> None:
    """Restore time left before each rolling mean KPI is missed, and the open incidents'
    clocks ordered by the credit (in money, with --fee) a breach would make owed."""
    inputs = read_inputs(options)
    table = read_contract_events(inputs.contract, options["events_file"])
    at = int(inputs.at.timestamp())
    fee = inputs.fee
    try:
        kpis = kpi_budgets(contract=inputs.contract, at=at, log=table.log,
                           calendars=inputs.calendars, kinds=table.kind)  # fmt: skip
        risks, budget = at_risk(
            contract=inputs.contract, at=at, log=table.log, calendars=inputs.calendars,
            kinds=table.kind, observations=inputs.observations, service=inputs.service,
            opened=inputs.opened, fee=None if fee is None else fee.amount,
            risk_share=options["risk_share"],
        )  # fmt: skip
    except AvailabilityError as exc:
        raise click.ClickException(told(exc.message)) from None
    document = clock_budget_json(contract=inputs.contract.id, at=at, kpis=kpis, risks=risks,
                                 budget=budget, zone=inputs.zone, fee=fee)  # fmt: skip
    if inputs.as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for line in clock_budget_text(document, inputs.language):
        click.echo(line)


def _m(value: float, language: str) -> str:
    shown = Decimal(str(value)).quantize(Decimal("0.1"))
    return str(format_decimal(shown, format="#,##0.#", locale=LOCALES[language]))


def clock_budget_text(document: dict[str, Any], language: str) -> list[str]:
    words = WORDS[language]
    out = [words["head"].format(contract=document["contract"], at=document["at"])]
    for k in document["kpis"]:
        common = {
            "kpi": k["kpi"],
            "name": k["name"],
            "limit": _m(k["minutes_limit"], language),
            "classes": "".join(", " + c for c in k["classes"]),
            "counted": k["incidents_counted"],
            "open": k["incidents_open"],
        }
        if k["missed"]:
            line = words["missed"].format(**common, over=_m(-k["minutes_remaining"], language))
        else:
            line = words["kpi"].format(
                **common,
                remaining=_m(k["minutes_remaining"], language),
                next=_m(k["minutes_next_incident"], language),
            )
        out.append("  " + line)
    if not document["kpis"]:
        out.append("  " + words["no_kpi"])
    out.append(words["risks"] if document["at_risk"] else words["no_risk"])
    for r in document["at_risk"]:
        stake = ""
        if r["money_at_stake"] is not None and r["tier_then"] is not None:
            money = format_currency(Decimal(r["money_at_stake"]), r["currency"],
                                    locale=LOCALES[language])  # fmt: skip
            stake = words["stake"].format(money=money, tier=r["tier_then"])
        out.append(
            "  "
            + words["risk"].format(
                incident=r["incident"], clock=r["clock_title"], status=words[r["status"]],
                deadline=r["deadline"], down=_m(r["minutes_down_by_deadline"], language),
                stake=stake,
            )
        )  # fmt: skip
    return out
