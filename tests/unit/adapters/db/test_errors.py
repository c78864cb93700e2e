"""Store refusals carry a message: ``str(exc)`` is the English it always was, the
message renders in French for the API, the dashboard and the CLI (docs/i18n.md)."""

from __future__ import annotations

from slaledger.adapters.db.errors import (
    ContractRejected,
    CustomerChanged,
    ImportRefused,
    StoreError,
)
from slaledger.adapters.files.problems import Problem
from slaledger.adapters.i18n import english, render
from slaledger.domain.message import msg
from tests.language_words import foreign_sentences


def test_a_refusal_keeps_its_message_and_says_it_in_english() -> None:
    refusal = StoreError(msg("store.no-contract", key="acme"))
    assert str(refusal) == "no contract 'acme'"
    assert render(refusal.message, "fr") == "aucun contrat «\u00a0acme\u00a0»"


def test_a_plain_text_refusal_is_shown_as_it_is() -> None:
    refusal = StoreError("a refusal not converted yet")
    assert str(refusal) == refusal.message == "a refusal not converted yet"


def test_a_customer_change_reads_as_before_in_english_and_in_french() -> None:
    refusal = CustomerChanged("acme-2024", "Le Client", "Contoso AG")
    assert str(refusal) == (
        "contract acme-2024: the new version names the customer 'Contoso AG', its latest "
        "version 'Le Client'; confirm the change to store it "
        "(API: confirm_customer_change=true; CLI: --confirm-customer-change)"
    )
    french = render(refusal.message, "fr")
    assert french.startswith("contrat acme-2024\u00a0: la nouvelle version nomme le client")
    assert foreign_sentences([french], "fr") == []


def test_a_refused_import_lists_its_problems_one_a_line() -> None:
    problems = [
        Problem("fees.csv", "contract", msg("store.expected.stored-contract"), "'x'", row=2),
        Problem("fees.csv", "contract", msg("store.expected.stored-contract"), "'y'", row=3),
    ]
    refusal = ImportRefused(problems)
    assert str(refusal) == "\n".join(str(p) for p in problems)
    french = render(refusal.message, "fr").splitlines()
    assert len(french) == 2
    assert "attendu un contrat enregistré" in french[0]
    assert foreign_sentences(french, "fr") == []


def test_a_refused_contract_says_its_file_then_each_problem() -> None:
    problem = Problem("c.yaml", "id", "an identifier", "none", line=3)
    refusal = ContractRejected("c.yaml", problems=[problem])
    assert str(refusal) == f"contract c.yaml refused:\n{english(problem.message())}"
    assert render(refusal.message, "fr").startswith("contrat c.yaml refusé\u00a0:\n")
