"""A clause that cannot give a date, as the API answers it: 422 not-computable, the
detail a message rendered in the reader's language."""

from __future__ import annotations

from datetime import date

from slaledger.adapters.api.problems import store_problem
from slaledger.adapters.i18n import english, render
from slaledger.domain.message import Day, msg
from slaledger.domain.obligations.model import ObligationError


def test_an_obligation_error_is_a_422_whose_detail_is_told_in_both_languages():
    day = Day(date(2024, 9, 30), pattern="d MMMM")
    error = ObligationError(
        "licence-period",
        "commercial.licence_periods[0]",
        msg("obligation.error.no-bracket", day=day),
    )
    problem = store_problem(error)
    assert (problem.status, problem.kind) == (422, "not-computable")
    assert english(problem.detail) == (
        "clause licence-period: no bracket of the licence period contains a subscription"
        " on 30 September"
    )
    assert render(problem.detail, "fr") == (
        "clause licence-period\u00a0: aucune tranche de la période de licence ne contient"
        " une souscription le 30 septembre"
    )
