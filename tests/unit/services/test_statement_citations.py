"""What a statement cites: the clauses behind its figures with their words, its number,
and parties a reader can tell apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.bootstrap import contract_calendars
from slaledger.domain.contract.parties import Amendment
from slaledger.domain.periods import Month
from slaledger.services.statement_citations import (
    cited_ids,
    file_version,
    is_generic_name,
    party_lines,
    statement_number,
)
from slaledger.services.statements import build_statement
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
MARCH = Month(2024, 3)


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("Le Client", True),  # 001, 003
        ("le client", True),  # 004
        ("Le client (« vous »)", True),  # 000: the aside says nothing more
        ("The Customer", True),  # 002
        ("LEFEBVRE DALLOZ LOGICIELS (LDL)", False),
        ("Client Industries SAS", False),  # a name that starts with the role word
    ],
)
def test_a_name_that_only_says_the_role_is_generic(name: str, generic: bool) -> None:
    assert is_generic_name(name) is generic


def test_the_statement_number_is_the_contract_the_month_and_the_version() -> None:
    contract = load_contract(CONTRACTS / "003-previsoft.yaml").contract
    assert statement_number(contract, MARCH, 1) == "PREVISOFT-CGV-2024-03-v1"
    assert statement_number(contract, Month(2025, 1), 4) == "PREVISOFT-CGV-2025-01-v4"


def test_a_file_contract_version_counts_the_amendments_dated_by_the_month_end() -> None:
    contract = load_contract(CONTRACTS / "003-previsoft.yaml").contract
    assert file_version(contract, MARCH) == 1
    amended = replace(contract, amendments=(Amendment("a1", date(2024, 3, 31), "Avenant 1"),))
    assert file_version(amended, Month(2024, 2)) == 1
    assert file_version(amended, MARCH) == 2  # dated on the month's last day


def test_two_statements_of_the_same_terms_and_month_have_the_same_number() -> None:
    loaded = load_contract(CONTRACTS / "001-saas-annexes.yaml")
    first = build_statement(
        loaded_contract=loaded, calendars=contract_calendars(loaded.contract), month=MARCH
    )
    second = build_statement(
        loaded_contract=loaded, calendars=contract_calendars(loaded.contract), month="2024-03"
    )
    assert first.number == second.number == "SAAS-ANNEXES-2024-03-v1"
    assert build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        version=3,
    ).number.endswith("-v3")


def test_a_file_statement_is_issued_on_its_figures_day_and_not_anchored() -> None:
    loaded = load_contract(CONTRACTS / "001-saas-annexes.yaml")
    statement = build_statement(
        loaded_contract=loaded, calendars=contract_calendars(loaded.contract), month=MARCH
    )
    assert statement.issued == date(2024, 4, 1)  # the month ends on 1 April, 00:00
    assert statement.anchor is None
    chosen = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        issued=date(2024, 4, 3),
    )
    assert chosen.issued == date(2024, 4, 3)


def test_the_customer_party_keeps_its_details_and_the_account_beside_it() -> None:
    contract = load_contract(CONTRACTS / "004-imri.yaml").contract
    provider, customer = party_lines(contract, "Cabinet Martin SARL")
    assert provider.details
    assert "RCS Créteil" in provider.details
    assert provider.account is None  # the account is the customer's
    assert (customer.name, customer.account, customer.generic) == (
        "le client",
        "Cabinet Martin SARL",
        True,
    )
    # an account named as the party (the store's default) adds nothing
    assert party_lines(contract, "le client")[1].account is None


def test_every_figure_cites_a_clause_the_statement_quotes() -> None:
    loaded = load_contract(CONTRACTS / "001-saas-annexes.yaml")
    folder = ROOT / "examples" / "data" / "001-saas-annexes"
    statement = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        events=read_events(folder / "events.csv"),
    )
    ids = cited_ids(statement)
    assert {"availability", "service-credits", "take-into-account", "diagnosis"} <= set(ids)
    quoted = {c.clause: c for c in statement.clauses}
    assert set(ids) <= set(quoted)  # every id the contract knows is quoted
    availability = quoted["availability"]
    assert availability.sources[0].article == "1.1"
    languages = {q.language for q in availability.sources[0].quotes}
    assert languages == {"en", "fr"}  # 001 gives both versions
    french = next(q.text for q in availability.sources[0].quotes if q.language == "fr")
    assert "99,95" in french
    assert "\n" not in french  # the file's folded lines read as one text
    assert availability.interpretation  # the provider's statement reads it


def test_a_customer_statement_carries_no_interpretation() -> None:
    loaded = load_contract(CONTRACTS / "001-saas-annexes.yaml")
    provider = build_statement(
        loaded_contract=loaded, calendars=contract_calendars(loaded.contract), month=MARCH
    )
    customer = build_statement(
        loaded_contract=loaded,
        calendars=contract_calendars(loaded.contract),
        month=MARCH,
        audience="customer",
    )
    assert any(c.interpretation for c in provider.clauses)
    assert [c.interpretation for c in customer.clauses] == [None] * len(customer.clauses)
    assert [c.sources for c in customer.clauses][: len(customer.clauses)] == [
        c.sources for c in provider.clauses if c.clause in {x.clause for x in customer.clauses}
    ]
