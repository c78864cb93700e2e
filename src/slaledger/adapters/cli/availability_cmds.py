"""``sla availability`` and ``sla credits``: a month's figure and the credit it earns."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click

from slaledger.adapters.cli.errors import told
from slaledger.adapters.cli.fee_options import fee_book, fee_book_options
from slaledger.adapters.cli.people import availability_of, percent_of, range_of, when
from slaledger.adapters.cli.report_cmds import contract_events
from slaledger.adapters.cli.values import (
    OBSERVATION_OPTIONS,
    covers_flag,
    date_value,
    fee_value,
    language_option,
    month_value,
)
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.coverage import covers_option
from slaledger.adapters.files.source import FileObservations
from slaledger.adapters.i18n import render, renderer
from slaledger.adapters.i18n.json import localized
from slaledger.adapters.readable import figures_text
from slaledger.bootstrap import contract_calendars, min_coverage
from slaledger.domain.message import Items, Message, Number, Percent, msg
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    CreditReport,
    availability_for_month,
    credits_for_month,
)
from slaledger.services.credit_pricing import price_credit
from slaledger.services.fees import FEE_SOURCE_WORDS
from slaledger.services.figures_json import credit_json, measure_json

F = TypeVar("F", bound=Callable[..., Any])


def _inputs(command: F) -> F:
    """The options both commands share."""
    options = [
        click.argument("contract_file", metavar="CONTRACT"),
        click.option("--month", "month_text", required=True, help="the month, YYYY-MM"),
        *OBSERVATION_OPTIONS,
        click.option("--json", "as_json", is_flag=True, help="print JSON"),
        language_option(
            "the language of the text output's notes and trace reasons (JSON keeps "
            "English texts beside the message ids)"
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return covers_flag(command)


class _FigureByDefault(click.Group):
    """``sla availability CONTRACT ...`` (one figure) unless a subcommand is named
    (``sla availability batch ...``)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["figure", *args]
        return super().parse_args(ctx, args)


@click.command("figure", hidden=True)
@_inputs
def figure_command(**options: Any) -> None:
    """The contract's availability figure for the period ending with the month, with the
    exclusions and the trace of every interval that counted or was excluded."""
    request = _Request(options)
    try:
        figure = availability_for_month(
            contract=request.contract,
            month=request.month,
            observations=request.observations,
            calendars=contract_calendars(request.contract),
            service=request.service,
            opened=request.opened,
        )
    except AvailabilityError as exc:
        raise click.ClickException(told(exc.message)) from None
    document = localized(measure_json(figure, request.zone), request.language)
    if options["as_json"]:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    _echo_measure(document, request.language)


availability = _FigureByDefault(
    "availability",
    commands=[figure_command],
    help="The contract's availability figure for the period ending with the month, with the "
    "exclusions and the trace of every interval that counted or was excluded: "
    "sla availability CONTRACT --month M [--outages F --samples F --counts F ...]. "
    "For many contracts at once: sla availability batch --contracts DIR --month M "
    "--counts PATH --output PATH [--engine duckdb|spark].",
)


@click.command("credits")
@_inputs
@click.option(
    "--fee", "fee_text", help="the monthly fee with its ISO 4217 currency, e.g. '1250.00 EUR'"
)
@fee_book_options
def credits(**options: Any) -> None:
    """The credit tier the month's availability falls in, its percentage or days, the
    amount in money and the fee it rests on (--fee, else --billing, else the contract's
    price), the cap that bit, and the claim deadline."""
    request = _Request(options)
    fee = fee_value(options["fee_text"])
    book = fee_book(request.contract, options)

    def report_for(month: Month) -> CreditReport | None:
        try:
            return credits_for_month(
                contract=request.contract,
                month=month,
                observations=request.observations,
                calendars=contract_calendars(request.contract),
                fee=None,
                service=request.service,
                opened=request.opened,
            )
        except AvailabilityError:
            return None

    try:
        report = credits_for_month(
            contract=request.contract,
            month=request.month,
            observations=request.observations,
            calendars=contract_calendars(request.contract),
            fee=None if fee is None else fee.amount,
            service=request.service,
            opened=request.opened,
        )
    except AvailabilityError as exc:
        raise click.ClickException(told(exc.message)) from None
    priced = price_credit(
        report,
        contract=request.contract,
        service=request.service or report.measure.service or None,
        month=request.month,
        explicit=fee,
        book=book,
        report_for=report_for,
    )
    document = localized(credit_json(report, request.zone, fee, priced=priced), request.language)
    if options["as_json"]:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    language = request.language
    say = renderer(language)
    _echo_measure(document, language)
    click.echo(credit_line(document, language))
    if document["fee_source"] is not None:
        fee_text = msg(
            "cli.credit.fee",
            fee=figures_text(document["fee"], language),
            currency=document["currency"],
            source=FEE_SOURCE_WORDS.get(document["fee_source"], document["fee_source"]),
        )
        click.echo(say(fee_text))
        for line in document["fee_trace"]:
            click.echo("  " + say(msg("cli.credit.fee-line", line=line)))
    if document["money_cap"] is not None:
        click.echo("  " + say(msg("cli.credit.cap", note=document["money_cap"]["note"])))
    for note in document["notes"]:
        click.echo("  " + say(msg("cli.credit.note", note=note)))


