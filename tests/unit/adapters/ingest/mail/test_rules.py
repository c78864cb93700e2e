"""The e-mail rules file: what it accepts, and errors that name the line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.files.yaml_source import load_yaml_text
from slaledger.adapters.ingest.mail.rules import (
    MailRules,
    fold,
    load_mail_rules,
    rules_from_document,
)
from tests.mail_history import RULES


def _problems(text: str, prefix: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(InputError) as refused:
        rules_from_document(load_yaml_text(text, "rules.yaml"), prefix)
    return [str(p) for p in refused.value.problems]


def test_the_example_rules_of_001_load() -> None:
    rules = load_mail_rules(RULES)
    assert rules.customer_domains == ["client.example"]
    assert [p.class_ for p in rules.priorities] == ["critical", "urgent", "important", "minor"]
    assert rules.events[0].event == "acknowledged"
    assert rules.events[0].sender == "provider"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a regular expression that does not compile
        (
            "customer_domains: [client.example]\nnotification:\n  subject: ['(unclosed']\n",
            "rules.yaml:3:13: notification.subject[0]: expected a Python regular expression, "
            "found '(unclosed' (missing ), unterminated subpattern at position 0)",
        ),
        # an event name the log does not know
        (
            "customer_domains: [client.example]\nevents:\n  - {event: fixed, from: provider}\n",
            "rules.yaml:3:13: events[0].event: expected 'acknowledged', 'diagnosed', ",
        ),
        # 'attributed' without whom to
        (
            "customer_domains: [client.example]\nevents:\n  - {event: attributed}\n",
            "rules.yaml:3:5: events[0]: expected for 'attributed', a value among provider, "
            "customer, third-party, force-majeure, found None",
        ),
        # no customer domain at all
        ("customer_domains: []\n", "rules.yaml:1:19: customer_domains: expected "),
        # a domain that is an address
        (
            "customer_domains: [marie@client.example]\n",
            "rules.yaml:1:20: customer_domains[0]: expected a mail domain such as "
            "client.example, found 'marie@client.example'",
        ),
        # a key the format does not have (a typo is not ignored)
        (
            "customer_domains: [client.example]\npriorites: []\n",
            "rules.yaml:2:12: priorites: expected only known fields, found unknown field "
            "'priorites'",
        ),
        # a priority with nothing to look for
        (
            "customer_domains: [client.example]\npriorities:\n  - {class: critical}\n",
            "rules.yaml:3:5: priorities[0]: expected keywords or patterns for the class, "
            "found none",
        ),
        # a ticket pattern without the group that holds the id
        (
            "customer_domains: [client.example]\nticket_id: 'INC-\\d+'\n",
            "rules.yaml:2:12: ticket_id: expected a regular expression with a group around "
            "the ticket id, found 'INC-\\d+'",
        ),
    ],
)
def test_a_bad_rule_is_named_by_line_and_field(text: str, expected: str) -> None:
    problems = _problems(text)
    assert len(problems) == 1
    assert problems[0].startswith(expected), problems[0]


def test_the_rules_can_be_a_section_of_a_larger_file() -> None:
    text = "helpdesk: {}\nmail:\n  customer_domains: [client.example]\n  kind: requests\n"
    problems = _problems(text, ("mail",))
    assert problems == [
        "rules.yaml:4:9: mail.kind: expected 'incident' or 'request', found 'requests'"
    ]
    rules = rules_from_document(
        load_yaml_text("mail:\n  customer_domains: [client.example]\n", "m.yaml"), ("mail",)
    )
    assert rules.kind == "incident"


def test_a_missing_section_is_named() -> None:
    assert _problems("helpdesk: {}\n", ("mail",)) == [
        "rules.yaml:1:1: mail: expected a mapping of e-mail rules, found nothing"
    ]


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_mail_rules(tmp_path / "none.yaml")


def test_keywords_match_whole_words_whatever_the_case_and_accents() -> None:
    rules = MailRules.model_validate(
        {
            "customer_domains": ["client.example"],
            "events": [{"event": "restored", "keywords": ["rétabli"]}],
        }
    )
    rule = rules.events[0]
    assert rule.found_in("Service RETABLI", "")
    assert rule.found_in("", "le service est rétabli.")
    assert not rule.found_in("", "le service sera rétablissement")  # not a whole word
    assert fold("Clôturé") == "cloture"


def test_where_and_patterns_restrict_the_search() -> None:
    rules = MailRules.model_validate(
        {
            "customer_domains": ["client.example"],
            "events": [{"event": "diagnosed", "patterns": ["Diagnostic :"], "where": "body"}],
        }
    )
    rule = rules.events[0]
    assert rule.found_in("", "Diagnostic : disque plein")
    assert not rule.found_in("Diagnostic : disque plein", "")
    assert not rule.found_in("", "diagnostic : disque plein")  # patterns are as written


def test_senders_are_known_by_domain_or_subdomain() -> None:
    rules = MailRules.model_validate(
        {"customer_domains": ["client.example"], "provider_domains": ["@Provider.Example"]}
    )
    assert rules.role_of("client.example") == "customer"
    assert rules.role_of("paris.client.example") == "customer"
    assert rules.role_of("helpdesk.provider.example") == "provider"
    assert rules.role_of("notclient.example") is None
    assert rules.role_of(None) is None


def test_the_thread_subject_drops_reply_prefixes_and_the_ticket_id() -> None:
    rules = load_mail_rules(RULES)
    original = rules.thread_subject("Incident : lenteurs sur la recherche")
    assert rules.thread_subject("RE: TR: [INC-2024-0105] Incident : lenteurs sur la recherche") == (
        original
    )
    assert rules.ticket_in("RE: [INC-2024-0105] x") == "INC-2024-0105"
    assert rules.ticket_in("no ticket") is None
