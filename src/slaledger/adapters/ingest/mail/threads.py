"""Messages grouped into incidents: one thread per incident.

Two messages are in the same thread when one names the other in ``In-Reply-To`` or
``References`` (or both name a third), or when their subjects carry the same ticket id.
A message without ``In-Reply-To`` or ``References`` that is a reply (``Re:``, ``TR:``...)
or the first to carry a ticket id (a helpdesk that writes a new message under the
customer's subject) joins the latest earlier notification with the same subject, once
reply prefixes and ticket id are taken off.

A thread is an incident when one of its messages is a customer's notification (a
customer's message whose subject the notification rules accept): the first one is the
notification, what comes after it in time its follow-ups. The incident is named by the
first ticket id the thread carries (the provider's helpdesk usually adds it to its first
reply), else by the notification's Message-ID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slaledger.adapters.ingest.mail.message import Mail
from slaledger.adapters.ingest.mail.rules import MailRules


@dataclass(frozen=True)
class Party:
    """A dated message from the customer or the provider."""

    mail: Mail
    role: str  # customer or provider
    at: datetime


@dataclass(frozen=True)
class Thread:
    incident: str
    notification: Party
    follow_ups: tuple[Party, ...]  # in time order, at or after the notification


@dataclass(frozen=True)
class Left:
    """A message that no incident takes, and why."""

    mail: Mail
    reason: str


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, one: str, other: str) -> None:
        first, second = self.find(one), self.find(other)
        if first != second:
            self.parent[second] = first


def thread_messages(parties: list[Party], rules: MailRules) -> tuple[list[Thread], list[Left]]:
    """Incidents from dated messages (one per Message-ID), and the messages left over."""
    ordered = sorted(enumerate(parties), key=lambda pair: (pair[1].at, pair[0]))
    links = _Union()
    by_subject: dict[str, str] = {}
    tickets: set[str] = set()
    for _, party in ordered:
        mail = party.mail
        links.find(mail.message_id)
        ticket = rules.ticket_in(mail.subject)
        new_ticket = ticket is not None and ticket not in tickets
        for parent in mail.parents:
            links.join(parent, mail.message_id)
        if ticket is not None:
            tickets.add(ticket)
            links.join("ticket:" + ticket, mail.message_id)
        subject = rules.thread_subject(mail.subject)
        # a helpdesk's first message under a new ticket id, or a reply, without headers
        if not mail.parents and (new_ticket or (ticket is None and rules.is_reply(mail.subject))):
            earlier = by_subject.get(subject)
            if earlier is not None:
                links.join(earlier, mail.message_id)
        fresh = subject and not rules.is_reply(mail.subject)
        if fresh and party.role == "customer" and rules.is_notification(mail.subject):
            by_subject[subject] = mail.message_id
    groups: dict[str, list[Party]] = {}
    for _, party in ordered:
        groups.setdefault(links.find(party.mail.message_id), []).append(party)
    threads: list[Thread] = []
    left: list[Left] = []
    for members in groups.values():
        start = next(
            (
                i
                for i, p in enumerate(members)
                if p.role == "customer" and rules.is_notification(p.mail.subject)
            ),
            None,
        )
        if start is None:
            reason = "no customer notification in its thread (subject rules: notification)"
            left.extend(Left(p.mail, reason) for p in members)
            continue
        notice = members[start]
        left.extend(
            Left(p.mail, f"dated before the notification {notice.mail.message_id}")
            for p in members[:start]
        )
        named = (rules.ticket_in(p.mail.subject) for p in members)
        name = next((t for t in named if t), None) or notice.mail.message_id.strip("<>")
        threads.append(Thread(name, notice, tuple(members[start + 1 :])))
    threads.sort(key=lambda t: (t.notification.at, t.incident))
    return threads, left
