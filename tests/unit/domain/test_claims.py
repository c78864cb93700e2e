"""Credit claims: which months may be claimed, until when, and what a decision may grant."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.i18n import english
from slaledger.domain.claims import (
    GRANT,
    REFUSE,
    ClaimRefusedError,
    ClaimState,
    Standing,
    check_claim,
    check_decision,
    claim_quote,
    needs_claim,
    standing,
)
from slaledger.domain.contract.credits import CreditSchedule
from slaledger.domain.credits import Credit, credit_for
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"
#: 001's claim deadline for February 2024: one month after 1 March 00:00 Paris
FEB_DEADLINE = datetime(2024, 3, 31, 22, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def saas() -> CreditSchedule:
    return load_contract(CONTRACTS / "001-saas-annexes.yaml").contract.credits[0]


@pytest.fixture(scope="module")
def ipfolio() -> CreditSchedule:
    return load_contract(CONTRACTS / "000-ipfolio.yaml").contract.credits[0]


def _saas_credit(schedule: CreditSchedule, percent: str) -> Credit:
    return credit_for(schedule, Fraction(percent), claim_deadline=FEB_DEADLINE)


def test_the_saas_annexes_ask_for_a_claim_and_ipfolio_grants_without_one(saas, ipfolio):
    assert needs_claim(saas)
    assert not needs_claim(ipfolio)


def test_a_claim_in_time_for_a_month_with_a_credit_passes(saas):
    blank_days = _saas_credit(saas, "99.92")  # tier reached, days left blank by the text
    check_claim(credit=blank_days, schedule=saas, month="2024-02", at=FEB_DEADLINE, existing=None)


@pytest.mark.parametrize(
    ("percent", "existing", "at", "found"),
    [
        # above every tier: nothing to claim
        ("99.99", None, FEB_DEADLINE, "above every credit tier"),
        # claimed already
        ("99.92", ClaimState.REQUESTED, FEB_DEADLINE, "2024-02 (requested)"),
        # one second after the deadline
        ("99.92", None, datetime(2024, 3, 31, 22, 0, 1, tzinfo=UTC), "after the deadline"),
    ],
)
def test_a_claim_is_refused_naming_the_month(saas, percent, existing, at, found):
    with pytest.raises(ClaimRefusedError) as refused:
        check_claim(
            credit=_saas_credit(saas, percent),
            schedule=saas,
            month="2024-02",
            at=at,
            existing=existing,
        )
    assert refused.value.problem.field == "month"
    assert found in refused.value.problem.found


def test_a_late_claim_quotes_the_clause_in_the_contracts_language(saas):
    with pytest.raises(ClaimRefusedError) as refused:
        check_claim(
            credit=_saas_credit(saas, "99.92"),
            schedule=saas,
            month="2024-02",
            at=datetime(2024, 4, 2, tzinfo=UTC),
            existing=None,
            language="fr",
        )
    expected = english(refused.value.problem.expected)
    assert "solliciter le Crédit de service au plus tard" in expected
    assert "2024-03-31T22:00:00+00:00" in expected
    assert "apply for the Service Credit" in claim_quote(saas, "en")


def test_a_credit_granted_without_a_claim_cannot_be_claimed(ipfolio):
    credit = credit_for(ipfolio, Fraction("98.88"))
    with pytest.raises(ClaimRefusedError, match="without a claim"):
        check_claim(
            credit=credit, schedule=ipfolio, month="2024-03", at=FEB_DEADLINE, existing=None
        )
    decision = check_decision(credit=credit, schedule=ipfolio, state=None, decision=GRANT)
    assert (decision.state, decision.granted, decision.partial) == (
        ClaimState.GRANTED,
        Decimal("25.00"),
        False,
    )


@pytest.mark.parametrize(
    ("state", "granted", "reason", "field"),
    [
        (None, Decimal(2), "", "claim"),  # 001 asks for a claim first
        (ClaimState.GRANTED, Decimal(2), "", "claim"),  # decided already
        (ClaimState.REQUESTED, None, "", "granted"),  # blank days: the value must be given
        (ClaimState.REQUESTED, Decimal(0), "", "granted"),
        (ClaimState.REQUESTED, Decimal(11), "", "granted"),  # above the 10-day cap
    ],
)
def test_a_grant_is_refused_naming_the_field(saas, state, granted, reason, field):
    with pytest.raises(ClaimRefusedError) as refused:
        check_decision(
            credit=_saas_credit(saas, "99.92"),
            schedule=saas,
            state=state,
            decision=GRANT,
            granted=granted,
            reason=reason,
        )
    assert refused.value.problem.field == field


def test_a_partial_grant_needs_a_reason_and_a_refusal_too(ipfolio):
    credit = credit_for(ipfolio, Fraction("98.88"))  # 25 %
    with pytest.raises(ClaimRefusedError) as refused:
        check_decision(
            credit=credit, schedule=ipfolio, state=None, decision=GRANT, granted=Decimal(10)
        )
    assert english(refused.value.problem.expected) == "the reason for a partial grant"
    with pytest.raises(ClaimRefusedError) as refused:
        check_decision(
            credit=credit, schedule=ipfolio, state=None, decision=GRANT, granted=Decimal(30)
        )
    assert english(refused.value.problem.expected).startswith("at most the 25.00 ")
    partial = check_decision(
        credit=credit,
        schedule=ipfolio,
        state=None,
        decision=GRANT,
        granted=Decimal(10),
        reason=" outage partly caused by the customer ",
    )
    assert (partial.granted, partial.partial, partial.reason) == (
        Decimal(10),
        True,
        "outage partly caused by the customer",
    )
    with pytest.raises(ClaimRefusedError) as refused:
        check_decision(credit=credit, schedule=ipfolio, state=None, decision=REFUSE)
    assert english(refused.value.problem.expected) == "the reason for the refusal"


def test_a_months_standing_follows_its_claim_and_deadline(saas, ipfolio):
    credit = _saas_credit(saas, "99.92")
    assert standing(credit, saas, None, FEB_DEADLINE) is Standing.OPEN
    late = datetime(2024, 4, 1, tzinfo=UTC)
    assert standing(credit, saas, None, late) is Standing.EXPIRED
    assert standing(credit, saas, ClaimState.REQUESTED, late) is Standing.REQUESTED
    assert standing(_saas_credit(saas, "99.99"), saas, None, late) is Standing.NOTHING
    automatic = credit_for(ipfolio, Fraction("98.88"))
    assert standing(automatic, ipfolio, None, late) is Standing.AUTOMATIC
