"""The rules' classes checked against the contract they are for."""

from __future__ import annotations

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.yaml_source import load_yaml, load_yaml_text
from slaledger.adapters.ingest.mail.check import unknown_priority_classes
from slaledger.adapters.ingest.mail.rules import rules_from_document
from tests.mail_history import CONTRACT, RULES


def test_the_classes_of_001_and_their_names_are_known() -> None:
    contract = load_contract(CONTRACT).contract
    doc = load_yaml(RULES)
    assert unknown_priority_classes(doc, rules_from_document(doc), contract) == []
    text = "customer_domains: [c.example]\npriorities:\n  - {class: Critique, keywords: [x]}\n"
    named = load_yaml_text(text, "r.yaml")
    assert unknown_priority_classes(named, rules_from_document(named), contract) == []


def test_an_unknown_class_is_reported_at_its_line() -> None:
    contract = load_contract(CONTRACT).contract
    text = (
        "mail:\n  customer_domains: [c.example]\n  priorities:\n    - {class: P1, keywords: [x]}\n"
    )
    doc = load_yaml_text(text, "r.yaml")
    rules = rules_from_document(doc, ("mail",))
    problems = unknown_priority_classes(doc, rules, contract, ("mail",))
    assert [str(p) for p in problems] == [
        "r.yaml:4:15: mail.priorities[0].class: expected a class of saas-annexes (critical, "
        "important, minor, other, urgent) or its name, found 'P1'"
    ]
