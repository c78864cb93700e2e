"""A new password: 12 characters at least, and none of the commonest."""

from __future__ import annotations

from slaledger.adapters.db.password_policy import password_problem
from slaledger.adapters.i18n import english, render


def test_a_short_password_is_refused_with_its_length() -> None:
    problem = password_problem("short-one")
    assert problem is not None
    assert "at least 12 characters, found 9" in english(problem)
    assert render(problem, "fr") == "mot de passe\u00a0: attendu au moins 12 caractères, trouvé 9"


def test_a_common_password_is_refused_whatever_its_case() -> None:
    for common in ("qwerty123456", "QWERTY123456", "LeaveMeAlone"):
        problem = password_problem(common)
        assert problem is not None, common
        assert "commonest passwords" in english(problem)


def test_a_long_uncommon_password_is_accepted() -> None:
    assert password_problem("a long enough password") is None