class _Request:
    """The command line, read and checked: the contract, the month, the observations."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.month = month_value(options["month_text"])
        #: the text output's language; JSON stays English (its message ids beside)
        self.language = "en" if options["as_json"] else options.get("language", "en")
        self.opened = date_value(options["opened_text"])
        loaded = load_contract(options["contract_file"])
        self.contract = loaded.contract
        self.zone = ZoneInfo(self.contract.timezone)
        self.service: str | None = options["service"]
        source = FileObservations(
            outages=options["outages_file"],
            samples=options["samples_file"],
            counts=options["counts_file"],
            maintenance=options["maintenance_file"],
            covers=covers_option(options["covers_texts"], self.zone),
            min_coverage=min_coverage(),
            contract_events=contract_events(options["obligation_events_file"], self.contract),
        )
        self.observations = source.observations(self.contract)


# ------------------------------------------------------------------------ output
#: how the text output names a period without a figure (``coverage.state``)
NO_FIGURE = {
    "none": msg("cli.availability.no-data"),
    "insufficient": msg("cli.availability.insufficient"),
}
#: the verdict beside a figure
VERDICTS = {
    True: msg("cli.availability.met"),
    False: msg("cli.availability.missed"),
    None: msg("cli.availability.no-target"),
}


def _echo_measure(document: dict[str, Any], language: str = "en") -> None:
    say = renderer(language)
    met = say(VERDICTS[document["met"]])
    if not document["guaranteed"]:
        met = say(msg("cli.availability.not-guaranteed"))
    period = document["period"]
    click.echo(
        f"{document['service']}  {period['label']}  "
        f"({when(period['start'], language)} .. {when(period['end'], language)})"
    )
    coverage = document["coverage"]
    target = percent_of(document["target"], language)
    if document["availability"] is None and coverage and coverage["state"] in NO_FIGURE:
        state = NO_FIGURE[coverage["state"]]
        click.echo(
            say(
                msg(
                    "cli.availability.no-figure",
                    state=state,
                    reason=coverage["reason"],
                    target=target,
                )
            )
        )
    else:
        figure = availability_of(document, language)
        click.echo(say(msg("cli.availability.figure", availability=figure, target=target, met=met)))
    if coverage and coverage["state"] == "partial":
        click.echo(say(msg("cli.availability.coverage", reason=coverage["reason"])))
    if document["downtime_allowance"] is not None:
        click.echo(allowance_line(document["downtime_allowance"], language))
    click.echo(
        say(
            msg(
                "cli.availability.minutes",
                total=_count(document["minutes_total"], language),
                excluded=_count(document["minutes_excluded"], language),
                removed=_count(document["minutes_removed"], language),
                excused=_count(document["minutes_excused"], language),
                down=_count(document["minutes_down"], language),
            )
        )
    )
    for span in document["not_guaranteed"]:
        click.echo(
            say(
                msg(
                    "cli.availability.not-guaranteed-span",
                    start=when(span["start"], language),
                    end=when(span["end"], language),
                    minutes=_count(span["minutes"], language),
                    reason=span["reason"],
                    clause=span["clause"],
                )
            )
        )
    for entry in document["trace"]:  # codes as they are; the reason in the language asked
        click.echo(
            f"  {when(entry['start'], language)} .. {when(entry['end'], language)}"
            f"  {_count(entry['minutes'], language):>8} min  "
            f"{entry['effect']:<12} {entry['category']:<26} {entry['reason']} "
            f"[{entry['clause']}; {entry['source']}]"
        )


def _count(value: Any, language: str) -> str:
    """A count of minutes the locale's way ("44 640" in French, "44640" in English)."""
    return figures_text(str(value), language)


def allowance_line(allowance: dict[str, Any], language: str = "en") -> str:
    """The allowance's verdict: within it with the minutes left, or exceeded by how much."""
    minutes = figures_text(str(allowance["minutes"]), language)
    if allowance["met"] is None:
        line = msg("cli.availability.allowance-none", minutes=minutes)
    elif allowance["met"]:
        left = figures_text(str(allowance["minutes_left"]), language)
        line = msg("cli.availability.allowance-within", minutes=minutes, left=left)
    else:
        over = figures_text(str(allowance["minutes_over"]), language)
        line = msg("cli.availability.allowance-exceeded", minutes=minutes, over=over)
    return render(line, language)


def credit_line(document: dict[str, Any], language: str = "en") -> str:
    """One line a reader can act on: the tier and what it owes, or why there is nothing."""
    return render(_credit_message(document, language), language)


def _credit_message(document: dict[str, Any], language: str) -> Message:
    outcome = document["outcome"]
    tier = range_of(document["tier_range"], language)
    if outcome == "no-data":
        return msg("cli.credit.no-data")
    if outcome == "gap":
        return msg("cli.credit.gap")
    if outcome == "above-tiers":
        return msg("cli.credit.above")
    if outcome == "no-credit":
        return msg("cli.credit.no-credit", tier=tier)
    if document["credit_percent"]:
        rate: Message | Percent = Percent(Decimal(document["credit_percent"]))
        value = document["credit_percent"]
    elif document["credit_days"] is not None:
        rate = msg("cli.credit.days", days=Number(Decimal(document["credit_days"])))
        value = document["credit_days"]
    else:
        return msg("cli.credit.no-rate", tier=tier)
    if Decimal(value) == 0:
        return msg("cli.credit.zero", tier=tier, rate=rate)
    parts: list[Message] = []
    if document["credit_amount"] is not None:
        amount = figures_text(document["credit_amount"], language)
        currency = document["currency"] or ""
        parts.append(
            msg("cli.credit.amount-capped", amount=amount, currency=currency)
            if document["capped"]
            else msg("cli.credit.amount", amount=amount, currency=currency)
        )
    parts.append(
        msg("cli.credit.claim-by", deadline=when(document["claim_deadline"], language))
        if document["claim_deadline"]
        else msg("cli.credit.no-deadline")
    )
    return msg("cli.credit.owed", tier=tier, rate=rate, parts=Items(tuple(parts), "comma"))


def _add_batch() -> None:
    from slaledger.adapters.cli.availability_batch_cmds import batch

    availability.add_command(batch)


_add_batch()
