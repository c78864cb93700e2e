"""The unclaimed credits of a contract as an iCalendar feed (RFC 5545): one event per
credit still open to a claim, on its claim deadline, saying what the credit is worth
(its value in its unit, and its amount and currency when the fee is known) and which
clause asks for the claim, in the contract's language (French or English).

A deadline at local 00:00 (the end of a day) is an all-day event on its last day,
any other an instant event; each event reminds 7 days and 1 day before. UIDs come from
the contract and the month, so a credit keeps its event from one export to the next,
and the event leaves the feed once the credit is claimed or its deadline passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from icalendar import Alarm, Calendar, Event

from slaledger.adapters.reports.ics import uid
from slaledger.domain.commercial.credit_money import CreditAmount
from slaledger.services.claim_book import ClaimRow

PRODID = "-//SLA Ledger//Credit claims calendar//EN"
REMINDERS = (timedelta(days=7), timedelta(days=1))
WORDS = {
    "fr": {
        "name": "{title} — demandes de crédit",
        "summary": "Date limite de demande\u00a0: crédit de {month} ({contract})",
        "credit": "Crédit\u00a0: {value}",
        "amount": "Montant\u00a0: {amount}",
        "no_amount": "Montant\u00a0: non calculé (aucune redevance connue)",
        "undetermined": "à fixer entre les parties",
        "clause": "Clause\u00a0: {clause}",
        "how": "À demander avant la date limite, sur le tableau de bord ou par l'API.",
        "reminder": "Rappel\u00a0: demande du crédit de {month} avant le {day}",
        "percent": "{value}\u00a0% de la redevance",
        "days": "{value} jours d'abonnement",
    },
    "en": {
        "name": "{title} — credit claims",
        "summary": "Claim deadline: credit of {month} ({contract})",
        "credit": "Credit: {value}",
        "amount": "Amount: {amount}",
        "no_amount": "Amount: not computed (no fee known)",
        "undetermined": "to be set by the parties",
        "clause": "Clause: {clause}",
        "how": "Claim it before the deadline, on the dashboard or through the API.",
        "reminder": "Reminder: claim the credit of {month} by {day}",
        "percent": "{value} % of the fee",
        "days": "{value} days of subscription",
    },
}


def claims_to_ics(
    rows: Sequence[ClaimRow],
    *,
    contract_id: str,
    title: str,
    zone: str,
    language: str,
    clause: str,
    generated_at: datetime,
    amounts: Sequence[CreditAmount | None] = (),
) -> bytes:
    """The feed of the ``rows`` open to a claim (the others are left out); ``amounts``:
    each row's money, when known (same order)."""
    words = WORDS.get(language, WORDS["en"])
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = words["name"].format(title=title)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone)
    stamp = generated_at.astimezone(UTC)
    money = list(amounts) + [None] * (len(rows) - len(amounts))
    for row, amount in zip(rows, money, strict=True):
        if row.claimable and row.deadline is not None:
            event = _event(row, amount, contract_id, zone, language, clause, stamp)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def _event(
    row: ClaimRow,
    amount: CreditAmount | None,
    contract_id: str,
    zone: str,
    language: str,
    clause: str,
    stamp: datetime,
) -> Event:
    words = WORDS.get(language, WORDS["en"])
    assert row.deadline is not None
    local = row.deadline.astimezone(ZoneInfo(zone))
    month = format_date(date(row.month.year, row.month.month, 1), "MMMM y", locale=language)
    event = Event()
    event.add("uid", uid(contract_id, f"claim|{row.service}|{row.month}"))
    event.add("dtstamp", stamp)
    event.add("summary", words["summary"].format(month=month, contract=contract_id))
    midnight = (local.hour, local.minute, local.second) == (0, 0, 0)
    last_day = (local - timedelta(days=1)).date() if midnight else local.date()
    if midnight:
        event.add("dtstart", last_day)
        event.add("dtend", last_day + timedelta(days=1))
    else:
        event.add("dtstart", local)
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["credit-claim"])
    lines = [words["credit"].format(value=_value(row, language))]
    if amount is not None and amount.amount is not None:
        shown = format_currency(amount.amount, amount.currency, locale=language)
        lines.append(words["amount"].format(amount=shown))
    else:
        lines.append(words["no_amount"])
    lines += [words["clause"].format(clause=clause), words["how"]]
    event.add("description", "\n".join(lines))
    if amount is not None and amount.amount is not None:
        event.add("x-slaledger-amount", str(amount.amount))
        event.add("x-slaledger-currency", amount.currency)
    day = format_date(last_day, "long", locale=language)
    for before in REMINDERS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -before)
        alarm.add("description", words["reminder"].format(month=month, day=day))
        event.add_component(alarm)
    return event


def _value(row: ClaimRow, language: str) -> str:
    words = WORDS.get(language, WORDS["en"])
    value = row.value
    if value is None:
        return words["undetermined"]
    number = format_decimal(Decimal(value), locale=language)
    return words["percent" if row.unit == "percent-of-fee" else "days"].format(value=number)
