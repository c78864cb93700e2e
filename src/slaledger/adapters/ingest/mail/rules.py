"""The e-mail rules: which messages open an incident, which follow one, and what they mean.

A YAML file (or, later, the ``mail:`` section of a helpdesk mapping file)::

    customer_domains: [client.example]        # senders who notify incidents
    provider_domains: [provider.example]      # senders whose replies are the provider's
    service: app                              # the events' service (optional)
    kind: incident                            # or request
    instant: received                         # default: customers' by their first Received
                                              # header, the provider's by Date; or date
    ticket_id: '\\b(INC-\\d{4}-\\d{4})\\b'    # a ticket id in a subject (group 1)
    notification:                             # a customer message that opens an incident
      subject: ['(?i)\\bincident\\b', '(?i)\\bpanne\\b']
    follow_up:                                # a reply, when its headers lost the thread
      subject: ['(?i)^\\s*(re|tr|fwd?|aw)\\s*:']
    priorities:                               # the first class with a keyword found wins
      - {class: critical, keywords: [critique, critical, bloquant, blocking]}
    events:                                   # in a follow-up (quoted text left out)
      - {event: acknowledged, from: provider}             # no keyword: the first reply
      - {event: restored, keywords: [rétabli, restored]}

Keywords match whole words, ignoring case and accents (``retabli`` finds ``rétabli``);
``patterns`` are Python regular expressions, searched as written. Errors name the file,
line and field (:func:`rules_from_document` takes a path prefix for a nested section).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from slaledger.adapters.files.calendar_file import problems_from_validation
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.yaml_source import YamlDocument, load_yaml
from slaledger.domain.incidents.log import ATTRIBUTIONS, EVENTS

Sender = Literal["customer", "provider", "any"]
#: events a follow-up may carry: 'notified' is the notification itself, and
#: 'classified' comes from the priority keywords
FOLLOW_UP_EVENTS = tuple(e for e in EVENTS if e not in ("notified", "classified"))
#: lines that start the quoted original in a reply, in French and English mail clients
DEFAULT_QUOTE_MARKERS = (
    r"^\s*>",
    r"^\s*-{2,}\s*(original message|message d'origine|message original)\s*-{2,}",
    r"^\s*(le|on)\s.+\s(a écrit|wrote)\s*:\s*$",
    r"^\s*(de|from)\s*:\s.+",
)
DEFAULT_REPLY_PREFIX = r"(?i)^\s*((re|tr|fw|fwd|aw|sv|réf|ref)\s*(\[\d+\])?\s*:\s*)+"


def _regex(text: str) -> str:
    try:
        re.compile(text)
    except re.error as exc:
        raise PydanticCustomError(
            "regex", "a Python regular expression, found {found}", {"found": f"'{text}' ({exc})"}
        ) from None
    return text


def _ticket_regex(text: str) -> str:
    compiled = re.compile(_regex(text))
    if compiled.groups < 1 and "id" not in compiled.groupindex:
        raise PydanticCustomError(
            "regex",
            "a regular expression with a group around the ticket id, found {found}",
            {"found": f"'{text}'"},
        )
    return text


def _domain(text: str) -> str:
    domain = text.strip().lower().lstrip("@")
    if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain):
        raise PydanticCustomError(
            "domain", "a mail domain such as client.example, found {found}", {"found": f"'{text}'"}
        )
    return domain


Regex = Annotated[str, AfterValidator(_regex)]
Domain = Annotated[str, AfterValidator(_domain)]


def fold(text: str) -> str:
    """Lower case without accents: how keywords are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Matcher(BaseModel):
    """Words or regular expressions looked for in a message's subject and/or new text."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    keywords: list[str] = Field(default_factory=list)
    patterns: list[Regex] = Field(default_factory=list)
    where: Literal["subject", "body", "both"] = "both"
    sender: Sender = Field(default="any", alias="from")

    @cached_property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.patterns)

    @cached_property
    def folded_keywords(self) -> tuple[re.Pattern[str], ...]:
        return tuple(
            re.compile(r"(?<!\w)" + re.escape(fold(k).strip()) + r"(?!\w)")
            for k in self.keywords
            if k.strip()
        )

    @property
    def matches_anything(self) -> bool:
        return not self.keywords and not self.patterns

    def found_in(self, subject: str, body: str) -> bool:
        """Whether a keyword or pattern appears where the rule looks."""
        if self.matches_anything:
            return True
        text = {"subject": subject, "body": body, "both": subject + "\n" + body}[self.where]
        folded = fold(text)
        return any(p.search(text) for p in self.compiled) or any(
            k.search(folded) for k in self.folded_keywords
        )


class PriorityRule(Matcher):
    #: the value of the 'classified' event: a class of the contract, or its name
    class_: str = Field(alias="class", min_length=1)

    @model_validator(mode="after")
    def _needs_a_word(self) -> PriorityRule:
        if self.matches_anything:
            raise PydanticCustomError(
                "keywords", "keywords or patterns for the class, found {found}", {"found": "none"}
            )
        return self


class EventRule(Matcher):
    event: Literal[FOLLOW_UP_EVENTS]  # type: ignore[valid-type]
    value: str | None = None

    @model_validator(mode="after")
    def _value_fits(self) -> EventRule:
        if self.event == "attributed" and self.value not in ATTRIBUTIONS:
            raise PydanticCustomError(
                "value",
                "for 'attributed', a value among {choices}, found {found}",
                {"choices": ", ".join(ATTRIBUTIONS), "found": repr(self.value)},
            )
        return self


class SubjectRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: regular expressions; none means any subject
    subject: list[Regex] = Field(default_factory=list)

    @cached_property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.subject)


class MailRules(BaseModel):
    """What the messages of a support mailbox mean, for one contract."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    customer_domains: list[Domain] = Field(min_length=1)
    provider_domains: list[Domain] = Field(default_factory=list)
    service: str | None = None
    kind: Literal["incident", "request"] = "incident"
    #: seeds 001 and 002 start an incident at "l'heure de réception par le Prestataire" /
    #: "the time of receipt by the Provider": the provider's server's Received header, not
    #: the sender's Date (docs/mail.md, "The instant")
    instant: Literal["date", "received"] = "received"
    ticket_id: Annotated[str, AfterValidator(_ticket_regex)] | None = None
    notification: SubjectRule = Field(default_factory=SubjectRule)
    follow_up: SubjectRule = Field(
        default_factory=lambda: SubjectRule(subject=[DEFAULT_REPLY_PREFIX])
    )
    quote_markers: list[Regex] = Field(default_factory=lambda: list(DEFAULT_QUOTE_MARKERS))
    priorities: list[PriorityRule] = Field(default_factory=list)
    events: list[EventRule] = Field(default_factory=list)

    @cached_property
    def ticket_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.ticket_id) if self.ticket_id else None

    @cached_property
    def quote_pattern(self) -> re.Pattern[str]:
        joined = "|".join(f"(?:{m})" for m in self.quote_markers) or r"(?!)"
        return re.compile(joined, re.IGNORECASE)

    def ticket_in(self, subject: str) -> str | None:
        """The ticket id a subject names, if the rules say how to find one."""
        pattern = self.ticket_pattern
        match = pattern.search(subject) if pattern else None
        if match is None:
            return None
        return match.group("id") if "id" in match.re.groupindex else match.group(1)

    def role_of(self, domain: str | None) -> Literal["customer", "provider"] | None:
        """Whose message it is, by the sender's domain (or a subdomain of it)."""
        if not domain:
            return None
        for role, domains in (("provider", self.provider_domains),
                              ("customer", self.customer_domains)):  # fmt: skip
            if any(domain == d or domain.endswith("." + d) for d in domains):
                return role  # type: ignore[return-value]
        return None

    def is_notification(self, subject: str) -> bool:
        rules = self.notification.compiled
        return not rules or any(p.search(subject) for p in rules)

    def is_reply(self, subject: str) -> bool:
        return any(p.search(subject) for p in self.follow_up.compiled)

    def thread_subject(self, subject: str) -> str:
        """The subject without reply prefixes, ticket id and spacing: the same for a
        notification and its replies."""
        text = subject
        for pattern in self.follow_up.compiled:
            text = pattern.sub("", text)
        if self.ticket_pattern is not None:
            text = self.ticket_pattern.sub("", text)
        text = re.sub(r"[\[\]()]\s*[\[\]()]", " ", text)
        return " ".join(fold(text).split())


def rules_from_document(doc: YamlDocument, prefix: tuple[Any, ...] = ()) -> MailRules:
    """The rules in a parsed YAML document (at ``prefix`` when nested), or an InputError
    naming each problem's line and field."""
    data: Any = doc.data
    for part in prefix:
        data = data.get(part) if isinstance(data, dict) else None
    if not isinstance(data, dict):
        raise InputError([doc.problem(prefix, "a mapping of e-mail rules", data)])
    try:
        return MailRules.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(doc, exc, prefix)) from None


def load_mail_rules(path: str | Path) -> MailRules:
    """Read the e-mail rules file."""
    return rules_from_document(load_yaml(path))
