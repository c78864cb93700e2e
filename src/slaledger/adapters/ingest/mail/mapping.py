"""Messages to incident events, by the rules.

- Each Message-ID counts once: a second delivery of the same message is left out (and
  counted).
- Only the customer's and the provider's messages count (by sender domain); the others
  are left out and listed. Each of those must have an instant (its ``Date`` header, or
  its first ``Received`` header when the rules say ``instant: received``) with a UTC
  offset: otherwise the whole import is refused, naming every such message (all or
  nothing, as for files).
- A thread's notification gives ``notified`` at its instant; a priority keyword found in
  any of the thread's messages gives ``classified`` when the class changes.
- In a follow-up, each event rule fires at most once per incident, in the order of the
  rules, except ``paused`` (only while running) and ``resumed`` (only while paused).

Every event keeps the Message-ID of the message it came from, as its note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.ingest.mail.message import RawMail, date_expected, parse_mail
from slaledger.adapters.ingest.mail.rules import MailRules, Matcher
from slaledger.adapters.ingest.mail.threads import Left, Party, Thread, thread_messages


@dataclass(frozen=True)
class MailEvent:
    incident: str
    at: datetime  # with the offset the message was dated with
    event: str
    value: str | None
    message_id: str
    origin: str  # the file or mailbox and the message's number there


@dataclass(frozen=True)
class MailImport:
    events: tuple[MailEvent, ...]
    service: str | None
    kind: str
    messages: int  # read, duplicates included
    duplicates: tuple[str, ...] = ()  # origins of the second deliveries left out
    left: tuple[Left, ...] = field(default_factory=tuple)

    @property
    def incidents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.incident for e in self.events))


def mail_events(raws: Iterable[RawMail], rules: MailRules) -> MailImport:
    """The events the messages make, by the rules; an InputError if a party's message
    cannot be dated."""
    seen: set[str] = set()
    duplicates: list[str] = []
    parties: list[Party] = []
    left: list[Left] = []
    problems: list[Problem] = []
    count = 0
    for raw in raws:
        count += 1
        mail = parse_mail(raw, quote=rules.quote_pattern, instant=rules.instant)
        if mail.message_id in seen:
            duplicates.append(mail.origin)
            continue
        seen.add(mail.message_id)
        role = rules.role_of(mail.sender)
        if role == "provider" and rules.instant == "received":
            # the provider's own message is not received by the provider: its Date is
            # the provider's clock (a copy from its Sent folder has no Received header)
            mail = parse_mail(raw, quote=rules.quote_pattern, instant="date")
        if role is None:
            left.append(Left(mail, f"sender domain {mail.sender or 'unknown'} is no party's"))
            continue
        if mail.at is None:
            by_receipt = rules.instant == "received" and role == "customer"
            header = "Received" if by_receipt else "Date"
            problems.append(
                Problem(
                    f"{mail.origin} {mail.message_id}",
                    header,
                    date_expected("received" if by_receipt else "date"),
                    mail.date_problem or "nothing",
                )
            )
            continue
        parties.append(Party(mail, role, mail.at))
    if problems:
        raise InputError(problems)
    threads, unthreaded = thread_messages(parties, rules)
    events = [event for thread in threads for event in _thread_events(thread, rules)]
    events.sort(key=lambda e: e.at)  # stable: a message's events keep the rules' order
    return MailImport(
        events=tuple(events),
        service=rules.service,
        kind=rules.kind,
        messages=count,
        duplicates=tuple(duplicates),
        left=tuple(left + unthreaded),
    )


def _thread_events(thread: Thread, rules: MailRules) -> list[MailEvent]:
    def event(party: Party, name: str, value: str | None) -> MailEvent:
        mail = party.mail
        return MailEvent(thread.incident, party.at, name, value, mail.message_id, mail.origin)

    notice = thread.notification
    out = [event(notice, "notified", None)]
    current = _priority(notice, rules)
    if current is not None:
        out.append(event(notice, "classified", current))
    paused = False
    fired: set[str] = set()
    for party in thread.follow_ups:
        found = _priority(party, rules)
        if found is not None and found != current:
            current = found
            out.append(event(party, "classified", found))
        for rule in rules.events:
            if not _applies(rule, party):
                continue
            if rule.event == "paused":
                if paused:
                    continue
                paused = True
            elif rule.event == "resumed":
                if not paused:
                    continue
                paused = False
            elif rule.event in fired:
                continue
            fired.add(rule.event)
            out.append(event(party, rule.event, rule.value))
    return out


def _priority(party: Party, rules: MailRules) -> str | None:
    for rule in rules.priorities:
        if _applies(rule, party):
            return rule.class_
    return None


def _applies(rule: Matcher, party: Party) -> bool:
    if rule.sender not in ("any", party.role):
        return False
    return rule.found_in(party.mail.subject, party.mail.text)
